/**
 * One client connection: framing, sequential request handling, back-pressure and timeouts.
 *
 * Requests are handled one at a time, in the order they arrived, so responses go out in request
 * order (KMIP clients match responses to requests by position) and a request sees the effects of
 * the ones before it. Complete requests that arrive while one is being handled wait in a small
 * queue; reading pauses when that queue holds a maximum-size message's worth of bytes (or
 * {@link MAX_QUEUED_MESSAGES} messages), and while a response write is above the socket's
 * high-water mark.
 *
 * Buffer ownership (STYLE.md §2.6): a response Buffer belongs to the socket from `write()` until
 * the write callback. The transport calls `handleMessage` for the next request only after that
 * callback, so a handler may reuse one growable output buffer per session. A request Buffer may
 * be a view of a socket chunk; the transport never writes to it.
 *
 * Timers: the idle timer runs only while nothing is in progress (no partial request, none queued
 * or being handled, no response being written); the slow-client timer runs from the first byte of
 * a request until its last, and while a response write waits for the client to read. Both are
 * suspended while the transport itself holds reading back.
 */
import type { TLSSocket } from 'node:tls';
import { TtlvError, TtlvFramer } from '@keyhold/protocol';
import type { Logger } from '../logger.js';
import type { TransportLimits } from './limits.js';
import type { MessageHandler, Session } from './session.js';

/** Most complete requests waiting behind the one being handled before reading pauses. */
export const MAX_QUEUED_MESSAGES = 16;
/** After the server ends a connection, how long the client gets to close its side. */
const LINGER_MS = 2000;

type PauseReason = 'queue' | 'write' | 'shutdown' | 'closing';
type Queued = { readonly kind: 'request'; readonly bytes: Buffer } | { readonly kind: 'unframeable'; readonly reason: string };

/** Counters reported when a connection closes. */
export interface ConnectionStats {
  messages: number;
  bytesIn: number;
  bytesOut: number;
}

/** Construction parameters of {@link Connection}. */
export interface ConnectionOptions {
  readonly socket: TLSSocket;
  readonly handler: MessageHandler;
  readonly session: Session;
  readonly abort: AbortController;
  readonly limits: TransportLimits;
  readonly logger: Logger;
}

/** The transport's state for one established connection. */
export class Connection {
  readonly session: Session;
  readonly stats: ConnectionStats = { messages: 0, bytesIn: 0, bytesOut: 0 };
  /** Resolves when the socket has closed. */
  readonly closed: Promise<void>;

  private readonly socket: TLSSocket;
  private readonly handler: MessageHandler;
  private readonly abort: AbortController;
  private readonly limits: TransportLimits;
  private readonly log: Logger;
  private readonly framer: TtlvFramer;
  private readonly queue: Queued[] = [];
  private queuedBytes = 0;
  private readonly pauses = new Set<PauseReason>();
  /** A request is being handled or its response written. */
  private busy = false;
  private draining = false;
  private ending = false;
  private peerEnded = false;
  private closeReason = 'closed by client';
  private readonly openedAt = Date.now();
  private idleTimer: NodeJS.Timeout | undefined;
  private slowTimer: NodeJS.Timeout | undefined;
  private writeTimer: NodeJS.Timeout | undefined;

  constructor(o: ConnectionOptions) {
    this.socket = o.socket;
    this.handler = o.handler;
    this.session = o.session;
    this.abort = o.abort;
    this.limits = o.limits;
    this.log = o.logger;
    this.framer = new TtlvFramer(o.limits.maxMessageSize);
    this.closed = new Promise((resolve) => this.socket.once('close', () => resolve()));
  }

  /** Starts reading. */
  start(): void {
    const s = this.socket;
    s.setNoDelay(true);
    s.setKeepAlive(true, 60_000);
    s.on('data', (chunk: Buffer) => this.onData(chunk));
    s.on('end', () => this.onPeerEnd());
    s.on('error', (err: NodeJS.ErrnoException) => {
      this.closeReason = `socket error ${err.code ?? err.message}`;
      this.log.debug({ code: err.code, message: err.message }, 'socket error');
    });
    s.once('close', () => this.onClose());
    this.updateTimers();
  }

  /** No request in progress: nothing partial, queued, handled or being written. */
  get quiet(): boolean {
    return !this.busy && this.queue.length === 0 && !this.framer.pending;
  }

  /**
   * Graceful shutdown: closes the connection now if it is quiet; otherwise lets the request being
   * received, the queued ones and the one being handled finish and their responses flush, reading
   * nothing after them, then closes.
   */
  drain(): void {
    if (this.draining) return;
    this.draining = true;
    if (this.quiet) {
      this.end('server shutting down');
      return;
    }
    if (!this.framer.pending) this.pause('shutdown');
  }

  /** Closes at once, whatever is in progress. */
  destroy(reason: string): void {
    if (this.socket.destroyed) return;
    this.closeReason = reason;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (this.ending) return;
    const chunkOffset = this.stats.bytesIn;
    const atBoundary = !this.framer.pending;
    this.stats.bytesIn += chunk.length;
    this.clearTimer('idle');
    let messages: Buffer[];
    try {
      messages = this.framer.push(chunk);
    } catch (err) {
      if (!(err instanceof TtlvError)) {
        this.log.error({ err }, 'framer failed');
        this.destroy('internal error');
        return;
      }
      // The stream cannot be framed any more: answer the requests before the bad bytes, then the
      // error, then close. The framer drops the messages it completed in the failing chunk; when
      // that chunk began at a message boundary they are framed again from the chunk's start.
      this.log.warn({ code: err.code, offset: err.offset }, 'unframeable input');
      this.clearTimer('slow');
      this.pause('closing');
      if (atBoundary && err.offset !== undefined && err.offset > chunkOffset) {
        try {
          for (const bytes of new TtlvFramer(this.limits.maxMessageSize).push(chunk.subarray(0, err.offset - chunkOffset))) {
            this.queue.push({ kind: 'request', bytes });
            this.queuedBytes += bytes.length;
          }
        } catch {
          // Not expected: those bytes were framed once already. Answer only the error.
        }
      }
      this.queue.push({ kind: 'unframeable', reason: err.message });
      void this.pump();
      return;
    }
    for (const bytes of messages) {
      this.queue.push({ kind: 'request', bytes });
      this.queuedBytes += bytes.length;
    }
    if (!this.framer.pending) this.clearTimer('slow');
    else if (messages.length > 0 || this.slowTimer === undefined) this.startSlowTimer(); // a new request began in this chunk
    if (this.draining && !this.framer.pending) this.pause('shutdown');
    this.updateQueuePause();
    void this.pump();
  }

  private onPeerEnd(): void {
    this.peerEnded = true;
    this.clearTimer('idle');
    this.clearTimer('slow');
    if (this.framer.pending) this.log.debug('client ended the stream inside a message');
    if (!this.busy && this.queue.length === 0) this.end('closed by client');
  }

  /** Handles queued requests one by one until the queue is empty. */
  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.updateTimers();
    try {
      for (let item = this.queue.shift(); item !== undefined; item = this.queue.shift()) {
        if (this.socket.destroyed) return;
        if (item.kind === 'unframeable') {
          let response: Buffer | undefined;
          try {
            response = this.handler.unframeableResponse(item.reason);
          } catch (err) {
            this.log.error({ err }, 'unframeableResponse failed');
          }
          if (response !== undefined) await this.write(response);
          this.end('unframeable input');
          return;
        }
        this.queuedBytes -= item.bytes.length;
        this.updateQueuePause();
        let response: Buffer;
        try {
          response = await this.handler.handleMessage(item.bytes, this.session);
        } catch (err) {
          this.log.error({ err }, 'message handler failed; closing the connection');
          this.end('message handler failed');
          return;
        }
        this.stats.messages++;
        if (this.socket.destroyed || this.ending) return;
        await this.write(response);
      }
    } catch (err) {
      this.log.debug({ err }, 'write failed');
      this.destroy('write failed');
      return;
    } finally {
      this.busy = false;
    }
    if (this.peerEnded) this.end('closed by client');
    else if (this.draining && !this.framer.pending) this.end('server shutting down');
    else this.updateTimers();
  }

  /** Writes one response; resolves at the write callback (see Buffer ownership above). */
  private write(bytes: Buffer): Promise<void> {
    if (this.socket.destroyed || !this.socket.writable) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      if (this.limits.slowClientTimeoutMs > 0) {
        this.writeTimer = setTimeout(() => {
          this.log.warn({ timeoutMs: this.limits.slowClientTimeoutMs }, 'client does not read its response; closing');
          this.destroy('slow client (response not read)');
        }, this.limits.slowClientTimeoutMs);
      }
      let settled = false;
      const done = (err?: Error | null): void => {
        if (settled) return;
        settled = true;
        this.socket.off('close', onClose);
        this.clearTimer('write');
        this.resume('write');
        if (err) reject(err);
        else resolve();
      };
      // A destroyed socket may never call back.
      const onClose = (): void => done();
      this.socket.once('close', onClose);
      this.stats.bytesOut += bytes.length;
      if (!this.socket.write(bytes, done)) this.pause('write');
    });
  }

  /** Ends the connection gracefully (pending writes flush first); destroys it if the client lingers. */
  private end(reason: string): void {
    if (this.ending) return;
    this.ending = true;
    this.closeReason = reason;
    this.pause('closing');
    this.clearTimer('idle');
    this.clearTimer('slow');
    this.socket.end();
    setTimeout(() => this.socket.destroy(), LINGER_MS).unref();
  }

  private onClose(): void {
    this.clearTimer('idle');
    this.clearTimer('slow');
    this.clearTimer('write');
    this.abort.abort(new Error(`connection closed: ${this.closeReason}`));
    this.log.info({ reason: this.closeReason, ...this.stats, durationMs: Date.now() - this.openedAt }, 'connection closed');
  }

  private updateQueuePause(): void {
    if (this.queuedBytes >= this.limits.maxMessageSize || this.queue.length >= MAX_QUEUED_MESSAGES) this.pause('queue');
    else this.resume('queue');
  }

  private pause(reason: PauseReason): void {
    if (this.pauses.size === 0) this.socket.pause();
    this.pauses.add(reason);
    if (reason === 'queue' || reason === 'write') this.clearTimer('slow'); // our hold, not the client's slowness
  }

  private resume(reason: PauseReason): void {
    if (!this.pauses.delete(reason) || this.pauses.size > 0) return;
    if (this.socket.destroyed || this.ending) return;
    this.socket.resume();
    if (this.framer.pending) this.startSlowTimer();
  }

  /** Arms the idle timer when quiet and reading; clears it otherwise. */
  private updateTimers(): void {
    if (this.quiet && !this.ending && !this.peerEnded && this.limits.idleTimeoutMs > 0) {
      if (this.idleTimer === undefined) {
        this.idleTimer = setTimeout(() => {
          this.idleTimer = undefined;
          this.log.info({ timeoutMs: this.limits.idleTimeoutMs }, 'idle timeout');
          this.end('idle timeout');
        }, this.limits.idleTimeoutMs);
      }
    } else {
      this.clearTimer('idle');
    }
  }

  private startSlowTimer(): void {
    this.clearTimer('slow');
    if (this.limits.slowClientTimeoutMs <= 0 || this.ending) return;
    this.slowTimer = setTimeout(() => {
      this.slowTimer = undefined;
      this.log.warn({ timeoutMs: this.limits.slowClientTimeoutMs }, 'request not received in time (slow client); closing');
      this.destroy('slow client (request incomplete)');
    }, this.limits.slowClientTimeoutMs);
  }

  private clearTimer(which: 'idle' | 'slow' | 'write'): void {
    const t = which === 'idle' ? this.idleTimer : which === 'slow' ? this.slowTimer : this.writeTimer;
    if (t !== undefined) clearTimeout(t);
    if (which === 'idle') this.idleTimer = undefined;
    else if (which === 'slow') this.slowTimer = undefined;
    else this.writeTimer = undefined;
  }
}
