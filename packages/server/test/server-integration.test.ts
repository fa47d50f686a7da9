/**
 * The server end to end: the real `serve()` (first-start PKI, SQLite store, executor) in-process
 * on a free port over mutual TLS, driven with raw TLS and the protocol model only.
 *
 * Covered: every served version answered in its own version with only the tags and values that
 * version defines; unsupported major versions; newer minor versions; message-level failures
 * (Batch Count, Maximum Response Size, Asynchronous Indicator Mandatory, unframeable bytes);
 * Batch Error Continuation Stop / Continue / Undo (with rollback); ID Placeholder and the 2.x
 * Unique Identifier forms; Unique Batch Item ID and Client Correlation Value echoes; unknown and
 * out-of-version operations; malformed payloads; ownership between two principals; durability
 * across a restart; no key byte in the database files; date-driven lifecycle states.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  attribute,
  attributeByName,
  AsynchronousIndicator,
  BatchErrorContinuationOption,
  CryptographicAlgorithm,
  decodeResponseMessage,
  decodeTtlv,
  definedIn,
  encodeTtlv,
  enumForTag,
  formatVersion,
  ItemType,
  KeyFormatType,
  NameType,
  ObjectType,
  Operation,
  parseVersion,
  responsePayloadAs,
  ResultReason,
  ResultStatus,
  RevocationReasonCode,
  State,
  Tag,
  tagDef,
  UniqueIdentifier,
  type Attribute,
  type ProtocolVersion,
  type RequestBatchItem,
  type ResponseBatchItem,
  type ResponseMessage,
  type TtlvNode,
} from '@keyhold/protocol';
import { SERVED_VERSIONS } from '../src/executor.js';
import {
  decodeResponse,
  encodeRequest,
  item,
  requestMessage,
  requestTree,
  startTestServer,
  type ClientCredentialPems,
  type KmipTestClient,
  type TestServer,
} from './helpers/server.js';

const V = parseVersion;
const ALL_VERSIONS = ['1.0', '1.1', '1.2', '1.3', '1.4', '2.0', '2.1'].map(V);
const V14 = V('1.4');
const V21 = V('2.1');
const is1x = (v: ProtocolVersion): boolean => v.major === 1;
const reasonName = (r: number | undefined): string => (r === undefined ? 'none' : (Object.entries(ResultReason).find(([, x]) => x === r)?.[0] ?? `0x${r.toString(16)}`));

let seq = 0;
/** A Name no other test uses. */
const uniqueName = (what: string): string => `it-${what}-${process.pid}-${++seq}-${randomBytes(3).toString('hex')}`;

function nameAttr(name: string): Attribute {
  return attribute('Name', { nameValue: name, nameType: NameType.UninterpretedTextString });
}

function createItem(opts: { name?: string; extra?: Attribute[]; uniqueBatchItemID?: Uint8Array } = {}): RequestBatchItem {
  return item(
    Operation.Create,
    {
      objectType: ObjectType.SymmetricKey,
      attributes: {
        attribute: [
          attribute('Cryptographic Algorithm', CryptographicAlgorithm.AES),
          attribute('Cryptographic Length', 256),
          attribute('Cryptographic Usage Mask', 0x0c),
          ...(opts.name === undefined ? [] : [nameAttr(opts.name)]),
          ...(opts.extra ?? []),
        ],
      },
    },
    opts.uniqueBatchItemID === undefined ? {} : { uniqueBatchItemID: opts.uniqueBatchItemID },
  );
}

const getItem = (uid?: string | { placeholder: number } | { index: number }): RequestBatchItem => item(Operation.Get, uid === undefined ? {} : { uniqueIdentifier: uid });
const activateItem = (uid?: string): RequestBatchItem => item(Operation.Activate, uid === undefined ? {} : { uniqueIdentifier: uid });
const destroyItem = (uid?: string): RequestBatchItem => item(Operation.Destroy, uid === undefined ? {} : { uniqueIdentifier: uid });
const revokeItem = (uid: string, code: number = RevocationReasonCode.CessationOfOperation): RequestBatchItem =>
  item(Operation.Revoke, { uniqueIdentifier: uid, revocationReason: { revocationReasonCode: code as RevocationReasonCode } });
const stateItem = (uid?: string): RequestBatchItem => item(Operation.GetAttributes, { ...(uid === undefined ? {} : { uniqueIdentifier: uid }), attributeReference: ['State'] });
const locateByName = (name: string): RequestBatchItem => item(Operation.Locate, { attributes: { attribute: [nameAttr(name)] } });

/** The only batch item of a response. */
function only(r: ResponseMessage): ResponseBatchItem {
  assert.equal(r.batchItem.length, 1, `one batch item expected, got ${r.batchItem.length}`);
  return r.batchItem[0] as ResponseBatchItem;
}

function ok(b: ResponseBatchItem | undefined, what = 'batch item'): ResponseBatchItem {
  assert.ok(b, `${what}: missing`);
  assert.equal(b.resultStatus, ResultStatus.Success, `${what}: ${reasonName(b.resultReason)} ${b.resultMessage ?? ''}`);
  return b;
}

function failed(b: ResponseBatchItem | undefined, reason: ResultReason, what = 'batch item'): ResponseBatchItem {
  assert.ok(b, `${what}: missing`);
  assert.equal(b.resultStatus, ResultStatus.OperationFailed, `${what}: expected failure ${reasonName(reason)}, got status ${b.resultStatus}`);
  assert.equal(reasonName(b.resultReason), reasonName(reason), `${what}: ${b.resultMessage ?? ''}`);
  assert.ok((b.resultMessage ?? '').length > 0, `${what}: a Result Message explains the failure`);
  return b;
}

const uidOf = (b: ResponseBatchItem): string => {
  const p = b.responsePayload as { uniqueIdentifier?: unknown } | undefined;
  assert.equal(typeof p?.uniqueIdentifier, 'string', 'response carries a Unique Identifier');
  return p?.uniqueIdentifier as string;
};

function keyBytes(b: ResponseBatchItem): Buffer {
  const p = responsePayloadAs(ok(b, 'Get'), Operation.Get);
  assert.ok(p);
  const obj = p.object;
  assert.ok('keyBlock' in obj, 'a key block');
  const kv = obj.keyBlock.keyValue;
  assert.ok(kv !== undefined && !(kv instanceof Uint8Array), 'a Key Value structure');
  assert.ok(kv.keyMaterial instanceof Uint8Array, 'raw key material');
  return Buffer.from(kv.keyMaterial);
}

function stateOf(b: ResponseBatchItem): number | undefined {
  const p = responsePayloadAs(ok(b, 'Get Attributes'), Operation.GetAttributes);
  return p?.attributes?.attribute.find((a) => a.name === 'State')?.value as number | undefined;
}

function assertVersion(r: ResponseMessage, v: ProtocolVersion): void {
  const pv = r.responseHeader.protocolVersion;
  assert.deepEqual({ major: pv.protocolVersionMajor, minor: pv.protocolVersionMinor }, { major: v.major, minor: v.minor }, 'response header version');
}

/**
 * Tags, and Enumeration values, of a response that its version does not define. Attribute values
 * of 1.x attributes are carried under Attribute Value (not checked here). The Operation of a
 * response batch item echoes the request's, whatever it is, so its value is not checked either.
 */
function notInVersion(node: TtlvNode, v: ProtocolVersion, out: string[] = []): string[] {
  const def = tagDef(node.tag);
  if (def === undefined) out.push(`unknown tag 0x${node.tag.toString(16)}`);
  else if (!definedIn(def, v)) out.push(`tag ${def.name} (since ${def.since}${def.until ? `, until ${def.until}` : ''})`);
  if (node.type === ItemType.Enumeration && node.tag !== Tag.Operation) {
    const value = enumForTag(node.tag)?.byValue.get(node.value);
    if (value !== undefined && !definedIn(value, v)) out.push(`${def?.name ?? node.tag} value ${value.name} (since ${value.since})`);
  }
  if (node.type === ItemType.Structure) for (const c of node.value) notInVersion(c, v, out);
  return out;
}

/** Sends a message of `v`, checks the response is in `v` with only `v`'s tags, returns it decoded. */
async function call(c: KmipTestClient, v: ProtocolVersion, items: RequestBatchItem[], header: Parameters<typeof requestMessage>[2] = {}): Promise<ResponseMessage> {
  const bytes = await c.exchange(encodeRequest(requestMessage(v, items, header)));
  const r = decodeResponse(bytes);
  assertVersion(r, v);
  assert.deepEqual(notInVersion(decodeTtlv(bytes), v), [], `KMIP ${formatVersion(v)} response uses only ${formatVersion(v)} tags and values`);
  return r;
}

/** Replaces the first node reached through `tags` (depth first, by tag) with `edit(node)`. */
function editTree(node: TtlvNode, tags: readonly number[], edit: (n: TtlvNode) => TtlvNode | undefined): TtlvNode {
  if (tags.length === 0) return edit(node) ?? node;
  assert.equal(node.type, ItemType.Structure);
  if (node.type !== ItemType.Structure) return node;
  const [first, ...rest] = tags;
  const i = node.value.findIndex((c) => c.tag === first);
  assert.ok(i >= 0, `no child 0x${(first ?? 0).toString(16)}`);
  const value = [...node.value];
  if (rest.length === 0) {
    const replaced = edit(value[i] as TtlvNode);
    if (replaced === undefined) value.splice(i, 1);
    else value[i] = replaced;
  } else value[i] = editTree(value[i] as TtlvNode, rest, edit);
  return { ...node, value };
}

const setInt =
  (value: number) =>
  (n: TtlvNode): TtlvNode =>
    ({ ...n, value }) as TtlvNode;
const VERSION_MAJOR = [Tag.RequestHeader, Tag.ProtocolVersion, Tag.ProtocolVersionMajor];
const VERSION_MINOR = [Tag.RequestHeader, Tag.ProtocolVersion, Tag.ProtocolVersionMinor];

/** A message-level failure: one batch item, no Operation, the reason given. */
function assertMessageFailure(r: ResponseMessage, reason: ResultReason): void {
  const b = only(r);
  assert.equal(b.operation, undefined, 'a message-level failure names no Operation');
  failed(b, reason, 'message');
}

let server: TestServer;
let client: KmipTestClient;

before(async () => {
  server = await startTestServer();
  client = await server.connect();
});
after(async () => {
  client?.close();
  await server?.dispose();
});

describe('protocol versions', () => {
  for (const v of ALL_VERSIONS) {
    test(`KMIP ${formatVersion(v)}: answered in ${formatVersion(v)} with only its tags; key lifecycle end to end`, async () => {
      const name = uniqueName(`v${v.major}${v.minor}`);
      const uid = uidOf(ok(only(await call(client, v, [createItem({ name })])), 'Create'));
      assert.equal(keyBytes(only(await call(client, v, [getItem(uid)]))).length, 32, 'AES-256 key material');
      assert.equal(stateOf(only(await call(client, v, [stateItem(uid)]))), State.PreActive);
      const located = responsePayloadAs(ok(only(await call(client, v, [locateByName(name)])), 'Locate'), Operation.Locate);
      assert.deepEqual(located?.uniqueIdentifier, [uid], 'Locate by Name finds the key');
      ok(only(await call(client, v, [activateItem(uid)])), 'Activate');
      // The 2.x-only Wrong Key Lifecycle State is Permission Denied in 1.x (KMIP 1.2 Table 311);
      // call() has checked the response carries no 2.x-only value.
      failed(only(await call(client, v, [destroyItem(uid)])), is1x(v) ? ResultReason.PermissionDenied : ResultReason.WrongKeyLifecycleState, 'Destroy of an Active key');
      ok(only(await call(client, v, [revokeItem(uid)])), 'Revoke');
      assert.equal(stateOf(only(await call(client, v, [stateItem(uid)]))), State.Deactivated);
      ok(only(await call(client, v, [destroyItem(uid)])), 'Destroy');
      // 1.x: the destroyed object does not exist any more (1.2 Table 301, the OASIS case TC-314).
      failed(only(await call(client, v, [getItem(uid)])), is1x(v) ? ResultReason.ItemNotFound : ResultReason.ObjectDestroyed, 'Get of a destroyed key');
      failed(only(await call(client, v, [destroyItem(uid)])), is1x(v) ? ResultReason.PermissionDenied : ResultReason.ObjectDestroyed, 'Destroy of a destroyed key');
      // A missing object is Object Not Found in 2.x (2.1 §11 error tables), Item Not Found in 1.x.
      failed(only(await call(client, v, [getItem('no-such-object')])), is1x(v) ? ResultReason.ItemNotFound : ResultReason.ObjectNotFound, 'Get of an unknown identifier');
    });

    test(`KMIP ${formatVersion(v)}: Get Attributes and Get Attribute List of a 2.1-created key name only ${formatVersion(v)} attributes`, async () => {
      const uid = uidOf(ok(only(await call(client, V21, [createItem({ name: uniqueName('attrs') })]))));
      const r = await call(client, v, [item(Operation.GetAttributes, { uniqueIdentifier: uid, attributeReference: [] }), item(Operation.GetAttributeList, { uniqueIdentifier: uid })]);
      const all = responsePayloadAs(ok(r.batchItem[0], 'Get Attributes'), Operation.GetAttributes)?.attributes?.attribute.map((a) => a.name) ?? [];
      const list = responsePayloadAs(ok(r.batchItem[1], 'Get Attribute List'), Operation.GetAttributeList)?.attributeReference ?? [];
      for (const required of ['Unique Identifier', 'Object Type', 'Cryptographic Algorithm', 'Cryptographic Length', 'State', 'Name']) {
        assert.ok(all.includes(required), `Get Attributes lacks ${required}: ${all.join(', ')}`);
        assert.ok(list.includes(required), `Get Attribute List lacks ${required}: ${list.join(', ')}`);
      }
      const foreign = [...all, ...list].filter((n) => {
        const def = attributeByName(n);
        return def === undefined || !definedIn(def, v);
      });
      assert.deepEqual(foreign, [], `attributes KMIP ${formatVersion(v)} does not define`);
    });
  }

  test('KMIP 3.0 and 4.0 requests: Unsupported Protocol Version, in a response without Operation', async () => {
    for (const major of [3, 4]) {
      const tree = editTree(requestTree(requestMessage(V21, [getItem('x')])), VERSION_MAJOR, setInt(major));
      const r = decodeResponse(await client.exchange(encodeTtlv(tree)));
      assertMessageFailure(r, ResultReason.UnsupportedProtocolVersion);
      const pv = r.responseHeader.protocolVersion;
      assert.ok(
        SERVED_VERSIONS.some((s) => s.major === pv.protocolVersionMajor && s.minor === pv.protocolVersionMinor),
        `answered in a served version, not ${pv.protocolVersionMajor}.${pv.protocolVersionMinor}`,
      );
    }
    // The connection is still usable.
    ok(only(await call(client, V21, [createItem()])));
  });

  test('a newer minor version is processed as the newest served minor version of its major (1.9 as 1.4, 2.7 as 2.1)', async () => {
    for (const [asked, served] of [
      [V('1.9'), V14],
      [V('2.7'), V21],
    ] as const) {
      const tree = editTree(requestTree(requestMessage(served, [createItem({ name: uniqueName('minor') })], { clientCorrelationValue: 'cv' })), VERSION_MINOR, setInt(asked.minor));
      const bytes = await client.exchange(encodeTtlv(tree));
      const r = decodeResponse(bytes);
      assertVersion(r, served);
      assert.deepEqual(notInVersion(decodeTtlv(bytes), served), []);
      uidOf(ok(only(r), `Create in ${formatVersion(asked)}`));
    }
  });
});

describe('message header', () => {
  test('Batch Count that does not match the batch items: Invalid Message', async () => {
    for (const v of [V('1.0'), V21]) {
      const r = await call(client, v, [createItem(), getItem()], { batchCount: 3 });
      assertMessageFailure(r, ResultReason.InvalidMessage);
    }
  });

  test('Maximum Response Size: an oversized response becomes Response Too Large; a large enough limit passes', async () => {
    const uid = uidOf(ok(only(await call(client, V21, [createItem()]))));
    for (const v of [V('1.2'), V21]) {
      const small = only(await call(client, v, [getItem(uid)], { maximumResponseSize: 64 }));
      failed(small, ResultReason.ResponseTooLarge, 'Get with Maximum Response Size 64');
      assert.equal(small.operation, Operation.Get);
      assert.equal(small.responsePayload, undefined, 'no payload');
      keyBytes(only(await call(client, v, [getItem(uid)], { maximumResponseSize: 4096 })));
    }
  });

  test('Client Correlation Value is echoed (1.4, 2.x)', async () => {
    for (const v of [V14, V('2.0'), V21]) {
      const r = await call(client, v, [createItem()], { clientCorrelationValue: `corr-${formatVersion(v)}` });
      assert.equal(r.responseHeader.clientCorrelationValue, `corr-${formatVersion(v)}`);
    }
  });

  test('Asynchronous Indicator Mandatory: Feature Not Supported', async () => {
    const r = await call(client, V21, [createItem()], { asynchronousIndicator: AsynchronousIndicator.Mandatory });
    assertMessageFailure(r, ResultReason.FeatureNotSupported);
    // Optional and Prohibited are served synchronously.
    for (const a of [AsynchronousIndicator.Optional, AsynchronousIndicator.Prohibited]) {
      ok(only(await call(client, V21, [createItem()], { asynchronousIndicator: a })));
    }
  });

  test('Time Stamp is the server time', async () => {
    const before = BigInt(Math.floor(Date.now() / 1000));
    const r = await call(client, V21, [createItem()]);
    const after = BigInt(Math.ceil(Date.now() / 1000));
    assert.ok(r.responseHeader.timeStamp >= before && r.responseHeader.timeStamp <= after);
  });
});

describe('batches', () => {
  const bad = (): RequestBatchItem => getItem('no-such-object');

  test('Batch Error Continuation Stop (and the default): later items are not answered', async () => {
    for (const header of [{}, { batchErrorContinuationOption: BatchErrorContinuationOption.Stop }]) {
      const name = uniqueName('stop');
      const r = await call(client, V21, [createItem(), bad(), createItem({ name })], header);
      assert.equal(r.batchItem.length, 2, 'the item after the failure is not answered');
      ok(r.batchItem[0]);
      failed(r.batchItem[1], ResultReason.ObjectNotFound);
      const loc = responsePayloadAs(ok(only(await call(client, V21, [locateByName(name)]))), Operation.Locate);
      assert.deepEqual(loc?.uniqueIdentifier ?? [], [], 'and not run');
    }
  });

  test('Batch Error Continuation Continue: every item is answered', async () => {
    const name = uniqueName('continue');
    const r = await call(client, V('1.2'), [createItem(), bad(), createItem({ name })], { batchErrorContinuationOption: BatchErrorContinuationOption.Continue });
    assert.equal(r.batchItem.length, 3);
    const first = uidOf(ok(r.batchItem[0]));
    failed(r.batchItem[1], ResultReason.ItemNotFound);
    const third = uidOf(ok(r.batchItem[2]));
    keyBytes(only(await call(client, V('1.2'), [getItem(first)])));
    const loc = responsePayloadAs(ok(only(await call(client, V('1.2'), [locateByName(name)]))), Operation.Locate);
    assert.deepEqual(loc?.uniqueIdentifier, [third]);
  });

  test('Batch Error Continuation Undo: earlier items Operation Undone with their payloads, their writes rolled back, later items not answered', async () => {
    for (const v of [V('1.2'), V21]) {
      const existing = uidOf(ok(only(await call(client, v, [createItem()]))));
      const name = uniqueName('undo');
      const r = await call(client, v, [activateItem(existing), createItem({ name }), activateItem(), bad(), createItem()], { batchErrorContinuationOption: BatchErrorContinuationOption.Undo });
      assert.equal(r.batchItem.length, 4, 'answered up to the failure');
      for (const [i, op] of [
        [0, Operation.Activate],
        [1, Operation.Create],
        [2, Operation.Activate],
      ] as const) {
        const b = r.batchItem[i] as ResponseBatchItem;
        assert.equal(b.resultStatus, ResultStatus.OperationUndone, `item ${i} undone`);
        assert.equal(b.operation, op);
        assert.notEqual(b.responsePayload, undefined, 'an undone item keeps its payload (only a failed item has none)');
      }
      failed(r.batchItem[3], is1x(v) ? ResultReason.ItemNotFound : ResultReason.ObjectNotFound);
      // Rolled back: the existing key is Pre-Active again, the new key is not there, its Name is free.
      assert.equal(stateOf(only(await call(client, v, [stateItem(existing)]))), State.PreActive, 'the undone Activate of an existing key');
      const loc = responsePayloadAs(ok(only(await call(client, v, [locateByName(name)]))), Operation.Locate);
      assert.deepEqual(loc?.uniqueIdentifier ?? [], [], 'the undone Create left no object');
      const again = uidOf(ok(only(await call(client, v, [createItem({ name })])), 'the Name is free after the rollback'));
      assert.equal(stateOf(only(await call(client, v, [stateItem(again)]))), State.PreActive);
    }
  });

  test('Undo with every item succeeding commits them all', async () => {
    const name = uniqueName('undo-ok');
    const r = await call(client, V21, [createItem({ name }), activateItem()], { batchErrorContinuationOption: BatchErrorContinuationOption.Undo });
    const uid = uidOf(ok(r.batchItem[0]));
    ok(r.batchItem[1]);
    assert.equal(stateOf(only(await call(client, V21, [stateItem(uid)]))), State.Active);
  });

  test('ID Placeholder: Create, then Activate, Get and Get Attributes without a Unique Identifier', async () => {
    for (const v of [V('1.0'), V14, V21]) {
      const r = await call(client, v, [createItem(), activateItem(), getItem(), stateItem()]);
      assert.equal(r.batchItem.length, 4);
      const uid = uidOf(ok(r.batchItem[0]));
      assert.equal(uidOf(ok(r.batchItem[1])), uid, 'Activate used the placeholder');
      const get = ok(r.batchItem[2]);
      assert.equal(uidOf(get), uid, 'Get used the placeholder');
      assert.equal(keyBytes(get).length, 32);
      assert.equal(stateOf(r.batchItem[3] as ResponseBatchItem), State.Active);
    }
  });

  test('without an earlier result, an item without Unique Identifier fails (not General Failure)', async () => {
    const b = only(await call(client, V21, [getItem()]));
    assert.equal(b.resultStatus, ResultStatus.OperationFailed);
    assert.notEqual(b.resultReason, ResultReason.GeneralFailure);
  });

  test('2.x Unique Identifier enumeration and Integer forms name earlier results of the batch', async () => {
    const r = await call(client, V21, [createItem(), createItem(), getItem({ placeholder: UniqueIdentifier.Create }), getItem({ index: 0 }), getItem({ placeholder: UniqueIdentifier.IDPlaceholder })]);
    assert.equal(r.batchItem.length, 5);
    const a = uidOf(ok(r.batchItem[0]));
    const b = uidOf(ok(r.batchItem[1]));
    assert.notEqual(a, b);
    assert.equal(uidOf(ok(r.batchItem[2])), b, 'Create: the most recent Create');
    assert.equal(uidOf(ok(r.batchItem[3])), a, 'Integer 0: the first identifier of the batch');
    assert.equal(uidOf(ok(r.batchItem[4])), b, 'ID Placeholder');
    // An enumeration naming nothing earlier in the batch.
    const none = only(await call(client, V21, [getItem({ placeholder: UniqueIdentifier.Create })]));
    failed(none, ResultReason.ItemNotFound);
  });

  test('Unique Batch Item ID is echoed on every item, failed ones included', async () => {
    const ids = [Uint8Array.of(1), Uint8Array.of(0xab, 0xcd), Uint8Array.of(7, 7, 7)];
    const r = await call(client, V('1.3'), [createItem({ uniqueBatchItemID: ids[0] as Uint8Array }), { ...getItem('no-such'), uniqueBatchItemID: ids[1] as Uint8Array }, { ...getItem(), uniqueBatchItemID: ids[2] as Uint8Array }], {
      batchErrorContinuationOption: BatchErrorContinuationOption.Continue,
    });
    assert.equal(r.batchItem.length, 3);
    r.batchItem.forEach((b, i) => assert.deepEqual(b.uniqueBatchItemID && Buffer.from(b.uniqueBatchItemID), Buffer.from(ids[i] as Uint8Array), `item ${i}`));
    ok(r.batchItem[0]);
    failed(r.batchItem[1], ResultReason.ItemNotFound);
    ok(r.batchItem[2]);
  });
});

describe('operations and payloads', () => {
  test('an unknown operation: Operation Not Supported (and the batch goes on with Continue)', async () => {
    for (const v of [V('1.1'), V21]) {
      let tree = requestTree(requestMessage(v, [getItem('x'), createItem()], { batchErrorContinuationOption: BatchErrorContinuationOption.Continue }));
      tree = editTree(tree, [Tag.BatchItem, Tag.Operation], setInt(0x7fff));
      const bytes = await client.exchange(encodeTtlv(tree));
      const raw = decodeTtlv(bytes);
      assert.deepEqual(notInVersion(raw, v), []);
      // The response echoes the Operation as sent, which the (strict) model does not decode:
      // check it on the tree, then decode the rest with a known value in its place.
      const echoed = raw.type === ItemType.Structure ? raw.value.find((n) => n.tag === Tag.BatchItem) : undefined;
      const op = echoed?.type === ItemType.Structure ? echoed.value.find((n) => n.tag === Tag.Operation) : undefined;
      assert.equal(op?.value, 0x7fff, 'the Operation is echoed');
      const r = decodeResponseMessage(editTree(raw, [Tag.BatchItem, Tag.Operation], setInt(Operation.Get)));
      assertVersion(r, v);
      assert.equal(r.batchItem.length, 2);
      failed(r.batchItem[0], ResultReason.OperationNotSupported, 'operation 0x7fff');
      ok(r.batchItem[1]);
    }
  });

  test('an operation the request version does not define: Operation Not Supported (Set Attribute in 1.4)', async () => {
    const uid = uidOf(ok(only(await call(client, V21, [createItem()]))));
    const setAttr = item(Operation.SetAttribute, { uniqueIdentifier: uid, newAttribute: attribute('Contact Information', 'ops@example.com') });
    const tree = editTree(requestTree(requestMessage(V21, [setAttr])), VERSION_MINOR, setInt(4));
    const bytes = await client.exchange(encodeTtlv(editTree(tree, VERSION_MAJOR, setInt(1))));
    const r = decodeResponse(bytes);
    assertVersion(r, V14);
    assert.deepEqual(notInVersion(decodeTtlv(bytes), V14), []);
    const b = failed(only(r), ResultReason.OperationNotSupported, 'Set Attribute in 1.4');
    assert.match(b.resultMessage ?? '', /1\.4/);
  });

  test('a malformed payload: Invalid Field / Invalid Message, never General Failure', async () => {
    const uid = uidOf(ok(only(await call(client, V21, [createItem()]))));
    for (const v of [V('1.2'), V21]) {
      // Key Format Type as a Text String: a wrong item type.
      let tree = requestTree(requestMessage(v, [item(Operation.Get, { uniqueIdentifier: uid, keyFormatType: KeyFormatType.Raw })]));
      tree = editTree(tree, [Tag.BatchItem, Tag.RequestPayload, Tag.KeyFormatType], (n) => ({ tag: n.tag, type: ItemType.TextString, value: 'Raw' }));
      let r = decodeResponse(await client.exchange(encodeTtlv(tree)));
      assertVersion(r, v);
      failed(only(r), ResultReason.InvalidField, 'Key Format Type with the wrong item type');
      // Create without its required Object Type.
      tree = editTree(requestTree(requestMessage(v, [createItem()])), [Tag.BatchItem, Tag.RequestPayload, Tag.ObjectType], () => undefined);
      r = decodeResponse(await client.exchange(encodeTtlv(tree)));
      failed(only(r), ResultReason.InvalidMessage, 'Create without Object Type');
      // A batch item without Operation: the message cannot be processed.
      tree = editTree(requestTree(requestMessage(v, [getItem(uid)])), [Tag.BatchItem, Tag.Operation], () => undefined);
      r = decodeResponse(await client.exchange(encodeTtlv(tree)));
      assertMessageFailure(r, ResultReason.InvalidMessage);
    }
  });

  test('unframeable bytes: an Invalid Message response, then the connection closes', async () => {
    const c = await server.connect();
    // A Request Message tag with item type Text String: no TTLV message starts like that.
    const junk = Buffer.concat([Buffer.from([0x42, 0x00, 0x78, 0x07, 0, 0, 0, 8]), Buffer.from('garbage!')]);
    const bytes = await c.exchange(junk);
    const r = decodeResponse(bytes);
    assertMessageFailure(r, ResultReason.InvalidMessage);
    await c.closed;
    assert.ok(c.ended || c.socket.destroyed, 'the server closed the connection');
  });

  test('valid TTLV that is not a Request Message: Invalid Message, the connection is kept', async () => {
    const c = await server.connect();
    const notAMessage = encodeTtlv({ tag: Tag.RequestHeader, type: ItemType.Structure, value: [] });
    assertMessageFailure(decodeResponse(await c.exchange(notAMessage)), ResultReason.InvalidMessage);
    ok(only(decodeResponse(await c.exchange(encodeRequest(requestMessage(V21, [createItem()]))))));
    c.close();
  });
});

describe('ownership', () => {
  let other: ClientCredentialPems;
  let b: KmipTestClient;
  before(async () => {
    other = await server.issueClient('it-client-b');
    b = await server.connect(other);
  });
  after(() => b?.close());

  test("client B cannot Get, Destroy, Activate or Locate client A's objects", async () => {
    const name = uniqueName('owned');
    const uid = uidOf(ok(only(await call(client, V21, [createItem({ name })]))));
    for (const v of [V('1.2'), V21]) {
      failed(only(await call(b, v, [getItem(uid)])), ResultReason.PermissionDenied, 'B Get');
      failed(only(await call(b, v, [destroyItem(uid)])), ResultReason.PermissionDenied, 'B Destroy');
      failed(only(await call(b, v, [activateItem(uid)])), ResultReason.PermissionDenied, 'B Activate');
      failed(only(await call(b, v, [stateItem(uid)])), ResultReason.PermissionDenied, 'B Get Attributes');
      const loc = responsePayloadAs(ok(only(await call(b, v, [locateByName(name)]))), Operation.Locate);
      assert.deepEqual(loc?.uniqueIdentifier ?? [], [], 'B does not locate it');
    }
    // A still owns an intact, Pre-Active key.
    assert.equal(stateOf(only(await call(client, V21, [stateItem(uid)]))), State.PreActive);
    keyBytes(only(await call(client, V21, [getItem(uid)])));
    // B's own objects are B's.
    const mine = uidOf(ok(only(await call(b, V21, [createItem()]))));
    keyBytes(only(await call(b, V21, [getItem(mine)])));
    failed(only(await call(client, V21, [getItem(mine)])), ResultReason.PermissionDenied, 'A Get of B key');
  });
});

describe('durability and storage', () => {
  test('an acknowledged Create survives a restart on the same data directory; Get returns the same bytes', async () => {
    const s1 = await startTestServer();
    const dataDir = s1.dataDir;
    let s2: TestServer | undefined;
    try {
      const c1 = await s1.connect();
      const name = uniqueName('durable');
      const uid = uidOf(ok(only(await call(c1, V21, [createItem({ name })]))));
      const bytes = keyBytes(only(await call(c1, V21, [getItem(uid)])));
      c1.close();
      await s1.stop();
      s2 = await startTestServer({ dataDir });
      assert.equal(s2.pki.created.length, 0, 'the PKI is reused');
      const c2 = await s2.connect();
      assert.deepEqual(keyBytes(only(await call(c2, V21, [getItem(uid)]))), bytes, 'same key bytes after the restart');
      const loc = responsePayloadAs(ok(only(await call(c2, V('1.0'), [locateByName(name)]))), Operation.Locate);
      assert.deepEqual(loc?.uniqueIdentifier, [uid]);
      c2.close();
    } finally {
      await s2?.stop();
      await s1.dispose();
    }
  });

  test('the database files (and the WAL) contain none of the key bytes', async () => {
    const s = await startTestServer();
    try {
      const c = await s.connect();
      const keys: Buffer[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await call(c, i % 2 === 0 ? V21 : V('1.2'), [createItem({ name: uniqueName('scan') }), getItem()]);
        keys.push(keyBytes(r.batchItem[1] as ResponseBatchItem));
      }
      // A registered key with bytes chosen here, too.
      const chosen = randomBytes(32);
      const reg = item(Operation.Register, {
        objectType: ObjectType.SymmetricKey,
        attributes: { attribute: [attribute('Cryptographic Usage Mask', 0x0c)] },
        object: {
          objectType: ObjectType.SymmetricKey,
          keyBlock: { keyFormatType: KeyFormatType.Raw, keyValue: { keyMaterial: chosen }, cryptographicAlgorithm: CryptographicAlgorithm.AES, cryptographicLength: 256 },
        },
      });
      const regUid = uidOf(ok(only(await call(c, V21, [reg]))));
      assert.deepEqual(keyBytes(only(await call(c, V21, [getItem(regUid)]))), chosen);
      keys.push(chosen);

      const scan = (when: string): void => {
        const files = readdirSync(s.dataDir).filter((f) => f.startsWith('keyhold.sqlite'));
        assert.ok(files.includes('keyhold.sqlite'), `${when}: the database file exists`);
        for (const f of files) {
          const content = readFileSync(join(s.dataDir, f));
          for (const k of keys) {
            // Any 8-byte window of a key would already be a leak.
            for (let off = 0; off + 8 <= k.length; off += 8) {
              assert.equal(content.indexOf(k.subarray(off, off + 8)), -1, `${when}: ${f} holds bytes of a key`);
            }
            assert.equal(content.indexOf(k.toString('hex')), -1, `${when}: ${f} holds a key in hex`);
            assert.equal(content.indexOf(k.toString('base64')), -1, `${when}: ${f} holds a key in base64`);
          }
        }
        return;
      };
      const walBefore = readdirSync(s.dataDir).includes('keyhold.sqlite-wal');
      assert.ok(walBefore, 'the WAL exists while the server runs');
      scan('while running');
      c.close();
      await s.stop();
      scan('after stop');
    } finally {
      await s.dispose();
    }
  });
});

describe('dates', () => {
  let nowMs = Date.UTC(2030, 0, 1);
  let ds: TestServer;
  let dc: KmipTestClient;
  const secs = (ms: number): bigint => BigInt(Math.floor(ms / 1000));
  before(async () => {
    ds = await startTestServer({ clock: () => nowMs });
    dc = await ds.connect();
  });
  after(async () => {
    dc?.close();
    await ds?.dispose();
  });

  test('Create with an Activation Date in the past: Active at once', async () => {
    for (const v of [V('1.0'), V21]) {
      const r = await call(dc, v, [createItem({ extra: [attribute('Activation Date', secs(nowMs) - 3600n)] }), stateItem()]);
      ok(r.batchItem[0]);
      assert.equal(stateOf(r.batchItem[1] as ResponseBatchItem), State.Active);
    }
  });

  test('Create with an Activation Date in the future: Pre-Active until it comes', async () => {
    const uid = uidOf(ok(only(await call(dc, V21, [createItem({ extra: [attribute('Activation Date', secs(nowMs) + 60n)] })]))));
    assert.equal(stateOf(only(await call(dc, V21, [stateItem(uid)]))), State.PreActive);
    nowMs += 61_000;
    assert.equal(stateOf(only(await call(dc, V21, [stateItem(uid)]))), State.Active);
  });

  test('a key whose Deactivation Date passes is Deactivated when next read, and then destroyable', async () => {
    const r = await call(dc, V('1.4'), [createItem({ extra: [attribute('Activation Date', secs(nowMs) - 10n), attribute('Deactivation Date', secs(nowMs) + 2n)] }), stateItem()]);
    const uid = uidOf(ok(r.batchItem[0]));
    assert.equal(stateOf(r.batchItem[1] as ResponseBatchItem), State.Active);
    nowMs += 3_000;
    assert.equal(stateOf(only(await call(dc, V('1.4'), [stateItem(uid)]))), State.Deactivated);
    // Locate by State sees the state at this moment too.
    const loc = responsePayloadAs(
      ok(only(await call(dc, V21, [item(Operation.Locate, { attributes: { attribute: [attribute('State', State.Deactivated), attribute('Object Type', ObjectType.SymmetricKey)] } })]))),
      Operation.Locate,
    );
    assert.ok((loc?.uniqueIdentifier ?? []).includes(uid));
    ok(only(await call(dc, V21, [destroyItem(uid)])), 'a Deactivated key can be destroyed');
  });
});
