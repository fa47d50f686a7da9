/**
 * Create Split Key and Join Split Key through the executor with real KMIP messages (1.2, 1.4,
 * 2.1): every Split Key Method from an existing key and from a generated one, the Split Key
 * objects Get returns, the ID Placeholder, Secret Data, attribute inheritance (Sensitive,
 * Extractable, Usage Mask), the Result Reasons of both operations in 1.x and 2.x, Register of
 * Split Keys, and part material sealed at rest in the SQLite store.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CryptographicAlgorithm,
  CryptographicUsageMask as U,
  KeyFormatType,
  NameType,
  ObjectType,
  Operation,
  ResultReason as R,
  SecretDataType,
  SplitKeyMethod as M,
  State,
  type Attribute,
  type ManagedObject,
  type ProtocolVersion,
  type SplitKey,
} from '@keyhold/protocol';
import { openSqliteStore } from '../src/store/sqlite/store.js';
import { assertReason, InProcessKmip, item, V1_1, V1_2, V1_4, V2_1, versionName } from './helpers/kmip.js';

const KEY = Buffer.from('0102030405060708090a0b0c0d0e0f10', 'hex');
const attr = (name: string, value: Attribute['value']): Attribute => ({ name, value }) as Attribute;
const none = { attribute: [] };

function uidOf(u: unknown): string {
  assert.equal(typeof u, 'string');
  return u as string;
}

async function registerAes(kmip: InProcessKmip, v: ProtocolVersion, key: Buffer = KEY, extra: Attribute[] = []): Promise<string> {
  const object: ManagedObject = { objectType: ObjectType.SymmetricKey, keyBlock: { keyFormatType: KeyFormatType.Raw, keyValue: { keyMaterial: key }, cryptographicAlgorithm: CryptographicAlgorithm.AES, cryptographicLength: key.length * 8 } };
  const res = await kmip.ok(v, Operation.Register, { objectType: ObjectType.SymmetricKey, attributes: { attribute: [attr('Cryptographic Usage Mask', U.Encrypt | U.Decrypt), ...extra] }, object });
  return uidOf(res.uniqueIdentifier);
}

async function getObject(kmip: InProcessKmip, v: ProtocolVersion, uid: string): Promise<ManagedObject> {
  return (await kmip.ok(v, Operation.Get, { uniqueIdentifier: uid })).object;
}

async function material(kmip: InProcessKmip, v: ProtocolVersion, uid: string): Promise<Buffer> {
  const o = await getObject(kmip, v, uid);
  assert.ok('keyBlock' in o && o.keyBlock.keyValue !== undefined && !(o.keyBlock.keyValue instanceof Uint8Array));
  return Buffer.from(o.keyBlock.keyValue.keyMaterial as Uint8Array);
}

async function split(kmip: InProcessKmip, v: ProtocolVersion, uid: string | undefined, method: M, parts: number, threshold: number, attrs: Attribute[] = [], prime?: bigint): Promise<string[]> {
  const res = await kmip.ok(v, Operation.CreateSplitKey, {
    objectType: ObjectType.SplitKey,
    ...(uid === undefined ? {} : { uniqueIdentifier: uid }),
    splitKeyParts: parts,
    splitKeyThreshold: threshold,
    splitKeyMethod: method,
    ...(prime === undefined ? {} : { primeFieldSize: prime }),
    attributes: { attribute: attrs },
  });
  return (res.uniqueIdentifier ?? []).map(uidOf);
}

async function joinKey(kmip: InProcessKmip, v: ProtocolVersion, uids: string[], attrs: Attribute[] = []): Promise<string> {
  return uidOf((await kmip.ok(v, Operation.JoinSplitKey, { objectType: ObjectType.SymmetricKey, uniqueIdentifier: uids, attributes: { attribute: attrs } })).uniqueIdentifier);
}

describe('Create Split Key and Join Split Key', () => {
  for (const v of [V1_2, V1_4, V2_1]) {
    test(`KMIP ${versionName(v)}: GF(2^8) 3-of-5 of a registered key: Split Key objects, any 3 join back, the new key is Pre-Active AES-128`, async () => {
      const kmip = new InProcessKmip();
      const base = await registerAes(kmip, v);
      const parts = await split(kmip, v, base, M.PolynomialSharingGF2_8, 5, 3);
      assert.equal(parts.length, 5);
      for (const [i, uid] of parts.entries()) {
        const o = await getObject(kmip, v, uid);
        assert.equal(o.objectType, ObjectType.SplitKey);
        const sk = o as SplitKey & { objectType: typeof ObjectType.SplitKey };
        assert.deepEqual([sk.splitKeyParts, sk.keyPartIdentifier, sk.splitKeyThreshold, sk.splitKeyMethod], [5, i + 1, 3, M.PolynomialSharingGF2_8]);
        assert.equal(sk.keyBlock.keyFormatType, KeyFormatType.Raw);
        assert.equal(sk.keyBlock.cryptographicAlgorithm, CryptographicAlgorithm.AES);
        assert.equal(sk.keyBlock.cryptographicLength, 128);
        const attrs = (await kmip.ok(v, Operation.GetAttributes, { uniqueIdentifier: uid })).attributes?.attribute ?? [];
        assert.equal(attrs.find((a) => a.name === 'State')?.value, State.PreActive);
        assert.equal(attrs.find((a) => a.name === 'Cryptographic Usage Mask')?.value, U.Encrypt | U.Decrypt, 'inherited from the key');
      }
      for (const subset of [[0, 1, 2], [4, 2, 0], [1, 3, 4]]) {
        const joined = await joinKey(kmip, v, subset.map((i) => parts[i] as string));
        assert.deepEqual(await material(kmip, v, joined), KEY, `parts ${subset.join(',')}`);
      }
      assertReason(await kmip.fail(v, Operation.JoinSplitKey, { objectType: ObjectType.SymmetricKey, uniqueIdentifier: parts.slice(0, 2), attributes: none }), R.CryptographicFailure, 'two of 3-of-5: ');
      // The same part twice counts once.
      assertReason(await kmip.fail(v, Operation.JoinSplitKey, { objectType: ObjectType.SymmetricKey, uniqueIdentifier: [parts[0] as string, parts[0] as string, parts[1] as string], attributes: none }), R.CryptographicFailure);
    });
  }

  const methods: { name: string; method: M; parts: number; threshold: number; prime?: bigint }[] = [
    { name: 'XOR 3-of-3', method: M.XOR, parts: 3, threshold: 3 },
    { name: 'GF(2^16) 2-of-4', method: M.PolynomialSharingGF2_16, parts: 4, threshold: 2 },
    { name: 'prime field 2-of-3 (server-chosen prime)', method: M.PolynomialSharingPrimeField, parts: 3, threshold: 2 },
    { name: 'prime field 2-of-3 (given prime 2^521-1)', method: M.PolynomialSharingPrimeField, parts: 3, threshold: 2, prime: (1n << 521n) - 1n },
    { name: 'GF(2^8) 1-of-2', method: M.PolynomialSharingGF2_8, parts: 2, threshold: 1 },
  ];
  for (const m of methods) {
    test(`2.1: ${m.name} of a generated AES-256 key: the parts join to one 32-byte key`, async () => {
      const kmip = new InProcessKmip();
      const parts = await split(kmip, V2_1, undefined, m.method, m.parts, m.threshold, [attr('Cryptographic Algorithm', CryptographicAlgorithm.AES), attr('Cryptographic Length', 256)], m.prime);
      const a = await material(kmip, V2_1, await joinKey(kmip, V2_1, parts.slice(0, m.threshold)));
      const b = await material(kmip, V2_1, await joinKey(kmip, V2_1, parts.slice(m.parts - m.threshold)));
      assert.equal(a.length, 32);
      assert.deepEqual(a, b);
      const first = (await getObject(kmip, V2_1, parts[0] as string)) as SplitKey;
      if (m.method === M.PolynomialSharingPrimeField) assert.equal(first.primeFieldSize, m.prime ?? (1n << 256n) + 297n);
      else assert.equal(first.primeFieldSize, undefined);
      if (m.threshold > 1) assertReason(await kmip.fail(V2_1, Operation.JoinSplitKey, { objectType: ObjectType.SymmetricKey, uniqueIdentifier: parts.slice(0, m.threshold - 1), attributes: none }), R.CryptographicFailure);
    });
  }

  test('the ID Placeholder is the part with Key Part Identifier 1; Join sets it to the new key', async () => {
    const kmip = new InProcessKmip();
    const base = await registerAes(kmip, V2_1);
    const res = await kmip.send(V2_1, [
      item(Operation.CreateSplitKey, { objectType: ObjectType.SplitKey, uniqueIdentifier: base, splitKeyParts: 2, splitKeyThreshold: 2, splitKeyMethod: M.XOR, attributes: none }),
      item(Operation.Get, {}),
    ]);
    const [created, got] = res.batchItem;
    const ids = (created?.responsePayload as { uniqueIdentifier: string[] }).uniqueIdentifier;
    const o = (got?.responsePayload as { uniqueIdentifier: string; object: SplitKey }) ?? assert.fail();
    assert.equal(o.uniqueIdentifier, ids[0]);
    assert.equal(o.object.keyPartIdentifier, 1);
    const joined = await kmip.send(V2_1, [item(Operation.JoinSplitKey, { objectType: ObjectType.SymmetricKey, uniqueIdentifier: ids, attributes: none }), item(Operation.Get, {})]);
    const key = joined.batchItem[1]?.responsePayload as { object: ManagedObject };
    assert.ok('keyBlock' in key.object);
    assert.deepEqual(Buffer.from((key.object.keyBlock.keyValue as { keyMaterial: Uint8Array }).keyMaterial), KEY);
  });

  test('Secret Data splits and joins into Secret Data of the requested type (Seed by default)', async () => {
    const kmip = new InProcessKmip();
    const secret = randomBytes(21);
    const object: ManagedObject = { objectType: ObjectType.SecretData, secretDataType: SecretDataType.Password, keyBlock: { keyFormatType: KeyFormatType.Opaque, keyValue: { keyMaterial: secret } } };
    const base = uidOf((await kmip.ok(V2_1, Operation.Register, { objectType: ObjectType.SecretData, attributes: none, object })).uniqueIdentifier);
    for (const method of [M.PolynomialSharingGF2_16, M.PolynomialSharingPrimeField, M.PolynomialSharingGF2_8]) {
      const parts = await split(kmip, V2_1, base, method, 3, 2);
      const joined = uidOf((await kmip.ok(V2_1, Operation.JoinSplitKey, { objectType: ObjectType.SecretData, uniqueIdentifier: parts.slice(1), secretDataType: SecretDataType.Password, attributes: none })).uniqueIdentifier);
      const o = await getObject(kmip, V2_1, joined);
      assert.ok(o.objectType === ObjectType.SecretData);
      assert.equal(o.secretDataType, SecretDataType.Password);
      assert.deepEqual(await material(kmip, V2_1, joined), secret, `method ${method}`);
      const seed = uidOf((await kmip.ok(V2_1, Operation.JoinSplitKey, { objectType: ObjectType.SecretData, uniqueIdentifier: parts.slice(0, 2), attributes: none })).uniqueIdentifier);
      assert.equal(((await getObject(kmip, V2_1, seed)) as { secretDataType: number }).secretDataType, SecretDataType.Seed);
    }
  });

  test('a Sensitive or non-Extractable key gives Sensitive / non-Extractable parts, and so does the joined key', async () => {
    const kmip = new InProcessKmip();
    const base = await registerAes(kmip, V2_1, KEY, [attr('Sensitive', true)]);
    const parts = await split(kmip, V2_1, base, M.XOR, 2, 2);
    assertReason(await kmip.fail(V2_1, Operation.Get, { uniqueIdentifier: parts[0] as string }), R.Sensitive, 'a part of a sensitive key: ');
    const joined = await joinKey(kmip, V2_1, parts);
    assertReason(await kmip.fail(V2_1, Operation.Get, { uniqueIdentifier: joined }), R.Sensitive, 'the joined key: ');
    const closed = await registerAes(kmip, V2_1, KEY, [attr('Extractable', false)]);
    const closedParts = await split(kmip, V2_1, closed, M.PolynomialSharingGF2_8, 2, 2);
    assertReason(await kmip.fail(V2_1, Operation.Get, { uniqueIdentifier: closedParts[1] as string }), R.NotExtractable);
  });
});

describe('Result Reasons', () => {
  for (const v of [V1_4, V2_1]) {
    const oneX = v.major === 1;
    test(`KMIP ${versionName(v)}: Create Split Key refusals`, async () => {
      const kmip = new InProcessKmip();
      const base = await registerAes(kmip, v);
      const req = { objectType: ObjectType.SplitKey, uniqueIdentifier: base, splitKeyParts: 3, splitKeyThreshold: 2, splitKeyMethod: M.PolynomialSharingGF2_8, attributes: none };
      assertReason(await kmip.fail(v, Operation.CreateSplitKey, { ...req, objectType: ObjectType.SymmetricKey }), oneX ? R.InvalidField : R.InvalidObjectType, 'Object Type: ');
      assertReason(await kmip.fail(v, Operation.CreateSplitKey, { ...req, splitKeyThreshold: 4 }), R.InvalidField, 'threshold above parts: ');
      assertReason(await kmip.fail(v, Operation.CreateSplitKey, { ...req, splitKeyMethod: M.XOR }), R.InvalidField, 'XOR below n-of-n: ');
      assertReason(await kmip.fail(v, Operation.CreateSplitKey, { ...req, primeFieldSize: 257n }), R.InvalidField, 'stray Prime Field Size: ');
      assertReason(await kmip.fail(v, Operation.CreateSplitKey, { ...req, splitKeyMethod: M.PolynomialSharingPrimeField, primeFieldSize: 257n }), R.InvalidField, 'prime below 2^128: ');
      assertReason(await kmip.fail(v, Operation.CreateSplitKey, { ...req, splitKeyMethod: M.PolynomialSharingPrimeField, primeFieldSize: (1n << 130n) + 1n }), R.InvalidField, 'not a prime: ');
      assertReason(await kmip.fail(v, Operation.CreateSplitKey, { ...req, uniqueIdentifier: 'no-such-object' }), oneX ? R.ItemNotFound : R.ObjectNotFound);
      const { publicKeyUniqueIdentifier } = await kmip.ok(v, Operation.CreateKeyPair, {
        commonAttributes: { attribute: [attr('Cryptographic Algorithm', CryptographicAlgorithm.EC), attr('Cryptographic Length', 256)] },
        privateKeyAttributes: { attribute: [attr('Cryptographic Usage Mask', U.Sign)] },
        publicKeyAttributes: { attribute: [attr('Cryptographic Usage Mask', U.Verify)] },
      } as never);
      assertReason(await kmip.fail(v, Operation.CreateSplitKey, { ...req, uniqueIdentifier: uidOf(publicKeyUniqueIdentifier) }), oneX ? R.InvalidField : R.InvalidObjectType, 'a public key: ');
      const name = attr('Name', { nameValue: 'split', nameType: NameType.UninterpretedTextString });
      assertReason(await kmip.fail(v, Operation.CreateSplitKey, { ...req, attributes: { attribute: [name] } }), oneX ? R.InvalidField : R.NonUniqueNameAttribute, 'one Name for three parts: ');
      assertReason(await kmip.fail(v, Operation.CreateSplitKey, { ...req, uniqueIdentifier: undefined } as never), R.InvalidField, 'no key and no algorithm: ');
      await kmip.ok(v, Operation.Destroy, { uniqueIdentifier: base });
      assertReason(await kmip.fail(v, Operation.CreateSplitKey, req), oneX ? R.ItemNotFound : R.ObjectDestroyed, 'a destroyed key: ');
    });

    test(`KMIP ${versionName(v)}: Join Split Key refusals`, async () => {
      const kmip = new InProcessKmip();
      const base = await registerAes(kmip, v);
      const a = await split(kmip, v, base, M.PolynomialSharingGF2_8, 3, 2);
      const b = await split(kmip, v, base, M.PolynomialSharingGF2_8, 3, 2);
      const c = await split(kmip, v, base, M.PolynomialSharingGF2_8, 4, 2);
      const join = (uids: string[], objectType: ObjectType = ObjectType.SymmetricKey) => kmip.fail(v, Operation.JoinSplitKey, { objectType, uniqueIdentifier: uids, attributes: none });
      assertReason(await join([a[0] as string]), R.CryptographicFailure, 'too few: ');
      assertReason(await join([a[0] as string, b[1] as string, a[2] as string]), R.CryptographicFailure, 'a part of another split of the same shape: ');
      assertReason(await join([a[0] as string, c[1] as string]), R.CryptographicFailure, 'parts of splits with other parameters: ');
      assertReason(await join([a[0] as string, base]), oneX ? R.InvalidField : R.InvalidObjectType, 'not a Split Key: ');
      assertReason(await join(a, ObjectType.PublicKey), oneX ? R.InvalidField : R.InvalidObjectType, 'a Public Key: ');
      assertReason(await join([a[0] as string, 'no-such-object']), oneX ? R.ItemNotFound : R.ObjectNotFound);
      assertReason(await kmip.fail(v, Operation.JoinSplitKey, { objectType: ObjectType.SymmetricKey, uniqueIdentifier: a, attributes: { attribute: [attr('Cryptographic Algorithm', CryptographicAlgorithm.HMAC_SHA256)] } }), oneX ? R.InvalidField : R.InvalidAttributeValue, 'an algorithm the parts contradict: ');
      assertReason(await kmip.fail(v, Operation.JoinSplitKey, { objectType: ObjectType.SymmetricKey, uniqueIdentifier: a, secretDataType: SecretDataType.Seed, attributes: none }), R.InvalidField, 'Secret Data Type for a key: ');
      await kmip.ok(v, Operation.Archive, { uniqueIdentifier: a[1] as string });
      assertReason(await join(a.slice(0, 2)), R.ObjectArchived, 'an archived part: ');
    });
  }

  test('KMIP 1.1 has neither operation; Register keeps Split Keys within their rules (GF(2^8) from 1.2 on)', async () => {
    const kmip = new InProcessKmip();
    assertReason(await kmip.fail(V1_1, Operation.CreateSplitKey, { objectType: ObjectType.SplitKey, splitKeyParts: 2, splitKeyThreshold: 2, splitKeyMethod: M.XOR, attributes: none }), R.OperationNotSupported);
    const part = (method: M, keyPartIdentifier: number): ManagedObject => ({
      objectType: ObjectType.SplitKey,
      splitKeyParts: 4,
      keyPartIdentifier,
      splitKeyThreshold: 2,
      splitKeyMethod: method,
      keyBlock: { keyFormatType: KeyFormatType.Raw, keyValue: { keyMaterial: randomBytes(16) } },
    });
    const register = (v: ProtocolVersion, object: ManagedObject) => kmip.fail(v, Operation.Register, { objectType: ObjectType.SplitKey, attributes: none, object });
    assertReason(await register(V1_1, part(M.PolynomialSharingGF2_8, 1)), R.InvalidField, 'GF(2^8) in 1.1: ');
    assertReason(await register(V2_1, part(M.PolynomialSharingGF2_8, 0)), R.InvalidField, 'Key Part Identifier 0: ');
    assertReason(await register(V2_1, part(M.PolynomialSharingGF2_8, 5)), R.InvalidField, 'Key Part Identifier above the parts: ');
    // A GF(2^8) part registered in 1.2 is not sent to a 1.1 client, whose version has no such method.
    const uid = uidOf((await kmip.ok(V1_2, Operation.Register, { objectType: ObjectType.SplitKey, attributes: none, object: part(M.PolynomialSharingGF2_8, 1) })).uniqueIdentifier);
    assertReason(await kmip.fail(V1_1, Operation.Get, { uniqueIdentifier: uid }), R.FeatureNotSupported);
  });
});

describe('at rest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyhold-split-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('part material is sealed in the SQLite store (no part bytes in the database file)', async () => {
    const path = join(dir, 'store.db');
    const store = await openSqliteStore({ path, masterKey: randomBytes(32) });
    try {
      const kmip = new InProcessKmip({ store });
      const base = await registerAes(kmip, V2_1, randomBytes(32));
      const parts = await split(kmip, V2_1, base, M.PolynomialSharingGF2_8, 3, 2);
      const shares = await Promise.all(parts.map((p) => material(kmip, V2_1, p)));
      await store.close();
      const file = readFileSync(path);
      for (const s of shares) assert.equal(file.indexOf(s), -1);
    } finally {
      await store.close();
    }
  });
});
