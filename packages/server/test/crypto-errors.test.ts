/**
 * Malformed and inconsistent key material: each failure is a KeyMaterialError of the right kind,
 * maps to the right KMIP Result Reason, and its message carries no key bytes. Also the strict DER
 * reader on hostile input.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  CryptographicAlgorithm as A,
  KeyFormatType as F,
  KmipError,
  ObjectType as O,
  RecommendedCurve as C,
  ResultReason,
} from '@keyhold/protocol';
import {
  KEY_MATERIAL_ERROR_KINDS,
  KeyMaterialError,
  exportKey,
  generateKeyPairSync,
  importKey,
  isKeyMaterialError,
  type KeyInput,
  type KeyMaterialErrorKind,
  type TransparentRSAPrivateKeyMaterial,
} from '../src/crypto/index.js';
import { DerReader, encodeDer, int, octets, readSequence, seq } from '../src/crypto/der.js';
import { hex, oasis, throwsKind, value, values } from './crypto-helpers.js';

const rsa = generateKeyPairSync({ algorithm: A.RSA, lengthBits: 1024 });
const ec = generateKeyPairSync({ algorithm: A.EC, curve: C.P_256 });
const ed = generateKeyPairSync({ algorithm: A.Ed25519 });
const dsa = generateKeyPairSync({ algorithm: A.DSA, lengthBits: 1024 });
const pkcs1 = hex(value(oasis('v1.2/testcases/TC-182-12.xml'), 'KeyMaterial'));
const [sec1, spki] = values(oasis('v1.1/testcases/TC-ECC-1-11.xml'), 'KeyMaterial').map(hex) as [Buffer, Buffer];

function flip(b: Uint8Array, i: number): Buffer {
  const c = Buffer.from(b);
  const at = i < 0 ? c.length + i : i;
  c[at] = (c[at] as number) ^ 0x01;
  return c;
}

/** Every malformed input of the suite with the kind it must fail with. */
const CASES: readonly [string, KeyInput, KeyMaterialErrorKind][] = [
  // Truncated / garbage DER.
  ['PKCS#8 truncated', { objectType: O.PrivateKey, format: F.PKCS_8, material: rsa.privateKey.material.subarray(0, 100) }, 'bad-key-data'],
  ['PKCS#8 empty', { objectType: O.PrivateKey, format: F.PKCS_8, material: Buffer.alloc(0) }, 'bad-key-data'],
  ['PKCS#8 random bytes', { objectType: O.PrivateKey, format: F.PKCS_8, material: Buffer.alloc(64, 0x5a) }, 'bad-key-data'],
  ['PKCS#8 trailing byte', { objectType: O.PrivateKey, format: F.PKCS_8, material: Buffer.concat([rsa.privateKey.material, Buffer.from([0])]) }, 'bad-key-data'],
  ['SPKI truncated', { objectType: O.PublicKey, format: F.X_509, material: ec.publicKey.material.subarray(0, 40) }, 'bad-key-data'],
  ['SPKI with a private key inside', { objectType: O.PublicKey, format: F.X_509, material: rsa.privateKey.material }, 'bad-key-data'],
  ['PKCS#1 private truncated', { objectType: O.PrivateKey, format: F.PKCS_1, material: pkcs1.subarray(0, 300) }, 'bad-key-data'],
  ['PKCS#1 private given as public', { objectType: O.PublicKey, format: F.PKCS_1, material: pkcs1 }, 'bad-key-data'],
  ['PKCS#1 with an EC key', { objectType: O.PrivateKey, format: F.PKCS_1, material: sec1 }, 'bad-key-data'],
  ['EC Private Key with an RSA key', { objectType: O.PrivateKey, format: F.ECPrivateKey, material: pkcs1 }, 'bad-key-data'],
  // Inconsistent components.
  ['PKCS#1 with a corrupted prime', { objectType: O.PrivateKey, format: F.PKCS_1, material: flip(pkcs1, 300) }, 'bad-key-data'],
  ['PKCS#1 with a corrupted CRT coefficient', { objectType: O.PrivateKey, format: F.PKCS_1, material: flip(pkcs1, -1) }, 'bad-key-data'],
  ['SEC1 whose public key does not match D', { objectType: O.PrivateKey, format: F.ECPrivateKey, material: flip(sec1, -1) }, 'bad-key-data'],
  ['SPKI with a point off the curve', { objectType: O.PublicKey, format: F.X_509, material: flip(spki, -1) }, 'bad-key-data'],
  ['EC point with a bad prefix', { objectType: O.PublicKey, format: F.TransparentECPublicKey, material: { recommendedCurve: C.P_256, qString: Buffer.concat([Buffer.from([5]), spki.subarray(-64)]) } }, 'bad-key-data'],
  ['EC point of the wrong length', { objectType: O.PublicKey, format: F.Raw, material: spki.subarray(-40), curve: C.P_256 }, 'bad-key-data'],
  ['EC point of another curve', { objectType: O.PublicKey, format: F.Raw, material: spki.subarray(-65), curve: C.P_384 }, 'bad-key-data'],
  ['EC D = 0', { objectType: O.PrivateKey, format: F.TransparentECPrivateKey, material: { recommendedCurve: C.P_256, d: 0n } }, 'bad-key-data'],
  ['EC D = n', { objectType: O.PrivateKey, format: F.TransparentECPrivateKey, material: { recommendedCurve: C.P_256, d: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n } }, 'bad-key-data'],
  ['EC D too large for the field', { objectType: O.PrivateKey, format: F.TransparentECPrivateKey, material: { recommendedCurve: C.P_256, d: 1n << 300n } }, 'bad-key-data'],
  ['Ed25519 raw private of 31 bytes', { objectType: O.PrivateKey, format: F.Raw, material: Buffer.alloc(31, 1), algorithm: A.Ed25519 }, 'bad-key-data'],
  ['X448 raw public of 57 bytes', { objectType: O.PublicKey, format: F.Raw, material: Buffer.alloc(57, 1), curve: C.CURVE448 }, 'bad-key-data'],
  ['OKP transparent D too large', { objectType: O.PrivateKey, format: F.TransparentECPrivateKey, material: { recommendedCurve: C.CURVE25519, d: 1n << 256n }, algorithm: A.Ed25519 }, 'bad-key-data'],
  ['RSA transparent public with even modulus', { objectType: O.PublicKey, format: F.TransparentRSAPublicKey, material: { modulus: (1n << 1023n) + 2n, publicExponent: 65537n } }, 'bad-key-data'],
  ['RSA transparent public with e = 1', { objectType: O.PublicKey, format: F.TransparentRSAPublicKey, material: { modulus: (1n << 1023n) + 1n, publicExponent: 1n } }, 'bad-key-data'],
  ['RSA transparent private with wrong P', { objectType: O.PrivateKey, format: F.TransparentRSAPrivateKey, material: { modulus: (1n << 1023n) + 1n, publicExponent: 65537n, p: 3n, q: 5n } }, 'bad-key-data'],
  ['DSA transparent public with y out of the subgroup', { objectType: O.PublicKey, format: F.TransparentDSAPublicKey, material: { ...(exportKey(dsa.publicKey, F.TransparentDSAPublicKey).material as { p: bigint; q: bigint; g: bigint; y: bigint }), y: 2n } }, 'bad-key-data'],
  ['transparent format with a byte string', { objectType: O.PrivateKey, format: F.TransparentRSAPrivateKey, material: pkcs1 }, 'bad-key-data'],
  ['byte format with a structure', { objectType: O.PrivateKey, format: F.PKCS_1, material: { modulus: 5n } }, 'bad-key-data'],
  ['Transparent Symmetric Key with a non-byte Key', { objectType: O.SymmetricKey, format: F.TransparentSymmetricKey, material: { key: 'abc' as unknown as Uint8Array }, algorithm: A.AES }, 'bad-key-data'],
  // Lengths.
  ['AES key of 17 bytes', { objectType: O.SymmetricKey, format: F.Raw, material: Buffer.alloc(17, 1), algorithm: A.AES }, 'invalid-length'],
  ['3DES key of 8 bytes', { objectType: O.SymmetricKey, format: F.Opaque, material: Buffer.alloc(8, 1), algorithm: A.DES3 }, 'invalid-length'],
  ['RSA modulus of 256 bits', { objectType: O.PublicKey, format: F.TransparentRSAPublicKey, material: { modulus: (1n << 255n) + 1n, publicExponent: 3n } }, 'invalid-length'],
  // Statements that disagree with the value.
  ['AES key stated as 128 bits with 32 bytes', { objectType: O.SymmetricKey, format: F.Raw, material: Buffer.alloc(32, 1), algorithm: A.AES, lengthBits: 128 }, 'mismatch'],
  ['AES key stated as 100 bits', { objectType: O.SymmetricKey, format: F.Raw, material: Buffer.alloc(32, 1), algorithm: A.AES, lengthBits: 100 }, 'mismatch'],
  ['RSA key stated as EC', { ...rsa.privateKey, algorithm: A.EC }, 'mismatch'],
  ['RSA key stated as 2048 bits', { ...rsa.publicKey, lengthBits: 2048 }, 'mismatch'],
  ['Ed25519 key stated as X25519 (ECDH)', { ...ed.privateKey, algorithm: A.ECDH }, 'mismatch'],
  ['EC Private Key stated on another curve', { objectType: O.PrivateKey, format: F.ECPrivateKey, material: sec1, curve: C.P_384 }, 'mismatch'],
  // Missing information.
  ['symmetric key without algorithm', { objectType: O.SymmetricKey, format: F.Raw, material: Buffer.alloc(16, 1) }, 'missing-data'],
  ['raw EC point without curve', { objectType: O.PublicKey, format: F.Raw, material: spki.subarray(-65), algorithm: A.ECDSA }, 'missing-data'],
  ['transparent RSA with the modulus only', { objectType: O.PrivateKey, format: F.TransparentRSAPrivateKey, material: { modulus: (1n << 1023n) + 1n } }, 'missing-data'],
  ['transparent EC without D', { objectType: O.PrivateKey, format: F.TransparentECPrivateKey, material: { recommendedCurve: C.P_256 } as never }, 'missing-data'],
  ['SEC1 without parameters and no curve', { objectType: O.PrivateKey, format: F.ECPrivateKey, material: encodeDer(seq(int(1), octets(Buffer.alloc(32, 7)))) }, 'missing-data'],
  // Unsupported.
  ['unknown curve', { objectType: O.PublicKey, format: F.TransparentECPublicKey, material: { recommendedCurve: 0x7777 as C, qString: spki.subarray(-65) } }, 'unsupported-curve'],
  ['PKCS#12', { objectType: O.PrivateKey, format: F.PKCS_12, material: Buffer.alloc(10) }, 'unsupported-format'],
  ['Raw EC private key', { objectType: O.PrivateKey, format: F.Raw, material: Buffer.alloc(32, 1), curve: C.P_256 }, 'unsupported-format'],
  ['PKCS#8 symmetric key', { objectType: O.SymmetricKey, format: F.PKCS_8, material: Buffer.alloc(16, 1), algorithm: A.AES }, 'unsupported-format'],
  ['Transparent Symmetric Key for secret data', { objectType: O.SecretData, format: F.TransparentSymmetricKey, material: { key: Buffer.alloc(4) } }, 'unsupported-format'],
  ['certificate object', { objectType: O.Certificate, format: F.X_509, material: spki }, 'unsupported-format'],
  ['symmetric key with an RSA algorithm', { objectType: O.SymmetricKey, format: F.Raw, material: Buffer.alloc(16, 1), algorithm: A.RSA }, 'unsupported-algorithm'],
];

describe('malformed key material', () => {
  for (const [name, input, kind] of CASES) {
    test(`${name} -> ${kind}`, () => {
      const err = throwsKind(() => importKey(input), kind);
      assert.equal(err.reason, KEY_MATERIAL_ERROR_KINDS[kind].reason);
    });
  }

  test('error messages carry no key bytes', () => {
    // Hex and base64 of every secret used above; no message may contain a run of them.
    const secrets = [rsa.privateKey.material, ec.privateKey.material, ed.privateKey.material, pkcs1, sec1, Buffer.alloc(32, 1)];
    const needles = secrets.flatMap((s) => {
      const out: string[] = [];
      for (let i = 0; i + 8 <= s.length; i += 8) {
        const chunk = s.subarray(i, i + 8);
        out.push(chunk.toString('hex'), chunk.toString('base64'));
      }
      return out;
    });
    for (const [name, input] of CASES) {
      let msg = '';
      try {
        importKey(input);
      } catch (err) {
        msg = `${(err as Error).message} ${String((err as Error).stack)}`;
      }
      for (const n of needles) assert.ok(!msg.toLowerCase().includes(n.toLowerCase()), `${name}: message contains key bytes`);
    }
  });

  test('KeyMaterialError is a KmipError with the Result Reason of its kind', () => {
    const err = throwsKind(() => importKey({ objectType: O.PrivateKey, format: F.PKCS_12, material: Buffer.alloc(1) }), 'unsupported-format');
    assert.ok(err instanceof KmipError);
    assert.equal(err.reason, ResultReason.KeyFormatTypeNotSupported);
    assert.equal(err.name, 'KeyMaterialError');
    assert.ok(isKeyMaterialError(err, 'unsupported-format'));
    assert.ok(!isKeyMaterialError(err, 'bad-key-data'));
    assert.equal(new KeyMaterialError('bad-key-data', 'x').reason, ResultReason.InvalidField);
    assert.equal(new KeyMaterialError('crypto-failure', 'x').reason, ResultReason.CryptographicFailure);
    assert.equal(new KeyMaterialError('missing-data', 'x').reason, ResultReason.MissingData);
    assert.equal(new KeyMaterialError('unsupported-compression', 'x').reason, ResultReason.KeyCompressionTypeNotSupported);
    for (const [kind, { description }] of Object.entries(KEY_MATERIAL_ERROR_KINDS)) assert.ok(description.length > 30, kind);
  });

  test('a corrupted byte anywhere in a PKCS#8 RSA key never yields a different valid key', () => {
    const der = rsa.privateKey.material;
    let rejected = 0;
    for (let i = 0; i < der.length; i += 7) {
      try {
        const k = importKey({ objectType: O.PrivateKey, format: F.PKCS_8, material: flip(der, i) });
        // Only bit flips that leave the key value unchanged may pass (none are expected in DER).
        assert.ok(k.material.equals(der), `byte ${i}`);
      } catch (err) {
        assert.ok(isKeyMaterialError(err), `byte ${i}: ${String(err)}`);
        rejected++;
      }
    }
    assert.ok(rejected > 0);
  });

  test('the input is not modified and results do not alias it', () => {
    const input = Buffer.from(rsa.privateKey.material);
    const before = Buffer.from(input);
    const k = importKey({ objectType: O.PrivateKey, format: F.PKCS_8, material: input });
    assert.ok(input.equals(before));
    k.material.fill(0);
    assert.ok(input.equals(before));
    const t: TransparentRSAPrivateKeyMaterial = exportKey({ objectType: O.PrivateKey, format: F.PKCS_8, material: input }, F.TransparentRSAPrivateKey).material as TransparentRSAPrivateKeyMaterial;
    assert.equal(typeof t.modulus, 'bigint');
  });
});

describe('strict DER reader', () => {
  const bad: readonly [string, string][] = [
    ['indefinite length', '3080 020100 0000'],
    ['non-minimal long length', '308103 020100'],
    ['length with a leading zero byte', '30820003 020100'],
    ['length past the end', '3005 020100'],
    ['high tag number', '1f8101 00'],
    ['non-minimal INTEGER', '3004 02020001'],
    ['negative INTEGER', '3003 020180'],
    ['empty INTEGER', '3002 0200'],
    ['trailing data', '3003 020100 00'],
  ];
  for (const [name, h] of bad) {
    test(name, () => {
      throwsKind(() => {
        const r = readSequence(hex(h));
        while (!r.done) r.integer();
      }, 'bad-key-data');
    });
  }

  test('BIT STRING with unused bits and OID edge cases are rejected', () => {
    throwsKind(() => new DerReader(hex('030201ff')).bitString(), 'bad-key-data');
    throwsKind(() => new DerReader(hex('06028001')).oid(), 'bad-key-data');
    throwsKind(() => new DerReader(hex('060181')).oid(), 'bad-key-data');
    assert.equal(new DerReader(hex('06082a8648ce3d030107')).oid(), '1.2.840.10045.3.1.7');
  });

  test('the writer and reader agree on INTEGERs around byte boundaries', () => {
    for (const v of [0n, 1n, 0x7fn, 0x80n, 0xffn, 0x100n, 0x7fffn, 0x8000n, (1n << 64n) - 1n, 1n << 64n, (1n << 2048n) - 1n]) {
      const der = encodeDer(int(v));
      const r = new DerReader(der);
      assert.equal(r.integer(), v);
      assert.ok(r.done);
    }
    // Long-form lengths (a 300-byte OCTET STRING).
    const der = encodeDer(seq(octets(Buffer.alloc(300, 9))));
    assert.equal(der.subarray(0, 4).toString('hex'), '3082' + (304).toString(16).padStart(4, '0'));
    assert.equal(readSequence(der).octetString().length, 300);
  });
});
