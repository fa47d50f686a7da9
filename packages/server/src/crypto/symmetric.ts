/**
 * Symmetric keys: length rules per Cryptographic Algorithm, generation, DES parity.
 *
 * Length rules (bits; the KMIP Cryptographic Length, KMIP 2.1 §3.1 Table 11 and §4.15):
 * - AES: 128, 192, 256, and 512 — the double-length key of XTS-AES-256 [IEEE 1619, SP 800-38E]:
 *   Key1 (data) || Key2 (tweak). KMIP has no separate algorithm for XTS and a key's mode is chosen
 *   per request (Cryptographic Parameters), so Create, Register and Derive Key accept 512 for AES;
 *   Encrypt and Decrypt use a 512-bit AES key with Block Cipher Mode XTS only (Invalid Field in
 *   any other mode), and a 256-bit one as AES-256 or as XTS-AES-128. MAC and key wrapping refuse
 *   it (an AES key of 128, 192 or 256 bits).
 * - Camellia, ARIA, Twofish: 128, 192, 256. SEED, SM4, IDEA: 128. SKIPJACK: 80.
 *   ChaCha20, ChaCha20-Poly1305, Poly1305, GOST 28147-89, GOST R 34.13-2015 (Kuznyechik): 256.
 * - DES: 64 (8 bytes with parity); 56 is accepted as the same key size counted without parity.
 * - 3DES: 192 (three-key, 24 bytes with parity) or 128 (two-key, 16 bytes); 168 and 112 are
 *   accepted as the same sizes counted without parity bits ("3DES keys typically from 112 to 192
 *   bits", Table 11). The Cryptographic Length reported is the one the caller stated (so a key
 *   created with 168 keeps 168); a 3DES key imported without a stated length reports 8 × bytes.
 *   Generated DES/3DES keys have odd parity in every byte, avoid the DES weak and semi-weak keys,
 *   and have distinct sub-keys (K1 ≠ K2, K2 ≠ K3).
 * - HMAC (SHA-1, SHA-2, SHA-3, MD5): any multiple of 8 from 8 to 8192 bits.
 * - Blowfish 32–448, CAST5 40–128, RC2 8–1024, RC4 40–2048, RC5 8–2040, MARS 128–448 (step 32),
 *   all other steps 8. One-Time Pad: any multiple of 8 up to 512 KiB.
 * - Vendor extension algorithms (0x8XXXXXXX): raw random bytes, any multiple of 8 up to 8192 bits.
 * - Asymmetric, hash and post-quantum algorithms are not symmetric: `unsupported-algorithm`.
 */
import { randomFillSync } from 'node:crypto';
import { CryptographicAlgorithm } from '@keyhold/protocol';
import { KeyMaterialError } from './errors.js';
import { algorithmName } from './keytypes.js';

/** Accepted Cryptographic Length values (bits) and the key size in bytes each one means. */
interface LengthRule {
  /** Explicit lengths: bits -> bytes. */
  readonly fixed?: ReadonlyMap<number, number>;
  /** A range of lengths that are multiples of `step` (bits = 8 × bytes). */
  readonly range?: { readonly min: number; readonly max: number; readonly step: number };
}

const A = CryptographicAlgorithm;
const fixed = (...bits: number[]): LengthRule => ({ fixed: new Map(bits.map((b) => [b, b / 8])) });
const range = (min: number, max: number, step = 8): LengthRule => ({ range: { min, max, step } });

/** Upper bound for HMAC and generic keys: 8192 bits (1 KiB). */
export const MAX_GENERIC_KEY_BITS = 8192;
const HMAC = range(8, MAX_GENERIC_KEY_BITS);

const RULES: ReadonlyMap<number, LengthRule> = new Map<number, LengthRule>([
  [A.AES, fixed(128, 192, 256, 512)],
  [A.Camellia, fixed(128, 192, 256)],
  [A.ARIA, fixed(128, 192, 256)],
  [A.Twofish, fixed(128, 192, 256)],
  [A.SEED, fixed(128)],
  [A.SM4, fixed(128)],
  [A.IDEA, fixed(128)],
  [A.SKIPJACK, fixed(80)],
  [A.ChaCha20, fixed(256)],
  [A.ChaCha20Poly1305, fixed(256)],
  [A.Poly1305, fixed(256)],
  [A.GOST28147_89, fixed(256)],
  [A.GOSTR34_13_2015, fixed(256)],
  [A.DES, { fixed: new Map([[64, 8], [56, 8]]) }],
  [A.DES3, { fixed: new Map([[192, 24], [168, 24], [128, 16], [112, 16]]) }],
  [A.HMAC_SHA1, HMAC],
  [A.HMAC_SHA224, HMAC],
  [A.HMAC_SHA256, HMAC],
  [A.HMAC_SHA384, HMAC],
  [A.HMAC_SHA512, HMAC],
  [A.HMAC_MD5, HMAC],
  [A.HMAC_SHA3_224, HMAC],
  [A.HMAC_SHA3_256, HMAC],
  [A.HMAC_SHA3_384, HMAC],
  [A.HMAC_SHA3_512, HMAC],
  [A.Blowfish, range(32, 448)],
  [A.CAST5, range(40, 128)],
  [A.RC2, range(8, 1024)],
  [A.RC4, range(40, 2048)],
  [A.RC5, range(8, 2040)],
  [A.MARS, range(128, 448, 32)],
  [A.OneTimePad, range(8, 512 * 1024 * 8)],
]);

const VENDOR = range(8, MAX_GENERIC_KEY_BITS);

function ruleFor(algorithm: number): LengthRule {
  const rule = RULES.get(algorithm) ?? (algorithm >= 0x80000000 && algorithm <= 0x8fffffff ? VENDOR : undefined);
  if (rule === undefined) {
    throw new KeyMaterialError('unsupported-algorithm', `${algorithmName(algorithm)} is not a symmetric key algorithm`);
  }
  return rule;
}

/** True when `algorithm` is a symmetric algorithm this layer generates and imports. */
export function isSymmetricAlgorithm(algorithm: number): boolean {
  try {
    ruleFor(algorithm);
    return true;
  } catch {
    return false;
  }
}

/**
 * The key size in bytes for a Cryptographic Length, or an `invalid-length` error
 * (`unsupported-algorithm` for a non-symmetric algorithm).
 */
export function symmetricKeyBytes(algorithm: number, lengthBits: number): number {
  const rule = ruleFor(algorithm);
  const bytes = rule.fixed?.get(lengthBits);
  if (bytes !== undefined) return bytes;
  const r = rule.range;
  if (r !== undefined && Number.isInteger(lengthBits) && lengthBits >= r.min && lengthBits <= r.max && lengthBits % r.step === 0) {
    return lengthBits / 8;
  }
  throw new KeyMaterialError('invalid-length', `Cryptographic Length ${String(lengthBits)} is not valid for ${algorithmName(algorithm)}`);
}

/**
 * Checks that `byteLength` key bytes are a valid key for `algorithm` and returns the
 * Cryptographic Length to report: `statedBits` when given and consistent (a 24-byte 3DES key may
 * be stated as 168), else 8 × `byteLength`. A stated length that does not match the bytes is a
 * `mismatch`; bytes of an invalid size for the algorithm are `invalid-length`.
 */
export function checkSymmetricLength(algorithm: number, byteLength: number, statedBits?: number): number {
  if (statedBits !== undefined) {
    let expected: number;
    try {
      expected = symmetricKeyBytes(algorithm, statedBits);
    } catch (err) {
      if (err instanceof KeyMaterialError && err.kind === 'invalid-length') {
        throw new KeyMaterialError('mismatch', `Cryptographic Length ${String(statedBits)} is not valid for ${algorithmName(algorithm)}`);
      }
      throw err;
    }
    if (expected !== byteLength) {
      throw new KeyMaterialError('mismatch', `Cryptographic Length ${String(statedBits)} does not match a ${String(byteLength)}-byte key`);
    }
    return statedBits;
  }
  symmetricKeyBytes(algorithm, byteLength * 8);
  return byteLength * 8;
}

// ---------------------------------------------------------------------------------------------
// DES parity and weak keys
// ---------------------------------------------------------------------------------------------

/** Sets odd parity (the low bit of each byte) in place. */
export function setOddParity(key: Uint8Array): void {
  for (let i = 0; i < key.length; i++) {
    const b = (key[i] as number) & 0xfe;
    let ones = 0;
    for (let v = b; v !== 0; v >>= 1) ones += v & 1;
    key[i] = ones % 2 === 0 ? b | 1 : b;
  }
}

/** True when every byte of `key` has odd parity. */
export function hasOddParity(key: Uint8Array): boolean {
  for (const byte of key) {
    let ones = 0;
    for (let v = byte; v !== 0; v >>= 1) ones += v & 1;
    if (ones % 2 === 0) return false;
  }
  return true;
}

/** DES weak and semi-weak keys (FIPS 74 §3.6), with odd parity. */
const DES_WEAK_KEYS: readonly string[] = [
  '0101010101010101', 'fefefefefefefefe', 'e0e0e0e0f1f1f1f1', '1f1f1f1f0e0e0e0e',
  '011f011f010e010e', '1f011f010e010e01', '01e001e001f101f1', 'e001e001f101f101',
  '01fe01fe01fe01fe', 'fe01fe01fe01fe01', '1fe01fe00ef10ef1', 'e01fe01ff10ef10e',
  '1ffe1ffe0efe0efe', 'fe1ffe1ffe0efe0e', 'e0fee0fef1fef1fe', 'fee0fee0fef1fef1',
];
const WEAK = DES_WEAK_KEYS.map((h) => Buffer.from(h, 'hex'));

/** True when an 8-byte DES sub-key (with parity set) is weak or semi-weak. */
export function isWeakDesKey(sub: Uint8Array): boolean {
  return WEAK.some((w) => Buffer.compare(w, sub) === 0);
}

function desKeyAcceptable(key: Buffer): boolean {
  const subs: Buffer[] = [];
  for (let i = 0; i < key.length; i += 8) subs.push(key.subarray(i, i + 8));
  if (subs.some(isWeakDesKey)) return false;
  // Distinct neighbouring sub-keys: K1 = K2 (or K2 = K3) degrades 3DES to single DES.
  for (let i = 1; i < subs.length; i++) if (Buffer.compare(subs[i - 1] as Buffer, subs[i] as Buffer) === 0) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------

/** A generated symmetric key: owned bytes plus the Cryptographic Length to record. */
export interface GeneratedSymmetricKey {
  readonly algorithm: CryptographicAlgorithm;
  /** The Cryptographic Length to record: the requested length (e.g. 168 for a 24-byte 3DES key). */
  readonly lengthBits: number;
  /** The key (Raw format), owned by the caller: wipe it when done. */
  readonly bytes: Buffer;
}

/**
 * Generates a symmetric key of `lengthBits` for `algorithm` from the CSPRNG (see the module
 * comment for the length rules). Throws `unsupported-algorithm` for a non-symmetric algorithm and
 * `invalid-length` for a length the algorithm does not allow.
 */
export function generateSymmetricKey(algorithm: CryptographicAlgorithm, lengthBits: number): GeneratedSymmetricKey {
  const n = symmetricKeyBytes(algorithm, lengthBits);
  const bytes = Buffer.allocUnsafeSlow(n);
  const des = algorithm === CryptographicAlgorithm.DES || algorithm === CryptographicAlgorithm.DES3;
  for (;;) {
    randomFillSync(bytes);
    if (!des) break;
    setOddParity(bytes);
    if (desKeyAcceptable(bytes)) break;
  }
  return { algorithm, lengthBits, bytes };
}
