/**
 * `keyhold attributes get ID [NAME…]`: Get Attributes [KMIP 2.1 §6.1.20], all or the ones named.
 */
import type { Command } from 'commander';
import { printJson, printTable, withClient, withConnection, type ConnectionFlags } from '../connection.js';
import { attributeRows } from '../format.js';

/** Registers `attributes get`. */
export function registerAttributesGet(attributes: Command): void {
  withConnection(attributes.command('get').description('show the attributes of an object').argument('<id>', 'Unique Identifier').argument('[names...]', 'attribute names (default: all)'))
    .action(async (id: string, names: string[], flags: ConnectionFlags) => {
      const res = await withClient(flags, (c) => c.getAttributes({ uniqueIdentifier: id, ...(names.length > 0 ? { attributeReference: names } : {}) }));
      const rows = attributeRows(res.attributes?.attribute ?? []);
      if (flags.json) await printJson({ id: res.uniqueIdentifier, attributes: Object.fromEntries(rows.map(([n, v]) => [n, v])) });
      else await printTable(['ATTRIBUTE', 'VALUE'], rows);
    });
}
