/**
 * Key-material hygiene (STYLE.md §2.6 "ByteString").
 *
 * Discipline of this layer:
 * - every function that produces key material returns Buffers the caller owns (never a view
 *   into a shared or caller-provided buffer), so the caller can {@link wipe} them when done;
 * - intermediate buffers holding secrets (DER built on the way, component bytes) are wiped
 *   before returning;
 * - key bytes never appear in error messages or logs.
 *
 * What cannot be wiped: `bigint` values (transparent RSA/EC/DSA components) are immutable and
 * live until collected, and OpenSSL's copy inside a `KeyObject` is freed (not guaranteed
 * zeroed by Node) when the object is collected. Prefer byte formats for long-lived secrets.
 */

/** Zero-fills `buf` (or each buffer) in place; `undefined` entries are skipped. */
export function wipe(...bufs: readonly (Uint8Array | undefined)[]): void {
  for (const b of bufs) b?.fill(0);
}

/** Copies `bytes` into a new Buffer owned by the caller (never a view of the input). */
export function ownedCopy(bytes: Uint8Array): Buffer {
  const out = Buffer.allocUnsafeSlow(bytes.length);
  out.set(bytes);
  return out;
}
