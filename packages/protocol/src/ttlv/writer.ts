/**
 * TTLV encoder with one growable buffer.
 *
 * Structures reserve their 4 length bytes and back-patch them when closed, so encoding a message
 * allocates nothing per field. Text is written straight into the buffer: short ASCII text char by
 * char, other text after one byte-length computation; padding is zero-filled in place. Numbers are
 * stored byte by byte (no Buffer.write*BE call per field). bench/codec-alloc.mjs counts it.
 *
 * Buffer ownership: {@link TtlvWriter.finish} always returns bytes that belong to the caller (a
 * socket write may keep them until its callback) and the writer can be reused at once. Small
 * messages (up to 16 KiB) are copied out of the backing buffer, which is kept; a larger message
 * takes the backing buffer itself and the writer swaps in a fresh one of the same capacity, so a
 * 1 MiB message is never copied.
 */
import { TtlvError } from './errors.js';
import { bigIntWidth } from './reader.js';
import {
  INT32_MAX,
  INT32_MIN,
  INT64_MAX,
  INT64_MIN,
  ItemType,
  UINT32_MAX,
  type TtlvNode,
} from './types.js';

const INITIAL = 1024;
/** A UTF-16 surrogate not part of a pair: UTF-8 cannot encode it (Buffer would write U+FFFD). */
const LONE_SURROGATE = /\p{Cs}/u;
const COPY_OUT_LIMIT = 16 * 1024;
/**
 * Text up to this many UTF-16 units is tried on the ASCII fast path (char codes stored straight
 * into the buffer, no native call); longer text, or text that turns out not to be ASCII, takes
 * the general UTF-8 path. Below this size the native call costs more than the JS loop.
 */
const ASCII_FAST_MAX = 64;
const TWO_32 = 0x1_0000_0000;

/** Stores a 32-bit unsigned value big-endian (no bounds or range checks: callers ensure both). */
function putU32(b: Buffer, p: number, v: number): void {
  b[p] = v >>> 24;
  b[p + 1] = v >>> 16;
  b[p + 2] = v >>> 8;
  b[p + 3] = v;
}

/** Incremental TTLV writer. */
export class TtlvWriter {
  private buf: Buffer;
  private pos = 0;
  private readonly open: number[] = [];

  constructor(initialSize = INITIAL) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  private ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length + (this.buf.length >> 1);
    if (size < need) size = need;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  private header(tag: number, type: number, len: number): void {
    // `tag >>> 0 !== tag` is `!(Number.isInteger(tag) && 0 <= tag < 2^32)` in one cheap step.
    if (tag >>> 0 !== tag || tag > 0xffffff) {
      throw new TtlvError('KMIP_ERR_TTLV_BAD_TAG', `Tag ${String(tag)} is not a 3-byte value`);
    }
    if (len > 0xffffffff) throw new TtlvError('KMIP_ERR_TTLV_BAD_VALUE', `Length ${len} does not fit in 32 bits`);
    const b = this.buf;
    const p = this.pos;
    b[p] = tag >>> 16;
    b[p + 1] = tag >>> 8;
    b[p + 2] = tag;
    b[p + 3] = type;
    putU32(b, p + 4, len);
    this.pos = p + 8;
  }

  /** Opens a Structure; close it with {@link endStructure}. */
  startStructure(tag: number): this {
    this.ensure(8);
    this.open.push(this.pos);
    this.header(tag, ItemType.Structure, 0);
    return this;
  }

  /** Closes the innermost open Structure and back-patches its length. */
  endStructure(): this {
    const start = this.open.pop();
    if (start === undefined) throw new TtlvError('KMIP_ERR_TTLV_BAD_VALUE', 'endStructure() without startStructure()');
    const len = this.pos - start - 8;
    if (len > 0xffffffff) throw new TtlvError('KMIP_ERR_TTLV_BAD_VALUE', `Structure length ${len} does not fit in 32 bits`);
    putU32(this.buf, start + 4, len);
    return this;
  }

  /** Integer: signed 32-bit. */
  integer(tag: number, v: number): this {
    if (!Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX) {
      throw new TtlvError('KMIP_ERR_TTLV_BAD_VALUE', `Integer ${String(v)} is not a signed 32-bit value`);
    }
    return this.word(tag, ItemType.Integer, v >>> 0);
  }

  /** Enumeration: unsigned 32-bit. */
  enumeration(tag: number, v: number): this {
    return this.unsigned(tag, ItemType.Enumeration, v, 'Enumeration');
  }

  /** Interval: unsigned 32-bit seconds. */
  interval(tag: number, v: number): this {
    return this.unsigned(tag, ItemType.Interval, v, 'Interval');
  }

  private unsigned(tag: number, type: number, v: number, what: string): this {
    if (!Number.isInteger(v) || v < 0 || v > UINT32_MAX) {
      throw new TtlvError('KMIP_ERR_TTLV_BAD_VALUE', `${what} ${String(v)} is not an unsigned 32-bit value`);
    }
    return this.word(tag, type, v);
  }

  private word(tag: number, type: number, u32: number): this {
    this.ensure(16);
    this.header(tag, type, 4);
    const b = this.buf;
    const p = this.pos;
    putU32(b, p, u32);
    putU32(b, p + 4, 0);
    this.pos = p + 8;
    return this;
  }

  /** Long Integer, Date-Time (seconds) or Date Time Extended (microseconds): signed 64-bit. */
  int64(tag: number, type: number, v: bigint): this {
    if (typeof v !== 'bigint' || v < INT64_MIN || v > INT64_MAX) {
      throw new TtlvError('KMIP_ERR_TTLV_BAD_VALUE', `${String(v)} is not a signed 64-bit bigint`);
    }
    this.ensure(16);
    this.header(tag, type, 8);
    // Date-Times and everyday Long Integers are safe integers: split them with float arithmetic
    // instead of the two BigInt operations (and allocations) Buffer.writeBigInt64BE performs.
    // The halves are stored here rather than through putU32 so that, should that call not be
    // inlined, values above 2^30 are not boxed as heap numbers to cross it.
    const n = Number(v);
    if (Number.isSafeInteger(n)) {
      const hi = Math.floor(n / TWO_32);
      const lo = n - hi * TWO_32;
      const b = this.buf;
      const p = this.pos;
      b[p] = hi >>> 24;
      b[p + 1] = hi >>> 16;
      b[p + 2] = hi >>> 8;
      b[p + 3] = hi;
      b[p + 4] = lo >>> 24;
      b[p + 5] = lo >>> 16;
      b[p + 6] = lo >>> 8;
      b[p + 7] = lo;
    } else {
      this.buf.writeBigInt64BE(v, this.pos);
    }
    this.pos += 8;
    return this;
  }

  /** Boolean. */
  boolean(tag: number, v: boolean): this {
    this.ensure(16);
    this.header(tag, ItemType.Boolean, 8);
    const b = this.buf;
    const p = this.pos;
    putU32(b, p, 0);
    putU32(b, p + 4, v ? 1 : 0);
    this.pos = p + 8;
    return this;
  }

  /** Big Integer, sign-extended to `width` bytes (default: the minimal multiple of 8). */
  bigInteger(tag: number, v: bigint, width?: number): this {
    if (typeof v !== 'bigint') throw new TtlvError('KMIP_ERR_TTLV_BAD_VALUE', 'Big Integer value must be a bigint');
    const min = bigIntWidth(v);
    const len = width ?? min;
    if (len < min || len % 8 !== 0) {
      throw new TtlvError('KMIP_ERR_TTLV_BAD_VALUE', `Big Integer width ${len} is too small or not a multiple of 8`);
    }
    this.ensure(8 + len);
    this.header(tag, ItemType.BigInteger, len);
    let x = BigInt.asUintN(len * 8, v);
    for (let i = this.pos + len - 8; i >= this.pos; i -= 8) {
      this.buf.writeBigUInt64BE(x & 0xffffffffffffffffn, i);
      x >>= 64n;
    }
    this.pos += len;
    return this;
  }

  /** Text String (or a text-like 3.0 type); the length is the UTF-8 byte length. */
  text(tag: number, v: string, type: number = ItemType.TextString): this {
    if (typeof v !== 'string') throw new TtlvError('KMIP_ERR_TTLV_BAD_VALUE', 'Text value must be a string');
    const n = v.length;
    if (n <= ASCII_FAST_MAX) {
      // ASCII fast path: store the char codes directly, OR-ing them to learn afterwards whether
      // all were ASCII. An ASCII string holds no surrogate and its UTF-8 length is its length.
      // Otherwise the bytes stored past `pos` are scratch and the general path overwrites them.
      const padded = (n + 7) & ~7;
      this.ensure(8 + padded);
      const b = this.buf;
      const vs = this.pos + 8;
      let all = 0;
      for (let i = 0; i < n; i++) {
        const c = v.charCodeAt(i);
        all |= c;
        b[vs + i] = c;
      }
      if (all < 0x80) {
        this.header(tag, type, n);
        this.pad(n, padded);
        return this;
      }
    }
    if (LONE_SURROGATE.test(v)) throw new TtlvError('KMIP_ERR_TTLV_BAD_VALUE', 'Text contains a lone UTF-16 surrogate');
    const len = Buffer.byteLength(v, 'utf8');
    const padded = (len + 7) & ~7;
    this.ensure(8 + padded);
    this.header(tag, type, len);
    this.buf.write(v, this.pos, len, 'utf8');
    this.pad(len, padded);
    return this;
  }

  /** Byte String. */
  bytes(tag: number, v: Uint8Array): this {
    if (!(v instanceof Uint8Array)) throw new TtlvError('KMIP_ERR_TTLV_BAD_VALUE', 'Byte String value must be a Uint8Array');
    const len = v.byteLength;
    const padded = (len + 7) & ~7;
    this.ensure(8 + padded);
    this.header(tag, ItemType.ByteString, len);
    this.buf.set(v, this.pos);
    this.pad(len, padded);
    return this;
  }

  /** Zeroes the (at most 7) padding bytes after a value of `len` bytes and moves past both. */
  private pad(len: number, padded: number): void {
    const b = this.buf;
    const end = this.pos + padded;
    for (let i = this.pos + len; i < end; i++) b[i] = 0;
    this.pos = end;
  }

  /** Writes any item of the generic tree. */
  node(n: TtlvNode): this {
    switch (n.type) {
      case ItemType.Structure:
        this.startStructure(n.tag);
        for (let i = 0, children = n.value; i < children.length; i++) this.node(children[i] as TtlvNode);
        return this.endStructure();
      case ItemType.Integer:
        return this.integer(n.tag, n.value);
      case ItemType.Enumeration:
        return this.enumeration(n.tag, n.value);
      case ItemType.Interval:
        return this.interval(n.tag, n.value);
      case ItemType.LongInteger:
      case ItemType.DateTime:
      case ItemType.DateTimeExtended:
        return this.int64(n.tag, n.type, n.value);
      case ItemType.BigInteger:
        return this.bigInteger(n.tag, n.value, n.width);
      case ItemType.Boolean:
        return this.boolean(n.tag, n.value);
      case ItemType.TextString:
      case ItemType.Identifier:
      case ItemType.Reference:
      case ItemType.NameReference:
        return this.text(n.tag, n.value, n.type);
      case ItemType.ByteString:
        return this.bytes(n.tag, n.value);
      default: {
        const bad = n as { type: unknown };
        throw new TtlvError('KMIP_ERR_TTLV_BAD_VALUE', `Unknown item type ${String(bad.type)}`);
      }
    }
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos;
  }

  /** Returns the bytes written, owned by the caller, and empties the writer (see the module note). */
  finish(): Buffer {
    if (this.open.length > 0) throw new TtlvError('KMIP_ERR_TTLV_BAD_VALUE', `${this.open.length} structures still open`);
    let out: Buffer;
    if (this.pos <= COPY_OUT_LIMIT) {
      out = Buffer.allocUnsafe(this.pos);
      this.buf.copy(out, 0, 0, this.pos);
    } else {
      out = this.buf.subarray(0, this.pos);
      this.buf = Buffer.allocUnsafe(this.buf.length);
    }
    this.pos = 0;
    return out;
  }

  /** Discards everything written (keeps the buffer). */
  reset(): void {
    this.pos = 0;
    // Only when needed: `length = 0` drops the array's backing store even when it is already
    // empty, and the next startStructure() would then allocate a new one for every message.
    if (this.open.length !== 0) this.open.length = 0;
  }
}

let shared: TtlvWriter | undefined;

/** Encodes one item tree to TTLV bytes owned by the caller. */
export function encodeTtlv(node: TtlvNode): Buffer {
  const w = (shared ??= new TtlvWriter(64 * 1024));
  w.reset();
  try {
    w.node(node);
  } catch (err) {
    w.reset();
    throw err;
  }
  return w.finish();
}
