/**
 * `keyhold key-pair rotate PRIVATE-ID [--offset SECONDS]`: Re-key Key Pair [KMIP 2.1 §6.1.47] — a
 * replacement for the key pair of a private key, each half with the attributes and Names of the
 * half it replaces; prints the new private and public key's Unique Identifiers as `key-pair
 * create` does.
 */
import type { Command } from 'commander';
import { printJson, withClient, withConnection, type ConnectionFlags } from '../connection.js';
import { parseOffset } from '../key/rotate.js';
import { writeOutput } from '../../io.js';

interface Flags extends ConnectionFlags {
  offset?: string;
}

/** Registers `key-pair rotate`. */
export function registerKeyPairRotate(keyPair: Command): void {
  withConnection(
    keyPair
      .command('rotate')
      .description('replace a key pair by a new one (Re-key Key Pair) and print the new private and public key ids')
      .argument('<private-id>', 'Unique Identifier of the private key of the pair'),
  )
    .option('--offset <seconds>', 'activate the new keys this many seconds after their creation (default: copy the old dates)')
    .action(async (id: string, flags: Flags) => {
      const offset = flags.offset === undefined ? undefined : parseOffset(flags.offset);
      const res = await withClient(flags, (c) => c.reKeyKeyPair({ privateKeyUniqueIdentifier: id, ...(offset !== undefined ? { offset } : {}) }));
      if (flags.json) await printJson({ privateKeyId: res.privateKeyUniqueIdentifier, publicKeyId: res.publicKeyUniqueIdentifier, replaces: id });
      else await writeOutput(`private ${String(res.privateKeyUniqueIdentifier)}\npublic  ${String(res.publicKeyUniqueIdentifier)}\n`);
    });
}
