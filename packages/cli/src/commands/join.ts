/**
 * `keyhold join <part-id>... [--type symmetric-key|secret-data] [--secret-type T] [--alg A]
 * [--name N]`: Join Split Key [KMIP 1.2 §4.39, 2.1 §6.1.27] — combines at least the threshold
 * number of parts made by `keyhold split` (or registered) into a new Symmetric Key (default) or
 * Secret Data on the server; prints the new id (`--json`: `{"id": …}`). The algorithm comes from
 * the parts; `--alg` names it for parts that do not carry one.
 */
import { Option, type Command } from 'commander';
import { attribute, CryptographicAlgorithm, NameType, ObjectType, SecretDataType, type Attribute } from '@keyhold/protocol';
import { CliError, ExitCode } from '../errors.js';
import { writeOutput } from '../io.js';
import { enumFromName, printJson, withClient, withConnection, type ConnectionFlags } from './connection.js';

/** The `--type` names and the Object Types they form. */
export const JOIN_TYPES: Readonly<Record<string, ObjectType>> = {
  'symmetric-key': ObjectType.SymmetricKey,
  'secret-data': ObjectType.SecretData,
};

interface Flags extends ConnectionFlags {
  type: string;
  secretType?: string;
  alg?: string;
  name?: string;
}

/** Registers `join`. */
export function registerJoin(program: Command): void {
  withConnection(program.command('join').description('join split key parts into a new key (Join Split Key); prints its id').argument('<part-id...>', 'Unique Identifiers of the parts'))
    .addOption(new Option('--type <type>', 'object to form').choices(Object.keys(JOIN_TYPES)).default('symmetric-key'))
    .option('--secret-type <type>', 'Secret Data Type with --type secret-data (password, seed, …; default seed)')
    .option('--alg <algorithm>', 'Cryptographic Algorithm, when the parts do not say it')
    .option('--name <name>', 'Name attribute of the new object')
    .action(async (ids: string[], flags: Flags) => {
      const objectType = JOIN_TYPES[flags.type] as ObjectType;
      if (flags.secretType !== undefined && objectType !== ObjectType.SecretData) throw new CliError('--secret-type goes with --type secret-data', ExitCode.Usage);
      const attrs: Attribute[] = [];
      if (flags.alg !== undefined) attrs.push(attribute('Cryptographic Algorithm', enumFromName(CryptographicAlgorithm, flags.alg, 'algorithm')));
      if (flags.name !== undefined) attrs.push(attribute('Name', { nameValue: flags.name, nameType: NameType.UninterpretedTextString }));
      const res = await withClient(flags, (c) =>
        c.joinSplitKey({
          objectType,
          uniqueIdentifier: ids,
          ...(flags.secretType === undefined ? {} : { secretDataType: enumFromName(SecretDataType, flags.secretType, 'secret data type') }),
          attributes: { attribute: attrs },
        }),
      );
      if (flags.json) await printJson({ id: res.uniqueIdentifier });
      else await writeOutput(`${String(res.uniqueIdentifier)}\n`);
    });
}
