/**
 * RSA components: PKCS#1 RSAPrivateKey / RSAPublicKey encoding [RFC 8017 A.1], completion of
 * partial transparent keys [KMIP 2.1 §3.7] and consistency checks.
 */
import { bitLength, gcd, lcm, mod, modInverse, modPow } from './bigint.js';
import { encodeDer, int, readSequence, seq } from './der.js';
import { KeyMaterialError } from './errors.js';
import type { TransparentRSAPrivateKeyMaterial, TransparentRSAPublicKeyMaterial } from './types.js';

/** All eight components of a two-prime RSA private key. */
export interface RsaPrivateComponents {
  readonly modulus: bigint;
  readonly publicExponent: bigint;
  readonly privateExponent: bigint;
  readonly p: bigint;
  readonly q: bigint;
  readonly primeExponentP: bigint;
  readonly primeExponentQ: bigint;
  readonly crtCoefficient: bigint;
}

/** Modulus sizes accepted on import (generation is narrower, see `keypair.ts`). */
export const RSA_IMPORT_MIN_BITS = 512;
export const RSA_IMPORT_MAX_BITS = 16384;

function bad(msg: string): KeyMaterialError {
  return new KeyMaterialError('bad-key-data', `RSA key: ${msg}`);
}

function checkModulusSize(n: bigint): void {
  const bits = bitLength(n);
  if (bits < RSA_IMPORT_MIN_BITS || bits > RSA_IMPORT_MAX_BITS) {
    throw new KeyMaterialError('invalid-length', `RSA modulus of ${String(bits)} bits is outside ${String(RSA_IMPORT_MIN_BITS)}-${String(RSA_IMPORT_MAX_BITS)}`);
  }
}

/** Parses a PKCS#1 RSAPrivateKey (two-prime, version 0). */
export function parsePkcs1Private(der: Uint8Array): RsaPrivateComponents {
  const r = readSequence(der);
  const version = r.smallInteger();
  if (version > 1) throw bad('unknown RSAPrivateKey version');
  const c: RsaPrivateComponents = {
    modulus: r.integer(),
    publicExponent: r.integer(),
    privateExponent: r.integer(),
    p: r.integer(),
    q: r.integer(),
    primeExponentP: r.integer(),
    primeExponentQ: r.integer(),
    crtCoefficient: r.integer(),
  };
  if (version === 1) {
    // Version 1 carries otherPrimeInfos: a multi-prime key, which the two-prime forms cannot hold.
    r.sequence();
    throw new KeyMaterialError('unsupported-format', 'multi-prime RSA keys cannot be represented in this format');
  }
  r.finish();
  return c;
}

/** Encodes a PKCS#1 RSAPrivateKey (owned Buffer). */
export function encodePkcs1Private(c: RsaPrivateComponents): Buffer {
  return encodeDer(
    seq(int(0), int(c.modulus), int(c.publicExponent), int(c.privateExponent), int(c.p), int(c.q), int(c.primeExponentP), int(c.primeExponentQ), int(c.crtCoefficient)),
  );
}

/** Parses a PKCS#1 RSAPublicKey. */
export function parsePkcs1Public(der: Uint8Array): TransparentRSAPublicKeyMaterial {
  const r = readSequence(der);
  const modulus = r.integer();
  const publicExponent = r.integer();
  r.finish();
  return { modulus, publicExponent };
}

/** Encodes a PKCS#1 RSAPublicKey after checking it. */
export function encodePkcs1Public(k: TransparentRSAPublicKeyMaterial): Buffer {
  checkRsaPublic(k);
  return encodeDer(seq(int(k.modulus), int(k.publicExponent)));
}

/** Checks a public key's shape: modulus size, odd modulus, 3 <= e < n, e odd. */
export function checkRsaPublic(k: TransparentRSAPublicKeyMaterial): void {
  checkModulusSize(k.modulus);
  if ((k.modulus & 1n) === 0n) throw bad('even modulus');
  const e = k.publicExponent;
  if (e < 3n || e >= k.modulus || (e & 1n) === 0n) throw bad('invalid public exponent');
}

/**
 * Checks that all components are consistent: n = p·q, e·d ≡ 1 (mod p−1) and (mod q−1),
 * dP = d mod (p−1), dQ = d mod (q−1), qInv·q ≡ 1 (mod p).
 */
export function checkRsaPrivate(c: RsaPrivateComponents): void {
  checkRsaPublic(c);
  const { p, q } = c;
  if (p < 3n || q < 3n || p === q || p * q !== c.modulus) throw bad('P·Q does not equal the modulus');
  const p1 = p - 1n;
  const q1 = q - 1n;
  const d = c.privateExponent;
  if (d <= 0n || d >= c.modulus) throw bad('private exponent out of range');
  if (mod(c.publicExponent * d, p1) !== 1n || mod(c.publicExponent * d, q1) !== 1n) throw bad('private exponent does not match the public exponent');
  if (c.primeExponentP !== mod(d, p1) || c.primeExponentQ !== mod(d, q1)) throw bad('prime exponents do not match');
  if (c.crtCoefficient <= 0n || c.crtCoefficient >= p || mod(c.crtCoefficient * q, p) !== 1n) throw bad('CRT coefficient does not match');
}

/** Factors n from a (d, e) pair [NIST SP 800-56B r2 Appendix C.2]. */
function factorFromExponents(n: bigint, e: bigint, d: bigint): bigint | undefined {
  const k = e * d - 1n;
  if (k <= 0n || (k & 1n) === 1n) return undefined;
  let r = k;
  let t = 0;
  while ((r & 1n) === 0n) {
    r >>= 1n;
    t++;
  }
  for (let g = 2n; g < 200n; g++) {
    let y = modPow(g, r, n);
    if (y === 1n || y === n - 1n) continue;
    for (let i = 1; i <= t; i++) {
      const x = (y * y) % n;
      if (x === 1n) {
        const f = gcd(y - 1n, n);
        return f > 1n && f < n ? f : undefined;
      }
      if (x === n - 1n) break;
      y = x;
    }
  }
  return undefined;
}

/** A prime of n from a CRT exponent: p = gcd(m^(e·dP) − m, n) (m = 2) since e·dP ≡ 1 (mod p−1). */
function factorFromCrtExponent(n: bigint, e: bigint, dX: bigint): bigint | undefined {
  const f = gcd(mod(modPow(2n, e * dX, n) - 2n, n), n);
  return f > 1n && f < n ? f : undefined;
}

function deriveRsa(n: bigint, p: bigint, q: bigint, e0: bigint | undefined, d0: bigint | undefined): RsaPrivateComponents {
  const lambda = lcm(p - 1n, q - 1n);
  let e = e0;
  if (e === undefined) {
    if (d0 === undefined) throw new KeyMaterialError('missing-data', 'RSA private key: the public or the private exponent is required');
    e = modInverse(d0, lambda);
    if (e === undefined) throw bad('private exponent not invertible');
  }
  let d = d0;
  if (d === undefined) {
    d = modInverse(e, lambda);
    if (d === undefined) throw bad('public exponent not invertible');
  }
  const qInv = modInverse(q, p);
  if (qInv === undefined) throw bad('primes not coprime');
  return {
    modulus: n,
    publicExponent: e,
    privateExponent: d,
    p,
    q,
    primeExponentP: mod(d, p - 1n),
    primeExponentQ: mod(d, q - 1n),
    crtCoefficient: qInv,
  };
}

/** True when every CRT component the caller gave equals the derived one. */
function agrees(k: TransparentRSAPrivateKeyMaterial, c: RsaPrivateComponents): boolean {
  const given: readonly [bigint | undefined, bigint][] = [
    [k.primeExponentP, c.primeExponentP],
    [k.primeExponentQ, c.primeExponentQ],
    [k.crtCoefficient, c.crtCoefficient],
  ];
  return given.every(([g, v]) => g === undefined || g === v);
}

/**
 * Completes a Transparent RSA Private Key to all eight components and checks it. Needs the
 * modulus and either the private exponent, P and Q, or Prime Exponent P/Q, plus the public
 * exponent unless the private exponent and both primes are given. Components that are present
 * must agree with the derived ones (`bad-key-data` otherwise); too little is `missing-data`.
 */
export function completeRsaPrivate(k: TransparentRSAPrivateKeyMaterial): RsaPrivateComponents {
  const n = k.modulus;
  checkModulusSize(n);
  let { p, q } = k;
  const e0 = k.publicExponent;
  const d0 = k.privateExponent;
  if (p === undefined && q !== undefined) p = q > 1n && n % q === 0n ? n / q : undefined;
  if (q === undefined && p !== undefined) q = p > 1n && n % p === 0n ? n / p : undefined;
  const factored = p === undefined || q === undefined;
  if (p === undefined || q === undefined) {
    if (e0 === undefined) {
      throw new KeyMaterialError('missing-data', 'RSA private key: the public exponent or both primes are required');
    }
    let f: bigint | undefined;
    if (d0 !== undefined) f = factorFromExponents(n, e0, d0);
    else if (k.primeExponentP !== undefined) f = factorFromCrtExponent(n, e0, k.primeExponentP);
    else if (k.primeExponentQ !== undefined) f = factorFromCrtExponent(n, e0, k.primeExponentQ);
    else throw new KeyMaterialError('missing-data', 'RSA private key: the private exponent, P and Q, or the prime exponents are required');
    if (f === undefined) throw bad('the components do not determine the primes');
    const g = n / f;
    // PKCS#1 does not order the primes; keep the larger as P like OpenSSL's generator does.
    [p, q] = f > g ? [f, g] : [g, f];
  }
  if (p * q !== n) throw bad('P·Q does not equal the modulus');
  let c = deriveRsa(n, p, q, e0, d0);
  if (factored && !agrees(k, c)) c = deriveRsa(n, q, p, e0, d0);
  if (!agrees(k, c)) throw bad('the components are inconsistent');
  checkRsaPrivate(c);
  return c;
}
