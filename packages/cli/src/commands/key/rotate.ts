/**
 * `keyhold key rotate ID [--offset SECONDS]`: Re-key [KMIP 2.1 §6.1.46] — a replacement for a
 * symmetric key, with its attributes and Names (the old key keeps its state and links to the new
 * one); prints the new key's Unique Identifier. `--offset` makes the new key active that many
 * seconds after its creation (its other dates keep their distance to the Activation Date).
 */
import type { Command } from 'commander';
import { printJson, withClient, withConnection, type ConnectionFlags } from '../connection.js';
import { writeOutput } from '../../io.js';
import { CliError, ExitCode } from '../../errors.js';

interface Flags extends ConnectionFlags {
  offset?: string;
}

/** The largest KMIP Interval (an unsigned 32-bit number of seconds). */
const MAX_INTERVAL = 0xffff_ffff;

/** Parses `--offset`: whole seconds between 0 and 2^32-1 (a KMIP Interval). */
export function parseOffset(s: string): number {
  const n = Number(s);
  if (s.trim() === '' || !Number.isInteger(n) || n < 0 || n > MAX_INTERVAL) {
    throw new CliError(`--offset must be a whole number of seconds between 0 and ${MAX_INTERVAL}, not "${s}"`, ExitCode.Usage);
  }
  return n;
}

/** Registers `key rotate`. */
export function registerKeyRotate(key: Command): void {
  withConnection(key.command('rotate').description('replace a symmetric key by a new one (Re-key) and print the new id').argument('<id>', 'Unique Identifier of the key to replace'))
    .option('--offset <seconds>', 'activate the new key this many seconds after its creation (default: copy the old dates)')
    .action(async (id: string, flags: Flags) => {
      const offset = flags.offset === undefined ? undefined : parseOffset(flags.offset);
      const res = await withClient(flags, (c) => c.reKey({ uniqueIdentifier: id, ...(offset !== undefined ? { offset } : {}) }));
      if (flags.json) await printJson({ id: res.uniqueIdentifier, replaces: id });
      else await writeOutput(`${String(res.uniqueIdentifier)}\n`);
    });
}
