/**
 * A small cache of parsed asymmetric keys (node:crypto KeyObjects) for the cryptographic services.
 * Parsing and validating a stored private key (crypto/formats.ts importKey, then createPrivateKey)
 * costs more than an RSA-2048 signature; see docs/PERFORMANCE.md "Key cache".
 *
 * It is content-addressed, so it needs no invalidation: every request still loads the object's
 * record from the store (in its transaction) and applies the whole key-use policy to it (state,
 * usage mask, dates, Usage Limits); only the step "stored key bytes -> KeyObject" is cached, keyed
 * by the Unique Identifier and an HMAC (under a per-process random key) of the object type, Key
 * Format Type, algorithm, length and key bytes. Changed key bytes miss; a rolled-back transaction
 * cannot leave anything wrong behind (the entry is a pure function of the bytes); a destroyed key
 * has no bytes to look up with. Bounds: {@link KEY_CACHE_ENTRIES} entries (least recently used
 * first out), each kept at most {@link KEY_CACHE_TTL_MS} after it was parsed, however often used —
 * so a parsed key outlives its object (e.g. after Destroy) by at most that long in memory.
 * Symmetric keys are not cached (cheap to build; no reason to keep them longer).
 */
import { createHmac, randomBytes, type KeyObject } from 'node:crypto';

/** Parsed keys kept at most. */
export const KEY_CACHE_ENTRIES = 256;
/** Milliseconds a parsed key is kept after it was parsed. */
export const KEY_CACHE_TTL_MS = 30_000;

const SECRET = randomBytes(32);

/** The cache key of stored key bytes and how they are read. */
export function keyFingerprint(objectType: number, format: number, algorithm: number | undefined, lengthBits: number | undefined, material: Uint8Array): Buffer {
  const header = Buffer.alloc(16);
  header.writeUInt32BE(objectType >>> 0, 0);
  header.writeUInt32BE(format >>> 0, 4);
  header.writeUInt32BE((algorithm ?? 0) >>> 0, 8);
  header.writeUInt32BE((lengthBits ?? 0) >>> 0, 12);
  return createHmac('sha256', SECRET).update(header).update(material).digest();
}

interface Entry {
  readonly fingerprint: Buffer;
  readonly key: KeyObject;
  readonly expires: number;
}

/** Parsed keys by Unique Identifier (see the module comment). */
export class KeyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxEntries = KEY_CACHE_ENTRIES,
    private readonly ttlMs = KEY_CACHE_TTL_MS,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** The key parsed from the same bytes, if it is still kept. */
  get(uid: string, fingerprint: Buffer): KeyObject | undefined {
    const e = this.entries.get(uid);
    if (e === undefined) return undefined;
    this.entries.delete(uid);
    if (e.expires <= this.clock() || !e.fingerprint.equals(fingerprint)) return undefined;
    this.entries.set(uid, e);
    return e.key;
  }

  /** Keeps a parsed key. */
  set(uid: string, fingerprint: Buffer, key: KeyObject): void {
    this.entries.delete(uid);
    this.entries.set(uid, { fingerprint, key, expires: this.clock() + this.ttlMs });
    const now = this.clock();
    for (const [k, e] of this.entries) {
      if (this.entries.size <= this.maxEntries && e.expires > now) break;
      this.entries.delete(k);
    }
  }

  /** Number of keys kept (expired ones included until they are looked up or pushed out). */
  get size(): number {
    return this.entries.size;
  }
}
