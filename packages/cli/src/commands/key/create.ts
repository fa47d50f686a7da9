/**
 * `keyhold key create --alg aes --length 256 --name NAME`: Create a symmetric key [KMIP 2.1
 * §6.1.8]; prints the new Unique Identifier. `--activate` sends an Activation Date of now with
 * the Create, so the key is Active (usable for protection) from the one request.
 */
import type { Command } from 'commander';
import { attribute, CryptographicAlgorithm, CryptographicUsageMask, NameType, ObjectType, type Attribute } from '@keyhold/protocol';
import { enumFromName, printJson, withClient, withConnection, type ConnectionFlags } from '../connection.js';
import { writeOutput } from '../../io.js';
import { CliError, ExitCode } from '../../errors.js';

interface Flags extends ConnectionFlags {
  alg: string;
  length: string;
  name?: string;
  usage: string;
  activate?: boolean;
}

/** The Activation Date attribute for "active from now" (seconds since the epoch). */
export function activationNow(): Attribute {
  return attribute('Activation Date', BigInt(Math.floor(Date.now() / 1000)));
}

/** Parses a comma-separated list of Cryptographic Usage Mask names into the mask. */
export function parseUsage(list: string): number {
  return list.split(',').reduce((m, s) => m | enumFromName(CryptographicUsageMask, s.trim(), 'usage'), 0);
}

/** Parses a positive bit length. */
export function parseLength(s: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n <= 0) throw new CliError(`--length must be a positive number of bits, not "${s}"`, ExitCode.Usage);
  return n;
}

/** Registers `key create`. */
export function registerKeyCreate(key: Command): void {
  withConnection(key.command('create').description('create a symmetric key and print its id'))
    .requiredOption('--alg <algorithm>', 'cryptographic algorithm (aes, triple-des, hmac-sha256, …)')
    .requiredOption('--length <bits>', 'key length in bits')
    .option('--name <name>', 'Name attribute')
    .option('--usage <list>', 'usage mask names, comma-separated', 'encrypt,decrypt')
    .option('--activate', 'make the key Active at once (Activation Date now); otherwise it is Pre-Active until `key activate`')
    .action(async (flags: Flags) => {
      const attrs: Attribute[] = [
        attribute('Cryptographic Algorithm', enumFromName(CryptographicAlgorithm, flags.alg, 'algorithm')),
        attribute('Cryptographic Length', parseLength(flags.length)),
        attribute('Cryptographic Usage Mask', parseUsage(flags.usage)),
      ];
      if (flags.name !== undefined) attrs.push(attribute('Name', { nameValue: flags.name, nameType: NameType.UninterpretedTextString }));
      if (flags.activate === true) attrs.push(activationNow());
      const res = await withClient(flags, (c) => c.create({ objectType: ObjectType.SymmetricKey, attributes: { attribute: attrs } }));
      if (flags.json) await printJson({ id: res.uniqueIdentifier });
      else await writeOutput(`${String(res.uniqueIdentifier)}\n`);
    });
}
