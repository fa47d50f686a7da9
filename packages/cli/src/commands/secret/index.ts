/**
 * `keyhold secret put --name N [--in FILE|-]` (Register of Secret Data, type Password, Opaque
 * key format [KMIP 2.1 §6.1.43]; prints the new id) and `keyhold secret get ID [--out FILE]`
 * (Get; the secret's raw bytes on standard output or to a file with mode 0600).
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { attribute, KeyFormatType, NameType, ObjectType, SecretDataType } from '@keyhold/protocol';
import { readInput, writeOutput } from '../../io.js';
import { printJson, withClient, withConnection, type ConnectionFlags } from '../connection.js';
import { materialOf } from '../key/get.js';

interface PutFlags extends ConnectionFlags {
  name: string;
  in?: string;
}

interface GetFlags extends ConnectionFlags {
  out?: string;
}

/** Registers `secret` and its verbs. */
export function registerSecret(program: Command): void {
  const secret = program.command('secret').description('store and fetch secret data (passwords, tokens) on a KMIP server');
  withConnection(secret.command('put').description('register secret data read from a file or standard input; prints its id'))
    .requiredOption('--name <name>', 'Name attribute of the secret')
    .option('--in <file>', 'input file, or - for standard input (the default)')
    .action(async (flags: PutFlags) => {
      const bytes = await readInput(flags.in);
      const res = await withClient(flags, (c) =>
        c.register({
          objectType: ObjectType.SecretData,
          attributes: { attribute: [attribute('Name', { nameValue: flags.name, nameType: NameType.UninterpretedTextString })] },
          object: { objectType: ObjectType.SecretData, secretDataType: SecretDataType.Password, keyBlock: { keyFormatType: KeyFormatType.Opaque, keyValue: { keyMaterial: bytes } } },
        }),
      );
      if (flags.json) await printJson({ id: res.uniqueIdentifier });
      else await writeOutput(`${String(res.uniqueIdentifier)}\n`);
    });
  withConnection(secret.command('get').description('write the bytes of secret data to standard output or a file').argument('<id>', 'Unique Identifier'))
    .option('--out <file>', 'write to this file (mode 0600) instead of standard output')
    .action(async (id: string, flags: GetFlags) => {
      const res = await withClient(flags, (c) => c.get({ uniqueIdentifier: id }));
      const bytes = materialOf(res);
      if (flags.out !== undefined) await writeFile(flags.out, bytes, { mode: 0o600 });
      if (flags.json) await printJson({ id: res.uniqueIdentifier, ...(flags.out === undefined ? { value: Buffer.from(bytes).toString('hex') } : { out: flags.out }) });
      else if (flags.out === undefined) await writeOutput(bytes);
    });
}
