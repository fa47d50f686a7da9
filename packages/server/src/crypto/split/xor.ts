/**
 * Split Key Method XOR [KMIP 1.2 §2.2.5, 2.1 §13.1]: n parts (Split Key Threshold = Split Key
 * Parts) of the secret's length; parts 1..n−1 are random and part n is the secret XOR all of them,
 * so the XOR of all n parts is the secret and any n−1 of them are uniformly random.
 */
import { randomBytes } from 'node:crypto';
import type { Share } from './pieces.js';

/** XORs `b` into `a`. */
function xorInto(a: Buffer, b: Uint8Array): void {
  for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) ^ (b[i] as number);
}

/** n-of-n XOR shares of `secret`. */
export function splitXor(secret: Uint8Array, parts: number): Share[] {
  const last = Buffer.from(secret);
  const out: Share[] = [];
  for (let i = 1; i < parts; i++) {
    const material = randomBytes(secret.length);
    xorInto(last, material);
    out.push({ keyPartIdentifier: i, material });
  }
  out.push({ keyPartIdentifier: parts, material: last });
  return out;
}

/** The XOR of all shares. */
export function joinXor(shares: readonly Share[]): Buffer {
  const out = Buffer.alloc(shares[0]?.material.length ?? 0);
  for (const s of shares) xorInto(out, s.material);
  return out;
}
