/**
 * The `keyhold` command line: the program and its command table.
 */
import { Command, CommanderError } from 'commander';
import { registerAttributes } from './commands/attributes/index.js';
import { registerCert } from './commands/cert/index.js';
import { registerKey } from './commands/key/index.js';
import { registerKeyPair } from './commands/key-pair/index.js';
import { registerCompletion } from './commands/completion.js';
import { registerCrypto } from './commands/crypto/index.js';
import { registerSecret } from './commands/secret/index.js';
import { registerSplit } from './commands/split.js';
import { registerJoin } from './commands/join.js';
import { registerPing } from './commands/ping.js';
import { registerQuery } from './commands/query.js';
import { registerServe } from './commands/serve.js';
import { registerTtlv } from './commands/ttlv/index.js';
import { describeFailure, ExitCode } from './errors.js';

/** Version of the CLI package. */
export const VERSION = '0.1.0';

/** Builds the program (a fresh instance per call, so tests can run it in-process). */
export function createProgram(): Command {
  const program = new Command('keyhold')
    .description('Keyhold — KMIP tools, client and server')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerTtlv(program);
  registerServe(program);
  registerKey(program);
  registerKeyPair(program);
  registerAttributes(program);
  registerQuery(program);
  registerPing(program);
  registerCrypto(program);
  registerSecret(program);
  registerSplit(program);
  registerJoin(program);
  registerCert(program);
  registerCompletion(program);
  return program;
}

/** Parses `argv` and runs; resolves to the process exit code. */
export async function run(argv: readonly string[]): Promise<ExitCode> {
  const program = createProgram();
  try {
    await program.parseAsync(argv as string[]);
    return ExitCode.Ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are successful exits; everything else commander rejects is usage.
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0) return ExitCode.Ok;
      return ExitCode.Usage;
    }
    const { line, exitCode } = describeFailure(err);
    process.stderr.write(`keyhold: ${line}\n`);
    return exitCode;
  }
}
