/**
 * Stream framer: turns the chunks of a byte stream (a socket) into complete TTLV messages.
 *
 * Chunks may split a message at any byte. The 8-byte header of each message is checked (item type
 * Structure, length a multiple of 8, total within `maxMessageSize`) before any buffer is allocated
 * for its body. A complete message lying inside one chunk is returned as a view of that chunk;
 * otherwise it is assembled into one buffer of exactly its size.
 */
import { TtlvError } from './errors.js';
import { DEFAULT_LIMITS } from './limits.js';
import { ItemType } from './types.js';

/** Incremental splitter of a byte stream into whole TTLV messages. */
export class TtlvFramer {
  private readonly maxMessageSize: number;
  private header = Buffer.alloc(8);
  private headerFill = 0;
  private body: Buffer | undefined;
  private bodyFill = 0;
  private consumed = 0;

  constructor(maxMessageSize: number = DEFAULT_LIMITS.maxMessageSize) {
    this.maxMessageSize = maxMessageSize;
  }

  /** True when part of a message has been received but not yet all of it. */
  get pending(): boolean {
    return this.headerFill > 0;
  }

  /**
   * Feeds one chunk; returns the messages it completed (possibly none).
   * @throws TtlvError when a header cannot start a message; the stream is then unframeable and
   * the caller should close it (the framer must not be used again).
   */
  push(chunk: Uint8Array): Buffer[] {
    const data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const out: Buffer[] = [];
    let pos = 0;
    while (pos < data.length) {
      if (this.headerFill === 0 && data.length - pos >= 8) {
        // Fast path: header available in this chunk.
        const total = this.check(data, pos, this.consumed + pos);
        if (data.length - pos >= total) {
          out.push(data.subarray(pos, pos + total));
          pos += total;
          continue;
        }
        data.copy(this.header, 0, pos, pos + 8);
        this.headerFill = 8;
        this.startBody(total);
        const n = data.length - pos;
        data.copy(this.body as Buffer, 0, pos, pos + n);
        this.bodyFill = n;
        pos += n;
        continue;
      }
      if (this.headerFill < 8) {
        const n = Math.min(8 - this.headerFill, data.length - pos);
        data.copy(this.header, this.headerFill, pos, pos + n);
        this.headerFill += n;
        pos += n;
        if (this.headerFill < 8) break;
        const total = this.check(this.header, 0, this.consumed + pos - 8);
        this.startBody(total);
        this.header.copy(this.body as Buffer, 0, 0, 8);
        this.bodyFill = 8;
      }
      const body = this.body as Buffer;
      const n = Math.min(body.length - this.bodyFill, data.length - pos);
      data.copy(body, this.bodyFill, pos, pos + n);
      this.bodyFill += n;
      pos += n;
      if (this.bodyFill === body.length) {
        out.push(body);
        this.body = undefined;
        this.bodyFill = 0;
        this.headerFill = 0;
      }
    }
    this.consumed += data.length;
    return out;
  }

  private startBody(total: number): void {
    this.body = Buffer.allocUnsafe(total);
    this.bodyFill = 0;
  }

  /** Validates a message header; returns the message's total size. */
  private check(buf: Buffer, at: number, streamOffset: number): number {
    const type = buf[at + 3];
    if (type !== ItemType.Structure) {
      throw new TtlvError('KMIP_ERR_TTLV_NOT_A_MESSAGE', `A message must be a Structure, found item type ${String(type)}`, streamOffset);
    }
    const len = buf.readUInt32BE(at + 4);
    if (len % 8 !== 0) {
      throw new TtlvError('KMIP_ERR_TTLV_BAD_LENGTH', `Message length ${len} is not a multiple of 8`, streamOffset);
    }
    const total = len + 8;
    if (total > this.maxMessageSize) {
      throw new TtlvError('KMIP_ERR_TTLV_TOO_LARGE', `Message of ${total} bytes exceeds the maximum of ${this.maxMessageSize}`, streamOffset);
    }
    return total;
  }
}
