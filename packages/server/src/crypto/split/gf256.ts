/**
 * GF(2^8) and Split Key Method Polynomial Sharing GF(2^8) [KMIP 1.2 §9.1.3.2.8, 2.1 §11.54].
 * The field is GF(2)[x]/(x^8+x^4+x^3+x^2+1), the polynomial "285" of KMIP 2.1 §13.1 (0x11D), with
 * bytes as elements and generator 2. KMIP 2.1 §13.1 also says "consistent with [FIPS197]", whose
 * field uses 283 (0x11B); the OASIS test cases settle it: the four 2-of-4 parts of
 * 0102…0F10 in TC-SJ-2 / TC-SJ-3 (1.2, 1.4, 2.1) are shares over 285 and not over 283
 * (test/crypto-split.test.ts checks them). Each byte of the secret is shared on its own.
 */
import type { Field } from './field.js';
import { binaryField, joinPieces, RandomBytes, splitPieces, type Share } from './pieces.js';

/** The reduction polynomial x^8+x^4+x^3+x^2+1. */
export const GF256_POLYNOMIAL = 0x11d;

const EXP = new Uint8Array(510);
const LOG = new Uint8Array(256);
{
  let v = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = v;
    EXP[i + 255] = v;
    LOG[v] = i;
    v <<= 1;
    if (v & 0x100) v ^= GF256_POLYNOMIAL;
  }
}

/**
 * a·b in GF(2^8), shift-and-add with masks: the operands are secret (coefficients, shares), so no
 * branch and no table index depends on them (the log/exp tables serve only {@link gf256Inv}, whose
 * input is public: differences of Key Part Identifiers).
 */
export function gf256Mul(a: number, b: number): number {
  let product = 0;
  let x = a;
  for (let i = 0; i < 8; i++) {
    product ^= -((b >> i) & 1) & x;
    x = (x << 1) ^ (-((x >> 7) & 1) & GF256_POLYNOMIAL);
  }
  return product & 0xff;
}

/** a^-1 in GF(2^8) (a ≠ 0). */
export function gf256Inv(a: number): number {
  if (a === 0) throw new RangeError('0 has no inverse');
  return EXP[255 - (LOG[a] as number)] as number;
}

/** GF(2^8) as a {@link Field}: addition and subtraction are XOR. */
export function gf256Field(random: RandomBytes = new RandomBytes()): Field<number> {
  return binaryField(1, gf256Mul, gf256Inv, random);
}

/** Shares a secret byte by byte over GF(2^8) (at most 255 parts). */
export function splitGf256(secret: Uint8Array, parts: number, threshold: number): Share[] {
  return splitPieces(gf256Field(), 1, secret, parts, threshold);
}

/** Joins GF(2^8) shares (see ./pieces.ts joinPieces). */
export function joinGf256(shares: readonly Share[], threshold: number, secretBytes: number): Buffer {
  return joinPieces(gf256Field(), 1, shares, threshold, secretBytes);
}
