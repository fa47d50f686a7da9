/**
 * `keyhold serve`: the KMIP server. It is built in the server issue; until it lands this command
 * says so and exits with ExitCode.Unavailable rather than pretending to serve.
 */
import type { Command } from 'commander';
import { CliError, ExitCode } from '../errors.js';

/** Registers `serve`. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the KMIP server (not yet available in this build)')
    .allowUnknownOption(true)
    .action(() => {
      throw new CliError(
        'the KMIP server is not part of this build yet (it arrives with the server milestone); `keyhold ttlv` works today',
        ExitCode.Unavailable,
      );
    });
}
