/**
 * Split Key Methods (src/crypto/split/): field arithmetic, the known answers of the OASIS TC-SJ
 * test cases (2-of-4 GF(2^8) parts and 4-of-4 XOR parts of 0102…0F10, identical in the 1.2, 1.4
 * and 2.1 files), and the properties of threshold sharing for every method: any threshold subset
 * gives the secret back, fewer parts are refused (and, combined anyway, give something else),
 * parts of another split are detected, and the coefficients are random.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { KmipError, ResultReason, SplitKeyMethod as M } from '@keyhold/protocol';
import { combine, lagrangeWeights } from '../src/crypto/split/field.js';
import { gf256Field, gf256Inv, gf256Mul, joinGf256 } from '../src/crypto/split/gf256.js';
import { gf65536Field, gf65536Inv, gf65536Mul } from '../src/crypto/split/gf65536.js';
import { checkSplitParameters, joinSecret, primeFieldSizeFor, splitSecret, type Share, type SplitParameters } from '../src/crypto/split/index.js';
import { defaultPrimeFieldSize, primeField } from '../src/crypto/split/prime.js';

const SECRET = Buffer.from('0102030405060708090A0B0C0D0E0F10', 'hex');
const share = (id: number, h: string): Share => ({ keyPartIdentifier: id, material: Buffer.from(h, 'hex') });
/** TC-SJ-2 / TC-SJ-3 (1.2, 1.4, 2.1): Polynomial Sharing GF(2^8), 2 of 4. */
const GF8_PARTS = [
  share(1, '66C46A7754F94DE420C7B1A7FFF5EC56'),
  share(2, 'CF93D1E2A7E593CD5B8D6247F4E5D49C'),
  share(3, 'A855B891F61AD9217240D8EC061E37DA'),
  share(4, '803DBAD55CDD329FAD19D99AE2C5A415'),
];
/** TC-SJ-4 (1.2, 1.4, 2.1): XOR, 4 of 4. */
const XOR_PARTS = [
  share(1, 'd4b92c299199298e30dee13b967e6dda'),
  share(2, '35ea4f615686230c7b11538693674e89'),
  share(3, '3478ddd2e1f89f2005011d26d9fff37c'),
  share(4, 'd429bd9e23e192aa47c4a497d1e8df3f'),
];

function reason(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof KmipError) return err.reason;
    throw err;
  }
  return undefined;
}

/** Every k-subset of 0..n-1. */
function subsets(n: number, k: number): number[][] {
  if (k === 0) return [[]];
  if (n < k) return [];
  return [...subsets(n - 1, k - 1).map((s) => [...s, n - 1]), ...subsets(n - 1, k)];
}

describe('field arithmetic', () => {
  test('GF(2^8) over x^8+x^4+x^3+x^2+1: every non-zero element has an inverse, multiplication is associative', () => {
    for (let a = 1; a < 256; a++) assert.equal(gf256Mul(a, gf256Inv(a)), 1, `a = ${a}`);
    assert.equal(gf256Mul(0x80, 2), 0x1d); // x^8 = x^4+x^3+x^2+1
    for (let i = 0; i < 2000; i++) {
      const [a, b, c] = [...randomBytes(3)] as [number, number, number];
      assert.equal(gf256Mul(gf256Mul(a, b), c), gf256Mul(a, gf256Mul(b, c)));
      assert.equal(gf256Mul(a, b ^ c), gf256Mul(a, b) ^ gf256Mul(a, c));
    }
  });

  test('GF(2^8): the branch-free product equals the log/exp-table product for every pair', () => {
    const exp: number[] = [];
    const log: number[] = [];
    for (let i = 0, v = 1; i < 255; i++, v = (v << 1) ^ (v & 0x80 ? 0x11d : 0)) {
      exp[i] = v;
      log[v] = i;
    }
    for (let a = 0; a < 256; a++) {
      for (let b = 0; b < 256; b++) {
        const want = a === 0 || b === 0 ? 0 : (exp[((log[a] as number) + (log[b] as number)) % 255] as number);
        if (gf256Mul(a, b) !== want) assert.fail(`${a}·${b}: ${gf256Mul(a, b)} != ${want}`);
      }
    }
  });

  test('GF(2^16) = GF(2^8)[y]/(y^2+y+{3A}): the inverse of KMIP 2.1 §13.1 inverts every non-zero element; y·y = y + m', () => {
    for (let a = 1; a < 0x10000; a++) assert.equal(gf65536Mul(a, gf65536Inv(a)), 1, `a = ${a}`);
    assert.equal(gf65536Mul(0x100, 0x100), 0x13a);
    for (let i = 0; i < 2000; i++) {
      const r = randomBytes(6);
      const [a, b, c] = [r.readUInt16BE(0), r.readUInt16BE(2), r.readUInt16BE(4)];
      assert.equal(gf65536Mul(gf65536Mul(a, b), c), gf65536Mul(a, gf65536Mul(b, c)));
      assert.equal(gf65536Mul(a, b ^ c), gf65536Mul(a, b) ^ gf65536Mul(a, c));
      assert.equal(gf65536Mul(a, b), gf65536Mul(b, a));
    }
  });

  test('prime field: inverses, and the default Prime Field Size is the smallest prime above 2^L', () => {
    assert.equal(defaultPrimeFieldSize(128), (1n << 128n) + 51n);
    assert.equal(defaultPrimeFieldSize(256), (1n << 256n) + 297n);
    const f = primeField(defaultPrimeFieldSize(128));
    for (let i = 0; i < 50; i++) {
      const a = f.random();
      if (a !== 0n) assert.equal(f.mul(a, f.inv(a)), 1n);
    }
  });

  test('Lagrange weights reproduce a polynomial at any point', () => {
    const f = gf256Field();
    const coeffs = [7, 11, 13];
    const at = (x: number): number => coeffs.reduceRight((acc, c) => f.add(f.mul(acc, x), c), 0);
    const xs = [3, 9, 200];
    assert.equal(combine(f, lagrangeWeights(f, xs, 0), xs.map(at)), 7);
    assert.equal(combine(f, lagrangeWeights(f, xs, 77), xs.map(at)), at(77));
    assert.equal(gf65536Field().element(258), 258);
  });
});

describe('OASIS known answers', () => {
  test('TC-SJ GF(2^8) 2-of-4 parts: every pair gives 0102…0F10, one part alone is refused', () => {
    const p: SplitParameters = { splitKeyMethod: M.PolynomialSharingGF2_8, splitKeyParts: 4, splitKeyThreshold: 2 };
    for (const pair of subsets(4, 2)) {
      assert.deepEqual(joinSecret(pair.map((i) => GF8_PARTS[i] as Share), p, 16), SECRET, `parts ${pair.map((i) => i + 1).join(',')}`);
    }
    assert.deepEqual(joinSecret(GF8_PARTS, p, 16), SECRET, 'all four parts lie on one line');
    assert.equal(reason(() => joinSecret([GF8_PARTS[1] as Share], p, 16)), ResultReason.CryptographicFailure);
  });

  test('TC-SJ XOR 4-of-4 parts give 0102…0F10; three are refused', () => {
    const p: SplitParameters = { splitKeyMethod: M.XOR, splitKeyParts: 4, splitKeyThreshold: 4 };
    assert.deepEqual(joinSecret(XOR_PARTS, p, 16), SECRET);
    assert.equal(reason(() => joinSecret(XOR_PARTS.slice(1), p, 16)), ResultReason.CryptographicFailure);
  });

  test('the TC-SJ GF(2^8) parts are not shares over the AES polynomial 0x11B', () => {
    // Over 0x11D part 4 = s + 4a; over 0x11B the same a would give another byte (0x87 ^ 0x01 for byte 0).
    const a = 0x66 ^ 0x01;
    assert.equal(gf256Mul(a, 4) ^ 0x01, 0x80);
    assert.deepEqual(joinGf256([GF8_PARTS[0] as Share, GF8_PARTS[3] as Share], 2, 16), SECRET);
  });
});

const METHODS: { name: string; method: M; prime?: boolean }[] = [
  { name: 'XOR', method: M.XOR },
  { name: 'GF(2^16)', method: M.PolynomialSharingGF2_16 },
  { name: 'prime field', method: M.PolynomialSharingPrimeField, prime: true },
  { name: 'GF(2^8)', method: M.PolynomialSharingGF2_8 },
];

describe('threshold sharing properties', () => {
  for (const { name, method, prime } of METHODS) {
    for (const secretBytes of [1, 15, 16, 32]) {
      test(`${name}, ${secretBytes}-byte secret: every threshold subset joins, fewer are refused and combine to something else`, () => {
        const parts = 5;
        const threshold = method === M.XOR ? parts : 3;
        const secret = randomBytes(secretBytes);
        const p: SplitParameters = {
          splitKeyMethod: method,
          splitKeyParts: parts,
          splitKeyThreshold: threshold,
          ...(prime ? { primeFieldSize: primeFieldSizeFor(secretBytes * 8, undefined) } : {}),
        };
        const shares = splitSecret(secret, p);
        assert.deepEqual(shares.map((s) => s.keyPartIdentifier), [1, 2, 3, 4, 5]);
        for (const set of subsets(parts, threshold)) {
          assert.deepEqual(joinSecret(set.map((i) => shares[i] as Share), p, secretBytes), secret, `parts ${set.join(',')}`);
        }
        assert.deepEqual(joinSecret([...shares].reverse(), p, secretBytes), secret, 'all parts, in any order');
        const fewer = shares.slice(0, threshold - 1);
        assert.equal(reason(() => joinSecret(fewer, p, secretBytes)), ResultReason.CryptographicFailure);
        if (fewer.length > 0 && secretBytes >= 15) {
          // Forced through with a lower threshold, fewer parts do not give the secret.
          const forced = { ...p, splitKeyThreshold: fewer.length, splitKeyParts: method === M.XOR ? fewer.length : parts };
          let got: Buffer | undefined;
          try {
            got = joinSecret(fewer, forced, secretBytes);
          } catch {
            got = undefined;
          }
          assert.notDeepEqual(got, secret);
        }
      });
    }

    test(`${name}: two splits of one secret differ (random coefficients), and mixing them is detected or wrong`, () => {
      const secret = randomBytes(16);
      const threshold = method === M.XOR ? 3 : 2;
      const p: SplitParameters = { splitKeyMethod: method, splitKeyParts: 3, splitKeyThreshold: threshold, ...(prime ? { primeFieldSize: defaultPrimeFieldSize(128) } : {}) };
      const a = splitSecret(secret, p);
      const b = splitSecret(secret, p);
      assert.notDeepEqual(a.map((s) => s.material), b.map((s) => s.material));
      // A third part of another split must not pass the consistency check.
      const mixed = [a[0] as Share, a[1] as Share, b[2] as Share];
      if (method === M.XOR) assert.notDeepEqual(joinSecret(mixed, p, 16), secret);
      else assert.equal(reason(() => joinSecret(mixed, p, 16)), ResultReason.CryptographicFailure);
    });
  }

  test('threshold 1 gives every part the secret itself (a degree-0 polynomial)', () => {
    const secret = randomBytes(16);
    const shares = splitSecret(secret, { splitKeyMethod: M.PolynomialSharingGF2_8, splitKeyParts: 3, splitKeyThreshold: 1 });
    for (const s of shares) assert.deepEqual(s.material, secret);
  });
});

describe('parameters', () => {
  const base = { splitKeyParts: 4, splitKeyThreshold: 2 };
  test('Invalid Field for a threshold above the parts, XOR with a threshold, unknown methods, a stray or bad Prime Field Size', () => {
    const invalid = (p: SplitParameters): void => assert.equal(reason(() => checkSplitParameters(p)), ResultReason.InvalidField, JSON.stringify(p, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
    invalid({ splitKeyMethod: M.PolynomialSharingGF2_8, splitKeyParts: 2, splitKeyThreshold: 3 });
    invalid({ splitKeyMethod: M.PolynomialSharingGF2_8, splitKeyParts: 0, splitKeyThreshold: 0 });
    invalid({ splitKeyMethod: M.PolynomialSharingGF2_8, splitKeyParts: 256, splitKeyThreshold: 2 });
    invalid({ splitKeyMethod: M.XOR, ...base });
    invalid({ splitKeyMethod: 0x80000001, ...base });
    invalid({ splitKeyMethod: M.PolynomialSharingGF2_16, ...base, primeFieldSize: 257n });
    invalid({ splitKeyMethod: M.PolynomialSharingPrimeField, ...base });
    invalid({ splitKeyMethod: M.PolynomialSharingPrimeField, ...base, primeFieldSize: 1n << 129n });
    checkSplitParameters({ splitKeyMethod: M.PolynomialSharingPrimeField, ...base, primeFieldSize: 257n });
    assert.equal(reason(() => primeFieldSizeFor(128, 257n)), ResultReason.InvalidField);
    assert.equal(reason(() => primeFieldSizeFor(2048, undefined)), ResultReason.InvalidField);
  });

  test('a 255-part GF(2^8) split joins from its last parts', () => {
    const secret = randomBytes(32);
    const p: SplitParameters = { splitKeyMethod: M.PolynomialSharingGF2_8, splitKeyParts: 255, splitKeyThreshold: 4 };
    const shares = splitSecret(secret, p);
    assert.deepEqual(joinSecret(shares.slice(251), p, 32), secret);
  });
});
