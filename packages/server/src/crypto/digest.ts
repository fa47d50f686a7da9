/**
 * The Digest attribute's value [KMIP 1.2 §3.17, KMIP 2.1 §4.21]:
 *
 * > If the Key Material is a Byte String, then the Digest Value SHALL be calculated on this Byte
 * > String. If the Key Material is a structure, then the Digest Value SHALL be calculated on the
 * > TTLV-encoded Key Material structure. The Key Format Type field in the Digest attribute
 * > indicates the format of the Managed Object from which the Digest Value was calculated.
 *
 * So the encoding digested is the Key Material *in a given Key Format Type*: the raw key bytes
 * for Raw/Opaque, the DER for PKCS#1/PKCS#8/X.509/EC Private Key, and for a transparent format the
 * complete TTLV item of the Key Material structure (tag 0x420043, type Structure, length, and
 * its fields in specification order, Big Integers in minimal two's complement width padded to a
 * multiple of 8 bytes). The mandatory instance uses SHA-256; 1.2 says a registered object's
 * digest uses the Key Format Type it was registered in, 2.1 says "the default Key Value Format for
 * this object type and algorithm" — {@link keyDigest} takes the format as a parameter.
 *
 * Which function to use: for Register, {@link digestKeyMaterial} over the Key Material exactly as
 * the client supplied it (in its Key Format Type) — a partial Transparent RSA Private Key or a
 * non-canonical DER digests as sent, which is what the OASIS cases expect; for keys the server
 * creates (Create, Create Key Pair, Re-key) or for an additional format, {@link keyDigest} over the
 * stored key converted to that format.
 *
 * Known answers (OASIS test cases, checked in the tests): TC-NP-2 and BL-M-14 (AES Raw), TC-181
 * (AES Raw and Transparent Symmetric Key), TC-182 (RSA PKCS#1 and Transparent RSA Private Key).
 */
import { createHash, getHashes } from 'node:crypto';
import { HashingAlgorithm, KeyFormatType, Tag } from '@keyhold/protocol';
import { unsignedByteLength, writeBigIntBE } from './der.js';
import { KeyMaterialError } from './errors.js';
import { exportKey, formatName } from './formats.js';
import type { KeyInput, KeyMaterialValue, TransparentKeyMaterial } from './types.js';
import { wipe } from './wipe.js';

/** node:crypto hash names of the KMIP Hashing Algorithms (Tiger, MD2 have none in OpenSSL 3). */
const HASH_NAMES: ReadonlyMap<number, string> = new Map([
  [HashingAlgorithm.MD4, 'md4'],
  [HashingAlgorithm.MD5, 'md5'],
  [HashingAlgorithm.SHA_1, 'sha1'],
  [HashingAlgorithm.SHA_224, 'sha224'],
  [HashingAlgorithm.SHA_256, 'sha256'],
  [HashingAlgorithm.SHA_384, 'sha384'],
  [HashingAlgorithm.SHA_512, 'sha512'],
  [HashingAlgorithm.RIPEMD_160, 'ripemd160'],
  [HashingAlgorithm.Whirlpool, 'whirlpool'],
  [HashingAlgorithm.SHA_512_224, 'sha512-224'],
  [HashingAlgorithm.SHA_512_256, 'sha512-256'],
  [HashingAlgorithm.SHA3_224, 'sha3-224'],
  [HashingAlgorithm.SHA3_256, 'sha3-256'],
  [HashingAlgorithm.SHA3_384, 'sha3-384'],
  [HashingAlgorithm.SHA3_512, 'sha3-512'],
]);

const usable = new Map<number, boolean>();

/** True when the runtime can compute `algorithm` (listed by OpenSSL and not refused by its providers). */
export function isHashingAlgorithmSupported(algorithm: number): boolean {
  let ok = usable.get(algorithm);
  if (ok === undefined) {
    const name = HASH_NAMES.get(algorithm);
    ok = name !== undefined && getHashes().includes(name);
    if (ok && name !== undefined) {
      try {
        createHash(name).update('').digest();
      } catch {
        ok = false;
      }
    }
    usable.set(algorithm, ok);
  }
  return ok;
}

/**
 * The digest of `bytes` with a KMIP Hashing Algorithm (default SHA-256). An algorithm OpenSSL
 * does not provide (MD2, Tiger, and MD4/Whirlpool without the legacy provider) is
 * `unsupported-algorithm`.
 */
export function digest(bytes: Uint8Array, hashingAlgorithm: HashingAlgorithm = HashingAlgorithm.SHA_256): Buffer {
  const name = HASH_NAMES.get(hashingAlgorithm);
  if (name === undefined || !isHashingAlgorithmSupported(hashingAlgorithm)) {
    throw new KeyMaterialError('unsupported-algorithm', `Hashing Algorithm 0x${Number(hashingAlgorithm).toString(16)} is not supported`);
  }
  return createHash(name).update(bytes).digest();
}

// ---------------------------------------------------------------------------------------------
// TTLV encoding of transparent Key Material
// ---------------------------------------------------------------------------------------------

type Field =
  | { readonly tag: number; readonly kind: 'big'; readonly value: bigint }
  | { readonly tag: number; readonly kind: 'enum'; readonly value: number }
  | { readonly tag: number; readonly kind: 'bytes'; readonly value: Uint8Array };

const pad8 = (n: number): number => (n + 7) & ~7;

/** Encoded value length of a (non-negative) Big Integer: minimal two's complement, padded to 8. */
function bigLen(v: bigint): number {
  // Minimal two's complement of v >= 0 needs a leading 0 bit: bytes(v) + 1 if the top bit is set.
  const n = unsignedByteLength(v);
  const top = n === 0 ? 0 : Number(v >> BigInt((n - 1) * 8));
  return pad8(Math.max(1, n + (top >= 0x80 ? 1 : 0)));
}

function fieldsOf(format: KeyFormatType, m: TransparentKeyMaterial): Field[] {
  const rec = m as unknown as Record<string, unknown>;
  const big = (tag: number, name: string, required: boolean): Field[] => {
    const v = rec[name];
    if (v === undefined) {
      if (required) throw new KeyMaterialError('missing-data', `Key Material of ${formatName(format)} lacks ${name}`);
      return [];
    }
    if (typeof v !== 'bigint' || v < 0n) throw new KeyMaterialError('bad-key-data', `${name} is not a non-negative Big Integer`);
    return [{ tag, kind: 'big', value: v }];
  };
  const bytes = (tag: number, name: string): Field[] => {
    const v = rec[name];
    if (!(v instanceof Uint8Array)) throw new KeyMaterialError('bad-key-data', `${name} is not a Byte String`);
    return [{ tag, kind: 'bytes', value: v }];
  };
  const curve = (): Field[] => {
    const v = rec['recommendedCurve'];
    if (typeof v !== 'number') throw new KeyMaterialError('missing-data', 'Key Material lacks recommendedCurve');
    return [{ tag: Tag.RecommendedCurve, kind: 'enum', value: v }];
  };
  const F = KeyFormatType;
  switch (format) {
    case F.TransparentSymmetricKey:
      return bytes(Tag.Key, 'key');
    case F.TransparentRSAPrivateKey:
      return [
        ...big(Tag.Modulus, 'modulus', true),
        ...big(Tag.PrivateExponent, 'privateExponent', false),
        ...big(Tag.PublicExponent, 'publicExponent', false),
        ...big(Tag.P, 'p', false),
        ...big(Tag.Q, 'q', false),
        ...big(Tag.PrimeExponentP, 'primeExponentP', false),
        ...big(Tag.PrimeExponentQ, 'primeExponentQ', false),
        ...big(Tag.CRTCoefficient, 'crtCoefficient', false),
      ];
    case F.TransparentRSAPublicKey:
      return [...big(Tag.Modulus, 'modulus', true), ...big(Tag.PublicExponent, 'publicExponent', true)];
    case F.TransparentDSAPrivateKey:
      return [...big(Tag.P, 'p', true), ...big(Tag.Q, 'q', true), ...big(Tag.G, 'g', true), ...big(Tag.X, 'x', true)];
    case F.TransparentDSAPublicKey:
      return [...big(Tag.P, 'p', true), ...big(Tag.Q, 'q', true), ...big(Tag.G, 'g', true), ...big(Tag.Y, 'y', true)];
    case F.TransparentDHPrivateKey:
      return [...big(Tag.P, 'p', true), ...big(Tag.Q, 'q', false), ...big(Tag.G, 'g', true), ...big(Tag.J, 'j', false), ...big(Tag.X, 'x', true)];
    case F.TransparentDHPublicKey:
      return [...big(Tag.P, 'p', true), ...big(Tag.Q, 'q', false), ...big(Tag.G, 'g', true), ...big(Tag.J, 'j', false), ...big(Tag.Y, 'y', true)];
    case F.TransparentECPrivateKey:
    case F.TransparentECDSAPrivateKey:
    case F.TransparentECDHPrivateKey:
    case F.TransparentECMQVPrivateKey:
      return [...curve(), ...big(Tag.D, 'd', true)];
    case F.TransparentECPublicKey:
    case F.TransparentECDSAPublicKey:
    case F.TransparentECDHPublicKey:
    case F.TransparentECMQVPublicKey:
      return [...curve(), ...bytes(Tag.QString, 'qString')];
    default:
      throw new KeyMaterialError('unsupported-format', `Key Format Type ${formatName(format)} has no transparent structure`);
  }
}

function header(out: Buffer, p: number, tag: number, type: number, len: number): number {
  out[p] = tag >>> 16;
  out[p + 1] = (tag >>> 8) & 0xff;
  out[p + 2] = tag & 0xff;
  out[p + 3] = type;
  out.writeUInt32BE(len, p + 4);
  return p + 8;
}

/**
 * The TTLV encoding of a transparent Key Material structure in `format` (one owned Buffer, the
 * complete item with tag Key Material). Fields are written in specification order; absent
 * optional fields are omitted.
 */
export function encodeTransparentKeyMaterial(format: KeyFormatType, material: TransparentKeyMaterial): Buffer {
  const fields = fieldsOf(format, material);
  const lens = fields.map((f) => (f.kind === 'big' ? bigLen(f.value) : f.kind === 'enum' ? 4 : f.value.length));
  const body = lens.reduce((s, l) => s + 8 + pad8(l), 0);
  const out = Buffer.allocUnsafeSlow(8 + body);
  out.fill(0);
  let p = header(out, 0, Tag.KeyMaterial, 0x01, body);
  fields.forEach((f, i) => {
    const len = lens[i] as number;
    switch (f.kind) {
      case 'big':
        p = header(out, p, f.tag, 0x04, len);
        writeBigIntBE(f.value, out, p, len);
        break;
      case 'enum':
        p = header(out, p, f.tag, 0x05, 4);
        out.writeUInt32BE(f.value >>> 0, p);
        break;
      case 'bytes':
        p = header(out, p, f.tag, 0x08, len);
        out.set(f.value, p);
        break;
    }
    p += pad8(len);
  });
  return out;
}

/**
 * The Digest Value of Key Material as given in `format` (see the module comment): the hash of
 * the bytes for a Byte String format, of the TTLV-encoded structure for a transparent one.
 */
export function digestKeyMaterial(format: KeyFormatType, material: KeyMaterialValue, hashingAlgorithm: HashingAlgorithm = HashingAlgorithm.SHA_256): Buffer {
  if (material instanceof Uint8Array) return digest(material, hashingAlgorithm);
  const ttlv = encodeTransparentKeyMaterial(format, material);
  try {
    return digest(ttlv, hashingAlgorithm);
  } finally {
    wipe(ttlv);
  }
}

/** Wipes the owned byte fields of an exported transparent structure (bigints cannot be wiped). */
function wipeMaterial(m: Buffer | TransparentKeyMaterial): void {
  if (m instanceof Uint8Array) wipe(m);
  else for (const v of Object.values(m)) if (v instanceof Uint8Array) wipe(v);
}

/**
 * The Digest Value of a key (any supported input) in Key Format Type `format` — e.g. Raw for a
 * symmetric key, PKCS#1 for an RSA key registered as PKCS#1, Transparent EC Private Key for the
 * default EC private format. Converts with {@link exportKey} (so `format` must apply to the key)
 * and wipes the intermediate material.
 */
export function keyDigest(key: KeyInput, format: KeyFormatType, hashingAlgorithm: HashingAlgorithm = HashingAlgorithm.SHA_256): Buffer {
  const out = exportKey(key, format);
  try {
    return digestKeyMaterial(format, out.material, hashingAlgorithm);
  } finally {
    wipeMaterial(out.material);
  }
}
