/**
 * Export, Import and Set Endpoint Role [KMIP 2.1 §6.1.18, §6.1.25, §6.1.54], driven through the
 * executor with real KMIP messages: Export returns the object with all its attributes and the
 * refusals of Get; Import moves an object to another server with the attributes as supplied
 * (server-managed ones included), replaces only with Replace Existing and only the client's own
 * objects, keeps Names unique and stores wrapped keys as given; Set Endpoint Role accepts the
 * Server role only. Query lists the three operations.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  CryptographicAlgorithm,
  CryptographicUsageMask as U,
  EndpointRole,
  KeyFormatType,
  KeyWrapType,
  NameType,
  ObjectType,
  Operation,
  ProtectionStorageMask,
  QueryFunction,
  ResultReason,
  ResultStatus,
  State,
  UniqueIdentifier,
  WrappingMethod,
  type Attribute,
  type AttributeValue,
  type KeyBlock,
  type ManagedObject,
  type ProtocolVersion,
  type RequestPayloadOf,
} from '@keyhold/protocol';
import { assertReason, failure, InProcessKmip, item, successPayload, V1_2, V1_4, V2_0, V2_1, versionName, type Failure } from './helpers/kmip.js';

const R = ResultReason;
const attr = (name: string, value: AttributeValue, index?: number): Attribute => (index === undefined ? { name, value } : { name, index, value });
const nameAttr = (value: string): Attribute => attr('Name', { nameValue: value, nameType: NameType.UninterpretedTextString });
let serial = 0;
const unique = (label: string): string => `import-export-test-${label}-${process.pid}-${++serial}`;

async function expectReasons(run: (v: ProtocolVersion) => Promise<Failure>, reasons: readonly (readonly [ProtocolVersion, ResultReason])[]): Promise<void> {
  for (const [v, reason] of reasons) assertReason(await run(v), reason, `KMIP ${versionName(v)}: `);
}

/** Attributes in a stable order, for comparing sets. */
function sorted(list: readonly Attribute[]): Attribute[] {
  const key = (a: Attribute): string => `${a.name}#${a.index ?? 0}`;
  return [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function valueOf(list: readonly Attribute[] | undefined, name: string): AttributeValue | undefined {
  return list?.find((a) => a.name === name)?.value;
}

const aesBlock = (key: Uint8Array = randomBytes(32)): KeyBlock => ({
  keyFormatType: KeyFormatType.Raw,
  keyValue: { keyMaterial: key },
  cryptographicAlgorithm: CryptographicAlgorithm.AES,
  cryptographicLength: key.length * 8,
});
const aesKey = (key?: Uint8Array): ManagedObject => ({ objectType: ObjectType.SymmetricKey, keyBlock: aesBlock(key) });

function importRequest(uid: string, attribute: Attribute[], object: ManagedObject = aesKey(), extra: Partial<RequestPayloadOf<typeof Operation.Import>> = {}): RequestPayloadOf<typeof Operation.Import> {
  return { uniqueIdentifier: uid, objectType: object.objectType, attributes: { attribute }, object, ...extra };
}

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

describe('Export', () => {
  test('returns Object Type, Unique Identifier, every attribute and the object as Get would', async () => {
    const kmip = new InProcessKmip();
    const name = unique('export');
    const uid = await kmip.createKey(V2_1, [nameAttr(name), attr('x-note', 'kept')]);
    const before = await kmip.ok(V2_1, Operation.GetAttributes, { uniqueIdentifier: uid });
    assert.equal(valueOf(before.attributes?.attribute, 'Fresh'), true);
    const res = await kmip.ok(V2_1, Operation.Export, { uniqueIdentifier: uid });
    assert.equal(res.objectType, ObjectType.SymmetricKey);
    assert.equal(res.uniqueIdentifier, uid);
    // All attributes: those Get Attributes returns, with Fresh now false (the key has been served).
    const expected = (before.attributes?.attribute ?? []).map((a) => (a.name === 'Fresh' ? attr('Fresh', false) : a));
    assert.deepEqual(sorted(res.attributes?.attribute ?? []), sorted(expected));
    for (const n of ['Unique Identifier', 'Object Type', 'State', 'Initial Date', 'Digest', 'Cryptographic Algorithm', 'Name', 'x-note']) {
      assert.ok(valueOf(res.attributes?.attribute, n) !== undefined, `${n} is exported`);
    }
    assert.deepEqual((await kmip.stored(uid, 'Fresh'))[0]?.value, false, 'Export clears Fresh as Get does');
    const got = await kmip.ok(V2_1, Operation.Get, { uniqueIdentifier: uid });
    assert.deepEqual(res.object, got.object);
  });

  test('Key Format Type and 1.4 (inline attributes); not in 1.2', async () => {
    const kmip = new InProcessKmip();
    const uid = await kmip.createKey(V2_1);
    const res = await kmip.ok(V2_1, Operation.Export, { uniqueIdentifier: uid, keyFormatType: KeyFormatType.TransparentSymmetricKey });
    assert.ok('keyBlock' in res.object);
    assert.equal(res.object.keyBlock.keyFormatType, KeyFormatType.TransparentSymmetricKey);
    const v14 = await kmip.ok(V1_4, Operation.Export, { uniqueIdentifier: uid });
    assert.equal(v14.uniqueIdentifier, uid);
    assert.equal(valueOf(v14.attributes?.attribute, 'Cryptographic Length'), 256);
    assert.equal(valueOf(v14.attributes?.attribute, 'Short Unique Identifier'), undefined, '1.4 does not know the 2.x attributes');
    assertReason(await kmip.fail(V1_2, Operation.Export, { uniqueIdentifier: uid }), R.OperationNotSupported);
  });

  test('the refusals of Get: sensitive, not extractable, destroyed, wrapping, another client, missing', async () => {
    const kmip = new InProcessKmip();
    const sensitive = await kmip.createKey(V2_1, [attr('Sensitive', true)]);
    const fixed = await kmip.createKey(V2_1, [attr('Extractable', false)]);
    const destroyed = await kmip.createKey(V2_1);
    await kmip.ok(V2_1, Operation.Destroy, { uniqueIdentifier: destroyed });
    const plain = await kmip.createKey(V2_1);
    await expectReasons((v) => kmip.fail(v, Operation.Export, { uniqueIdentifier: sensitive }), [
      [V2_1, R.Sensitive],
      [V1_4, R.Sensitive],
    ]);
    assertReason(await kmip.fail(V2_1, Operation.Export, { uniqueIdentifier: fixed }), R.NotExtractable);
    // As Get: 1.x has no Object Destroyed; the destroyed object does not exist any more (TC-314).
    await expectReasons((v) => kmip.fail(v, Operation.Export, { uniqueIdentifier: destroyed }), [
      [V2_1, R.ObjectDestroyed],
      [V1_4, R.ItemNotFound],
    ]);
    // Wrapping as Get does (operations-wrapping.test.ts): a key without the Wrap Key bit does not wrap, a missing one is not found.
    assertReason(
      await kmip.fail(V2_1, Operation.Export, { uniqueIdentifier: plain, keyWrappingSpecification: { wrappingMethod: WrappingMethod.Encrypt, encryptionKeyInformation: { uniqueIdentifier: sensitive } } }),
      R.IncompatibleCryptographicUsageMask,
    );
    assertReason(
      await kmip.fail(V2_1, Operation.Export, { uniqueIdentifier: plain, keyWrappingSpecification: { wrappingMethod: WrappingMethod.Encrypt, encryptionKeyInformation: { uniqueIdentifier: uid16() } } }),
      R.WrappingObjectNotFound,
    );
    assertReason(await kmip.fail(V2_1, Operation.Export, { uniqueIdentifier: uid16() }), R.ObjectNotFound);
    assertReason(await kmip.as('bob').fail(V2_1, Operation.Export, { uniqueIdentifier: plain }), R.PermissionDenied);
    assert.deepEqual((await kmip.stored(plain, 'Fresh'))[0]?.value, true, 'a refused Export serves nothing');
  });

  test('uses and sets the ID Placeholder', async () => {
    const kmip = new InProcessKmip();
    const uid = await kmip.createKey(V2_1);
    const res = await kmip.send(V2_1, [item(Operation.Export, { uniqueIdentifier: uid }), item(Operation.GetAttributes, { attributeReference: ['State'] })]);
    assert.equal(successPayload(res.batchItem[1] as never, Operation.GetAttributes).uniqueIdentifier, uid);
    const created = await kmip.send(V2_1, [item(Operation.Create, { objectType: ObjectType.SymmetricKey, attributes: { attribute: aesAttributes() } }), item(Operation.Export, {})]);
    const exported = successPayload(created.batchItem[1] as never, Operation.Export);
    assert.equal(exported.uniqueIdentifier, successPayload(created.batchItem[0] as never, Operation.Create).uniqueIdentifier);
  });
});

function aesAttributes(): Attribute[] {
  return [attr('Cryptographic Algorithm', CryptographicAlgorithm.AES), attr('Cryptographic Length', 256), attr('Cryptographic Usage Mask', U.Encrypt | U.Decrypt)];
}

function uid16(): string {
  return `missing-${randomBytes(8).toString('hex')}`;
}

// ---------------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------------

describe('Import', () => {
  test('moves an object between servers: same identifier, attributes as supplied, object as supplied', async () => {
    const source = new InProcessKmip();
    const name = unique('moved');
    const uid = await source.createKey(V2_1, [nameAttr(name), attr('x-note', 'moved'), attr('Activation Date', source.nowSeconds - 10n)]);
    const exported = await source.ok(V2_1, Operation.Export, { uniqueIdentifier: uid });
    const exportedAttributes = exported.attributes?.attribute ?? [];
    assert.equal(valueOf(exportedAttributes, 'State'), State.Active);

    // A server whose clock is a day later: server-made dates would differ.
    const target = new InProcessKmip({ principal: 'carol', timeMs: Date.now() + 86_400_000 });
    const res = await target.ok(V2_1, Operation.Import, { uniqueIdentifier: uid, objectType: exported.objectType, attributes: { attribute: exportedAttributes }, object: exported.object });
    assert.deepEqual(res, { uniqueIdentifier: uid });
    assert.deepEqual(sorted(await target.storedAttributes(uid)), sorted(exportedAttributes), 'every attribute as exported: State, Initial Date, Digest, Fresh, …');
    assert.equal((await target.record(uid))?.owner, 'carol', 'an imported object belongs to the importer');
    const got = await target.ok(V2_1, Operation.Get, { uniqueIdentifier: uid });
    assert.deepEqual(got.object, exported.object);
    const located = await target.ok(V2_1, Operation.Locate, { attributes: { attribute: [nameAttr(name)] } });
    assert.deepEqual(located.uniqueIdentifier, [uid]);
    assertReason(await target.as('dave').fail(V2_1, Operation.Get, { uniqueIdentifier: uid }), R.PermissionDenied);
  });

  test('server-managed attributes are taken from the request; what is left out is derived as for Register', async () => {
    const kmip = new InProcessKmip();
    const initial = 1_600_000_000n;
    const uid = unique('managed');
    const given = [
      ...aesAttributes(),
      attr('State', State.Deactivated),
      attr('Initial Date', initial),
      attr('Last Change Date', initial + 5n),
      attr('Fresh', false),
      attr('Lease Time', 42),
      attr('Always Sensitive', true),
      attr('Digest', { hashingAlgorithm: 6, digestValue: Buffer.from([1, 2, 3]), keyFormatType: KeyFormatType.Raw } as AttributeValue),
      attr('y-origin', 'other server'),
    ];
    await kmip.ok(V2_1, Operation.Import, importRequest(uid, given));
    const stored = await kmip.storedAttributes(uid);
    for (const a of given) assert.deepEqual(stored.filter((s) => s.name === a.name), [a], `${a.name} as supplied`);
    // Derived: the attributes every object has.
    assert.equal(valueOf(stored, 'Unique Identifier'), uid);
    assert.equal(valueOf(stored, 'Object Type'), ObjectType.SymmetricKey);
    assert.equal(valueOf(stored, 'Key Format Type'), KeyFormatType.Raw);
    assert.equal(valueOf(stored, 'Sensitive'), false);

    const bare = unique('bare');
    await kmip.ok(V2_1, Operation.Import, importRequest(bare, []));
    const derived = await kmip.storedAttributes(bare);
    assert.equal(valueOf(derived, 'State'), State.PreActive);
    assert.equal(valueOf(derived, 'Initial Date'), kmip.nowSeconds);
    assert.equal(valueOf(derived, 'Cryptographic Algorithm'), CryptographicAlgorithm.AES);
    assert.equal(valueOf(derived, 'Cryptographic Length'), 256);
    assert.equal(valueOf(derived, 'Fresh'), true);
    assert.ok(valueOf(derived, 'Digest') !== undefined);
  });

  test('an existing identifier: Object Already Exists unless Replace Existing; another client\'s object is Permission Denied', async () => {
    const kmip = new InProcessKmip();
    const uid = unique('existing');
    await kmip.ok(V2_1, Operation.Import, importRequest(uid, [attr('x-generation', 'first'), nameAttr(unique('first'))]));
    await expectReasons((v) => kmip.fail(v, Operation.Import, importRequest(uid, [])), [
      [V2_1, R.ObjectAlreadyExists],
      [V1_4, R.ObjectAlreadyExists],
    ]);
    assertReason(await kmip.fail(V2_1, Operation.Import, importRequest(uid, [], aesKey(), { replaceExisting: false })), R.ObjectAlreadyExists);
    // An object the server made is no different.
    const created = await kmip.createKey(V2_1);
    assertReason(await kmip.fail(V2_1, Operation.Import, importRequest(created, [])), R.ObjectAlreadyExists);

    const bob = kmip.as('bob');
    assertReason(await bob.fail(V2_1, Operation.Import, importRequest(uid, [], aesKey(), { replaceExisting: true })), R.PermissionDenied);
    assertReason(await bob.fail(V2_1, Operation.Import, importRequest(uid, [])), R.ObjectAlreadyExists);
    assert.equal((await kmip.record(uid))?.owner, 'alice');

    // Replacing the client's own object: object, type and every attribute are replaced.
    const secret: ManagedObject = { objectType: ObjectType.SecretData, secretDataType: 1, keyBlock: { keyFormatType: KeyFormatType.Opaque, keyValue: { keyMaterial: Buffer.from('replaced') } } } as ManagedObject;
    await kmip.ok(V2_1, Operation.Import, importRequest(uid, [attr('x-generation', 'second')], secret, { replaceExisting: true }));
    const stored = await kmip.storedAttributes(uid);
    assert.deepEqual(
      stored.filter((a) => a.name === 'x-generation'),
      [attr('x-generation', 'second')],
    );
    assert.equal(valueOf(stored, 'Name'), undefined, 'the old Name went with the old object');
    assert.equal(valueOf(stored, 'Object Type'), ObjectType.SecretData);
    assert.equal((await kmip.record(uid))?.objectType, ObjectType.SecretData);
    const got = await kmip.ok(V2_1, Operation.Get, { uniqueIdentifier: uid });
    assert.deepEqual(got.object, secret);
  });

  test('Names stay unique', async () => {
    const kmip = new InProcessKmip();
    const name = unique('taken');
    await kmip.createKey(V2_1, [nameAttr(name)]);
    await expectReasons((v) => kmip.fail(v, Operation.Import, importRequest(unique('dup'), [nameAttr(name)])), [
      [V2_1, R.NonUniqueNameAttribute],
      [V1_4, R.InvalidField],
    ]);
    // Another client's Name too: Names are unique across the server.
    assertReason(await kmip.as('bob').fail(V2_1, Operation.Import, importRequest(unique('dup'), [nameAttr(name)])), R.NonUniqueNameAttribute);
    const twice = unique('twice');
    assertReason(await kmip.fail(V2_1, Operation.Import, importRequest(unique('dup'), [nameAttr(twice), nameAttr(twice)])), R.NonUniqueNameAttribute);
    // Replacing an object with its own Name is no conflict.
    const own = unique('own');
    const uid = unique('renamed');
    await kmip.ok(V2_1, Operation.Import, importRequest(uid, [nameAttr(own)]));
    await kmip.ok(V2_1, Operation.Import, importRequest(uid, [nameAttr(own)], aesKey(), { replaceExisting: true }));
    assert.deepEqual((await kmip.stored(uid, 'Name')).length, 1);
  });

  test('attributes that contradict the request or each other are refused', async () => {
    const kmip = new InProcessKmip();
    const uid = unique('bad');
    const cases: readonly (readonly [string, RequestPayloadOf<typeof Operation.Import>, ResultReason, ResultReason])[] = [
      ['Object Type of the object', { ...importRequest(uid, []), objectType: ObjectType.SecretData }, R.InvalidField, R.InvalidField],
      ['Unique Identifier attribute', importRequest(uid, [attr('Unique Identifier', 'something-else')]), R.InvalidAttributeValue, R.InvalidField],
      ['Object Type attribute', importRequest(uid, [attr('Object Type', ObjectType.PrivateKey)]), R.InvalidAttributeValue, R.InvalidField],
      ['algorithm of the key', importRequest(uid, [attr('Cryptographic Algorithm', CryptographicAlgorithm.HMAC_SHA256)], { objectType: ObjectType.SymmetricKey, keyBlock: { ...aesBlock(), cryptographicAlgorithm: CryptographicAlgorithm.AES } }), R.InvalidAttributeValue, R.InvalidField],
      ['destroyed State', importRequest(uid, [attr('State', State.Destroyed)]), R.InvalidAttributeValue, R.InvalidField],
      ['two States', importRequest(uid, [attr('State', State.Active), attr('State', State.PreActive)]), R.AttributeSingleValued, R.InvalidField],
      ['hardware storage', importRequest(uid, [attr('Protection Storage Mask', ProtectionStorageMask.Hardware)]), R.ProtectionStorageUnavailable, R.FeatureNotSupported],
      ['malformed key', importRequest(uid, [], { objectType: ObjectType.SymmetricKey, keyBlock: { ...aesBlock(), cryptographicLength: 128 } }), R.InvalidField, R.InvalidField],
    ];
    for (const [label, payload, v2, v14] of cases) {
      assertReason(await kmip.fail(V2_1, Operation.Import, payload), v2, `${label}, 2.1: `);
      if (label !== 'hardware storage') assertReason(await kmip.fail(V1_4, Operation.Import, payload), v14, `${label}, 1.4: `);
    }
    // 1.4 does not know the 2.x attributes.
    assertReason(await kmip.fail(V1_4, Operation.Import, importRequest(uid, [attr('Short Unique Identifier', new Uint8Array(32))])), R.InvalidField);
    assertReason(await kmip.fail(V2_1, Operation.Import, { ...importRequest(uid, []), attributes: undefined } as never), R.InvalidField);
    assert.equal(await kmip.record(uid), undefined, 'nothing was stored');
  });

  test('1.4: Attribute Indices as given', async () => {
    const kmip = new InProcessKmip();
    const uid = unique('indices');
    await kmip.ok(V1_4, Operation.Import, importRequest(uid, [attr('x-tag', 'a', 2), attr('x-tag', 'b', 5), attr('x-tag', 'c')]));
    assert.deepEqual(await kmip.stored(uid, 'x-tag'), [attr('x-tag', 'a', 2), attr('x-tag', 'b', 5), attr('x-tag', 'c', 6)]);
    assertReason(await kmip.fail(V1_4, Operation.Import, importRequest(unique('indices'), [attr('x-tag', 'a', 1), attr('x-tag', 'b', 1)])), R.InvalidField);
  });

  test('wrapped keys are stored as given; Not Wrapped asks the server to unwrap with the key the Key Wrapping Data names (operations-wrapping-methods.test.ts)', async () => {
    const kmip = new InProcessKmip();
    const wrapped: ManagedObject = {
      objectType: ObjectType.SymmetricKey,
      keyBlock: {
        keyFormatType: KeyFormatType.Raw,
        keyValue: randomBytes(40),
        cryptographicAlgorithm: CryptographicAlgorithm.AES,
        cryptographicLength: 256,
        keyWrappingData: { wrappingMethod: WrappingMethod.Encrypt, encryptionKeyInformation: { uniqueIdentifier: 'a-key-of-the-source-server' } },
      },
    };
    for (const keyWrapType of [KeyWrapType.AsRegistered, undefined]) {
      const uid = unique('wrapped');
      await kmip.ok(V2_1, Operation.Import, importRequest(uid, [], wrapped, keyWrapType === undefined ? {} : { keyWrapType }));
      const got = await kmip.ok(V2_1, Operation.Get, { uniqueIdentifier: uid });
      assert.deepEqual(got.object, wrapped);
      assert.equal(valueOf(await kmip.storedAttributes(uid), 'Cryptographic Algorithm'), CryptographicAlgorithm.AES);
    }
    await expectReasons((v) => kmip.fail(v, Operation.Import, importRequest(unique('unwrap'), [], wrapped, { keyWrapType: KeyWrapType.NotWrapped })), [
      [V2_1, R.WrappingObjectNotFound],
      [V1_4, R.ItemNotFound],
    ]);
    // A key in plaintext already is what Not Wrapped asks for.
    const plain = unique('plain');
    await kmip.ok(V2_1, Operation.Import, importRequest(plain, [], aesKey(), { keyWrapType: KeyWrapType.NotWrapped }));
  });

  test('sets the ID Placeholder and answers the Import enumeration; an Undo batch leaves nothing behind', async () => {
    const kmip = new InProcessKmip();
    const uid = unique('placeholder');
    const res = await kmip.send(V2_1, [
      item(Operation.Import, importRequest(uid, [])),
      item(Operation.GetAttributes, { attributeReference: ['Unique Identifier'] }),
      item(Operation.Activate, { uniqueIdentifier: { placeholder: UniqueIdentifier.Import } }),
    ]);
    assert.equal(successPayload(res.batchItem[1] as never, Operation.GetAttributes).uniqueIdentifier, uid);
    assert.equal(successPayload(res.batchItem[2] as never, Operation.Activate).uniqueIdentifier, uid);

    const undone = unique('undone');
    const batch = await kmip.send(V2_1, [item(Operation.Import, importRequest(undone, [])), item(Operation.Import, importRequest(undone, []))], { batchErrorContinuationOption: 3 });
    assert.equal(batch.batchItem[0]?.resultStatus, ResultStatus.OperationUndone);
    assertReason(failure(batch.batchItem[1] as never), R.ObjectAlreadyExists);
    assert.equal(await kmip.record(undone), undefined);
  });

  test('not in 1.2', async () => {
    const kmip = new InProcessKmip();
    assertReason(await kmip.fail(V1_2, Operation.Import, importRequest(unique('old'), [])), R.OperationNotSupported);
  });
});

// ---------------------------------------------------------------------------------------------
// Set Endpoint Role, Query
// ---------------------------------------------------------------------------------------------

describe('Set Endpoint Role', () => {
  test('Server is accepted and answered; Client is Feature Not Supported; undefined roles are Invalid Field', async () => {
    const kmip = new InProcessKmip();
    for (const v of [V2_0, V2_1]) {
      assert.deepEqual(await kmip.ok(v, Operation.SetEndpointRole, { endpointRole: EndpointRole.Server }), { endpointRole: EndpointRole.Server });
      assertReason(await kmip.fail(v, Operation.SetEndpointRole, { endpointRole: EndpointRole.Client }), R.FeatureNotSupported);
    }
    assertReason(await kmip.fail(V2_1, Operation.SetEndpointRole, { endpointRole: 0x80000001 as EndpointRole }), R.InvalidField);
    assertReason(await kmip.fail(V2_1, Operation.SetEndpointRole, { endpointRole: 3 as EndpointRole }), R.InvalidField);
    // The connection goes on in the Server role.
    const uid = await kmip.createKey(V2_1);
    assert.equal((await kmip.ok(V2_1, Operation.Get, { uniqueIdentifier: uid })).uniqueIdentifier, uid);
    assertReason(await kmip.fail(V1_4, Operation.SetEndpointRole, { endpointRole: EndpointRole.Server }), R.OperationNotSupported);
  });
});

describe('Query', () => {
  test('lists Import and Export (1.4+) and Set Endpoint Role (2.x)', async () => {
    const kmip = new InProcessKmip();
    const ops = async (v: ProtocolVersion): Promise<readonly number[]> => (await kmip.ok(v, Operation.Query, { queryFunction: [QueryFunction.QueryOperations] })).operation ?? [];
    const v21 = await ops(V2_1);
    for (const op of [Operation.Import, Operation.Export, Operation.SetEndpointRole]) assert.ok(v21.includes(op), `2.1 lists 0x${op.toString(16)}`);
    const v14 = await ops(V1_4);
    assert.ok(v14.includes(Operation.Import) && v14.includes(Operation.Export));
  });
});
