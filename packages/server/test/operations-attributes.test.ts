/**
 * Add, Modify, Set, Delete and Adjust Attribute, driven through the executor with real KMIP
 * messages in 1.x and 2.x: the two request forms, every error with the exact Result Reason of
 * each version, Last Change Date, the state rules and the date-driven transitions they trigger.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdjustmentType,
  BatchErrorContinuationOption,
  ItemType,
  LinkType,
  NameType,
  ObjectType,
  Operation,
  ResultReason,
  ResultStatus,
  RevocationReasonCode,
  State,
  Tag,
  UniqueIdentifier,
  UsageLimitsUnit,
  type Attribute,
  type AttributeValue,
  type OpaqueDataType,
  type ProtocolVersion,
  type ResponseBatchItem,
} from '@keyhold/protocol';
import { MAX_ATTRIBUTE_INSTANCES } from '../src/operations/attribute-change.js';
import { toStoredAttribute } from '../src/objects/stored-form.js';
import {
  aesKeyRequest,
  assertReason,
  failure,
  InProcessKmip,
  item,
  successPayload,
  V1_0,
  V1_2,
  V1_4,
  V2_0,
  V2_1,
  versionName,
  type Failure,
} from './helpers/kmip.js';

const R = ResultReason;
const x = (name: string, value: AttributeValue, index?: number): Attribute => (index === undefined ? { name, value } : { name, index, value });
const name = (value: string): Attribute => x('Name', { nameValue: value, nameType: NameType.UninterpretedTextString });
const link = (linkType: number, target: string): Attribute => x('Link', { linkType, linkedObjectIdentifier: target } as AttributeValue);

/** Expects `f` to carry `reasons[v]` in every version listed. */
async function expectReasons(run: (v: ProtocolVersion) => Promise<Failure>, reasons: readonly (readonly [ProtocolVersion, ResultReason])[]): Promise<void> {
  for (const [v, reason] of reasons) assertReason(await run(v), reason, `KMIP ${versionName(v)}: `);
}

async function registerOpaque(kmip: InProcessKmip, version: ProtocolVersion, attributes: Attribute[] = []): Promise<string> {
  const res = await kmip.ok(version, Operation.Register, {
    objectType: ObjectType.OpaqueObject,
    attributes: { attribute: attributes },
    object: { objectType: ObjectType.OpaqueObject, opaqueDataType: 0x80000001 as OpaqueDataType, opaqueDataValue: new Uint8Array([1, 2, 3]) },
  });
  return res.uniqueIdentifier as string;
}

async function stateOf(kmip: InProcessKmip, uid: string): Promise<AttributeValue | undefined> {
  return (await kmip.stored(uid, 'State'))[0]?.value;
}

describe('Add Attribute', () => {
  test('1.x: the server assigns the Attribute Index and returns it (omitted for 0)', async () => {
    const kmip = new InProcessKmip();
    const uid = await kmip.createKey(V1_4);
    const first = await kmip.ok(V1_4, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: x('x-attribute1', 'Value1') });
    assert.deepEqual(first, { uniqueIdentifier: uid, attribute: x('x-attribute1', 'Value1') });
    const second = await kmip.ok(V1_4, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: x('x-attribute1', 'Value2') });
    assert.deepEqual(second.attribute, x('x-attribute1', 'Value2', 1));
    // Links as in TC-CREG-1-14: the first at index 0, the next at index 1.
    const a = await kmip.ok(V1_4, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: link(LinkType.PrivateKeyLink, 'k1') });
    assert.equal(a.attribute?.index, undefined);
    const b = await kmip.ok(V1_4, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: link(LinkType.CertificateLink, 'c1') });
    assert.deepEqual(b.attribute, { ...link(LinkType.CertificateLink, 'c1'), index: 1 });
    assert.deepEqual(
      (await kmip.stored(uid, 'x-attribute1')).map((s) => [s.index ?? 0, s.value]),
      [
        [0, 'Value1'],
        [1, 'Value2'],
      ],
    );
  });

  test('1.x: an Attribute Index in the request is Invalid Field', async () => {
    const kmip = new InProcessKmip();
    const uid = await kmip.createKey(V1_2);
    for (const index of [0, 1]) {
      assertReason(await kmip.fail(V1_2, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: x('x-a', 'v', index) }), R.InvalidField);
    }
  });

  test('2.x: New Attribute; the response carries only the Unique Identifier', async () => {
    const kmip = new InProcessKmip();
    const uid = await registerOpaque(kmip, V2_1);
    const res = await kmip.ok(V2_1, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: x('Description', 'This is opaque') });
    assert.deepEqual(res, { uniqueIdentifier: uid });
    assert.deepEqual((await kmip.stored(uid, 'Description')).map((a) => a.value), ['This is opaque']);
    // Vendor attributes (SKFF-M-9-21): x-attribute1 is Vendor Identification "x", Attribute Name "attribute1".
    await kmip.ok(V2_1, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: x('x-attribute1', 'Value1') });
    assert.deepEqual((await kmip.stored(uid, 'x-attribute1')).map((a) => a.value), ['Value1']);
  });

  test('a single-instance attribute already present: Attribute Single Valued (1.x Illegal Operation) — BL-M-5-21', async () => {
    const kmip = new InProcessKmip();
    const uid = await kmip.createKey(V2_1, [x('Contact Information', 'ops')]);
    await expectReasons((v) => kmip.fail(v, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: x('Contact Information', 'other') }), [
      [V2_1, R.AttributeSingleValued],
      [V2_0, R.AttributeSingleValued],
      [V1_4, R.IllegalOperation],
      [V1_0, R.IllegalOperation],
    ]);
    await kmip.ok(V2_1, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: x('Description', 'first') });
    assertReason(await kmip.fail(V2_1, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: x('Description', 'duplicate') }), R.AttributeSingleValued);
    assert.deepEqual((await kmip.stored(uid, 'Description')).map((a) => a.value), ['first']);
  });

  test('read-only and server-managed attributes: Read Only Attribute (1.x Permission Denied)', async () => {
    const kmip = new InProcessKmip();
    const uid = await kmip.createKey(V2_1);
    for (const a of [x('State', State.Active), x('Unique Identifier', 'other'), x('Cryptographic Algorithm', 3), x('Last Change Date', 5n), x('Initial Date', 5n)]) {
      await expectReasons((v) => kmip.fail(v, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: a }), [
        [V2_1, R.ReadOnlyAttribute],
        [V1_4, R.PermissionDenied],
        [V1_0, R.PermissionDenied],
      ]);
    }
    // A server-created (y-) custom attribute is not the client's to add.
    assertReason(await kmip.fail(V1_4, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: x('y-server', 'v') }), R.PermissionDenied);
  });

  test('an attribute that does not apply to the object type: Invalid Attribute (1.x Permission Denied)', async () => {
    const kmip = new InProcessKmip();
    // 1.2 rules: Link applies to cryptographic objects only; 2.1: to all objects.
    const opaque14 = await registerOpaque(kmip, V1_4);
    assertReason(await kmip.fail(V1_4, Operation.AddAttribute, { uniqueIdentifier: opaque14, newAttribute: link(LinkType.NextLink, 'k') }), R.PermissionDenied);
    const opaque21 = await registerOpaque(kmip, V2_1);
    await kmip.ok(V2_1, Operation.AddAttribute, { uniqueIdentifier: opaque21, newAttribute: link(LinkType.NextLink, 'k') });
    // Cryptographic Domain Parameters apply to public and private keys only.
    const key = await kmip.createKey(V2_1);
    const dp = x('Cryptographic Domain Parameters', { qlength: 256 } as AttributeValue);
    assertReason(await kmip.fail(V2_1, Operation.AddAttribute, { uniqueIdentifier: key, newAttribute: dp }), R.InvalidAttribute);
    assertReason(await kmip.fail(V1_4, Operation.AddAttribute, { uniqueIdentifier: key, newAttribute: dp }), R.PermissionDenied);
  });

  test('an attribute the version does not define: Invalid Attribute (1.x Invalid Field)', async () => {
    const kmip = new InProcessKmip();
    const uid = await kmip.createKey(V2_1);
    assertReason(await kmip.fail(V1_4, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: x('Quantum Safe', true) }), R.InvalidField);
    assertReason(await kmip.fail(V1_2, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: x('Description', 'not yet in 1.2') }), R.InvalidField);
    assertReason(await kmip.fail(V2_1, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: x('Operation Policy Name', 'default') }), R.InvalidAttribute);
    // A tag that is not an attribute at all, in a 2.x New Attribute.
    assertReason(await kmip.fail(V2_1, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: x('Key Format Type', 1) }), R.ReadOnlyAttribute);
    assertReason(await kmip.fail(V2_1, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: x('Block Cipher Mode', 1) }), R.InvalidAttribute);
  });

  test('a Name another object has: Non Unique Name Attribute (1.x Illegal Operation)', async () => {
    const kmip = new InProcessKmip();
    await kmip.createKey(V2_1, [name('taken')]);
    const uid = await kmip.createKey(V2_1);
    await expectReasons((v) => kmip.fail(v, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: name('taken') }), [
      [V2_1, R.NonUniqueNameAttribute],
      [V1_4, R.IllegalOperation],
      [V1_0, R.IllegalOperation],
    ]);
    // Names are unique across the server, whoever owns the other object.
    await kmip.as('bob').createKey(V2_1, [name('bobs')]);
    assertReason(await kmip.fail(V2_1, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: name('bobs') }), R.NonUniqueNameAttribute);
    const ok = await kmip.ok(V1_4, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: name('free') });
    assert.deepEqual(ok.attribute, name('free'));
  });

  test('a Name the object itself already has: Non Unique Name Attribute (1.x Illegal Operation) — BL-M-8-21', async () => {
    const kmip = new InProcessKmip();
    const uid = await kmip.createKey(V2_1, [name('BL-M-8-21')]);
    await expectReasons((v) => kmip.fail(v, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: name('BL-M-8-21') }), [
      [V2_1, R.NonUniqueNameAttribute],
      [V1_4, R.IllegalOperation],
      [V1_0, R.IllegalOperation],
    ]);
    // The Name Value is what must be unique, whatever the Name Type.
    const uri = x('Name', { nameValue: 'BL-M-8-21', nameType: NameType.URI });
    assertReason(await kmip.fail(V2_1, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: uri }), R.NonUniqueNameAttribute);
    assert.deepEqual((await kmip.stored(uid, 'Name')).map((a) => (a.value as { nameValue: string }).nameValue), ['BL-M-8-21'], 'no second instance');
    await kmip.ok(V2_1, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: name('second') });
  });

  test('unknown and foreign objects: Object Not Found (1.x Item Not Found), Permission Denied', async () => {
    const kmip = new InProcessKmip();
    await expectReasons((v) => kmip.fail(v, Operation.AddAttribute, { uniqueIdentifier: 'no-such-object', newAttribute: x('x-a', 'v') }), [
      [V2_1, R.ObjectNotFound],
      [V1_4, R.ItemNotFound],
    ]);
    const bobs = await kmip.as('bob').createKey(V2_1);
    assertReason(await kmip.fail(V2_1, Operation.AddAttribute, { uniqueIdentifier: bobs, newAttribute: x('x-a', 'v') }), R.PermissionDenied);
  });

  test('Last Change Date is set to the time of the change', async () => {
    const kmip = new InProcessKmip({ timeMs: 1_700_000_000_000 });
    const uid = await kmip.createKey(V2_1);
    assert.deepEqual((await kmip.stored(uid, 'Last Change Date')).map((a) => a.value), [1_700_000_000n]);
    kmip.advance(100);
    await kmip.ok(V1_4, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: x('x-a', 'v') });
    assert.deepEqual((await kmip.stored(uid, 'Last Change Date')).map((a) => a.value), [1_700_000_100n]);
    // A failed change leaves it alone.
    kmip.advance(100);
    await kmip.fail(V2_1, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: x('State', State.Active) });
    assert.deepEqual((await kmip.stored(uid, 'Last Change Date')).map((a) => a.value), [1_700_000_100n]);
  });

  test('2.x: the ID Placeholder and Link targets named by a Unique Identifier enumeration', async () => {
    const kmip = new InProcessKmip();
    const res = await kmip.send(V2_1, [
      item(Operation.Create, aesKeyRequest()),
      item(Operation.AddAttribute, { newAttribute: x('x-first', 'on the ID Placeholder') }),
      item(Operation.Create, aesKeyRequest()),
      item(Operation.AddAttribute, { uniqueIdentifier: { index: 0 }, newAttribute: x('Link', { linkType: LinkType.NextLink, linkedObjectIdentifier: { placeholder: UniqueIdentifier.IDPlaceholder } }) }),
    ]);
    const [c1, a1, c2, a2] = res.batchItem;
    const first = successPayload(c1 as ResponseBatchItem, Operation.Create).uniqueIdentifier as string;
    const second = successPayload(c2 as ResponseBatchItem, Operation.Create).uniqueIdentifier as string;
    assert.deepEqual(successPayload(a1 as ResponseBatchItem, Operation.AddAttribute), { uniqueIdentifier: first });
    assert.deepEqual(successPayload(a2 as ResponseBatchItem, Operation.AddAttribute), { uniqueIdentifier: first });
    assert.deepEqual((await kmip.stored(first, 'x-first')).map((a) => a.value), ['on the ID Placeholder']);
    assert.deepEqual((await kmip.stored(first, 'Link')).map((a) => a.value), [{ linkType: LinkType.NextLink, linkedObjectIdentifier: second }]);
  });

  test('Links are not mirrored on the target object (AX-M-1-14: the client adds both directions)', async () => {
    const kmip = new InProcessKmip();
    const a = await kmip.createKey(V1_4);
    const b = await kmip.createKey(V1_4);
    await kmip.ok(V1_4, Operation.AddAttribute, { uniqueIdentifier: a, newAttribute: link(LinkType.NextLink, b) });
    assert.deepEqual(await kmip.stored(b, 'Link'), []);
    const back = await kmip.ok(V1_4, Operation.AddAttribute, { uniqueIdentifier: b, newAttribute: link(LinkType.PreviousLink, a) });
    assert.deepEqual(back.attribute, link(LinkType.PreviousLink, a)); // index 0: omitted
  });

  test('Activation Date added in the past activates a Pre-Active object; the saved state is Active', async () => {
    const kmip = new InProcessKmip({ timeMs: 1_700_000_000_000 });
    const uid = await kmip.createKey(V2_1);
    assert.equal(await stateOf(kmip, uid), State.PreActive);
    await kmip.ok(V2_1, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: x('Activation Date', 1_699_999_000n) });
    assert.equal(await stateOf(kmip, uid), State.Active);
    // A Deactivation Date that has come deactivates it.
    await kmip.ok(V1_4, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: x('Deactivation Date', 1_700_000_000n) });
    assert.equal(await stateOf(kmip, uid), State.Deactivated);
  });

  test('Activation Date on an object no longer Pre-Active: Wrong Key Lifecycle State (1.x Permission Denied)', async () => {
    const kmip = new InProcessKmip();
    const uid = await kmip.createKey(V2_1);
    await kmip.ok(V2_1, Operation.Revoke, { uniqueIdentifier: uid, revocationReason: { revocationReasonCode: RevocationReasonCode.KeyCompromise } });
    await expectReasons((v) => kmip.fail(v, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: x('Activation Date', kmip.nowSeconds + 100n) }), [
      [V2_1, R.WrongKeyLifecycleState],
      [V1_4, R.PermissionDenied],
    ]);
  });

  test(`more than ${MAX_ATTRIBUTE_INSTANCES} instances: Server Limit Exceeded (1.x Index Out of Bounds)`, async () => {
    const kmip = new InProcessKmip();
    const uid = await kmip.createKey(V2_1);
    const items = Array.from({ length: MAX_ATTRIBUTE_INSTANCES }, (_, i) => item(Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: x('Object Group', `g${i}`) }));
    const res = await kmip.send(V2_1, items);
    assert.ok(res.batchItem.every((b) => b.resultStatus === ResultStatus.Success));
    await expectReasons((v) => kmip.fail(v, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: x('Object Group', 'one more') }), [
      [V2_1, R.ServerLimitExceeded],
      [V1_4, R.IndexOutOfBounds],
    ]);
  });

  test('Usage Limits: the client never sets the Count; the server starts it at the Total', async () => {
    const kmip = new InProcessKmip();
    const uid = await kmip.createKey(V2_1);
    await kmip.ok(V2_1, Operation.AddAttribute, {
      uniqueIdentifier: uid,
      newAttribute: x('Usage Limits', { usageLimitsTotal: 10n, usageLimitsCount: 3n, usageLimitsUnit: UsageLimitsUnit.Object }),
    });
    assert.deepEqual((await kmip.stored(uid, 'Usage Limits'))[0]?.value, { usageLimitsTotal: 10n, usageLimitsCount: 10n, usageLimitsUnit: UsageLimitsUnit.Object });
  });

  test('Batch Error Continuation Option Undo rolls an added attribute back', async () => {
    const kmip = new InProcessKmip();
    const uid = await kmip.createKey(V2_1);
    const res = await kmip.send(
      V2_1,
      [item(Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: x('x-a', 'v') }), item(Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: x('State', 2) })],
      { batchErrorContinuationOption: BatchErrorContinuationOption.Undo },
    );
    assert.deepEqual(
      res.batchItem.map((b) => b.resultStatus),
      [ResultStatus.OperationUndone, ResultStatus.OperationFailed],
    );
    assert.deepEqual(await kmip.stored(uid, 'x-a'), []);
  });
});

describe('Modify Attribute', () => {
  test('1.x: by name and index (absent = 0); the response returns the new value and index', async () => {
    const kmip = new InProcessKmip();
    const uid = await kmip.createKey(V1_4, [x('x-provider', 'unknown')]);
    const res = await kmip.ok(V1_4, Operation.ModifyAttribute, { uniqueIdentifier: uid, newAttribute: x('x-provider', 'third party') });
    assert.deepEqual(res, { uniqueIdentifier: uid, attribute: x('x-provider', 'third party') });
    await kmip.ok(V1_4, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: x('x-provider', 'second') });
    const second = await kmip.ok(V1_4, Operation.ModifyAttribute, { uniqueIdentifier: uid, newAttribute: x('x-provider', 'second, changed', 1) });
    assert.deepEqual(second.attribute, x('x-provider', 'second, changed', 1));
    assert.deepEqual(
      (await kmip.stored(uid, 'x-provider')).map((a) => [a.index ?? 0, a.value]),
      [
        [0, 'third party'],
        [1, 'second, changed'],
      ],
    );
  });

  test('1.x: no instance with the index is Item Not Found; no attribute at all is Invalid Field', async () => {
    const kmip = new InProcessKmip();
    const uid = await kmip.createKey(V1_4, [x('x-provider', 'unknown')]);
    for (const v of [V1_0, V1_4]) {
      assertReason(await kmip.fail(v, Operation.ModifyAttribute, { uniqueIdentifier: uid, newAttribute: x('x-provider', 'v', 5) }), R.ItemNotFound);
      assertReason(await kmip.fail(v, Operation.ModifyAttribute, { uniqueIdentifier: uid, newAttribute: x('x-missing', 'v') }), R.InvalidField);
      assertReason(await kmip.fail(v, Operation.ModifyAttribute, { uniqueIdentifier: uid, newAttribute: x('Contact Information', 'v') }), R.InvalidField);
    }
    // Single-instance attributes have index 0 only.
    const withContact = await kmip.createKey(V1_4, [x('Contact Information', 'ops')]);
    assertReason(await kmip.fail(V1_4, Operation.ModifyAttribute, { uniqueIdentifier: withContact, newAttribute: x('Contact Information', 'v', 1) }), R.ItemNotFound);
  });

  test('2.x: an attribute the object does not have is Attribute Not Found', async () => {
    const kmip = new InProcessKmip();
    const uid = await kmip.createKey(V2_1);
    await expectReasons((v) => kmip.fail(v, Operation.ModifyAttribute, { uniqueIdentifier: uid, newAttribute: x('Description', 'v') }), [
      [V2_1, R.AttributeNotFound],
      [V2_0, R.AttributeNotFound],
      [V1_4, R.InvalidField],
    ]);
  });

  test('read-only attributes: Attribute Read Only (1.x Permission Denied) — BL-M-7-21, BL-M-10-21', async () => {
    const kmip = new InProcessKmip();
    const uid = await kmip.createKey(V2_1);
    await expectReasons((v) => kmip.fail(v, Operation.ModifyAttribute, { uniqueIdentifier: uid, newAttribute: x('State', State.Compromised) }), [
      [V2_1, R.AttributeReadOnly],
      [V1_4, R.PermissionDenied],
      [V1_0, R.PermissionDenied],
    ]);
    // Read-only is answered before the attribute is looked for (a key has no Certificate Length).
    assertReason(await kmip.fail(V2_1, Operation.ModifyAttribute, { uniqueIdentifier: uid, newAttribute: x('Certificate Length', 123) }), R.AttributeReadOnly);
    assertReason(await kmip.fail(V2_1, Operation.ModifyAttribute, { uniqueIdentifier: uid, newAttribute: x('Cryptographic Usage Mask', 4) }), R.AttributeReadOnly);
    assertReason(await kmip.fail(V2_1, Operation.ModifyAttribute, { uniqueIdentifier: uid, newAttribute: x('Certificate Subject CN', 'CN') }), R.AttributeReadOnly);
  });

  test('2.x: without Current Attribute, one instance is changed; several are Multi Valued Attribute', async () => {
    const kmip = new InProcessKmip();
    const uid = await kmip.createKey(V2_1, [x('x-attribute1', 'Value1')]);
    assert.deepEqual(await kmip.ok(V2_1, Operation.ModifyAttribute, { uniqueIdentifier: uid, newAttribute: x('x-attribute1', 'ModifiedValue1') }), { uniqueIdentifier: uid });
    assert.deepEqual((await kmip.stored(uid, 'x-attribute1')).map((a) => a.value), ['ModifiedValue1']);
    await kmip.ok(V2_1, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: x('x-attribute1', 'Value2') });
    assertReason(await kmip.fail(V2_1, Operation.ModifyAttribute, { uniqueIdentifier: uid, newAttribute: x('x-attribute1', 'v') }), R.MultiValuedAttribute);
  });

  test('2.x: Current Attribute names the instance by value; its index is kept', async () => {
    const kmip = new InProcessKmip();
    const uid = await kmip.createKey(V2_1, [name('one'), name('two'), name('three')]);
    await kmip.ok(V2_1, Operation.ModifyAttribute, { uniqueIdentifier: uid, currentAttribute: name('two'), newAttribute: name('deux') });
    assert.deepEqual(
      (await kmip.stored(uid, 'Name')).map((a) => [a.index ?? 0, (a.value as { nameValue: string }).nameValue]),
      [
        [0, 'one'],
        [1, 'deux'],
        [2, 'three'],
      ],
    );
    assertReason(await kmip.fail(V2_1, Operation.ModifyAttribute, { uniqueIdentifier: uid, currentAttribute: name('two'), newAttribute: name('zwei') }), R.AttributeInstanceNotFound);
    assertReason(await kmip.fail(V2_1, Operation.ModifyAttribute, { uniqueIdentifier: uid, currentAttribute: x('Description', 'a'), newAttribute: name('zwei') }), R.InvalidField);
    assertReason(await kmip.fail(V2_1, Operation.ModifyAttribute, { uniqueIdentifier: uid, currentAttribute: x('Object Group', 'a'), newAttribute: x('Object Group', 'b') }), R.AttributeNotFound);
  });

  test('a Name another object has: Non Unique Name Attribute (1.x Illegal Operation)', async () => {
    const kmip = new InProcessKmip();
    await kmip.createKey(V2_1, [name('taken')]);
    const uid = await kmip.createKey(V2_1, [name('mine')]);
    await expectReasons((v) => kmip.fail(v, Operation.ModifyAttribute, { uniqueIdentifier: uid, newAttribute: name('taken') }), [
      [V2_1, R.NonUniqueNameAttribute],
      [V1_4, R.IllegalOperation],
    ]);
    // Its own name again is fine.
    await kmip.ok(V1_4, Operation.ModifyAttribute, { uniqueIdentifier: uid, newAttribute: name('mine') });
    // Another Name instance of the same object is not: the object would have the Name twice.
    await kmip.ok(V2_1, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: name('other') });
    assertReason(await kmip.fail(V2_1, Operation.ModifyAttribute, { uniqueIdentifier: uid, currentAttribute: name('other'), newAttribute: name('mine') }), R.NonUniqueNameAttribute);
    assertReason(await kmip.fail(V1_4, Operation.ModifyAttribute, { uniqueIdentifier: uid, newAttribute: { ...name('mine'), index: 1 } }), R.IllegalOperation);
    await kmip.ok(V2_1, Operation.ModifyAttribute, { uniqueIdentifier: uid, currentAttribute: name('other'), newAttribute: name('other') });
  });

  test('Activation Date of an Active key: Wrong Key Lifecycle State (1.x Permission Denied) — AKLC-M-3', async () => {
    const kmip = new InProcessKmip();
    const uid = await kmip.createKey(V2_1);
    await kmip.ok(V2_1, Operation.Activate, { uniqueIdentifier: uid });
    await expectReasons((v) => kmip.fail(v, Operation.ModifyAttribute, { uniqueIdentifier: uid, newAttribute: x('Activation Date', kmip.nowSeconds) }), [
      [V2_1, R.WrongKeyLifecycleState],
      [V1_4, R.PermissionDenied],
    ]);
  });

  test('Activation Date moved to the past: transition 4, saved as Active (spec §4.57)', async () => {
    const kmip = new InProcessKmip({ timeMs: 1_700_000_000_000 });
    const uid = await kmip.createKey(V1_4, [x('Activation Date', 1_800_000_000n)]);
    assert.equal(await stateOf(kmip, uid), State.PreActive);
    kmip.advance(60);
    const res = await kmip.ok(V1_4, Operation.ModifyAttribute, { uniqueIdentifier: uid, newAttribute: x('Activation Date', 1_700_000_000n) });
    assert.deepEqual(res.attribute, x('Activation Date', 1_700_000_000n));
    const stored = await kmip.storedAttributes(uid);
    assert.equal(stored.find((a) => a.name === 'State')?.value, State.Active);
    assert.equal(stored.find((a) => a.name === 'Activation Date')?.value, 1_700_000_000n);
    assert.equal(stored.find((a) => a.name === 'Last Change Date')?.value, 1_700_000_060n);
    // A future date keeps the object Pre-Active.
    const later = await kmip.createKey(V2_1, [x('Activation Date', 1_800_000_000n)]);
    await kmip.ok(V2_1, Operation.ModifyAttribute, { uniqueIdentifier: later, newAttribute: x('Activation Date', 1_750_000_000n) });
    assert.equal(await stateOf(kmip, later), State.PreActive);
  });

  test('Deactivation Date: changeable while Pre-Active or Active; moved to the past it deactivates (transition 6)', async () => {
    const kmip = new InProcessKmip({ timeMs: 1_700_000_000_000 });
    const uid = await kmip.createKey(V2_1, [x('Deactivation Date', 1_800_000_000n)]);
    await kmip.ok(V2_1, Operation.ModifyAttribute, { uniqueIdentifier: uid, newAttribute: x('Deactivation Date', 1_850_000_000n) });
    await kmip.ok(V2_1, Operation.Activate, { uniqueIdentifier: uid });
    await kmip.ok(V2_1, Operation.ModifyAttribute, { uniqueIdentifier: uid, newAttribute: x('Deactivation Date', 1_699_000_000n) });
    assert.equal(await stateOf(kmip, uid), State.Deactivated);
    await expectReasons((v) => kmip.fail(v, Operation.ModifyAttribute, { uniqueIdentifier: uid, newAttribute: x('Deactivation Date', 1_900_000_000n) }), [
      [V2_1, R.WrongKeyLifecycleState],
      [V1_4, R.PermissionDenied],
    ]);
  });

  test('Process Start Date: changeable only until it has been reached', async () => {
    const kmip = new InProcessKmip({ timeMs: 1_700_000_000_000 });
    const uid = await kmip.createKey(V2_1, [x('Process Start Date', 1_700_000_100n)]);
    await kmip.ok(V2_1, Operation.ModifyAttribute, { uniqueIdentifier: uid, newAttribute: x('Process Start Date', 1_700_000_050n) });
    kmip.advance(60);
    await expectReasons((v) => kmip.fail(v, Operation.ModifyAttribute, { uniqueIdentifier: uid, newAttribute: x('Process Start Date', 1_700_001_000n) }), [
      [V2_1, R.PermissionDenied],
      [V1_4, R.PermissionDenied],
    ]);
  });

  test('an object whose Activation Date came while stored is activated on load and can be changed at once', async () => {
    const kmip = new InProcessKmip({ timeMs: 1_700_000_000_000 });
    const uid = await kmip.createKey(V2_1, [x('Activation Date', 1_700_000_010n), x('x-note', 'a')]);
    kmip.advance(20);
    await kmip.ok(V2_1, Operation.ModifyAttribute, { uniqueIdentifier: uid, newAttribute: x('x-note', 'b') });
    assert.equal(await stateOf(kmip, uid), State.Active);
    assert.deepEqual((await kmip.stored(uid, 'x-note')).map((a) => a.value), ['b']);
  });

  test('Sensitive and Extractable: the server keeps Always Sensitive and Never Extractable true only while they hold', async () => {
    const kmip = new InProcessKmip();
    const uid = await kmip.createKey(V2_1, [x('Sensitive', true), x('Extractable', false)]);
    const flags = async (): Promise<AttributeValue[]> => (await kmip.storedAttributes(uid)).filter((a) => a.name === 'Always Sensitive' || a.name === 'Never Extractable').map((a) => a.value as AttributeValue);
    assert.deepEqual(await flags(), [true, true]);
    await kmip.ok(V2_1, Operation.ModifyAttribute, { uniqueIdentifier: uid, newAttribute: x('Sensitive', false) });
    await kmip.ok(V1_4, Operation.ModifyAttribute, { uniqueIdentifier: uid, newAttribute: x('Extractable', true) });
    assert.deepEqual(await flags(), [false, false]);
    await kmip.ok(V2_1, Operation.ModifyAttribute, { uniqueIdentifier: uid, newAttribute: x('Sensitive', true) });
    assert.deepEqual(await flags(), [false, false]);
  });

  test('Usage Limits can no longer be changed once part of the usage has been allocated', async () => {
    const kmip = new InProcessKmip();
    const uid = await kmip.createKey(V2_1);
    const limits = (total: bigint): AttributeValue => ({ usageLimitsTotal: total, usageLimitsUnit: UsageLimitsUnit.Object });
    await kmip.ok(V2_1, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: x('Usage Limits', limits(10n)) });
    await kmip.ok(V2_1, Operation.ModifyAttribute, { uniqueIdentifier: uid, newAttribute: x('Usage Limits', limits(20n)) });
    // Simulate a Get Usage Allocation of 5 (the Count drops below the Total).
    await kmip.store.transaction(async (tx) => {
      const rec = await tx.get(uid);
      assert.ok(rec !== undefined);
      const attributes = rec.attributes.map((a) => (a.name === 'Usage Limits' ? toStoredAttribute(x('Usage Limits', { usageLimitsTotal: 20n, usageLimitsCount: 15n, usageLimitsUnit: UsageLimitsUnit.Object })) : a));
      await tx.put({ ...rec, attributes });
    });
    await expectReasons((v) => kmip.fail(v, Operation.ModifyAttribute, { uniqueIdentifier: uid, newAttribute: x('Usage Limits', limits(30n)) }), [
      [V2_1, R.AttributeReadOnly],
      [V1_4, R.PermissionDenied],
    ]);
    assertReason(await kmip.fail(V2_1, Operation.DeleteAttribute, { uniqueIdentifier: uid, attributeReference: 'Usage Limits' }), R.AttributeReadOnly);
  });

  test('the ID Placeholder names the object (TL-M-3)', async () => {
    const kmip = new InProcessKmip();
    const res = await kmip.send(V1_4, [
      item(Operation.Create, aesKeyRequest([x('x-VendorAttribute2', 0)])),
      item(Operation.ModifyAttribute, { newAttribute: x('x-VendorAttribute2', 1) }),
    ]);
    const uid = successPayload(res.batchItem[0] as ResponseBatchItem, Operation.Create).uniqueIdentifier;
    assert.deepEqual(successPayload(res.batchItem[1] as ResponseBatchItem, Operation.ModifyAttribute), { uniqueIdentifier: uid, attribute: x('x-VendorAttribute2', 1) });
  });
});

describe('Set Attribute (2.x)', () => {
  test('adds an attribute the object lacks and replaces its only instance', async () => {
    const kmip = new InProcessKmip({ timeMs: 1_700_000_000_000 });
    const uid = await kmip.createKey(V2_1);
    assert.deepEqual(await kmip.ok(V2_1, Operation.SetAttribute, { uniqueIdentifier: uid, newAttribute: x('Description', 'one') }), { uniqueIdentifier: uid });
    kmip.advance(5);
    await kmip.ok(V2_0, Operation.SetAttribute, { uniqueIdentifier: uid, newAttribute: x('Description', 'two') });
    const stored = await kmip.storedAttributes(uid);
    assert.deepEqual(stored.filter((a) => a.name === 'Description').map((a) => a.value), ['two']);
    assert.equal(stored.find((a) => a.name === 'Last Change Date')?.value, 1_700_000_005n);
    // A multi-instance attribute with one instance is replaced too.
    await kmip.ok(V2_1, Operation.SetAttribute, { uniqueIdentifier: uid, newAttribute: name('only') });
    await kmip.ok(V2_1, Operation.SetAttribute, { uniqueIdentifier: uid, newAttribute: name('renamed') });
    assert.deepEqual((await kmip.stored(uid, 'Name')).map((a) => (a.value as { nameValue: string }).nameValue), ['renamed']);
  });

  test('several instances: Multi Valued Attribute', async () => {
    const kmip = new InProcessKmip();
    const uid = await kmip.createKey(V2_1, [x('Object Group', 'a'), x('Object Group', 'b')]);
    assertReason(await kmip.fail(V2_1, Operation.SetAttribute, { uniqueIdentifier: uid, newAttribute: x('Object Group', 'c') }), R.MultiValuedAttribute);
  });

  test('read-only: Read Only Attribute; state rules; Name uniqueness; not in 1.x', async () => {
    const kmip = new InProcessKmip();
    await kmip.createKey(V2_1, [name('taken')]);
    const uid = await kmip.createKey(V2_1);
    assertReason(await kmip.fail(V2_1, Operation.SetAttribute, { uniqueIdentifier: uid, newAttribute: x('State', State.Active) }), R.ReadOnlyAttribute);
    assertReason(await kmip.fail(V2_1, Operation.SetAttribute, { uniqueIdentifier: uid, newAttribute: x('Cryptographic Length', 128) }), R.ReadOnlyAttribute);
    assertReason(await kmip.fail(V2_1, Operation.SetAttribute, { uniqueIdentifier: uid, newAttribute: name('taken') }), R.NonUniqueNameAttribute);
    await kmip.ok(V2_1, Operation.SetAttribute, { uniqueIdentifier: uid, newAttribute: name('mine') });
    await kmip.ok(V2_1, Operation.SetAttribute, { uniqueIdentifier: uid, newAttribute: name('mine') }); // its only Name, set again
    await kmip.ok(V2_1, Operation.Activate, { uniqueIdentifier: uid });
    assertReason(await kmip.fail(V2_1, Operation.SetAttribute, { uniqueIdentifier: uid, newAttribute: x('Activation Date', 1n) }), R.WrongKeyLifecycleState);
    assertReason(await kmip.fail(V1_4, Operation.SetAttribute, { uniqueIdentifier: uid, newAttribute: x('Description', 'd') }), R.OperationNotSupported);
  });

  test('Activation Date set in the past activates a Pre-Active key', async () => {
    const kmip = new InProcessKmip();
    const uid = await kmip.createKey(V2_1);
    await kmip.ok(V2_1, Operation.SetAttribute, { uniqueIdentifier: uid, newAttribute: x('Activation Date', kmip.nowSeconds - 10n) });
    assert.equal(await stateOf(kmip, uid), State.Active);
  });
});

describe('Delete Attribute', () => {
  test('1.x: by name, absent index = 0; returns the deleted attribute; other indices stay', async () => {
    const kmip = new InProcessKmip();
    const uid = await kmip.createKey(V1_4, [x('x-attribute1', 'Value1')]);
    const res = await kmip.ok(V1_4, Operation.DeleteAttribute, { uniqueIdentifier: uid, attributeReference: 'x-attribute1' });
    assert.deepEqual(res, { uniqueIdentifier: uid, attribute: x('x-attribute1', 'Value1') });
    assert.deepEqual(await kmip.stored(uid, 'x-attribute1'), []);

    for (const g of ['g0', 'g1', 'g2']) await kmip.ok(V1_4, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: x('Object Group', g) });
    const deleted = await kmip.ok(V1_4, Operation.DeleteAttribute, { uniqueIdentifier: uid, attributeReference: 'Object Group', attributeIndex: 1 });
    assert.deepEqual(deleted.attribute, x('Object Group', 'g1', 1));
    await kmip.ok(V1_4, Operation.ModifyAttribute, { uniqueIdentifier: uid, newAttribute: x('Object Group', 'g2 changed', 2) });
    assert.deepEqual(
      (await kmip.stored(uid, 'Object Group')).map((a) => [a.index ?? 0, a.value]),
      [
        [0, 'g0'],
        [2, 'g2 changed'],
      ],
    );
    // Index 1 is gone: Item Not Found.
    assertReason(await kmip.fail(V1_4, Operation.DeleteAttribute, { uniqueIdentifier: uid, attributeReference: 'Object Group', attributeIndex: 1 }), R.ItemNotFound);
  });

  test('1.x: no such attribute or instance is Item Not Found; read-only is Permission Denied', async () => {
    const kmip = new InProcessKmip();
    const uid = await kmip.createKey(V1_4);
    for (const v of [V1_0, V1_2, V1_4]) {
      assertReason(await kmip.fail(v, Operation.DeleteAttribute, { uniqueIdentifier: uid, attributeReference: 'x-none' }), R.ItemNotFound);
      assertReason(await kmip.fail(v, Operation.DeleteAttribute, { uniqueIdentifier: uid, attributeReference: 'State' }), R.PermissionDenied);
      assertReason(await kmip.fail(v, Operation.DeleteAttribute, { uniqueIdentifier: uid, attributeReference: 'Cryptographic Algorithm' }), R.PermissionDenied);
      assertReason(await kmip.fail(v, Operation.DeleteAttribute, { uniqueIdentifier: uid, attributeReference: 'Activation Date' }), R.PermissionDenied);
    }
  });

  test('2.x: Attribute Reference deletes every instance (SKFF-M-9-21); Current Attribute one', async () => {
    const kmip = new InProcessKmip();
    const uid = await kmip.createKey(V2_1, [x('x-attribute1', 'a'), x('x-attribute1', 'b'), x('Object Group', 'g0'), x('Object Group', 'g1')]);
    assert.deepEqual(await kmip.ok(V2_1, Operation.DeleteAttribute, { uniqueIdentifier: uid, attributeReference: 'x-attribute1' }), { uniqueIdentifier: uid });
    assert.deepEqual(await kmip.stored(uid, 'x-attribute1'), []);
    await kmip.ok(V2_1, Operation.DeleteAttribute, { uniqueIdentifier: uid, currentAttribute: x('Object Group', 'g1') });
    assert.deepEqual((await kmip.stored(uid, 'Object Group')).map((a) => a.value), ['g0']);
    assertReason(await kmip.fail(V2_1, Operation.DeleteAttribute, { uniqueIdentifier: uid, currentAttribute: x('Object Group', 'g1') }), R.AttributeInstanceNotFound);
    assertReason(await kmip.fail(V2_1, Operation.DeleteAttribute, { uniqueIdentifier: uid, attributeReference: 'Description' }), R.AttributeNotFound);
    assertReason(await kmip.fail(V2_1, Operation.DeleteAttribute, { uniqueIdentifier: uid, currentAttribute: x('Description', 'd') }), R.AttributeNotFound);
  });

  test('2.x: read-only is Attribute Read Only; malformed requests', async () => {
    const kmip = new InProcessKmip();
    const uid = await kmip.createKey(V2_1, [x('Object Group', 'g0')]);
    assertReason(await kmip.fail(V2_1, Operation.DeleteAttribute, { uniqueIdentifier: uid, attributeReference: 'State' }), R.AttributeReadOnly);
    assertReason(await kmip.fail(V2_1, Operation.DeleteAttribute, { uniqueIdentifier: uid, attributeReference: 'Unique Identifier' }), R.AttributeReadOnly);
    assertReason(await kmip.fail(V2_1, Operation.DeleteAttribute, { uniqueIdentifier: uid }), R.InvalidMessage);
    assertReason(await kmip.fail(V2_1, Operation.DeleteAttribute, { uniqueIdentifier: uid, currentAttribute: x('Object Group', 'g0'), attributeReference: 'Name' }), R.InvalidField);
    assertReason(await kmip.fail(V1_4, Operation.DeleteAttribute, { uniqueIdentifier: uid }), R.InvalidMessage);
  });

  test('a deleted Link leaves the linked object alone; Last Change Date is set', async () => {
    const kmip = new InProcessKmip({ timeMs: 1_700_000_000_000 });
    const a = await kmip.createKey(V2_1);
    const b = await kmip.createKey(V2_1, [link(LinkType.PreviousLink, a)]);
    await kmip.ok(V2_1, Operation.AddAttribute, { uniqueIdentifier: a, newAttribute: link(LinkType.NextLink, b) });
    kmip.advance(30);
    await kmip.ok(V2_1, Operation.DeleteAttribute, { uniqueIdentifier: a, currentAttribute: link(LinkType.NextLink, b) });
    assert.deepEqual(await kmip.stored(a, 'Link'), []);
    assert.deepEqual((await kmip.stored(b, 'Link')).map((l) => l.value), [{ linkType: LinkType.PreviousLink, linkedObjectIdentifier: a }]);
    assert.deepEqual((await kmip.stored(a, 'Last Change Date')).map((l) => l.value), [1_700_000_030n]);
    assert.deepEqual((await kmip.stored(b, 'Last Change Date')).map((l) => l.value), [1_700_000_000n]);
  });
});

describe('Adjust Attribute (2.x)', () => {
  const adjust = (uid: string, attributeReference: string, adjustmentType: number, adjustmentValue?: AttributeValue) =>
    ({ uniqueIdentifier: uid, attributeReference, adjustmentType, ...(adjustmentValue === undefined ? {} : { adjustmentValue }) }) as never;

  test('increments, decrements and negates a custom Integer', async () => {
    const kmip = new InProcessKmip();
    const uid = await kmip.createKey(V2_1, [x('x-counter', 5)]);
    assert.deepEqual(await kmip.ok(V2_1, Operation.AdjustAttribute, adjust(uid, 'x-counter', AdjustmentType.Increment, 3)), { uniqueIdentifier: uid });
    assert.deepEqual((await kmip.stored(uid, 'x-counter')).map((a) => a.value), [8]);
    await kmip.ok(V2_1, Operation.AdjustAttribute, adjust(uid, 'x-counter', AdjustmentType.Decrement));
    assert.deepEqual((await kmip.stored(uid, 'x-counter')).map((a) => a.value), [7]);
    await kmip.ok(V2_1, Operation.AdjustAttribute, adjust(uid, 'x-counter', AdjustmentType.Negate));
    assert.deepEqual((await kmip.stored(uid, 'x-counter')).map((a) => a.value), [-7]);
  });

  test('an absent attribute counts as 0 / false', async () => {
    const kmip = new InProcessKmip();
    const uid = await kmip.createKey(V2_1);
    await kmip.ok(V2_1, Operation.AdjustAttribute, adjust(uid, 'x-big', AdjustmentType.Increment, 1n << 40n));
    assert.deepEqual((await kmip.stored(uid, 'x-big')).map((a) => a.value), [1n << 40n]);
    await kmip.ok(V2_1, Operation.AdjustAttribute, adjust(uid, 'Protection Period', AdjustmentType.Increment, { tag: Tag.AdjustmentValue, type: ItemType.Interval, value: 3600 }));
    assert.deepEqual((await kmip.stored(uid, 'Protection Period')).map((a) => a.value), [3600]);
    await kmip.ok(V2_1, Operation.AdjustAttribute, adjust(uid, 'Quantum Safe', AdjustmentType.Negate));
    assert.deepEqual((await kmip.stored(uid, 'Quantum Safe')).map((a) => a.value), [true]);
    assertReason(await kmip.fail(V2_1, Operation.AdjustAttribute, adjust(uid, 'x-unknown', AdjustmentType.Negate)), R.ItemNotFound);
  });

  test('errors: Invalid Data Type, Numeric Range, Read Only Attribute, Multi Valued Attribute', async () => {
    const kmip = new InProcessKmip();
    const uid = await kmip.createKey(V2_1, [x('x-max', 0x7fffffff), x('x-twice', 1), x('x-twice', 2), x('Description', 'text')]);
    assertReason(await kmip.fail(V2_1, Operation.AdjustAttribute, adjust(uid, 'Description', AdjustmentType.Increment)), R.InvalidDataType);
    assertReason(await kmip.fail(V2_1, Operation.AdjustAttribute, adjust(uid, 'Sensitive', AdjustmentType.Increment)), R.InvalidDataType);
    assertReason(await kmip.fail(V2_1, Operation.AdjustAttribute, adjust(uid, 'x-max', AdjustmentType.Increment, true)), R.InvalidDataType);
    assertReason(await kmip.fail(V2_1, Operation.AdjustAttribute, adjust(uid, 'x-max', AdjustmentType.Increment)), R.NumericRange);
    assertReason(await kmip.fail(V2_1, Operation.AdjustAttribute, adjust(uid, 'State', AdjustmentType.Increment)), R.ReadOnlyAttribute);
    assertReason(await kmip.fail(V2_1, Operation.AdjustAttribute, adjust(uid, 'x-twice', AdjustmentType.Increment)), R.MultiValuedAttribute);
    assertReason(await kmip.fail(V2_1, Operation.AdjustAttribute, adjust(uid, 'Protection Period', AdjustmentType.Negate)), R.InvalidDataType);
    assertReason(await kmip.fail(V1_4, Operation.AdjustAttribute, adjust(uid, 'x-max', AdjustmentType.Decrement)), R.OperationNotSupported);
  });

  test('Activation Date adjusted into the past activates a Pre-Active key', async () => {
    const kmip = new InProcessKmip({ timeMs: 1_700_000_000_000 });
    const uid = await kmip.createKey(V2_1, [x('Activation Date', 1_700_000_100n)]);
    await kmip.ok(V2_1, Operation.AdjustAttribute, adjust(uid, 'Activation Date', AdjustmentType.Decrement, 200));
    const stored = await kmip.storedAttributes(uid);
    assert.equal(stored.find((a) => a.name === 'Activation Date')?.value, 1_699_999_900n);
    assert.equal(stored.find((a) => a.name === 'State')?.value, State.Active);
    assertReason(await kmip.fail(V2_1, Operation.AdjustAttribute, adjust(uid, 'Activation Date', AdjustmentType.Increment)), R.WrongKeyLifecycleState);
  });
});

test('a failed item carries a failure the helper recognises', async () => {
  const kmip = new InProcessKmip();
  const r = await kmip.call(V2_1, Operation.ModifyAttribute, { uniqueIdentifier: 'none', newAttribute: x('Description', 'd') });
  assert.equal(failure(r).reason, R.ObjectNotFound);
});
