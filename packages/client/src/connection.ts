/**
 * One TLS connection carrying whole TTLV messages, with pipelining: requests are written as soon
 * as they are sent and the server answers them in order (KMIP over TLS has one response message
 * per request message, in order [KMIP Profiles 2.1 §3.1]), so a FIFO of pending requests pairs
 * each response with its request.
 *
 * A request that times out or is aborted is rejected at once but keeps its place in the queue:
 * its response, when it comes, is read and dropped, so later responses stay paired correctly.
 *
 * Buffer ownership: each message is encoded into a fresh buffer handed to the socket; the client
 * never reuses it.
 */
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { decodeTtlv, encodeTtlv, TtlvFramer, type TtlvNode } from '@keyhold/protocol';
import { KmipClientError } from './errors.js';

/** TLS settings of a connection. */
export interface ConnectionOptions {
  /** `'tls'` (the default): TTLV over TLS. KMIP over HTTPS takes the options of https.ts instead. */
  readonly transport?: 'tls';
  /** Server host name or address. */
  readonly host: string;
  /** Server TCP port (KMIP's registered port is 5696). */
  readonly port: number;
  /** PEM CA certificate(s) the server certificate must chain to. */
  readonly ca: string | Buffer;
  /** PEM client certificate (mutual TLS). */
  readonly cert: string | Buffer;
  /** PEM private key of the client certificate. */
  readonly key: string | Buffer;
  /** Name the server certificate must match (default: `host`). */
  readonly servername?: string;
  /** Milliseconds to wait for the TLS handshake (default 10 000). */
  readonly connectTimeoutMs?: number;
  /** Largest response message accepted, in bytes (default: the codec's limit). */
  readonly maxMessageSize?: number;
  /** TCP keep-alive: idle milliseconds before the first probe (absent or 0: keep-alive off). */
  readonly keepAliveMs?: number;
}

/** Per-request options. */
export interface SendOptions {
  /** Milliseconds to wait for the response; 0 or absent waits for ever. */
  readonly timeoutMs?: number;
  /** Cancels the wait (the request may still have been executed by the server). */
  readonly signal?: AbortSignal;
}

/** What a client needs of a connection, whatever carries the messages (TLS here, HTTPS in https.ts). */
export interface MessageConnection {
  /** True once the connection can carry no more requests. */
  readonly closed: boolean;
  /** Number of requests sent and not yet answered. */
  readonly inFlight: number;
  /** Sends one request message and resolves with the response message tree. */
  send(message: TtlvNode, options?: SendOptions): Promise<TtlvNode>;
  /** Closes the connection after the requests in flight (at most `graceMs`). */
  close(graceMs?: number): Promise<void>;
}

/** Resolves when a callback pushed on `waiters` is called (the requests in flight are answered), or after `graceMs`. */
export async function drainedWithin(waiters: (() => void)[], graceMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    new Promise<void>((resolve) => waiters.push(resolve)),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    }),
  ]);
  clearTimeout(timer);
}

interface Pending {
  resolve(node: TtlvNode): void;
  reject(err: Error): void;
  settled: boolean;
  cleanup(): void;
}

/** A pipelined message connection (see the module comment). */
export class KmipConnection implements MessageConnection {
  private readonly socket: TLSSocket;
  private readonly framer: TtlvFramer;
  private readonly queue: Pending[] = [];
  private closedError: KmipClientError | undefined;
  private drainWaiters: (() => void)[] = [];

  private constructor(socket: TLSSocket, maxMessageSize: number | undefined) {
    this.socket = socket;
    this.framer = maxMessageSize === undefined ? new TtlvFramer() : new TtlvFramer(maxMessageSize);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.fail(new KmipClientError('KMIP_CLIENT_CONNECTION', `connection failed: ${err.message}`, err)));
    socket.on('close', () => this.fail(new KmipClientError('KMIP_CLIENT_CLOSED', 'the server closed the connection')));
  }

  /** Opens a TLS connection and waits for the handshake (certificate and name checked). */
  static open(options: ConnectionOptions): Promise<KmipConnection> {
    return new Promise((resolve, reject) => {
      const isIp = /^[\d.]+$|:/.test(options.host);
      const servername = options.servername ?? (isIp ? undefined : options.host);
      const socket = tlsConnect({
        host: options.host,
        port: options.port,
        ca: options.ca,
        cert: options.cert,
        key: options.key,
        minVersion: 'TLSv1.2',
        ...(servername === undefined ? {} : { servername }),
      });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new KmipClientError('KMIP_CLIENT_TIMEOUT', `no TLS handshake with ${options.host}:${options.port} within ${options.connectTimeoutMs ?? 10_000} ms`));
      }, options.connectTimeoutMs ?? 10_000);
      const onError = (err: Error): void => {
        clearTimeout(timer);
        socket.destroy();
        reject(new KmipClientError('KMIP_CLIENT_CONNECTION', `cannot connect to ${options.host}:${options.port}: ${err.message}`, err));
      };
      socket.once('error', onError);
      socket.once('secureConnect', () => {
        clearTimeout(timer);
        socket.off('error', onError);
        if (options.keepAliveMs !== undefined && options.keepAliveMs > 0) socket.setKeepAlive(true, options.keepAliveMs);
        resolve(new KmipConnection(socket, options.maxMessageSize));
      });
    });
  }

  /** True once the connection can carry no more requests. */
  get closed(): boolean {
    return this.closedError !== undefined;
  }

  /** Number of requests sent and not yet answered (including timed-out ones still owed). */
  get inFlight(): number {
    return this.queue.length;
  }

  /** Sends one request message and resolves with the response message tree. */
  send(message: TtlvNode, options: SendOptions = {}): Promise<TtlvNode> {
    if (this.closedError) return Promise.reject(this.closedError);
    if (options.signal?.aborted) return Promise.reject(new KmipClientError('KMIP_CLIENT_ABORTED', undefined, options.signal.reason));
    const bytes = encodeTtlv(message);
    return new Promise<TtlvNode>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = (): void => settle(new KmipClientError('KMIP_CLIENT_ABORTED', undefined, options.signal?.reason));
      const entry: Pending = {
        settled: false,
        resolve: (node) => {
          if (entry.settled) return;
          entry.settled = true;
          entry.cleanup();
          resolve(node);
        },
        reject: (err) => settle(err),
        cleanup: () => {
          if (timer !== undefined) clearTimeout(timer);
          options.signal?.removeEventListener('abort', onAbort);
        },
      };
      function settle(err: Error): void {
        if (entry.settled) return;
        entry.settled = true;
        entry.cleanup();
        reject(err);
      }
      if (options.timeoutMs !== undefined && options.timeoutMs > 0) {
        const ms = options.timeoutMs;
        timer = setTimeout(() => settle(new KmipClientError('KMIP_CLIENT_TIMEOUT', `no response within ${ms} ms`)), ms);
      }
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(entry);
      this.socket.write(bytes);
    });
  }

  /** Closes the connection: waits for the requests in flight (at most `graceMs`), then ends TLS. */
  async close(graceMs = 5_000): Promise<void> {
    if (this.closedError === undefined && this.queue.length > 0) await drainedWithin(this.drainWaiters, graceMs);
    this.fail(new KmipClientError('KMIP_CLIENT_CLOSED'));
    await new Promise<void>((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.end();
      setTimeout(() => {
        this.socket.destroy();
        resolve();
      }, 1_000).unref();
    });
  }

  private onData(chunk: Buffer): void {
    let frames: Buffer[];
    try {
      frames = this.framer.push(chunk);
    } catch (err) {
      this.fail(new KmipClientError('KMIP_CLIENT_PROTOCOL', `bad response framing: ${(err as Error).message}`, err));
      this.socket.destroy();
      return;
    }
    for (const frame of frames) {
      const entry = this.queue.shift();
      if (entry === undefined) {
        this.fail(new KmipClientError('KMIP_CLIENT_PROTOCOL', 'the server sent a message no request asked for'));
        this.socket.destroy();
        return;
      }
      if (!entry.settled) {
        // (a settled entry timed out or was aborted: its answer is dropped)
        try {
          entry.resolve(decodeTtlv(frame));
        } catch (err) {
          entry.reject(new KmipClientError('KMIP_CLIENT_PROTOCOL', `undecodable response: ${(err as Error).message}`, err));
        }
      }
    }
    this.drained();
  }

  private fail(err: KmipClientError): void {
    if (this.closedError === undefined) this.closedError = err;
    const pending = this.queue.splice(0);
    for (const p of pending) p.reject(err);
    this.drained();
  }

  private drained(): void {
    if (this.queue.length > 0) return;
    const waiters = this.drainWaiters.splice(0);
    for (const w of waiters) w();
  }
}
