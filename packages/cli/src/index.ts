/** The `keyhold` command line as a library (for tests and embedding). */
export { createProgram, run, VERSION } from './program.js';
export { CliError, ExitCode } from './errors.js';
