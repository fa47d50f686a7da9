/**
 * Cryptographic services through the executor, second part: XTS-AES-256 (IEEE 1619-2007 Vector
 * 10) and 512-bit AES keys, multi-part CCM / XTS / EdDSA (buffered, bounded), RSA PKCS#1 v1.5
 * decryption with implicit rejection, RSA-PSS and ECDSA over Digested Data, DSA signatures.
 */
import assert from 'node:assert/strict';
import { constants, createHash, createPublicKey, generateKeyPairSync, publicEncrypt, verify as nodeVerify } from 'node:crypto';
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
  ValidityIndicator,
  type CryptographicParameters,
} from '@keyhold/protocol';
import { MAX_BUFFERED_BYTES } from '../src/crypto/streams.js';
import { ED, hex, privateKey, registerKey, symmetric } from './crypto-kmip.js';
import { assertReason, InProcessKmip, V1_2, V1_4, V2_1 } from './helpers/kmip.js';

const XTS = { blockCipherMode: BlockCipherMode.XTS } as const;
const bytes = (b: Uint8Array | undefined): Buffer => Buffer.from(b ?? []);

// IEEE 1619-2007 Annex B, Vector 10: XTS-AES-256, data unit sequence number 0xff, 512 bytes.
const V10_KEY = '2718281828459045235360287471352662497757247093699959574966967627' + '3141592653589793238462643383279502884197169399375105820974944592';
const V10_TWEAK = 'ff' + '00'.repeat(15);
const V10_PLAIN = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256));
const V10_CIPHER = hex(`
  1c3b3a102f770386e4836c99e370cf9bea00803f5e482357a4ae12d414a3e63b5d31e276f8fe4a8d66b317f9ac683f44
  680a86ac35adfc3345befecb4bb188fd5776926c49a3095eb108fd1098baec70aaa66999a72a82f27d848b21d4a741b0
  c5cd4d5fff9dac89aeba122961d03a757123e9870f8acf1000020887891429ca2a3e7a7d7df7b10355165c8b9a6d0a7d
  e8b062c4500dc4cd120c0f7418dae3d0b5781c34803fa75421c790dfe1de1834f280d7667b327f6c8cd7557e12ac3a0f
  93ec05c52e0493ef31a12d3d9260f79a289d6a379bc70c50841473d1a8cc81ec583e9645e07b8d9670655ba5bbcfecc6
  dc3966380ad8fecb17b6ba02469a020a84e18e8f84252070c13e9f1f289be54fbc481457778f616015e1327a02b140f1
  505eb309326d68378f8374595c849d84f4c333ec4423885143cb47bd71c5edae9be69a2ffeceb1bec9de244fbe15992b
  11b77c040f12bd8f6a975a44a0f90c29a9abc3d4d893927284c58754cce294529f8614dcd2aba991925fedc4ae74ffac
  6e333b93eb4aff0479da9a410e4450e0dd7ae4c6e2910900575da401fc07059f645e8b7e9bfdef33943054ff84011493
  c27b3429eaedb4ed5376441a77ed43851ad77f16f541dfd269d50d6a5f14fb0aab1cbb4c1550be97f7ab4066193c4caa
  773dad38014bd2092fa755c824bb5e54c4f36ffda9fcea70b9c6e693e148c151`);

/** Runs `op` in parts (Init, continuations, Final) and returns the concatenated Data and the last response. */
async function inParts<R extends { data?: Uint8Array; correlationValue?: Uint8Array }>(
  run: (extra: Record<string, unknown>) => Promise<R>,
  parts: readonly Buffer[],
  first: Record<string, unknown>,
  last: Record<string, unknown> = {},
): Promise<{ data: Buffer; final: R }> {
  const out: Buffer[] = [];
  let res = await run({ ...first, data: parts[0], initIndicator: true });
  out.push(bytes(res.data));
  const correlationValue = res.correlationValue;
  assert.ok(correlationValue !== undefined, 'Init returns a Correlation Value');
  for (let i = 1; i < parts.length; i++) {
    const fin = i === parts.length - 1;
    res = await run({ data: parts[i], correlationValue, ...(fin ? { finalIndicator: true, ...last } : {}) });
    out.push(bytes(res.data));
  }
  return { data: Buffer.concat(out), final: res };
}

describe('AES-XTS with 512-bit keys (XTS-AES-256)', () => {
  it('IEEE 1619-2007 Vector 10 through Register (1.4 and 2.1), one part and in three parts', async () => {
    const kmip = new InProcessKmip();
    for (const v of [V1_4, V2_1]) {
      const uid = await symmetric(kmip, hex(V10_KEY), CryptographicAlgorithm.AES, ED, { version: v });
      const enc = await kmip.ok(v, Operation.Encrypt, { uniqueIdentifier: uid, cryptographicParameters: XTS, data: V10_PLAIN, ivCounterNonce: hex(V10_TWEAK) });
      assert.deepEqual(bytes(enc.data), V10_CIPHER);
      const dec = await kmip.ok(v, Operation.Decrypt, { uniqueIdentifier: uid, cryptographicParameters: XTS, data: V10_CIPHER, ivCounterNonce: hex(V10_TWEAK) });
      assert.deepEqual(bytes(dec.data), V10_PLAIN);
      const parts = [V10_PLAIN.subarray(0, 5), V10_PLAIN.subarray(5, 300), V10_PLAIN.subarray(300)];
      const e = await inParts((x) => kmip.ok(v, Operation.Encrypt, { uniqueIdentifier: uid, ...x }), parts, { cryptographicParameters: XTS, ivCounterNonce: hex(V10_TWEAK) });
      assert.deepEqual(e.data, V10_CIPHER, 'multi-part encrypt');
      const cparts = [V10_CIPHER.subarray(0, 100), V10_CIPHER.subarray(100)];
      const d = await inParts((x) => kmip.ok(v, Operation.Decrypt, { uniqueIdentifier: uid, ...x }), cparts, { cryptographicParameters: XTS, ivCounterNonce: hex(V10_TWEAK) });
      assert.deepEqual(d.data, V10_PLAIN, 'multi-part decrypt');
    }
  });

  it('Create makes a 512-bit AES key that works with XTS only (other modes: Invalid Field)', async () => {
    const kmip = new InProcessKmip();
    const created = await kmip.ok(V2_1, Operation.Create, {
      objectType: ObjectType.SymmetricKey,
      attributes: { attribute: [
        { name: 'Cryptographic Algorithm', value: CryptographicAlgorithm.AES },
        { name: 'Cryptographic Length', value: 512 },
        { name: 'Cryptographic Usage Mask', value: ED },
      ] },
    } as never);
    const uid = created.uniqueIdentifier as string;
    await kmip.ok(V2_1, Operation.Activate, { uniqueIdentifier: uid });
    const data = Buffer.from('a data unit of 33 bytes, stolen!!');
    const enc = await kmip.ok(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, cryptographicParameters: XTS, data, ivCounterNonce: hex(V10_TWEAK) });
    const dec = await kmip.ok(V2_1, Operation.Decrypt, { uniqueIdentifier: uid, cryptographicParameters: XTS, data: bytes(enc.data), ivCounterNonce: hex(V10_TWEAK) });
    assert.deepEqual(bytes(dec.data), data);
    for (const mode of [BlockCipherMode.CBC, BlockCipherMode.GCM, BlockCipherMode.ECB]) {
      assertReason(await kmip.fail(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, cryptographicParameters: { blockCipherMode: mode }, data: Buffer.alloc(16), ivCounterNonce: Buffer.alloc(16) }), ResultReason.InvalidField, `mode ${String(mode)}`);
    }
  });

  it('multi-part XTS under 16 bytes in all is Invalid Field at the Final part; the stream is then closed', async () => {
    const kmip = new InProcessKmip();
    const uid = await symmetric(kmip, hex(V10_KEY), CryptographicAlgorithm.AES, ED);
    const init = await kmip.ok(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, cryptographicParameters: XTS, data: Buffer.alloc(7), ivCounterNonce: hex(V10_TWEAK), initIndicator: true });
    assert.equal(init.data, undefined, 'nothing comes out before the Final part');
    const correlationValue = init.correlationValue ?? new Uint8Array();
    assertReason(await kmip.fail(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, data: Buffer.alloc(8), correlationValue, finalIndicator: true }), ResultReason.InvalidField);
    assertReason(await kmip.fail(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, data: Buffer.alloc(8), correlationValue, finalIndicator: true }), ResultReason.InvalidCorrelationValue);
  });
});

describe('multi-part AES-CCM (buffered)', () => {
  const key = hex('404142434445464748494a4b4c4d4e4f');
  const ccm: CryptographicParameters = { blockCipherMode: BlockCipherMode.CCM, tagLength: 4 };
  const nonce = hex('10111213141516');
  const aad = hex('0001020304050607');
  const plain = hex('20212223');

  it('SP 800-38C Example 1 in parts equals the one-part answer; the tag comes with the Final part', async () => {
    const kmip = new InProcessKmip();
    const uid = await symmetric(kmip, key, CryptographicAlgorithm.AES, ED);
    const one = await kmip.ok(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, cryptographicParameters: ccm, data: plain, ivCounterNonce: nonce, authenticatedEncryptionAdditionalData: aad });
    assert.equal(bytes(one.data).toString('hex') + bytes(one.authenticatedEncryptionTag).toString('hex'), '7162015b4dac255d', 'SP 800-38C C.1');
    const parts = [plain.subarray(0, 1), plain.subarray(1, 3), plain.subarray(3)];
    const e = await inParts((x) => kmip.ok(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, ...x }), parts, { cryptographicParameters: ccm, ivCounterNonce: nonce, authenticatedEncryptionAdditionalData: aad });
    assert.deepEqual(e.data, bytes(one.data));
    assert.deepEqual(bytes(e.final.authenticatedEncryptionTag), bytes(one.authenticatedEncryptionTag));
    const cparts = [bytes(one.data).subarray(0, 2), bytes(one.data).subarray(2)];
    const d = await inParts((x) => kmip.ok(V2_1, Operation.Decrypt, { uniqueIdentifier: uid, ...x }), cparts, { cryptographicParameters: ccm, ivCounterNonce: nonce, authenticatedEncryptionAdditionalData: aad }, { authenticatedEncryptionTag: bytes(one.authenticatedEncryptionTag) });
    assert.deepEqual(d.data, plain);
    const bad = bytes(one.authenticatedEncryptionTag);
    bad[0] = (bad[0] ?? 0) ^ 1;
    const init = await kmip.ok(V2_1, Operation.Decrypt, { uniqueIdentifier: uid, cryptographicParameters: ccm, ivCounterNonce: nonce, authenticatedEncryptionAdditionalData: aad, data: bytes(one.data), initIndicator: true });
    assertReason(await kmip.fail(V2_1, Operation.Decrypt, { uniqueIdentifier: uid, correlationValue: init.correlationValue ?? new Uint8Array(), finalIndicator: true, authenticatedEncryptionTag: bad }), ResultReason.CryptographicFailure);
  });

  it(`more than ${String(MAX_BUFFERED_BYTES)} bytes in one stream is Feature Not Supported, the stream closed`, async () => {
    const kmip = new InProcessKmip();
    const uid = await symmetric(kmip, key, CryptographicAlgorithm.AES, ED);
    // Parts of a quarter of the bound (a message is at most 4 MiB by default).
    const quarter = Buffer.alloc(MAX_BUFFERED_BYTES / 4);
    const init = await kmip.ok(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, cryptographicParameters: ccm, ivCounterNonce: nonce, data: quarter, initIndicator: true });
    const correlationValue = init.correlationValue ?? new Uint8Array();
    for (let i = 0; i < 3; i++) await kmip.ok(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, correlationValue, data: quarter });
    assertReason(await kmip.fail(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, correlationValue, data: Buffer.alloc(1) }), ResultReason.FeatureNotSupported);
    assertReason(await kmip.fail(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, correlationValue, data: Buffer.alloc(1), finalIndicator: true }), ResultReason.InvalidCorrelationValue);
  });
});

describe('multi-part EdDSA (buffered)', () => {
  it('RFC 8032 §7.1 test 3 (Ed25519) signed and verified in parts', async () => {
    const kmip = new InProcessKmip();
    const uid = await registerKey(kmip, ObjectType.PrivateKey, KeyFormatType.Raw, hex('c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7'), CryptographicAlgorithm.Ed25519, 256, M.Sign | M.Verify);
    const sig = '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a';
    const s = await inParts((x) => kmip.ok(V2_1, Operation.Sign, { uniqueIdentifier: uid, ...x }), [hex('af'), hex('82')], {});
    assert.equal(bytes(s.final.signatureData).toString('hex'), sig);
    const ok = await inParts((x) => kmip.ok(V2_1, Operation.SignatureVerify, { uniqueIdentifier: uid, ...x }), [hex('af'), hex('82')], { signatureData: hex(sig) });
    assert.equal(ok.final.validityIndicator, ValidityIndicator.Valid);
    const bad = await inParts((x) => kmip.ok(V2_1, Operation.SignatureVerify, { uniqueIdentifier: uid, ...x }), [hex('af'), hex('83')], { signatureData: hex(sig) });
    assert.equal(bad.final.validityIndicator, ValidityIndicator.Invalid);
  });
});

describe('RSA PKCS#1 v1.5 decryption (implicit rejection)', () => {
  it('decrypts node\'s PKCS#1 v1.5 ciphertext; a tampered one gives the same synthetic message every time (Success)', async () => {
    const kmip = new InProcessKmip();
    const { privateKey: key, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const uid = await privateKey(kmip, key.export({ format: 'der', type: 'pkcs8' }), CryptographicAlgorithm.RSA, 2048, ED);
    const params = { paddingMethod: PaddingMethod.PKCS1V1_5 };
    const ct = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from('secret'));
    for (const v of [V1_2, V2_1]) {
      const dec = await kmip.ok(v, Operation.Decrypt, { uniqueIdentifier: uid, cryptographicParameters: params, data: ct });
      assert.equal(bytes(dec.data).toString(), 'secret');
    }
    const enc = await kmip.ok(V2_1, Operation.Encrypt, { uniqueIdentifier: uid, cryptographicParameters: params, data: Buffer.from('round trip') });
    const back = await kmip.ok(V2_1, Operation.Decrypt, { uniqueIdentifier: uid, cryptographicParameters: params, data: bytes(enc.data) });
    assert.equal(bytes(back.data).toString(), 'round trip');
    const bad = Buffer.from(ct);
    bad[200] = (bad[200] ?? 0) ^ 0x10;
    const a = await kmip.ok(V2_1, Operation.Decrypt, { uniqueIdentifier: uid, cryptographicParameters: params, data: bad });
    const b = await kmip.ok(V2_1, Operation.Decrypt, { uniqueIdentifier: uid, cryptographicParameters: params, data: bad });
    assert.deepEqual(bytes(a.data), bytes(b.data));
    assert.notEqual(bytes(a.data).toString(), 'secret');
    assertReason(await kmip.fail(V2_1, Operation.Decrypt, { uniqueIdentifier: uid, cryptographicParameters: params, data: Buffer.alloc(300, 1) }), ResultReason.CryptographicFailure, 'longer than the modulus');
  });
});

describe('Sign / Signature Verify with Digested Data', () => {
  it('RSA-PSS: the digest signed by the server verifies with node over the message; node\'s verifies here', async () => {
    const kmip = new InProcessKmip();
    const { privateKey: key, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const uid = await privateKey(kmip, key.export({ format: 'der', type: 'pkcs8' }), CryptographicAlgorithm.RSA, 2048, M.Sign | M.Verify);
    const message = Buffer.from('digested elsewhere');
    for (const [hash, algorithm] of [['sha256', HashingAlgorithm.SHA_256], ['sha384', HashingAlgorithm.SHA_384]] as const) {
      const params = { paddingMethod: PaddingMethod.PSS, hashingAlgorithm: algorithm };
      const digestedData = createHash(hash).update(message).digest();
      const s = await kmip.ok(V1_4, Operation.Sign, { uniqueIdentifier: uid, cryptographicParameters: params, digestedData });
      assert.ok(nodeVerify(hash, message, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: digestedData.length }, bytes(s.signatureData)));
      const viaData = await kmip.ok(V2_1, Operation.Sign, { uniqueIdentifier: uid, cryptographicParameters: params, data: message });
      const v = await kmip.ok(V2_1, Operation.SignatureVerify, { uniqueIdentifier: uid, cryptographicParameters: params, digestedData, signatureData: bytes(viaData.signatureData) });
      assert.equal(v.validityIndicator, ValidityIndicator.Valid);
      const other = await kmip.ok(V2_1, Operation.SignatureVerify, { uniqueIdentifier: uid, cryptographicParameters: params, digestedData: createHash(hash).update('x').digest(), signatureData: bytes(viaData.signatureData) });
      assert.equal(other.validityIndicator, ValidityIndicator.Invalid);
    }
    const pss = { digitalSignatureAlgorithm: DigitalSignatureAlgorithm.RSASSA_PSS, hashingAlgorithm: HashingAlgorithm.SHA_256 };
    assertReason(await kmip.fail(V2_1, Operation.Sign, { uniqueIdentifier: uid, cryptographicParameters: pss, digestedData: Buffer.alloc(16) }), ResultReason.InvalidField, 'not the hash length');
  });

  it('ECDSA P-256 as TC-ECDSA-SIGN-DIGESTEDDATA-1-14 (16 bytes), and a SHA-384 digest on P-384 checked by node', async () => {
    const kmip = new InProcessKmip();
    const { privateKey: key } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const uid = await privateKey(kmip, key.export({ format: 'der', type: 'pkcs8' }), CryptographicAlgorithm.ECDSA, 256, M.Sign | M.Verify);
    const digestedData = hex('01020304050607080910111213141516');
    const s = await kmip.ok(V1_4, Operation.Sign, { uniqueIdentifier: uid, digestedData });
    const v = await kmip.ok(V1_4, Operation.SignatureVerify, { uniqueIdentifier: uid, digestedData, signatureData: bytes(s.signatureData) });
    assert.equal(v.validityIndicator, ValidityIndicator.Valid);
    const wrong = await kmip.ok(V1_4, Operation.SignatureVerify, { uniqueIdentifier: uid, digestedData: hex('01020304050607080910111213141517'), signatureData: bytes(s.signatureData) });
    assert.equal(wrong.validityIndicator, ValidityIndicator.Invalid);

    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const uid384 = await privateKey(kmip, p384.privateKey.export({ format: 'der', type: 'pkcs8' }), CryptographicAlgorithm.ECDSA, 384, M.Sign | M.Verify);
    const message = Buffer.from('hashed by the client');
    const s384 = await kmip.ok(V2_1, Operation.Sign, { uniqueIdentifier: uid384, cryptographicParameters: { digitalSignatureAlgorithm: DigitalSignatureAlgorithm.ECDSAWithSHA384 }, digestedData: createHash('sha384').update(message).digest() });
    assert.ok(nodeVerify('sha384', message, p384.publicKey, bytes(s384.signatureData)));
  });

  it('Digested Data for EdDSA, DSA and ECDSA on P-224 is Feature Not Supported; Digested Data in a multi-part Sign too', async () => {
    const kmip = new InProcessKmip();
    const ed = generateKeyPairSync('ed25519').privateKey;
    const edUid = await privateKey(kmip, ed.export({ format: 'der', type: 'pkcs8' }), CryptographicAlgorithm.Ed25519, 256, M.Sign);
    assertReason(await kmip.fail(V2_1, Operation.Sign, { uniqueIdentifier: edUid, digestedData: Buffer.alloc(32) }), ResultReason.FeatureNotSupported, 'EdDSA');
    const p224 = generateKeyPairSync('ec', { namedCurve: 'secp224r1' }).privateKey;
    const p224Uid = await privateKey(kmip, p224.export({ format: 'der', type: 'pkcs8' }), CryptographicAlgorithm.ECDSA, 224, M.Sign);
    assertReason(await kmip.fail(V2_1, Operation.Sign, { uniqueIdentifier: p224Uid, digestedData: Buffer.alloc(28) }), ResultReason.FeatureNotSupported, 'P-224');
    const dsa = generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 }).privateKey;
    const dsaUid = await privateKey(kmip, dsa.export({ format: 'der', type: 'pkcs8' }), CryptographicAlgorithm.DSA, 2048, M.Sign);
    assertReason(await kmip.fail(V2_1, Operation.Sign, { uniqueIdentifier: dsaUid, digestedData: Buffer.alloc(32) }), ResultReason.FeatureNotSupported, 'DSA');
    assertReason(await kmip.fail(V2_1, Operation.Sign, { uniqueIdentifier: dsaUid, digestedData: Buffer.alloc(32), initIndicator: true }), ResultReason.FeatureNotSupported, 'multi-part');
  });
});

describe('DSA signatures', () => {
  it('a pair from Create Key Pair signs with SHA-1 and SHA-2 (node verifies), one part and in parts; a wrong signature is Invalid', async () => {
    const kmip = new InProcessKmip();
    const created = await kmip.ok(V2_1, Operation.CreateKeyPair, {
      commonAttributes: { attribute: [{ name: 'Cryptographic Algorithm', value: CryptographicAlgorithm.DSA }, { name: 'Cryptographic Length', value: 2048 }] },
      privateKeyAttributes: { attribute: [{ name: 'Cryptographic Usage Mask', value: M.Sign }] },
      publicKeyAttributes: { attribute: [{ name: 'Cryptographic Usage Mask', value: M.Verify }] },
    } as never);
    const priv = created.privateKeyUniqueIdentifier as string;
    const pub = created.publicKeyUniqueIdentifier as string;
    await kmip.ok(V2_1, Operation.Activate, { uniqueIdentifier: priv });
    await kmip.ok(V2_1, Operation.Activate, { uniqueIdentifier: pub });
    const got = await kmip.ok(V2_1, Operation.Get, { uniqueIdentifier: pub, keyFormatType: KeyFormatType.X_509 });
    const kb = (got.object as { keyBlock: { keyValue: { keyMaterial: Uint8Array } } }).keyBlock;
    const nodePub = createPublicKey({ key: Buffer.from(kb.keyValue.keyMaterial), format: 'der', type: 'spki' });
    const message = Buffer.from('signed with DSA');
    for (const [algorithm, hash] of [[DigitalSignatureAlgorithm.DSAWithSHA_1, 'sha1'], [DigitalSignatureAlgorithm.DSAWithSHA224, 'sha224'], [DigitalSignatureAlgorithm.DSAWithSHA256, 'sha256']] as const) {
      const params = { digitalSignatureAlgorithm: algorithm };
      const s = await kmip.ok(V2_1, Operation.Sign, { uniqueIdentifier: priv, cryptographicParameters: params, data: message });
      assert.ok(nodeVerify(hash, message, nodePub, bytes(s.signatureData)), hash);
      const v = await kmip.ok(V2_1, Operation.SignatureVerify, { uniqueIdentifier: pub, cryptographicParameters: params, data: message, signatureData: bytes(s.signatureData) });
      assert.equal(v.validityIndicator, ValidityIndicator.Valid);
      const parts = await inParts((x) => kmip.ok(V2_1, Operation.Sign, { uniqueIdentifier: priv, ...x }), [message.subarray(0, 4), message.subarray(4)], { cryptographicParameters: params });
      assert.ok(nodeVerify(hash, message, nodePub, bytes(parts.final.signatureData)), `${hash} in parts`);
    }
    const params = { digitalSignatureAlgorithm: DigitalSignatureAlgorithm.DSAWithSHA256 };
    const bad = await kmip.ok(V2_1, Operation.SignatureVerify, { uniqueIdentifier: pub, cryptographicParameters: params, data: Buffer.from('other'), signatureData: bytes((await kmip.ok(V2_1, Operation.Sign, { uniqueIdentifier: priv, cryptographicParameters: params, data: message })).signatureData) });
    assert.equal(bad.validityIndicator, ValidityIndicator.Invalid);
    assertReason(await kmip.fail(V2_1, Operation.Sign, { uniqueIdentifier: priv, cryptographicParameters: { digitalSignatureAlgorithm: DigitalSignatureAlgorithm.ECDSAWithSHA256 }, data: message }), ResultReason.InvalidField, 'ECDSA algorithm with a DSA key');
    assertReason(await kmip.fail(V1_2, Operation.Sign, { uniqueIdentifier: priv, cryptographicParameters: { digitalSignatureAlgorithm: DigitalSignatureAlgorithm.SHA_256WithRSAEncryption }, data: message }), ResultReason.InvalidField, 'RSA algorithm with a DSA key, 1.2');
  });

  it('a registered node DSA key (PKCS#8) signs what node verifies, SHA-256 by default', async () => {
    const kmip = new InProcessKmip();
    const { privateKey: key, publicKey } = generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 224 });
    const uid = await privateKey(kmip, key.export({ format: 'der', type: 'pkcs8' }), CryptographicAlgorithm.DSA, 2048, M.Sign | M.Verify);
    const s = await kmip.ok(V2_1, Operation.Sign, { uniqueIdentifier: uid, data: Buffer.from('x') });
    assert.ok(nodeVerify('sha256', Buffer.from('x'), publicKey, bytes(s.signatureData)));
  });
});
