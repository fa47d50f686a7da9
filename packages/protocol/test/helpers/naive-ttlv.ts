/**
 * A deliberately simple TTLV reference encoder, written straight from the rules in
 * kmip-spec/NOTES.md §1 (KMIP 1.2 §9.1 / 2.1 §10.1), used to build golden bytes and as the
 * differential oracle of the fuzz tests.
 *
 * It shares no code with the codec under test: it builds plain arrays of numbers, byte by byte,
 * with its own copy of the item type codes, its own two's complement arithmetic and its own
 * padding rule. Only the `TtlvNode` *type* is imported, so that the same trees can be fed to both.
 * Speed is irrelevant here; obviousness is the point.
 */
import type { TtlvNode } from '../../src/index.js';

/** Item type codes, copied from the spec's table (not imported from the codec). */
export const T = {
  Structure: 0x01,
  Integer: 0x02,
  LongInteger: 0x03,
  BigInteger: 0x04,
  Enumeration: 0x05,
  Boolean: 0x06,
  TextString: 0x07,
  ByteString: 0x08,
  DateTime: 0x09,
  Interval: 0x0a,
  DateTimeExtended: 0x0b,
  Identifier: 0x0c,
  Reference: 0x0d,
  NameReference: 0x0e,
} as const;

/** `n` as `size` big-endian bytes; `n` must already be in 0 .. 256^size - 1. */
function unsignedBE(n: bigint, size: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < size; i++) {
    out.unshift(Number(n % 256n));
    n /= 256n;
  }
  if (n !== 0n) throw new Error(`naive: value does not fit in ${size} bytes`);
  return out;
}

/** Two's complement of `v` in `size` bytes. */
function twosComplement(v: bigint, size: number): number[] {
  const modulus = 1n << BigInt(size * 8);
  if (v < -(modulus / 2n) || v >= modulus / 2n) throw new Error(`naive: ${v} does not fit in ${size} signed bytes`);
  return unsignedBE(v < 0n ? v + modulus : v, size);
}

/**
 * The smallest Big Integer length for `v`: a multiple of 8 bytes whose two's complement range
 * holds `v` (so the top bit of the first byte is the sign).
 */
export function naiveBigIntWidth(v: bigint): number {
  let size = 8;
  for (;;) {
    const half = 1n << BigInt(size * 8 - 1);
    if (v >= -half && v < half) return size;
    size += 8;
  }
}

/** Tag (3 bytes) | Type (1 byte) | Length (4 bytes). */
export function naiveHeader(tag: number, type: number, length: number): number[] {
  return [...unsignedBE(BigInt(tag), 3), type, ...unsignedBE(BigInt(length), 4)];
}

/** A whole item: header with `value.length` as Length, the value, then zeros to the next multiple of 8. */
export function naiveItem(tag: number, type: number, value: readonly number[]): number[] {
  const padding = (8 - (value.length % 8)) % 8;
  return [...naiveHeader(tag, type, value.length), ...value, ...new Array<number>(padding).fill(0)];
}

function encodeItem(n: TtlvNode): number[] {
  switch (n.type) {
    case T.Structure: {
      const children: number[] = [];
      for (const c of n.value) children.push(...encodeItem(c));
      return naiveItem(n.tag, T.Structure, children);
    }
    case T.Integer:
      return naiveItem(n.tag, n.type, twosComplement(BigInt(n.value), 4));
    case T.Enumeration:
    case T.Interval:
      return naiveItem(n.tag, n.type, unsignedBE(BigInt(n.value), 4));
    case T.LongInteger:
    case T.DateTime:
    case T.DateTimeExtended:
      return naiveItem(n.tag, n.type, twosComplement(n.value, 8));
    case T.BigInteger:
      return naiveItem(n.tag, n.type, twosComplement(n.value, n.width ?? naiveBigIntWidth(n.value)));
    case T.Boolean:
      return naiveItem(n.tag, n.type, [0, 0, 0, 0, 0, 0, 0, n.value ? 1 : 0]);
    case T.TextString:
    case T.Identifier:
    case T.Reference:
    case T.NameReference:
      return naiveItem(n.tag, n.type, Array.from(new TextEncoder().encode(n.value)));
    case T.ByteString:
      return naiveItem(n.tag, n.type, Array.from(n.value));
  }
}

/** Encodes a tree the slow, obvious way. */
export function naiveEncode(node: TtlvNode): Buffer {
  return Buffer.from(encodeItem(node));
}

/**
 * Bytes from readable hex such as `"42 00 20 | 02 | 00 00 00 04 | 00 00 00 08 00 00 00 00"`:
 * whitespace and `|` are ignored, anything else must be hex digits in pairs.
 */
export function hex(text: string): Buffer {
  const digits = text.replace(/[\s|]+/g, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(digits)) throw new Error(`helper: bad hex ${JSON.stringify(text)}`);
  const out: number[] = [];
  for (let i = 0; i < digits.length; i += 2) out.push(parseInt(digits.slice(i, i + 2), 16));
  return Buffer.from(out);
}

/** Bytes as spaced upper-case hex, so assertion diffs are readable. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}

/** Concatenates byte arrays / number lists into one Buffer. */
export function cat(...parts: ReadonlyArray<Uint8Array | readonly number[]>): Buffer {
  return Buffer.concat(parts.map((p) => (p instanceof Uint8Array ? p : Buffer.from(p))));
}

/**
 * A tree with every Byte String value as a plain `Uint8Array` (the reader returns `Buffer`
 * views), so that trees can be compared with `assert.deepStrictEqual`.
 */
export function canon(n: TtlvNode): TtlvNode {
  switch (n.type) {
    case T.Structure:
      return { tag: n.tag, type: n.type, value: n.value.map(canon) };
    case T.ByteString:
      return { tag: n.tag, type: n.type, value: new Uint8Array(n.value) };
    default:
      return n;
  }
}
