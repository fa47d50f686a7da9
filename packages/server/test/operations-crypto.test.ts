/**
 * Cryptographic services through the executor: known-answer tests from published vectors (NIST SP
 * 800-38A, IEEE 1619-2007 (XTS), the GCM specification's test case 4, RFC 4231, RFC 8032, RFC 7539), RSA round trips,
 * and the key-use policy (usage mask, lifecycle, Usage Limits) with the Result Reason per version.
 */
import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  BlockCipherMode,
  CryptographicAlgorithm,
  CryptographicUsageMask as M,
  DigitalSignatureAlgorithm,
  HashingAlgorithm,
  KeyFormatType,
  ObjectType,
  Operation,
  PaddingMethod,
  ResultReason,
  RevocationReasonCode,
  UsageLimitsUnit,
  ValidityIndicator,
  type CryptographicParameters,
} from '@keyhold/protocol';
import { ED, hex, registerKey, symmetric } from './crypto-kmip.js';
import { assertReason, InProcessKmip, V1_2, V1_4, V2_1 } from './helpers/kmip.js';

async function encryptKat(key: string, params: CryptographicParameters, iv: string | undefined, plain: string, cipher: string): Promise<void> {
  const kmip = new InProcessKmip();
  const uid = await symmetric(kmip, hex(key), CryptographicAlgorithm.AES, ED);
  const enc = await kmip.ok(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, cryptographicParameters: params, data: hex(plain), ...(iv !== undefined ? { ivCounterNonce: hex(iv) } : {}) });
  assert.equal(Buffer.from(enc.data ?? []).toString('hex'), cipher);
  const dec = await kmip.ok(V2_1, Operation.Decrypt, { uniqueIdentifier: uid, cryptographicParameters: params, data: hex(cipher), ...(iv !== undefined ? { ivCounterNonce: hex(iv) } : {}) });
  assert.equal(Buffer.from(dec.data ?? []).toString('hex'), plain);
}

// NIST SP 800-38A, Appendix F (first block of each example).
const K128 = '2b7e151628aed2a6abf7158809cf4f3c';
const K256 = '603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4';
const P1 = '6bc1bee22e409f96e93d7e117393172a';
const IV = '000102030405060708090a0b0c0d0e0f';
const none = PaddingMethod.None;

describe('Encrypt / Decrypt: NIST SP 800-38A AES known answers', () => {
  it('F.1.1 ECB-AES128', () => encryptKat(K128, { blockCipherMode: BlockCipherMode.ECB, paddingMethod: none }, undefined, P1, '3ad77bb40d7a3660a89ecaf32466ef97'));
  it('F.1.5 ECB-AES256', () => encryptKat(K256, { blockCipherMode: BlockCipherMode.ECB, paddingMethod: none }, undefined, P1, 'f3eed1bdb5d2a03c064b5a7e3db181f8'));
  it('F.2.1 CBC-AES128', () => encryptKat(K128, { blockCipherMode: BlockCipherMode.CBC, paddingMethod: none }, IV, P1, '7649abac8119b246cee98e9b12e9197d'));
  it('F.3.13 CFB128-AES128', () => encryptKat(K128, { blockCipherMode: BlockCipherMode.CFB }, IV, P1, '3b3fd92eb72dad20333449f8e83cfb4a'));
  it('F.4.1 OFB-AES128', () => encryptKat(K128, { blockCipherMode: BlockCipherMode.OFB }, IV, P1, '3b3fd92eb72dad20333449f8e83cfb4a'));
  it('F.5.1 CTR-AES128', () => encryptKat(K128, { blockCipherMode: BlockCipherMode.CTR }, 'f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff', P1, '874d6191b620e3261bef6864990db6ce'));

  it('CBC with PKCS5 padding round-trips, a generated IV is returned; Decrypt without IV is Invalid Message', async () => {
    const kmip = new InProcessKmip();
    const uid = await symmetric(kmip, hex(K128), CryptographicAlgorithm.AES, ED);
    const params = { blockCipherMode: BlockCipherMode.CBC, paddingMethod: PaddingMethod.PKCS5 };
    const enc = await kmip.ok(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, cryptographicParameters: params, data: Buffer.from('hello') });
    assert.equal(enc.data?.length, 16);
    assert.equal(enc.ivCounterNonce?.length, 16);
    const dec = await kmip.ok(V2_1, Operation.Decrypt, { uniqueIdentifier: uid, cryptographicParameters: params, data: enc.data ?? new Uint8Array(), ivCounterNonce: enc.ivCounterNonce ?? new Uint8Array() });
    assert.equal(Buffer.from(dec.data ?? []).toString(), 'hello');
    assertReason(await kmip.fail(V2_1, Operation.Decrypt, { uniqueIdentifier: uid, cryptographicParameters: params, data: enc.data ?? new Uint8Array() }), ResultReason.InvalidMessage);
  });

  it('the key\'s Cryptographic Parameters attribute supplies omitted parameters', async () => {
    const kmip = new InProcessKmip();
    const uid = await symmetric(kmip, hex(K128), CryptographicAlgorithm.AES, ED, { attributes: [{ name: 'Cryptographic Parameters', value: { blockCipherMode: BlockCipherMode.ECB, paddingMethod: none } }] });
    const enc = await kmip.ok(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, data: hex(P1) });
    assert.equal(Buffer.from(enc.data ?? []).toString('hex'), '3ad77bb40d7a3660a89ecaf32466ef97');
  });
});

describe('Encrypt / Decrypt: AEAD known answers', () => {
  // The GCM specification (McGrew & Viega), test case 4.
  const key = 'feffe9928665731c6d6a8f9467308308';
  const iv = 'cafebabefacedbaddecaf888';
  const p = 'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39';
  const a = 'feedfacedeadbeeffeedfacedeadbeefabaddad2';
  const c = '42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091';
  const t = '5bc94fbc3221a5db94fae95ae7121a47';

  it('AES-128-GCM test case 4: ciphertext and tag; a wrong tag is Cryptographic Failure', async () => {
    const kmip = new InProcessKmip();
    const uid = await symmetric(kmip, hex(key), CryptographicAlgorithm.AES, ED);
    const params = { blockCipherMode: BlockCipherMode.GCM, tagLength: 16 };
    const enc = await kmip.ok(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, cryptographicParameters: params, data: hex(p), ivCounterNonce: hex(iv), authenticatedEncryptionAdditionalData: hex(a) });
    assert.equal(Buffer.from(enc.data ?? []).toString('hex'), c);
    assert.equal(Buffer.from(enc.authenticatedEncryptionTag ?? []).toString('hex'), t);
    const dec = await kmip.ok(V2_1, Operation.Decrypt, { uniqueIdentifier: uid, cryptographicParameters: params, data: hex(c), ivCounterNonce: hex(iv), authenticatedEncryptionAdditionalData: hex(a), authenticatedEncryptionTag: hex(t) });
    assert.equal(Buffer.from(dec.data ?? []).toString('hex'), p);
    const bad = hex(t);
    bad[0] = (bad[0] ?? 0) ^ 1;
    const f = await kmip.fail(V2_1, Operation.Decrypt, { uniqueIdentifier: uid, cryptographicParameters: params, data: hex(c), ivCounterNonce: hex(iv), authenticatedEncryptionAdditionalData: hex(a), authenticatedEncryptionTag: bad });
    assertReason(f, ResultReason.CryptographicFailure);
  });

  it('before KMIP 1.4 authenticated encryption is Feature Not Supported: those messages cannot carry the tag', async () => {
    const kmip = new InProcessKmip();
    const uid = await symmetric(kmip, hex(key), CryptographicAlgorithm.AES, ED);
    const params = { blockCipherMode: BlockCipherMode.GCM, tagLength: 16 };
    for (const op of [Operation.Encrypt, Operation.Decrypt] as const) {
      assertReason(await kmip.fail(V1_2, op, { uniqueIdentifier: uid, cryptographicParameters: params, data: hex(p), ivCounterNonce: hex(iv) }), ResultReason.FeatureNotSupported, `${String(op)} in 1.2`);
    }
    const cbc = await kmip.ok(V1_2, Operation.Encrypt, { uniqueIdentifier: uid, cryptographicParameters: { blockCipherMode: BlockCipherMode.CBC, paddingMethod: PaddingMethod.PKCS5 }, data: hex(p), ivCounterNonce: hex('00'.repeat(16)) });
    assert.equal(cbc.data?.length, 64, 'other modes still work in 1.2');
  });

  it('multi-part GCM (Init Indicator, Correlation Value, Final Indicator) gives test case 4 in pieces; the stream then ends', async () => {
    const kmip = new InProcessKmip();
    const uid = await symmetric(kmip, hex(key), CryptographicAlgorithm.AES, ED);
    const params = { blockCipherMode: BlockCipherMode.GCM, tagLength: 16 };
    const first = await kmip.ok(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, cryptographicParameters: params, data: hex(p.slice(0, 40)), ivCounterNonce: hex(iv), authenticatedEncryptionAdditionalData: hex(a), initIndicator: true });
    const correlationValue = first.correlationValue;
    assert.ok(correlationValue !== undefined);
    const mid = await kmip.ok(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, data: hex(p.slice(40, 80)), correlationValue });
    const last = await kmip.ok(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, data: hex(p.slice(80)), correlationValue, finalIndicator: true });
    assert.equal(Buffer.concat([first.data ?? new Uint8Array(), mid.data ?? new Uint8Array(), last.data ?? new Uint8Array()]).toString('hex'), c);
    assert.equal(Buffer.from(last.authenticatedEncryptionTag ?? []).toString('hex'), t);
    assertReason(await kmip.fail(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, data: hex('00'), correlationValue, finalIndicator: true }), ResultReason.InvalidCorrelationValue);
    assertReason(await kmip.fail(V1_4, Operation.Encrypt, { uniqueIdentifier: uid, data: hex('00'), correlationValue, finalIndicator: true }), ResultReason.InvalidField);
    const d1 = await kmip.ok(V2_1, Operation.Decrypt, { uniqueIdentifier: uid, cryptographicParameters: params, data: hex(c.slice(0, 50)), ivCounterNonce: hex(iv), authenticatedEncryptionAdditionalData: hex(a), initIndicator: true });
    const d2 = await kmip.ok(V2_1, Operation.Decrypt, { uniqueIdentifier: uid, data: hex(c.slice(50)), correlationValue: d1.correlationValue ?? new Uint8Array(), finalIndicator: true, authenticatedEncryptionTag: hex(t) });
    assert.equal(Buffer.concat([d1.data ?? new Uint8Array(), d2.data ?? new Uint8Array()]).toString('hex'), p);
    // Another client cannot continue the stream.
    const e1 = await kmip.ok(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, cryptographicParameters: params, data: hex('00'), ivCounterNonce: hex(iv), initIndicator: true });
    assertReason(await kmip.as('bob').fail(V2_1, Operation.Encrypt, { data: hex('00'), correlationValue: e1.correlationValue ?? new Uint8Array(), finalIndicator: true }), ResultReason.InvalidCorrelationValue);
  });

  it('ChaCha20-Poly1305, RFC 7539 §2.8.2', async () => {
    const kmip = new InProcessKmip();
    const uid = await symmetric(kmip, hex('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f'), CryptographicAlgorithm.ChaCha20Poly1305, ED);
    const plain = Buffer.from("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.");
    const enc = await kmip.ok(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, data: plain, ivCounterNonce: hex('070000004041424344454647'), authenticatedEncryptionAdditionalData: hex('50515253c0c1c2c3c4c5c6c7') });
    assert.equal(Buffer.from(enc.data ?? []).toString('hex').slice(0, 32), 'd31a8d34648e60db7b86afbc53ef7ec2');
    assert.equal(Buffer.from(enc.authenticatedEncryptionTag ?? []).toString('hex'), '1ae10b594f09e26a7e902ecbd0600691');
  });
});

describe('Encrypt / Decrypt: ChaCha20', () => {
  it('RFC 7539 §2.4.2 (12-byte nonce, Initial Counter Value 1)', async () => {
    const kmip = new InProcessKmip();
    const uid = await symmetric(kmip, hex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'), CryptographicAlgorithm.ChaCha20, ED);
    const plain = Buffer.from("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.");
    const enc = await kmip.ok(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, cryptographicParameters: { initialCounterValue: 1 }, data: plain, ivCounterNonce: hex('000000000000004a00000000') });
    assert.equal(Buffer.from(enc.data ?? []).toString('hex').slice(0, 32), '6e2e359a2568f98041ba0728dd0d6981');
  });
});

// IEEE 1619-2007 Annex B (XTS-AES-128). Vector 1 (Key1 = Key2 = 0) cannot be used: OpenSSL, like
// SP 800-38E, refuses a key whose halves are equal.
const XTS = { blockCipherMode: BlockCipherMode.XTS } as const;
const XTS_TWEAK = '3333333333' + '00'.repeat(11);

describe('Encrypt / Decrypt: AES-XTS', () => {
  it('IEEE 1619-2007 Vector 2 (256-bit key, tweak 0x3333333333)', () =>
    encryptKat('11'.repeat(16) + '22'.repeat(16), XTS, XTS_TWEAK, '44'.repeat(32), 'c454185e6a16936e39334038acef838bfb186fff7480adc4289382ecd6d394f0'));
  it('IEEE 1619-2007 Vector 3, with XTS in the key\'s Cryptographic Parameters (1.4)', async () => {
    const kmip = new InProcessKmip();
    const uid = await symmetric(kmip, hex('fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0' + '22'.repeat(16)), CryptographicAlgorithm.AES, ED, { version: V1_4, attributes: [{ name: 'Cryptographic Parameters', value: XTS }] });
    const enc = await kmip.ok(V1_4, Operation.Encrypt, { uniqueIdentifier: uid, data: hex('44'.repeat(32)), ivCounterNonce: hex(XTS_TWEAK) });
    assert.equal(Buffer.from(enc.data ?? []).toString('hex'), 'af85336b597afc1a900b2eb21ec949d292df4c047e0b21532186a5971a227a89');
    assert.equal(enc.ivCounterNonce, undefined);
    const dec = await kmip.ok(V1_4, Operation.Decrypt, { uniqueIdentifier: uid, data: enc.data ?? Buffer.alloc(0), ivCounterNonce: hex(XTS_TWEAK) });
    assert.equal(Buffer.from(dec.data ?? []).toString('hex'), '44'.repeat(32));
  });
  it('a key created as in AX-M-1-14 (AES 256, XTS) round-trips 17 bytes (ciphertext stealing); a server-generated tweak is returned', async () => {
    const kmip = new InProcessKmip();
    const created = await kmip.ok(V1_4, Operation.Create, {
      objectType: ObjectType.SymmetricKey,
      attributes: { attribute: [
        { name: 'Cryptographic Algorithm', value: CryptographicAlgorithm.AES },
        { name: 'Cryptographic Length', value: 256 },
        { name: 'Cryptographic Usage Mask', value: ED },
        { name: 'Cryptographic Parameters', value: XTS },
      ] },
    } as never);
    const uid = created.uniqueIdentifier as string;
    await kmip.ok(V1_4, Operation.Activate, { uniqueIdentifier: uid });
    const plain = Buffer.from('seventeen bytes!!');
    const enc = await kmip.ok(V1_4, Operation.Encrypt, { uniqueIdentifier: uid, data: plain });
    assert.equal(enc.data?.length, 17);
    assert.equal(enc.ivCounterNonce?.length, 16);
    const dec = await kmip.ok(V1_4, Operation.Decrypt, { uniqueIdentifier: uid, data: enc.data ?? Buffer.alloc(0), ivCounterNonce: enc.ivCounterNonce ?? Buffer.alloc(0) });
    assert.deepEqual(Buffer.from(dec.data ?? []), plain);
  });
  it('refuses short data, a wrong tweak length, equal key halves and a 128-bit key', async () => {
    const kmip = new InProcessKmip();
    const uid = await symmetric(kmip, hex('11'.repeat(16) + '22'.repeat(16)), CryptographicAlgorithm.AES, ED);
    assertReason(await kmip.fail(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, cryptographicParameters: XTS, data: hex('44'.repeat(15)), ivCounterNonce: hex(XTS_TWEAK) }), ResultReason.InvalidField, 'short encrypt');
    assertReason(await kmip.fail(V2_1, Operation.Decrypt, { uniqueIdentifier: uid, cryptographicParameters: XTS, data: hex('44'.repeat(15)), ivCounterNonce: hex(XTS_TWEAK) }), ResultReason.InvalidField, 'short decrypt');
    assertReason(await kmip.fail(V1_2, Operation.Encrypt, { uniqueIdentifier: uid, cryptographicParameters: XTS, data: hex('44'.repeat(15)), ivCounterNonce: hex(XTS_TWEAK) }), ResultReason.InvalidField, 'short encrypt 1.2');
    assertReason(await kmip.fail(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, cryptographicParameters: XTS, data: hex('44'.repeat(32)), ivCounterNonce: hex('33'.repeat(12)) }), ResultReason.InvalidField, 'tweak length');
    const same = await symmetric(kmip, Buffer.alloc(32), CryptographicAlgorithm.AES, ED);
    assertReason(await kmip.fail(V2_1, Operation.Encrypt, { uniqueIdentifier: same, cryptographicParameters: XTS, data: hex('44'.repeat(32)), ivCounterNonce: hex(XTS_TWEAK) }), ResultReason.InvalidField, 'equal halves');
    assertReason(await kmip.fail(V2_1, Operation.Decrypt, { uniqueIdentifier: same, cryptographicParameters: XTS, data: hex('44'.repeat(32)), ivCounterNonce: hex(XTS_TWEAK) }), ResultReason.InvalidField, 'equal halves decrypt');
    const short = await symmetric(kmip, hex(K128), CryptographicAlgorithm.AES, ED);
    assertReason(await kmip.fail(V2_1, Operation.Encrypt, { uniqueIdentifier: short, cryptographicParameters: XTS, data: hex('44'.repeat(32)), ivCounterNonce: hex(XTS_TWEAK) }), ResultReason.InvalidField, '128-bit key');
  });
});

describe('Encrypt / Decrypt: RSA', () => {
  it('OAEP SHA-256 round trip', async () => {
    const kmip = new InProcessKmip();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const der = privateKey.export({ format: 'der', type: 'pkcs8' });
    const uid = await registerKey(kmip, ObjectType.PrivateKey, KeyFormatType.PKCS_8, der, CryptographicAlgorithm.RSA, 2048, ED);
    const params = { paddingMethod: PaddingMethod.OAEP, hashingAlgorithm: HashingAlgorithm.SHA_256 };
    const enc = await kmip.ok(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, cryptographicParameters: params, data: Buffer.from('secret') });
    assert.equal(enc.data?.length, 256);
    const dec = await kmip.ok(V2_1, Operation.Decrypt, { uniqueIdentifier: uid, cryptographicParameters: params, data: enc.data ?? new Uint8Array() });
    assert.equal(Buffer.from(dec.data ?? []).toString(), 'secret');
  });
});

describe('Encrypt / Decrypt: RSA-OAEP with a distinct MGF1 hash', () => {
  it('SHA-384 with MGF1 SHA-256 round-trips; a tampered ciphertext is Cryptographic Failure', async () => {
    const kmip = new InProcessKmip();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const der = privateKey.export({ format: 'der', type: 'pkcs8' });
    const uid = await registerKey(kmip, ObjectType.PrivateKey, KeyFormatType.PKCS_8, der, CryptographicAlgorithm.RSA, 2048, ED);
    const params = { paddingMethod: PaddingMethod.OAEP, hashingAlgorithm: HashingAlgorithm.SHA_384, maskGeneratorHashingAlgorithm: HashingAlgorithm.SHA_256 };
    const enc = await kmip.ok(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, cryptographicParameters: params, data: Buffer.from('secret') });
    const dec = await kmip.ok(V2_1, Operation.Decrypt, { uniqueIdentifier: uid, cryptographicParameters: params, data: enc.data ?? new Uint8Array() });
    assert.equal(Buffer.from(dec.data ?? []).toString(), 'secret');
    const bad = Buffer.from(enc.data ?? []);
    bad[10] = (bad[10] ?? 0) ^ 1;
    assertReason(await kmip.fail(V2_1, Operation.Decrypt, { uniqueIdentifier: uid, cryptographicParameters: params, data: bad }), ResultReason.CryptographicFailure);
  });
});

describe('Sign / Signature Verify', () => {
  it('Ed25519, RFC 8032 §7.1 test 2', async () => {
    const kmip = new InProcessKmip();
    const uid = await registerKey(kmip, ObjectType.PrivateKey, KeyFormatType.Raw, hex('4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb'), CryptographicAlgorithm.Ed25519, 256, M.Sign | M.Verify);
    const sig = '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00';
    const res = await kmip.ok(V2_1, Operation.Sign, { uniqueIdentifier: uid, data: hex('72') });
    assert.equal(Buffer.from(res.signatureData ?? []).toString('hex'), sig);
    const ok = await kmip.ok(V2_1, Operation.SignatureVerify, { uniqueIdentifier: uid, data: hex('72'), signatureData: hex(sig) });
    assert.equal(ok.validityIndicator, ValidityIndicator.Valid);
    const bad = await kmip.ok(V2_1, Operation.SignatureVerify, { uniqueIdentifier: uid, data: hex('73'), signatureData: hex(sig) });
    assert.equal(bad.validityIndicator, ValidityIndicator.Invalid);
  });

  it('RSA PKCS#1 v1.5 (deterministic: equals node\'s signature), Digested Data, PSS round trip', async () => {
    const kmip = new InProcessKmip();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const der = privateKey.export({ format: 'der', type: 'pkcs8' });
    const uid = await registerKey(kmip, ObjectType.PrivateKey, KeyFormatType.PKCS_8, der, CryptographicAlgorithm.RSA, 2048, M.Sign | M.Verify);
    const data = Buffer.from('message');
    const params = { digitalSignatureAlgorithm: DigitalSignatureAlgorithm.SHA_256WithRSAEncryption };
    const res = await kmip.ok(V2_1, Operation.Sign, { uniqueIdentifier: uid, cryptographicParameters: params, data });
    const expected = nodeSign('sha256', data, createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
    assert.equal(Buffer.from(res.signatureData ?? []).toString('hex'), expected.toString('hex'));
    const digested = await kmip.ok(V2_1, Operation.Sign, { uniqueIdentifier: uid, cryptographicParameters: params, digestedData: hex('ab530a13e45914982b79f9b7e3fba994cfd1f3fb22f71cea1afbf02b460c6d1d') });
    assert.equal(Buffer.from(digested.signatureData ?? []).toString('hex'), expected.toString('hex'));
    const raw = await kmip.ok(V2_1, Operation.Sign, { uniqueIdentifier: uid, digestedData: hex('01020304050607080910111213141516') });
    const rawOk = await kmip.ok(V2_1, Operation.SignatureVerify, { uniqueIdentifier: uid, digestedData: hex('01020304050607080910111213141516'), signatureData: raw.signatureData ?? new Uint8Array() });
    assert.equal(rawOk.validityIndicator, ValidityIndicator.Valid, 'Digested Data of another length is signed as given');
    const s1 = await kmip.ok(V2_1, Operation.Sign, { uniqueIdentifier: uid, cryptographicParameters: params, data: data.subarray(0, 3), initIndicator: true });
    const s3 = await kmip.ok(V2_1, Operation.Sign, { uniqueIdentifier: uid, data: data.subarray(3), correlationValue: s1.correlationValue ?? new Uint8Array(), finalIndicator: true });
    assert.equal(Buffer.from(s3.signatureData ?? []).toString('hex'), expected.toString('hex'), 'multi-part Sign');
    const v1 = await kmip.ok(V2_1, Operation.SignatureVerify, { uniqueIdentifier: uid, cryptographicParameters: params, data: data.subarray(0, 3), initIndicator: true });
    const v3 = await kmip.ok(V2_1, Operation.SignatureVerify, { uniqueIdentifier: uid, data: data.subarray(3), signatureData: expected, correlationValue: v1.correlationValue ?? new Uint8Array(), finalIndicator: true });
    assert.equal(v3.validityIndicator, ValidityIndicator.Valid, 'multi-part Signature Verify');
    const pss = { paddingMethod: PaddingMethod.PSS, hashingAlgorithm: HashingAlgorithm.SHA_256 };
    const s2 = await kmip.ok(V2_1, Operation.Sign, { uniqueIdentifier: uid, cryptographicParameters: pss, data });
    const v2 = await kmip.ok(V2_1, Operation.SignatureVerify, { uniqueIdentifier: uid, cryptographicParameters: pss, data, signatureData: s2.signatureData ?? new Uint8Array() });
    assert.equal(v2.validityIndicator, ValidityIndicator.Valid);
  });

  it('ECDSA P-256 round trip', async () => {
    const kmip = new InProcessKmip();
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const der = privateKey.export({ format: 'der', type: 'pkcs8' });
    const uid = await registerKey(kmip, ObjectType.PrivateKey, KeyFormatType.PKCS_8, der, CryptographicAlgorithm.ECDSA, 256, M.Sign | M.Verify);
    const params = { digitalSignatureAlgorithm: DigitalSignatureAlgorithm.ECDSAWithSHA256 };
    const s = await kmip.ok(V2_1, Operation.Sign, { uniqueIdentifier: uid, cryptographicParameters: params, data: Buffer.from('x') });
    const v = await kmip.ok(V2_1, Operation.SignatureVerify, { uniqueIdentifier: uid, cryptographicParameters: params, data: Buffer.from('x'), signatureData: s.signatureData ?? new Uint8Array() });
    assert.equal(v.validityIndicator, ValidityIndicator.Valid);
  });
});

describe('MAC / MAC Verify, Hash, RNG', () => {
  it('HMAC-SHA256, RFC 4231 test case 1; MAC Verify Valid/Invalid', async () => {
    const kmip = new InProcessKmip();
    const uid = await symmetric(kmip, Buffer.alloc(20, 0x0b), CryptographicAlgorithm.HMAC_SHA256, M.MACGenerate | M.MACVerify);
    const res = await kmip.ok(V2_1, Operation.MAC, { uniqueIdentifier: uid, data: Buffer.from('Hi There') });
    const mac = 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7';
    assert.equal(Buffer.from(res.macData ?? []).toString('hex'), mac);
    const ok = await kmip.ok(V2_1, Operation.MACVerify, { uniqueIdentifier: uid, data: Buffer.from('Hi There'), macData: hex(mac) });
    assert.equal(ok.validityIndicator, ValidityIndicator.Valid);
    const bad = await kmip.ok(V2_1, Operation.MACVerify, { uniqueIdentifier: uid, data: Buffer.from('Hi there'), macData: hex(mac) });
    assert.equal(bad.validityIndicator, ValidityIndicator.Invalid);
  });

  it('HMAC-SHA512, RFC 4231 test case 1', async () => {
    const kmip = new InProcessKmip();
    const uid = await symmetric(kmip, Buffer.alloc(20, 0x0b), CryptographicAlgorithm.HMAC_SHA512, M.MACGenerate);
    const res = await kmip.ok(V2_1, Operation.MAC, { uniqueIdentifier: uid, data: Buffer.from('Hi There') });
    assert.equal(
      Buffer.from(res.macData ?? []).toString('hex'),
      '87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854',
    );
  });

  // NIST SP 800-38B examples / RFC 4493 §4: the messages are prefixes of the SP 800-38A plaintext.
  const CMAC_MSG = hex('6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710');
  const CMAC_KAT: ReadonlyArray<readonly [string, number, string]> = [
    [K128, 0, 'bb1d6929e95937287fa37d129b756746'],
    [K128, 16, '070a16b46b4d4144f79bdd9dd04a287c'],
    [K128, 40, 'dfa66747de9ae63030ca32611497c827'],
    [K128, 64, '51f0bebf7e3b9d92fc49741779363cfe'],
    [K256, 0, '028962f61b7bf89efc6b551f4667d983'],
    [K256, 16, '28a7023f452e8f82bd4bf28d8c37c35c'],
    [K256, 40, 'aaf3d8f1de5640c232f5b169b9c911e6'],
    [K256, 64, 'e1992190549f6ed5696a2c056c315410'],
  ];

  it('AES-CMAC: SP 800-38B / RFC 4493 known answers (Block Cipher Mode CMAC, and an AES key without parameters)', async () => {
    const kmip = new InProcessKmip();
    for (const [key, len, tag] of CMAC_KAT) {
      const uid = await symmetric(kmip, hex(key), CryptographicAlgorithm.AES, M.MACGenerate | M.MACVerify);
      const data = CMAC_MSG.subarray(0, len);
      const res = await kmip.ok(V2_1, Operation.MAC, { uniqueIdentifier: uid, cryptographicParameters: { blockCipherMode: BlockCipherMode.CMAC }, data });
      assert.equal(Buffer.from(res.macData ?? []).toString('hex'), tag, `CMAC ${key.length * 4} bits, ${len} bytes`);
      const plain = await kmip.ok(V1_2, Operation.MAC, { uniqueIdentifier: uid, data });
      assert.equal(Buffer.from(plain.macData ?? []).toString('hex'), tag, 'an AES key without Cryptographic Parameters MACs with CMAC');
      const ok = await kmip.ok(V2_1, Operation.MACVerify, { uniqueIdentifier: uid, cryptographicParameters: { blockCipherMode: BlockCipherMode.CMAC }, data, macData: hex(tag) });
      assert.equal(ok.validityIndicator, ValidityIndicator.Valid);
      const bad = await kmip.ok(V2_1, Operation.MACVerify, { uniqueIdentifier: uid, data: Buffer.concat([data, Buffer.from('x')]), macData: hex(tag) });
      assert.equal(bad.validityIndicator, ValidityIndicator.Invalid);
    }
  });

  it('AES-CMAC multi-part: any split gives the one-part tag (held-back last block)', async () => {
    const kmip = new InProcessKmip();
    const uid = await symmetric(kmip, hex(K128), CryptographicAlgorithm.AES, M.MACGenerate | M.MACVerify);
    const params = { blockCipherMode: BlockCipherMode.CMAC };
    const splits: ReadonlyArray<readonly [number, readonly number[]]> = [[64, [16, 32]], [64, [7, 9, 48]], [40, [0, 33]], [16, [16]], [0, [0]]];
    for (const [len, cuts] of splits) {
      const tag = CMAC_KAT.find(([k, l]) => k === K128 && l === len)?.[2];
      const bounds = [0, ...cuts, len];
      const parts = bounds.slice(1).map((end, i) => CMAC_MSG.subarray(bounds[i] ?? 0, end));
      const first = await kmip.ok(V2_1, Operation.MAC, { uniqueIdentifier: uid, cryptographicParameters: params, data: parts[0] ?? Buffer.alloc(0), initIndicator: true });
      let corr = first.correlationValue ?? new Uint8Array();
      let mac: Uint8Array | undefined;
      for (let i = 1; i < parts.length; i++) {
        const last = i === parts.length - 1;
        const r = await kmip.ok(V2_1, Operation.MAC, { uniqueIdentifier: uid, data: parts[i] ?? Buffer.alloc(0), correlationValue: corr, ...(last ? { finalIndicator: true } : {}) });
        if (last) mac = r.macData;
        else corr = r.correlationValue ?? corr;
      }
      assert.equal(Buffer.from(mac ?? []).toString('hex'), tag, `split ${cuts.join('/')} of ${len} bytes`);
      const v1 = await kmip.ok(V2_1, Operation.MACVerify, { uniqueIdentifier: uid, cryptographicParameters: params, data: CMAC_MSG.subarray(0, Math.min(len, 5)), initIndicator: true });
      const v2 = await kmip.ok(V2_1, Operation.MACVerify, { uniqueIdentifier: uid, data: CMAC_MSG.subarray(Math.min(len, 5), len), macData: hex(tag ?? ''), correlationValue: v1.correlationValue ?? new Uint8Array(), finalIndicator: true });
      assert.equal(v2.validityIndicator, ValidityIndicator.Valid);
    }
  });

  it('CMAC with a non-AES key is Bad Cryptographic Parameters; TDEA CMAC, CBC-MAC, GMAC are Feature Not Supported', async () => {
    const kmip = new InProcessKmip();
    const hmacKey = await symmetric(kmip, Buffer.alloc(20, 0x0b), CryptographicAlgorithm.HMAC_SHA256, M.MACGenerate);
    assertReason(await kmip.fail(V2_1, Operation.MAC, { uniqueIdentifier: hmacKey, cryptographicParameters: { blockCipherMode: BlockCipherMode.CMAC }, data: Buffer.from('x') }), ResultReason.BadCryptographicParameters);
    const tdea = await symmetric(kmip, Buffer.alloc(24, 0x23), CryptographicAlgorithm.DES3, M.MACGenerate);
    assertReason(await kmip.fail(V2_1, Operation.MAC, { uniqueIdentifier: tdea, cryptographicParameters: { blockCipherMode: BlockCipherMode.CMAC }, data: Buffer.from('x') }), ResultReason.FeatureNotSupported);
    const aes = await symmetric(kmip, hex(K128), CryptographicAlgorithm.AES, M.MACGenerate);
    for (const mode of [BlockCipherMode.CBC_MAC, BlockCipherMode.GCM, BlockCipherMode.CBC]) {
      assertReason(await kmip.fail(V2_1, Operation.MAC, { uniqueIdentifier: aes, cryptographicParameters: { blockCipherMode: mode }, data: Buffer.from('x') }), ResultReason.FeatureNotSupported);
    }
  });

  it('Hash SHA-256 of "abc"; RNG Retrieve; RNG Seed reports 0 bytes used', async () => {
    const kmip = new InProcessKmip();
    const h = await kmip.ok(V2_1, Operation.Hash, { cryptographicParameters: { hashingAlgorithm: HashingAlgorithm.SHA_256 }, data: Buffer.from('abc') });
    assert.equal(Buffer.from(h.data ?? []).toString('hex'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const r = await kmip.ok(V1_4, Operation.RNGRetrieve, { dataLength: 32 });
    assert.equal(r.data.length, 32);
    assertReason(await kmip.fail(V1_4, Operation.RNGRetrieve, { dataLength: 1 << 20 }), ResultReason.InvalidField);
    const s = await kmip.ok(V1_4, Operation.RNGSeed, { data: Buffer.alloc(32, 1) });
    assert.equal(s.dataLength, 0);
  });

  it('multi-part MAC, MAC Verify and Hash give the one-part results', async () => {
    const kmip = new InProcessKmip();
    const uid = await symmetric(kmip, Buffer.alloc(20, 0x0b), CryptographicAlgorithm.HMAC_SHA256, M.MACGenerate | M.MACVerify);
    const mac = 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7';
    const m1 = await kmip.ok(V2_1, Operation.MAC, { uniqueIdentifier: uid, data: Buffer.from('Hi '), initIndicator: true });
    assert.equal(m1.macData, undefined);
    const m2 = await kmip.ok(V2_1, Operation.MAC, { uniqueIdentifier: uid, data: Buffer.from('There'), correlationValue: m1.correlationValue ?? new Uint8Array(), finalIndicator: true });
    assert.equal(Buffer.from(m2.macData ?? []).toString('hex'), mac);
    const v1 = await kmip.ok(V2_1, Operation.MACVerify, { uniqueIdentifier: uid, data: Buffer.from('Hi'), initIndicator: true });
    const v2 = await kmip.ok(V2_1, Operation.MACVerify, { uniqueIdentifier: uid, data: Buffer.from(' There'), macData: hex(mac), correlationValue: v1.correlationValue ?? new Uint8Array(), finalIndicator: true });
    assert.equal(v2.validityIndicator, ValidityIndicator.Valid);
    const params = { hashingAlgorithm: HashingAlgorithm.SHA_256 };
    const h1 = await kmip.ok(V2_1, Operation.Hash, { cryptographicParameters: params, data: Buffer.from('a'), initIndicator: true });
    const h2 = await kmip.ok(V2_1, Operation.Hash, { cryptographicParameters: params, data: Buffer.from('b'), correlationValue: h1.correlationValue ?? new Uint8Array() });
    const h3 = await kmip.ok(V2_1, Operation.Hash, { cryptographicParameters: params, data: Buffer.from('c'), correlationValue: h2.correlationValue ?? new Uint8Array(), finalIndicator: true });
    assert.equal(Buffer.from(h3.data ?? []).toString('hex'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assertReason(await kmip.fail(V2_1, Operation.Hash, { cryptographicParameters: params, data: Buffer.from('c'), correlationValue: h2.correlationValue ?? new Uint8Array(), finalIndicator: true }), ResultReason.InvalidCorrelationValue);
  });
});

describe('key-use policy', () => {
  it('a usage mask without the bit: Incompatible Cryptographic Usage Mask (2.1), Permission Denied (1.2)', async () => {
    const kmip = new InProcessKmip();
    for (const [version, reason] of [
      [V2_1, ResultReason.IncompatibleCryptographicUsageMask],
      [V1_2, ResultReason.PermissionDenied],
    ] as const) {
      const uid = await symmetric(kmip, hex(K128), CryptographicAlgorithm.AES, M.Encrypt, { version });
      const f = await kmip.fail(version, Operation.Decrypt, { uniqueIdentifier: uid, cryptographicParameters: { blockCipherMode: BlockCipherMode.ECB, paddingMethod: none }, data: hex(P1) });
      assertReason(f, reason);
    }
  });

  it('lifecycle: Pre-Active refuses both; Deactivated decrypts but does not encrypt (Wrong Key Lifecycle State / 1.x Permission Denied)', async () => {
    const kmip = new InProcessKmip();
    const params = { blockCipherMode: BlockCipherMode.ECB, paddingMethod: none };
    const pre = await symmetric(kmip, hex(K128), CryptographicAlgorithm.AES, ED, { activate: false });
    assertReason(await kmip.fail(V2_1, Operation.Encrypt, { uniqueIdentifier: pre, cryptographicParameters: params, data: hex(P1) }), ResultReason.WrongKeyLifecycleState);
    assertReason(await kmip.fail(V2_1, Operation.Decrypt, { uniqueIdentifier: pre, cryptographicParameters: params, data: hex(P1) }), ResultReason.WrongKeyLifecycleState);
    const uid = await symmetric(kmip, hex(K128), CryptographicAlgorithm.AES, ED);
    await kmip.ok(V2_1, Operation.Revoke, { uniqueIdentifier: uid, revocationReason: { revocationReasonCode: RevocationReasonCode.CessationOfOperation } });
    assertReason(await kmip.fail(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, cryptographicParameters: params, data: hex(P1) }), ResultReason.WrongKeyLifecycleState);
    assertReason(await kmip.fail(V1_4, Operation.Encrypt, { uniqueIdentifier: uid, cryptographicParameters: params, data: hex(P1) }), ResultReason.PermissionDenied);
    const dec = await kmip.ok(V2_1, Operation.Decrypt, { uniqueIdentifier: uid, cryptographicParameters: params, data: hex('3ad77bb40d7a3660a89ecaf32466ef97') });
    assert.equal(Buffer.from(dec.data ?? []).toString('hex'), P1);
  });

  it('Protect Stop Date passed: no Encrypt, Decrypt still; Process Start Date to come: no Decrypt (Wrong Key Lifecycle State)', async () => {
    const kmip = new InProcessKmip();
    const params = { blockCipherMode: BlockCipherMode.ECB, paddingMethod: none };
    const now = kmip.nowSeconds;
    const stopped = await symmetric(kmip, hex(K128), CryptographicAlgorithm.AES, ED, { attributes: [{ name: 'Protect Stop Date', value: now - 10n }] });
    assertReason(await kmip.fail(V2_1, Operation.Encrypt, { uniqueIdentifier: stopped, cryptographicParameters: params, data: hex(P1) }), ResultReason.WrongKeyLifecycleState);
    await kmip.ok(V2_1, Operation.Decrypt, { uniqueIdentifier: stopped, cryptographicParameters: params, data: hex(P1) });
    const later = await symmetric(kmip, hex(K128), CryptographicAlgorithm.AES, ED, { attributes: [{ name: 'Process Start Date', value: now + 3600n }] });
    assertReason(await kmip.fail(V2_1, Operation.Decrypt, { uniqueIdentifier: later, cryptographicParameters: params, data: hex(P1) }), ResultReason.WrongKeyLifecycleState);
    await kmip.ok(V2_1, Operation.Encrypt, { uniqueIdentifier: later, cryptographicParameters: params, data: hex(P1) });
  });

  it('Triple DES (three-key) CBC round trip with PKCS5 padding', async () => {
    const kmip = new InProcessKmip();
    const uid = await symmetric(kmip, hex('0123456789abcdef23456789abcdef01456789abcdef0123'), CryptographicAlgorithm.DES3, ED);
    const params = { blockCipherMode: BlockCipherMode.CBC, paddingMethod: PaddingMethod.PKCS5 };
    const enc = await kmip.ok(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, cryptographicParameters: params, data: Buffer.from('triple'), ivCounterNonce: hex('0001020304050607') });
    assert.equal(enc.data?.length, 8);
    const dec = await kmip.ok(V2_1, Operation.Decrypt, { uniqueIdentifier: uid, cryptographicParameters: params, data: enc.data ?? new Uint8Array(), ivCounterNonce: hex('0001020304050607') });
    assert.equal(Buffer.from(dec.data ?? []).toString(), 'triple');
  });

  it('Usage Limits: each Encrypt takes one Object unit, durably; then Permission Denied (1.2 §4.29, 2.1 §6.1.17)', async () => {
    const kmip = new InProcessKmip();
    const uid = await symmetric(kmip, hex(K128), CryptographicAlgorithm.AES, ED, {
      attributes: [{ name: 'Usage Limits', value: { usageLimitsTotal: 2n, usageLimitsCount: 2n, usageLimitsUnit: UsageLimitsUnit.Object } }],
    });
    const params = { blockCipherMode: BlockCipherMode.ECB, paddingMethod: none };
    await kmip.ok(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, cryptographicParameters: params, data: hex(P1) });
    const stored = await kmip.stored(uid, 'Usage Limits');
    assert.equal((stored[0]?.value as { usageLimitsCount: bigint }).usageLimitsCount, 1n);
    await kmip.ok(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, cryptographicParameters: params, data: hex(P1) });
    assertReason(await kmip.fail(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, cryptographicParameters: params, data: hex(P1) }), ResultReason.PermissionDenied);
    assertReason(await kmip.fail(V1_4, Operation.Encrypt, { uniqueIdentifier: uid, cryptographicParameters: params, data: hex(P1) }), ResultReason.PermissionDenied);
  });
});
