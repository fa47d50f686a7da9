/**
 * Key wrapping beyond Encrypt [KMIP 1.2 §2.1.5-2.1.6, 2.1 §2.1.5-2.1.6], through the executor with
 * real KMIP messages: the Wrapping Methods MAC/sign, Encrypt then MAC/sign and MAC/sign then
 * encrypt with HMAC (RFC 4231 §4.3 known answer), AES-CMAC (RFC 4493 §4 example 2 known answer),
 * RSA PKCS#1 v1.5 and ECDSA signing keys, checked on the server's unwrap (Key Wrap Type Not
 * Wrapped, Import Not Wrapped) and against tampering; RSA-AES key wrap (CKM_RSA_AES_KEY_WRAP)
 * checked by unwrapping it independently with node:crypto; the Key Value layout of wrapped keys
 * (Byte String for keys held in plaintext, the registered layout kept for keys held wrapped); and
 * the Result Reasons of bad wrapping specifications.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createDecipheriv, createHmac, createPrivateKey, generateKeyPairSync, privateDecrypt, randomBytes, verify } from 'node:crypto';
import {
  BlockCipherMode,
  CryptographicAlgorithm as A,
  CryptographicUsageMask as U,
  decodeTtlv,
  DigitalSignatureAlgorithm,
  EncodingOption,
  HashingAlgorithm,
  KeyFormatType,
  KeyWrapType,
  LinkType,
  ObjectType,
  Operation,
  PaddingMethod,
  ResultReason as R,
  SecretDataType,
  Tag,
  WrappingMethod,
  type Attribute,
  type CryptographicParameters,
  type KeyBlock,
  type KeyWrappingSpecification,
  type ProtocolVersion,
} from '@keyhold/protocol';
import { rsaAesKeyUnwrap } from '../src/crypto/wrap.js';
import { assertReason, attr, InProcessKmip, uidOf, V1_2, V1_4, V2_1, versionName } from './helpers/kmip.js';
import { hex, keyBlockOf, rawBlock, registerKeyBlock, wrappedValue } from './helpers/wrapping.js';


function plainMaterial(kb: KeyBlock): Buffer {
  assert.equal(kb.keyWrappingData, undefined, 'not wrapped');
  assert.ok(kb.keyValue !== undefined && !(kb.keyValue instanceof Uint8Array), 'a Key Value structure');
  assert.ok(kb.keyValue.keyMaterial instanceof Uint8Array);
  return Buffer.from(kb.keyValue.keyMaterial);
}

const symmetric = (kmip: InProcessKmip, v: ProtocolVersion, key: Uint8Array, algorithm: number, mask: number, extra: Attribute[] = []): Promise<string> =>
  registerKeyBlock(kmip, v, ObjectType.SymmetricKey, rawBlock(key, algorithm), mask, extra);

/** Registers a key pair of node:crypto keys (PKCS#8 / SPKI), linked both ways, and returns both identifiers. */
async function registerPair(kmip: InProcessKmip, type: 'rsa' | 'ec', privateMask: number, publicMask: number, extra: Attribute[] = []): Promise<{ priv: string; pub: string; privateKey: ReturnType<typeof createPrivateKey> }> {
  const pair = type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const algorithm = type === 'rsa' ? A.RSA : A.ECDSA;
  const bits = type === 'rsa' ? 2048 : 256;
  const priv = await registerKeyBlock(kmip, V2_1, ObjectType.PrivateKey, { keyFormatType: KeyFormatType.PKCS_8, keyValue: { keyMaterial: pair.privateKey.export({ format: 'der', type: 'pkcs8' }) }, cryptographicAlgorithm: algorithm, cryptographicLength: bits }, privateMask, extra);
  const pub = await registerKeyBlock(kmip, V2_1, ObjectType.PublicKey, { keyFormatType: KeyFormatType.X_509, keyValue: { keyMaterial: pair.publicKey.export({ format: 'der', type: 'spki' }) }, cryptographicAlgorithm: algorithm, cryptographicLength: bits }, publicMask, extra);
  await kmip.ok(V2_1, Operation.AddAttribute, { uniqueIdentifier: priv, newAttribute: attr('Link', { linkType: LinkType.PublicKeyLink, linkedObjectIdentifier: pub }) });
  await kmip.ok(V2_1, Operation.AddAttribute, { uniqueIdentifier: pub, newAttribute: attr('Link', { linkType: LinkType.PrivateKeyLink, linkedObjectIdentifier: priv }) });
  return { priv, pub, privateKey: pair.privateKey };
}

function spec(method: number, enc?: { uid: string; params?: CryptographicParameters }, mac?: { uid: string; params?: CryptographicParameters }, encodingOption: number | null = EncodingOption.NoEncoding): KeyWrappingSpecification {
  const s: KeyWrappingSpecification = { wrappingMethod: method as never, attributeName: [] };
  if (enc !== undefined) s.encryptionKeyInformation = enc.params === undefined ? { uniqueIdentifier: enc.uid } : { uniqueIdentifier: enc.uid, cryptographicParameters: enc.params };
  if (mac !== undefined) s.macSignatureKeyInformation = mac.params === undefined ? { uniqueIdentifier: mac.uid } : { uniqueIdentifier: mac.uid, cryptographicParameters: mac.params };
  if (encodingOption !== null) s.encodingOption = encodingOption as never;
  return s;
}

const getWrapped = async (kmip: InProcessKmip, v: ProtocolVersion, uid: string, s: KeyWrappingSpecification): Promise<KeyBlock> =>
  keyBlockOf((await kmip.ok(v, Operation.Get, { uniqueIdentifier: uid, keyWrappingSpecification: s })).object);

/** Registers `block` (a wrapped key block) and returns what Get Not Wrapped gives back, or the failure. */
async function registerAndUnwrap(kmip: InProcessKmip, v: ProtocolVersion, block: KeyBlock): Promise<KeyBlock> {
  const uid = await registerKeyBlock(kmip, v, ObjectType.SymmetricKey, block, U.Encrypt | U.Decrypt);
  return keyBlockOf((await kmip.ok(v, Operation.Get, { uniqueIdentifier: uid, keyWrapType: KeyWrapType.NotWrapped })).object);
}

async function unwrapFails(kmip: InProcessKmip, v: ProtocolVersion, block: KeyBlock, reason: R, what: string): Promise<void> {
  const uid = await registerKeyBlock(kmip, v, ObjectType.SymmetricKey, block, U.Encrypt | U.Decrypt);
  assertReason(await kmip.fail(v, Operation.Get, { uniqueIdentifier: uid, keyWrapType: KeyWrapType.NotWrapped }), reason, `${what}: `);
}

const flip = (b: Uint8Array): Buffer => {
  const out = Buffer.from(b);
  out[out.length - 1] = (out[out.length - 1] ?? 0) ^ 1;
  return out;
};

const NIST_KEK = hex('000102030405060708090a0b0c0d0e0f');
const NIST_KEY = hex('00112233445566778899aabbccddeeff');
const NIST_WRAPPED = '1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5';

describe('Wrapping Method MAC/sign', () => {
  test('HMAC-SHA256 — RFC 4231 §4.3 test case 2 — over the Key Material (No Encoding), in 1.2 and 2.1; verified on Not Wrapped; a wrong MAC is Cryptographic Failure', async () => {
    for (const v of [V1_2, V2_1]) {
      const kmip = new InProcessKmip();
      const macKey = await symmetric(kmip, v, Buffer.from('Jefe'), A.HMAC_SHA256, U.MACGenerate | U.MACVerify);
      const data = Buffer.from('what do ya want for nothing?');
      const key = await symmetric(kmip, v, data, A.HMAC_SHA256, U.MACGenerate);
      const kb = await getWrapped(kmip, v, key, spec(WrappingMethod.MACSign, undefined, { uid: macKey }));
      assert.deepEqual(wrappedValue(kb), data, 'MAC/sign alone leaves the Key Material in the clear');
      assert.equal(Buffer.from(kb.keyWrappingData?.macSignature ?? []).toString('hex'), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843', `KMIP ${versionName(v)}`);
      assert.deepEqual(kb.keyWrappingData, { wrappingMethod: WrappingMethod.MACSign, macSignatureKeyInformation: { uniqueIdentifier: macKey }, macSignature: kb.keyWrappingData?.macSignature, encodingOption: EncodingOption.NoEncoding });
      if (v === V1_2) continue; // Key Wrap Type is a 1.4 field.
      assert.deepEqual(plainMaterial(await registerAndUnwrap(kmip, v, kb)), data);
      await unwrapFails(kmip, v, { ...kb, keyWrappingData: { ...kb.keyWrappingData!, macSignature: flip(kb.keyWrappingData?.macSignature ?? new Uint8Array()) } }, R.CryptographicFailure, 'a wrong MAC');
      await unwrapFails(kmip, v, { ...kb, keyValue: flip(wrappedValue(kb)) }, R.CryptographicFailure, 'a changed Key Value');
    }
  });

  test('a Sensitive key never leaves with MAC/sign alone (its Key Value would be in the clear), only encrypted', async () => {
    const kmip = new InProcessKmip();
    const macKey = await symmetric(kmip, V2_1, randomBytes(32), A.HMAC_SHA256, U.MACGenerate);
    const kek = await symmetric(kmip, V2_1, NIST_KEK, A.AES, U.WrapKey);
    const sensitive = await symmetric(kmip, V2_1, NIST_KEY, A.AES, U.Encrypt, [attr('Sensitive', true)]);
    assertReason(await kmip.fail(V2_1, Operation.Get, { uniqueIdentifier: sensitive, keyWrappingSpecification: spec(WrappingMethod.MACSign, undefined, { uid: macKey }) }), R.Sensitive);
    const kb = await getWrapped(kmip, V2_1, sensitive, spec(WrappingMethod.EncryptThenMACSign, { uid: kek }, { uid: macKey }));
    assert.equal(wrappedValue(kb).toString('hex'), NIST_WRAPPED);
  });

  test('a Sensitive key registered MAC/signed only (its Key Value in the clear) is not returned as registered', async () => {
    const kmip = new InProcessKmip();
    const macKey = await symmetric(kmip, V2_1, randomBytes(32), A.HMAC_SHA256, U.MACGenerate | U.MACVerify);
    const block: KeyBlock = { ...rawBlock(NIST_KEY, A.AES), cryptographicLength: 128, keyWrappingData: { wrappingMethod: WrappingMethod.MACSign, macSignatureKeyInformation: { uniqueIdentifier: macKey }, macSignature: randomBytes(32), encodingOption: EncodingOption.NoEncoding } };
    const uid = await registerKeyBlock(kmip, V2_1, ObjectType.SymmetricKey, block, U.Encrypt, [attr('Sensitive', true)]);
    assertReason(await kmip.fail(V2_1, Operation.Get, { uniqueIdentifier: uid }), R.Sensitive);
    assertReason(await kmip.fail(V2_1, Operation.Get, { uniqueIdentifier: uid, keyWrapType: KeyWrapType.AsRegistered }), R.Sensitive);
  });

  test('AES-CMAC — RFC 4493 §4 example 2 (Block Cipher Mode CMAC)', async () => {
    const kmip = new InProcessKmip();
    const cmac = { blockCipherMode: BlockCipherMode.CMAC };
    const macKey = await symmetric(kmip, V2_1, hex('2b7e151628aed2a6abf7158809cf4f3c'), A.AES, U.MACGenerate | U.MACVerify, [attr('Cryptographic Parameters', cmac)]);
    const key = await symmetric(kmip, V2_1, hex('6bc1bee22e409f96e93d7e117393172a'), A.AES, U.Encrypt);
    const kb = await getWrapped(kmip, V2_1, key, spec(WrappingMethod.MACSign, undefined, { uid: macKey, params: cmac }));
    assert.equal(Buffer.from(kb.keyWrappingData?.macSignature ?? []).toString('hex'), '070a16b46b4d4144f79bdd9dd04a287c');
    assert.deepEqual(plainMaterial(await registerAndUnwrap(kmip, V2_1, kb)), hex('6bc1bee22e409f96e93d7e117393172a'));
  });

  test('TTLV Encoding: the MAC covers the TTLV-encoded Key Value, which is the Key Value Byte String', async () => {
    const kmip = new InProcessKmip();
    const macKeyBytes = randomBytes(32);
    const macKey = await symmetric(kmip, V2_1, macKeyBytes, A.HMAC_SHA512, U.MACGenerate | U.MACVerify);
    const keyBytes = randomBytes(32);
    const key = await symmetric(kmip, V2_1, keyBytes, A.AES, U.Encrypt);
    const kb = await getWrapped(kmip, V2_1, key, spec(WrappingMethod.MACSign, undefined, { uid: macKey }, null));
    const encoded = wrappedValue(kb);
    assert.equal(decodeTtlv(encoded).tag, Tag.KeyValue);
    assert.deepEqual(Buffer.from(kb.keyWrappingData?.macSignature ?? []), createHmac('sha512', macKeyBytes).update(encoded).digest());
    assert.deepEqual(plainMaterial(await registerAndUnwrap(kmip, V2_1, kb)), keyBytes);
  });
});

describe('Wrapping Methods Encrypt then MAC/sign, MAC/sign then encrypt', () => {
  test('Encrypt then MAC/sign: RFC 3394 §4.1 wrap, HMAC over the wrapped bytes; Not Wrapped and Import Not Wrapped verify it', async () => {
    const kmip = new InProcessKmip();
    const kek = await symmetric(kmip, V2_1, NIST_KEK, A.AES, U.WrapKey | U.UnwrapKey, [attr('Cryptographic Parameters', { blockCipherMode: BlockCipherMode.NISTKeyWrap })]);
    const macKeyBytes = randomBytes(32);
    const macKey = await symmetric(kmip, V2_1, macKeyBytes, A.HMAC_SHA256, U.MACGenerate | U.MACVerify);
    const key = await symmetric(kmip, V2_1, NIST_KEY, A.AES, U.Encrypt);
    const kb = await getWrapped(kmip, V2_1, key, spec(WrappingMethod.EncryptThenMACSign, { uid: kek }, { uid: macKey }));
    assert.equal(wrappedValue(kb).toString('hex'), NIST_WRAPPED);
    assert.deepEqual(Buffer.from(kb.keyWrappingData?.macSignature ?? []), createHmac('sha256', macKeyBytes).update(hex(NIST_WRAPPED)).digest());
    assert.equal(kb.keyWrappingData?.encryptionKeyInformation?.uniqueIdentifier, kek);
    assert.equal(kb.keyWrappingData?.macSignatureKeyInformation?.uniqueIdentifier, macKey);
    assert.deepEqual(plainMaterial(await registerAndUnwrap(kmip, V2_1, kb)), NIST_KEY);
    await unwrapFails(kmip, V2_1, { ...kb, keyWrappingData: { ...kb.keyWrappingData!, macSignature: flip(kb.keyWrappingData?.macSignature ?? new Uint8Array()) } }, R.CryptographicFailure, 'a wrong MAC');

    // Import with Key Wrap Type Not Wrapped: unwrapped, checked and stored in plaintext.
    const imported = 'imported-encrypt-then-mac';
    await kmip.ok(V2_1, Operation.Import, { uniqueIdentifier: imported, objectType: ObjectType.SymmetricKey, keyWrapType: KeyWrapType.NotWrapped, attributes: { attribute: [] }, object: { objectType: ObjectType.SymmetricKey, keyBlock: kb } });
    assert.deepEqual(plainMaterial(keyBlockOf((await kmip.ok(V2_1, Operation.Get, { uniqueIdentifier: imported })).object)), NIST_KEY);
    const tampered: KeyBlock = { ...kb, keyValue: flip(wrappedValue(kb)) };
    assertReason(
      await kmip.fail(V2_1, Operation.Import, { uniqueIdentifier: 'imported-tampered', objectType: ObjectType.SymmetricKey, keyWrapType: KeyWrapType.NotWrapped, attributes: { attribute: [] }, object: { objectType: ObjectType.SymmetricKey, keyBlock: tampered } }),
      R.CryptographicFailure,
    );
    // The MAC key needs MAC Verify to check it.
    const noVerify = await symmetric(kmip, V2_1, macKeyBytes, A.HMAC_SHA256, U.MACGenerate);
    const kb2 = await getWrapped(kmip, V2_1, key, spec(WrappingMethod.EncryptThenMACSign, { uid: kek }, { uid: noVerify }));
    await unwrapFails(kmip, V2_1, kb2, R.IncompatibleCryptographicUsageMask, 'no MAC Verify');
  });

  test('MAC/sign then encrypt with an RSA (PKCS#1 v1.5 SHA-256) and an ECDSA signing key: the signature covers the plaintext Key Material', async () => {
    const kmip = new InProcessKmip();
    const kek = await symmetric(kmip, V2_1, NIST_KEK, A.AES, U.WrapKey | U.UnwrapKey);
    const key = await symmetric(kmip, V2_1, NIST_KEY, A.AES, U.Encrypt);
    const cases = [
      { type: 'rsa' as const, params: { paddingMethod: PaddingMethod.PKCS1V1_5, hashingAlgorithm: HashingAlgorithm.SHA_256 } },
      { type: 'ec' as const, params: { digitalSignatureAlgorithm: DigitalSignatureAlgorithm.ECDSAWithSHA256 } },
    ];
    for (const c of cases) {
      const signer = await registerPair(kmip, c.type, U.Sign, U.Verify, [attr('Cryptographic Parameters', c.params)]);
      // The specification may name the private key or its public key (1.2 §2.1.5 Table 11).
      for (const named of [signer.priv, signer.pub]) {
        const kb = await getWrapped(kmip, V2_1, key, spec(WrappingMethod.MACSignThenEncrypt, { uid: kek }, { uid: named, params: c.params }));
        assert.equal(wrappedValue(kb).toString('hex'), NIST_WRAPPED, c.type);
        const signature = Buffer.from(kb.keyWrappingData?.macSignature ?? []);
        const pub = signer.privateKey;
        assert.ok(verify('sha256', NIST_KEY, c.type === 'ec' ? { key: pub, dsaEncoding: 'der' } : pub, signature), `${c.type}: a signature of the plaintext Key Material`);
        assert.deepEqual(plainMaterial(await registerAndUnwrap(kmip, V2_1, kb)), NIST_KEY);
        await unwrapFails(kmip, V2_1, { ...kb, keyWrappingData: { ...kb.keyWrappingData!, macSignature: flip(signature) } }, R.CryptographicFailure, `${c.type}: a wrong signature`);
      }
    }
  });
});

/**
 * A fixed RSA-AES vector made by another implementation (Python's cryptography: OAEP SHA-256 and
 * aes_key_wrap_with_padding) with a 1024-bit RSA key, the ephemeral AES-256 key 00 01 … 1f and the
 * 21-byte target 00112233445566778899aabbccddeeff0001020304.
 */
const RSA_AES_KAT = {
  privateKeyPkcs8: hex(
  '30820275020100300d06092a864886f70d01010105000482025f3082025b02010002818100b2b4b12bf2e5d5a318aa85' +
  '2701d2eac289e731c2538fb8cfc85b4c82c798119937839aeaa2ab084e8cac2cb92bbd2ca1bfdb32543af60c9efc5b7e' +
  'ca14a4d3131edd5b46a666c073681e45841435398d2961ffe7bf46e74b6ca89df538c2e53003116517705200b8e92998' +
  '77c9a4270c4ed678256bb4f7937caa163542c5610d02030100010281807d4d34ed1be30b68d062bffa19cd49ce1de37d' +
  '80441701feaefd55285dcac28c2be09b3ee9d00283111fa83c2deef6dc7329bea050b7352244cfe296cee2c31bf88820' +
  'a388679b20dfe860f381fde5580c46e2b55bde5850197abf42ab38966b0e7ee12da70feb3dea75bb9cc16e9fab18ef58' +
  'f71d0cb162028b5cddd5c9d001024100e34a0c033b021df6d86c9965a55f1dd19a96c586a0e633be29d60218b5023e00' +
  '3900cbf732c19d6df6165b3d99aee614773f0825456f40d29d273de4ee3e8239024100c94794e733b5baaf37eea30cc4' +
  '7d1bf789a1401ae314d2ab4a3fee3ce6e614cde3dbeb98b5053ba39bca4aac4c6b160a113465724cc21169962a9a66dd' +
  'eec57502406d9c070103d2f88a5342c4132dd619f63c1bdbb41a2209effa12f7bddc84f14b8031ef2b0e322aee9d8f98' +
  '7eb37f91fb6aaa5e0e4356eca6e51cc88f7f896b9902403fc88f4734fbc1cd04cc7a9ef12534579d259c4ae8eb105777' +
  '900acf01dca77b1759f9aecaae7dd7bae6c00319b455a79b0c1f99b8f946cb4eeaf142e7d162810240215bac4246a07f' +
  '8bd929fc8278c47735b909d53453535458fe20321663acb3a972bd9e79815c56e848d151e372d8373d2982ccc511cec4' +
  '406c6c3496fdfbdebd',
  ),
  wrapped: hex(
  '0ae526e40568a739154a80851cd44b7d7ce370749b8332abcec8a630ffb2cad83f03460d1be72c76da8924609a3e2e9c' +
  '98757d9067e0af85f48c31691009c57d6b5a44473bef1fecf20655e22717ca8c93d1bfbcb1921b1bd0955fef71f57f5b' +
  '8ab5c53a9faa094f84cd6866650f034d8ddd5fff74da27275cdcacd46b1d43ec308d49692b5f8cf638d54bb4b9856335' +
  '04237329964c76ebb3f669870a708dbc',
  ),
  target: '00112233445566778899aabbccddeeff0001020304',
};

describe('RSA-AES key wrap (CKM_RSA_AES_KEY_WRAP)', () => {
  test('known answer: a fixed vector of another implementation unwraps, through the server (Secret Data registered wrapped, Not Wrapped)', async () => {
    assert.equal(rsaAesKeyUnwrap(createPrivateKey({ key: RSA_AES_KAT.privateKeyPkcs8, format: 'der', type: 'pkcs8' }), RSA_AES_KAT.wrapped, 'sha256').toString('hex'), RSA_AES_KAT.target);
    const kmip = new InProcessKmip();
    const rsaAes = { paddingMethod: PaddingMethod.OAEP, hashingAlgorithm: HashingAlgorithm.SHA_256, blockCipherMode: BlockCipherMode.AESKeyWrapPadding };
    const priv = await registerKeyBlock(kmip, V2_1, ObjectType.PrivateKey, { keyFormatType: KeyFormatType.PKCS_8, keyValue: { keyMaterial: RSA_AES_KAT.privateKeyPkcs8 }, cryptographicAlgorithm: A.RSA, cryptographicLength: 1024 }, U.UnwrapKey, [attr('Cryptographic Parameters', rsaAes)]);
    const res = await kmip.ok(V2_1, Operation.Register, {
      objectType: ObjectType.SecretData,
      attributes: { attribute: [attr('Cryptographic Usage Mask', U.DeriveKey)] },
      object: {
        objectType: ObjectType.SecretData,
        secretDataType: SecretDataType.Seed,
        keyBlock: { keyFormatType: KeyFormatType.Opaque, keyValue: RSA_AES_KAT.wrapped, keyWrappingData: { wrappingMethod: WrappingMethod.Encrypt, encryptionKeyInformation: { uniqueIdentifier: priv, cryptographicParameters: rsaAes }, encodingOption: EncodingOption.NoEncoding } },
      },
    });
    const kb = keyBlockOf((await kmip.ok(V2_1, Operation.Get, { uniqueIdentifier: uidOf(res.uniqueIdentifier), keyWrapType: KeyWrapType.NotWrapped })).object);
    assert.equal(plainMaterial(kb).toString('hex'), RSA_AES_KAT.target);
  });

  test('OAEP (SHA-256) of an ephemeral AES-256 key || RFC 5649 wrap: unwrapped with node:crypto; an RSA private key too long for OAEP alone; Not Wrapped', async () => {
    const kmip = new InProcessKmip();
    const rsaAes = { paddingMethod: PaddingMethod.OAEP, hashingAlgorithm: HashingAlgorithm.SHA_256, blockCipherMode: BlockCipherMode.AESKeyWrapPadding };
    const kek = await registerPair(kmip, 'rsa', U.UnwrapKey, U.WrapKey, [attr('Cryptographic Parameters', rsaAes)]);
    const unwrapLocally = (wrapped: Buffer): Buffer => {
      const ephemeral = privateDecrypt({ key: kek.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, wrapped.subarray(0, 256));
      assert.equal(ephemeral.length, 32, 'an AES-256 ephemeral key');
      const d = createDecipheriv('id-aes256-wrap-pad', ephemeral, hex('a65959a6'));
      return Buffer.concat([d.update(wrapped.subarray(256)), d.final()]);
    };
    const keyBytes = randomBytes(32);
    const key = await symmetric(kmip, V2_1, keyBytes, A.AES, U.Encrypt);
    const kb = await getWrapped(kmip, V2_1, key, spec(WrappingMethod.Encrypt, { uid: kek.pub, params: rsaAes }));
    assert.deepEqual(unwrapLocally(wrappedValue(kb)), keyBytes);
    assert.deepEqual(plainMaterial(await registerAndUnwrap(kmip, V2_1, kb)), keyBytes);

    const other = await registerPair(kmip, 'rsa', U.Sign, U.Verify);
    const privateDer = other.privateKey.export({ format: 'der', type: 'pkcs8' });
    assertReason(await kmip.fail(V2_1, Operation.Get, { uniqueIdentifier: other.priv, keyWrappingSpecification: spec(WrappingMethod.Encrypt, { uid: kek.pub, params: { paddingMethod: PaddingMethod.OAEP, hashingAlgorithm: HashingAlgorithm.SHA_256 } }) }), R.BadCryptographicParameters);
    const wrappedPrivate = await getWrapped(kmip, V2_1, other.priv, spec(WrappingMethod.Encrypt, { uid: kek.pub, params: rsaAes }));
    assert.deepEqual(unwrapLocally(wrappedValue(wrappedPrivate)), Buffer.from(privateDer));
    await unwrapFails(kmip, V2_1, { ...kb, keyValue: flip(wrappedValue(kb)) }, R.CryptographicFailure, 'a changed RSA-AES wrap');
  });
});

describe('The Key Value layout of wrapped keys', () => {
  test('a key held in plaintext is returned wrapped as a Byte String (TC-141, TC-SENSITIVE-1-14); a key registered wrapped keeps its layout, as registered and rewrapped (TC-WRAP-1/3-14)', async () => {
    const kmip = new InProcessKmip();
    const kek0 = await symmetric(kmip, V1_4, NIST_KEK, A.AES, U.WrapKey);
    const kek1 = await symmetric(kmip, V1_4, NIST_KEK, A.AES, U.WrapKey);
    const data = { wrappingMethod: WrappingMethod.Encrypt, encryptionKeyInformation: { uniqueIdentifier: kek0 }, encodingOption: EncodingOption.NoEncoding } as const;
    const asStructure: KeyBlock = { ...rawBlock(hex(NIST_WRAPPED), A.AES), cryptographicLength: 128, keyWrappingData: data };
    const asBytes: KeyBlock = { ...asStructure, keyValue: hex(NIST_WRAPPED) };
    const rewrap = spec(WrappingMethod.Encrypt, { uid: kek1 });
    for (const block of [asStructure, asBytes]) {
      const uid = await registerKeyBlock(kmip, V1_4, ObjectType.SymmetricKey, block, U.Encrypt);
      assert.deepEqual(keyBlockOf((await kmip.ok(V1_4, Operation.Get, { uniqueIdentifier: uid, keyWrapType: KeyWrapType.AsRegistered })).object), block, 'As Registered');
      const kb = await getWrapped(kmip, V1_4, uid, rewrap);
      const expected = block.keyValue instanceof Uint8Array ? hex(NIST_WRAPPED) : { keyMaterial: hex(NIST_WRAPPED) };
      assert.deepEqual(kb.keyValue, expected, 'rewrapped in the registered layout');
      // TTLV Encoding has one layout: the Byte String of the wrapped TTLV-encoded Key Value.
      assert.ok((await getWrapped(kmip, V1_4, uid, spec(WrappingMethod.Encrypt, { uid: kek1 }, undefined, EncodingOption.TTLVEncoding))).keyValue instanceof Uint8Array);
    }
    const plain = await symmetric(kmip, V1_4, NIST_KEY, A.AES, U.Encrypt);
    assert.equal(wrappedValue(await getWrapped(kmip, V1_4, plain, rewrap)).toString('hex'), NIST_WRAPPED);
  });
});

describe('Result Reasons of bad wrapping specifications', () => {
  test('Key Informations that do not fit the method: Invalid Field; TR-31: Feature Not Supported; never General Failure', async () => {
    const kmip = new InProcessKmip();
    const kek = await symmetric(kmip, V2_1, NIST_KEK, A.AES, U.WrapKey);
    const macKey = await symmetric(kmip, V2_1, randomBytes(32), A.HMAC_SHA256, U.MACGenerate);
    const key = await symmetric(kmip, V2_1, NIST_KEY, A.AES, U.Encrypt);
    const get = (s: KeyWrappingSpecification) => kmip.fail(V2_1, Operation.Get, { uniqueIdentifier: key, keyWrappingSpecification: s });
    assertReason(await get(spec(WrappingMethod.MACSign)), R.InvalidField, 'MAC/sign without a MAC key: ');
    assertReason(await get(spec(WrappingMethod.MACSign, { uid: kek }, { uid: macKey })), R.InvalidField, 'MAC/sign with an encryption key: ');
    assertReason(await get(spec(WrappingMethod.Encrypt, { uid: kek }, { uid: macKey })), R.InvalidField, 'Encrypt with a MAC key: ');
    assertReason(await get(spec(WrappingMethod.EncryptThenMACSign, { uid: kek })), R.InvalidField, 'Encrypt then MAC/sign without a MAC key: ');
    assertReason(await get(spec(WrappingMethod.MACSignThenEncrypt, undefined, { uid: macKey })), R.InvalidField, 'MAC/sign then encrypt without an encryption key: ');
    assertReason(await get(spec(WrappingMethod.TR_31, { uid: kek })), R.FeatureNotSupported, 'TR-31: ');
  });

  test('the MAC/signature key: missing, no MAC Generate / Sign, not a key, parameters that match no instance — by version', async () => {
    for (const [v, missing, mask] of [
      [V2_1, R.WrappingObjectNotFound, R.IncompatibleCryptographicUsageMask],
      [V1_2, R.ItemNotFound, R.PermissionDenied],
    ] as const) {
      const kmip = new InProcessKmip();
      const key = await symmetric(kmip, v, NIST_KEY, A.AES, U.Encrypt);
      const get = (mac: string, params?: CryptographicParameters) => kmip.fail(v, Operation.Get, { uniqueIdentifier: key, keyWrappingSpecification: spec(WrappingMethod.MACSign, undefined, params === undefined ? { uid: mac } : { uid: mac, params }) });
      assertReason(await get('no-such-key'), missing, `${versionName(v)} missing: `);
      const noGenerate = await symmetric(kmip, v, randomBytes(32), A.HMAC_SHA256, U.MACVerify);
      assertReason(await get(noGenerate), mask, `${versionName(v)} no MAC Generate: `);
      const kek = await symmetric(kmip, v, NIST_KEK, A.AES, U.WrapKey);
      assertReason(await get(kek), mask, `${versionName(v)} a wrapping key that may not MAC: `);
      const hmac = await symmetric(kmip, v, randomBytes(32), A.HMAC_SHA256, U.MACGenerate, [attr('Cryptographic Parameters', { hashingAlgorithm: HashingAlgorithm.SHA_256 })]);
      const bad = await get(hmac, { hashingAlgorithm: HashingAlgorithm.SHA_512 });
      assertReason(bad, v === V2_1 ? R.BadCryptographicParameters : R.InvalidField, `${versionName(v)} parameters: `);
    }
    const kmip = new InProcessKmip();
    const key = await symmetric(kmip, V2_1, NIST_KEY, A.AES, U.Encrypt);
    const signer = await registerPair(kmip, 'ec', U.Verify, U.Verify);
    assertReason(await kmip.fail(V2_1, Operation.Get, { uniqueIdentifier: key, keyWrappingSpecification: spec(WrappingMethod.MACSign, undefined, { uid: signer.priv }) }), R.IncompatibleCryptographicUsageMask, 'a private key without Sign: ');
    const kek = await symmetric(kmip, V2_1, NIST_KEK, A.AES, U.Encrypt);
    assertReason(await kmip.fail(V2_1, Operation.Get, { uniqueIdentifier: key, keyWrappingSpecification: spec(WrappingMethod.Encrypt, { uid: kek }) }), R.IncompatibleCryptographicUsageMask, 'an encryption key without Wrap Key: ');
  });

  test('Register refuses a Key Wrapping Data without the MAC/Signature or the keys of its method (Invalid Field)', async () => {
    const kmip = new InProcessKmip();
    const block = (data: NonNullable<KeyBlock['keyWrappingData']>): KeyBlock => ({ ...rawBlock(hex(NIST_WRAPPED), A.AES), cryptographicLength: 128, keyWrappingData: data });
    const reg = (b: KeyBlock) => kmip.fail(V2_1, Operation.Register, { objectType: ObjectType.SymmetricKey, attributes: { attribute: [attr('Cryptographic Usage Mask', U.Encrypt)] }, object: { objectType: ObjectType.SymmetricKey, keyBlock: b } });
    assertReason(await reg(block({ wrappingMethod: WrappingMethod.MACSign, macSignatureKeyInformation: { uniqueIdentifier: 'k' } })), R.InvalidField, 'no MAC/Signature: ');
    assertReason(await reg(block({ wrappingMethod: WrappingMethod.Encrypt })), R.InvalidField, 'no Encryption Key Information: ');
    assertReason(await reg(block({ wrappingMethod: WrappingMethod.EncryptThenMACSign, encryptionKeyInformation: { uniqueIdentifier: 'k' }, macSignature: randomBytes(32) })), R.InvalidField, 'no MAC/Signature Key Information: ');
  });
});
