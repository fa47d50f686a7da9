/**
 * Key generation: symmetric keys for every algorithm family and length rule, key pairs for every
 * algorithm, RSA size, curve and OKP type the layer supports, and the error for each invalid
 * combination.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, createSign, createVerify, diffieHellman, sign as edSign, verify as edVerify } from 'node:crypto';
import { CryptographicAlgorithm as A, KeyFormatType as F, ObjectType as O, RecommendedCurve as C, ResultReason } from '@keyhold/protocol';
import {
  EC_CURVES,
  KeyMaterialError,
  OKP,
  generateKeyPair,
  generateKeyPairSync,
  generateSymmetricKey,
  hasOddParity,
  importKey,
  isEcCurveAvailable,
  planKeyPair,
  supportedEcCurves,
  symmetricKeyBytes,
  wipe,
  type GeneratedKeyPair,
} from '../src/crypto/index.js';
import { rejectsKind, throwsKind } from './crypto-helpers.js';

describe('generateSymmetricKey', () => {
  const cases: readonly [string, number, readonly number[]][] = [
    ['AES', A.AES, [128, 192, 256]],
    ['Camellia', A.Camellia, [128, 192, 256]],
    ['ARIA', A.ARIA, [128, 192, 256]],
    ['Twofish', A.Twofish, [128, 192, 256]],
    ['SEED', A.SEED, [128]],
    ['SM4', A.SM4, [128]],
    ['IDEA', A.IDEA, [128]],
    ['SKIPJACK', A.SKIPJACK, [80]],
    ['ChaCha20', A.ChaCha20, [256]],
    ['ChaCha20Poly1305', A.ChaCha20Poly1305, [256]],
    ['Poly1305', A.Poly1305, [256]],
    ['GOST28147_89', A.GOST28147_89, [256]],
    ['HMAC_SHA1', A.HMAC_SHA1, [8, 160, 512, 8192]],
    ['HMAC_SHA256', A.HMAC_SHA256, [128, 256, 264, 1024]],
    ['HMAC_SHA512', A.HMAC_SHA512, [512, 1024]],
    ['HMAC_SHA3_256', A.HMAC_SHA3_256, [256]],
    ['HMAC_MD5', A.HMAC_MD5, [128]],
    ['Blowfish', A.Blowfish, [32, 128, 448]],
    ['CAST5', A.CAST5, [40, 128]],
    ['RC4', A.RC4, [40, 2048]],
    ['MARS', A.MARS, [128, 160, 448]],
    ['OneTimePad', A.OneTimePad, [8, 65536]],
    ['vendor extension', 0x80000001, [8, 256]],
  ];
  for (const [name, alg, lengths] of cases) {
    test(`${name}: ${lengths.join(', ')} bits`, () => {
      for (const bits of lengths) {
        const k = generateSymmetricKey(alg as A, bits);
        assert.equal(k.bytes.length, bits / 8);
        assert.equal(k.lengthBits, bits);
        assert.equal(k.algorithm, alg);
        // Canonical round trip: the generated key imports as what it is.
        const imp = importKey({ objectType: O.SymmetricKey, format: F.Raw, material: k.bytes, algorithm: alg as A, lengthBits: bits });
        assert.equal(imp.lengthBits, bits);
        assert.ok(imp.material.equals(k.bytes));
        assert.notEqual(imp.material.buffer, k.bytes.buffer, 'importKey returns an owned copy');
      }
    });
  }

  test('keys are random and owned (distinct, not pooled)', () => {
    const a = generateSymmetricKey(A.AES, 256);
    const b = generateSymmetricKey(A.AES, 256);
    assert.ok(!a.bytes.equals(b.bytes));
    assert.equal(a.bytes.byteOffset, 0);
    assert.equal(a.bytes.buffer.byteLength, 32, 'not a slice of the shared Buffer pool');
    wipe(a.bytes);
    assert.ok(a.bytes.every((x) => x === 0));
  });

  test('3DES: 192 and 168 give 24 bytes, 128 and 112 give 16, odd parity, distinct sub-keys', () => {
    for (const [bits, bytes] of [[192, 24], [168, 24], [128, 16], [112, 16]] as const) {
      for (let i = 0; i < 50; i++) {
        const k = generateSymmetricKey(A.DES3, bits);
        assert.equal(k.bytes.length, bytes);
        assert.equal(k.lengthBits, bits, 'the requested length is what is recorded');
        assert.ok(hasOddParity(k.bytes), 'odd parity in every byte');
        assert.ok(!k.bytes.subarray(0, 8).equals(k.bytes.subarray(8, 16)));
        if (bytes === 24) assert.ok(!k.bytes.subarray(8, 16).equals(k.bytes.subarray(16, 24)));
      }
    }
    assert.equal(symmetricKeyBytes(A.DES3, 168), 24);
  });

  test('DES: 64 (and 56) give 8 bytes with odd parity', () => {
    for (const bits of [64, 56]) {
      const k = generateSymmetricKey(A.DES, bits);
      assert.equal(k.bytes.length, 8);
      assert.ok(hasOddParity(k.bytes));
    }
  });

  test('AES 512 is the double-length XTS-AES-256 key (64 bytes)', () => {
    const k = generateSymmetricKey(A.AES, 512);
    assert.equal(k.bytes.length, 64);
    assert.equal(k.lengthBits, 512);
  });

  test('invalid lengths are invalid-length (Invalid Field)', () => {
    const bad: readonly [number, number][] = [
      [A.AES, 64], [A.AES, 100], [A.AES, 1024], [A.AES, 384], [A.AES, 0], [A.AES, -128], [A.AES, 128.5],
      [A.DES3, 64], [A.DES3, 256], [A.DES, 128], [A.ChaCha20, 128],
      [A.HMAC_SHA256, 0], [A.HMAC_SHA256, 12], [A.HMAC_SHA256, 8200], [A.Blowfish, 24], [A.MARS, 136],
      [0x80000001, 8200],
    ];
    for (const [alg, bits] of bad) {
      const err = throwsKind(() => generateSymmetricKey(alg as A, bits), 'invalid-length', `${alg}/${bits}`);
      assert.equal(err.reason, ResultReason.InvalidField);
    }
  });

  test('non-symmetric algorithms are unsupported-algorithm', () => {
    for (const alg of [A.RSA, A.DSA, A.EC, A.ECDSA, A.Ed25519, A.SHA3_256, A.SHAKE_128, A.SM3, A.ML_KEM_768, 0x7fff]) {
      throwsKind(() => generateSymmetricKey(alg as A, 256), 'unsupported-algorithm', String(alg));
    }
  });
});

/** Checks that a generated pair works and that both halves import back to the same description. */
function checkPair(pair: GeneratedKeyPair): void {
  const priv = importKey(pair.privateKey);
  const pub = importKey(pair.publicKey);
  assert.equal(pair.privateKey.format, F.PKCS_8);
  assert.equal(pair.publicKey.format, F.X_509);
  for (const k of [priv, pub]) {
    assert.equal(k.keyType, pair.keyType);
    assert.equal(k.algorithm, pair.algorithm);
    assert.equal(k.lengthBits, pair.lengthBits);
    assert.equal(k.curve, pair.curve);
  }
  assert.ok(priv.material.equals(pair.privateKey.material), 'PKCS#8 is canonical');
  assert.ok(pub.material.equals(pair.publicKey.material), 'SPKI is canonical');
  const privObj = createPrivateKey({ key: pair.privateKey.material, format: 'der', type: 'pkcs8' });
  const pubObj = createPublicKey({ key: pair.publicKey.material, format: 'der', type: 'spki' });
  assert.ok(createPublicKey(privObj).export({ format: 'der', type: 'spki' }).equals(pair.publicKey.material), 'the halves belong together');
  const msg = Buffer.from('keyhold');
  switch (pair.keyType) {
    case 'rsa':
    case 'dsa':
    case 'ec': {
      const sig = createSign('sha256').update(msg).sign(privObj);
      assert.ok(createVerify('sha256').update(msg).verify(pubObj, sig));
      break;
    }
    case 'ed25519':
    case 'ed448':
      assert.ok(edVerify(null, msg, pubObj, edSign(null, msg, privObj)));
      break;
    case 'x25519':
    case 'x448':
      assert.equal(diffieHellman({ privateKey: privObj, publicKey: pubObj }).length, OKP[pair.keyType].publicBytes);
      break;
  }
}

describe('generateKeyPair', () => {
  test('RSA 1024, 1032, 2048, 3072 (sync) with modulus length as Cryptographic Length', () => {
    for (const bits of [1024, 1032, 2048, 3072]) {
      const pair = generateKeyPairSync({ algorithm: A.RSA, lengthBits: bits });
      assert.equal(pair.lengthBits, bits);
      assert.equal(createPublicKey({ key: pair.publicKey.material, format: 'der', type: 'spki' }).asymmetricKeyDetails?.modulusLength, bits);
      checkPair(pair);
    }
  });

  test('RSA 4096 (async, once) and the default 2048 with exponent 65537', async () => {
    const big = await generateKeyPair({ algorithm: A.RSA, lengthBits: 4096 });
    assert.equal(big.lengthBits, 4096);
    checkPair(big);
    const def = await generateKeyPair({ algorithm: A.RSA });
    assert.equal(def.lengthBits, 2048);
    assert.equal(createPublicKey({ key: def.publicKey.material, format: 'der', type: 'spki' }).asymmetricKeyDetails?.publicExponent, 65537n);
  });

  test('RSA public exponent 3 and 0x10001n', () => {
    for (const e of [3, 0x10001n]) {
      const pair = generateKeyPairSync({ algorithm: A.RSA, lengthBits: 1024, publicExponent: e });
      assert.equal(createPublicKey({ key: pair.publicKey.material, format: 'der', type: 'spki' }).asymmetricKeyDetails?.publicExponent, BigInt(e));
    }
  });

  test('RSA invalid lengths and exponents', async () => {
    for (const bits of [512, 1000, 1028, 4104, 8192]) throwsKind(() => planKeyPair({ algorithm: A.RSA, lengthBits: bits }), 'invalid-length', String(bits));
    for (const e of [1, 2, 4, 65536, 2n ** 33n + 1n]) throwsKind(() => planKeyPair({ algorithm: A.RSA, publicExponent: e }), 'invalid-parameter', String(e));
    await rejectsKind(generateKeyPair({ algorithm: A.RSA, lengthBits: 1000 }), 'invalid-length');
  });

  test('every EC curve the runtime supports (EC, ECDSA, ECDH, ECMQV labels), field size as length', () => {
    const supported = supportedEcCurves();
    assert.ok(supported.length >= 5);
    const algs = [A.EC, A.ECDSA, A.ECDH, A.ECMQV];
    let i = 0;
    for (const curve of supported) {
      const info = EC_CURVES.get(curve);
      assert.ok(info !== undefined);
      const algorithm = algs[i++ % algs.length] as A;
      const pair = generateKeyPairSync({ algorithm, curve });
      assert.equal(pair.keyType, 'ec');
      assert.equal(pair.curve, curve);
      assert.equal(pair.lengthBits, info.fieldBits);
      assert.equal(pair.algorithm, algorithm);
      checkPair(pair);
    }
  });

  test('NIST curves P-224, P-256, P-384, P-521 and secp256k1 are available', () => {
    for (const c of [C.P_224, C.P_256, C.P_384, C.P_521, C.SECP256K1]) {
      assert.ok(supportedEcCurves().includes(c), String(c));
    }
  });

  test('P-192: generated when the runtime supports it, unsupported-curve otherwise', () => {
    const info = EC_CURVES.get(C.P_192);
    assert.ok(info !== undefined);
    if (isEcCurveAvailable(info)) {
      const pair = generateKeyPairSync({ algorithm: A.ECDSA, curve: C.P_192 });
      assert.equal(pair.lengthBits, 192);
      checkPair(pair);
    } else {
      throwsKind(() => generateKeyPairSync({ algorithm: A.ECDSA, curve: C.P_192 }), 'unsupported-curve');
    }
  });

  test('the curve follows from the length alone: 192/224/256/384/521 -> P-192…P-521; neither -> P-256', () => {
    const expected: readonly [number, number][] = [[192, C.P_192], [224, C.P_224], [256, C.P_256], [384, C.P_384], [521, C.P_521]];
    for (const [bits, curve] of expected) {
      const plan = planKeyPair({ algorithm: A.EC, lengthBits: bits });
      assert.equal(plan.curve, curve);
      assert.equal(plan.lengthBits, bits);
    }
    assert.equal(planKeyPair({ algorithm: A.ECDSA }).curve, C.P_256);
    const pair = generateKeyPairSync({ algorithm: A.ECDH, lengthBits: 384 });
    assert.equal(pair.curve, C.P_384);
    checkPair(pair);
  });

  test('EC errors: unknown length, length/curve mismatch, unknown or non-EC curve', () => {
    throwsKind(() => planKeyPair({ algorithm: A.EC, lengthBits: 300 }), 'invalid-length');
    throwsKind(() => planKeyPair({ algorithm: A.EC, lengthBits: 163 }), 'invalid-length');
    throwsKind(() => planKeyPair({ algorithm: A.EC, curve: C.P_256, lengthBits: 384 }), 'mismatch');
    throwsKind(() => planKeyPair({ algorithm: A.EC, curve: 0x9999 as C }), 'unsupported-curve');
    throwsKind(() => planKeyPair({ algorithm: A.Ed25519, curve: C.P_256 }), 'unsupported-curve');
    throwsKind(() => planKeyPair({ algorithm: A.Ed448, curve: C.CURVE25519 }), 'unsupported-curve');
    throwsKind(() => planKeyPair({ algorithm: A.ECMQV, curve: C.CURVE25519 }), 'unsupported-curve');
  });

  test('Ed25519, Ed448, X25519, X448 with their reported lengths', async () => {
    const cases: readonly [Parameters<typeof generateKeyPairSync>[0], string, number, number][] = [
      [{ algorithm: A.Ed25519 }, 'ed25519', 256, C.CURVE25519],
      [{ algorithm: A.Ed25519, lengthBits: 255 }, 'ed25519', 256, C.CURVE25519],
      [{ algorithm: A.ECDSA, curve: C.CURVE25519 }, 'ed25519', 256, C.CURVE25519],
      [{ algorithm: A.Ed448 }, 'ed448', 456, C.CURVE448],
      [{ algorithm: A.Ed448, curve: C.CURVE448, lengthBits: 448 }, 'ed448', 456, C.CURVE448],
      [{ algorithm: A.ECDH, curve: C.CURVE25519 }, 'x25519', 256, C.CURVE25519],
      [{ algorithm: A.EC, curve: C.CURVE25519, lengthBits: 253 }, 'x25519', 256, C.CURVE25519],
      [{ algorithm: A.ECDH, curve: C.CURVE448 }, 'x448', 448, C.CURVE448],
    ];
    for (const [params, keyType, bits, curve] of cases) {
      const pair = generateKeyPairSync(params);
      assert.equal(pair.keyType, keyType);
      assert.equal(pair.lengthBits, bits);
      assert.equal(pair.curve, curve);
      assert.equal(pair.algorithm, params.algorithm);
      checkPair(pair);
    }
    checkPair(await generateKeyPair({ algorithm: A.Ed25519 }));
    throwsKind(() => planKeyPair({ algorithm: A.Ed25519, lengthBits: 512 }), 'invalid-length');
    throwsKind(() => planKeyPair({ algorithm: A.ECDH, curve: C.CURVE448, lengthBits: 456 }), 'invalid-length');
  });

  test('DSA 1024/160 and 2048/224 (P bits as Cryptographic Length)', () => {
    for (const [bits, q] of [[1024, 160], [2048, 224]] as const) {
      const pair = generateKeyPairSync({ algorithm: A.DSA, lengthBits: bits, qLengthBits: q });
      assert.equal(pair.keyType, 'dsa');
      assert.equal(pair.lengthBits, bits);
      assert.equal(createPublicKey({ key: pair.publicKey.material, format: 'der', type: 'spki' }).asymmetricKeyDetails?.divisorLength, q);
      checkPair(pair);
    }
    throwsKind(() => planKeyPair({ algorithm: A.DSA, lengthBits: 1536 }), 'invalid-length');
    throwsKind(() => planKeyPair({ algorithm: A.DSA, lengthBits: 1024, qLengthBits: 256 }), 'invalid-parameter');
  });

  test('algorithms without key pairs are unsupported-algorithm', () => {
    for (const alg of [A.AES, A.DH, A.HMAC_SHA256, A.ML_DSA_65, A.SM2]) {
      const err = throwsKind(() => planKeyPair({ algorithm: alg }), 'unsupported-algorithm');
      assert.ok(err instanceof KeyMaterialError);
    }
  });

  test('private key material is an owned buffer that can be wiped', () => {
    const pair = generateKeyPairSync({ algorithm: A.EC, curve: C.P_256 });
    assert.equal(pair.privateKey.material.byteOffset, 0);
    assert.equal(pair.privateKey.material.buffer.byteLength, pair.privateKey.material.length);
    wipe(pair.privateKey.material);
    assert.ok(pair.privateKey.material.every((b) => b === 0));
    throwsKind(() => importKey({ objectType: O.PrivateKey, format: F.PKCS_8, material: pair.privateKey.material }), 'bad-key-data');
  });
});
