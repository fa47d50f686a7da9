/**
 * Split Key Method Polynomial Sharing Prime Field [KMIP 1.2 §2.2.5, 2.1 §13.1]: the secret, read
 * as a big-endian integer of L bits, is shared in GF(p) for the Prime Field Size p, "a prime
 * bigger than 2^L". A share is the big-endian value of the polynomial at the Key Part Identifier,
 * as many bytes as p needs.
 *
 * When the request gives no Prime Field Size, the server uses the smallest prime above 2^L (for
 * secrets of at most {@link MAX_DEFAULT_PRIME_BITS} bits; finding one for a longer secret takes
 * seconds, so the client must then give p). A given p must be prime (node:crypto checkPrime,
 * OpenSSL's Miller-Rabin) of at most {@link MAX_PRIME_FIELD_BITS} bits.
 */
import { checkPrimeSync, randomFillSync } from 'node:crypto';
import { combine, lagrangeWeights, shareValues, type Field } from './field.js';
import { ShareMismatch, type Share } from './pieces.js';

/** The longest secret for which the server finds a Prime Field Size itself. */
export const MAX_DEFAULT_PRIME_BITS = 1024;
/** The largest Prime Field Size accepted (8192-bit secrets, the longest the server generates, and a margin). */
export const MAX_PRIME_FIELD_BITS = 8192 + 64;

/** Bit length of a positive bigint. */
export function bitLength(n: bigint): number {
  return n <= 0n ? 0 : n.toString(2).length;
}

function toBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}

function toBytes(n: bigint, length: number): Buffer {
  const hex = n.toString(16).padStart(length * 2, '0');
  if (hex.length > length * 2) throw new RangeError('value longer than its field');
  return Buffer.from(hex, 'hex');
}

const defaults = new Map<number, bigint>();

/** The smallest prime above 2^bits (cached per length). */
export function defaultPrimeFieldSize(bits: number): bigint {
  let p = defaults.get(bits);
  if (p !== undefined) return p;
  p = (1n << BigInt(bits)) + 1n;
  while (!checkPrimeSync(p)) p += 2n;
  defaults.set(bits, p);
  return p;
}

/** True when `p` is a prime. */
export function isPrime(p: bigint): boolean {
  return p > 1n && checkPrimeSync(p);
}

/** GF(p) as a {@link Field} of bigints in [0, p). */
export function primeField(p: bigint): Field<bigint> {
  const bytes = Math.ceil(bitLength(p) / 8);
  const topMask = 0xff >> (bytes * 8 - bitLength(p));
  const mod = (a: bigint): bigint => ((a % p) + p) % p;
  return {
    zero: 0n,
    one: 1n,
    add: (a, b) => mod(a + b),
    sub: (a, b) => mod(a - b),
    mul: (a, b) => mod(a * b),
    inv(a) {
      // Extended Euclid: a·x ≡ 1 (mod p).
      let [r0, r1, x0, x1] = [mod(a), p, 1n, 0n];
      if (r0 === 0n) throw new RangeError('0 has no inverse');
      while (r1 !== 0n) {
        const q = r0 / r1;
        [r0, r1, x0, x1] = [r1, r0 - q * r1, x1, x0 - q * x1];
      }
      return mod(x0);
    },
    random() {
      // Rejection sampling: uniform in [0, p).
      const buf = Buffer.allocUnsafeSlow(bytes);
      for (;;) {
        randomFillSync(buf);
        buf[0] = (buf[0] as number) & topMask;
        const v = toBigInt(buf);
        if (v < p) {
          buf.fill(0);
          return v;
        }
      }
    },
    element: (i) => BigInt(i),
    equals: (a, b) => a === b,
  };
}

/** Shares `secret` (as an integer < p) in GF(p) for parts 1..`parts`. */
export function splitPrime(secret: Uint8Array, p: bigint, parts: number, threshold: number): Share[] {
  const field = primeField(p);
  const xs = Array.from({ length: parts }, (_, i) => field.element(i + 1));
  const length = Math.ceil(bitLength(p) / 8);
  const ys = shareValues(field, toBigInt(secret), xs, threshold);
  return ys.map((y, i) => ({ keyPartIdentifier: i + 1, material: toBytes(y, length) }));
}

/**
 * The secret of `secretBytes` bytes shared in GF(p) as `shares`; shares beyond the threshold must
 * lie on the same polynomial.
 * @throws ShareMismatch when they do not, or when the value is longer than the secret.
 */
export function joinPrime(shares: readonly Share[], p: bigint, threshold: number, secretBytes: number): Buffer {
  const field = primeField(p);
  const used = shares.slice(0, threshold);
  const xs = used.map((s) => field.element(s.keyPartIdentifier));
  const ys = used.map((s) => toBigInt(s.material));
  if (shares.some((s) => toBigInt(s.material) >= p)) throw new ShareMismatch('a part is not an element of the prime field');
  for (const s of shares.slice(threshold)) {
    if (combine(field, lagrangeWeights(field, xs, field.element(s.keyPartIdentifier)), ys) !== toBigInt(s.material)) {
      throw new ShareMismatch('the parts do not lie on one polynomial');
    }
  }
  const secret = combine(field, lagrangeWeights(field, xs, 0n), ys);
  if (bitLength(secret) > secretBytes * 8) throw new ShareMismatch('the joined value is longer than the secret');
  return toBytes(secret, secretBytes);
}
