/**
 * `keyhold key-pair create --alg rsa --length 2048 [--name N]`: Create Key Pair [KMIP 2.1
 * §6.1.9]; prints the private and the public key's Unique Identifiers. `--activate` makes both
 * Active at once (an Activation Date of now among the common attributes).
 */
import type { Command } from 'commander';
import { attribute, CryptographicAlgorithm, NameType, type Attribute } from '@keyhold/protocol';
import { enumFromName, printJson, withClient, withConnection, type ConnectionFlags } from '../connection.js';
import { activationNow, parseLength, parseUsage } from '../key/create.js';
import { writeOutput } from '../../io.js';

interface Flags extends ConnectionFlags {
  alg: string;
  length: string;
  name?: string;
  privateUsage: string;
  publicUsage: string;
  activate?: boolean;
}

/** Registers `key-pair create`. */
export function registerKeyPairCreate(keyPair: Command): void {
  withConnection(keyPair.command('create').description('create a key pair and print the private and public key ids'))
    .requiredOption('--alg <algorithm>', 'rsa, ec, …')
    .requiredOption('--length <bits>', 'key length in bits (for EC: the curve size)')
    .option('--name <name>', 'Name of the private key (the public key gets NAME.pub)')
    .option('--private-usage <list>', 'private key usage mask names', 'sign')
    .option('--public-usage <list>', 'public key usage mask names', 'verify')
    .option('--activate', 'make both keys Active at once (Activation Date now); otherwise they are Pre-Active until `key activate`')
    .action(async (flags: Flags) => {
      const common: Attribute[] = [
        attribute('Cryptographic Algorithm', enumFromName(CryptographicAlgorithm, flags.alg, 'algorithm')),
        attribute('Cryptographic Length', parseLength(flags.length)),
      ];
      if (flags.activate === true) common.push(activationNow());
      const priv: Attribute[] = [attribute('Cryptographic Usage Mask', parseUsage(flags.privateUsage))];
      const pub: Attribute[] = [attribute('Cryptographic Usage Mask', parseUsage(flags.publicUsage))];
      if (flags.name !== undefined) {
        priv.push(attribute('Name', { nameValue: flags.name, nameType: NameType.UninterpretedTextString }));
        pub.push(attribute('Name', { nameValue: `${flags.name}.pub`, nameType: NameType.UninterpretedTextString }));
      }
      const res = await withClient(flags, (c) =>
        c.createKeyPair({ commonAttributes: { attribute: common }, privateKeyAttributes: { attribute: priv }, publicKeyAttributes: { attribute: pub } }),
      );
      if (flags.json) await printJson({ privateKeyId: res.privateKeyUniqueIdentifier, publicKeyId: res.publicKeyUniqueIdentifier });
      else await writeOutput(`private ${String(res.privateKeyUniqueIdentifier)}\npublic  ${String(res.publicKeyUniqueIdentifier)}\n`);
    });
}
