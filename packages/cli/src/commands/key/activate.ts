/**
 * `keyhold key activate ID`: Activate [KMIP 2.1 §6.1.1].
 */
import type { Command } from 'commander';
import { printJson, withClient, withConnection, type ConnectionFlags } from '../connection.js';
import { writeOutput } from '../../io.js';

/** Registers `key activate`. */
export function registerKeyActivate(key: Command): void {
  withConnection(key.command('activate').description('activate an object (Pre-Active -> Active)').argument('<id>', 'Unique Identifier')).action(async (id: string, flags: ConnectionFlags) => {
    const res = await withClient(flags, (c) => c.activate({ uniqueIdentifier: id }));
    if (flags.json) await printJson({ id: res.uniqueIdentifier, activated: true });
    else await writeOutput(`activated ${String(res.uniqueIdentifier)}\n`);
  });
}
