/**
 * `keyhold key create --alg aes --length 256 --name NAME`: Create a symmetric key [KMIP 2.1
 * §6.1.8]; prints the new Unique Identifier.
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
    .action(async (flags: Flags) => {
      const attrs: Attribute[] = [
        attribute('Cryptographic Algorithm', enumFromName(CryptographicAlgorithm, flags.alg, 'algorithm')),
        attribute('Cryptographic Length', parseLength(flags.length)),
        attribute('Cryptographic Usage Mask', parseUsage(flags.usage)),
      ];
      if (flags.name !== undefined) attrs.push(attribute('Name', { nameValue: flags.name, nameType: NameType.UninterpretedTextString }));
      const res = await withClient(flags, (c) => c.create({ objectType: ObjectType.SymmetricKey, attributes: { attribute: attrs } }));
      if (flags.json) await printJson({ id: res.uniqueIdentifier });
      else await writeOutput(`${String(res.uniqueIdentifier)}\n`);
    });
}
