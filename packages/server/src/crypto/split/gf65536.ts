/**
 * GF(2^16) and Split Key Method Polynomial Sharing GF(2^16) [KMIP 1.2 §2.2.5, 2.1 §13.1]: the
 * field is the extension GF(2^8)[y]/(y^2+y+m) of GF(2^8) (./gf256.ts) with m = {3A}; the element
 * uy + v is the byte pair (u, v), u first, so a Key Part Identifier i is (i >> 8, i & 0xFF).
 *
 * Multiplication follows from y^2 = y + m: (ry+s)(uy+v) = ((r+s)(u+v) + sv)y + (ru·m + sv).
 * (KMIP 2.1 §13.1 prints the constant term as "ru + svm", which is no field product — with it
 * the printed inverse would not be one; the inverse the specification gives,
 * (uy+v)^-1 = u·d^-1·y + (u+v)·d^-1 with d = (u+v)v + m·u^2, is the inverse under the product
 * used here, and test/crypto-split.test.ts checks that a·a^-1 = 1 for every non-zero a.)
 * The secret is shared in pieces of 16 bits.
 */
import type { Field } from './field.js';
import { gf256Inv, gf256Mul } from './gf256.js';
import { binaryField, joinPieces, RandomBytes, splitPieces, type Share } from './pieces.js';

/** m of y^2 + y + m. */
export const GF65536_M = 0x3a;

/** (ry+s)(uy+v) in GF(2^16), elements as (u << 8) | v. */
export function gf65536Mul(a: number, b: number): number {
  const r = a >> 8;
  const s = a & 0xff;
  const u = b >> 8;
  const v = b & 0xff;
  const sv = gf256Mul(s, v);
  const high = gf256Mul(r ^ s, u ^ v) ^ sv;
  const low = gf256Mul(gf256Mul(r, u), GF65536_M) ^ sv;
  return (high << 8) | low;
}

/** (uy+v)^-1 = u·d^-1·y + (u+v)·d^-1, d = (u+v)v + m·u^2 [KMIP 2.1 §13.1]. */
export function gf65536Inv(a: number): number {
  if (a === 0) throw new RangeError('0 has no inverse');
  const u = a >> 8;
  const v = a & 0xff;
  const d = gf256Mul(u ^ v, v) ^ gf256Mul(GF65536_M, gf256Mul(u, u));
  const dInv = gf256Inv(d);
  return (gf256Mul(u, dInv) << 8) | gf256Mul(u ^ v, dInv);
}

/** GF(2^16) as a {@link Field}. */
export function gf65536Field(random: RandomBytes = new RandomBytes()): Field<number> {
  return binaryField(2, gf65536Mul, gf65536Inv, random);
}

/** Shares a secret in 16-bit pieces over GF(2^16) (at most 65535 parts). */
export function splitGf65536(secret: Uint8Array, parts: number, threshold: number): Share[] {
  return splitPieces(gf65536Field(), 2, secret, parts, threshold);
}

/** Joins GF(2^16) shares (see ./pieces.ts joinPieces). */
export function joinGf65536(shares: readonly Share[], threshold: number, secretBytes: number): Buffer {
  return joinPieces(gf65536Field(), 2, shares, threshold, secretBytes);
}
