/**
 * The small DER subset that key encodings need (X.690): SEQUENCE, INTEGER, OCTET STRING,
 * BIT STRING, OBJECT IDENTIFIER, NULL and context-specific explicit tags.
 *
 * node:crypto converts between PKCS#1, PKCS#8, SEC1 and SPKI itself, but it has no API for the
 * components KMIP's transparent formats carry (its JWK export covers RSA and only four EC curves;
 * nothing for DSA or the other curves). So the layer reads and writes those structures here.
 *
 * The reader is strict: definite lengths in minimal form, low tag numbers only, no trailing data,
 * minimal INTEGER encodings; any violation is a `bad-key-data` {@link KeyMaterialError}. The
 * writer computes every length first and writes the whole encoding into one Buffer owned by the
 * caller, so no partial copies of secret components are left behind.
 */
import { KeyMaterialError } from './errors.js';

/** Universal tags used here. */
export const DerTag = {
  Integer: 0x02,
  BitString: 0x03,
  OctetString: 0x04,
  Null: 0x05,
  Oid: 0x06,
  Sequence: 0x30,
} as const;

/** The tag of a context-specific constructed (explicit) tag `[n]`. */
export function contextTag(n: number): number {
  return 0xa0 | n;
}

function bad(what: string): KeyMaterialError {
  return new KeyMaterialError('bad-key-data', `malformed DER: ${what}`);
}

/** One TLV as found by {@link DerReader}: the tag and the bounds of its contents. */
export interface DerItem {
  readonly tag: number;
  readonly start: number;
  readonly end: number;
}

/** Cursor over a run of DER items inside `buf[start, end)`. */
export class DerReader {
  private pos: number;

  constructor(
    private readonly buf: Uint8Array,
    start = 0,
    private readonly end = buf.length,
  ) {
    this.pos = start;
  }

  /** True when every item has been read. */
  get done(): boolean {
    return this.pos >= this.end;
  }

  /** The tag of the next item, or `undefined` at the end. */
  peekTag(): number | undefined {
    return this.done ? undefined : this.buf[this.pos];
  }

  /** Reads the next item; with `tag`, requires that tag. */
  next(tag?: number): DerItem {
    const b = this.buf;
    if (this.pos + 2 > this.end) throw bad('truncated item');
    const t = b[this.pos] as number;
    if ((t & 0x1f) === 0x1f) throw bad('high tag number');
    if (tag !== undefined && t !== tag) throw bad(`expected tag 0x${tag.toString(16)}, found 0x${t.toString(16)}`);
    let p = this.pos + 1;
    const first = b[p++] as number;
    let len: number;
    if (first < 0x80) {
      len = first;
    } else {
      const n = first & 0x7f;
      if (n === 0) throw bad('indefinite length');
      if (n > 4) throw bad('length too large');
      if (p + n > this.end) throw bad('truncated length');
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + (b[p++] as number);
      if (len < 0x80 || (n > 1 && b[p - n] === 0)) throw bad('non-minimal length');
    }
    if (p + len > this.end) throw bad('truncated contents');
    this.pos = p + len;
    return { tag: t, start: p, end: p + len };
  }

  /** Reads a SEQUENCE (or another constructed `tag`) and returns a reader over its contents. */
  sequence(tag: number = DerTag.Sequence): DerReader {
    const it = this.next(tag);
    return new DerReader(this.buf, it.start, it.end);
  }

  /** Reads an optional explicit `[n]` and returns a reader over its contents. */
  optionalExplicit(n: number): DerReader | undefined {
    return this.peekTag() === contextTag(n) ? this.sequence(contextTag(n)) : undefined;
  }

  /** Reads an INTEGER, which must be non-negative (key components are). */
  integer(): bigint {
    const it = this.next(DerTag.Integer);
    const b = this.buf;
    if (it.end === it.start) throw bad('empty INTEGER');
    if (it.end - it.start > 1) {
      const a = b[it.start] as number;
      const c = b[it.start + 1] as number;
      if ((a === 0 && c < 0x80) || (a === 0xff && c >= 0x80)) throw bad('non-minimal INTEGER');
    }
    if (((b[it.start] as number) & 0x80) !== 0) throw bad('negative INTEGER');
    return bytesToBigInt(b, it.start, it.end);
  }

  /** Reads a small non-negative INTEGER (a version field). */
  smallInteger(): number {
    const v = this.integer();
    if (v > 0xffffn) throw bad('version out of range');
    return Number(v);
  }

  /** Reads an OCTET STRING; returns a view (copy it if it must outlive the input). */
  octetString(): Uint8Array {
    const it = this.next(DerTag.OctetString);
    return this.buf.subarray(it.start, it.end);
  }

  /** Reads a BIT STRING with no unused bits; returns a view of its bytes. */
  bitString(): Uint8Array {
    const it = this.next(DerTag.BitString);
    if (it.end === it.start) throw bad('empty BIT STRING');
    if (this.buf[it.start] !== 0) throw bad('BIT STRING with unused bits');
    return this.buf.subarray(it.start + 1, it.end);
  }

  /** Reads an OBJECT IDENTIFIER in dotted form. */
  oid(): string {
    const it = this.next(DerTag.Oid);
    return decodeOid(this.buf, it.start, it.end);
  }

  /** Reads a NULL. */
  null(): void {
    const it = this.next(DerTag.Null);
    if (it.end !== it.start) throw bad('NULL with contents');
  }

  /** Requires that nothing is left. */
  finish(): void {
    if (!this.done) throw bad('trailing data');
  }
}

/** Parses exactly one top-level SEQUENCE spanning all of `bytes` and returns a reader over it. */
export function readSequence(bytes: Uint8Array): DerReader {
  const outer = new DerReader(bytes);
  const seq = outer.sequence();
  outer.finish();
  return seq;
}

function decodeOid(b: Uint8Array, start: number, end: number): string {
  if (end === start) throw bad('empty OBJECT IDENTIFIER');
  const arcs: number[] = [];
  let v = 0;
  let fresh = true;
  for (let i = start; i < end; i++) {
    const byte = b[i] as number;
    if (fresh && byte === 0x80) throw bad('non-minimal OID arc');
    v = v * 128 + (byte & 0x7f);
    if (v > Number.MAX_SAFE_INTEGER / 128) throw bad('OID arc too large');
    fresh = (byte & 0x80) === 0;
    if (fresh) {
      arcs.push(v);
      v = 0;
    }
  }
  if (!fresh) throw bad('truncated OID');
  const first = arcs[0] as number;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...arcs.slice(1)].join('.');
}

/** Big-endian unsigned bytes `b[start, end)` as a bigint. */
export function bytesToBigInt(b: Uint8Array, start = 0, end = b.length): bigint {
  let v = 0n;
  let i = start;
  const head = (end - start) % 8;
  for (; i < start + head; i++) v = (v << 8n) | BigInt(b[i] as number);
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (; i < end; i += 8) v = (v << 64n) | view.getBigUint64(i);
  return v;
}

/** Number of bytes of the minimal unsigned big-endian form of `v >= 0` (0 for 0). */
export function unsignedByteLength(v: bigint): number {
  return v === 0n ? 0 : Math.ceil(v.toString(16).length / 2);
}

/** Writes `v >= 0` big-endian into `out[start, start+len)`, left-padded with zeros. */
export function writeBigIntBE(v: bigint, out: Uint8Array, start: number, len: number): void {
  let x = v;
  let i = start + len;
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  while (i - 8 >= start) {
    view.setBigUint64(i - 8, BigInt.asUintN(64, x));
    x >>= 64n;
    i -= 8;
  }
  while (i > start) {
    out[--i] = Number(x & 0xffn);
    x >>= 8n;
  }
  if (x !== 0n) throw new RangeError('integer does not fit');
}

/** `v >= 0` as exactly `len` big-endian bytes in a new owned Buffer. */
export function bigIntToFixedBytes(v: bigint, len: number): Buffer {
  if (v < 0n || unsignedByteLength(v) > len) throw new KeyMaterialError('bad-key-data', 'component out of range');
  const out = Buffer.allocUnsafeSlow(len);
  writeBigIntBE(v, out, 0, len);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Writer
// ---------------------------------------------------------------------------------------------

/** A DER value to encode: a constructed item, an INTEGER, or a primitive with literal contents. */
export type DerNode =
  | { readonly tag: number; readonly children: readonly DerNode[] }
  | { readonly tag: typeof DerTag.Integer; readonly int: bigint }
  | { readonly tag: number; readonly bytes: Uint8Array; readonly bitString?: true };

/** SEQUENCE of `children`. */
export function seq(...children: DerNode[]): DerNode {
  return { tag: DerTag.Sequence, children };
}
/** Explicit context tag `[n]` around `inner`. */
export function explicit(n: number, inner: DerNode): DerNode {
  return { tag: contextTag(n), children: [inner] };
}
/** INTEGER (non-negative). */
export function int(v: bigint | number): DerNode {
  const x = BigInt(v);
  if (x < 0n) throw new RangeError('negative INTEGER');
  return { tag: DerTag.Integer, int: x };
}
/** OCTET STRING (the bytes are copied when encoding). */
export function octets(bytes: Uint8Array): DerNode {
  return { tag: DerTag.OctetString, bytes };
}
/** BIT STRING with no unused bits. */
export function bits(bytes: Uint8Array): DerNode {
  return { tag: DerTag.BitString, bytes, bitString: true };
}
/** NULL. */
export function nul(): DerNode {
  return { tag: DerTag.Null, bytes: new Uint8Array(0) };
}
/** OBJECT IDENTIFIER from dotted form. */
export function oid(dotted: string): DerNode {
  return { tag: DerTag.Oid, bytes: encodeOid(dotted) };
}

function encodeOid(dotted: string): Uint8Array {
  const parts = dotted.split('.').map(Number);
  const [a, b, ...rest] = parts;
  if (a === undefined || b === undefined || parts.some((x) => !Number.isSafeInteger(x) || x < 0)) {
    throw new RangeError(`bad OID ${dotted}`);
  }
  const out: number[] = [];
  for (const arc of [a * 40 + b, ...rest]) {
    const chunk: number[] = [];
    let v = arc;
    do {
      chunk.unshift(v % 128);
      v = Math.floor(v / 128);
    } while (v > 0);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i] = (chunk[i] as number) | 0x80;
    out.push(...chunk);
  }
  return Uint8Array.from(out);
}

function contentLength(n: DerNode): number {
  if ('children' in n) return n.children.reduce((s, c) => s + totalLength(c), 0);
  if ('int' in n) return Math.max(1, Math.ceil((n.int.toString(2).length + 1) / 8));
  return n.bytes.length + (n.bitString === true ? 1 : 0);
}

function lengthOfLength(len: number): number {
  if (len < 0x80) return 1;
  let n = 0;
  for (let l = len; l > 0; l = Math.floor(l / 256)) n++;
  return 1 + n;
}

function totalLength(n: DerNode): number {
  const c = contentLength(n);
  return 1 + lengthOfLength(c) + c;
}

function writeNode(n: DerNode, out: Buffer, p: number): number {
  const c = contentLength(n);
  out[p++] = n.tag;
  const ll = lengthOfLength(c);
  if (ll === 1) out[p++] = c;
  else {
    out[p++] = 0x80 | (ll - 1);
    for (let i = ll - 2; i >= 0; i--) out[p++] = Math.floor(c / 256 ** i) % 256;
  }
  if ('children' in n) {
    for (const child of n.children) p = writeNode(child, out, p);
    return p;
  }
  if ('int' in n) {
    writeBigIntBE(n.int, out, p, c);
    return p + c;
  }
  if (n.bitString === true) out[p++] = 0;
  out.set(n.bytes, p);
  return p + n.bytes.length;
}

/** Encodes `node` into one new Buffer owned by the caller. */
export function encodeDer(node: DerNode): Buffer {
  const out = Buffer.allocUnsafeSlow(totalLength(node));
  const end = writeNode(node, out, 0);
  if (end !== out.length) throw new Error('DER length mismatch');
  return out;
}
