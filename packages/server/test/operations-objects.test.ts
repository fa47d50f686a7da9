/**
 * The managed-object operations, driven through the executor with real KMIP messages in 1.x and
 * 2.x: Create Key Pair (RSA, EC on the NIST curves, Ed25519/Ed448, X25519/X448; attribute
 * precedence, Links, ID Placeholder), Register completeness (X.509 certificate attributes, Split
 * Key, PGP Key, Certificate Request, Template), every Key Format Type conversion of Get, Check,
 * Archive/Recover, Obtain Lease, Get Usage Allocation (durable), Ping, Interop, Log, Poll and
 * Cancel — with the exact Result Reason of each version.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, webcrypto, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BatchErrorContinuationOption,
  CancellationResult,
  CertificateRequestType,
  CertificateType,
  CryptographicAlgorithm,
  CryptographicUsageMask as U,
  DigitalSignatureAlgorithm,
  HashingAlgorithm,
  InteropFunction,
  KeyCompressionType,
  KeyFormatType,
  KeyValueLocationType,
  LinkType,
  NameType,
  ObjectGroupMember,
  ObjectType,
  OpaqueDataType,
  Operation,
  ProtectionLevel,
  ProtectionStorageMask,
  QueryFunction,
  RecommendedCurve,
  ResultReason,
  ResultStatus,
  RevocationReasonCode,
  RNGAlgorithm,
  SecretDataType,
  SplitKeyMethod,
  State,
  StorageStatusMask,
  UniqueIdentifier,
  UsageLimitsUnit,
  type Attribute,
  type AttributeValue,
  type KeyBlock,
  type KeyValue,
  type ManagedObject,
  type ProtocolVersion,
  type RequestPayloadOf,
  type TransparentKey,
} from '@keyhold/protocol';
import { MAX_GENERIC_KEY_BITS } from '../src/crypto/index.js';
import { Executor } from '../src/executor.js';
import { KEYHOLD_FACTS } from '../src/keyhold.js';
import { x509 } from '../src/pki/x509.js';
import { MemoryStore } from '../src/store/memory.js';
import { openSqliteStore } from '../src/store/sqlite/store.js';
import { assertReason, attr, expectReasons, failure, InProcessKmip, item, nameAttr, set, successPayload, uidOf, V1_0, V1_2, V1_3, V1_4, V2_0, V2_1, versionName } from './helpers/kmip.js';

const R = ResultReason;
let serial = 0;
const unique = (label: string): string => `objects-test-${label}-${process.pid}-${++serial}`;

async function getAttrs(kmip: InProcessKmip, v: ProtocolVersion, uid: string, names: string[] = []): Promise<Attribute[]> {
  const res = await kmip.ok(v, Operation.GetAttributes, { uniqueIdentifier: uid, attributeReference: names });
  return res.attributes?.attribute ?? [];
}

function value(attrs: readonly Attribute[], name: string): unknown {
  return attrs.find((a) => a.name === name)?.value;
}

function keyBlockOf(obj: ManagedObject): KeyBlock {
  assert.ok('keyBlock' in obj, 'a key object');
  return obj.keyBlock;
}

function materialOf(obj: ManagedObject): Uint8Array | TransparentKey {
  const kv = keyBlockOf(obj).keyValue;
  assert.ok(kv !== undefined && !(kv instanceof Uint8Array), 'a plain Key Value');
  return (kv as KeyValue).keyMaterial as Uint8Array | TransparentKey;
}

function bytesOf(obj: ManagedObject): Buffer {
  const m = materialOf(obj);
  assert.ok(m instanceof Uint8Array, 'Key Material is a Byte String');
  return Buffer.from(m);
}

async function getObject(kmip: InProcessKmip, v: ProtocolVersion, uid: string, extra: Omit<RequestPayloadOf<typeof Operation.Get>, 'uniqueIdentifier'> = {}): Promise<ManagedObject> {
  return (await kmip.ok(v, Operation.Get, { uniqueIdentifier: uid, ...extra })).object;
}

type CkpPayload = RequestPayloadOf<typeof Operation.CreateKeyPair>;

function rsaPair(bits = 2048, label = unique('rsa')): CkpPayload {
  return {
    commonAttributes: set(attr('Cryptographic Algorithm', CryptographicAlgorithm.RSA), attr('Cryptographic Length', bits)),
    privateKeyAttributes: set(nameAttr(`${label}-private`), attr('Cryptographic Usage Mask', U.Sign)),
    publicKeyAttributes: set(nameAttr(`${label}-public`), attr('Cryptographic Usage Mask', U.Verify)),
  };
}

function pairOf(algorithm: number, extra: Attribute[] = []): CkpPayload {
  return {
    commonAttributes: set(attr('Cryptographic Algorithm', algorithm), ...extra),
    privateKeyAttributes: set(attr('Cryptographic Usage Mask', U.Sign)),
    publicKeyAttributes: set(attr('Cryptographic Usage Mask', U.Verify)),
  };
}

async function createPair(kmip: InProcessKmip, v: ProtocolVersion, payload: CkpPayload): Promise<{ priv: string; pub: string }> {
  const res = await kmip.ok(v, Operation.CreateKeyPair, payload);
  return { priv: uidOf(res.privateKeyUniqueIdentifier), pub: uidOf(res.publicKeyUniqueIdentifier) };
}

/** A node KeyObject from a Get response's key block (PKCS#1, PKCS#8, X.509 or EC Private Key). */
function nodeKey(obj: ManagedObject): KeyObject {
  const kb = keyBlockOf(obj);
  const der = bytesOf(obj);
  const priv = obj.objectType === ObjectType.PrivateKey;
  const type =
    kb.keyFormatType === KeyFormatType.PKCS_1 ? 'pkcs1' : kb.keyFormatType === KeyFormatType.PKCS_8 ? 'pkcs8' : kb.keyFormatType === KeyFormatType.ECPrivateKey ? 'sec1' : 'spki';
  return priv ? createPrivateKey({ key: der, format: 'der', type: type as 'pkcs1' | 'pkcs8' | 'sec1' }) : createPublicKey({ key: der, format: 'der', type: type as 'pkcs1' | 'spki' });
}

/** True when two public keys are the same key (their SubjectPublicKeyInfo). */
function sameKey(a: KeyObject, b: KeyObject): boolean {
  return (a.export({ format: 'der', type: 'spki' }) as Buffer).equals(b.export({ format: 'der', type: 'spki' }) as Buffer);
}

// ---------------------------------------------------------------------------------------------
// Create
// ---------------------------------------------------------------------------------------------

describe('Create', () => {
  test('Secret Data from 1.4 (TC-CREATE-SD-1-14, -1-21): Cryptographic Length random bits, Opaque, Password; 1.0–1.3 refuse it', async () => {
    const kmip = new InProcessKmip();
    const r = await kmip.send(V2_1, [item(Operation.Create, { objectType: ObjectType.SecretData, attributes: { attribute: [attr('Cryptographic Length', 80)] } }), item(Operation.Get, {})]);
    const created = successPayload(r.batchItem[0]!, Operation.Create);
    assert.equal(created.objectType, ObjectType.SecretData);
    const got = successPayload(r.batchItem[1]!, Operation.Get);
    assert.equal(got.uniqueIdentifier, created.uniqueIdentifier, 'the ID Placeholder names the new object');
    const object = got.object as ManagedObject & { objectType: typeof ObjectType.SecretData };
    assert.equal(object.secretDataType, SecretDataType.Password);
    assert.equal(object.keyBlock.keyFormatType, KeyFormatType.Opaque);
    assert.equal(((object.keyBlock.keyValue as KeyValue).keyMaterial as Uint8Array).length, 10);
    assert.equal(object.keyBlock.cryptographicAlgorithm, undefined);
    const attrs = await getAttrs(kmip, V2_1, uidOf(created.uniqueIdentifier));
    assert.equal(value(attrs, 'Cryptographic Length'), 80);
    assert.equal(value(attrs, 'Fresh'), false, 'served by the Get');
    assert.ok(value(attrs, 'Digest') !== undefined);
    for (const len of [0, 12, MAX_GENERIC_KEY_BITS + 8]) {
      assertReason(await kmip.fail(V2_1, Operation.Create, { objectType: ObjectType.SecretData, attributes: { attribute: [attr('Cryptographic Length', len)] } }), R.InvalidAttributeValue, `length ${len}: `);
    }
    assertReason(await kmip.fail(V2_1, Operation.Create, { objectType: ObjectType.SecretData, attributes: { attribute: [] } }), R.InvalidField);
    await expectReasons((v) => kmip.fail(v, Operation.Create, { objectType: ObjectType.SecretData, attributes: { attribute: [attr('Cryptographic Length', 80)] } }), [
      [V1_3, R.IllegalOperation],
      [V1_0, R.IllegalOperation],
    ]);
    const in14 = await kmip.send(V1_4, [item(Operation.Create, { objectType: ObjectType.SecretData, attributes: { attribute: [attr('Cryptographic Length', 80)] } })]);
    assert.equal(successPayload(in14.batchItem[0]!, Operation.Create).objectType, ObjectType.SecretData);
    assertReason(await kmip.fail(V2_1, Operation.Create, { objectType: ObjectType.OpaqueObject, attributes: { attribute: [] } }), R.IllegalObjectType);
  });

  test('Quantum Safe required (QS-M-2-21): the server makes no quantum-safe claim, so it generates nothing so marked', async () => {
    const kmip = new InProcessKmip();
    const aes = [attr('Cryptographic Algorithm', CryptographicAlgorithm.AES), attr('Cryptographic Length', 128)];
    const protection = [attr('Protection Level', ProtectionLevel.High), attr('Protection Period', 409_968_000)];
    assertReason(await kmip.fail(V2_1, Operation.Create, { objectType: ObjectType.SymmetricKey, attributes: set(...aes, ...protection, attr('Quantum Safe', true)) }), R.GeneralFailure);
    const longKey = [attr('Cryptographic Algorithm', CryptographicAlgorithm.AES), attr('Cryptographic Length', 256), attr('Quantum Safe', true)];
    assertReason(await kmip.fail(V2_1, Operation.Create, { objectType: ObjectType.SymmetricKey, attributes: set(...longKey) }), R.GeneralFailure, 'no claim for any length: ');
    assertReason(await kmip.fail(V2_1, Operation.Create, { objectType: ObjectType.SecretData, attributes: set(attr('Cryptographic Length', 256), attr('Quantum Safe', true)) }), R.GeneralFailure);
    const pair = rsaPair(1024);
    assertReason(await kmip.fail(V2_1, Operation.CreateKeyPair, { ...pair, privateKeyAttributes: set(attr('Quantum Safe', true)) }), R.GeneralFailure);
    assert.equal(await kmip.store.transaction((tx) => tx.find({})).then((uids) => uids.length), 0, 'nothing was stored');
    // Not required: created as usual, the attributes kept.
    const uid = uidOf((await kmip.ok(V2_1, Operation.Create, { objectType: ObjectType.SymmetricKey, attributes: set(...aes, ...protection, attr('Quantum Safe', false)) })).uniqueIdentifier);
    assert.equal(value(await getAttrs(kmip, V2_1, uid, ['Quantum Safe']), 'Quantum Safe'), false);
  });
});

// ---------------------------------------------------------------------------------------------
// Create Key Pair
// ---------------------------------------------------------------------------------------------

describe('Create Key Pair', () => {
  test('RSA-2048 (2.1, the AKLC-M-1-21 request): both halves, PKCS#1, attributes per half, Links, Digest', async () => {
    const kmip = new InProcessKmip();
    const label = unique('aklc');
    const { priv, pub } = await createPair(kmip, V2_1, rsaPair(2048, label));
    assert.notEqual(priv, pub);
    const pa = await getAttrs(kmip, V2_1, priv);
    const qa = await getAttrs(kmip, V2_1, pub);
    assert.equal(value(pa, 'State'), State.PreActive);
    assert.equal(value(pa, 'Object Type'), ObjectType.PrivateKey);
    assert.equal(value(qa, 'Object Type'), ObjectType.PublicKey);
    assert.equal(value(pa, 'Cryptographic Usage Mask'), U.Sign);
    assert.equal(value(qa, 'Cryptographic Usage Mask'), U.Verify);
    for (const a of [pa, qa]) {
      assert.equal(value(a, 'Cryptographic Algorithm'), CryptographicAlgorithm.RSA);
      assert.equal(value(a, 'Cryptographic Length'), 2048);
      assert.equal(value(a, 'Key Format Type'), KeyFormatType.PKCS_1);
      assert.equal(value(a, 'Lease Time'), 3600);
      assert.deepEqual(value(a, 'Random Number Generator'), { rngAlgorithm: RNGAlgorithm.DRBG, drbgAlgorithm: 5, cryptographicAlgorithm: CryptographicAlgorithm.AES, cryptographicLength: 256 });
      const digest = value(a, 'Digest') as { hashingAlgorithm: number; keyFormatType: number; digestValue: Uint8Array };
      assert.equal(digest.hashingAlgorithm, HashingAlgorithm.SHA_256);
      assert.equal(digest.keyFormatType, KeyFormatType.PKCS_1);
      assert.equal(digest.digestValue.length, 32);
      assert.equal(value(a, 'Initial Date'), value(a, 'Original Creation Date'));
      assert.equal((value(a, 'Short Unique Identifier') as Uint8Array).length, 32);
      assert.equal(value(a, 'Protection Storage Mask'), ProtectionStorageMask.Software);
    }
    assert.deepEqual(value(pa, 'Short Unique Identifier'), createHash('sha256').update(priv).digest());
    assert.deepEqual(value(pa, 'Name'), { nameValue: `${label}-private`, nameType: NameType.UninterpretedTextString });
    assert.deepEqual(value(qa, 'Name'), { nameValue: `${label}-public`, nameType: NameType.UninterpretedTextString });
    assert.deepEqual(value(pa, 'Link'), { linkType: LinkType.PublicKeyLink, linkedObjectIdentifier: pub });
    assert.deepEqual(value(qa, 'Link'), { linkType: LinkType.PrivateKeyLink, linkedObjectIdentifier: priv });

    // Get without a format: PKCS#1, and the halves belong together.
    const privObj = await getObject(kmip, V2_1, priv);
    const pubObj = await getObject(kmip, V2_1, pub);
    assert.equal(keyBlockOf(privObj).keyFormatType, KeyFormatType.PKCS_1);
    assert.equal(keyBlockOf(pubObj).keyFormatType, KeyFormatType.PKCS_1);
    assert.equal(keyBlockOf(privObj).cryptographicLength, 2048);
    const k = nodeKey(privObj);
    assert.equal(k.asymmetricKeyDetails?.modulusLength, 2048);
    assert.equal(k.asymmetricKeyDetails?.publicExponent, 65537n);
    assert.ok(sameKey(createPublicKey(k), nodeKey(pubObj)), 'the public key is the private key’s');
  });

  test('1.2 Template-Attribute form (AKLC-M-1-12) and 1.0', async () => {
    for (const v of [V1_2, V1_0]) {
      const kmip = new InProcessKmip();
      const { priv, pub } = await createPair(kmip, v, rsaPair(1024));
      const pa = await getAttrs(kmip, v, priv, ['State', 'Cryptographic Usage Mask', 'Cryptographic Length', 'Link']);
      assert.equal(value(pa, 'State'), State.PreActive);
      assert.equal(value(pa, 'Cryptographic Usage Mask'), U.Sign);
      assert.equal(value(pa, 'Cryptographic Length'), 1024);
      assert.deepEqual(value(pa, 'Link'), { linkType: LinkType.PublicKeyLink, linkedObjectIdentifier: pub });
      assert.equal(keyBlockOf(await getObject(kmip, v, pub)).keyFormatType, KeyFormatType.PKCS_1);
    }
  });

  test('RSA lengths: 1024 and 4096 are generated, others are Invalid Field', async () => {
    const kmip = new InProcessKmip();
    const big = await createPair(kmip, V2_1, rsaPair(4096));
    assert.equal(nodeKey(await getObject(kmip, V2_1, big.priv)).asymmetricKeyDetails?.modulusLength, 4096);
    for (const bits of [512, 1000, 8192]) {
      await expectReasons((v) => kmip.fail(v, Operation.CreateKeyPair, rsaPair(bits)), [
        [V2_1, R.InvalidField],
        [V1_4, R.InvalidField],
      ]);
    }
  });

  const curves: readonly (readonly [string, RecommendedCurve, number, string])[] = [
    ['P-192', RecommendedCurve.P_192, 192, 'prime192v1'],
    ['P-224', RecommendedCurve.P_224, 224, 'secp224r1'],
    ['P-256', RecommendedCurve.P_256, 256, 'prime256v1'],
    ['P-384', RecommendedCurve.P_384, 384, 'secp384r1'],
    ['P-521', RecommendedCurve.P_521, 521, 'secp521r1'],
  ];
  for (const [label, curve, bits, nodeName] of curves) {
    test(`EC ${label}: by Recommended Curve (ECDSA) and by length (ECDH); Transparent EC keys; the curve is recorded`, async () => {
      const kmip = new InProcessKmip();
      const byCurve = await createPair(kmip, V2_1, pairOf(CryptographicAlgorithm.ECDSA, [attr('Cryptographic Domain Parameters', { recommendedCurve: curve })]));
      const byLength = await createPair(kmip, V2_1, pairOf(CryptographicAlgorithm.ECDH, [attr('Cryptographic Length', bits)]));
      for (const { priv, pub } of [byCurve, byLength]) {
        const privObj = await getObject(kmip, V2_1, priv);
        assert.equal(keyBlockOf(privObj).keyFormatType, KeyFormatType.TransparentECPrivateKey);
        assert.equal(keyBlockOf(privObj).cryptographicLength, bits);
        assert.equal((materialOf(privObj) as { recommendedCurve: number }).recommendedCurve, curve);
        const pubObj = await getObject(kmip, V2_1, pub);
        assert.equal(keyBlockOf(pubObj).keyFormatType, KeyFormatType.TransparentECPublicKey);
        // The same key as PKCS#8 / X.509, checked by node.
        const pk = nodeKey(await getObject(kmip, V2_1, priv, { keyFormatType: KeyFormatType.PKCS_8 }));
        assert.equal(pk.asymmetricKeyDetails?.namedCurve, nodeName);
        assert.ok(sameKey(createPublicKey(pk), nodeKey(await getObject(kmip, V2_1, pub, { keyFormatType: KeyFormatType.X_509 }))));
        const a = await getAttrs(kmip, V2_1, pub, ['Cryptographic Domain Parameters', 'Cryptographic Length']);
        assert.deepEqual(value(a, 'Cryptographic Domain Parameters'), { recommendedCurve: curve });
        assert.equal(value(a, 'Cryptographic Length'), bits);
      }
    });
  }

  test('EC: no curve and no length is P-256; a length that contradicts the curve is Invalid Field', async () => {
    const kmip = new InProcessKmip();
    const { priv } = await createPair(kmip, V2_1, pairOf(CryptographicAlgorithm.EC));
    assert.equal((materialOf(await getObject(kmip, V2_1, priv)) as { recommendedCurve: number }).recommendedCurve, RecommendedCurve.P_256);
    assertReason(
      await kmip.fail(V2_1, Operation.CreateKeyPair, pairOf(CryptographicAlgorithm.EC, [attr('Cryptographic Length', 384), attr('Cryptographic Domain Parameters', { recommendedCurve: RecommendedCurve.P_256 })])),
      R.InvalidField,
    );
    assertReason(await kmip.fail(V2_1, Operation.CreateKeyPair, pairOf(CryptographicAlgorithm.EC, [attr('Cryptographic Length', 300)])), R.InvalidField);
  });

  test('1.2: an EC key is returned in the 1.2 Transparent ECDSA / ECDH forms (Transparent EC Key is 1.3+)', async () => {
    const kmip = new InProcessKmip();
    const ecdsa = await createPair(kmip, V1_2, pairOf(CryptographicAlgorithm.ECDSA, [attr('Cryptographic Length', 256)]));
    assert.equal(keyBlockOf(await getObject(kmip, V1_2, ecdsa.priv)).keyFormatType, KeyFormatType.TransparentECDSAPrivateKey);
    assert.equal(keyBlockOf(await getObject(kmip, V1_2, ecdsa.pub)).keyFormatType, KeyFormatType.TransparentECDSAPublicKey);
    const ecdh = await createPair(kmip, V1_2, pairOf(CryptographicAlgorithm.ECDH, [attr('Cryptographic Length', 384)]));
    assert.equal(keyBlockOf(await getObject(kmip, V1_2, ecdh.priv)).keyFormatType, KeyFormatType.TransparentECDHPrivateKey);
    assert.equal(keyBlockOf(await getObject(kmip, V1_4, ecdh.priv)).keyFormatType, KeyFormatType.TransparentECPrivateKey);
  });

  const okp: readonly (readonly [string, CkpPayload, string, number])[] = [
    ['Ed25519', pairOf(CryptographicAlgorithm.Ed25519), 'ed25519', 256],
    ['Ed448', pairOf(CryptographicAlgorithm.Ed448), 'ed448', 456],
    ['X25519 (ECDH on Curve25519)', pairOf(CryptographicAlgorithm.ECDH, [attr('Cryptographic Domain Parameters', { recommendedCurve: RecommendedCurve.CURVE25519 })]), 'x25519', 256],
    ['X448 (EC on Curve448)', pairOf(CryptographicAlgorithm.EC, [attr('Cryptographic Domain Parameters', { recommendedCurve: RecommendedCurve.CURVE448 })]), 'x448', 448],
  ];
  for (const [label, payload, nodeType, bits] of okp) {
    test(`${label}: PKCS#8 and X.509 (no Table 81 row: the standard encodings)`, async () => {
      const kmip = new InProcessKmip();
      const { priv, pub } = await createPair(kmip, V2_1, payload);
      const privObj = await getObject(kmip, V2_1, priv);
      const pubObj = await getObject(kmip, V2_1, pub);
      assert.equal(keyBlockOf(privObj).keyFormatType, KeyFormatType.PKCS_8);
      assert.equal(keyBlockOf(pubObj).keyFormatType, KeyFormatType.X_509);
      assert.equal(keyBlockOf(privObj).cryptographicLength, bits);
      const k = nodeKey(privObj);
      assert.equal(k.asymmetricKeyType, nodeType);
      assert.ok(sameKey(createPublicKey(k), nodeKey(pubObj)));
    });
  }

  test('precedence: the half’s single-instance value over the common one; multi-instance values are united', async () => {
    const kmip = new InProcessKmip();
    const { priv, pub } = await createPair(kmip, V2_1, {
      commonAttributes: set(
        attr('Cryptographic Algorithm', CryptographicAlgorithm.RSA),
        attr('Cryptographic Length', 1024),
        attr('Cryptographic Usage Mask', U.Sign | U.Verify),
        attr('Object Group', 'common-group'),
        attr('Contact Information', 'common'),
      ),
      privateKeyAttributes: set(attr('Cryptographic Usage Mask', U.Sign), attr('Object Group', 'private-group'), attr('Object Group', 'common-group')),
      publicKeyAttributes: set(attr('Contact Information', 'public')),
    });
    const pa = await getAttrs(kmip, V2_1, priv);
    const qa = await getAttrs(kmip, V2_1, pub);
    assert.equal(value(pa, 'Cryptographic Usage Mask'), U.Sign);
    assert.equal(value(qa, 'Cryptographic Usage Mask'), U.Sign | U.Verify);
    assert.deepEqual(
      pa.filter((a) => a.name === 'Object Group').map((a) => a.value).sort(),
      ['common-group', 'private-group'],
    );
    assert.deepEqual(qa.filter((a) => a.name === 'Object Group').map((a) => a.value), ['common-group']);
    assert.equal(value(pa, 'Contact Information'), 'common');
    assert.equal(value(qa, 'Contact Information'), 'public');
  });

  test('errors: no algorithm, a symmetric algorithm, halves that disagree (Invalid Field)', async () => {
    const kmip = new InProcessKmip();
    const noAlg: CkpPayload = { commonAttributes: set(attr('Cryptographic Length', 2048)) };
    const aes: CkpPayload = pairOf(CryptographicAlgorithm.AES, [attr('Cryptographic Length', 256)]);
    const disagree: CkpPayload = {
      commonAttributes: set(attr('Cryptographic Algorithm', CryptographicAlgorithm.RSA)),
      privateKeyAttributes: set(attr('Cryptographic Length', 2048)),
      publicKeyAttributes: set(attr('Cryptographic Length', 1024)),
    };
    for (const p of [noAlg, aes, disagree]) {
      await expectReasons((v) => kmip.fail(v, Operation.CreateKeyPair, p), [
        [V2_1, R.InvalidField],
        [V1_2, R.InvalidField],
      ]);
    }
  });

  test('errors: Names (both halves, or taken), read-only attributes, unknown template, protection storage, other generator', async () => {
    const kmip = new InProcessKmip();
    const shared: CkpPayload = { ...rsaPair(1024), commonAttributes: set(attr('Cryptographic Algorithm', CryptographicAlgorithm.RSA), attr('Cryptographic Length', 1024), nameAttr(unique('both'))) };
    delete shared.privateKeyAttributes;
    delete shared.publicKeyAttributes;
    await expectReasons((v) => kmip.fail(v, Operation.CreateKeyPair, shared), [
      [V2_1, R.NonUniqueNameAttribute],
      [V1_2, R.InvalidField],
    ]);
    const label = unique('taken');
    await createPair(kmip, V2_1, rsaPair(1024, label));
    await expectReasons((v) => kmip.fail(v, Operation.CreateKeyPair, rsaPair(1024, label)), [
      [V2_1, R.NonUniqueNameAttribute],
      [V1_4, R.InvalidField],
    ]);
    const readOnly: CkpPayload = { ...rsaPair(1024), publicKeyAttributes: set(attr('State', State.Active)) };
    assertReason(await kmip.fail(V2_1, Operation.CreateKeyPair, readOnly), R.AttributeReadOnly);
    const template: CkpPayload = { ...rsaPair(1024), privateKeyAttributes: { attribute: [], name: [{ nameValue: unique('no-template'), nameType: NameType.UninterpretedTextString }] } };
    assertReason(await kmip.fail(V1_2, Operation.CreateKeyPair, template), R.ItemNotFound);
    const rng: CkpPayload = { ...rsaPair(1024), commonAttributes: set(attr('Cryptographic Algorithm', CryptographicAlgorithm.RSA), attr('Random Number Generator', { rngAlgorithm: RNGAlgorithm.ANSIX9_31 })) };
    assertReason(await kmip.fail(V2_1, Operation.CreateKeyPair, rng), R.InvalidAttributeValue);
    const hw = { protectionStorageMask: [ProtectionStorageMask.Hardware] };
    const sw = { protectionStorageMask: [ProtectionStorageMask.Hardware, ProtectionStorageMask.Software | ProtectionStorageMask.OnSystem] };
    assertReason(await kmip.fail(V2_1, Operation.CreateKeyPair, { ...rsaPair(1024), commonProtectionStorageMasks: hw }), R.PrivateProtectionStorageUnavailable);
    assertReason(await kmip.fail(V2_0, Operation.CreateKeyPair, { ...rsaPair(1024), commonProtectionStorageMasks: hw }), R.ProtectionStorageUnavailable);
    assertReason(await kmip.fail(V2_1, Operation.CreateKeyPair, { ...rsaPair(1024), commonProtectionStorageMasks: sw, publicProtectionStorageMasks: hw }), R.PublicProtectionStorageUnavailable);
    await createPair(kmip, V2_1, { ...rsaPair(1024), commonProtectionStorageMasks: hw, privateProtectionStorageMasks: sw, publicProtectionStorageMasks: sw });
    const sameRng: CkpPayload = { ...rsaPair(1024), commonAttributes: set(attr('Cryptographic Algorithm', CryptographicAlgorithm.RSA), attr('Random Number Generator', { rngAlgorithm: RNGAlgorithm.DRBG })) };
    await createPair(kmip, V2_1, sameRng);
  });

  test('ID Placeholder = the private key; 2.x Unique Identifier enumerations name each half', async () => {
    const kmip = new InProcessKmip();
    const res = await kmip.send(V2_1, [
      item(Operation.CreateKeyPair, rsaPair(1024)),
      item(Operation.Get, {}),
      item(Operation.Get, { uniqueIdentifier: { placeholder: UniqueIdentifier.CreateKeyPairPublicKey } }),
      item(Operation.Get, { uniqueIdentifier: { placeholder: UniqueIdentifier.CreateKeyPairPrivateKey } }),
    ]);
    const ckp = successPayload(res.batchItem[0]!, Operation.CreateKeyPair);
    const placeholder = successPayload(res.batchItem[1]!, Operation.Get);
    assert.equal(placeholder.uniqueIdentifier, ckp.privateKeyUniqueIdentifier);
    assert.equal(placeholder.objectType, ObjectType.PrivateKey);
    assert.equal(successPayload(res.batchItem[2]!, Operation.Get).uniqueIdentifier, ckp.publicKeyUniqueIdentifier);
    assert.equal(successPayload(res.batchItem[3]!, Operation.Get).uniqueIdentifier, ckp.privateKeyUniqueIdentifier);
    // 1.x: the placeholder too.
    const r1 = await kmip.send(V1_2, [item(Operation.CreateKeyPair, rsaPair(1024)), item(Operation.GetAttributes, { attributeReference: ['Object Type'] })]);
    assert.equal(value(successPayload(r1.batchItem[1]!, Operation.GetAttributes).attributes?.attribute ?? [], 'Object Type'), ObjectType.PrivateKey);
  });

  test('Undo rolls back both halves', async () => {
    const kmip = new InProcessKmip();
    const res = await kmip.send(V2_1, [item(Operation.CreateKeyPair, rsaPair(1024)), item(Operation.Get, { uniqueIdentifier: 'no-such-object' })], {
      batchErrorContinuationOption: BatchErrorContinuationOption.Undo,
    });
    assert.equal(res.batchItem[0]?.resultStatus, ResultStatus.OperationUndone);
    assert.equal(await kmip.store.transaction((tx) => tx.find({})).then((uids) => uids.length), 0);
  });
});

// ---------------------------------------------------------------------------------------------
// Register
// ---------------------------------------------------------------------------------------------

function vectorHex(path: string, pattern: RegExp): Buffer {
  const text = readFileSync(new URL(`../../../../test/vectors/oasis/${path}`, import.meta.url), 'utf8');
  const m = pattern.exec(text);
  assert.ok(m?.[1] !== undefined, `${path} holds the value`);
  return Buffer.from(m[1], 'hex');
}

const CERT_VALUE = /CertificateValue type="ByteString" value="([0-9a-fA-F]+)"/;

function registerCertificate(value: Uint8Array, attributes: Attribute[] = []): RequestPayloadOf<typeof Operation.Register> {
  return {
    objectType: ObjectType.Certificate,
    attributes: { attribute: attributes },
    object: { objectType: ObjectType.Certificate, certificateType: CertificateType.X_509, certificateValue: value },
  };
}

async function selfSigned(extensions: x509.Extension[], name: string): Promise<Uint8Array> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '00ff0102',
    name,
    notBefore: new Date('2024-01-01T00:00:00Z'),
    notAfter: new Date('2034-01-01T00:00:00Z'),
    signingAlgorithm: alg,
    keys,
    extensions,
  });
  return new Uint8Array(cert.rawData);
}

describe('Register', () => {
  test('a certificate (BL-M-10-21): Certificate Type may be stated; Certificate Subject CN and Length are derived', async () => {
    const kmip = new InProcessKmip();
    const der = vectorHex('v2.1/mandatory/BL-M-10-21.xml', CERT_VALUE);
    const uid = uidOf((await kmip.ok(V2_1, Operation.Register, registerCertificate(der, [attr('Certificate Type', CertificateType.X_509)]))).uniqueIdentifier);
    const a = await getAttrs(kmip, V2_1, uid);
    assert.equal(value(a, 'Certificate Subject CN'), 'CN');
    assert.equal(value(a, 'Certificate Length'), 1043);
    assert.equal(value(a, 'Certificate Type'), CertificateType.X_509);
    assert.equal(value(a, 'Certificate Subject O'), 'O');
    assert.equal(value(a, 'Certificate Subject OU'), 'OU');
    assert.equal(value(a, 'Certificate Subject C'), 'AU');
    assert.equal(value(a, 'Certificate Subject ST'), 'SP');
    assert.equal(value(a, 'Certificate Subject L'), 'L');
    assert.equal(value(a, 'Certificate Subject Email'), 'Email');
    assert.equal(value(a, 'Certificate Issuer CN'), 'CN');
    assert.equal(value(a, 'Digital Signature Algorithm'), DigitalSignatureAlgorithm.SHA_256WithRSAEncryption);
    assert.equal(value(a, 'Cryptographic Algorithm'), CryptographicAlgorithm.RSA);
    assert.equal(value(a, 'Cryptographic Length'), 2048);
    assert.equal(value(a, 'Fresh'), true);
    assert.equal(value(a, 'Sensitive'), false);
    assert.equal(value(a, 'Extractable'), true);
    assert.equal(value(a, 'Key Value Present'), undefined);
    const id = value(a, 'X.509 Certificate Identifier') as { certificateSerialNumber: Uint8Array; issuerDistinguishedName: Uint8Array };
    assert.equal(Buffer.from(id.certificateSerialNumber).toString('hex'), '020900e31cb99f91cb07ed');
    assert.ok(der.includes(Buffer.from(id.issuerDistinguishedName)), 'the issuer DN is the DER of the certificate');
    // 2.x has no 1.0 forms.
    assert.equal(value(a, 'Certificate Identifier'), undefined);
    // Get returns the certificate as registered.
    const obj = await getObject(kmip, V2_1, uid);
    assert.ok(obj.objectType === ObjectType.Certificate && Buffer.from(obj.certificateValue).equals(der));
  });

  test('a certificate in 1.4 (TC-CERTATTR-1-14): 1.0 text forms, X.509 forms, Certificate Attributes', async () => {
    const kmip = new InProcessKmip();
    const der = vectorHex('v1.4/testcases/TC-CERTATTR-1-14.xml', CERT_VALUE);
    const uid = uidOf((await kmip.ok(V1_4, Operation.Register, registerCertificate(der, [attr('Certificate Type', CertificateType.X_509)]))).uniqueIdentifier);
    const a = await getAttrs(kmip, V1_4, uid);
    assert.deepEqual(value(a, 'Certificate Identifier'), { issuer: 'CN=Inter,O=Kmip Test,C=AU', serialNumber: '3132333435363738' });
    assert.deepEqual(value(a, 'Certificate Issuer'), { certificateIssuerDistinguishedName: 'CN=Inter,O=Kmip Test,C=AU' });
    assert.deepEqual(value(a, 'Certificate Subject'), { certificateSubjectDistinguishedName: 'CN=EE,O=Kmip Test,C=AU' });
    assert.equal(value(a, 'Certificate Issuer CN'), 'Inter');
    assert.equal(value(a, 'Certificate Subject CN'), 'EE');
    assert.equal(value(a, 'Certificate Subject O'), 'Kmip Test');
    assert.equal(value(a, 'Certificate Length'), 557);
    assert.equal(value(a, 'Cryptographic Length'), 1024);
    assert.equal(value(a, 'Digital Signature Algorithm'), DigitalSignatureAlgorithm.SHA_256WithRSAEncryption);
    const hex = (v: unknown, k: string): string => Buffer.from((v as Record<string, Uint8Array>)[k] as Uint8Array).toString('hex');
    assert.equal(hex(value(a, 'X.509 Certificate Identifier'), 'certificateSerialNumber'), '02083132333435363738');
    assert.equal(hex(value(a, 'X.509 Certificate Identifier'), 'issuerDistinguishedName'), '3031310b300906035504061302415531123010060355040a13094b6d69702054657374310e300c06035504031305496e746572');
    assert.equal(hex(value(a, 'X.509 Certificate Subject'), 'subjectDistinguishedName'), '302e310b300906035504061302415531123010060355040a13094b6d69702054657374310b3009060355040313024545');
    assert.equal(hex(value(a, 'X.509 Certificate Issuer'), 'issuerDistinguishedName'), '3031310b300906035504061302415531123010060355040a13094b6d69702054657374310e300c06035504031305496e746572');
    // 1.0 sees the 1.0 forms only.
    const a10 = await getAttrs(kmip, V1_0, uid);
    assert.ok(value(a10, 'Certificate Identifier') !== undefined);
    assert.equal(value(a10, 'X.509 Certificate Identifier'), undefined);
  });

  test('alternative names, several OU values, ECDSA signature; stated values must match; client Links are kept', async () => {
    const kmip = new InProcessKmip();
    const der = await selfSigned([new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'kms.example.com' }, { type: 'email', value: 'ops@example.com' }])], 'CN=kms, OU=a, OU=b, O=Example\\, Inc., C=DE');
    const target = await kmip.createKey();
    const uid = uidOf(
      (
        await kmip.ok(
          V2_1,
          Operation.Register,
          registerCertificate(der, [attr('Link', { linkType: LinkType.PublicKeyLink, linkedObjectIdentifier: target }), attr('Digital Signature Algorithm', DigitalSignatureAlgorithm.ECDSAWithSHA256)]),
        )
      ).uniqueIdentifier,
    );
    const a = await getAttrs(kmip, V2_1, uid);
    assert.deepEqual(a.filter((x) => x.name === 'Certificate Subject OU').map((x) => x.value), ['a', 'b']);
    assert.equal(value(a, 'Certificate Subject O'), 'Example, Inc.');
    assert.equal(value(a, 'Digital Signature Algorithm'), DigitalSignatureAlgorithm.ECDSAWithSHA256);
    assert.equal(value(a, 'Cryptographic Length'), 256);
    assert.deepEqual(value(a, 'Link'), { linkType: LinkType.PublicKeyLink, linkedObjectIdentifier: target });
    const subject = value(a, 'X.509 Certificate Subject') as { subjectAlternativeName: Uint8Array[] };
    assert.equal(subject.subjectAlternativeName.length, 2);
    assert.ok(Buffer.from(subject.subjectAlternativeName[0]!).includes(Buffer.from('kms.example.com')));
    const a14 = await getAttrs(kmip, V1_4, uid, ['Certificate Subject', 'Certificate Identifier']);
    const dn = 'C=DE,O=Example\\, Inc.,OU=b,OU=a,CN=kms';
    assert.deepEqual(value(a14, 'Certificate Subject'), { certificateSubjectDistinguishedName: dn, certificateSubjectAlternativeName: ['dns:kms.example.com', 'email:ops@example.com'] });
    assert.deepEqual(value(a14, 'Certificate Identifier'), { issuer: dn, serialNumber: 'FF0102' });
    // Stated values that contradict the certificate.
    for (const wrong of [attr('Certificate Type', CertificateType.PGP), attr('Certificate Length', 12), attr('Digital Signature Algorithm', DigitalSignatureAlgorithm.SHA_1WithRSAEncryption)]) {
      await expectReasons((v) => kmip.fail(v, Operation.Register, registerCertificate(der, [wrong])), [
        [V2_1, R.InvalidAttributeValue],
        [V1_4, R.InvalidField],
      ]);
    }
    // Certificate Subject CN is server-derived only.
    assertReason(await kmip.fail(V2_1, Operation.Register, registerCertificate(der, [attr('Certificate Subject CN', 'x')])), R.AttributeReadOnly);
  });

  test('a malformed certificate is Invalid Field; a PGP certificate is stored as given', async () => {
    const kmip = new InProcessKmip();
    const good = vectorHex('v2.1/mandatory/BL-M-10-21.xml', CERT_VALUE);
    for (const bad of [Buffer.from('3003020101', 'hex'), good.subarray(0, 200), Buffer.concat([good, Buffer.from([0, 0])]), randomBytes(64)]) {
      await expectReasons((v) => kmip.fail(v, Operation.Register, registerCertificate(bad)), [
        [V2_1, R.InvalidField],
        [V1_2, R.InvalidField],
      ]);
    }
    const pgp = randomBytes(100);
    const uid = uidOf(
      (
        await kmip.ok(V2_1, Operation.Register, {
          objectType: ObjectType.Certificate,
          attributes: { attribute: [] },
          object: { objectType: ObjectType.Certificate, certificateType: CertificateType.PGP, certificateValue: pgp },
        })
      ).uniqueIdentifier,
    );
    const a = await getAttrs(kmip, V2_1, uid);
    assert.equal(value(a, 'Certificate Type'), CertificateType.PGP);
    assert.equal(value(a, 'Certificate Length'), 100);
  });

  test('Split Key, PGP Key, Certificate Request (2.x) and Template (1.x) are stored and returned as given', async () => {
    const kmip = new InProcessKmip();
    const block = (bytes: Uint8Array): KeyBlock => ({ keyFormatType: KeyFormatType.Raw, keyValue: { keyMaterial: bytes }, cryptographicAlgorithm: CryptographicAlgorithm.AES, cryptographicLength: 128 });
    const objects: readonly (readonly [ProtocolVersion, ManagedObject])[] = [
      [V2_1, { objectType: ObjectType.SplitKey, splitKeyParts: 3, keyPartIdentifier: 1, splitKeyThreshold: 2, splitKeyMethod: SplitKeyMethod.XOR, keyBlock: block(randomBytes(16)) }],
      [V1_2, { objectType: ObjectType.PGPKey, pgpKeyVersion: 4, keyBlock: { keyFormatType: KeyFormatType.Opaque, keyValue: { keyMaterial: randomBytes(40) } } }],
      [V2_1, { objectType: ObjectType.CertificateRequest, certificateRequestType: CertificateRequestType.PKCS_10, certificateRequestValue: randomBytes(50) }],
      [V2_1, { objectType: ObjectType.SecretData, secretDataType: SecretDataType.Password, keyBlock: { keyFormatType: KeyFormatType.Opaque, keyValue: { keyMaterial: Buffer.from('secret') } } }],
    ];
    for (const [v, object] of objects) {
      const uid = uidOf((await kmip.ok(v, Operation.Register, { objectType: object.objectType, attributes: { attribute: [] }, object })).uniqueIdentifier);
      const got = await getObject(kmip, v, uid);
      assert.deepEqual(got, object, `object type ${object.objectType} comes back as registered`);
      assert.equal(value(await getAttrs(kmip, v, uid, ['Object Type']), 'Object Type'), object.objectType);
    }
    const template: ManagedObject = { objectType: ObjectType.Template, attribute: [attr('Object Group', unique('group'))] };
    const tuid = uidOf((await kmip.ok(V1_2, Operation.Register, { objectType: ObjectType.Template, attributes: { attribute: [nameAttr(unique('template'))] }, object: template })).uniqueIdentifier);
    assert.equal(value(await getAttrs(kmip, V1_2, tuid, ['Object Type']), 'Object Type'), ObjectType.Template);
  });

  test('a PGP Key (TC-PGP-1): algorithm and length from its Key Block, Digest, Fresh/Sensitive/Extractable; Get in its own format only', async () => {
    const kmip = new InProcessKmip();
    const armoured = Buffer.from('-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQENBFhA/dQBCADged9e6tib8klFhPpwSni1J\n-----END PGP PUBLIC KEY BLOCK-----\n');
    const kb: KeyBlock = { keyFormatType: KeyFormatType.Raw, keyValue: { keyMaterial: armoured }, cryptographicAlgorithm: CryptographicAlgorithm.RSA, cryptographicLength: 2048 };
    for (const v of [V1_2, V1_4, V2_1]) {
      const object: ManagedObject = { objectType: ObjectType.PGPKey, pgpKeyVersion: 4, keyBlock: kb };
      const uid = uidOf((await kmip.ok(v, Operation.Register, { objectType: ObjectType.PGPKey, attributes: { attribute: [] }, object })).uniqueIdentifier);
      const attrs = await getAttrs(kmip, v, uid);
      assert.equal(value(attrs, 'Cryptographic Algorithm'), CryptographicAlgorithm.RSA, `KMIP ${versionName(v)}`);
      assert.equal(value(attrs, 'Cryptographic Length'), 2048);
      assert.deepEqual(value(attrs, 'Digest'), { hashingAlgorithm: HashingAlgorithm.SHA_256, digestValue: createHash('sha256').update(armoured).digest(), keyFormatType: KeyFormatType.Raw });
      assert.equal(value(attrs, 'Fresh'), true);
      // Sensitive, Extractable and their companions are KMIP 1.4+ attributes.
      for (const [name, expected] of [['Sensitive', false], ['Extractable', true], ['Always Sensitive', false], ['Never Extractable', false]] as const) {
        assert.equal(value(attrs, name), v === V1_2 ? undefined : expected, name);
      }
      assert.deepEqual(await getObject(kmip, v, uid, { keyFormatType: KeyFormatType.Raw }), object, 'asked for in its own format');
      assertReason(await kmip.fail(v, Operation.Get, { uniqueIdentifier: uid, keyFormatType: KeyFormatType.Opaque }), R.KeyFormatTypeNotSupported);
    }
    // A stated algorithm that contradicts the Key Block is refused.
    const contradicting = { objectType: ObjectType.PGPKey, attributes: { attribute: [attr('Cryptographic Algorithm', CryptographicAlgorithm.DSA)] }, object: { objectType: ObjectType.PGPKey, pgpKeyVersion: 4, keyBlock: kb } as ManagedObject };
    assertReason(await kmip.fail(V2_1, Operation.Register, contradicting), R.InvalidAttributeValue);
  });

  test('an encrypted PKCS#8 private key (TC-ECC-2): kept and returned as registered; Get in another format refused', async () => {
    const kmip = new InProcessKmip();
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const encrypted = privateKey.export({ format: 'der', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'secret' });
    const kb: KeyBlock = { keyFormatType: KeyFormatType.PKCS_8, keyValue: { keyMaterial: encrypted }, cryptographicAlgorithm: CryptographicAlgorithm.EC, cryptographicLength: 256 };
    for (const v of [V1_0, V1_4, V2_1]) {
      const uid = await registerKey(kmip, v, ObjectType.PrivateKey, kb, [attr('Cryptographic Usage Mask', U.Sign)]);
      const attrs = await getAttrs(kmip, v, uid);
      // EC is a 1.2 value: a 1.0 client is not shown it (../src/attributes/version-values.ts).
      assert.equal(value(attrs, 'Cryptographic Algorithm'), v === V1_0 ? undefined : CryptographicAlgorithm.EC, `KMIP ${versionName(v)}`);
      assert.equal(value(attrs, 'Cryptographic Length'), 256);
      assert.deepEqual(value(attrs, 'Digest'), { hashingAlgorithm: HashingAlgorithm.SHA_256, digestValue: createHash('sha256').update(encrypted).digest(), keyFormatType: KeyFormatType.PKCS_8 });
      assert.deepEqual(await getObject(kmip, v, uid), { objectType: ObjectType.PrivateKey, keyBlock: kb }, 'the bytes as registered');
      assert.deepEqual(await getObject(kmip, v, uid, { keyFormatType: KeyFormatType.PKCS_8 }), { objectType: ObjectType.PrivateKey, keyBlock: kb });
      assertReason(await kmip.fail(v, Operation.Get, { uniqueIdentifier: uid, keyFormatType: KeyFormatType.ECPrivateKey }), R.KeyFormatTypeNotSupported);
    }
    // The Key Block must say what the server cannot read.
    const { cryptographicLength: _omitted, ...noLength } = kb;
    assertReason(await kmip.fail(V2_1, Operation.Register, { objectType: ObjectType.PrivateKey, attributes: { attribute: [] }, object: { objectType: ObjectType.PrivateKey, keyBlock: noLength } as ManagedObject }), R.InvalidField);
    // A plain PKCS#8 key is still parsed and checked.
    const contradicting: KeyBlock = { ...kb, keyValue: { keyMaterial: privateKey.export({ format: 'der', type: 'pkcs8' }) }, cryptographicLength: 384 };
    assert.equal((await kmip.fail(V2_1, Operation.Register, { objectType: ObjectType.PrivateKey, attributes: { attribute: [] }, object: { objectType: ObjectType.PrivateKey, keyBlock: contradicting } as ManagedObject })).item.resultStatus, ResultStatus.OperationFailed);
  });

  test('a Key Block without its Key Value (TC-MDO): Key Value Present false, Key Value Location kept, Locate finds it', async () => {
    const kmip = new InProcessKmip();
    for (const v of [V1_2, V1_4, V2_1]) {
      const location = attr('Key Value Location', { keyValueLocationValue: unique('hsm'), keyValueLocationType: KeyValueLocationType.UninterpretedTextString });
      const absent: KeyBlock = { keyFormatType: KeyFormatType.Raw, cryptographicAlgorithm: CryptographicAlgorithm.AES, cryptographicLength: 128 };
      const elsewhere = await registerKey(kmip, v, ObjectType.SymmetricKey, absent, [location]);
      const here = await registerKey(kmip, v, ObjectType.SymmetricKey, { ...absent, keyValue: { keyMaterial: randomBytes(16) } });
      const attrs = await getAttrs(kmip, v, elsewhere, ['Key Value Present', 'Key Value Location']);
      assert.equal(value(attrs, 'Key Value Present'), false, `KMIP ${versionName(v)}: no Key Value in the Key Block`);
      assert.deepEqual(value(attrs, 'Key Value Location'), location.value);
      assert.equal(value(await getAttrs(kmip, v, here, ['Key Value Present']), 'Key Value Present'), true);
      assert.deepEqual(await getObject(kmip, v, elsewhere), { objectType: ObjectType.SymmetricKey, keyBlock: absent }, 'Get returns the Key Block as registered');
      const found = await kmip.ok(v, Operation.Locate, { attributes: { attribute: [attr('Key Value Present', false), attr('Key Value Location', location.value as AttributeValue)] } });
      assert.deepEqual(found.uniqueIdentifier, [elsewhere]);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Get: Key Format Type conversions
// ---------------------------------------------------------------------------------------------

async function registerKey(kmip: InProcessKmip, v: ProtocolVersion, objectType: ObjectType, kb: KeyBlock, attributes: Attribute[] = []): Promise<string> {
  const object = { objectType, keyBlock: kb } as ManagedObject;
  return uidOf((await kmip.ok(v, Operation.Register, { objectType, attributes: { attribute: attributes }, object })).uniqueIdentifier);
}

describe('Get: Key Format Type conversions', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const der = (k: KeyObject, type: 'pkcs1' | 'pkcs8' | 'spki' | 'sec1'): Buffer => k.export({ format: 'der', type } as never) as Buffer;

  test('symmetric key: Raw, Opaque, Transparent Symmetric Key, back to Raw', async () => {
    const kmip = new InProcessKmip();
    const key = randomBytes(32);
    const uid = await registerKey(kmip, V2_1, ObjectType.SymmetricKey, { keyFormatType: KeyFormatType.Raw, keyValue: { keyMaterial: key }, cryptographicAlgorithm: CryptographicAlgorithm.AES, cryptographicLength: 256 });
    assert.ok(bytesOf(await getObject(kmip, V2_1, uid)).equals(key));
    assert.ok(bytesOf(await getObject(kmip, V2_1, uid, { keyFormatType: KeyFormatType.Opaque })).equals(key));
    const t = await getObject(kmip, V2_1, uid, { keyFormatType: KeyFormatType.TransparentSymmetricKey });
    assert.equal(keyBlockOf(t).keyFormatType, KeyFormatType.TransparentSymmetricKey);
    assert.ok(Buffer.from((materialOf(t) as { key: Uint8Array }).key).equals(key));
    // Registered transparent (BL-M-3-21): returned as registered, convertible to Raw.
    const tuid = await registerKey(kmip, V2_1, ObjectType.SymmetricKey, { keyFormatType: KeyFormatType.TransparentSymmetricKey, keyValue: { keyMaterial: { key } }, cryptographicAlgorithm: CryptographicAlgorithm.AES, cryptographicLength: 256 });
    assert.equal(keyBlockOf(await getObject(kmip, V2_1, tuid)).keyFormatType, KeyFormatType.TransparentSymmetricKey);
    assert.ok(bytesOf(await getObject(kmip, V1_2, tuid, { keyFormatType: KeyFormatType.Raw })).equals(key));
  });

  test('RSA private key: PKCS#1, PKCS#8, Transparent RSA Private Key', async () => {
    const kmip = new InProcessKmip();
    const uid = await registerKey(kmip, V2_1, ObjectType.PrivateKey, { keyFormatType: KeyFormatType.PKCS_8, keyValue: { keyMaterial: der(rsa.privateKey, 'pkcs8') }, cryptographicAlgorithm: CryptographicAlgorithm.RSA, cryptographicLength: 2048 });
    assert.ok(bytesOf(await getObject(kmip, V2_1, uid)).equals(der(rsa.privateKey, 'pkcs8')), 'as registered');
    assert.ok(bytesOf(await getObject(kmip, V2_1, uid, { keyFormatType: KeyFormatType.PKCS_1 })).equals(der(rsa.privateKey, 'pkcs1')));
    const t = await getObject(kmip, V1_2, uid, { keyFormatType: KeyFormatType.TransparentRSAPrivateKey });
    const jwk = rsa.privateKey.export({ format: 'jwk' });
    const m = materialOf(t) as { modulus: bigint; privateExponent: bigint; p: bigint; crtCoefficient: bigint };
    assert.equal(m.modulus, BigInt(`0x${Buffer.from(jwk.n as string, 'base64url').toString('hex')}`));
    assert.equal(m.privateExponent, BigInt(`0x${Buffer.from(jwk.d as string, 'base64url').toString('hex')}`));
    // and back: register the transparent form, Get it as PKCS#8.
    const back = await registerKey(kmip, V2_1, ObjectType.PrivateKey, keyBlockOf(t));
    assert.ok(bytesOf(await getObject(kmip, V2_1, back, { keyFormatType: KeyFormatType.PKCS_8 })).equals(der(rsa.privateKey, 'pkcs8')));
  });

  test('RSA public key: PKCS#1, X.509, Transparent RSA Public Key', async () => {
    const kmip = new InProcessKmip();
    const uid = await registerKey(kmip, V2_1, ObjectType.PublicKey, { keyFormatType: KeyFormatType.PKCS_1, keyValue: { keyMaterial: der(rsa.publicKey, 'pkcs1') }, cryptographicAlgorithm: CryptographicAlgorithm.RSA, cryptographicLength: 2048 });
    assert.ok(bytesOf(await getObject(kmip, V2_1, uid, { keyFormatType: KeyFormatType.X_509 })).equals(der(rsa.publicKey, 'spki')));
    const t = materialOf(await getObject(kmip, V2_1, uid, { keyFormatType: KeyFormatType.TransparentRSAPublicKey })) as { publicExponent: bigint };
    assert.equal(t.publicExponent, 65537n);
    assert.ok(bytesOf(await getObject(kmip, V1_0, uid, { keyFormatType: KeyFormatType.PKCS_1 })).equals(der(rsa.publicKey, 'pkcs1')));
  });

  test('EC private key: EC Private Key (SEC1), PKCS#8, Transparent EC / ECDSA Private Key', async () => {
    const kmip = new InProcessKmip();
    const uid = await registerKey(kmip, V2_1, ObjectType.PrivateKey, { keyFormatType: KeyFormatType.PKCS_8, keyValue: { keyMaterial: der(ec.privateKey, 'pkcs8') }, cryptographicAlgorithm: CryptographicAlgorithm.EC, cryptographicLength: 256 });
    const sec1 = await getObject(kmip, V2_1, uid, { keyFormatType: KeyFormatType.ECPrivateKey });
    assert.ok(sameKey(createPublicKey(nodeKey(sec1)), ec.publicKey));
    const t = await getObject(kmip, V2_1, uid, { keyFormatType: KeyFormatType.TransparentECPrivateKey });
    assert.equal((materialOf(t) as { recommendedCurve: number }).recommendedCurve, RecommendedCurve.P_256);
    const t12 = await getObject(kmip, V1_2, uid, { keyFormatType: KeyFormatType.TransparentECDSAPrivateKey });
    assert.equal(keyBlockOf(t12).keyFormatType, KeyFormatType.TransparentECDSAPrivateKey);
    const back = await registerKey(kmip, V2_1, ObjectType.PrivateKey, keyBlockOf(t));
    assert.ok(bytesOf(await getObject(kmip, V2_1, back, { keyFormatType: KeyFormatType.PKCS_8 })).equals(der(ec.privateKey, 'pkcs8')));
  });

  test('EC public key: X.509, Raw point, Transparent EC Public Key; Key Compression Type', async () => {
    const kmip = new InProcessKmip();
    const uid = await registerKey(kmip, V2_1, ObjectType.PublicKey, { keyFormatType: KeyFormatType.X_509, keyValue: { keyMaterial: der(ec.publicKey, 'spki') }, cryptographicAlgorithm: CryptographicAlgorithm.EC, cryptographicLength: 256 });
    const raw = bytesOf(await getObject(kmip, V2_1, uid, { keyFormatType: KeyFormatType.Raw }));
    assert.equal(raw.length, 65);
    assert.equal(raw[0], 0x04);
    const t = await getObject(kmip, V2_1, uid, { keyFormatType: KeyFormatType.TransparentECPublicKey });
    assert.ok(Buffer.from((materialOf(t) as { qString: Uint8Array }).qString).equals(raw));
    const compressed = await getObject(kmip, V2_1, uid, { keyFormatType: KeyFormatType.TransparentECPublicKey, keyCompressionType: KeyCompressionType.ECPublicKeyTypeX9_62CompressedPrime });
    assert.equal(keyBlockOf(compressed).keyCompressionType, KeyCompressionType.ECPublicKeyTypeX9_62CompressedPrime);
    const q = Buffer.from((materialOf(compressed) as { qString: Uint8Array }).qString);
    assert.equal(q.length, 33);
    assert.ok(q[0] === 0x02 || q[0] === 0x03);
    // Compression alone (same format) and the compressed Raw point.
    const rawCompressed = await getObject(kmip, V2_1, uid, { keyFormatType: KeyFormatType.Raw, keyCompressionType: KeyCompressionType.ECPublicKeyTypeX9_62CompressedPrime });
    assert.equal(bytesOf(rawCompressed).length, 33);
    const x509Compressed = await getObject(kmip, V2_1, uid, { keyCompressionType: KeyCompressionType.ECPublicKeyTypeX9_62CompressedPrime });
    assert.equal(keyBlockOf(x509Compressed).keyFormatType, KeyFormatType.X_509);
    const jwk = (k: KeyObject): [unknown, unknown] => [k.export({ format: 'jwk' }).x, k.export({ format: 'jwk' }).y];
    assert.deepEqual(jwk(nodeKey(x509Compressed)), jwk(ec.publicKey), 'the compressed SPKI holds the same point');
  });

  test('unsupported formats and compressions; not a key', async () => {
    const kmip = new InProcessKmip();
    const sym = await kmip.createKey();
    await expectReasons((v) => kmip.fail(v, Operation.Get, { uniqueIdentifier: sym, keyFormatType: KeyFormatType.PKCS_1 }), [
      [V2_1, R.KeyFormatTypeNotSupported],
      [V1_2, R.KeyFormatTypeNotSupported],
    ]);
    assertReason(await kmip.fail(V2_1, Operation.Get, { uniqueIdentifier: sym, keyCompressionType: KeyCompressionType.ECPublicKeyTypeX9_62CompressedPrime }), R.KeyCompressionTypeNotSupported);
    const rsaPub = await registerKey(kmip, V2_1, ObjectType.PublicKey, { keyFormatType: KeyFormatType.PKCS_1, keyValue: { keyMaterial: der(rsa.publicKey, 'pkcs1') }, cryptographicAlgorithm: CryptographicAlgorithm.RSA, cryptographicLength: 2048 });
    assertReason(await kmip.fail(V2_1, Operation.Get, { uniqueIdentifier: rsaPub, keyFormatType: KeyFormatType.TransparentECPublicKey }), R.KeyFormatTypeNotSupported);
    assertReason(await kmip.fail(V2_1, Operation.Get, { uniqueIdentifier: rsaPub, keyFormatType: KeyFormatType.PKCS_8 }), R.KeyFormatTypeNotSupported);
    const opaque = uidOf(
      (
        await kmip.ok(V2_1, Operation.Register, {
          objectType: ObjectType.OpaqueObject,
          attributes: { attribute: [] },
          object: { objectType: ObjectType.OpaqueObject, opaqueDataType: 0x80000001 as OpaqueDataType, opaqueDataValue: randomBytes(8) },
        })
      ).uniqueIdentifier,
    );
    assertReason(await kmip.fail(V2_1, Operation.Get, { uniqueIdentifier: opaque, keyFormatType: KeyFormatType.Raw }), R.KeyFormatTypeNotSupported);
  });
});

// ---------------------------------------------------------------------------------------------
// Check
// ---------------------------------------------------------------------------------------------

async function activeKey(kmip: InProcessKmip, v: ProtocolVersion, extra: Attribute[] = []): Promise<string> {
  return kmip.createKey(v, [attr('Activation Date', kmip.nowSeconds - 10n), ...extra]);
}

describe('Check', () => {
  test('BL-M-2/BL-M-3: the usages of the Cryptographic Usage Mask pass, others are Incompatible', async () => {
    const kmip = new InProcessKmip();
    const uid = await activeKey(kmip, V2_1, [attr('Cryptographic Usage Mask', U.Decrypt)]);
    assert.equal((await kmip.ok(V2_1, Operation.Check, { uniqueIdentifier: uid, cryptographicUsageMask: U.Decrypt })).uniqueIdentifier, uid);
    await expectReasons((v) => kmip.fail(v, Operation.Check, { uniqueIdentifier: uid, cryptographicUsageMask: U.Encrypt }), [
      [V2_1, R.IncompatibleCryptographicUsageMask],
      [V1_2, R.PermissionDenied],
    ]);
    // The BL-M-2 batch: Activate then Check in one Undo batch.
    const pre = await kmip.createKey(V2_1, [attr('Cryptographic Usage Mask', U.Encrypt)]);
    const res = await kmip.send(
      V2_1,
      [item(Operation.Activate, { uniqueIdentifier: pre }), item(Operation.Check, { uniqueIdentifier: pre, cryptographicUsageMask: U.Encrypt }), item(Operation.Check, { uniqueIdentifier: pre, cryptographicUsageMask: U.Decrypt })],
      { batchErrorContinuationOption: BatchErrorContinuationOption.Undo },
    );
    assert.deepEqual(
      res.batchItem.map((b) => b.resultStatus),
      [ResultStatus.OperationUndone, ResultStatus.OperationUndone, ResultStatus.OperationFailed],
    );
    assert.equal(res.batchItem[2]?.resultReason, R.IncompatibleCryptographicUsageMask);
    for (const b of res.batchItem.slice(0, 2)) assert.deepEqual(b.responsePayload, { uniqueIdentifier: pre }, 'an undone item keeps its response payload');
    assert.equal(res.batchItem[2]?.responsePayload, undefined, 'the failed item has none');
    assert.equal(value(await getAttrs(kmip, V2_1, pre, ['State']), 'State'), State.PreActive, 'Activate undone');
  });

  test('lifecycle: protection needs Active, processing also works Deactivated; destroyed objects none; Unrestricted', async () => {
    const kmip = new InProcessKmip();
    const pre = await kmip.createKey(V2_1, [attr('Cryptographic Usage Mask', U.Encrypt | U.Decrypt)]);
    assertReason(await kmip.fail(V2_1, Operation.Check, { uniqueIdentifier: pre, cryptographicUsageMask: U.Encrypt }), R.PermissionDenied);
    assertReason(await kmip.fail(V2_1, Operation.Check, { uniqueIdentifier: pre, cryptographicUsageMask: U.Decrypt }), R.PermissionDenied);
    const uid = await activeKey(kmip, V2_1, [attr('Cryptographic Usage Mask', U.Encrypt | U.Decrypt)]);
    await kmip.ok(V2_1, Operation.Revoke, { uniqueIdentifier: uid, revocationReason: { revocationReasonCode: RevocationReasonCode.CessationOfOperation } });
    await kmip.ok(V2_1, Operation.Check, { uniqueIdentifier: uid, cryptographicUsageMask: U.Decrypt });
    assertReason(await kmip.fail(V2_1, Operation.Check, { uniqueIdentifier: uid, cryptographicUsageMask: U.Encrypt }), R.PermissionDenied);
    await kmip.ok(V2_1, Operation.Destroy, { uniqueIdentifier: uid });
    assertReason(await kmip.fail(V2_1, Operation.Check, { uniqueIdentifier: uid }), R.PermissionDenied);
    const free = await activeKey(kmip, V2_1, [attr('Cryptographic Usage Mask', U.Unrestricted)]);
    await kmip.ok(V2_1, Operation.Check, { uniqueIdentifier: free, cryptographicUsageMask: U.Encrypt | U.MACGenerate });
    const none = await activeKey(kmip, V2_1, [attr('Cryptographic Usage Mask', 0)]);
    assertReason(await kmip.fail(V2_1, Operation.Check, { uniqueIdentifier: none, cryptographicUsageMask: U.Encrypt }), R.IncompatibleCryptographicUsageMask);
  });

  test('Usage Limits Count and Lease Time against the object and the server policy', async () => {
    const kmip = new InProcessKmip();
    const uid = await activeKey(kmip, V2_1, [attr('Usage Limits', { usageLimitsTotal: 1000n, usageLimitsUnit: UsageLimitsUnit.Byte })]);
    await kmip.ok(V2_1, Operation.Check, { uniqueIdentifier: uid, usageLimitsCount: 1000n, leaseTime: 3600 });
    await expectReasons((v) => kmip.fail(v, Operation.Check, { uniqueIdentifier: uid, usageLimitsCount: 1001n }), [
      [V2_1, R.UsageLimitExceeded],
      [V1_2, R.PermissionDenied],
    ]);
    assertReason(await kmip.fail(V2_1, Operation.Check, { uniqueIdentifier: uid, leaseTime: 3601 }), R.PermissionDenied);
    assertReason(await kmip.fail(V2_1, Operation.Check, { uniqueIdentifier: uid, usageLimitsCount: -1n }), R.InvalidField);
    const unlimited = await activeKey(kmip, V2_1);
    await kmip.ok(V2_1, Operation.Check, { uniqueIdentifier: unlimited, usageLimitsCount: 1n << 40n });
  });

  test('a failed Check empties the ID Placeholder; the ID Placeholder names the object to check', async () => {
    const kmip = new InProcessKmip();
    const res = await kmip.send(
      V2_1,
      [
        item(Operation.Create, { objectType: ObjectType.SymmetricKey, attributes: { attribute: [attr('Cryptographic Algorithm', CryptographicAlgorithm.AES), attr('Cryptographic Length', 128), attr('Cryptographic Usage Mask', U.Decrypt), attr('Activation Date', kmip.nowSeconds - 5n)] } }),
        item(Operation.Check, { cryptographicUsageMask: U.Decrypt }),
        item(Operation.Check, { cryptographicUsageMask: U.Encrypt }),
        item(Operation.Get, {}),
      ],
      { batchErrorContinuationOption: BatchErrorContinuationOption.Continue },
    );
    assert.deepEqual(
      res.batchItem.map((b) => b.resultStatus),
      [ResultStatus.Success, ResultStatus.Success, ResultStatus.OperationFailed, ResultStatus.OperationFailed],
    );
    assert.equal(res.batchItem[3]?.resultReason, R.ObjectNotFound, 'no ID Placeholder left');
  });
});

// ---------------------------------------------------------------------------------------------
// Locate: Object Group Member and the ID Placeholder
// ---------------------------------------------------------------------------------------------

describe('Locate: Object Group Member, ID Placeholder', () => {
  const group = (g: string): Attribute => attr('Object Group', g);
  const aes = [attr('Cryptographic Algorithm', CryptographicAlgorithm.AES), attr('Cryptographic Length', 128)];
  const locateMember = (g: string, member: ObjectGroupMember) => item(Operation.Locate, { maximumItems: 1, objectGroupMember: member, attributes: set(group(g)) });

  test('Group Member Fresh (TC-152): fresh members oldest first; Locate leaves Fresh alone, Get clears it; none left: the Get fails', async () => {
    const kmip = new InProcessKmip();
    const g = unique('fresh');
    const first = await kmip.createKey(V1_2, [...aes, group(g)]);
    const second = await kmip.createKey(V1_2, [...aes, group(g)]);
    // Locate alone serves nothing (TC-151 reads Fresh true after it).
    const alone = await kmip.ok(V1_2, Operation.Locate, { objectGroupMember: ObjectGroupMember.GroupMemberFresh, attributes: set(group(g)) });
    assert.deepEqual(alone.uniqueIdentifier, [first, second]);
    assert.equal((await kmip.stored(first, 'Fresh'))[0]?.value, true);
    for (const expected of [first, second]) {
      const r = await kmip.send(V1_2, [locateMember(g, ObjectGroupMember.GroupMemberFresh), item(Operation.Get, {})]);
      assert.deepEqual(successPayload(r.batchItem[0]!, Operation.Locate).uniqueIdentifier, [expected]);
      assert.equal(successPayload(r.batchItem[1]!, Operation.Get).uniqueIdentifier, expected);
      assert.equal((await kmip.stored(expected, 'Fresh'))[0]?.value, false, 'served by the Get');
    }
    const none = await kmip.send(V1_2, [locateMember(g, ObjectGroupMember.GroupMemberFresh), item(Operation.Get, {})]);
    assert.equal(successPayload(none.batchItem[0]!, Operation.Locate).uniqueIdentifier, undefined, 'no fresh member left');
    assert.equal(none.batchItem[1]?.resultReason, R.ItemNotFound, '1.x: no object to get');
    const none2 = await kmip.send(V2_1, [locateMember(g, ObjectGroupMember.GroupMemberFresh), item(Operation.Get, {})]);
    assert.equal(none2.batchItem[1]?.resultReason, R.ObjectNotFound);
  });

  test('Group Member Default (TC-153): the next unused member, then the oldest once every member has been served', async () => {
    const kmip = new InProcessKmip();
    const g = unique('default');
    const members = [await kmip.createKey(V1_2, [...aes, group(g)]), await kmip.createKey(V1_2, [...aes, group(g)]), await kmip.createKey(V1_2, [...aes, group(g)])];
    const other = await kmip.createKey(V1_2, [...aes, group(unique('other'))]);
    for (const expected of [...members, members[0]]) {
      const r = await kmip.send(V1_2, [locateMember(g, ObjectGroupMember.GroupMemberDefault), item(Operation.Get, {})]);
      assert.deepEqual(successPayload(r.batchItem[0]!, Operation.Locate).uniqueIdentifier, [expected]);
      assert.equal(successPayload(r.batchItem[1]!, Operation.Get).uniqueIdentifier, expected);
    }
    // One default object, whatever Maximum Items says; none for an empty group.
    const all = await kmip.ok(V2_1, Operation.Locate, { objectGroupMember: ObjectGroupMember.GroupMemberDefault, attributes: set(group(g)) });
    assert.deepEqual(all.uniqueIdentifier, [members[0]]);
    assert.equal((await kmip.ok(V2_1, Operation.Locate, { objectGroupMember: ObjectGroupMember.GroupMemberDefault, attributes: set(group(unique('empty'))) })).uniqueIdentifier, undefined);
    assert.notEqual(other, members[0]);
  });

  test('the ID Placeholder: set by a Locate that returns one identifier, emptied by one that returns several or none', async () => {
    const kmip = new InProcessKmip();
    const g = unique('placeholder');
    const older = await kmip.createKey(V2_1, [...aes, group(g)]);
    const newer = await kmip.createKey(V2_1, [...aes, group(g)]);
    const byGroup = { attributes: set(group(g)) };
    const several = await kmip.send(V2_1, [item(Operation.Create, { objectType: ObjectType.SymmetricKey, attributes: set(...aes) }), item(Operation.Locate, byGroup), item(Operation.Get, {})], {
      batchErrorContinuationOption: BatchErrorContinuationOption.Continue,
    });
    assert.deepEqual(successPayload(several.batchItem[1]!, Operation.Locate).uniqueIdentifier, [newer, older], 'newest first');
    assert.equal(several.batchItem[2]?.resultReason, R.ObjectNotFound, 'emptied: not the created key, not a located one');
    const one = await kmip.send(V2_1, [item(Operation.Locate, { ...byGroup, maximumItems: 1 }), item(Operation.Get, {})]);
    assert.equal(successPayload(one.batchItem[1]!, Operation.Get).uniqueIdentifier, newer);
  });
});

// ---------------------------------------------------------------------------------------------
// Archive / Recover
// ---------------------------------------------------------------------------------------------

describe('Archive and Recover', () => {
  test('TC-101: an archived key is off-line until recovered', async () => {
    const kmip = new InProcessKmip();
    const name = unique('archive');
    const uid = await kmip.createKey(V1_2, [nameAttr(name)]);
    const before = await getAttrs(kmip, V1_2, uid, ['Last Change Date']);
    kmip.advance(5);
    assert.equal((await kmip.ok(V1_2, Operation.Archive, { uniqueIdentifier: uid })).uniqueIdentifier, uid);
    const a = await getAttrs(kmip, V1_2, uid, ['Archive Date', 'Last Change Date']);
    assert.equal(value(a, 'Archive Date'), kmip.nowSeconds);
    assert.notDeepEqual(value(a, 'Last Change Date'), value(before, 'Last Change Date'));
    for (const v of [V1_2, V2_1]) {
      assertReason(await kmip.fail(v, Operation.Get, { uniqueIdentifier: uid }), R.ObjectArchived, `KMIP ${versionName(v)} Get: `);
      assertReason(await kmip.fail(v, Operation.Archive, { uniqueIdentifier: uid }), R.ObjectArchived, 'Archive again: ');
      assertReason(await kmip.fail(v, Operation.Activate, { uniqueIdentifier: uid }), R.ObjectArchived);
      assertReason(await kmip.fail(v, Operation.Check, { uniqueIdentifier: uid }), R.ObjectArchived);
      assertReason(await kmip.fail(v, Operation.ObtainLease, { uniqueIdentifier: uid }), R.ObjectArchived);
    }
    await kmip.ok(V2_1, Operation.GetAttributeList, { uniqueIdentifier: uid });
    const byName = { attributes: { attribute: [nameAttr(name)] } };
    assert.equal((await kmip.ok(V1_2, Operation.Locate, byName)).uniqueIdentifier, undefined, 'not on-line');
    assert.deepEqual((await kmip.ok(V1_2, Operation.Locate, { ...byName, storageStatusMask: StorageStatusMask.ArchivalStorage | StorageStatusMask.OnLineStorage })).uniqueIdentifier, [uid]);
    // Recover in a batch: the ID Placeholder is the recovered object.
    const res = await kmip.send(V1_2, [item(Operation.Recover, { uniqueIdentifier: uid }), item(Operation.Get, {})]);
    assert.equal(successPayload(res.batchItem[0]!, Operation.Recover).uniqueIdentifier, uid);
    assert.equal(successPayload(res.batchItem[1]!, Operation.Get).uniqueIdentifier, uid);
    assert.equal(value(await getAttrs(kmip, V2_1, uid), 'Archive Date'), undefined);
    assert.deepEqual((await kmip.ok(V1_2, Operation.Locate, byName)).uniqueIdentifier, [uid]);
    // Recovering an on-line object changes nothing.
    await kmip.ok(V2_1, Operation.Recover, { uniqueIdentifier: uid });
  });

  test('errors: unknown object, another client’s object', async () => {
    const kmip = new InProcessKmip();
    assertReason(await kmip.fail(V1_2, Operation.Archive, { uniqueIdentifier: 'no-such-object' }), R.ItemNotFound);
    assertReason(await kmip.fail(V1_2, Operation.Recover, { uniqueIdentifier: 'no-such-object' }), R.ItemNotFound);
    const uid = await kmip.createKey();
    assertReason(await kmip.as('mallory').fail(V2_1, Operation.Archive, { uniqueIdentifier: uid }), R.PermissionDenied);
    await kmip.ok(V2_1, Operation.Archive, { uniqueIdentifier: uid });
    assertReason(await kmip.as('mallory').fail(V2_1, Operation.Recover, { uniqueIdentifier: uid }), R.PermissionDenied);
  });
});

// ---------------------------------------------------------------------------------------------
// Obtain Lease, Get Usage Allocation
// ---------------------------------------------------------------------------------------------

describe('Obtain Lease', () => {
  test('TC-95: 3600 seconds and the Last Change Date; none for a compromised key', async () => {
    const kmip = new InProcessKmip();
    const uid = await activeKey(kmip, V1_2);
    const lcd = value(await getAttrs(kmip, V1_2, uid, ['Last Change Date']), 'Last Change Date');
    const res = await kmip.ok(V1_2, Operation.ObtainLease, { uniqueIdentifier: uid });
    assert.deepEqual(res, { uniqueIdentifier: uid, leaseTime: 3600, lastChangeDate: lcd });
    assert.equal(value(await getAttrs(kmip, V1_2, uid, ['Lease Time']), 'Lease Time'), 3600);
    await kmip.ok(V1_2, Operation.Revoke, { uniqueIdentifier: uid, revocationReason: { revocationReasonCode: RevocationReasonCode.KeyCompromise }, compromiseOccurrenceDate: kmip.nowSeconds });
    await expectReasons((v) => kmip.fail(v, Operation.ObtainLease, { uniqueIdentifier: uid }), [
      [V1_2, R.PermissionDenied],
      [V2_1, R.PermissionDenied],
    ]);
    assertReason(await kmip.fail(V2_1, Operation.ObtainLease, { uniqueIdentifier: 'no-such-object' }), R.ObjectNotFound);
  });
});

describe('Get Usage Allocation', () => {
  const limited = (total: bigint): Attribute => attr('Usage Limits', { usageLimitsTotal: total, usageLimitsUnit: UsageLimitsUnit.Byte });

  test('TC-51: allocations come off the Usage Limits Count until none is left', async () => {
    const kmip = new InProcessKmip();
    const uid = await activeKey(kmip, V1_2, [limited(1000n)]);
    assert.deepEqual(value(await getAttrs(kmip, V1_2, uid, ['Usage Limits']), 'Usage Limits'), { usageLimitsTotal: 1000n, usageLimitsCount: 1000n, usageLimitsUnit: UsageLimitsUnit.Byte });
    const res = await kmip.send(V1_2, [item(Operation.Check, { uniqueIdentifier: uid, usageLimitsCount: 500n }), item(Operation.GetUsageAllocation, { uniqueIdentifier: uid, usageLimitsCount: 500n })]);
    assert.deepEqual(res.batchItem.map((b) => b.resultStatus), [ResultStatus.Success, ResultStatus.Success]);
    await kmip.ok(V1_2, Operation.GetUsageAllocation, { uniqueIdentifier: uid, usageLimitsCount: 500n });
    assert.equal((value(await getAttrs(kmip, V2_1, uid, ['Usage Limits']), 'Usage Limits') as { usageLimitsCount: bigint }).usageLimitsCount, 0n);
    await expectReasons((v) => kmip.fail(v, Operation.GetUsageAllocation, { uniqueIdentifier: uid, usageLimitsCount: 500n }), [
      [V1_2, R.PermissionDenied],
      [V2_1, R.UsageLimitExceeded],
    ]);
    assertReason(await kmip.fail(V2_1, Operation.ObtainLease, { uniqueIdentifier: uid }), R.UsageLimitExceeded, 'no lease once used up: ');
  });

  test('errors: no Usage Limits, not a protecting object, not Active, a count that is not positive', async () => {
    const kmip = new InProcessKmip();
    const plain = await activeKey(kmip, V2_1);
    await expectReasons((v) => kmip.fail(v, Operation.GetUsageAllocation, { uniqueIdentifier: plain, usageLimitsCount: 1n }), [
      [V2_1, R.AttributeNotFound],
      [V1_2, R.IllegalOperation],
    ]);
    const secret = uidOf(
      (
        await kmip.ok(V2_1, Operation.Register, {
          objectType: ObjectType.SecretData,
          attributes: { attribute: [limited(10n)] },
          object: { objectType: ObjectType.SecretData, secretDataType: SecretDataType.Password, keyBlock: { keyFormatType: KeyFormatType.Opaque, keyValue: { keyMaterial: Buffer.from('pw') } } },
        })
      ).uniqueIdentifier,
    );
    await expectReasons((v) => kmip.fail(v, Operation.GetUsageAllocation, { uniqueIdentifier: secret, usageLimitsCount: 1n }), [
      [V2_1, R.InvalidObjectType],
      [V1_2, R.IllegalOperation],
    ]);
    const pre = await kmip.createKey(V2_1, [limited(10n)]);
    assertReason(await kmip.fail(V2_1, Operation.GetUsageAllocation, { uniqueIdentifier: pre, usageLimitsCount: 1n }), R.PermissionDenied);
    const stopped = await activeKey(kmip, V2_1, [limited(10n), attr('Protect Stop Date', kmip.nowSeconds - 1n)]);
    assertReason(await kmip.fail(V2_1, Operation.GetUsageAllocation, { uniqueIdentifier: stopped, usageLimitsCount: 1n }), R.PermissionDenied);
    const ok = await activeKey(kmip, V2_1, [limited(10n)]);
    assertReason(await kmip.fail(V2_1, Operation.GetUsageAllocation, { uniqueIdentifier: ok, usageLimitsCount: 0n }), R.InvalidField);
  });

  describe('durability (SQLite)', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'keyhold-objects-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    test('the decremented count survives a restart; Undo gives the units back', async () => {
      const path = join(dir, 'store.db');
      const masterKey = randomBytes(32);
      const store = await openSqliteStore({ path, masterKey });
      const kmip = new InProcessKmip({ store });
      const uid = await activeKey(kmip, V2_1, [limited(100n)]);
      await kmip.ok(V2_1, Operation.GetUsageAllocation, { uniqueIdentifier: uid, usageLimitsCount: 30n });
      const undone = await kmip.send(V2_1, [item(Operation.GetUsageAllocation, { uniqueIdentifier: uid, usageLimitsCount: 50n }), item(Operation.Get, { uniqueIdentifier: 'no-such-object' })], {
        batchErrorContinuationOption: BatchErrorContinuationOption.Undo,
      });
      assert.equal(undone.batchItem[0]?.resultStatus, ResultStatus.OperationUndone);
      await store.close();
      const reopened = await openSqliteStore({ path, masterKey });
      try {
        const again = new InProcessKmip({ store: reopened });
        assert.equal((value(await getAttrs(again, V2_1, uid, ['Usage Limits']), 'Usage Limits') as { usageLimitsCount: bigint }).usageLimitsCount, 70n);
      } finally {
        await reopened.close();
      }
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Ping, Interop, Log, Poll, Cancel
// ---------------------------------------------------------------------------------------------

describe('Ping, Interop, Log, Poll, Cancel', () => {
  function loggingKmip(): { kmip: InProcessKmip; lines: Array<{ obj: Record<string, unknown>; msg: string | undefined }> } {
    const lines: Array<{ obj: Record<string, unknown>; msg: string | undefined }> = [];
    const store = new MemoryStore();
    const clock = { ms: undefined as number | undefined };
    const logger = { warn: () => {}, error: () => {}, info: (obj: object, msg?: string) => lines.push({ obj: obj as Record<string, unknown>, msg }) };
    const executor = new Executor({ store, server: KEYHOLD_FACTS, logger, clock: () => clock.ms ?? Date.now() });
    return { kmip: new InProcessKmip({}, { store, executor, clock }), lines };
  }

  test('Ping: 2.1 only', async () => {
    const kmip = new InProcessKmip();
    assert.deepEqual(await kmip.ok(V2_1, Operation.Ping, {}), {});
    assertReason(await kmip.fail(V2_0, Operation.Ping, {}), R.OperationNotSupported);
  });

  test('Interop Begin/End/Reset and Log are answered and logged (2.x only)', async () => {
    const { kmip, lines } = loggingKmip();
    for (const fn of [InteropFunction.Begin, InteropFunction.End, InteropFunction.Reset]) {
      assert.deepEqual(await kmip.ok(V2_1, Operation.Interop, { interopFunction: fn, interopIdentifier: 'BL-M-1-21' }), {});
    }
    assert.deepEqual(await kmip.ok(V2_0, Operation.Log, { logMessage: 'Registered a symmetric key.' }), {});
    assert.deepEqual(
      lines.map((l) => [l.msg, l.obj['interopIdentifier'] ?? l.obj['logMessage'], l.obj['principal']]),
      [
        ['interop test begin', 'BL-M-1-21', 'alice'],
        ['interop test end', 'BL-M-1-21', 'alice'],
        ['interop test reset', 'BL-M-1-21', 'alice'],
        ['client log message', 'Registered a symmetric key.', 'alice'],
      ],
    );
    assertReason(await kmip.fail(V2_1, Operation.Interop, { interopFunction: InteropFunction.Begin, interopIdentifier: ' ' }), R.InvalidField);
    await kmip.ok(V2_1, Operation.Log, { logMessage: 'x'.repeat(10_000) });
    assert.equal((lines.at(-1)?.obj['logMessage'] as string).length, 4097);
    // Without a logger the operations still succeed.
    await new InProcessKmip().ok(V2_1, Operation.Log, { logMessage: 'nobody listens' });
  });

  test('Poll: no outstanding operation (2.x Invalid Asynchronous Correlation Value, 1.x Item Not Found)', async () => {
    const kmip = new InProcessKmip();
    await expectReasons((v) => kmip.fail(v, Operation.Poll, { asynchronousCorrelationValue: Buffer.from('0102', 'hex') }), [
      [V2_1, R.InvalidAsynchronousCorrelationValue],
      [V1_2, R.ItemNotFound],
      [V1_0, R.ItemNotFound],
    ]);
  });

  test('Cancel: Cancellation Result Unavailable, the correlation value echoed', async () => {
    const kmip = new InProcessKmip();
    for (const v of [V1_2, V2_1]) {
      const acv = randomBytes(8);
      const res = await kmip.ok(v, Operation.Cancel, { asynchronousCorrelationValue: acv });
      assert.equal(res.cancellationResult, CancellationResult.Unavailable);
      assert.ok(Buffer.from(res.asynchronousCorrelationValue).equals(acv));
    }
  });

  test('the operations are in the table and in Query', async () => {
    const kmip = new InProcessKmip();
    const ops = (await kmip.ok(V2_1, Operation.Query, { queryFunction: [QueryFunction.QueryOperations] })).operation ?? [];
    for (const op of [Operation.CreateKeyPair, Operation.Check, Operation.Archive, Operation.Recover, Operation.ObtainLease, Operation.GetUsageAllocation, Operation.Ping, Operation.Interop, Operation.Log, Operation.Poll, Operation.Cancel]) {
      assert.ok(ops.includes(op as never), `Query lists operation ${op}`);
    }
    const ops12 = (await kmip.ok(V1_2, Operation.Query, { queryFunction: [QueryFunction.QueryOperations] })).operation ?? [];
    assert.ok(!ops12.includes(Operation.Ping as never) && !ops12.includes(Operation.Interop as never), '1.2 lists no 2.x operation');
    assert.equal(failure((await kmip.send(V1_4, [item(Operation.Interop, { interopFunction: InteropFunction.Begin, interopIdentifier: 'x' })])).batchItem[0]!).reason, R.OperationNotSupported);
  });
});
