/**
 * `keyhold key get ID [--out FILE]`: Get [KMIP 2.1 §6.1.19]; prints the key material in hex, or
 * writes the raw bytes to a file.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { enumForTag, Tag, type GetResponse } from '@keyhold/protocol';
import { printJson, withClient, withConnection, type ConnectionFlags } from '../connection.js';
import { writeOutput } from '../../io.js';
import { CliError, ExitCode } from '../../errors.js';

interface Flags extends ConnectionFlags {
  out?: string;
}

/** The key material bytes of a Get response (keys, secret data, certificates, opaque objects). */
export function materialOf(res: GetResponse): Uint8Array {
  const o = res.object;
  if ('keyBlock' in o) {
    const kv = o.keyBlock.keyValue;
    if (kv instanceof Uint8Array) return kv;
    if (kv !== undefined && kv.keyMaterial instanceof Uint8Array) return kv.keyMaterial;
    throw new CliError('the key material is a structure (transparent key), which key get does not print', ExitCode.Unavailable);
  }
  if ('certificateValue' in o) return o.certificateValue;
  if ('opaqueDataValue' in o) return o.opaqueDataValue;
  throw new CliError('this object has no key material to print', ExitCode.Unavailable);
}

/** Registers `key get`. */
export function registerKeyGet(key: Command): void {
  withConnection(key.command('get').description('print the key material (hex) or write it to a file').argument('<id>', 'Unique Identifier'))
    .option('--out <file>', 'write the raw key bytes to this file instead')
    .action(async (id: string, flags: Flags) => {
      const res = await withClient(flags, (c) => c.get({ uniqueIdentifier: id }));
      const bytes = materialOf(res);
      if (flags.out !== undefined) await writeFile(flags.out, bytes, { mode: 0o600 });
      if (flags.json) {
        const o = res.object;
        const kb = 'keyBlock' in o ? o.keyBlock : undefined;
        await printJson({
          id: res.uniqueIdentifier,
          objectType: enumForTag(Tag.ObjectType)?.byValue.get(res.objectType)?.name,
          ...(kb ? { keyFormatType: enumForTag(Tag.KeyFormatType)?.byValue.get(kb.keyFormatType)?.name } : {}),
          ...(kb?.cryptographicAlgorithm !== undefined ? { algorithm: enumForTag(Tag.CryptographicAlgorithm)?.byValue.get(kb.cryptographicAlgorithm)?.name } : {}),
          ...(kb?.cryptographicLength !== undefined ? { length: kb.cryptographicLength } : {}),
          ...(flags.out === undefined ? { material: Buffer.from(bytes).toString('hex') } : { out: flags.out }),
        });
      } else if (flags.out === undefined) await writeOutput(`${Buffer.from(bytes).toString('hex')}\n`);
    });
}
