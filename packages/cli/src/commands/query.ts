/**
 * `keyhold query`: Query [KMIP 2.1 §6.2.4] — the server's operations, object types and vendor.
 */
import type { Command } from 'commander';
import { enumForTag, formatVersion, QueryFunction, Tag } from '@keyhold/protocol';
import { printJson, withClient, withConnection, type ConnectionFlags } from './connection.js';
import { writeOutput } from '../io.js';

const nameOf = (tag: number, v: number): string => enumForTag(tag)?.byValue.get(v)?.name ?? `0x${v.toString(16)}`;

/** Registers `query`. */
export function registerQuery(program: Command): void {
  withConnection(program.command('query').description('ask the server which operations and object types it supports')).action(async (flags: ConnectionFlags) => {
    const { res, version } = await withClient(flags, async (c) => ({
      res: await c.query({ queryFunction: [QueryFunction.QueryOperations, QueryFunction.QueryObjects, QueryFunction.QueryServerInformation] }),
      version: c.version,
    }));
    const out = {
      version: formatVersion(version),
      vendor: res.vendorIdentification ?? null,
      operations: (res.operation ?? []).map((o) => nameOf(Tag.Operation, o)),
      objectTypes: (res.objectType ?? []).map((o) => nameOf(Tag.ObjectType, o)),
    };
    if (flags.json) await printJson(out);
    else {
      await writeOutput(
        [`KMIP version   ${out.version}`, `Vendor         ${out.vendor ?? '(not given)'}`, `Operations     ${out.operations.join(', ')}`, `Object types   ${out.objectTypes.join(', ')}`].join('\n') + '\n',
      );
    }
  });
}
