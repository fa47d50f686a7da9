/**
 * Interoperability with a third-party server: @keyhold/client against PyKMIP's KMIP server
 * (Debian python3-pykmip 0.10, helpers/pykmip-server.ts), for every operation that server
 * implements (its engine's `_process_*` methods): Discover Versions, Query, Create (AES),
 * Create Key Pair (RSA), Register (symmetric key, secret data, certificate), Locate, Get, Get
 * Attributes, Get Attribute List, Set/Modify/Delete Attribute, Activate, Revoke, Destroy,
 * Encrypt, Decrypt, Sign, Signature Verify, MAC, Derive Key, and a batch with the ID Placeholder.
 * Cryptographic results are checked against node:crypto, not only against the server itself.
 *
 * PyKMIP offers KMIP 1.0-2.0; a negotiating client speaks 2.0 with it. The flows run in 2.0 and
 * again with the version fixed to each of 1.4 … 1.0 (the cryptographic operations from 1.2 on). Where PyKMIP
 * departs from the spec the test asserts what it does and docs/client.md ("Interoperability")
 * names the quirk: the client is not bent to accept what the spec does not allow.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, createHmac, createPublicKey, hkdfSync, pbkdf2Sync, randomBytes, verify, X509Certificate } from 'node:crypto';
import {
  attribute,
  attributeValue,
  BlockCipherMode,
  CertificateType,
  CryptographicAlgorithm,
  CryptographicUsageMask,
  DerivationMethod,
  HashingAlgorithm,
  KeyFormatType,
  NameType,
  ObjectType,
  Operation,
  PaddingMethod,
  QueryFunction,
  ResultReason,
  RevocationReasonCode,
  SecretDataType,
  State,
  ValidityIndicator,
  type Attribute,
  type GetResponse,
  type ProtocolVersion,
} from '@keyhold/protocol';
import { batchItem, KmipClient, KmipClientError, KmipOperationError } from '../src/index.js';
import { pykmipTestOptions, usePykmipServer, type PykmipServer } from './helpers/pykmip-server.js';

const AVAILABILITY = pykmipTestOptions();
const V2_0: ProtocolVersion = { major: 2, minor: 0 };
const VERSIONS: readonly ProtocolVersion[] = [V2_0, { major: 1, minor: 4 }, { major: 1, minor: 3 }, { major: 1, minor: 2 }, { major: 1, minor: 1 }, { major: 1, minor: 0 }];
/** The operations PyKMIP's Query leaves out below KMIP 1.1 (Discover Versions) and 1.2 (the cryptographic ones). */
const SINCE_1_1: readonly number[] = [Operation.DiscoverVersions];
const SINCE_1_2: readonly number[] = [Operation.Encrypt, Operation.Decrypt, Operation.Sign, Operation.SignatureVerify, Operation.MAC];
/** Every operation PyKMIP 0.10's engine dispatches (`KmipEngine._process_operation`). */
const PYKMIP_OPERATIONS = [
  Operation.Create, Operation.CreateKeyPair, Operation.Register, Operation.DeriveKey, Operation.Locate, Operation.Get, Operation.GetAttributes,
  Operation.GetAttributeList, Operation.Activate, Operation.Revoke, Operation.Destroy, Operation.Query, Operation.DiscoverVersions,
  Operation.Encrypt, Operation.Decrypt, Operation.Sign, Operation.SignatureVerify, Operation.MAC,
] as const;

/** The running server (set by the suite's hooks). */
let server: () => PykmipServer;

const v = (p: ProtocolVersion): string => `${p.major}.${p.minor}`;
const nameAttr = (name: string): Attribute => attribute('Name', { nameValue: name, nameType: NameType.UninterpretedTextString });
const unique = (label: string): string => `${label}-${process.pid}-${randomBytes(4).toString('hex')}`;

function connect(version: ProtocolVersion | 'negotiate', timeoutMs = 30_000): Promise<KmipClient> {
  const s = server();
  return KmipClient.connect({ host: s.host, port: s.port, ca: s.ca, cert: s.cert, key: s.key, version, timeoutMs });
}

/** The bytes of a key, secret or certificate returned by Get. */
function bytesOf(res: GetResponse): Buffer {
  const o = res.object;
  if ('keyBlock' in o) {
    const kv = o.keyBlock.keyValue;
    if (kv instanceof Uint8Array) return Buffer.from(kv);
    if (kv !== undefined && kv.keyMaterial instanceof Uint8Array) return Buffer.from(kv.keyMaterial);
  }
  if ('certificateValue' in o) return Buffer.from(o.certificateValue);
  assert.fail(`Get returned no byte material: object type ${res.objectType}`);
}

/** Asserts that `promise` rejects with a KMIP failure of `reason`. */
async function rejectsWith(promise: Promise<unknown>, reason: ResultReason): Promise<KmipOperationError> {
  let caught: unknown;
  await assert.rejects(promise, (err: unknown) => {
    caught = err;
    return true;
  });
  assert.ok(caught instanceof KmipOperationError, `expected a KmipOperationError, got ${String(caught)}`);
  assert.equal(caught.resultReason, reason, `expected Result Reason ${reason}, got ${caught.resultReasonName ?? '-'}: ${caught.resultMessage ?? ''}`);
  return caught;
}

/** Asserts that the client refuses `promise`'s request as out of its protocol version (nothing is sent). */
async function refusedByClient(promise: Promise<unknown>): Promise<void> {
  await assert.rejects(promise, (err: unknown) => err instanceof KmipClientError && err.code === 'KMIP_CLIENT_VERSION_MISMATCH');
}

async function aesKey(c: KmipClient, length: number, mask: number, extra: Attribute[] = []): Promise<string> {
  const res = await c.create({
    objectType: ObjectType.SymmetricKey,
    attributes: { attribute: [attribute('Cryptographic Algorithm', CryptographicAlgorithm.AES), attribute('Cryptographic Length', length), attribute('Cryptographic Usage Mask', mask), ...extra] },
  });
  assert.equal(res.objectType, ObjectType.SymmetricKey);
  return String(res.uniqueIdentifier);
}

async function registerAes(c: KmipClient, material: Buffer, mask: number): Promise<string> {
  const res = await c.register({
    objectType: ObjectType.SymmetricKey,
    attributes: { attribute: [attribute('Cryptographic Usage Mask', mask)] },
    object: { objectType: ObjectType.SymmetricKey, keyBlock: { keyFormatType: KeyFormatType.Raw, cryptographicAlgorithm: CryptographicAlgorithm.AES, cryptographicLength: material.length * 8, keyValue: { keyMaterial: material } } },
  });
  return String(res.uniqueIdentifier);
}

async function registerSecret(c: KmipClient, secret: Buffer, mask: number): Promise<string> {
  const res = await c.register({
    objectType: ObjectType.SecretData,
    attributes: { attribute: [attribute('Cryptographic Usage Mask', mask)] },
    object: { objectType: ObjectType.SecretData, secretDataType: SecretDataType.Password, keyBlock: { keyFormatType: KeyFormatType.Opaque, keyValue: { keyMaterial: secret } } },
  });
  return String(res.uniqueIdentifier);
}

/** The text of the (first) Name attribute. */
function nameOf(attrs: Parameters<typeof attributeValue>[0]): string | undefined {
  const n = attributeValue(attrs, 'Name');
  return typeof n === 'string' ? n : n?.nameValue;
}

async function state(c: KmipClient, id: string): Promise<number | undefined> {
  return attributeValue((await c.getAttributes({ uniqueIdentifier: id, attributeReference: ['State'] })).attributes, 'State');
}

if (AVAILABILITY.fail !== undefined) {
  const message = AVAILABILITY.fail;
  test('PyKMIP server interop: PyKMIP must be installed (KEYHOLD_REQUIRE_PYKMIP=1)', () => assert.fail(message));
} else {
  describe("@keyhold/client against PyKMIP's server", AVAILABILITY.skip === undefined ? {} : { skip: AVAILABILITY.skip }, () => {
    server = usePykmipServer(AVAILABILITY.skip !== undefined);

    test('negotiation: 2.1 is refused, the client asks again in 1.1 and settles on 2.0, the best version both speak', async () => {
      const c = await connect('negotiate');
      try {
        assert.deepEqual(c.version, V2_0);
        assert.deepEqual(c.serverVersions, [V2_0, { major: 1, minor: 4 }, { major: 1, minor: 3 }, { major: 1, minor: 2 }, { major: 1, minor: 1 }, { major: 1, minor: 0 }]);
      } finally {
        await c.close();
      }
    });

    for (const version of VERSIONS) {
      describe(`KMIP ${v(version)}`, () => {
        let c: KmipClient;
        const since = (minor: number): boolean => version.major > 1 || version.minor >= minor;
        /** A test of Encrypt, Decrypt or MAC: KMIP 1.2 operations, absent from 1.0/1.1 (and from Query there). */
        const cryptoTest = (name: string, fn: () => Promise<void>): void => {
          if (since(2)) test(name, fn);
        };
        before(async () => {
          if (AVAILABILITY.skip === undefined) c = await connect(version);
        });
        after(async () => {
          await c?.close();
        });

        test('Discover Versions lists what PyKMIP speaks and keeps only the offered versions the server knows (a 1.1 operation)', async () => {
          if (!since(1)) {
            // Discover Versions is a 1.1 operation: the client does not send it in a 1.0 message.
            await refusedByClient(c.discoverVersions({}));
            return;
          }
          const all = await c.discoverVersions({});
          assert.deepEqual(all.protocolVersion?.map((p) => `${p.protocolVersionMajor}.${p.protocolVersionMinor}`), ['2.0', '1.4', '1.3', '1.2', '1.1', '1.0']);
          const some = await c.discoverVersions({ protocolVersion: [{ protocolVersionMajor: 3, protocolVersionMinor: 0 }, { protocolVersionMajor: 1, protocolVersionMinor: 4 }] });
          assert.deepEqual(some.protocolVersion, [{ protocolVersionMajor: 1, protocolVersionMinor: 4 }]);
        });

        test('Query: the operations of its engine and its vendor identification', async () => {
          const q = await c.query({ queryFunction: [QueryFunction.QueryOperations, QueryFunction.QueryServerInformation] });
          const expected = PYKMIP_OPERATIONS.filter((op) => (since(1) || !SINCE_1_1.includes(op)) && (since(2) || !SINCE_1_2.includes(op)));
          assert.deepEqual([...(q.operation ?? [])].sort((a, b) => a - b), [...expected].sort((a, b) => a - b));
          assert.match(q.vendorIdentification ?? '', /^PyKMIP 0\.10\.\d+ Software Server$/);
        });

        test('Create AES-256: Get returns 32 key bytes; Get Attributes and Get Attribute List show the attributes given', async () => {
          const name = unique('create');
          const id = await aesKey(c, 256, CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt, [nameAttr(name)]);
          const got = await c.get({ uniqueIdentifier: id });
          assert.equal(got.uniqueIdentifier, id);
          assert.equal(got.objectType, ObjectType.SymmetricKey);
          assert.equal(bytesOf(got).length, 32);
          const attrs = (await c.getAttributes({ uniqueIdentifier: id })).attributes;
          assert.equal(attributeValue(attrs, 'Cryptographic Algorithm'), CryptographicAlgorithm.AES);
          assert.equal(attributeValue(attrs, 'Cryptographic Length'), 256);
          assert.equal(attributeValue(attrs, 'Cryptographic Usage Mask'), CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt);
          assert.equal(attributeValue(attrs, 'State'), State.PreActive);
          assert.equal(nameOf(attrs), name);
          const some = (await c.getAttributes({ uniqueIdentifier: id, attributeReference: ['State', 'Object Type'] })).attributes;
          assert.deepEqual(some?.attribute.map((a) => a.name).sort(), ['Object Type', 'State']);
          const list = await c.getAttributeList({ uniqueIdentifier: id });
          for (const n of ['Unique Identifier', 'Name', 'Object Type', 'Cryptographic Algorithm', 'Cryptographic Length', 'Cryptographic Usage Mask', 'State', 'Initial Date']) {
            assert.ok(list.attributeReference?.includes(n), `Get Attribute List lacks ${n}: ${String(list.attributeReference)}`);
          }
        });

        test('Register: Get returns the registered bytes of a symmetric key, secret data and an X.509 certificate', async () => {
          const material = randomBytes(16);
          assert.deepEqual(bytesOf(await c.get({ uniqueIdentifier: await registerAes(c, material, CryptographicUsageMask.Encrypt) })), material);
          const secret = Buffer.from(unique('s3cret'));
          const sid = await registerSecret(c, secret, CryptographicUsageMask.DeriveKey);
          const got = await c.get({ uniqueIdentifier: sid });
          assert.equal(got.objectType, ObjectType.SecretData);
          assert.deepEqual(bytesOf(got), secret);
          const der = new X509Certificate(server().ca).raw;
          const cert = await c.register({
            objectType: ObjectType.Certificate,
            attributes: { attribute: [attribute('Cryptographic Usage Mask', CryptographicUsageMask.Verify)] },
            object: { objectType: ObjectType.Certificate, certificateType: CertificateType.X_509, certificateValue: der },
          });
          const gotCert = await c.get({ uniqueIdentifier: cert.uniqueIdentifier });
          assert.equal(gotCert.objectType, ObjectType.Certificate);
          assert.deepEqual(bytesOf(gotCert), der);
        });

        test('Locate by Name, by Object Type and State, with Maximum Items', async () => {
          const name = unique('locate');
          const id = await aesKey(c, 128, CryptographicUsageMask.Encrypt, [nameAttr(name)]);
          assert.deepEqual((await c.locate({ attributes: { attribute: [nameAttr(name)] } })).uniqueIdentifier, [id]);
          assert.deepEqual((await c.locate({ attributes: { attribute: [nameAttr(unique('nobody'))] } })).uniqueIdentifier ?? [], []);
          const pre = await c.locate({ attributes: { attribute: [attribute('Object Type', ObjectType.SymmetricKey), attribute('State', State.PreActive)] } });
          assert.ok(pre.uniqueIdentifier?.includes(id));
          await c.activate({ uniqueIdentifier: id });
          const stillPre = await c.locate({ attributes: { attribute: [attribute('Object Type', ObjectType.SymmetricKey), attribute('State', State.PreActive)] } });
          assert.ok(!(stillPre.uniqueIdentifier ?? []).includes(id));
          const two = await c.locate({ maximumItems: 2, attributes: { attribute: [] } });
          assert.equal(two.uniqueIdentifier?.length, 2);
        });

        test('Activate, Revoke and Destroy drive the state; a destroyed object is gone', async () => {
          const id = await aesKey(c, 128, CryptographicUsageMask.Encrypt);
          assert.equal(await state(c, id), State.PreActive);
          assert.equal((await c.activate({ uniqueIdentifier: id })).uniqueIdentifier, id);
          assert.equal(await state(c, id), State.Active);
          await rejectsWith(c.destroy({ uniqueIdentifier: id }), ResultReason.PermissionDenied);
          await c.revoke({ uniqueIdentifier: id, revocationReason: { revocationReasonCode: RevocationReasonCode.CessationOfOperation } });
          assert.equal(await state(c, id), State.Deactivated);
          assert.equal((await c.destroy({ uniqueIdentifier: id })).uniqueIdentifier, id);
          await rejectsWith(c.get({ uniqueIdentifier: id }), ResultReason.ItemNotFound);

          const compromised = await aesKey(c, 128, CryptographicUsageMask.Encrypt);
          await c.activate({ uniqueIdentifier: compromised });
          await c.revoke({ uniqueIdentifier: compromised, revocationReason: { revocationReasonCode: RevocationReasonCode.KeyCompromise }, compromiseOccurrenceDate: BigInt(Math.floor(Date.now() / 1000)) });
          assert.equal(await state(c, compromised), State.Compromised);
        });

        cryptoTest('Encrypt/Decrypt AES-CBC PKCS#5: node:crypto decrypts what the server encrypted, and Decrypt round-trips', async () => {
          const material = randomBytes(32);
          const id = await registerAes(c, material, CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt);
          await c.activate({ uniqueIdentifier: id });
          const params = { cryptographicAlgorithm: CryptographicAlgorithm.AES, blockCipherMode: BlockCipherMode.CBC, paddingMethod: PaddingMethod.PKCS5 };
          const plain = Buffer.from(`interop ${unique('plain')}`);
          const enc = await c.encrypt({ uniqueIdentifier: id, cryptographicParameters: params, data: plain });
          assert.ok(enc.data !== undefined && enc.ivCounterNonce !== undefined, 'Encrypt returns data and the IV it generated');
          const d = createDecipheriv('aes-256-cbc', material, enc.ivCounterNonce);
          assert.deepEqual(Buffer.concat([d.update(enc.data), d.final()]), plain);
          const dec = await c.decrypt({ uniqueIdentifier: id, cryptographicParameters: params, data: enc.data, ivCounterNonce: enc.ivCounterNonce });
          assert.deepEqual(Buffer.from(dec.data ?? []), plain);
          // A ciphertext made by node:crypto decrypts on the server too.
          const iv = randomBytes(16);
          const e = createCipheriv('aes-256-cbc', material, iv);
          const mine = Buffer.concat([e.update(plain), e.final()]);
          assert.deepEqual(Buffer.from((await c.decrypt({ uniqueIdentifier: id, cryptographicParameters: params, data: mine, ivCounterNonce: iv })).data ?? []), plain);
          // PyKMIP requires Cryptographic Parameters (it keeps none with the key).
          await rejectsWith(c.encrypt({ uniqueIdentifier: id, data: plain }), ResultReason.InvalidField);
        });

        cryptoTest('Encrypt AES-GCM with a given IV: ciphertext and tag (1.4+) equal node:crypto', async () => {
          const material = randomBytes(16);
          const id = await registerAes(c, material, CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt);
          await c.activate({ uniqueIdentifier: id });
          const iv = randomBytes(12);
          const plain = Buffer.from('galois counter mode');
          const enc = await c.encrypt({ uniqueIdentifier: id, cryptographicParameters: { cryptographicAlgorithm: CryptographicAlgorithm.AES, blockCipherMode: BlockCipherMode.GCM, tagLength: 16 }, data: plain, ivCounterNonce: iv });
          const g = createCipheriv('aes-128-gcm', material, iv);
          const expected = Buffer.concat([g.update(plain), g.final()]);
          assert.deepEqual(Buffer.from(enc.data ?? []), expected);
          // Authenticated Encryption Tag is a KMIP 1.4 field: a 1.2 or 1.3 response cannot carry it.
          if (version.major === 1 && version.minor < 4) assert.equal(enc.authenticatedEncryptionTag, undefined);
          else assert.deepEqual(Buffer.from(enc.authenticatedEncryptionTag ?? []), g.getAuthTag());
        });

        test('Create Key Pair RSA-2048: Get gives PKCS#1/PKCS#8; from 1.2 a server signature verifies with node:crypto, and Signature Verify tells valid from invalid', async () => {
          const pair = await c.createKeyPair({
            commonAttributes: { attribute: [attribute('Cryptographic Algorithm', CryptographicAlgorithm.RSA), attribute('Cryptographic Length', 2048)] },
            privateKeyAttributes: { attribute: [attribute('Cryptographic Usage Mask', CryptographicUsageMask.Sign), nameAttr(unique('rsa-private'))] },
            publicKeyAttributes: { attribute: [attribute('Cryptographic Usage Mask', CryptographicUsageMask.Verify)] },
          });
          const priv = String(pair.privateKeyUniqueIdentifier);
          const pub = String(pair.publicKeyUniqueIdentifier);
          assert.notEqual(priv, pub);
          await c.activate({ uniqueIdentifier: priv });
          await c.activate({ uniqueIdentifier: pub });
          const got = await c.get({ uniqueIdentifier: pub });
          assert.equal(got.objectType, ObjectType.PublicKey);
          assert.ok('keyBlock' in got.object);
          assert.equal(got.object.keyBlock.keyFormatType, KeyFormatType.PKCS_1); // PyKMIP stores RSA public keys as PKCS#1
          const publicKey = createPublicKey({ key: bytesOf(got), format: 'der', type: 'pkcs1' });
          assert.equal(publicKey.asymmetricKeyDetails?.modulusLength, 2048);
          const pkcs8 = await c.get({ uniqueIdentifier: priv, keyFormatType: KeyFormatType.PKCS_8 });
          assert.ok('keyBlock' in pkcs8.object);
          assert.equal(pkcs8.object.keyBlock.keyFormatType, KeyFormatType.PKCS_8);
          await rejectsWith(c.get({ uniqueIdentifier: pub, keyFormatType: KeyFormatType.X_509 }), ResultReason.KeyFormatTypeNotSupported);
          if (!since(2)) return; // Sign and Signature Verify are KMIP 1.2 operations

          const params = { cryptographicAlgorithm: CryptographicAlgorithm.RSA, paddingMethod: PaddingMethod.PKCS1V1_5, hashingAlgorithm: HashingAlgorithm.SHA_256 };
          const data = Buffer.from(`signed ${unique('message')}`);
          const sig = await c.sign({ uniqueIdentifier: priv, cryptographicParameters: params, data });
          assert.equal(sig.uniqueIdentifier, priv);
          const signature = Buffer.from(sig.signatureData ?? []);
          assert.equal(signature.length, 256);
          assert.ok(verify('sha256', data, publicKey, signature), 'node:crypto verifies the server signature');

          assert.equal((await c.signatureVerify({ uniqueIdentifier: pub, cryptographicParameters: params, data, signatureData: signature })).validityIndicator, ValidityIndicator.Valid);
          const tampered = Buffer.from(signature);
          tampered[10] = (tampered[10] ?? 0) ^ 0xff;
          assert.equal((await c.signatureVerify({ uniqueIdentifier: pub, cryptographicParameters: params, data, signatureData: tampered })).validityIndicator, ValidityIndicator.Invalid);
        });

        cryptoTest('MAC HMAC-SHA256 equals node:crypto over the key bytes from Get', async () => {
          const id = await aesKey(c, 256, CryptographicUsageMask.MACGenerate);
          await c.activate({ uniqueIdentifier: id });
          const key = bytesOf(await c.get({ uniqueIdentifier: id }));
          const data = Buffer.from(unique('mac me'));
          const mac = await c.mac({ uniqueIdentifier: id, cryptographicParameters: { cryptographicAlgorithm: CryptographicAlgorithm.HMAC_SHA256 }, data });
          assert.deepEqual(Buffer.from(mac.macData ?? []), createHmac('sha256', key).update(data).digest());
        });

        test('Derive Key: PBKDF2 from secret data and HMAC (HKDF) from a key equal node:crypto', async () => {
          const password = Buffer.from(unique('password'));
          const sid = await registerSecret(c, password, CryptographicUsageMask.DeriveKey);
          const salt = randomBytes(16);
          const pb = await c.deriveKey({
            objectType: ObjectType.SymmetricKey,
            uniqueIdentifier: [sid],
            derivationMethod: DerivationMethod.PBKDF2,
            derivationParameters: { cryptographicParameters: { hashingAlgorithm: HashingAlgorithm.SHA_256 }, salt, iterationCount: 1000 },
            attributes: { attribute: [attribute('Cryptographic Algorithm', CryptographicAlgorithm.AES), attribute('Cryptographic Length', 128)] },
          });
          assert.deepEqual(bytesOf(await c.get({ uniqueIdentifier: pb.uniqueIdentifier })), pbkdf2Sync(password, salt, 1000, 16, 'sha256'));

          const kid = await aesKey(c, 256, CryptographicUsageMask.DeriveKey);
          const key = bytesOf(await c.get({ uniqueIdentifier: kid }));
          const info = Buffer.from('keyhold interop');
          const hk = await c.deriveKey({
            objectType: ObjectType.SymmetricKey,
            uniqueIdentifier: [kid],
            derivationMethod: DerivationMethod.HMAC,
            derivationParameters: { cryptographicParameters: { hashingAlgorithm: HashingAlgorithm.SHA_256 }, derivationData: [info], salt },
            attributes: { attribute: [attribute('Cryptographic Algorithm', CryptographicAlgorithm.AES), attribute('Cryptographic Length', 256)] },
          });
          assert.deepEqual(bytesOf(await c.get({ uniqueIdentifier: hk.uniqueIdentifier })), Buffer.from(hkdfSync('sha256', key, salt, info, 32)));
        });

        test('batch: Create, then Get Attributes and Get through the ID Placeholder', async () => {
          const [created, attrs, got] = await c.batch([
            batchItem(Operation.Create, {
              objectType: ObjectType.SymmetricKey,
              attributes: { attribute: [attribute('Cryptographic Algorithm', CryptographicAlgorithm.AES), attribute('Cryptographic Length', 128), attribute('Cryptographic Usage Mask', CryptographicUsageMask.Encrypt)] },
            }),
            batchItem(Operation.GetAttributes, { attributeReference: ['State'] }),
            batchItem(Operation.Get, {}),
          ]);
          assert.ok(created.ok && attrs.ok && got.ok, JSON.stringify([created, attrs, got].map((r) => (r.ok ? 'ok' : r.error.message))));
          const id = created.payload.uniqueIdentifier;
          assert.equal(attrs.payload.uniqueIdentifier, id);
          assert.equal(attributeValue(attrs.payload.attributes, 'State'), State.PreActive);
          assert.equal(got.payload.uniqueIdentifier, id);
          assert.equal(bytesOf(got.payload).length, 16);
        });

        test('quirk: PyKMIP cannot parse Activate without a Unique Identifier, so the ID Placeholder fails the whole message (Invalid Message)', async () => {
          const results = await c.batch([
            batchItem(Operation.Create, {
              objectType: ObjectType.SymmetricKey,
              attributes: { attribute: [attribute('Cryptographic Algorithm', CryptographicAlgorithm.AES), attribute('Cryptographic Length', 128), attribute('Cryptographic Usage Mask', CryptographicUsageMask.Encrypt)] },
            }),
            batchItem(Operation.Activate, {}),
          ]);
          for (const r of results) {
            assert.ok(!r.ok);
            assert.equal(r.error.resultReason, ResultReason.InvalidMessage);
          }
        });

        test('operations PyKMIP lacks: Check is Operation Not Supported; Add Attribute, which it cannot even parse, is Invalid Message', async () => {
          const id = await aesKey(c, 128, CryptographicUsageMask.Encrypt);
          await rejectsWith(c.check({ uniqueIdentifier: id }), ResultReason.OperationNotSupported);
          await rejectsWith(c.addAttribute({ uniqueIdentifier: id, newAttribute: nameAttr(unique('added')) }), ResultReason.InvalidMessage);
          await rejectsWith(c.get({ uniqueIdentifier: 'no-such-object' }), ResultReason.ItemNotFound);
        });

        if (version.major < 2) {
          test('1.x Modify Attribute and Delete Attribute address a Name by its index and return it', async () => {
            const first = unique('name');
            const second = unique('renamed');
            const id = await aesKey(c, 128, CryptographicUsageMask.Encrypt, [nameAttr(first)]);
            const modified = await c.modifyAttribute({ uniqueIdentifier: id, newAttribute: { ...nameAttr(second), index: 0 } });
            assert.equal(modified.uniqueIdentifier, id);
            assert.equal(modified.attribute?.name, 'Name');
            assert.equal(nameOf([modified.attribute].filter((a) => a !== undefined)), second);
            assert.deepEqual((await c.locate({ attributes: { attribute: [nameAttr(second)] } })).uniqueIdentifier, [id]);
            const deleted = await c.deleteAttribute({ uniqueIdentifier: id, attributeReference: 'Name', attributeIndex: 0 });
            assert.equal(nameOf([deleted.attribute].filter((a) => a !== undefined)), second);
            assert.equal(attributeValue((await c.getAttributes({ uniqueIdentifier: id })).attributes, 'Name'), undefined);
            // Set Attribute is a 2.0 operation: the client does not send it in a 1.x message.
            await refusedByClient(c.setAttribute({ uniqueIdentifier: id, newAttribute: attribute('Sensitive', true) }));
          });
        } else {
          test('2.0 Set, Modify and Delete Attribute', async () => {
            const first = unique('name');
            const second = unique('renamed');
            const id = await aesKey(c, 128, CryptographicUsageMask.Encrypt, [nameAttr(first), attribute('Object Group', 'interop')]);
            await c.setAttribute({ uniqueIdentifier: id, newAttribute: attribute('Sensitive', true) });
            assert.equal(attributeValue((await c.getAttributes({ uniqueIdentifier: id, attributeReference: ['Sensitive'] })).attributes, 'Sensitive'), true);
            await rejectsWith(c.setAttribute({ uniqueIdentifier: id, newAttribute: attribute('Cryptographic Length', 64) }), ResultReason.ReadOnlyAttribute);
            // Quirk: the spec lets Set Attribute replace the only instance of a multi-instance
            // attribute [KMIP 2.1 §6.1.51]; PyKMIP refuses every multi-valued attribute.
            await rejectsWith(c.setAttribute({ uniqueIdentifier: id, newAttribute: nameAttr(second) }), ResultReason.MultiValuedAttribute);
            await c.modifyAttribute({ uniqueIdentifier: id, currentAttribute: nameAttr(first), newAttribute: nameAttr(second) });
            assert.equal(nameOf((await c.getAttributes({ uniqueIdentifier: id, attributeReference: ['Name'] })).attributes), second);
            assert.equal((await c.deleteAttribute({ uniqueIdentifier: id, currentAttribute: attribute('Object Group', 'interop') })).uniqueIdentifier, id);
            const left = (await c.getAttributes({ uniqueIdentifier: id })).attributes;
            assert.equal(attributeValue(left, 'Object Group'), undefined);
            assert.equal(nameOf(left), second);
            // Quirks: PyKMIP parses an Attribute Reference only in its Structure form, not the
            // Enumeration (Tag) form the client sends for standard attributes [KMIP 2.1 §5.5]...
            await rejectsWith(c.deleteAttribute({ uniqueIdentifier: id, attributeReference: 'Name' }), ResultReason.InvalidMessage);
            // ...and fails on a Name given as Current Attribute (an exception in its engine).
            await rejectsWith(c.deleteAttribute({ uniqueIdentifier: id, currentAttribute: nameAttr(second) }), ResultReason.GeneralFailure);
          });

          test('quirk: a 2.0 Get Attributes that matches no attribute gets no response at all (PyKMIP cannot write the empty payload)', async () => {
            const id = await aesKey(c, 128, CryptographicUsageMask.Encrypt);
            const quiet = await connect(V2_0, 2_000);
            try {
              // Only the timeout ends the wait; the connection is then out of step (a response never
              // comes for the request that keeps its place in the queue), so it is closed.
              await assert.rejects(quiet.getAttributes({ uniqueIdentifier: id, attributeReference: ['Object Group'] }), (err: unknown) => err instanceof KmipClientError && err.code === 'KMIP_CLIENT_TIMEOUT');
            } finally {
              await quiet.close(0);
            }
          });
        }
      });
    }
  });
}
