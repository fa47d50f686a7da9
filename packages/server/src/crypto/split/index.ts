/**
 * Split Key Methods [KMIP 1.2 §2.2.5 and §9.1.3.2.8, 2.1 §2.8, §11.54 and §13.1]: one module per
 * method — ./xor.ts (XOR), ./gf65536.ts (Polynomial Sharing GF(2^16)), ./prime.ts (Polynomial
 * Sharing Prime Field), ./gf256.ts (Polynomial Sharing GF(2^8), KMIP 1.2 and later) — over the
 * shared polynomial arithmetic of ./field.ts and ./pieces.ts. Coefficients and XOR parts come
 * from node:crypto's generator. This module checks the parameters and turns a failed join into
 * Cryptographic Failure (the Result Reason of the OASIS TC-SJ test cases for too few parts).
 */
import { KmipError, ResultReason, SplitKeyMethod } from '@keyhold/protocol';
import { joinGf256, splitGf256 } from './gf256.js';
import { joinGf65536, splitGf65536 } from './gf65536.js';
import { ShareMismatch, type Share } from './pieces.js';
import { bitLength, defaultPrimeFieldSize, isPrime, joinPrime, MAX_DEFAULT_PRIME_BITS, MAX_PRIME_FIELD_BITS, splitPrime } from './prime.js';
import { joinXor, splitXor } from './xor.js';

export type { Share } from './pieces.js';
export { MAX_DEFAULT_PRIME_BITS, MAX_PRIME_FIELD_BITS } from './prime.js';

/** The fields of a Split Key object that say how it was split. */
export interface SplitParameters {
  readonly splitKeyMethod: number;
  readonly splitKeyParts: number;
  readonly splitKeyThreshold: number;
  readonly primeFieldSize?: bigint | undefined;
}

/** The most parts one split makes (255: every Key Part Identifier is an element of GF(2^8)). */
export const MAX_SPLIT_KEY_PARTS = 255;

/** The Split Key Methods this server implements. */
export const SPLIT_KEY_METHODS: readonly SplitKeyMethod[] = [
  SplitKeyMethod.XOR,
  SplitKeyMethod.PolynomialSharingGF2_16,
  SplitKeyMethod.PolynomialSharingPrimeField,
  SplitKeyMethod.PolynomialSharingGF2_8,
];

/**
 * Checks Split Key Parts, Split Key Threshold, Split Key Method and Prime Field Size.
 * @throws KmipError Invalid Field.
 */
export function checkSplitParameters(p: SplitParameters): void {
  const bad = (message: string): KmipError => new KmipError(ResultReason.InvalidField, message);
  if (!(SPLIT_KEY_METHODS as readonly number[]).includes(p.splitKeyMethod)) throw bad('the Split Key Method is not supported');
  if (!Number.isInteger(p.splitKeyParts) || p.splitKeyParts < 1 || p.splitKeyParts > MAX_SPLIT_KEY_PARTS) {
    throw bad(`Split Key Parts must be between 1 and ${MAX_SPLIT_KEY_PARTS}`);
  }
  if (!Number.isInteger(p.splitKeyThreshold) || p.splitKeyThreshold < 1 || p.splitKeyThreshold > p.splitKeyParts) {
    throw bad('Split Key Threshold must be between 1 and Split Key Parts');
  }
  if (p.splitKeyMethod === SplitKeyMethod.XOR && p.splitKeyThreshold !== p.splitKeyParts) {
    throw bad('with the XOR method the Split Key Threshold is the number of parts');
  }
  const prime = p.primeFieldSize;
  if (p.splitKeyMethod !== SplitKeyMethod.PolynomialSharingPrimeField) {
    if (prime !== undefined) throw bad('a Prime Field Size belongs only to the Polynomial Sharing Prime Field method');
    return;
  }
  if (prime === undefined) throw bad('the Polynomial Sharing Prime Field method needs a Prime Field Size');
  if (bitLength(prime) > MAX_PRIME_FIELD_BITS) throw bad(`the Prime Field Size may have at most ${MAX_PRIME_FIELD_BITS} bits`);
  if (prime <= BigInt(p.splitKeyParts) || !isPrime(prime)) throw bad('the Prime Field Size is not a prime larger than the number of parts');
}

/**
 * The Prime Field Size to share a secret of `secretBits` bits with: `given`, which must exceed
 * 2^secretBits, or the smallest prime above 2^secretBits.
 * @throws KmipError Invalid Field.
 */
export function primeFieldSizeFor(secretBits: number, given: bigint | undefined): bigint {
  if (given !== undefined) {
    if (given <= 1n << BigInt(secretBits)) throw new KmipError(ResultReason.InvalidField, `the Prime Field Size must be larger than 2^${secretBits} for this key`);
    return given;
  }
  if (secretBits > MAX_DEFAULT_PRIME_BITS) {
    throw new KmipError(ResultReason.InvalidField, `give a Prime Field Size for a secret of more than ${MAX_DEFAULT_PRIME_BITS} bits`);
  }
  return defaultPrimeFieldSize(secretBits);
}

/** Splits `secret` into Split Key Parts shares (parameters checked with {@link checkSplitParameters}). */
export function splitSecret(secret: Uint8Array, p: SplitParameters): Share[] {
  checkSplitParameters(p);
  if (secret.length === 0) throw new KmipError(ResultReason.InvalidField, 'an empty secret cannot be split');
  switch (p.splitKeyMethod) {
    case SplitKeyMethod.XOR:
      return splitXor(secret, p.splitKeyParts);
    case SplitKeyMethod.PolynomialSharingGF2_16:
      return splitGf65536(secret, p.splitKeyParts, p.splitKeyThreshold);
    case SplitKeyMethod.PolynomialSharingGF2_8:
      return splitGf256(secret, p.splitKeyParts, p.splitKeyThreshold);
    default: {
      const prime = p.primeFieldSize as bigint;
      if (prime <= 1n << BigInt(secret.length * 8)) throw new KmipError(ResultReason.InvalidField, `the Prime Field Size must be larger than 2^${secret.length * 8}`);
      return splitPrime(secret, prime, p.splitKeyParts, p.splitKeyThreshold);
    }
  }
}

/** The byte length of the shares of a `secretBytes`-byte secret. */
export function shareLength(p: SplitParameters, secretBytes: number): number {
  if (p.splitKeyMethod === SplitKeyMethod.PolynomialSharingGF2_16) return Math.ceil(secretBytes / 2) * 2;
  if (p.splitKeyMethod === SplitKeyMethod.PolynomialSharingPrimeField) return Math.ceil(bitLength(p.primeFieldSize ?? 0n) / 8);
  return secretBytes;
}

/**
 * The secret length implied by shares when nothing else says it: the share length, or for the
 * prime field the bytes below the prime's top bit (exact for the default primes 2^L + c).
 */
export function impliedSecretLength(p: SplitParameters, shareBytes: number): number {
  if (p.splitKeyMethod === SplitKeyMethod.PolynomialSharingPrimeField) return Math.floor((bitLength(p.primeFieldSize ?? 0n) - 1) / 8);
  return shareBytes;
}

/**
 * Joins shares of one split (at least Split Key Threshold of them, distinct Key Part Identifiers
 * within 1..Split Key Parts, all of one length) into the `secretBytes`-byte secret.
 * @throws KmipError Cryptographic Failure: too few parts, or parts that do not belong together.
 */
export function joinSecret(shares: readonly Share[], p: SplitParameters, secretBytes: number): Buffer {
  checkSplitParameters(p);
  const failure = (message: string): KmipError => new KmipError(ResultReason.CryptographicFailure, message);
  const ids = new Set(shares.map((s) => s.keyPartIdentifier));
  if (ids.size !== shares.length) throw failure('two of the parts have the same Key Part Identifier');
  if (shares.length < p.splitKeyThreshold) throw failure(`${shares.length} parts were given and the Split Key Threshold is ${p.splitKeyThreshold}`);
  if (shares.some((s) => s.keyPartIdentifier < 1 || s.keyPartIdentifier > p.splitKeyParts)) throw failure('a Key Part Identifier is outside 1..Split Key Parts');
  // A prime-field share is a number below the prime (checked when joined), of any byte length.
  const length = shareLength(p, secretBytes);
  const prime = p.splitKeyMethod === SplitKeyMethod.PolynomialSharingPrimeField;
  if (secretBytes < 1 || shares.some((s) => (prime ? s.material.length === 0 : s.material.length !== length))) {
    throw failure('the parts are not all of the length the secret needs');
  }
  try {
    switch (p.splitKeyMethod) {
      case SplitKeyMethod.XOR:
        return joinXor(shares);
      case SplitKeyMethod.PolynomialSharingGF2_16:
        return joinGf65536(shares, p.splitKeyThreshold, secretBytes);
      case SplitKeyMethod.PolynomialSharingGF2_8:
        return joinGf256(shares, p.splitKeyThreshold, secretBytes);
      default:
        return joinPrime(shares, p.primeFieldSize as bigint, p.splitKeyThreshold, secretBytes);
    }
  } catch (err) {
    if (err instanceof ShareMismatch) throw failure(`the parts do not belong to one split: ${err.message}`);
    throw err;
  }
}
