/**
 * Polynomial secret sharing over any finite field [Shamir, "How to share a secret", 1979 — the
 * [w1979] of KMIP 1.2 §2.2.5 and 2.1 §13.1]: the secret is the constant term of a polynomial of
 * degree threshold − 1 whose other coefficients are random; part i holds the polynomial's value at
 * the field element of its Key Part Identifier, and any threshold parts give the polynomial back
 * by Lagrange interpolation. The field modules (./gf256.ts, ./gf65536.ts, ./prime.ts) supply the
 * arithmetic; this module is the same for all of them.
 */

/** The arithmetic of a finite field whose elements are `T`. */
export interface Field<T> {
  readonly zero: T;
  readonly one: T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  /** The multiplicative inverse of a non-zero element. */
  inv(a: T): T;
  /** A uniformly random element, from the cryptographic random number generator. */
  random(): T;
  /** The element a Key Part Identifier stands for (1, 2, …). */
  element(i: number): T;
  equals(a: T, b: T): boolean;
}

/**
 * The values at `xs` of a random polynomial of degree `threshold` − 1 with constant term `secret`
 * (Horner's rule; the coefficients are drawn with `field.random()`).
 */
export function shareValues<T>(field: Field<T>, secret: T, xs: readonly T[], threshold: number): T[] {
  const coefficients: T[] = [secret];
  for (let i = 1; i < threshold; i++) coefficients.push(field.random());
  return xs.map((x) => {
    let acc = field.zero;
    for (let i = coefficients.length - 1; i >= 0; i--) acc = field.add(field.mul(acc, x), coefficients[i] as T);
    return acc;
  });
}

/**
 * The Lagrange weights of the points `xs` at `at`: the value at `at` of the polynomial through
 * (xs[i], ys[i]) is Σ weights[i]·ys[i]. The x values must be distinct.
 */
export function lagrangeWeights<T>(field: Field<T>, xs: readonly T[], at: T): T[] {
  return xs.map((xi, i) => {
    let num = field.one;
    let den = field.one;
    xs.forEach((xj, j) => {
      if (j === i) return;
      num = field.mul(num, field.sub(at, xj));
      den = field.mul(den, field.sub(xi, xj));
    });
    return field.mul(num, field.inv(den));
  });
}

/** Σ weights[i]·ys[i]. */
export function combine<T>(field: Field<T>, weights: readonly T[], ys: readonly T[]): T {
  let acc = field.zero;
  weights.forEach((w, i) => {
    acc = field.add(acc, field.mul(w, ys[i] as T));
  });
  return acc;
}
