/**
 * crypto/rsa-padding.ts and crypto/ecdsa-digest.ts against node:crypto and published vectors:
 * PKCS#1 v1.5 decryption with implicit rejection, EMSA-PSS over a digest (RFC 8017 §9.1), ECDSA
 * over a digest (RFC 6979 §A.2.5 P-256 signature as a known answer).
 */
import assert from 'node:assert/strict';
import { constants, createHash, createPublicKey, generateKeyPairSync, publicEncrypt, sign, verify, type KeyObject } from 'node:crypto';
import { describe, it } from 'node:test';
import { KmipError, ResultReason } from '@keyhold/protocol';
import { ecdsaSignDigest, ecdsaVerifyDigest } from '../src/crypto/ecdsa-digest.js';
import { pkcs1v15Decrypt, pssSignDigest, pssVerifyDigest } from '../src/crypto/rsa-padding.js';

const { privateKey: rsa, publicKey: rsaPub } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const K = 256;

/** A ciphertext of the block `em` (k bytes) with no padding applied. */
const rawEncrypt = (em: Buffer): Buffer => publicEncrypt({ key: rsaPub, padding: constants.RSA_NO_PADDING }, em);

function block(first: number, second: number, psLength: number, message: Buffer): Buffer {
  const em = Buffer.alloc(K, 0x5a);
  em[0] = first;
  em[1] = second;
  em[2 + psLength] = 0;
  message.copy(em, 3 + psLength);
  assert.equal(3 + psLength + message.length, K);
  return em;
}

function reasonOf(fn: () => unknown): number {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof KmipError);
    return err.reason;
  }
  assert.fail('expected a KmipError');
}

describe('RSAES-PKCS1-v1_5 decryption with implicit rejection', () => {
  it('decrypts what node encrypts with PKCS#1 v1.5, for empty to maximal messages', () => {
    for (const length of [0, 1, 32, K - 11]) {
      const message = Buffer.alloc(length, 0x41 + (length % 26));
      const ct = publicEncrypt({ key: rsaPub, padding: constants.RSA_PKCS1_PADDING }, message);
      assert.deepEqual(pkcs1v15Decrypt(rsa, ct), message, `length ${String(length)}`);
    }
  });

  it('accepts a hand-made block with exactly 8 padding bytes; a leading-zero-stripped ciphertext too', () => {
    const message = Buffer.alloc(K - 11, 7);
    const ct = rawEncrypt(block(0, 2, 8, message));
    assert.deepEqual(pkcs1v15Decrypt(rsa, ct), message);
    let short = ct;
    while (short[0] === 0) short = short.subarray(1);
    assert.deepEqual(pkcs1v15Decrypt(rsa, short), message);
  });

  it('answers a synthetic message, not an error, for every kind of bad padding; deterministic per ciphertext', () => {
    const message = Buffer.alloc(K - 11, 9);
    const cases = [
      rawEncrypt(block(0, 2, 7, Buffer.alloc(K - 10, 9))), // 7 padding bytes
      rawEncrypt(block(1, 2, 8, message)), // first byte 1
      rawEncrypt(block(0, 1, 8, message)), // block type 1
      rawEncrypt(Buffer.concat([Buffer.from([0, 2]), Buffer.alloc(K - 2, 0x33)])), // no separator
    ];
    const outputs = new Set<string>();
    for (const ct of cases) {
      const a = pkcs1v15Decrypt(rsa, ct);
      const b = pkcs1v15Decrypt(rsa, ct);
      assert.deepEqual(a, b, 'the same ciphertext gives the same answer');
      assert.ok(a.length <= K - 11, 'a synthetic message is no longer than a real one can be');
      assert.notDeepEqual(a, message);
      outputs.add(a.toString('hex'));
    }
    assert.equal(outputs.size, cases.length, 'each ciphertext has its own synthetic message');
  });

  it('a tampered node ciphertext decrypts to a stable synthetic message that depends on the key', () => {
    const ct = publicEncrypt({ key: rsaPub, padding: constants.RSA_PKCS1_PADDING }, Buffer.from('secret'));
    const bad = Buffer.from(ct);
    bad[100] = (bad[100] ?? 0) ^ 0x80;
    // A zero first byte keeps the value below any 2048-bit modulus, so the other key below can take it.
    bad[0] = 0;
    const out = pkcs1v15Decrypt(rsa, bad);
    assert.notEqual(out.toString(), 'secret');
    assert.deepEqual(pkcs1v15Decrypt(rsa, bad), out);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    assert.notDeepEqual(pkcs1v15Decrypt(other, bad), out);
  });

  it('a ciphertext longer than the modulus, empty, or not below it is Cryptographic Failure', () => {
    assert.equal(reasonOf(() => pkcs1v15Decrypt(rsa, Buffer.alloc(K + 1, 1))), ResultReason.CryptographicFailure);
    assert.equal(reasonOf(() => pkcs1v15Decrypt(rsa, Buffer.alloc(0))), ResultReason.CryptographicFailure);
    assert.equal(reasonOf(() => pkcs1v15Decrypt(rsa, Buffer.alloc(K, 0xff))), ResultReason.CryptographicFailure);
  });
});

describe('RSASSA-PSS over a digest', () => {
  const message = Buffer.from('the message');
  const pss = (key: KeyObject, saltLength: number): { key: KeyObject; padding: number; saltLength: number } => ({ key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength });

  for (const [hash, bits] of [['sha256', 2048], ['sha384', 2048], ['sha1', 1031], ['sha256', 1028]] as const) {
    it(`${hash}, ${String(bits)}-bit modulus: node verifies ours over the message, we verify node's`, () => {
      const { privateKey, publicKey } = bits === 2048 ? { privateKey: rsa, publicKey: rsaPub } : generateKeyPairSync('rsa', { modulusLength: bits });
      const digest = createHash(hash).update(message).digest();
      const ours = pssSignDigest(privateKey, hash, digest);
      assert.ok(verify(hash, message, pss(publicKey, digest.length), ours));
      for (const salt of [0, 20]) {
        const theirs = sign(hash, message, pss(privateKey, salt));
        assert.ok(pssVerifyDigest(publicKey, hash, digest, theirs), `auto salt ${String(salt)}`);
        assert.ok(pssVerifyDigest(publicKey, hash, digest, theirs, salt), `salt ${String(salt)}`);
        assert.equal(pssVerifyDigest(publicKey, hash, digest, theirs, salt + 1), false, 'another salt length');
      }
      const bad = Buffer.from(ours);
      bad[5] = (bad[5] ?? 0) ^ 1;
      assert.equal(pssVerifyDigest(publicKey, hash, digest, bad), false);
      assert.equal(pssVerifyDigest(publicKey, hash, createHash(hash).update('other').digest(), ours), false);
    });
  }

  it('a digest of another length than the hash is Invalid Field; an oversized salt is Invalid Field', () => {
    assert.equal(reasonOf(() => pssSignDigest(rsa, 'sha256', Buffer.alloc(16))), ResultReason.InvalidField);
    assert.equal(reasonOf(() => pssSignDigest(rsa, 'sha256', Buffer.alloc(32), 300)), ResultReason.InvalidField);
    assert.equal(pssVerifyDigest(rsaPub, 'sha256', Buffer.alloc(16), Buffer.alloc(K)), false);
  });
});

describe('ECDSA over a digest', () => {
  it('RFC 6979 §A.2.5: the P-256/SHA-256 signature of "sample" verifies over its digest', () => {
    const b64 = (h: string): string => Buffer.from(h, 'hex').toString('base64url');
    const key = createPublicKey({
      key: { kty: 'EC', crv: 'P-256', x: b64('60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6'), y: b64('7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299') },
      format: 'jwk',
    });
    const r = Buffer.from('EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716', 'hex');
    const s = Buffer.from('F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8', 'hex');
    // DER: SEQUENCE { INTEGER r, INTEGER s }, both with a leading zero (high bit set).
    const der = Buffer.concat([Buffer.from([0x30, 0x46, 0x02, 0x21, 0]), r, Buffer.from([0x02, 0x21, 0]), s]);
    const digest = createHash('sha256').update('sample').digest();
    assert.ok(ecdsaVerifyDigest(key, digest, der));
    assert.equal(ecdsaVerifyDigest(key, createHash('sha256').update('test').digest(), der), false);
  });

  for (const [curve, hash] of [['P-256', 'sha256'], ['P-384', 'sha384'], ['P-521', 'sha512'], ['secp256k1', 'sha256']] as const) {
    it(`${curve}: node verifies ours over the message, we verify node's`, () => {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
      const message = Buffer.from(`message on ${curve}`);
      const digest = createHash(hash).update(message).digest();
      const ours = ecdsaSignDigest(privateKey, digest);
      assert.ok(verify(hash, message, publicKey, ours));
      assert.ok(ecdsaVerifyDigest(publicKey, digest, sign(hash, message, privateKey)));
      assert.equal(ecdsaVerifyDigest(publicKey, createHash(hash).update('x').digest(), ours), false);
      assert.equal(ecdsaVerifyDigest(publicKey, digest, Buffer.from('not DER')), false);
    });
  }

  it('other curves are Feature Not Supported', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'secp224r1' });
    assert.equal(reasonOf(() => ecdsaSignDigest(privateKey, Buffer.alloc(28))), ResultReason.FeatureNotSupported);
  });
});
