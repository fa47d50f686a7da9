/**
 * Key Format Type conversion: every pair of formats per key type round-trips to the same
 * canonical key; known answers computed independently (node:crypto JWK export, RFC 8032 / RFC
 * 7748 test vectors, the OASIS EC keys); EC point compression forms.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, generateKeyPairSync as nodeKeyPair, type JsonWebKey } from 'node:crypto';
import {
  CryptographicAlgorithm as A,
  KeyCompressionType as KC,
  KeyFormatType as F,
  ObjectType as O,
  RecommendedCurve as C,
} from '@keyhold/protocol';
import {
  exportKey,
  generateKeyPairSync,
  generateSymmetricKey,
  importKey,
  isEncryptedPkcs8,
  publicKeyOf,
  defaultKeyFormatType,
  supportedKeyFormats,
  type ExportedKey,
  type ImportedKey,
  type KeyInput,
  type TransparentECPrivateKeyMaterial,
  type TransparentECPublicKeyMaterial,
  type TransparentRSAPrivateKeyMaterial,
  type TransparentRSAPublicKeyMaterial,
  type TransparentSymmetricKeyMaterial,
} from '../src/crypto/index.js';
import { b64uInt, hex, oasis, throwsKind, values } from './crypto-helpers.js';

function formatName(f: number): string {
  return Object.entries(F).find(([, v]) => v === f)?.[0] ?? String(f);
}

/** A KeyInput for `exported` as the server would receive it (Key Block algorithm and curve given). */
function asInput(c: ImportedKey, e: ExportedKey): KeyInput {
  return { objectType: c.objectType, format: e.format, material: e.material, algorithm: c.algorithm, lengthBits: c.lengthBits, curve: c.curve };
}

/** Every ordered pair (A, B) of formats: canonical -> A -> import -> B -> import == canonical. */
function roundTripAllPairs(canonical: ImportedKey): void {
  const formats = supportedKeyFormats(canonical.objectType, canonical.keyType);
  const direct = new Map(formats.map((f) => [f, exportKey(canonical, f)]));
  for (const a of formats) {
    const ea = direct.get(a) as ExportedKey;
    const ia = importKey(asInput(canonical, ea));
    assert.ok(ia.material.equals(canonical.material), `${formatName(a)} -> canonical`);
    assert.equal(ia.lengthBits, canonical.lengthBits);
    assert.equal(ia.algorithm, canonical.algorithm);
    assert.equal(ia.curve, canonical.curve);
    for (const b of formats) {
      const eb = exportKey(ia, b);
      assert.deepStrictEqual(eb.material, (direct.get(b) as ExportedKey).material, `${formatName(a)} -> ${formatName(b)} is deterministic`);
      const ib = importKey(asInput(canonical, eb));
      assert.ok(ib.material.equals(canonical.material), `${formatName(a)} -> ${formatName(b)} -> canonical`);
    }
  }
}

describe('round trips between every pair of formats', () => {
  test('symmetric keys (AES, 3DES 168, HMAC) in Raw, Opaque, Transparent Symmetric Key', () => {
    for (const [alg, bits] of [[A.AES, 256], [A.DES3, 168], [A.HMAC_SHA256, 264]] as const) {
      const k = generateSymmetricKey(alg, bits);
      const c = importKey({ objectType: O.SymmetricKey, format: F.Raw, material: k.bytes, algorithm: alg, lengthBits: bits });
      assert.equal(c.lengthBits, bits);
      roundTripAllPairs(c);
      const t = exportKey(c, F.TransparentSymmetricKey).material as TransparentSymmetricKeyMaterial;
      assert.ok(Buffer.from(t.key).equals(k.bytes));
    }
  });

  test('secret data in Raw and Opaque', () => {
    const c = importKey({ objectType: O.SecretData, format: F.Opaque, material: Buffer.from('password') });
    assert.equal(c.keyType, 'secret');
    assert.equal(c.algorithm, undefined);
    roundTripAllPairs(c);
    throwsKind(() => exportKey(c, F.TransparentSymmetricKey), 'unsupported-format');
  });

  const pairs = [
    ['RSA 1024', { algorithm: A.RSA, lengthBits: 1024 }],
    ['EC P-256', { algorithm: A.ECDSA, curve: C.P_256 }],
    ['EC P-521', { algorithm: A.EC, curve: C.P_521 }],
    ['EC secp256k1', { algorithm: A.ECDSA, curve: C.SECP256K1 }],
    ['EC secp160r1 (order longer than the field)', { algorithm: A.EC, curve: C.SECP160R1 }],
    ['EC K-163 (binary)', { algorithm: A.ECDH, curve: C.K_163 }],
    ['EC brainpoolP384r1', { algorithm: A.EC, curve: C.BRAINPOOLP384R1 }],
    ['Ed25519', { algorithm: A.Ed25519 }],
    ['Ed448', { algorithm: A.Ed448 }],
    ['X25519', { algorithm: A.ECDH, curve: C.CURVE25519 }],
    ['X448', { algorithm: A.ECDH, curve: C.CURVE448 }],
    ['DSA 1024', { algorithm: A.DSA, lengthBits: 1024 }],
  ] as const;
  for (const [name, params] of pairs) {
    test(`${name}: private and public keys`, () => {
      const pair = generateKeyPairSync(params);
      roundTripAllPairs(importKey(pair.privateKey));
      roundTripAllPairs(importKey(pair.publicKey));
      const derived = publicKeyOf(pair.privateKey);
      assert.ok(derived.material.equals(pair.publicKey.material), 'publicKeyOf');
      assert.equal(derived.objectType, O.PublicKey);
    });
  }
});

describe('known answers', () => {
  // TC-182: a 2048-bit RSA key registered as PKCS#1 and as Transparent RSA Private Key.
  const tc182 = oasis('v1.2/testcases/TC-182-12.xml');
  const pkcs1 = hex(values(tc182, 'KeyMaterial')[0] as string);

  test('RSA PKCS#1 (TC-182) -> transparent components equal the JWK export of node:crypto', () => {
    const c = importKey({ objectType: O.PrivateKey, format: F.PKCS_1, material: pkcs1, algorithm: A.RSA, lengthBits: 2048 });
    assert.equal(c.lengthBits, 2048);
    const jwk = createPrivateKey({ key: pkcs1, format: 'der', type: 'pkcs1' }).export({ format: 'jwk' });
    const t = exportKey(c, F.TransparentRSAPrivateKey).material as TransparentRSAPrivateKeyMaterial;
    assert.equal(t.modulus, b64uInt(jwk.n));
    assert.equal(t.publicExponent, b64uInt(jwk.e));
    assert.equal(t.privateExponent, b64uInt(jwk.d));
    assert.equal(t.p, b64uInt(jwk.p));
    assert.equal(t.q, b64uInt(jwk.q));
    assert.equal(t.primeExponentP, b64uInt(jwk.dp));
    assert.equal(t.primeExponentQ, b64uInt(jwk.dq));
    assert.equal(t.crtCoefficient, b64uInt(jwk.qi));
    // ... and equal the Transparent RSA Private Key of the same test case.
    for (const [name, v] of [['Modulus', t.modulus], ['PrivateExponent', t.privateExponent], ['PublicExponent', t.publicExponent], ['P', t.p], ['Q', t.q], ['PrimeExponentP', t.primeExponentP], ['PrimeExponentQ', t.primeExponentQ], ['CRTCoefficient', t.crtCoefficient]] as const) {
      assert.equal(BigInt(`0x${values(tc182, name)[0] as string}`), v, name);
    }
    assert.ok((exportKey(c, F.PKCS_1).material as Buffer).equals(pkcs1), 'PKCS#1 out equals PKCS#1 in');
    const pub = exportKey(publicKeyOf(c), F.TransparentRSAPublicKey).material as TransparentRSAPublicKeyMaterial;
    assert.deepStrictEqual(pub, { modulus: t.modulus, publicExponent: 65537n });
  });

  test('RSA transparent keys with partial components complete to the same key', () => {
    const full = exportKey({ objectType: O.PrivateKey, format: F.PKCS_1, material: pkcs1 }, F.TransparentRSAPrivateKey).material as TransparentRSAPrivateKeyMaterial;
    const n = full.modulus;
    const e = full.publicExponent;
    const partials: readonly [string, TransparentRSAPrivateKeyMaterial][] = [
      ['n, e, d', { modulus: n, publicExponent: e, privateExponent: full.privateExponent }],
      ['n, d, P, Q (no e)', { modulus: n, privateExponent: full.privateExponent, p: full.p, q: full.q }],
      ['n, e, P, Q', { modulus: n, publicExponent: e, p: full.p, q: full.q }],
      ['n, e, P', { modulus: n, publicExponent: e, p: full.p }],
      ['n, e, Q, CRT', { modulus: n, publicExponent: e, q: full.q, crtCoefficient: full.crtCoefficient }],
      ['n, e, dP, dQ', { modulus: n, publicExponent: e, primeExponentP: full.primeExponentP, primeExponentQ: full.primeExponentQ }],
      ['n, e, dQ', { modulus: n, publicExponent: e, primeExponentQ: full.primeExponentQ }],
    ];
    for (const [name, m] of partials) {
      const out = exportKey({ objectType: O.PrivateKey, format: F.TransparentRSAPrivateKey, material: m }, F.PKCS_1).material as Buffer;
      assert.ok(out.equals(pkcs1), name);
    }
    throwsKind(() => importKey({ objectType: O.PrivateKey, format: F.TransparentRSAPrivateKey, material: { modulus: n } }), 'missing-data');
    throwsKind(() => importKey({ objectType: O.PrivateKey, format: F.TransparentRSAPrivateKey, material: { modulus: n, p: full.p, q: full.q } }), 'missing-data');
    throwsKind(
      () => importKey({ objectType: O.PrivateKey, format: F.TransparentRSAPrivateKey, material: { ...full, crtCoefficient: (full.crtCoefficient as bigint) + 1n } }),
      'bad-key-data',
    );
  });

  // TC-ECC-1 (P-256) and TC-ECC-3 (secp256k1): SEC 1 private keys and their SPKI public keys.
  const eccCases = [
    ['P-256 (TC-ECC-1)', 'v1.1/testcases/TC-ECC-1-11.xml', C.P_256, 'P-256'],
    ['secp256k1 (TC-ECC-3)', 'v1.4/testcases/TC-ECC-3-14.xml', C.SECP256K1, 'secp256k1'],
  ] as const;
  for (const [name, file, curve, crv] of eccCases) {
    test(`EC ${name}: D and Q (uncompressed, compressed, hybrid) against the JWK export`, () => {
      const [sec1Hex, spkiHex] = values(oasis(file), 'KeyMaterial');
      const sec1 = hex(sec1Hex as string);
      const spki = hex(spkiHex as string);
      const priv = importKey({ objectType: O.PrivateKey, format: F.ECPrivateKey, material: sec1 });
      assert.equal(priv.curve, curve);
      assert.equal(priv.lengthBits, 256);
      assert.equal(priv.algorithm, A.EC);
      const jwk: JsonWebKey = createPrivateKey({ key: sec1, format: 'der', type: 'sec1' }).export({ format: 'jwk' });
      assert.equal(jwk.crv, crv);
      const x = Buffer.from(jwk.x as string, 'base64url');
      const y = Buffer.from(jwk.y as string, 'base64url');
      const t = exportKey(priv, F.TransparentECPrivateKey).material as TransparentECPrivateKeyMaterial;
      assert.deepStrictEqual(t, { recommendedCurve: curve, d: b64uInt(jwk.d) });
      assert.ok((exportKey(priv, F.ECPrivateKey).material as Buffer).equals(sec1), 'SEC 1 out equals SEC 1 in');

      const pub = importKey({ objectType: O.PublicKey, format: F.X_509, material: spki, algorithm: A.ECDSA });
      assert.ok(pub.material.equals(spki));
      assert.equal(pub.algorithm, A.ECDSA);
      assert.ok(publicKeyOf(priv).material.equals(spki), 'the public key of the private key is the SPKI of the test case');
      const uncompressed = Buffer.concat([Buffer.from([4]), x, y]);
      const odd = ((y[y.length - 1] as number) & 1) === 1;
      const compressed = Buffer.concat([Buffer.from([odd ? 3 : 2]), x]);
      const hybrid = Buffer.concat([Buffer.from([odd ? 7 : 6]), x, y]);
      const q = (kc?: KC): Buffer => Buffer.from((exportKey(pub, F.TransparentECPublicKey, kc === undefined ? {} : { keyCompressionType: kc }).material as TransparentECPublicKeyMaterial).qString);
      assert.ok(q().equals(uncompressed));
      assert.ok(q(KC.ECPublicKeyTypeUncompressed).equals(uncompressed));
      assert.ok(q(KC.ECPublicKeyTypeX9_62CompressedPrime).equals(compressed));
      assert.ok(q(KC.ECPublicKeyTypeX9_62Hybrid).equals(hybrid));
      assert.ok((exportKey(pub, F.Raw, { keyCompressionType: KC.ECPublicKeyTypeX9_62CompressedPrime }).material as Buffer).equals(compressed));
      const ex = exportKey(pub, F.TransparentECPublicKey, { keyCompressionType: KC.ECPublicKeyTypeX9_62CompressedPrime });
      assert.equal(ex.keyCompressionType, KC.ECPublicKeyTypeX9_62CompressedPrime);
      // A compressed SPKI is valid X.509 too and node:crypto reads it.
      const cspki = exportKey(pub, F.X_509, { keyCompressionType: KC.ECPublicKeyTypeX9_62CompressedPrime }).material as Buffer;
      assert.equal(cspki.length, spki.length - 32);
      assert.equal(createPublicKey({ key: cspki, format: 'der', type: 'spki' }).asymmetricKeyDetails?.namedCurve, crv === 'P-256' ? 'prime256v1' : 'secp256k1');
      // Every form imports back to the canonical (uncompressed) SPKI and reports the form it came in.
      for (const [point, kc] of [[uncompressed, undefined], [compressed, KC.ECPublicKeyTypeX9_62CompressedPrime], [hybrid, KC.ECPublicKeyTypeX9_62Hybrid]] as const) {
        for (const input of [
          { objectType: O.PublicKey, format: F.TransparentECPublicKey, material: { recommendedCurve: curve, qString: point } },
          { objectType: O.PublicKey, format: F.TransparentECDSAPublicKey, material: { recommendedCurve: curve, qString: point } },
          { objectType: O.PublicKey, format: F.Raw, material: point, curve },
        ] satisfies KeyInput[]) {
          const imp = importKey(input);
          assert.ok(imp.material.equals(spki));
          assert.equal(imp.keyCompressionType, kc);
        }
      }
      const fromCompressedSpki = importKey({ objectType: O.PublicKey, format: F.X_509, material: cspki });
      assert.ok(fromCompressedSpki.material.equals(spki));
      assert.equal(fromCompressedSpki.keyCompressionType, KC.ECPublicKeyTypeX9_62CompressedPrime);
    });
  }

  test('EC binary curve: Compressed Char2 applies, Compressed Prime does not (and vice versa on prime curves)', () => {
    const k163 = importKey(generateKeyPairSync({ algorithm: A.EC, curve: C.K_163 }).publicKey);
    const q = exportKey(k163, F.TransparentECPublicKey, { keyCompressionType: KC.ECPublicKeyTypeX9_62CompressedChar2 }).material as TransparentECPublicKeyMaterial;
    assert.equal(q.qString.length, 1 + 21);
    assert.ok(q.qString[0] === 2 || q.qString[0] === 3);
    const back = importKey({ objectType: O.PublicKey, format: F.TransparentECPublicKey, material: q });
    assert.ok(back.material.equals(k163.material));
    assert.equal(back.keyCompressionType, KC.ECPublicKeyTypeX9_62CompressedChar2);
    throwsKind(() => exportKey(k163, F.Raw, { keyCompressionType: KC.ECPublicKeyTypeX9_62CompressedPrime }), 'unsupported-compression');
    const p256 = importKey(generateKeyPairSync({ algorithm: A.EC, curve: C.P_256 }).publicKey);
    throwsKind(() => exportKey(p256, F.Raw, { keyCompressionType: KC.ECPublicKeyTypeX9_62CompressedChar2 }), 'unsupported-compression');
    throwsKind(() => exportKey(p256, F.Raw, { keyCompressionType: 0x99 as KC }), 'unsupported-compression');
  });

  test('Ed25519 (RFC 8032 §7.1 test 1) and X25519 (RFC 7748 §6.1) raw keys', () => {
    const cases = [
      [A.Ed25519, undefined, '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'ed25519'],
      [A.ECDH, C.CURVE25519, '77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a', '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a', 'x25519'],
    ] as const;
    for (const [algorithm, curve, privHex, pubHex, keyType] of cases) {
      const priv = importKey({ objectType: O.PrivateKey, format: F.Raw, material: hex(privHex), algorithm, curve });
      assert.equal(priv.keyType, keyType);
      assert.equal(priv.lengthBits, 256);
      assert.equal(priv.curve, C.CURVE25519);
      const pub = publicKeyOf(priv);
      assert.equal((exportKey(pub, F.Raw).material as Buffer).toString('hex'), pubHex);
      assert.equal((exportKey(priv, F.Raw).material as Buffer).toString('hex'), privHex);
      const t = exportKey(priv, F.TransparentECPrivateKey).material as TransparentECPrivateKeyMaterial;
      assert.deepStrictEqual(t, { recommendedCurve: C.CURVE25519, d: BigInt(`0x${privHex}`) });
      const tp = exportKey(pub, F.TransparentECPublicKey).material as TransparentECPublicKeyMaterial;
      assert.equal(Buffer.from(tp.qString).toString('hex'), pubHex);
      // The transparent form names the key type through the algorithm: Ed25519 vs ECDH.
      const back = importKey({ objectType: O.PrivateKey, format: F.TransparentECPrivateKey, material: t, algorithm });
      assert.ok(back.material.equals(priv.material));
    }
  });

  test('OKP transparent D with leading zero bytes is padded back to the fixed size', () => {
    const raw = Buffer.alloc(32, 0x11);
    raw[0] = 0;
    raw[1] = 0;
    const priv = importKey({ objectType: O.PrivateKey, format: F.Raw, material: raw, algorithm: A.Ed25519 });
    const t = exportKey(priv, F.TransparentECPrivateKey).material as TransparentECPrivateKeyMaterial;
    const again = exportKey({ objectType: O.PrivateKey, format: F.TransparentECPrivateKey, material: t, algorithm: A.Ed25519 }, F.Raw).material as Buffer;
    assert.ok(again.equals(raw));
  });

  test('raw OKP key sizes: 32, 57, 32, 56 bytes', () => {
    for (const [params, bytes] of [[{ algorithm: A.Ed25519 }, 32], [{ algorithm: A.Ed448 }, 57], [{ algorithm: A.ECDH, curve: C.CURVE25519 }, 32], [{ algorithm: A.ECDH, curve: C.CURVE448 }, 56]] as const) {
      const pair = generateKeyPairSync(params);
      assert.equal((exportKey(pair.privateKey, F.Raw).material as Buffer).length, bytes);
      assert.equal((exportKey(pair.publicKey, F.Raw).material as Buffer).length, bytes);
    }
  });

  test('DSA transparent components: shared domain parameters and y = g^x mod p', () => {
    const pair = generateKeyPairSync({ algorithm: A.DSA, lengthBits: 1024 });
    const priv = exportKey(pair.privateKey, F.TransparentDSAPrivateKey).material as { p: bigint; q: bigint; g: bigint; x: bigint };
    const pub = exportKey(pair.publicKey, F.TransparentDSAPublicKey).material as { p: bigint; q: bigint; g: bigint; y: bigint };
    assert.equal(priv.p, pub.p);
    assert.equal(priv.q, pub.q);
    assert.equal(priv.g, pub.g);
    // y = g^x mod p, computed here independently of the layer's arithmetic.
    let y = 1n;
    let b = priv.g;
    for (let e = priv.x; e > 0n; e >>= 1n) {
      if (e & 1n) y = (y * b) % priv.p;
      b = (b * b) % priv.p;
    }
    assert.equal(pub.y, y);
  });
});

describe('defaults and applicability', () => {
  test('default Key Format Types follow KMIP 2.1 Table 81', () => {
    assert.equal(defaultKeyFormatType(O.SymmetricKey, 'symmetric'), F.Raw);
    assert.equal(defaultKeyFormatType(O.SecretData, 'secret'), F.Raw);
    assert.equal(defaultKeyFormatType(O.PrivateKey, 'rsa'), F.PKCS_1);
    assert.equal(defaultKeyFormatType(O.PublicKey, 'rsa'), F.PKCS_1);
    assert.equal(defaultKeyFormatType(O.PrivateKey, 'ec'), F.TransparentECPrivateKey);
    assert.equal(defaultKeyFormatType(O.PublicKey, 'ec'), F.TransparentECPublicKey);
    assert.equal(defaultKeyFormatType(O.PrivateKey, 'dsa'), F.TransparentDSAPrivateKey);
    assert.equal(defaultKeyFormatType(O.PrivateKey, 'ed25519'), F.PKCS_8);
    assert.equal(defaultKeyFormatType(O.PublicKey, 'x448'), F.X_509);
  });

  test('formats that do not apply are unsupported-format (Key Format Type Not Supported)', () => {
    const rsa = generateKeyPairSync({ algorithm: A.RSA, lengthBits: 1024 });
    const ec = generateKeyPairSync({ algorithm: A.EC, curve: C.P_256 });
    const aes = importKey({ objectType: O.SymmetricKey, format: F.Raw, material: Buffer.alloc(16, 1), algorithm: A.AES });
    const bad: readonly [KeyInput, number][] = [
      [rsa.privateKey, F.ECPrivateKey], [rsa.privateKey, F.X_509], [rsa.privateKey, F.Raw], [rsa.publicKey, F.PKCS_8],
      [rsa.publicKey, F.TransparentRSAPrivateKey], [ec.privateKey, F.PKCS_1], [ec.privateKey, F.Raw], [ec.publicKey, F.PKCS_1],
      [ec.publicKey, F.TransparentECPrivateKey], [aes, F.PKCS_8], [aes, F.PKCS_12], [rsa.privateKey, F.PKCS_12], [rsa.publicKey, F.PKCS_10],
    ];
    for (const [key, target] of bad) throwsKind(() => exportKey(key, target as F), 'unsupported-format', formatName(target));
    throwsKind(() => exportKey(rsa.publicKey, F.PKCS_1, { keyCompressionType: KC.ECPublicKeyTypeX9_62CompressedPrime }), 'unsupported-compression');
    throwsKind(() => exportKey(aes, F.Raw, { keyCompressionType: KC.ECPublicKeyTypeX9_62CompressedPrime }), 'unsupported-compression');
    assert.ok((exportKey(rsa.publicKey, F.PKCS_1, { keyCompressionType: KC.ECPublicKeyTypeUncompressed }).material as Buffer).length > 0);
  });

  test('Key Block statements are checked against the value (mismatch) and the reported algorithm keeps a compatible label', () => {
    const ec = generateKeyPairSync({ algorithm: A.EC, curve: C.P_384 });
    assert.equal(importKey({ ...ec.privateKey, algorithm: A.ECDH }).algorithm, A.ECDH);
    assert.equal(importKey({ ...ec.privateKey, algorithm: undefined }).algorithm, A.EC);
    throwsKind(() => importKey({ ...ec.privateKey, algorithm: A.RSA }), 'mismatch');
    throwsKind(() => importKey({ ...ec.privateKey, lengthBits: 256 }), 'mismatch');
    throwsKind(() => importKey({ ...ec.privateKey, curve: C.P_256 }), 'mismatch');
    const ed = generateKeyPairSync({ algorithm: A.Ed25519 });
    assert.equal(importKey({ ...ed.publicKey, lengthBits: 253 }).lengthBits, 256, 'OKP length aliases are accepted, the canonical length reported');
    throwsKind(() => importKey({ ...ed.publicKey, algorithm: A.ECDH }), 'mismatch');
    throwsKind(() => importKey({ objectType: O.PrivateKey, format: F.Raw, material: Buffer.alloc(32, 1), algorithm: A.Ed448 }), 'bad-key-data');
    throwsKind(() => importKey({ objectType: O.PrivateKey, format: F.Raw, material: Buffer.alloc(32, 1), algorithm: A.Ed448, curve: C.CURVE25519 }), 'mismatch');
  });
});

describe('encrypted PKCS#8', () => {
  test('an EncryptedPrivateKeyInfo is recognised (PBES1 as in TC-ECC-2, PBES2); a PrivateKeyInfo and other DER are not', () => {
    const { privateKey } = nodeKeyPair('ec', { namedCurve: 'prime256v1' });
    const plain = privateKey.export({ format: 'der', type: 'pkcs8' });
    const encrypted = privateKey.export({ format: 'der', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'secret' });
    assert.equal(isEncryptedPkcs8(encrypted), true);
    assert.equal(isEncryptedPkcs8(plain), false);
    assert.equal(isEncryptedPkcs8(privateKey.export({ format: 'der', type: 'sec1' })), false);
    // The PBES1 (pbeWithSHAAnd3-KeyTripleDES-CBC) header of the OASIS key, with a stand-in body.
    const pbes1 = Buffer.from('3025301c060a2a864886f70d010c0103300e0408dc4dc656aa7bcc04020208000405' + '00'.repeat(5), 'hex');
    assert.equal(isEncryptedPkcs8(pbes1), true);
    assert.equal(isEncryptedPkcs8(Buffer.concat([encrypted, Buffer.of(0)])), false, 'trailing data');
    assert.equal(isEncryptedPkcs8(Buffer.from('0500', 'hex')), false);
    // The key layer cannot read it: without the password it is not a key.
    throwsKind(() => importKey({ objectType: O.PrivateKey, format: F.PKCS_8, material: encrypted }), 'bad-key-data');
  });
});
