/**
 * `keyhold key list [--name N] [--state S] [--type T]`: Locate [KMIP 2.1 §6.1.28], then the
 * attributes of every object found in one batch of Get Attributes; shown as a table.
 */
import type { Command } from 'commander';
import { attribute, attributeValue, NameType, ObjectType, Operation, State, type Attribute } from '@keyhold/protocol';
import { batchItem } from '@keyhold/client';
import { enumFromName, printJson, printTable, withClient, withConnection, type ConnectionFlags } from '../connection.js';
import { formatAttributeValue } from '../format.js';

interface Flags extends ConnectionFlags {
  name?: string;
  state?: string;
  type?: string;
  max?: string;
}

const COLUMNS = ['Object Type', 'Cryptographic Algorithm', 'Cryptographic Length', 'State', 'Name'] as const;

/** Registers `key list`. */
export function registerKeyList(key: Command): void {
  withConnection(key.command('list').description('list objects (Locate), optionally filtered'))
    .option('--name <name>', 'only objects with this Name')
    .option('--state <state>', 'only objects in this state (pre-active, active, deactivated, compromised, destroyed, …)')
    .option('--type <type>', 'only objects of this type (symmetric-key, private-key, public-key, secret-data, …)')
    .option('--max <n>', 'at most this many objects')
    .action(async (flags: Flags) => {
      const filter: Attribute[] = [];
      if (flags.name !== undefined) filter.push(attribute('Name', { nameValue: flags.name, nameType: NameType.UninterpretedTextString }));
      if (flags.state !== undefined) filter.push(attribute('State', enumFromName(State, flags.state, 'state')));
      if (flags.type !== undefined) filter.push(attribute('Object Type', enumFromName(ObjectType, flags.type, 'object type')));
      const rows = await withClient(flags, async (c) => {
        const found = await c.locate({ attributes: { attribute: filter }, ...(flags.max === undefined ? {} : { maximumItems: Number(flags.max) }) });
        const ids = (found.uniqueIdentifier ?? []).map(String);
        if (ids.length === 0) return [];
        const results = await c.batch(
          ids.map((id) => batchItem(Operation.GetAttributes, { uniqueIdentifier: id, attributeReference: [...COLUMNS] })),
          { errorContinuation: 'continue' },
        );
        return ids.map((id, i) => {
          const r = results[i];
          const attrs = r?.ok ? r.payload.attributes : undefined;
          const cell = (n: (typeof COLUMNS)[number]): string => formatAttributeValue(n, attributeValue(attrs, n));
          return { id, type: cell('Object Type'), algorithm: cell('Cryptographic Algorithm'), length: cell('Cryptographic Length'), state: cell('State'), name: cell('Name') };
        });
      });
      if (flags.json) await printJson(rows);
      else await printTable(['ID', 'TYPE', 'ALGORITHM', 'LENGTH', 'STATE', 'NAME'], rows.map((r) => [r.id, r.type, r.algorithm, r.length, r.state, r.name]));
    });
}
