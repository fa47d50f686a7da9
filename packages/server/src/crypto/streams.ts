/**
 * Multi-part cryptographic operations [KMIP 2.1 §6.1 "Multi-part cryptographic operations", 1.3+
 * Init Indicator / Correlation Value / Final Indicator]: the state of an operation whose data comes
 * in several requests, kept in server memory between them.
 *
 * Bounds: a stream lives {@link STREAM_TTL_SECONDS} after its last request, at most
 * {@link MAX_STREAMS_PER_CLIENT} per client and {@link MAX_STREAMS} in all; a stream is bound to
 * the client and the operation that opened it. State is not persisted: a restart ends all streams
 * (the client gets Invalid Correlation Value and starts again).
 *
 * Operations that cannot stream (AES-CCM needs the whole length first, an AES-XTS data unit is
 * one piece, PureEdDSA hashes the message twice) buffer their data here instead, bounded: at most
 * {@link MAX_BUFFERED_BYTES} per stream (more is Feature Not Supported: send it in one-part
 * requests or use a mode that streams) and {@link MAX_BUFFERED_TOTAL} over all streams of a table
 * (Encrypt/Decrypt, Sign/Signature Verify; more is Permission Denied, as for too many streams:
 * retry later).
 */
import { randomBytes } from 'node:crypto';
import { KmipError, ResultReason } from '@keyhold/protocol';

/** Seconds a stream survives without a request. */
export const STREAM_TTL_SECONDS = 300n;
/** Open streams per client. */
export const MAX_STREAMS_PER_CLIENT = 32;
/** Open streams in the server. */
export const MAX_STREAMS = 1024;
/** Bytes one buffering stream may hold (8 MiB). */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** Bytes the buffering streams of one table may hold together (128 MiB). */
export const MAX_BUFFERED_TOTAL = 128 * 1024 * 1024;

/** How a request takes part in a multi-part operation. */
export type StreamStep = { readonly kind: 'single' } | { readonly kind: 'init' } | { readonly kind: 'continue' | 'final'; readonly correlation: Uint8Array };

/** The step of a request from its Init Indicator, Correlation Value and Final Indicator. */
export function streamStep(req: { readonly correlationValue?: Uint8Array | undefined; readonly initIndicator?: boolean | undefined; readonly finalIndicator?: boolean | undefined }): StreamStep {
  const init = req.initIndicator === true;
  const fin = req.finalIndicator === true;
  if (req.correlationValue === undefined) {
    if (init === fin) return { kind: 'single' };
    if (init) return { kind: 'init' };
    throw new KmipError(ResultReason.InvalidCorrelationValue, 'a Final Indicator needs the Correlation Value of its stream');
  }
  if (init) throw new KmipError(ResultReason.InvalidField, 'an Init Indicator starts a stream: it takes no Correlation Value');
  return { kind: fin ? 'final' : 'continue', correlation: req.correlationValue };
}

interface Entry<T> {
  readonly owner: string;
  readonly operation: number;
  readonly uid: string;
  expires: bigint;
  /** Bytes buffered by the stream (see {@link StreamTable.reserve}). */
  bytes: number;
  readonly state: T;
}

/** Open streams, by Correlation Value (hex). */
export class StreamTable<T> {
  private readonly entries = new Map<string, Entry<T>>();
  /** Bytes buffered by all open streams. */
  private buffered = 0;

  private sweep(now: bigint): void {
    for (const [k, e] of this.entries) if (e.expires <= now) this.drop(k, e);
  }

  private drop(key: string, e: Entry<T>): void {
    this.buffered -= e.bytes;
    this.entries.delete(key);
  }

  /** Checks that `more` bytes fit a stream holding `held` (see the module comment). */
  private fits(held: number, more: number): void {
    if (held + more > MAX_BUFFERED_BYTES) {
      throw new KmipError(ResultReason.FeatureNotSupported, `this multi-part operation buffers its data, at most ${String(MAX_BUFFERED_BYTES)} bytes: send less, or use one-part requests`);
    }
    if (this.buffered + more > MAX_BUFFERED_TOTAL) {
      throw new KmipError(ResultReason.PermissionDenied, 'the server holds too much buffered multi-part data: finish some operations first');
    }
  }

  /**
   * Accounts `more` bytes to the stream of `correlation` before the caller buffers them; over a
   * bound it throws (and the stream stays as it was).
   */
  reserve(correlation: Uint8Array, more: number): void {
    const e = this.entries.get(Buffer.from(correlation).toString('hex'));
    if (e === undefined) throw new KmipError(ResultReason.InvalidCorrelationValue, 'no open multi-part operation has this Correlation Value (unknown, finished or expired)');
    this.fits(e.bytes, more);
    e.bytes += more;
    this.buffered += more;
  }

  /** Opens a stream, accounting `bytes` it buffers already; returns its Correlation Value. */
  open(owner: string, operation: number, uid: string, state: T, now: bigint, bytes = 0): Buffer {
    this.sweep(now);
    let mine = 0;
    for (const e of this.entries.values()) if (e.owner === owner) mine++;
    if (mine >= MAX_STREAMS_PER_CLIENT || this.entries.size >= MAX_STREAMS) {
      throw new KmipError(ResultReason.PermissionDenied, 'too many multi-part operations are open: finish some first');
    }
    this.fits(0, bytes);
    const id = randomBytes(16);
    this.entries.set(id.toString('hex'), { owner, operation, uid, expires: now + STREAM_TTL_SECONDS, bytes, state });
    this.buffered += bytes;
    return id;
  }

  /** The stream of `correlation` for this client and operation (extended), or Invalid Correlation Value. */
  get(correlation: Uint8Array, owner: string, operation: number, now: bigint): { readonly uid: string; readonly state: T } {
    this.sweep(now);
    const e = this.entries.get(Buffer.from(correlation).toString('hex'));
    if (e === undefined || e.owner !== owner || e.operation !== operation) {
      throw new KmipError(ResultReason.InvalidCorrelationValue, 'no open multi-part operation has this Correlation Value (unknown, finished or expired)');
    }
    e.expires = now + STREAM_TTL_SECONDS;
    return e;
  }

  /** Ends a stream. */
  close(correlation: Uint8Array): void {
    const key = Buffer.from(correlation).toString('hex');
    const e = this.entries.get(key);
    if (e !== undefined) this.drop(key, e);
  }
}
