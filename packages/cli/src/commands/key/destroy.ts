/**
 * `keyhold key destroy ID`: Destroy [KMIP 2.1 §6.1.16] (an Active key must be revoked first).
 */
import type { Command } from 'commander';
import { printJson, withClient, withConnection, type ConnectionFlags } from '../connection.js';
import { writeOutput } from '../../io.js';

/** Registers `key destroy`. */
export function registerKeyDestroy(key: Command): void {
  withConnection(key.command('destroy').description('destroy an object\'s key material').argument('<id>', 'Unique Identifier')).action(async (id: string, flags: ConnectionFlags) => {
    const res = await withClient(flags, (c) => c.destroy({ uniqueIdentifier: id }));
    if (flags.json) await printJson({ id: res.uniqueIdentifier, destroyed: true });
    else await writeOutput(`destroyed ${String(res.uniqueIdentifier)}\n`);
  });
}
