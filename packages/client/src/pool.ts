/**
 * {@link KmipPool}: a bounded pool of {@link KmipClient} connections to one server.
 *
 * - Size limit: at most `size` connections (default 4). A request goes to an idle connection;
 *   when none is idle and the pool is below its size a new connection is opened; otherwise the
 *   request is pipelined on the least-loaded connection. Requests are thus spread over the
 *   connections.
 * - Version: the first connection negotiates (or uses the fixed `version`); later connections
 *   use the version agreed on, without negotiating again.
 * - Keep-alive: TCP keep-alive on every socket (`keepAliveMs`, default 30 000) and, every
 *   `pingIntervalMs` (default 60 000; 0 turns it off), a Discover Versions on each idle
 *   connection; a connection that does not answer is closed and replaced on demand.
 * - Reconnect: a dropped connection leaves the pool. Requests that were in flight on it reject
 *   with a {@link KmipClientError} (code `KMIP_CLIENT_CLOSED` or `KMIP_CLIENT_CONNECTION`, the
 *   message says the connection was lost and that the server may have executed the request);
 *   they are not retried. New requests use a fresh connection.
 * - Multi-part operations (Correlation Value) must stay on one connection: use
 *   {@link KmipPool.withClient}.
 */
import type { RequestHeader, RequestBatchItem, ResponseMessage, ProtocolVersion, RequestPayloadOf, ResponsePayloadOf, TypedOperation } from '@keyhold/protocol';
import { Operation } from '@keyhold/protocol';
import type { BatchItem, BatchOptions, BatchResults } from './batch.js';
import type { CallOptions } from './call.js';
import { KmipClient, type ClientOptions } from './client.js';
import { KmipClientError } from './errors.js';
import { OperationMethods } from './methods.js';

/** Options of {@link KmipPool.connect}: those of a client (TLS or HTTPS), and the pool's. */
export type PoolOptions = ClientOptions & PoolSettings;

/** The pool's own settings. */
export interface PoolSettings {
  /** Largest number of connections (default 4). */
  readonly size?: number;
  /** Milliseconds between Discover Versions pings on idle connections (default 60 000; 0: off). */
  readonly pingIntervalMs?: number;
}

/** A pool of connections (see the module comment). Create it with {@link KmipPool.connect}. */
export class KmipPool extends OperationMethods {
  private readonly options: PoolOptions;
  private readonly size: number;
  private readonly clients: KmipClient[] = [];
  private readonly load = new Map<KmipClient, number>();
  private opening = 0;
  private readonly openings: Promise<KmipClient>[] = [];
  private agreed: ProtocolVersion;
  private closing = false;
  private pinger: ReturnType<typeof setInterval> | undefined;

  private constructor(options: PoolOptions, first: KmipClient) {
    super();
    this.options = options;
    this.size = Math.max(1, options.size ?? 4);
    this.agreed = first.version;
    this.add(first);
    const every = options.pingIntervalMs ?? 60_000;
    if (every > 0) {
      this.pinger = setInterval(() => void this.pingIdle(Math.min(every, 10_000)), every);
      this.pinger.unref();
    }
  }

  /** Opens the first connection (negotiating the version) and returns the pool. */
  static async connect(options: PoolOptions): Promise<KmipPool> {
    if (options.size !== undefined && (!Number.isInteger(options.size) || options.size < 1)) {
      throw new RangeError(`pool size must be a positive integer, got ${options.size}`);
    }
    const first = await KmipClient.connect({ keepAliveMs: 30_000, ...options });
    return new KmipPool(options, first);
  }

  /** The protocol version the pool's connections speak. */
  get version(): ProtocolVersion {
    return this.agreed;
  }

  /** Number of open connections right now (dropped ones are not counted). */
  get connections(): number {
    this.prune();
    return this.clients.length;
  }

  /** The size limit. */
  get maxSize(): number {
    return this.size;
  }

  /** True once {@link KmipPool.close} was called. */
  get closed(): boolean {
    return this.closing;
  }

  /** Runs one operation on a connection of the pool. */
  override async call<O extends TypedOperation>(operation: O, payload: RequestPayloadOf<O>, options?: CallOptions): Promise<ResponsePayloadOf<O>> {
    return this.on((c) => c.call(operation, payload, options));
  }

  /** Sends request batch items as one message on a connection of the pool. */
  async send(items: RequestBatchItem[], header: Partial<Omit<RequestHeader, 'protocolVersion'>> = {}, options: CallOptions = {}): Promise<ResponseMessage> {
    return this.on((c) => c.send(items, header, options));
  }

  /** Runs a batch (see {@link KmipClient.batch}) on a connection of the pool. */
  async batch<const T extends readonly BatchItem[]>(items: T, options: BatchOptions = {}): Promise<BatchResults<T>> {
    return this.on((c) => c.batch(items, options));
  }

  /**
   * Runs `fn` with one connection of the pool (counted as busy until `fn` settles): for
   * sequences that must share a connection, such as multi-part Encrypt with a Correlation Value.
   */
  async withClient<T>(fn: (client: KmipClient) => Promise<T>): Promise<T> {
    return this.on(fn);
  }

  /** Closes every connection (each after its requests in flight, at most `graceMs`). */
  async close(graceMs?: number): Promise<void> {
    this.closing = true;
    if (this.pinger !== undefined) clearInterval(this.pinger);
    const opened = await Promise.allSettled(this.openings);
    for (const r of opened) if (r.status === 'fulfilled' && !this.clients.includes(r.value)) await r.value.close(0);
    await Promise.all(this.clients.splice(0).map((c) => c.close(graceMs)));
    this.load.clear();
  }

  private async on<T>(fn: (client: KmipClient) => Promise<T>): Promise<T> {
    const client = await this.pick();
    try {
      return await fn(client);
    } catch (err) {
      if (err instanceof KmipClientError && (err.code === 'KMIP_CLIENT_CLOSED' || err.code === 'KMIP_CLIENT_CONNECTION') && client.closed && !this.closing) {
        this.prune();
        throw new KmipClientError(err.code, `the pool's connection was lost with this request in flight (the server may have executed it; new requests use a fresh connection): ${err.message}`, err);
      }
      throw err;
    } finally {
      const n = (this.load.get(client) ?? 1) - 1;
      if (this.clients.includes(client)) this.load.set(client, n);
    }
  }

  private busy(c: KmipClient): number {
    return Math.max(this.load.get(c) ?? 0, c.inFlight);
  }

  /** Chooses a connection and counts the request on it (synchronously, so that concurrent picks spread). */
  private async pick(): Promise<KmipClient> {
    if (this.closing) throw new KmipClientError('KMIP_CLIENT_CLOSED', 'the pool is closed');
    this.prune();
    const idle = this.clients.find((c) => this.busy(c) === 0);
    if (idle !== undefined) return this.take(idle);
    if (this.clients.length + this.opening < this.size) return this.take(await this.open());
    if (this.clients.length === 0) {
      // Every slot is a connection being opened: wait for one of them.
      const c = await Promise.any(this.openings).catch(() => this.open());
      return this.take(c);
    }
    let best = this.clients[0] as KmipClient;
    for (const c of this.clients) if (this.busy(c) < this.busy(best)) best = c;
    return this.take(best);
  }

  private take(c: KmipClient): KmipClient {
    this.load.set(c, (this.load.get(c) ?? 0) + 1);
    return c;
  }

  private async open(): Promise<KmipClient> {
    this.opening += 1;
    const p = KmipClient.connect({ keepAliveMs: 30_000, ...this.options, version: this.agreed });
    this.openings.push(p);
    try {
      const c = await p;
      if (this.closing) {
        await c.close(0);
        throw new KmipClientError('KMIP_CLIENT_CLOSED', 'the pool is closed');
      }
      this.add(c);
      return c;
    } finally {
      this.opening -= 1;
      this.openings.splice(this.openings.indexOf(p), 1);
    }
  }

  private add(c: KmipClient): void {
    this.clients.push(c);
    this.load.set(c, 0);
  }

  /** Drops the connections that closed (server gone, transport error, failed ping). */
  private prune(): void {
    for (let i = this.clients.length - 1; i >= 0; i--) {
      const c = this.clients[i] as KmipClient;
      if (c.closed) {
        this.clients.splice(i, 1);
        this.load.delete(c);
      }
    }
  }

  private async pingIdle(timeoutMs: number): Promise<void> {
    this.prune();
    await Promise.all(
      this.clients
        .filter((c) => this.busy(c) === 0)
        .map(async (c) => {
          try {
            await c.call(Operation.DiscoverVersions, {}, { timeoutMs });
          } catch (err) {
            if (err instanceof KmipClientError) {
              await c.close(0);
              this.prune();
            }
          }
        }),
    );
  }
}
