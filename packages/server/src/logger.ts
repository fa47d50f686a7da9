/**
 * Structured logging for the server: pino, JSON lines on stdout by default.
 *
 * What is never logged: message bytes, key material, certificate private keys. Connection logs
 * carry the principal, the remote address and counters only.
 */
import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger } from 'pino';

/** Log levels accepted in the configuration, from the most to the least verbose. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Minimum level written; default `info`. */
  readonly level?: LogLevel;
  /** Where the JSON lines go; default standard output. */
  readonly destination?: DestinationStream;
}

/** The server's root logger (`name: "keyhold"`). */
export function createLogger(options: LoggerOptions = {}): Logger {
  const opts = { name: 'keyhold', level: options.level ?? 'info' };
  return options.destination === undefined ? pino(opts) : pino(opts, options.destination);
}

/** A logger that writes nothing (tests, library use without logs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
