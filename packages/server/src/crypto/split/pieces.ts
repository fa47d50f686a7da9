/**
 * Secret sharing over a small field (GF(2^8), GF(2^16)) applied piece by piece [KMIP 1.2 §2.2.5,
 * 2.1 §13.1: "secret sharing is applied piecewise in pieces of 16 bits each … the Key Material …
 * is the concatenation of the corresponding shares of all pieces of the secret"]. A piece of
 * `width` bytes is one field element, most significant byte first; a secret that is not a whole
 * number of pieces gets zero bytes before its last piece, so each share is a whole number of
 * pieces long.
 */
import { randomFillSync } from 'node:crypto';
import { combine, lagrangeWeights, shareValues, type Field } from './field.js';

/** One part of a shared secret: its Key Part Identifier (1, 2, …) and its bytes. */
export interface Share {
  readonly keyPartIdentifier: number;
  readonly material: Buffer;
}

/** A secret did not come back from its shares: they do not belong to one split, or are too few. */
export class ShareMismatch extends Error {}

/** Random bytes drawn 4 KiB at a time from the cryptographic generator (and wiped when used). */
export class RandomBytes {
  private readonly pool = Buffer.allocUnsafeSlow(4096);
  private offset = this.pool.length;

  /** The next `n` (≤ 4096) random bytes as an unsigned big-endian integer (n ≤ 6). */
  next(n: number): number {
    if (this.offset + n > this.pool.length) {
      randomFillSync(this.pool);
      this.offset = 0;
    }
    let v = 0;
    for (let i = 0; i < n; i++) {
      v = v * 256 + (this.pool[this.offset] as number);
      this.pool[this.offset++] = 0;
    }
    return v;
  }
}

/**
 * GF(2^(8·width)) as a {@link Field}, its elements the integers of `width` bytes, given its
 * product and inverse: addition and subtraction are XOR; a random element is `width` random bytes.
 */
export function binaryField(width: number, mul: (a: number, b: number) => number, inv: (a: number) => number, random: RandomBytes = new RandomBytes()): Field<number> {
  return {
    zero: 0,
    one: 1,
    add: (a, b) => a ^ b,
    sub: (a, b) => a ^ b,
    mul,
    inv,
    random: () => random.next(width),
    element: (i) => i,
    equals: (a, b) => a === b,
  };
}

function readPiece(bytes: Uint8Array, start: number, end: number): number {
  let v = 0;
  for (let i = start; i < end; i++) v = v * 256 + (bytes[i] as number);
  return v;
}

function writePiece(out: Buffer, at: number, width: number, v: number): void {
  for (let i = width - 1; i >= 0; i--) {
    out[at + i] = v & 0xff;
    v = Math.floor(v / 256);
  }
}

/** Shares of `secret` for parts 1..`parts`, any `threshold` of which give it back. */
export function splitPieces(field: Field<number>, width: number, secret: Uint8Array, parts: number, threshold: number): Share[] {
  const pieces = Math.ceil(secret.length / width);
  const xs = Array.from({ length: parts }, (_, i) => field.element(i + 1));
  const out = xs.map(() => Buffer.alloc(pieces * width));
  for (let p = 0; p < pieces; p++) {
    // The last piece may be short: read as a number, it has zero bytes before it.
    const ys = shareValues(field, readPiece(secret, p * width, Math.min((p + 1) * width, secret.length)), xs, threshold);
    ys.forEach((y, i) => writePiece(out[i] as Buffer, p * width, width, y));
  }
  return out.map((material, i) => ({ keyPartIdentifier: i + 1, material }));
}

/**
 * The secret of `secretBytes` bytes shared as `shares` (at least `threshold`, distinct Key Part
 * Identifiers, equal lengths). Shares beyond the threshold must lie on the same polynomial.
 * @throws ShareMismatch when they do not, or when the padding before the last piece is not zero.
 */
export function joinPieces(field: Field<number>, width: number, shares: readonly Share[], threshold: number, secretBytes: number): Buffer {
  const used = shares.slice(0, threshold);
  const extra = shares.slice(threshold);
  const pieces = (shares[0]?.material.length ?? 0) / width;
  const xs = used.map((s) => field.element(s.keyPartIdentifier));
  const atZero = lagrangeWeights(field, xs, field.zero);
  const checks = extra.map((s) => ({ weights: lagrangeWeights(field, xs, field.element(s.keyPartIdentifier)), share: s }));
  const joined = Buffer.alloc(pieces * width);
  for (let p = 0; p < pieces; p++) {
    const at = p * width;
    const ys = used.map((s) => readPiece(s.material, at, at + width));
    for (const c of checks) {
      if (!field.equals(combine(field, c.weights, ys), readPiece(c.share.material, at, at + width))) {
        joined.fill(0);
        throw new ShareMismatch('the parts do not lie on one polynomial');
      }
    }
    writePiece(joined, at, width, combine(field, atZero, ys));
  }
  const pad = joined.length - secretBytes;
  if (pad < 0 || pad >= width || joined.subarray(joined.length - width, joined.length - width + pad).some((b) => b !== 0)) {
    joined.fill(0);
    throw new ShareMismatch('the joined value is not as long as the secret');
  }
  if (pad === 0) return joined;
  const out = Buffer.concat([joined.subarray(0, joined.length - width), joined.subarray(joined.length - width + pad)]);
  joined.fill(0);
  return out;
}
