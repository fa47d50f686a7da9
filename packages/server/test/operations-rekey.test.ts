/**
 * Re-key and Re-key Key Pair [KMIP 1.2 §4.4, §4.5; 2.1 §6.1.46, §6.1.47] through the executor with
 * real KMIP messages: the attributes the replacement takes over and those set anew (Table 146/150),
 * the Names moved, the dates moved by the Offset (Tables 145/149), the Links both ways, the new
 * state, the Usage Limits, the ID Placeholder, and every Result Reason in 1.x and 2.x.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import {
  BlockCipherMode,
  CryptographicAlgorithm,
  CryptographicUsageMask as U,
  KeyFormatType,
  LinkType,
  ObjectType,
  Operation,
  PaddingMethod,
  ProtectionStorageMask,
  RecommendedCurve,
  ResultReason,
  RevocationReasonCode,
  State,
  UsageLimitsUnit,
  type Attribute,
  type Link,
  type ManagedObject,
  type ProtocolVersion,
  type RequestPayloadOf,
} from '@keyhold/protocol';
import { rotateDueKeys, startAutoRotation } from '../src/auto-rotation.js';
import { KEYHOLD_FACTS } from '../src/keyhold.js';
import { aesKeyRequest, assertReason, attr, expectReasons, InProcessKmip, item, nameAttr, set, successPayload, uidOf, V1_0, V1_2, V1_4, V2_1, versionName } from './helpers/kmip.js';

const R = ResultReason;
let serial = 0;
const unique = (label: string): string => `rekey-test-${label}-${process.pid}-${++serial}`;
const T0 = 1_800_000_000n;

function names(attrs: readonly Attribute[]): string[] {
  return attrs.filter((a) => a.name === 'Name').map((a) => (a.value as { nameValue: string }).nameValue);
}

function links(attrs: readonly Attribute[]): Link[] {
  return attrs.filter((a) => a.name === 'Link').map((a) => a.value as Link);
}

function valueOf(attrs: readonly Attribute[], name: string): unknown {
  return attrs.find((a) => a.name === name)?.value;
}

function keyBytes(obj: ManagedObject): Buffer {
  assert.ok('keyBlock' in obj);
  const kv = obj.keyBlock.keyValue;
  assert.ok(kv !== undefined && !(kv instanceof Uint8Array));
  assert.ok(kv.keyMaterial instanceof Uint8Array);
  return Buffer.from(kv.keyMaterial);
}

async function reKey(kmip: InProcessKmip, v: ProtocolVersion, payload: RequestPayloadOf<typeof Operation.ReKey>): Promise<string> {
  return uidOf((await kmip.ok(v, Operation.ReKey, payload)).uniqueIdentifier);
}

/** A fresh in-process server with its clock fixed at {@link T0}. */
function server(): InProcessKmip {
  return new InProcessKmip({ timeMs: Number(T0) * 1000 });
}

describe('Re-key (1.2 §4.4, 2.1 §6.1.46)', () => {
  for (const v of [V1_2, V2_1]) {
    it(`KMIP ${versionName(v)}: a new key with the old key's attributes and Names; Links both ways; the old key keeps its state`, async () => {
      const kmip = server();
      const label = unique('basic');
      const old = await kmip.createKey(v, [
        attr('Cryptographic Length', 128),
        attr('Activation Date', T0 - 3600n),
        nameAttr(label),
        attr('Object Group', 'payments'),
        attr('x-team', 'crypto'),
        attr('Cryptographic Parameters', { blockCipherMode: BlockCipherMode.GCM }),
      ]);
      kmip.advance(10);
      const fresh = await reKey(kmip, v, { uniqueIdentifier: old });
      assert.notEqual(fresh, old);

      const now = await kmip.storedAttributes(fresh);
      assert.equal(valueOf(now, 'Object Type'), ObjectType.SymmetricKey);
      assert.equal(valueOf(now, 'Cryptographic Algorithm'), CryptographicAlgorithm.AES);
      assert.equal(valueOf(now, 'Cryptographic Length'), 128);
      assert.equal(valueOf(now, 'Cryptographic Usage Mask'), U.Encrypt | U.Decrypt);
      assert.deepEqual(valueOf(now, 'Cryptographic Parameters'), { blockCipherMode: BlockCipherMode.GCM });
      assert.equal(valueOf(now, 'Object Group'), 'payments');
      assert.equal(valueOf(now, 'x-team'), 'crypto');
      assert.equal(valueOf(now, 'Activation Date'), T0 - 3600n, 'no Offset: the Activation Date is copied');
      assert.equal(valueOf(now, 'State'), State.Active);
      assert.equal(valueOf(now, 'Initial Date'), T0 + 10n, 'Initial Date: now');
      assert.equal(valueOf(now, 'Last Change Date'), T0 + 10n);
      assert.equal(valueOf(now, 'Original Creation Date'), T0 + 10n);
      assert.deepEqual(names(now), [label], 'the replacement takes over the Name');
      assert.deepEqual(links(now), [{ linkType: LinkType.ReplacedObjectLink, linkedObjectIdentifier: old }]);

      const before = await kmip.storedAttributes(old);
      assert.deepEqual(names(before), [], 'the existing key gives up its Names');
      assert.deepEqual(links(before), [{ linkType: LinkType.ReplacementObjectLink, linkedObjectIdentifier: fresh }]);
      assert.equal(valueOf(before, 'State'), State.Active, 'the existing key keeps its state');
      assert.equal(valueOf(before, 'Last Change Date'), T0 + 10n);

      const a = keyBytes((await kmip.ok(v, Operation.Get, { uniqueIdentifier: old })).object);
      const b = keyBytes((await kmip.ok(v, Operation.Get, { uniqueIdentifier: fresh })).object);
      assert.equal(b.length, 16);
      assert.ok(!a.equals(b), 'new key material');
      const da = valueOf(before, 'Digest') as { digestValue: Uint8Array };
      const db = valueOf(now, 'Digest') as { digestValue: Uint8Array };
      assert.ok(!Buffer.from(da.digestValue).equals(Buffer.from(db.digestValue)), 'the Digest is recomputed');

      // Locate by the Name finds the replacement.
      const found = await kmip.ok(v, Operation.Locate, { attributes: set(nameAttr(label)) });
      assert.deepEqual(found.uniqueIdentifier, [fresh]);
    });
  }

  it('the request adds Names after the copied ones and replaces single-instance values (TC-REKEY-1)', async () => {
    const kmip = server();
    const label = unique('names');
    const k0 = await kmip.createKey(V1_4, [nameAttr(`${label}-original`)]);
    const k1 = await reKey(kmip, V1_4, { uniqueIdentifier: k0, attributes: set(nameAttr(`${label}-first`), attr('Cryptographic Length', 128)) });
    const k2 = await reKey(kmip, V1_4, { uniqueIdentifier: k1, attributes: set(nameAttr(`${label}-second`)) });
    const attrs = await kmip.storedAttributes(k2);
    assert.deepEqual(names(attrs), [`${label}-original`, `${label}-first`, `${label}-second`]);
    assert.deepEqual(
      attrs.filter((a) => a.name === 'Name').map((a) => a.index ?? 0),
      [0, 1, 2],
    );
    assert.equal(valueOf(attrs, 'Cryptographic Length'), 128, 'the length asked for on the first Re-key is kept');
    assert.deepEqual(names(await kmip.storedAttributes(k1)), []);
  });

  it('sets the ID Placeholder: a batch of Re-key then Get Attributes without identifier reads the replacement', async () => {
    const kmip = server();
    const old = await kmip.createKey(V1_2);
    const res = await kmip.send(V1_2, [item(Operation.ReKey, { uniqueIdentifier: old }), item(Operation.GetAttributes, { attributeReference: ['Link'] })], { batchOrderOption: true });
    const fresh = uidOf(successPayload(res.batchItem[0]!, Operation.ReKey).uniqueIdentifier);
    const got = successPayload(res.batchItem[1]!, Operation.GetAttributes);
    assert.equal(got.uniqueIdentifier, fresh);
  });

  it('does not copy the Random Number Generator, Links or server-set dates; Usage Limits Count starts at the Total', async () => {
    const kmip = server();
    const owner = await kmip.createKey(V2_1);
    const old = await kmip.createKey(V2_1, [
      attr('Usage Limits', { usageLimitsTotal: 5n, usageLimitsCount: 5n, usageLimitsUnit: UsageLimitsUnit.Object }),
      attr('Link', { linkType: LinkType.ParentLink, linkedObjectIdentifier: owner }),
      attr('Activation Date', T0),
    ]);
    const params = { blockCipherMode: BlockCipherMode.ECB, paddingMethod: PaddingMethod.PKCS5 };
    await kmip.ok(V2_1, Operation.Encrypt, { uniqueIdentifier: old, cryptographicParameters: params, data: Buffer.from('one') });
    await kmip.ok(V2_1, Operation.Encrypt, { uniqueIdentifier: old, cryptographicParameters: params, data: Buffer.from('two') });
    assert.equal((valueOf(await kmip.storedAttributes(old), 'Usage Limits') as { usageLimitsCount: bigint }).usageLimitsCount, 3n);
    await kmip.ok(V2_1, Operation.Revoke, { uniqueIdentifier: old, revocationReason: { revocationReasonCode: RevocationReasonCode.KeyCompromise }, compromiseOccurrenceDate: T0 });
    assert.equal(valueOf(await kmip.storedAttributes(old), 'State'), State.Compromised);
    const fresh = await reKey(kmip, V2_1, { uniqueIdentifier: old });
    const attrs = await kmip.storedAttributes(fresh);
    assert.deepEqual(valueOf(attrs, 'Usage Limits'), { usageLimitsTotal: 5n, usageLimitsCount: 5n, usageLimitsUnit: UsageLimitsUnit.Object });
    assert.deepEqual(links(attrs), [{ linkType: LinkType.ReplacedObjectLink, linkedObjectIdentifier: old }]);
    for (const gone of ['Compromise Date', 'Compromise Occurrence Date', 'Revocation Reason', 'Destroy Date', 'Deactivation Date']) {
      assert.equal(valueOf(attrs, gone), undefined, `${gone} is not set`);
    }
    assert.equal(valueOf(attrs, 'State'), State.Active, 'a compromised key is replaced by an Active one');
    assert.equal(attrs.filter((a) => a.name === 'Random Number Generator').length, 1, 'the server sets its own generator once');
    assert.equal(valueOf(attrs, 'Fresh'), true);
  });

  it('Offset: Activation Date = Initial Date + Offset, the other dates keep their distance to it (Table 145)', async () => {
    const kmip = server();
    const at1 = T0 + 100n;
    const old = await kmip.createKey(V1_2, [
      attr('Activation Date', at1),
      attr('Process Start Date', at1 + 10n),
      attr('Protect Stop Date', at1 + 500n),
      attr('Deactivation Date', at1 + 1000n),
    ]);
    kmip.advance(50);
    const fresh = await reKey(kmip, V1_2, { uniqueIdentifier: old, offset: 3600 });
    const attrs = await kmip.storedAttributes(fresh);
    const it2 = T0 + 50n;
    const at2 = it2 + 3600n;
    assert.equal(valueOf(attrs, 'Initial Date'), it2);
    assert.equal(valueOf(attrs, 'Activation Date'), at2);
    assert.equal(valueOf(attrs, 'Process Start Date'), at1 + 10n + (at2 - at1));
    assert.equal(valueOf(attrs, 'Protect Stop Date'), at1 + 500n + (at2 - at1));
    assert.equal(valueOf(attrs, 'Deactivation Date'), at1 + 1000n + (at2 - at1));
    assert.equal(valueOf(attrs, 'State'), State.PreActive, 'activation in an hour: Pre-Active');
  });

  it('Offset 0 on a deactivated key gives an Active replacement; no Offset copies the past Deactivation Date (TC-92)', async () => {
    const kmip = server();
    const old = await kmip.createKey(V1_2, [attr('Activation Date', T0), attr('Deactivation Date', T0 + 120n)]);
    kmip.advance(200);
    const zero = await reKey(kmip, V1_2, { uniqueIdentifier: old, offset: 0 });
    const attrs = await kmip.storedAttributes(zero);
    assert.equal(valueOf(attrs, 'Activation Date'), T0 + 200n);
    assert.equal(valueOf(attrs, 'Deactivation Date'), T0 + 320n);
    assert.equal(valueOf(attrs, 'State'), State.Active);

    const other = await kmip.createKey(V1_2, [attr('Activation Date', T0), attr('Deactivation Date', T0 + 120n)]);
    const copied = await reKey(kmip, V1_2, { uniqueIdentifier: other });
    const c = await kmip.storedAttributes(copied);
    assert.equal(valueOf(c, 'Deactivation Date'), T0 + 120n);
    assert.equal(valueOf(c, 'State'), State.Deactivated, 'the state follows from the copied dates');
  });

  it('Offset on a key without dates: Activation Date = now + Offset', async () => {
    const kmip = server();
    const old = await kmip.createKey(V2_1);
    const fresh = await reKey(kmip, V2_1, { uniqueIdentifier: old, offset: 60 });
    const attrs = await kmip.storedAttributes(fresh);
    assert.equal(valueOf(attrs, 'Activation Date'), T0 + 60n);
    assert.equal(valueOf(attrs, 'State'), State.PreActive);
  });

  it('Offset with a date attribute in the request: Invalid Message (1.2 Table 294)', async () => {
    const kmip = server();
    const old = await kmip.createKey(V2_1);
    for (const date of ['Activation Date', 'Process Start Date', 'Protect Stop Date', 'Deactivation Date']) {
      await expectReasons((v) => kmip.fail(v, Operation.ReKey, { uniqueIdentifier: old, offset: 10, attributes: set(attr(date, T0 + 100n)) }), [
        [V1_2, R.InvalidMessage],
        [V2_1, R.InvalidMessage],
      ]);
    }
    // Without Offset the dates of the request win over the copied ones.
    const fresh = await reKey(kmip, V2_1, { uniqueIdentifier: old, attributes: set(attr('Activation Date', T0 + 100n)) });
    assert.equal(valueOf(await kmip.storedAttributes(fresh), 'Activation Date'), T0 + 100n);
  });

  it('Offset when the existing key has a Deactivation Date but no Activation Date: 1.x Illegal Operation, 2.x Invalid Field', async () => {
    const kmip = server();
    const old = await kmip.createKey(V2_1, [attr('Deactivation Date', T0 + 1000n)]);
    await expectReasons((v) => kmip.fail(v, Operation.ReKey, { uniqueIdentifier: old, offset: 10 }), [
      [V1_0, R.IllegalOperation],
      [V1_4, R.IllegalOperation],
      [V2_1, R.InvalidField],
    ]);
  });

  it('Result Reasons: not found, another client, not a symmetric key, destroyed, archived, storage, duplicate Name', async () => {
    const kmip = server();
    await expectReasons((v) => kmip.fail(v, Operation.ReKey, { uniqueIdentifier: 'no-such-key' }), [
      [V1_2, R.ItemNotFound],
      [V2_1, R.ObjectNotFound],
    ]);
    const mine = await kmip.createKey(V2_1);
    await expectReasons((v) => kmip.as('mallory').fail(v, Operation.ReKey, { uniqueIdentifier: mine }), [
      [V1_2, R.PermissionDenied],
      [V2_1, R.PermissionDenied],
    ]);
    const pair = await kmip.ok(V2_1, Operation.CreateKeyPair, {
      commonAttributes: set(attr('Cryptographic Algorithm', CryptographicAlgorithm.EC), attr('Cryptographic Domain Parameters', { recommendedCurve: RecommendedCurve.P_256 })),
      privateKeyAttributes: set(attr('Cryptographic Usage Mask', U.Sign)),
      publicKeyAttributes: set(attr('Cryptographic Usage Mask', U.Verify)),
    });
    await expectReasons((v) => kmip.fail(v, Operation.ReKey, { uniqueIdentifier: uidOf(pair.privateKeyUniqueIdentifier) }), [
      [V1_2, R.PermissionDenied],
      [V2_1, R.InvalidObjectType],
    ]);
    const destroyed = await kmip.createKey(V2_1);
    await kmip.ok(V2_1, Operation.Destroy, { uniqueIdentifier: destroyed });
    await expectReasons((v) => kmip.fail(v, Operation.ReKey, { uniqueIdentifier: destroyed }), [
      [V1_0, R.IllegalOperation],
      [V1_2, R.KeyValueNotPresent],
      [V2_1, R.KeyValueNotPresent],
    ]);
    const archived = await kmip.createKey(V2_1);
    await kmip.ok(V2_1, Operation.Archive, { uniqueIdentifier: archived });
    await expectReasons((v) => kmip.fail(v, Operation.ReKey, { uniqueIdentifier: archived }), [
      [V1_2, R.ObjectArchived],
      [V2_1, R.ObjectArchived],
    ]);
    assertReason(
      await kmip.fail(V2_1, Operation.ReKey, { uniqueIdentifier: mine, protectionStorageMasks: { protectionStorageMask: [ProtectionStorageMask.Hardware] } }),
      R.ProtectionStorageUnavailable,
    );
    const label = unique('taken');
    await kmip.createKey(V2_1, [nameAttr(label)]);
    await expectReasons((v) => kmip.fail(v, Operation.ReKey, { uniqueIdentifier: mine, attributes: set(nameAttr(label)) }), [
      [V1_2, R.InvalidField],
      [V2_1, R.NonUniqueNameAttribute],
    ]);
    await expectReasons((v) => kmip.fail(v, Operation.ReKey, { uniqueIdentifier: mine, attributes: set(attr('State', State.Active)) }), [
      [V1_2, R.InvalidField],
      [V2_1, R.AttributeReadOnly],
    ]);
    // Nothing changed on a refused Re-key.
    assert.deepEqual(links(await kmip.storedAttributes(mine)), []);
  });
});

type RkpPayload = RequestPayloadOf<typeof Operation.ReKeyKeyPair>;

async function createRsaPair(kmip: InProcessKmip, v: ProtocolVersion, label: string, extra: Attribute[] = []): Promise<{ priv: string; pub: string }> {
  const res = await kmip.ok(v, Operation.CreateKeyPair, {
    commonAttributes: set(attr('Cryptographic Algorithm', CryptographicAlgorithm.RSA), attr('Cryptographic Length', 1024), ...extra),
    privateKeyAttributes: set(nameAttr(`${label}-private`), attr('Cryptographic Usage Mask', U.Sign)),
    publicKeyAttributes: set(nameAttr(`${label}-public`), attr('Cryptographic Usage Mask', U.Verify)),
  });
  return { priv: uidOf(res.privateKeyUniqueIdentifier), pub: uidOf(res.publicKeyUniqueIdentifier) };
}

describe('Re-key Key Pair (1.2 §4.5, 2.1 §6.1.47)', () => {
  for (const v of [V1_2, V2_1]) {
    it(`KMIP ${versionName(v)}: a new pair with each half's attributes and Names; Links between the pairs and within the new pair`, async () => {
      const kmip = server();
      const label = unique('pair');
      const old = await createRsaPair(kmip, v, label, [attr('Activation Date', T0 - 10n)]);
      kmip.advance(5);
      const res = await kmip.ok(v, Operation.ReKeyKeyPair, { privateKeyUniqueIdentifier: old.priv });
      const priv = uidOf(res.privateKeyUniqueIdentifier);
      const pub = uidOf(res.publicKeyUniqueIdentifier);
      assert.ok(priv !== old.priv && pub !== old.pub && priv !== pub);

      const p = await kmip.storedAttributes(priv);
      const q = await kmip.storedAttributes(pub);
      assert.equal(valueOf(p, 'Object Type'), ObjectType.PrivateKey);
      assert.equal(valueOf(q, 'Object Type'), ObjectType.PublicKey);
      assert.equal(valueOf(p, 'Cryptographic Algorithm'), CryptographicAlgorithm.RSA);
      assert.equal(valueOf(p, 'Cryptographic Length'), 1024);
      assert.equal(valueOf(p, 'Cryptographic Usage Mask'), U.Sign);
      assert.equal(valueOf(q, 'Cryptographic Usage Mask'), U.Verify);
      assert.deepEqual(names(p), [`${label}-private`]);
      assert.deepEqual(names(q), [`${label}-public`]);
      assert.equal(valueOf(p, 'Initial Date'), T0 + 5n);
      assert.equal(valueOf(p, 'Activation Date'), T0 - 10n);
      assert.equal(valueOf(p, 'State'), State.Active);
      assert.deepEqual(links(p).sort((a, b) => a.linkType - b.linkType), [
        { linkType: LinkType.ReplacedObjectLink, linkedObjectIdentifier: old.priv },
        { linkType: LinkType.PublicKeyLink, linkedObjectIdentifier: pub },
      ].sort((a, b) => a.linkType - b.linkType));
      assert.deepEqual(
        links(q).sort((a, b) => a.linkType - b.linkType),
        [
          { linkType: LinkType.PrivateKeyLink, linkedObjectIdentifier: priv },
          { linkType: LinkType.ReplacedObjectLink, linkedObjectIdentifier: old.pub },
        ].sort((a, b) => a.linkType - b.linkType),
      );
      const op = await kmip.storedAttributes(old.priv);
      const oq = await kmip.storedAttributes(old.pub);
      assert.deepEqual(names(op), []);
      assert.deepEqual(names(oq), []);
      assert.ok(links(op).some((l) => l.linkType === LinkType.ReplacementObjectLink && l.linkedObjectIdentifier === priv));
      assert.ok(links(op).some((l) => l.linkType === LinkType.PublicKeyLink && l.linkedObjectIdentifier === old.pub), 'the old pair stays linked');
      assert.ok(links(oq).some((l) => l.linkType === LinkType.ReplacementObjectLink && l.linkedObjectIdentifier === pub));

      const a = keyBytes((await kmip.ok(v, Operation.Get, { uniqueIdentifier: old.pub, keyFormatType: KeyFormatType.PKCS_1 })).object);
      const b = keyBytes((await kmip.ok(v, Operation.Get, { uniqueIdentifier: pub, keyFormatType: KeyFormatType.PKCS_1 })).object);
      assert.ok(!a.equals(b), 'new key material');
    });
  }

  it('the request attributes apply per half; the ID Placeholder is the new private key', async () => {
    const kmip = server();
    const label = unique('attrs');
    const old = await createRsaPair(kmip, V1_4, label);
    const payload: RkpPayload = {
      privateKeyUniqueIdentifier: old.priv,
      commonAttributes: set(attr('Object Group', 'rotated')),
      privateKeyAttributes: set(nameAttr(`${label}-private-2`)),
      publicKeyAttributes: set(nameAttr(`${label}-public-2`)),
    };
    const res = await kmip.send(V1_4, [item(Operation.ReKeyKeyPair, payload), item(Operation.GetAttributes, { attributeReference: ['Name'] })], { batchOrderOption: true });
    const out = successPayload(res.batchItem[0]!, Operation.ReKeyKeyPair);
    const got = successPayload(res.batchItem[1]!, Operation.GetAttributes);
    assert.equal(got.uniqueIdentifier, out.privateKeyUniqueIdentifier);
    const p = await kmip.storedAttributes(uidOf(out.privateKeyUniqueIdentifier));
    const q = await kmip.storedAttributes(uidOf(out.publicKeyUniqueIdentifier));
    assert.deepEqual(names(p), [`${label}-private`, `${label}-private-2`]);
    assert.deepEqual(names(q), [`${label}-public`, `${label}-public-2`]);
    assert.equal(valueOf(p, 'Object Group'), 'rotated');
    assert.equal(valueOf(q, 'Object Group'), 'rotated');
  });

  it('an EC pair keeps its curve', async () => {
    const kmip = server();
    const old = await kmip.ok(V2_1, Operation.CreateKeyPair, {
      commonAttributes: set(attr('Cryptographic Algorithm', CryptographicAlgorithm.EC), attr('Cryptographic Domain Parameters', { recommendedCurve: RecommendedCurve.P_384 })),
      privateKeyAttributes: set(attr('Cryptographic Usage Mask', U.Sign)),
      publicKeyAttributes: set(attr('Cryptographic Usage Mask', U.Verify)),
    });
    const res = await kmip.ok(V2_1, Operation.ReKeyKeyPair, { privateKeyUniqueIdentifier: uidOf(old.privateKeyUniqueIdentifier) });
    const p = await kmip.storedAttributes(uidOf(res.privateKeyUniqueIdentifier));
    assert.equal(valueOf(p, 'Cryptographic Length'), 384);
    assert.deepEqual(valueOf(p, 'Cryptographic Domain Parameters'), { recommendedCurve: RecommendedCurve.P_384 });
  });

  it('Offset moves the Activation and Deactivation Dates of both halves (Table 149)', async () => {
    const kmip = server();
    const old = await createRsaPair(kmip, V2_1, unique('offset'), [attr('Activation Date', T0), attr('Deactivation Date', T0 + 1000n)]);
    kmip.advance(100);
    const res = await kmip.ok(V2_1, Operation.ReKeyKeyPair, { privateKeyUniqueIdentifier: old.priv, offset: 20 });
    for (const uid of [res.privateKeyUniqueIdentifier, res.publicKeyUniqueIdentifier]) {
      const attrs = await kmip.storedAttributes(uidOf(uid));
      assert.equal(valueOf(attrs, 'Activation Date'), T0 + 120n);
      assert.equal(valueOf(attrs, 'Deactivation Date'), T0 + 1120n);
      assert.equal(valueOf(attrs, 'State'), State.PreActive);
    }
    await expectReasons(
      (v) => kmip.fail(v, Operation.ReKeyKeyPair, { privateKeyUniqueIdentifier: uidOf(res.privateKeyUniqueIdentifier), offset: 5, publicKeyAttributes: set(attr('Deactivation Date', T0 + 5000n)) }),
      [
        [V1_2, R.InvalidMessage],
        [V2_1, R.InvalidMessage],
      ],
    );
  });

  it('Result Reasons: not found, another client, not a private key, no public key, destroyed half, storage', async () => {
    const kmip = server();
    await expectReasons((v) => kmip.fail(v, Operation.ReKeyKeyPair, { privateKeyUniqueIdentifier: 'no-such-key' }), [
      [V1_2, R.ItemNotFound],
      [V2_1, R.ObjectNotFound],
    ]);
    const old = await createRsaPair(kmip, V2_1, unique('errors'));
    assertReason(await kmip.as('mallory').fail(V2_1, Operation.ReKeyKeyPair, { privateKeyUniqueIdentifier: old.priv }), R.PermissionDenied);
    const symmetric = await kmip.createKey(V2_1);
    for (const uid of [symmetric, old.pub]) {
      await expectReasons((v) => kmip.fail(v, Operation.ReKeyKeyPair, { privateKeyUniqueIdentifier: uid }), [
        [V1_2, R.PermissionDenied],
        [V2_1, R.InvalidObjectType],
      ]);
    }
    // A registered private key without Public Key Link: the pair's public key cannot be found.
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const der = privateKey.export({ type: 'pkcs1', format: 'der' });
    const lone = await kmip.ok(V2_1, Operation.Register, {
      objectType: ObjectType.PrivateKey,
      attributes: set(attr('Cryptographic Usage Mask', U.Sign)),
      object: {
        objectType: ObjectType.PrivateKey,
        keyBlock: { keyFormatType: KeyFormatType.PKCS_1, keyValue: { keyMaterial: der }, cryptographicAlgorithm: CryptographicAlgorithm.RSA, cryptographicLength: 1024 },
      },
    });
    await expectReasons((v) => kmip.fail(v, Operation.ReKeyKeyPair, { privateKeyUniqueIdentifier: uidOf(lone.uniqueIdentifier) }), [
      [V1_2, R.ItemNotFound],
      [V2_1, R.ObjectNotFound],
    ]);
    assertReason(
      await kmip.fail(V2_1, Operation.ReKeyKeyPair, { privateKeyUniqueIdentifier: old.priv, publicProtectionStorageMasks: { protectionStorageMask: [ProtectionStorageMask.Hardware] } }),
      R.PublicProtectionStorageUnavailable,
    );
    await kmip.ok(V2_1, Operation.Destroy, { uniqueIdentifier: old.pub });
    assertReason(await kmip.fail(V2_1, Operation.ReKeyKeyPair, { privateKeyUniqueIdentifier: old.priv }), R.KeyValueNotPresent);
  });
});

describe('Rotate attributes and automatic rotation (2.1 §4.48-§4.54)', () => {
  const rotateNow = (kmip: InProcessKmip): Promise<{ uid: string; replacement: string }[]> =>
    rotateDueKeys({ store: kmip.store, server: KEYHOLD_FACTS, clock: () => Number(kmip.nowSeconds) * 1000 });

  it('Re-key sets Rotate Generation, Date and Latest; a 1.x client does not see them', async () => {
    const kmip = server();
    const k0 = await kmip.createKey(V2_1);
    const k1 = await reKey(kmip, V2_1, { uniqueIdentifier: k0 });
    kmip.advance(7);
    const k2 = await reKey(kmip, V2_1, { uniqueIdentifier: k1 });
    const a2 = await kmip.storedAttributes(k2);
    assert.equal(valueOf(a2, 'Rotate Generation'), 2);
    assert.equal(valueOf(a2, 'Rotate Date'), T0 + 7n);
    assert.equal(valueOf(a2, 'Rotate Latest'), true);
    assert.equal(valueOf(await kmip.storedAttributes(k1), 'Rotate Latest'), false);
    assert.equal(valueOf(await kmip.storedAttributes(k0), 'Rotate Generation'), undefined, 'a key never rotated has none');
    const v14 = await kmip.ok(V1_4, Operation.GetAttributes, { uniqueIdentifier: k2 });
    assert.ok(!(v14.attributes?.attribute ?? []).some((a) => a.name.startsWith('Rotate')), 'no 2.1 attribute in a 1.4 response');
    const v21 = await kmip.ok(V2_1, Operation.GetAttributes, { uniqueIdentifier: k2, attributeReference: ['Rotate Generation'] });
    assert.equal(valueOf(v21.attributes?.attribute ?? [], 'Rotate Generation'), 2);
  });

  it('a Rotate Automatic key is re-keyed once its Rotate Interval has passed, with Rotate Offset, as its owner; then its replacement', async () => {
    const kmip = server();
    const bob = kmip.as('bob');
    const label = unique('auto');
    const k0 = await bob.createKey(V2_1, [attr('Rotate Automatic', true), attr('Rotate Interval', 3600), attr('Rotate Offset', 60), nameAttr(label), attr('Activation Date', T0)]);
    assert.deepEqual(await rotateNow(kmip), [], 'not due yet');
    kmip.advance(3599);
    assert.deepEqual(await rotateNow(kmip), []);
    kmip.advance(1);
    const [first, ...more] = await rotateNow(kmip);
    assert.equal(more.length, 0);
    assert.equal(first?.uid, k0);
    const k1 = first?.replacement ?? '';
    assert.equal((await kmip.record(k1))?.owner, 'bob');
    const a1 = await kmip.storedAttributes(k1);
    assert.equal(valueOf(a1, 'Initial Date'), T0 + 3600n);
    assert.equal(valueOf(a1, 'Activation Date'), T0 + 3660n, 'Rotate Offset is the Offset');
    assert.equal(valueOf(a1, 'Rotate Automatic'), true, 'the rotation goes on with the replacement');
    assert.equal(valueOf(a1, 'Rotate Generation'), 1);
    assert.deepEqual(names(a1), [label]);
    assert.equal(valueOf(await kmip.storedAttributes(k0), 'Rotate Latest'), false);
    assert.deepEqual(await rotateNow(kmip), [], 'each key is rotated once');
    kmip.advance(3600);
    const [second] = await rotateNow(kmip);
    assert.equal(second?.uid, k1);
    assert.equal(valueOf(await kmip.storedAttributes(second?.replacement ?? ''), 'Rotate Generation'), 2);
  });

  it('a key pair is rotated through its private key; keys without Rotate Interval or Rotate Automatic are left alone', async () => {
    const kmip = server();
    const pair = await createRsaPair(kmip, V2_1, unique('auto-pair'), [attr('Rotate Automatic', true), attr('Rotate Interval', 10)]);
    await kmip.createKey(V2_1, [attr('Rotate Automatic', true)]);
    await kmip.createKey(V2_1, [attr('Rotate Interval', 10)]);
    await kmip.createKey(V2_1, [attr('Rotate Automatic', false), attr('Rotate Interval', 10)]);
    kmip.advance(10);
    const done = await rotateNow(kmip);
    assert.equal(done.length, 1);
    assert.equal(done[0]?.uid, pair.priv);
    const newPriv = await kmip.storedAttributes(done[0]?.replacement ?? '');
    const newPub = links(newPriv).find((l) => l.linkType === LinkType.PublicKeyLink)?.linkedObjectIdentifier as string;
    assert.ok(links(await kmip.storedAttributes(pair.pub)).some((l) => l.linkType === LinkType.ReplacementObjectLink && l.linkedObjectIdentifier === newPub));
    assert.deepEqual(await rotateNow(kmip), []);
  });

  it('a 1.x client cannot ask for automatic rotation (the attributes are 2.1)', async () => {
    const kmip = server();
    assertReason(await kmip.fail(V1_4, Operation.Create, aesKeyRequest([attr('Rotate Automatic', true)])), R.InvalidField);
  });

  it('the server timer rotates due keys and stops', async () => {
    const kmip = server();
    const old = await kmip.createKey(V2_1, [attr('Rotate Automatic', true), attr('Rotate Interval', 1)]);
    const rotated = new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        void kmip.stored(old, 'Rotate Latest').then((a) => {
          if (a[0]?.value === false) {
            clearInterval(poll);
            resolve();
          }
        });
      }, 5);
    });
    const handle = startAutoRotation({ store: kmip.store, server: KEYHOLD_FACTS, clock: () => Number(T0 + 5n) * 1000 }, 10);
    await rotated;
    await handle.stop();
  });
});
