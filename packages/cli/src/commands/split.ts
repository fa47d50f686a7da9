/**
 * `keyhold split <key-id> --parts N --threshold K [--method xor|gf16|prime|gf8] [--prime P]`:
 * Create Split Key [KMIP 1.2 §4.38, 2.1 §6.1.10] — splits a Symmetric Key or Secret Data held by
 * the server into N Split Key objects, any K of which `keyhold join` makes whole again; prints the
 * part ids in Key Part Identifier order, one per line (`--json`: `{"ids": […]}`).
 * XOR needs every part (K = N, the default for it); GF(2^8) is KMIP 1.2 and later.
 */
import { Option, type Command } from 'commander';
import { ObjectType, SplitKeyMethod } from '@keyhold/protocol';
import { CliError, ExitCode } from '../errors.js';
import { writeOutput } from '../io.js';
import { printJson, withClient, withConnection, type ConnectionFlags } from './connection.js';

/** The `--method` names and their Split Key Methods. */
export const SPLIT_METHODS: Readonly<Record<string, SplitKeyMethod>> = {
  xor: SplitKeyMethod.XOR,
  gf16: SplitKeyMethod.PolynomialSharingGF2_16,
  prime: SplitKeyMethod.PolynomialSharingPrimeField,
  gf8: SplitKeyMethod.PolynomialSharingGF2_8,
};

interface Flags extends ConnectionFlags {
  parts: string;
  threshold?: string;
  method: string;
  prime?: string;
}

function count(s: string, what: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`${what} must be a positive whole number, not "${s}"`, ExitCode.Usage);
  return n;
}

function parsePrime(s: string): bigint {
  try {
    const p = BigInt(s);
    if (p > 1n) return p;
  } catch {
    // not a number: reported below
  }
  throw new CliError(`--prime must be a whole number above 1 (decimal or 0x hex), not "${s}"`, ExitCode.Usage);
}

/** Registers `split`. */
export function registerSplit(program: Command): void {
  withConnection(program.command('split').description('split a key into parts (Create Split Key); prints the part ids').argument('<key-id>', 'Unique Identifier of the key'))
    .requiredOption('--parts <n>', 'number of parts')
    .option('--threshold <k>', 'parts needed to join (default: all parts for xor)')
    .addOption(new Option('--method <method>', 'split method').choices(Object.keys(SPLIT_METHODS)).default('gf8'))
    .option('--prime <p>', 'Prime Field Size for --method prime (default: the server picks the smallest prime above 2^keybits)')
    .action(async (id: string, flags: Flags) => {
      const method = SPLIT_METHODS[flags.method] as SplitKeyMethod;
      const parts = count(flags.parts, '--parts');
      if (flags.threshold === undefined && method !== SplitKeyMethod.XOR) throw new CliError('--threshold is required (except with --method xor)', ExitCode.Usage);
      const threshold = flags.threshold === undefined ? parts : count(flags.threshold, '--threshold');
      if (flags.prime !== undefined && method !== SplitKeyMethod.PolynomialSharingPrimeField) throw new CliError('--prime goes with --method prime', ExitCode.Usage);
      const res = await withClient(flags, (c) =>
        c.createSplitKey({
          objectType: ObjectType.SplitKey,
          uniqueIdentifier: id,
          splitKeyParts: parts,
          splitKeyThreshold: threshold,
          splitKeyMethod: method,
          ...(flags.prime === undefined ? {} : { primeFieldSize: parsePrime(flags.prime) }),
          attributes: { attribute: [] },
        }),
      );
      const ids = (res.uniqueIdentifier ?? []).map(String);
      if (flags.json) await printJson({ ids });
      else await writeOutput(ids.map((u) => `${u}\n`).join(''));
    });
}
