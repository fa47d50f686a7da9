/**
 * Strict TTLV decoder: bytes -> generic {@link TtlvNode} tree.
 *
 * Every length is checked against the bytes actually present and against the configured
 * {@link TtlvLimits} before anything is allocated for it. Each kind of malformation raises a
 * {@link TtlvError} with its own code. Unknown tags are not an error: the tree keeps the number.
 */
import { TtlvError, type TtlvErrorCode } from './errors.js';
import { DEFAULT_LIMITS, resolveLimits, type TtlvLimits } from './limits.js';
import { ItemType, type TtlvNode } from './types.js';

/** Options of {@link decodeTtlv}. */
export interface DecodeOptions extends Partial<TtlvLimits> {
  /**
   * When true, Byte String values are copied into buffers of their own (which can be wiped and
   * do not pin the input). When false (the default) they are views into the input.
   */
  readonly copyByteStrings?: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The default options object: identity-compared so the default limits are not re-spread per call. */
const NO_OPTIONS: DecodeOptions = Object.freeze({});

/**
 * Big-endian reads by byte arithmetic. Callers have already checked that the bytes are present,
 * so the bound and argument checks of Buffer.readUInt32BE & co. would only repeat them.
 */
function u32(b: Buffer, p: number): number {
  return (b[p] as number) * 0x1000000 + (((b[p + 1] as number) << 16) | ((b[p + 2] as number) << 8) | (b[p + 3] as number));
}
function i32(b: Buffer, p: number): number {
  return ((b[p] as number) << 24) | ((b[p + 1] as number) << 16) | ((b[p + 2] as number) << 8) | (b[p + 3] as number);
}
/** Signed 64-bit; one BigInt allocation when the value is a safe integer (every Date-Time is). */
function i64(b: Buffer, p: number): bigint {
  const hi = i32(b, p);
  const lo = u32(b, p + 4);
  if (hi >= -0x200000 && hi < 0x200000) return BigInt(hi * 0x1_0000_0000 + lo);
  return (BigInt(hi) << 32n) + BigInt(lo);
}

function isAscii(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if ((buf[i] as number) > 0x7f) return false;
  return true;
}

/** Decodes text bytes strictly as UTF-8 (ASCII fast path). */
export function decodeUtf8(buf: Buffer, start: number, end: number, offsetForError: number): string {
  if (end - start < 64 && isAscii(buf, start, end)) return buf.toString('latin1', start, end);
  try {
    return utf8.decode(buf.subarray(start, end));
  } catch {
    throw new TtlvError('KMIP_ERR_TTLV_BAD_UTF8', 'Text is not valid UTF-8', offsetForError);
  }
}

/** Reads a big-endian two's complement integer of any length. */
export function readBigIntBE(buf: Uint8Array, start: number, end: number): bigint {
  if (end <= start) return 0n;
  let v = 0n;
  let i = start;
  // 8 bytes at a time keeps big keys (RSA moduli) cheap.
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  for (; i + 8 <= end; i += 8) v = (v << 64n) | dv.getBigUint64(i);
  for (; i < end; i++) v = (v << 8n) | BigInt(buf[i] as number);
  if (((buf[start] as number) & 0x80) !== 0) v -= 1n << BigInt((end - start) * 8);
  return v;
}

/** Minimal number of bytes (a multiple of 8) for a Big Integer value. */
export function bigIntWidth(v: bigint): number {
  let bits: number;
  if (v >= 0n) bits = v.toString(2).length + 1;
  else bits = (-v - 1n).toString(2).length + 1;
  if (v === 0n || v === -1n) bits = 1;
  return Math.max(8, Math.ceil(bits / 64) * 8);
}

class Reader {
  private items = 0;
  private readonly buf: Buffer;
  private readonly limits: TtlvLimits;
  private readonly copy: boolean;

  constructor(buf: Buffer, limits: TtlvLimits, copy: boolean) {
    this.buf = buf;
    this.limits = limits;
    this.copy = copy;
  }

  private checkZero(from: number, to: number): void {
    const buf = this.buf;
    for (let i = from; i < to; i++) {
      if (buf[i] !== 0) throw new TtlvError('KMIP_ERR_TTLV_BAD_PADDING', 'Padding bytes are not zero', i);
    }
  }

  /** Reads one item at `pos` that must end by `limit`; returns the item and sets `this.next`. */
  next = 0;

  item(pos: number, limit: number, depth: number): TtlvNode {
    const buf = this.buf;
    if (limit - pos < 8) {
      throw new TtlvError('KMIP_ERR_TTLV_TRUNCATED', `Item header needs 8 bytes, ${limit - pos} remain`, pos);
    }
    if (++this.items > this.limits.maxItems) {
      throw new TtlvError('KMIP_ERR_TTLV_TOO_MANY_ITEMS', `More than ${this.limits.maxItems} items`, pos);
    }
    const tag = (buf[pos] as number) * 0x10000 + (buf[pos + 1] as number) * 0x100 + (buf[pos + 2] as number);
    const type = buf[pos + 3] as number;
    const len = u32(buf, pos + 4);
    const vs = pos + 8;
    const room = limit - vs;
    // Past the end of the input, the top-level item is truncated; a nested item running past the
    // end of its (complete) parent Structure has a wrong length.
    const overrun: TtlvErrorCode = depth === 0 ? 'KMIP_ERR_TTLV_TRUNCATED' : 'KMIP_ERR_TTLV_BAD_LENGTH';
    switch (type) {
      case ItemType.Structure: {
        if (len % 8 !== 0) {
          throw new TtlvError('KMIP_ERR_TTLV_BAD_LENGTH', `Structure length ${len} is not a multiple of 8`, pos);
        }
        if (len > room) {
          throw new TtlvError(overrun, `Structure of ${len} bytes overruns the ${room} available`, pos);
        }
        if (depth >= this.limits.maxDepth) {
          throw new TtlvError('KMIP_ERR_TTLV_DEPTH', `Structures nested deeper than ${this.limits.maxDepth}`, pos);
        }
        const end = vs + len;
        const children: TtlvNode[] = [];
        let p = vs;
        while (p < end) {
          children.push(this.item(p, end, depth + 1));
          p = this.next;
        }
        this.next = end;
        return { tag, type: ItemType.Structure, value: children };
      }
      case ItemType.Integer:
      case ItemType.Enumeration:
      case ItemType.Interval: {
        this.fixed(pos, len, 4, 8, room, overrun);
        this.checkZero(vs + 4, vs + 8);
        this.next = vs + 8;
        const value = type === ItemType.Integer ? i32(buf, vs) : u32(buf, vs);
        return { tag, type, value };
      }
      case ItemType.LongInteger:
      case ItemType.DateTime:
      case ItemType.DateTimeExtended: {
        this.fixed(pos, len, 8, 8, room, overrun);
        this.next = vs + 8;
        return { tag, type, value: i64(buf, vs) };
      }
      case ItemType.Boolean: {
        this.fixed(pos, len, 8, 8, room, overrun);
        const hi = u32(buf, vs);
        const lo = u32(buf, vs + 4);
        if (hi !== 0 || lo > 1) {
          throw new TtlvError('KMIP_ERR_TTLV_BAD_BOOLEAN', 'Boolean value is neither 0 nor 1', vs);
        }
        this.next = vs + 8;
        return { tag, type, value: lo === 1 };
      }
      case ItemType.BigInteger: {
        if (len === 0 || len % 8 !== 0) {
          throw new TtlvError('KMIP_ERR_TTLV_BAD_LENGTH', `Big Integer length ${len} is not a positive multiple of 8`, pos);
        }
        if (len > room) {
          throw new TtlvError(overrun, `Big Integer of ${len} bytes overruns the ${room} available`, pos);
        }
        this.next = vs + len;
        const value = readBigIntBE(buf, vs, vs + len);
        return len === bigIntWidth(value) ? { tag, type, value } : { tag, type, value, width: len };
      }
      case ItemType.TextString:
      case ItemType.Identifier:
      case ItemType.Reference:
      case ItemType.NameReference: {
        const padded = this.variable(pos, len, room, overrun);
        const value = decodeUtf8(buf, vs, vs + len, vs);
        this.next = vs + padded;
        return { tag, type, value };
      }
      case ItemType.ByteString: {
        const padded = this.variable(pos, len, room, overrun);
        this.next = vs + padded;
        const view = buf.subarray(vs, vs + len);
        return { tag, type, value: this.copy ? Uint8Array.prototype.slice.call(view) : view };
      }
      default:
        throw new TtlvError('KMIP_ERR_TTLV_BAD_TYPE', `Unknown item type 0x${type.toString(16).padStart(2, '0')}`, pos + 3);
    }
  }

  private fixed(pos: number, len: number, want: number, total: number, room: number, overrun: TtlvErrorCode): void {
    if (len !== want) {
      throw new TtlvError('KMIP_ERR_TTLV_BAD_LENGTH', `Length ${len} where the type requires ${want}`, pos);
    }
    if (room < total) {
      throw new TtlvError(overrun, `Value needs ${total} bytes, ${room} remain`, pos);
    }
  }

  /** Checks a variable-length value and its padding; returns the padded length. */
  private variable(pos: number, len: number, room: number, overrun: TtlvErrorCode): number {
    const padded = len + ((8 - (len % 8)) % 8);
    if (padded > room) {
      throw new TtlvError(overrun, `Value of ${len} bytes (${padded} padded) overruns the ${room} available`, pos);
    }
    this.checkZero(pos + 8 + len, pos + 8 + padded);
    return padded;
  }
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Decodes exactly one top-level TTLV item that must fill `bytes` completely.
 * @throws TtlvError on any malformation or exceeded limit.
 */
export function decodeTtlv(bytes: Uint8Array, options: DecodeOptions = NO_OPTIONS): TtlvNode {
  const limits = options === NO_OPTIONS ? DEFAULT_LIMITS : resolveLimits(options);
  if (bytes.byteLength > limits.maxMessageSize) {
    throw new TtlvError(
      'KMIP_ERR_TTLV_TOO_LARGE',
      `Message of ${bytes.byteLength} bytes exceeds the maximum of ${limits.maxMessageSize}`,
      0,
    );
  }
  const buf = asBuffer(bytes);
  // The size the header claims is checked too (as the framer and decodeTtlvSequence do), so a
  // partial input announcing a huge message is TOO_LARGE rather than TRUNCATED.
  if (buf.length >= 8 && 8 + buf.readUInt32BE(4) > limits.maxMessageSize) {
    throw new TtlvError(
      'KMIP_ERR_TTLV_TOO_LARGE',
      `Message of ${8 + buf.readUInt32BE(4)} bytes exceeds the maximum of ${limits.maxMessageSize}`,
      0,
    );
  }
  const reader = new Reader(buf, limits, options.copyByteStrings === true);
  const node = reader.item(0, buf.length, 0);
  if (reader.next !== buf.length) {
    throw new TtlvError('KMIP_ERR_TTLV_TRAILING', `${buf.length - reader.next} bytes follow the top-level item`, reader.next);
  }
  return node;
}

/**
 * Decodes a sequence of complete top-level items (e.g. several messages in one file).
 * @throws TtlvError on any malformation or exceeded limit.
 */
export function decodeTtlvSequence(bytes: Uint8Array, options: DecodeOptions = {}): TtlvNode[] {
  const limits = resolveLimits(options);
  const buf = asBuffer(bytes);
  const out: TtlvNode[] = [];
  let pos = 0;
  while (pos < buf.length) {
    if (buf.length - pos >= 8) {
      const size = 8 + buf.readUInt32BE(pos + 4);
      if (size > limits.maxMessageSize) {
        throw new TtlvError('KMIP_ERR_TTLV_TOO_LARGE', `Message of ${size} bytes exceeds the maximum of ${limits.maxMessageSize}`, pos);
      }
    }
    const reader = new Reader(buf, limits, options.copyByteStrings === true);
    out.push(reader.item(pos, buf.length, 0));
    pos = reader.next;
  }
  return out;
}
