/**
 * Exit codes of the `keyhold` command, which scripts may rely on, and the one-line error report.
 */
import { isTtlvError } from '@keyhold/protocol';
import { KmipClientError, KmipOperationError, operationName } from '@keyhold/client';

/** Process exit codes. */
export const ExitCode = {
  /** Success. */
  Ok: 0,
  /** The input could not be read, parsed or converted (the message says where). */
  BadInput: 1,
  /** The command line itself is wrong (unknown option, missing argument, an attribute or value the protocol version does not define). */
  Usage: 2,
  /** The requested function is not available in this build. */
  Unavailable: 3,
  /** The KMIP server answered with a failure (the message names its Result Reason). */
  KmipFailure: 4,
  /** No usable connection to the KMIP server (refused, TLS failure, timeout, closed). */
  Connection: 5,
  /** `keyhold verify`: the signature is not valid (or the server could not tell). */
  InvalidSignature: 6,
  /** An unexpected internal failure (a bug: please report it). */
  Internal: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A failure the CLI reports in one sentence and exits with `exitCode`. */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly exitCode: ExitCode;
  constructor(message: string, exitCode: ExitCode = ExitCode.BadInput) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** One line for stderr and the exit code for any thrown value. */
export function describeFailure(err: unknown): { line: string; exitCode: ExitCode } {
  if (err instanceof CliError) return { line: err.message, exitCode: err.exitCode };
  if (err instanceof KmipOperationError) {
    const msg = err.resultMessage ? `: ${err.resultMessage}` : '';
    return { line: `the server refused ${operationName(err.operation)} with Result Reason ${err.resultReasonName}${msg}`, exitCode: ExitCode.KmipFailure };
  }
  if (err instanceof KmipClientError) return { line: `${err.message} [${err.code}]`, exitCode: err.code === 'KMIP_CLIENT_VERSION_MISMATCH' ? ExitCode.Usage : ExitCode.Connection };
  if (isTtlvError(err)) return { line: `${err.message} [${err.code}]`, exitCode: ExitCode.BadInput };
  if (err instanceof Error && 'code' in err && (err as { code?: unknown }).code === 'ENOENT') {
    return { line: err.message.replace(/^ENOENT: /, ''), exitCode: ExitCode.BadInput };
  }
  const detail = err instanceof Error ? err.message : String(err);
  return { line: `internal error: ${detail}`, exitCode: ExitCode.Internal };
}
