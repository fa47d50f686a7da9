/**
 * Compile-time checks of the public API: this file passes when `tsc -b packages/client` accepts
 * it (each `@ts-expect-error` must really be an error). The functions are never called.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Operation, ObjectType, type CreateResponse, type GetResponse, type LocateResponse, type ResultReason } from '@keyhold/protocol';
import { batchItem, KmipClient, KmipOperationError, operations, type BatchResult } from '../src/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_ok?: T): void {}

export async function typedOperations(client: KmipClient): Promise<void> {
  const created = await client.create({ objectType: ObjectType.SymmetricKey, attributes: { attribute: [] } });
  expectType<Equal<typeof created, CreateResponse>>();
  const _got = await operations.get(client, { uniqueIdentifier: created.uniqueIdentifier });
  expectType<Equal<typeof _got, GetResponse>>();
  const _viaCall = await client.call(Operation.Locate, {});
  expectType<Equal<typeof _viaCall, LocateResponse>>();

  // @ts-expect-error — Get takes no Object Type
  await client.get({ objectType: ObjectType.SymmetricKey });
  // @ts-expect-error — the payload must match the operation
  await client.call(Operation.Activate, { objectType: ObjectType.SymmetricKey, attributes: { attribute: [] } });
  // @ts-expect-error — Revoke requires a Revocation Reason
  await client.revoke({ uniqueIdentifier: 'x' });
}

export async function typedBatch(client: KmipClient): Promise<void> {
  const [c, a] = await client.batch([batchItem(Operation.Create, { objectType: ObjectType.SymmetricKey, attributes: { attribute: [] } }), batchItem(Operation.Activate, {})], {
    errorContinuation: 'stop',
  });
  expectType<Equal<typeof c, BatchResult<typeof Operation.Create>>>();
  if (c.ok) expectType<Equal<typeof c.payload, CreateResponse>>();
  if (!a.ok) {
    expectType<Equal<typeof a.error, KmipOperationError>>();
    expectType<Equal<typeof a.error.resultReason, ResultReason>>();
  }
  // @ts-expect-error — not an option value
  await client.batch([], { errorContinuation: 'retry' });
}

test('the public API type-checks (see the compile-time assertions above)', () => {
  assert.equal(typeof typedOperations, 'function');
  assert.equal(typeof typedBatch, 'function');
});
