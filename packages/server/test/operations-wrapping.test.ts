/**
 * Key wrapping on Get and Export [KMIP 1.2 §2.1.5-2.1.6, 2.1 §3.3, §7.18], driven through the
 * executor with real KMIP messages: known answers of RFC 3394 §4 and RFC 5649 §6 through
 * Register (the KEK and the key) + Get with a Key Wrapping Specification; TTLV Encoding, AES-GCM
 * and RSA-OAEP checked by unwrapping; keys registered wrapped are kept as given, returned as
 * registered and unwrapped for Key Wrap Type Not Wrapped; Sensitive keys leave only wrapped,
 * non-extractable keys never; the wrapping key's errors by version. Derive Key [1.2 §4.6, 2.1
 * §6.1.14]: PBKDF2 (RFC 6070), HKDF (RFC 5869), HASH, HMAC, SP 800-108 counter mode and ECDH,
 * the Links between base and derived objects, the ID Placeholder, and the refusals.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createDecipheriv, createHash, createHmac, createPrivateKey, privateDecrypt, randomBytes } from 'node:crypto';
import {
  BlockCipherMode,
  CryptographicAlgorithm,
  CryptographicUsageMask as U,
  decodeTtlv,
  DerivationMethod,
  EncodingOption,
  HashingAlgorithm,
  ItemType,
  KeyFormatType,
  KeyWrapType,
  LinkType,
  ObjectType,
  Operation,
  ResultReason,
  SecretDataType,
  Tag,
  WrappingMethod,
  type Attribute,
  type CryptographicParameters,
  type KeyBlock,
  type KeyWrappingSpecification,
  type ProtocolVersion,
  type RequestPayloadOf,
} from '@keyhold/protocol';
import { assertReason, attr, expectReasons, InProcessKmip, item, successPayload, uidOf, V1_2, V1_4, V2_1, versionName } from './helpers/kmip.js';
import { hex, keyBlockOf, rawBlock, registerKeyBlock, wrappedValue } from './helpers/wrapping.js';

const R = ResultReason;

/** Registers an AES key (Active from an hour ago) and returns its Unique Identifier. */
function registerAes(kmip: InProcessKmip, v: ProtocolVersion, key: Uint8Array, mask: number, extra: Attribute[] = [], block: KeyBlock = rawBlock(key)): Promise<string> {
  return registerKeyBlock(kmip, v, ObjectType.SymmetricKey, block, mask, extra);
}

const nistKeyWrap = attr('Cryptographic Parameters', { blockCipherMode: BlockCipherMode.NISTKeyWrap });

function encryptSpec(uid: string, params?: CryptographicParameters, encodingOption?: number): KeyWrappingSpecification {
  const spec: KeyWrappingSpecification = {
    wrappingMethod: WrappingMethod.Encrypt,
    encryptionKeyInformation: params === undefined ? { uniqueIdentifier: uid } : { uniqueIdentifier: uid, cryptographicParameters: params },
    attributeName: [],
  };
  if (encodingOption !== undefined) spec.encodingOption = encodingOption as never;
  return spec;
}

describe('Get with a Key Wrapping Specification', () => {
  test('RFC 3394 §4.1 and §4.6 known answers (NIST Key Wrap, No Encoding), in 1.2 and 2.1', async () => {
    const cases = [
      { kek: '000102030405060708090A0B0C0D0E0F', key: '00112233445566778899AABBCCDDEEFF', wrapped: '1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5' },
      {
        kek: '000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F',
        key: '00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F',
        wrapped: '28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21',
      },
    ];
    for (const v of [V1_2, V2_1]) {
      for (const c of cases) {
        const kmip = new InProcessKmip();
        const kek = await registerAes(kmip, v, hex(c.kek), U.WrapKey, [nistKeyWrap]);
        const key = await registerAes(kmip, v, hex(c.key), U.Encrypt | U.Decrypt);
        const spec = encryptSpec(kek, { blockCipherMode: BlockCipherMode.NISTKeyWrap }, EncodingOption.NoEncoding);
        const res = await kmip.ok(v, Operation.Get, { uniqueIdentifier: key, keyWrappingSpecification: spec });
        const kb = keyBlockOf(res.object);
        assert.equal(wrappedValue(kb).toString('hex'), c.wrapped.toLowerCase(), `KMIP ${versionName(v)}`);
        assert.equal(kb.keyFormatType, KeyFormatType.Raw);
        assert.equal(kb.cryptographicAlgorithm, CryptographicAlgorithm.AES);
        assert.deepEqual(kb.keyWrappingData, {
          wrappingMethod: WrappingMethod.Encrypt,
          encryptionKeyInformation: { uniqueIdentifier: kek, cryptographicParameters: { blockCipherMode: BlockCipherMode.NISTKeyWrap } },
          encodingOption: EncodingOption.NoEncoding,
        });
        // Export wraps the same way.
        const exported = await kmip.ok(V2_1, Operation.Export, { uniqueIdentifier: key, keyWrappingSpecification: spec });
        assert.equal(wrappedValue(keyBlockOf(exported.object)).toString('hex'), c.wrapped.toLowerCase());
      }
    }
  });

  test('RFC 5649 §6 known answer (AES Key Wrap Padding) of a 20-byte Secret Data', async () => {
    const kmip = new InProcessKmip();
    const kek = await registerAes(kmip, V2_1, hex('5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8'), U.WrapKey, [
      attr('Cryptographic Parameters', { blockCipherMode: BlockCipherMode.AESKeyWrapPadding }),
    ]);
    const secret = hex('c37b7e6492584340bed12207808941155068f738');
    const res = await kmip.ok(V2_1, Operation.Register, {
      objectType: ObjectType.SecretData,
      attributes: { attribute: [attr('Cryptographic Usage Mask', U.DeriveKey)] },
      object: { objectType: ObjectType.SecretData, secretDataType: SecretDataType.Password, keyBlock: { keyFormatType: KeyFormatType.Opaque, keyValue: { keyMaterial: secret } } },
    });
    const got = await kmip.ok(V2_1, Operation.Get, { uniqueIdentifier: uidOf(res.uniqueIdentifier), keyWrappingSpecification: encryptSpec(kek, undefined, EncodingOption.NoEncoding) });
    assert.equal(wrappedValue(keyBlockOf(got.object)).toString('hex'), '138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a');
  });

  test('TTLV Encoding (the default) wraps the TTLV-encoded Key Value; registered back wrapped, Not Wrapped returns the key', async () => {
    const kmip = new InProcessKmip();
    const kekBytes = randomBytes(32);
    const kek = await registerAes(kmip, V2_1, kekBytes, U.WrapKey | U.UnwrapKey, [nistKeyWrap]);
    const keyBytes = randomBytes(32);
    const key = await registerAes(kmip, V2_1, keyBytes, U.Encrypt);
    const got = await kmip.ok(V2_1, Operation.Get, { uniqueIdentifier: key, keyWrappingSpecification: encryptSpec(kek) });
    const kb = keyBlockOf(got.object);
    assert.equal(kb.keyWrappingData?.encodingOption, undefined, 'no Encoding Option: TTLV encoded');
    const decipher = createDecipheriv('id-aes256-wrap', kekBytes, hex('a6a6a6a6a6a6a6a6'));
    const plain = Buffer.concat([decipher.update(wrappedValue(kb)), decipher.final()]);
    const node = decodeTtlv(plain);
    assert.equal(node.tag, Tag.KeyValue);
    assert.ok(node.type === ItemType.Structure);
    const material = node.value.find((n) => n.tag === Tag.KeyMaterial);
    assert.ok(material?.type === ItemType.ByteString);
    assert.deepEqual(Buffer.from(material.value), keyBytes);

    // Register the wrapped block: kept as given, returned as registered, unwrapped on request.
    const copy = await registerAes(kmip, V2_1, keyBytes, U.Encrypt, [], kb);
    const stored = keyBlockOf((await kmip.ok(V2_1, Operation.Get, { uniqueIdentifier: copy })).object);
    assert.deepEqual(stored.keyWrappingData, kb.keyWrappingData);
    assert.deepEqual(wrappedValue(stored), wrappedValue(kb));
    assert.deepEqual((await kmip.stored(copy, 'Link')).map((a) => a.value), [{ linkType: LinkType.WrappingKeyLink, linkedObjectIdentifier: kek }], 'a Wrapping Key Link (2.x)');
    const asRegistered = keyBlockOf((await kmip.ok(V2_1, Operation.Get, { uniqueIdentifier: copy, keyWrapType: KeyWrapType.AsRegistered })).object);
    assert.deepEqual(asRegistered, stored);
    const unwrapped = keyBlockOf((await kmip.ok(V2_1, Operation.Get, { uniqueIdentifier: copy, keyWrapType: KeyWrapType.NotWrapped })).object);
    assert.equal(unwrapped.keyWrappingData, undefined);
    assert.ok(unwrapped.keyValue !== undefined && !(unwrapped.keyValue instanceof Uint8Array));
    assert.deepEqual(Buffer.from(unwrapped.keyValue.keyMaterial as Uint8Array), keyBytes);
  });

  test('a key registered wrapped with No Encoding (TC-WRAP-2-14): As Registered as given, Not Wrapped unwrapped', async () => {
    const kmip = new InProcessKmip();
    const kek = await registerAes(kmip, V1_4, hex('000102030405060708090a0b0c0d0e0f'), U.WrapKey, [nistKeyWrap]);
    const block: KeyBlock = {
      ...rawBlock(hex('1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5')),
      cryptographicLength: 128,
      keyWrappingData: {
        wrappingMethod: WrappingMethod.Encrypt,
        encryptionKeyInformation: { uniqueIdentifier: kek, cryptographicParameters: { blockCipherMode: BlockCipherMode.NISTKeyWrap } },
        encodingOption: EncodingOption.NoEncoding,
      },
    };
    const res = await kmip.ok(V1_4, Operation.Register, {
      objectType: ObjectType.SymmetricKey,
      attributes: { attribute: [attr('Cryptographic Usage Mask', U.Encrypt | U.Decrypt)] },
      object: { objectType: ObjectType.SymmetricKey, keyBlock: block },
    });
    const uid = uidOf(res.uniqueIdentifier);
    assert.deepEqual(await kmip.stored(uid, 'Link'), [], '1.x has no Wrapping Key Link');
    const asRegistered = keyBlockOf((await kmip.ok(V1_4, Operation.Get, { uniqueIdentifier: uid, keyFormatType: KeyFormatType.Raw, keyWrapType: KeyWrapType.AsRegistered })).object);
    assert.deepEqual(asRegistered.keyWrappingData, block.keyWrappingData);
    const plain = keyBlockOf((await kmip.ok(V1_4, Operation.Get, { uniqueIdentifier: uid, keyWrapType: KeyWrapType.NotWrapped })).object);
    assert.ok(plain.keyValue !== undefined && !(plain.keyValue instanceof Uint8Array));
    assert.equal(Buffer.from(plain.keyValue.keyMaterial as Uint8Array).toString('hex'), '00112233445566778899aabbccddeeff');
  });

  test('No Encoding: the Byte String Key Value the server returns (TC-141) registers back and unwraps (Not Wrapped), as the Key Value structure layout does (TC-WRAP-2-14)', async () => {
    const kmip = new InProcessKmip();
    const kek = await registerAes(kmip, V1_4, hex('000102030405060708090a0b0c0d0e0f'), U.WrapKey | U.UnwrapKey, [nistKeyWrap]);
    const key = await registerAes(kmip, V1_4, hex('00112233445566778899aabbccddeeff'), U.Encrypt);
    const spec = encryptSpec(kek, { blockCipherMode: BlockCipherMode.NISTKeyWrap }, EncodingOption.NoEncoding);
    const wrapped = keyBlockOf((await kmip.ok(V1_4, Operation.Get, { uniqueIdentifier: key, keyWrappingSpecification: spec })).object);
    assert.ok(wrapped.keyValue instanceof Uint8Array, 'a wrapped Key Value is a Byte String (1.2 §2.1.3 Table 7, §2.1.4)');
    const asStructure: KeyBlock = { ...wrapped, keyValue: { keyMaterial: wrapped.keyValue } };
    for (const block of [wrapped, asStructure]) {
      const copy = await registerAes(kmip, V1_4, Buffer.alloc(0), U.Encrypt, [], block);
      const plain = keyBlockOf((await kmip.ok(V1_4, Operation.Get, { uniqueIdentifier: copy, keyWrapType: KeyWrapType.NotWrapped })).object);
      assert.equal(plain.keyWrappingData, undefined);
      assert.ok(plain.keyValue !== undefined && !(plain.keyValue instanceof Uint8Array));
      assert.equal(Buffer.from(plain.keyValue.keyMaterial as Uint8Array).toString('hex'), '00112233445566778899aabbccddeeff');
    }
  });

  test('AES-GCM: IV in IV/Counter/Nonce, Key Value = ciphertext || tag', async () => {
    const kmip = new InProcessKmip();
    const kekBytes = randomBytes(32);
    const gcm = { blockCipherMode: BlockCipherMode.GCM, ivLength: 96, tagLength: 16 };
    const kek = await registerAes(kmip, V2_1, kekBytes, U.WrapKey, [attr('Cryptographic Parameters', gcm)]);
    const keyBytes = randomBytes(16);
    const key = await registerAes(kmip, V2_1, keyBytes, U.Encrypt);
    const kb = keyBlockOf((await kmip.ok(V2_1, Operation.Get, { uniqueIdentifier: key, keyWrappingSpecification: encryptSpec(kek, gcm, EncodingOption.NoEncoding) })).object);
    const iv = kb.keyWrappingData?.ivCounterNonce;
    assert.ok(iv instanceof Uint8Array && iv.length === 12);
    const wrapped = wrappedValue(kb);
    assert.equal(wrapped.length, 16 + 16);
    const d = createDecipheriv('aes-256-gcm', kekBytes, iv);
    d.setAuthTag(wrapped.subarray(16));
    assert.deepEqual(Buffer.concat([d.update(wrapped.subarray(0, 16)), d.final()]), keyBytes);
  });

  test('RSA-OAEP with an RSA public key', async () => {
    const kmip = new InProcessKmip();
    const pair = await kmip.ok(V2_1, Operation.CreateKeyPair, {
      commonAttributes: { attribute: [attr('Cryptographic Algorithm', CryptographicAlgorithm.RSA), attr('Cryptographic Length', 2048)] },
      privateKeyAttributes: { attribute: [attr('Cryptographic Usage Mask', U.UnwrapKey)] },
      publicKeyAttributes: { attribute: [attr('Cryptographic Usage Mask', U.WrapKey)] },
    });
    const pub = uidOf(pair.publicKeyUniqueIdentifier);
    const priv = uidOf(pair.privateKeyUniqueIdentifier);
    for (const uid of [pub, priv]) await kmip.ok(V2_1, Operation.Activate, { uniqueIdentifier: uid });
    const keyBytes = randomBytes(32);
    const key = await registerAes(kmip, V2_1, keyBytes, U.Encrypt);
    const kb = keyBlockOf((await kmip.ok(V2_1, Operation.Get, { uniqueIdentifier: key, keyWrappingSpecification: encryptSpec(pub, undefined, EncodingOption.NoEncoding) })).object);
    const privBlock = keyBlockOf((await kmip.ok(V2_1, Operation.Get, { uniqueIdentifier: priv, keyFormatType: KeyFormatType.PKCS_8 })).object);
    assert.ok(privBlock.keyValue !== undefined && !(privBlock.keyValue instanceof Uint8Array));
    const privateKey = createPrivateKey({ key: Buffer.from(privBlock.keyValue.keyMaterial as Uint8Array), format: 'der', type: 'pkcs8' });
    assert.deepEqual(privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, wrappedValue(kb)), keyBytes);
    // Registered wrapped under the public key, the server unwraps with the linked private key.
    const copy = await registerAes(kmip, V2_1, keyBytes, U.Encrypt, [], kb);
    const plain = keyBlockOf((await kmip.ok(V2_1, Operation.Get, { uniqueIdentifier: copy, keyWrapType: KeyWrapType.NotWrapped })).object);
    assert.ok(plain.keyValue !== undefined && !(plain.keyValue instanceof Uint8Array));
    assert.deepEqual(Buffer.from(plain.keyValue.keyMaterial as Uint8Array), keyBytes);
  });

  test('Sensitive keys leave only wrapped; non-extractable keys never (TC-SENSITIVE-1-14, TC-EXTRACTABLE-1-14)', async () => {
    const kmip = new InProcessKmip();
    const kek = await registerAes(kmip, V1_4, randomBytes(16), U.WrapKey | U.UnwrapKey | U.Encrypt | U.Decrypt, [nistKeyWrap]);
    const sensitive = await kmip.createKey(V1_4, [attr('Sensitive', true)]);
    const fixed = await kmip.createKey(V1_4, [attr('Extractable', false)]);
    const spec = encryptSpec(kek, { blockCipherMode: BlockCipherMode.NISTKeyWrap }, EncodingOption.NoEncoding);
    assertReason(await kmip.fail(V1_4, Operation.Get, { uniqueIdentifier: sensitive }), R.Sensitive);
    const kb = keyBlockOf((await kmip.ok(V1_4, Operation.Get, { uniqueIdentifier: sensitive, keyWrappingSpecification: spec })).object);
    assert.equal(wrappedValue(kb).length, 40);
    assertReason(await kmip.fail(V1_4, Operation.Get, { uniqueIdentifier: fixed }), R.NotExtractable);
    assertReason(await kmip.fail(V1_4, Operation.Get, { uniqueIdentifier: fixed, keyWrappingSpecification: spec }), R.NotExtractable);
  });

  test('the wrapping key: missing, wrong mask, not active, destroyed, archived, parameters that match no instance', async () => {
    const kmip = new InProcessKmip();
    const key = await kmip.createKey(V2_1);
    const get = (v: ProtocolVersion, kek: string, params?: CryptographicParameters) =>
      kmip.fail(v, Operation.Get, { uniqueIdentifier: key, keyWrappingSpecification: encryptSpec(kek, params, EncodingOption.NoEncoding) });
    await expectReasons((v) => get(v, 'no-such-key'), [
      [V2_1, R.WrappingObjectNotFound],
      [V1_2, R.ItemNotFound],
    ]);
    const noBit = await registerAes(kmip, V2_1, randomBytes(16), U.Encrypt | U.Decrypt);
    await expectReasons((v) => get(v, noBit), [
      [V2_1, R.IncompatibleCryptographicUsageMask],
      [V1_2, R.PermissionDenied],
    ]);
    const preActive = await kmip.createKey(V2_1, [attr('Cryptographic Usage Mask', U.WrapKey)]);
    await expectReasons((v) => get(v, preActive), [
      [V2_1, R.WrongKeyLifecycleState],
      [V1_2, R.PermissionDenied],
    ]);
    const destroyed = await kmip.createKey(V2_1, [attr('Cryptographic Usage Mask', U.WrapKey)]);
    await kmip.ok(V2_1, Operation.Destroy, { uniqueIdentifier: destroyed });
    await expectReasons((v) => get(v, destroyed), [
      [V2_1, R.WrappingObjectDestroyed],
      [V1_2, R.PermissionDenied],
    ]);
    const archived = await registerAes(kmip, V2_1, randomBytes(16), U.WrapKey);
    await kmip.ok(V2_1, Operation.Archive, { uniqueIdentifier: archived });
    assertReason(await get(V2_1, archived), R.WrappingObjectArchived);
    const kek = await registerAes(kmip, V2_1, randomBytes(16), U.WrapKey, [nistKeyWrap]);
    assertReason(await get(V2_1, kek, { blockCipherMode: BlockCipherMode.GCM }), R.BadCryptographicParameters);
    // Without Cryptographic Parameters in the request, the key's own apply.
    await kmip.ok(V2_1, Operation.Get, { uniqueIdentifier: key, keyWrappingSpecification: encryptSpec(kek, undefined, EncodingOption.NoEncoding) });
    // A wrapping key without MAC Generate does not MAC (MAC/sign methods: operations-wrapping-methods.test.ts).
    assertReason(
      await kmip.fail(V2_1, Operation.Get, { uniqueIdentifier: key, keyWrappingSpecification: { wrappingMethod: WrappingMethod.MACSign, macSignatureKeyInformation: { uniqueIdentifier: kek }, attributeName: [] } }),
      R.IncompatibleCryptographicUsageMask,
    );
  });
});

/** Registers Secret Data (Active from an hour ago, Derive Key) and returns its Unique Identifier. */
async function registerSecret(kmip: InProcessKmip, v: ProtocolVersion, bytes: Uint8Array, mask: number = U.DeriveKey, extra: Attribute[] = []): Promise<string> {
  const res = await kmip.ok(v, Operation.Register, {
    objectType: ObjectType.SecretData,
    attributes: { attribute: [attr('Cryptographic Usage Mask', mask), attr('Activation Date', kmip.nowSeconds - 3600n), ...extra] },
    object: { objectType: ObjectType.SecretData, secretDataType: SecretDataType.Password, keyBlock: { keyFormatType: KeyFormatType.Opaque, keyValue: { keyMaterial: bytes } } },
  });
  return uidOf(res.uniqueIdentifier);
}

type DerivePayload = RequestPayloadOf<typeof Operation.DeriveKey>;

function deriveRequest(base: string[], method: number, params: DerivePayload['derivationParameters'], objectType: number = ObjectType.SymmetricKey, bits = 128): DerivePayload {
  const attribute = [attr('Cryptographic Length', bits), attr('Cryptographic Usage Mask', U.Encrypt | U.Decrypt)];
  if (objectType === ObjectType.SymmetricKey) attribute.push(attr('Cryptographic Algorithm', CryptographicAlgorithm.AES));
  return { objectType: objectType as never, uniqueIdentifier: base, derivationMethod: method as never, derivationParameters: params, attributes: { attribute } };
}

async function materialOf(kmip: InProcessKmip, v: ProtocolVersion, uid: string): Promise<string> {
  const kb = keyBlockOf((await kmip.ok(v, Operation.Get, { uniqueIdentifier: uid })).object);
  assert.ok(kb.keyValue !== undefined && !(kb.keyValue instanceof Uint8Array));
  return Buffer.from(kb.keyValue.keyMaterial as Uint8Array).toString('hex');
}

describe('Derive Key', () => {
  test('PBKDF2 (RFC 6070 vectors, SHA-1 by default) from Secret Data; Links both ways; ID Placeholder', async () => {
    for (const v of [V1_2, V2_1]) {
      const kmip = new InProcessKmip();
      const password = await registerSecret(kmip, v, Buffer.from('password'));
      const r = await kmip.send(v, [
        item(Operation.DeriveKey, deriveRequest([password], DerivationMethod.PBKDF2, { salt: Buffer.from('salt'), iterationCount: 4096, derivationData: [] })),
        item(Operation.Get, {}),
      ]);
      const derived = uidOf(successPayload(r.batchItem[0]!, Operation.DeriveKey).uniqueIdentifier);
      const got = successPayload(r.batchItem[1]!, Operation.Get);
      assert.equal(got.uniqueIdentifier, derived, 'the ID Placeholder is the derived key');
      const kb = keyBlockOf(got.object);
      assert.ok(kb.keyValue !== undefined && !(kb.keyValue instanceof Uint8Array));
      assert.equal(Buffer.from(kb.keyValue.keyMaterial as Uint8Array).toString('hex'), '4b007901b765489abead49d926f721d0', `KMIP ${versionName(v)}`);
      assert.equal(kb.cryptographicAlgorithm, CryptographicAlgorithm.AES);
      assert.equal(kb.cryptographicLength, 128);
      assert.deepEqual((await kmip.stored(derived, 'Link')).map((a) => a.value), [{ linkType: LinkType.DerivationBaseObjectLink, linkedObjectIdentifier: password }]);
      assert.deepEqual((await kmip.stored(password, 'Link')).map((a) => a.value), [{ linkType: LinkType.DerivedKeyLink, linkedObjectIdentifier: derived }]);
    }
    const kmip = new InProcessKmip();
    const password = await registerSecret(kmip, V2_1, Buffer.from('password'));
    const sha256 = await kmip.ok(
      V2_1,
      Operation.DeriveKey,
      deriveRequest([password], DerivationMethod.PBKDF2, { cryptographicParameters: { hashingAlgorithm: HashingAlgorithm.SHA_256 }, salt: Buffer.from('salt'), iterationCount: 4096, derivationData: [] }, ObjectType.SymmetricKey, 256),
    );
    assert.equal(await materialOf(kmip, V2_1, uidOf(sha256.uniqueIdentifier)), 'c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a');
  });

  test('HKDF (RFC 5869 test case 1) into Secret Data, KMIP 2.1', async () => {
    const kmip = new InProcessKmip();
    const ikm = await registerSecret(kmip, V2_1, Buffer.alloc(22, 0x0b));
    const res = await kmip.ok(
      V2_1,
      Operation.DeriveKey,
      deriveRequest([ikm], DerivationMethod.HKDF, { cryptographicParameters: { hashingAlgorithm: HashingAlgorithm.SHA_256 }, salt: hex('000102030405060708090a0b0c'), derivationData: [hex('f0f1f2f3f4f5f6f7f8f9')] }, ObjectType.SecretData, 42 * 8),
    );
    assert.equal(await materialOf(kmip, V2_1, uidOf(res.uniqueIdentifier)), '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865');
  });

  test('HASH, HMAC and SP 800-108 counter mode from a symmetric key', async () => {
    const kmip = new InProcessKmip();
    const keyBytes = hex('00112233445566778899aabbccddeeff');
    const base = await registerAes(kmip, V1_4, keyBytes, U.Encrypt | U.Decrypt | U.DeriveKey);
    const sha256 = { hashingAlgorithm: HashingAlgorithm.SHA_256 };
    const h = await kmip.ok(V1_4, Operation.DeriveKey, deriveRequest([base], DerivationMethod.HASH, { cryptographicParameters: sha256, derivationData: [] }));
    assert.equal(await materialOf(kmip, V1_4, uidOf(h.uniqueIdentifier)), createHash('sha256').update(keyBytes).digest('hex').slice(0, 32));
    const m = await kmip.ok(V1_4, Operation.DeriveKey, deriveRequest([base], DerivationMethod.HMAC, { cryptographicParameters: sha256, derivationData: [hex('0102')] }));
    assert.equal(await materialOf(kmip, V1_4, uidOf(m.uniqueIdentifier)), '1e15c1f1da233629f770fb0a04a5020e');
    const fixed = hex('4c4142454c00434f4e5445585400000180');
    const c = await kmip.ok(V1_4, Operation.DeriveKey, deriveRequest([base], DerivationMethod.NIST800_108_C, { cryptographicParameters: sha256, derivationData: [fixed] }, ObjectType.SecretData, 384));
    const expected = Buffer.concat([1, 2].map((i) => createHmac('sha256', keyBytes).update(Buffer.from([0, 0, 0, i])).update(fixed).digest())).subarray(0, 48);
    assert.equal(await materialOf(kmip, V1_4, uidOf(c.uniqueIdentifier)), expected.toString('hex'));
  });

  test('ENCRYPT with AES ECB and CBC (SP 800-38A F.1.1, F.2.1)', async () => {
    const kmip = new InProcessKmip();
    const base = await registerAes(kmip, V2_1, hex('2b7e151628aed2a6abf7158809cf4f3c'), U.DeriveKey);
    const data = [hex('6bc1bee22e409f96e93d7e117393172a')];
    const ecb = await kmip.ok(V2_1, Operation.DeriveKey, deriveRequest([base], DerivationMethod.ENCRYPT, { cryptographicParameters: { blockCipherMode: BlockCipherMode.ECB }, derivationData: data }));
    assert.equal(await materialOf(kmip, V2_1, uidOf(ecb.uniqueIdentifier)), '3ad77bb40d7a3660a89ecaf32466ef97');
    const cbc = await kmip.ok(
      V2_1,
      Operation.DeriveKey,
      deriveRequest([base], DerivationMethod.ENCRYPT, { cryptographicParameters: { blockCipherMode: BlockCipherMode.CBC }, initializationVector: hex('000102030405060708090a0b0c0d0e0f'), derivationData: data }),
    );
    assert.equal(await materialOf(kmip, V2_1, uidOf(cbc.uniqueIdentifier)), '7649abac8119b246cee98e9b12e9197d');
    assertReason(await kmip.fail(V2_1, Operation.DeriveKey, deriveRequest([base], DerivationMethod.ENCRYPT, { derivationData: data })), R.BadCryptographicParameters);
  });

  test('refusals: no Derive Key bit, not Active, too long for the method, missing parameters, unsupported methods', async () => {
    const kmip = new InProcessKmip();
    const noBit = await registerSecret(kmip, V2_1, randomBytes(16), U.Encrypt);
    const pbkdf2 = { salt: Buffer.from('salt'), iterationCount: 10, derivationData: [] };
    await expectReasons((v) => kmip.fail(v, Operation.DeriveKey, deriveRequest([noBit], DerivationMethod.PBKDF2, pbkdf2)), [
      [V2_1, R.IncompatibleCryptographicUsageMask],
      [V1_2, R.PermissionDenied],
    ]);
    const preActive = await kmip.createKey(V2_1, [attr('Cryptographic Usage Mask', U.DeriveKey)]);
    await expectReasons((v) => kmip.fail(v, Operation.DeriveKey, deriveRequest([preActive], DerivationMethod.PBKDF2, pbkdf2)), [
      [V2_1, R.WrongKeyLifecycleState],
      [V1_2, R.PermissionDenied],
    ]);
    const base = await registerSecret(kmip, V2_1, randomBytes(32));
    const sha256 = { cryptographicParameters: { hashingAlgorithm: HashingAlgorithm.SHA_256 }, derivationData: [] };
    assertReason(await kmip.fail(V2_1, Operation.DeriveKey, deriveRequest([base], DerivationMethod.HASH, sha256, ObjectType.SecretData, 512)), R.InvalidField);
    assertReason(await kmip.fail(V2_1, Operation.DeriveKey, deriveRequest([base], DerivationMethod.PBKDF2, { derivationData: [] })), R.InvalidField);
    assertReason(await kmip.fail(V2_1, Operation.DeriveKey, deriveRequest([base], DerivationMethod.HMAC, sha256)), R.InvalidField);
    assertReason(await kmip.fail(V2_1, Operation.DeriveKey, deriveRequest([base], DerivationMethod.HASH, { derivationData: [] })), R.BadCryptographicParameters);
    for (const method of [DerivationMethod.NIST800_108_F, DerivationMethod.NIST800_108_DPI]) {
      assertReason(await kmip.fail(V2_1, Operation.DeriveKey, deriveRequest([base], method, sha256)), R.FeatureNotSupported);
    }
    assertReason(await kmip.fail(V2_1, Operation.DeriveKey, deriveRequest(['no-such-object'], DerivationMethod.PBKDF2, pbkdf2)), R.ObjectNotFound);
    assert.deepEqual(await kmip.stored(base, 'Link'), [], 'a refused derivation links nothing');
  });
});
