/**
 * The Digest attribute value: known answers from the OASIS test cases (registered keys whose
 * Digest the expected responses give), and the transparent Key Material TTLV encoding checked
 * against the protocol package's TTLV writer.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  CryptographicAlgorithm as A,
  HashingAlgorithm as H,
  ItemType,
  KeyFormatType as F,
  ObjectType as O,
  RecommendedCurve as C,
  Tag,
  encodeTtlv,
  type TtlvNode,
} from '@keyhold/protocol';
import {
  digest,
  digestKeyMaterial,
  encodeTransparentKeyMaterial,
  generateKeyPairSync,
  importKey,
  isHashingAlgorithmSupported,
  keyDigest,
  type TransparentRSAPrivateKeyMaterial,
} from '../src/crypto/index.js';
import { hex, oasis, throwsKind, value, values } from './crypto-helpers.js';

/** The Digest Values in a test case's expected responses, in order. */
function digests(xml: string): string[] {
  return values(xml, 'DigestValue');
}

describe('Digest known answers (OASIS test cases)', () => {
  test('TC-NP-2 (1.0/1.2) and BL-M-14 (3.0): AES key registered as Raw -> SHA-256 of the key bytes', () => {
    for (const file of ['v1.0/testcases/TC-NP-2-10.xml', 'v1.2/testcases/TC-NP-2-12.xml', 'v3.0/mandatory/BL-M-14-30.xml']) {
      const xml = oasis(file);
      const key = hex(value(xml, 'KeyMaterial'));
      assert.equal(digest(key).toString('hex'), digests(xml)[0], file);
      const imported = importKey({ objectType: O.SymmetricKey, format: F.Raw, material: key, algorithm: A.AES });
      assert.equal(keyDigest(imported, F.Raw).toString('hex'), digests(xml)[0], file);
    }
  });

  test('TC-181: Raw, Transparent Symmetric Key (TTLV-encoded Key Material) and a created key', () => {
    const xml = oasis('v1.2/testcases/TC-181-12.xml');
    const [rawDigest, transparentDigest, createdDigest] = digests(xml);
    const [raw, created] = values(xml, 'KeyMaterial').map(hex);
    const key = hex(value(xml, 'Key'));
    assert.equal(digestKeyMaterial(F.Raw, raw as Buffer).toString('hex'), rawDigest);
    assert.equal(digestKeyMaterial(F.TransparentSymmetricKey, { key }).toString('hex'), transparentDigest);
    // The same, spelled out: SHA-256 over 42 00 43 | 01 | 00000028 | 42 00 3F | 08 | 00000020 | key.
    const ttlv = Buffer.concat([hex('420043 01 00000028 42003f 08 00000020'), key]);
    assert.equal(createHash('sha256').update(ttlv).digest('hex'), transparentDigest);
    assert.ok(encodeTransparentKeyMaterial(F.TransparentSymmetricKey, { key }).equals(ttlv));
    const sym = importKey({ objectType: O.SymmetricKey, format: F.TransparentSymmetricKey, material: { key }, algorithm: A.AES, lengthBits: 256 });
    assert.equal(keyDigest(sym, F.TransparentSymmetricKey).toString('hex'), transparentDigest);
    assert.equal(keyDigest(sym, F.Raw).toString('hex'), digest(key).toString('hex'));
    // A key the server created, later returned by Get in Raw form.
    assert.equal(digest(created as Buffer).toString('hex'), createdDigest);
  });

  test('TC-182: RSA private key registered as PKCS#1 (DER) and as Transparent RSA Private Key (TTLV)', () => {
    const xml = oasis('v1.2/testcases/TC-182-12.xml');
    const [pkcs1Digest, transparentDigest] = digests(xml);
    const pkcs1 = hex(value(xml, 'KeyMaterial'));
    const big = (n: string): bigint => BigInt(`0x${value(xml, n)}`);
    const t: TransparentRSAPrivateKeyMaterial = {
      modulus: big('Modulus'),
      privateExponent: big('PrivateExponent'),
      publicExponent: big('PublicExponent'),
      p: big('P'),
      q: big('Q'),
      primeExponentP: big('PrimeExponentP'),
      primeExponentQ: big('PrimeExponentQ'),
      crtCoefficient: big('CRTCoefficient'),
    };
    assert.equal(digestKeyMaterial(F.PKCS_1, pkcs1).toString('hex'), pkcs1Digest);
    assert.equal(digestKeyMaterial(F.TransparentRSAPrivateKey, t).toString('hex'), transparentDigest);
    // From the stored (canonical PKCS#8) form, both digests are reproduced.
    const stored = importKey({ objectType: O.PrivateKey, format: F.PKCS_1, material: pkcs1 });
    assert.equal(stored.format, F.PKCS_8);
    assert.equal(keyDigest(stored, F.PKCS_1).toString('hex'), pkcs1Digest);
    assert.equal(keyDigest(stored, F.TransparentRSAPrivateKey).toString('hex'), transparentDigest);
    const fromTransparent = importKey({ objectType: O.PrivateKey, format: F.TransparentRSAPrivateKey, material: t });
    assert.ok(fromTransparent.material.equals(stored.material));
  });

  test('TC-PKCS12-2 (1.4): the private key of a PKCS#12 returned as PKCS#8 -> SHA-256 of the DER', () => {
    const xml = oasis('v1.4/testcases/TC-PKCS12-2-14.xml');
    const m = /<KeyFormatType type="Enumeration" value="PKCS_8"\/>\s*<KeyValue>\s*<KeyMaterial type="ByteString" value="([0-9a-f]+)"/.exec(xml);
    assert.ok(m !== null);
    const pkcs8 = hex(m[1] as string);
    assert.equal(digest(pkcs8).toString('hex'), digests(xml)[0]);
    const k = importKey({ objectType: O.PrivateKey, format: F.PKCS_8, material: pkcs8, algorithm: A.RSA, lengthBits: 4096 });
    assert.equal(keyDigest(k, F.PKCS_8).toString('hex'), digests(xml)[0]);
  });
});

describe('transparent Key Material TTLV encoding', () => {
  function node(tag: number, fields: TtlvNode[]): TtlvNode {
    return { tag, type: ItemType.Structure, value: fields };
  }
  const big = (tag: number, v: bigint): TtlvNode => ({ tag, type: ItemType.BigInteger, value: v });

  test('matches the protocol TTLV writer for RSA (partial), EC, DSA and symmetric structures', () => {
    const ec = generateKeyPairSync({ algorithm: A.EC, curve: C.P_256 });
    const rsaPartial = { modulus: 0xff00000000000001n, publicExponent: 65537n, privateExponent: 0x7fn, crtCoefficient: 0x80n };
    assert.ok(
      encodeTransparentKeyMaterial(F.TransparentRSAPrivateKey, rsaPartial).equals(
        encodeTtlv(node(Tag.KeyMaterial, [big(Tag.Modulus, rsaPartial.modulus), big(Tag.PrivateExponent, 0x7fn), big(Tag.PublicExponent, 65537n), big(Tag.CRTCoefficient, 0x80n)])),
      ),
    );
    const d = 0x00ab_cdefn;
    assert.ok(
      encodeTransparentKeyMaterial(F.TransparentECPrivateKey, { recommendedCurve: C.P_256, d }).equals(
        encodeTtlv(node(Tag.KeyMaterial, [{ tag: Tag.RecommendedCurve, type: ItemType.Enumeration, value: C.P_256 }, big(Tag.D, d)])),
      ),
    );
    const q = Buffer.from(ec.publicKey.material.subarray(-65));
    assert.ok(
      encodeTransparentKeyMaterial(F.TransparentECDSAPublicKey, { recommendedCurve: C.P_256, qString: q }).equals(
        encodeTtlv(node(Tag.KeyMaterial, [{ tag: Tag.RecommendedCurve, type: ItemType.Enumeration, value: C.P_256 }, { tag: Tag.QString, type: ItemType.ByteString, value: q }])),
      ),
    );
    const dsa = { p: 23n, q: 11n, g: 4n, x: 3n };
    assert.ok(
      encodeTransparentKeyMaterial(F.TransparentDSAPrivateKey, dsa).equals(
        encodeTtlv(node(Tag.KeyMaterial, [big(Tag.P, 23n), big(Tag.Q, 11n), big(Tag.G, 4n), big(Tag.X, 3n)])),
      ),
    );
    const key = Buffer.alloc(13, 7);
    assert.ok(encodeTransparentKeyMaterial(F.TransparentSymmetricKey, { key }).equals(encodeTtlv(node(Tag.KeyMaterial, [{ tag: Tag.Key, type: ItemType.ByteString, value: key }]))));
  });

  test('Big Integers: a set top bit adds a sign byte, widths are multiples of 8', () => {
    const enc = encodeTransparentKeyMaterial(F.TransparentRSAPublicKey, { modulus: 0x80n << 56n, publicExponent: 0n });
    // Modulus 0x80 00..00 (8 bytes, top bit set) -> 16 bytes; 0 -> 8 zero bytes.
    assert.equal(enc.toString('hex'), '42004301' + '00000028' + '42005204' + '00000010' + '0000000000000000' + '8000000000000000' + '42006c04' + '00000008' + '0000000000000000');
  });

  test('missing required fields and non-transparent formats are rejected', () => {
    throwsKind(() => encodeTransparentKeyMaterial(F.TransparentRSAPublicKey, { modulus: 5n } as never), 'missing-data');
    throwsKind(() => encodeTransparentKeyMaterial(F.PKCS_1, { key: Buffer.alloc(1) }), 'unsupported-format');
    throwsKind(() => encodeTransparentKeyMaterial(F.TransparentRSAPublicKey, { modulus: -5n, publicExponent: 3n }), 'bad-key-data');
  });
});

describe('hashing algorithms', () => {
  test('SHA-2, SHA-3 and SHA-1/MD5 digests agree with node:crypto', () => {
    const data = Buffer.from('keyhold');
    const names: readonly [H, string][] = [
      [H.SHA_1, 'sha1'], [H.SHA_224, 'sha224'], [H.SHA_256, 'sha256'], [H.SHA_384, 'sha384'], [H.SHA_512, 'sha512'],
      [H.SHA_512_224, 'sha512-224'], [H.SHA_512_256, 'sha512-256'], [H.SHA3_224, 'sha3-224'], [H.SHA3_256, 'sha3-256'],
      [H.SHA3_384, 'sha3-384'], [H.SHA3_512, 'sha3-512'], [H.MD5, 'md5'],
    ];
    for (const [alg, name] of names) {
      assert.ok(isHashingAlgorithmSupported(alg), name);
      assert.ok(digest(data, alg).equals(createHash(name).update(data).digest()), name);
    }
    assert.equal(digest(data).length, 32, 'SHA-256 by default');
  });

  test('algorithms OpenSSL lacks are unsupported-algorithm', () => {
    for (const alg of [H.MD2, H.Tiger, 0x99 as H]) {
      assert.equal(isHashingAlgorithmSupported(alg), false);
      throwsKind(() => digest(Buffer.alloc(1), alg), 'unsupported-algorithm');
    }
  });
});
