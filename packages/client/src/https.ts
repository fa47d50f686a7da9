/**
 * KMIP over HTTPS (KMIP HTTPS Client profile; "KMIP Additional Message Encodings" §2): each
 * request message is one HTTP `POST` to the server's KMIP URL (`https://host:port/kmip`) over
 * mutual TLS, with a TTLV, XML or JSON body (`application/octet-stream`, `text/xml`,
 * `application/json`); the response message is the body of the HTTP 200 answer, in the same
 * encoding. KMIP failures arrive as KMIP responses; an HTTP error status (400, 404, 413, 415…)
 * is a {@link KmipClientError} `KMIP_CLIENT_PROTOCOL` carrying the status and the server's reason.
 *
 * One {@link HttpsConnection} is one kept-alive TLS connection (a node:https Agent with
 * `maxSockets: 1`): HTTP/1.1 has no pipelining, so requests made together are sent one after
 * the other, and requests on one connection share the server's session (multi-part operations
 * work as on the TTLV port). A connection the server closed is reopened by the next request; a
 * request that times out or is aborted closes the socket it was on.
 */
import { Agent, request as httpsRequest } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { decodeMessageBody, DEFAULT_LIMITS, encodeMessageBody, encodingOfContentType, MESSAGE_MEDIA_TYPES, type MessageEncoding, type TtlvNode } from '@keyhold/protocol';
import { drainedWithin, type ConnectionOptions, type MessageConnection, type SendOptions } from './connection.js';
import { KmipClientError } from './errors.js';

/** Options of a connection over HTTPS: those of the TLS connection, with a URL instead of host and port. */
export interface HttpsConnectionOptions extends Omit<ConnectionOptions, 'host' | 'port' | 'transport'> {
  /** Selects KMIP over HTTPS. */
  readonly transport: 'https';
  /** The server's KMIP URL, `https://host[:port][/path]`; the path defaults to `/kmip`, the port to 443 (as for any https URL). */
  readonly url: string;
  /** Encoding of the message bodies (default `'ttlv'`). */
  readonly encoding?: MessageEncoding;
}

/** The host, port and path of a KMIP URL, checked. */
export function parseKmipUrl(url: string): { host: string; port: number; path: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new KmipClientError('KMIP_CLIENT_CONNECTION', `not a URL: ${JSON.stringify(url)}`);
  }
  if (u.protocol !== 'https:') throw new KmipClientError('KMIP_CLIENT_CONNECTION', `KMIP over HTTPS needs an https: URL, not ${u.protocol}`);
  if (u.username !== '' || u.password !== '') throw new KmipClientError('KMIP_CLIENT_CONNECTION', 'the KMIP URL must not carry a user name or password (the client certificate authenticates)');
  const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
  return { host, port: u.port === '' ? 443 : Number(u.port), path: u.pathname === '/' ? '/kmip' : u.pathname + u.search };
}

/** A KMIP message connection over HTTPS (see the module comment). */
export class HttpsConnection implements MessageConnection {
  private readonly agent: Agent;
  private readonly encoding: MessageEncoding;
  private readonly mediaType: string;
  private readonly target: { host: string; port: number; path: string };
  private readonly servername: string | undefined;
  private readonly connectTimeoutMs: number;
  private readonly maxMessageSize: number;
  private pending = 0;
  private isClosed = false;
  private drainWaiters: (() => void)[] = [];

  private constructor(options: HttpsConnectionOptions) {
    this.target = parseKmipUrl(options.url);
    this.encoding = options.encoding ?? 'ttlv';
    this.mediaType = MESSAGE_MEDIA_TYPES[this.encoding];
    const isIp = /^[\d.]+$|:/.test(this.target.host);
    this.servername = options.servername ?? (isIp ? undefined : this.target.host);
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    // As on the TLS connection (its framer), a response is bounded even when no limit is given.
    this.maxMessageSize = options.maxMessageSize ?? DEFAULT_LIMITS.maxMessageSize;
    this.agent = new Agent({
      keepAlive: true,
      ...(options.keepAliveMs !== undefined && options.keepAliveMs > 0 ? { keepAliveMsecs: options.keepAliveMs } : {}),
      maxSockets: 1,
      ca: options.ca,
      cert: options.cert,
      key: options.key,
      minVersion: 'TLSv1.2',
    });
  }

  /** Checks the options and creates the connection; the TLS connection opens with the first request. */
  static open(options: HttpsConnectionOptions): Promise<HttpsConnection> {
    try {
      return Promise.resolve(new HttpsConnection(options));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** The encoding of the message bodies. */
  get messageEncoding(): MessageEncoding {
    return this.encoding;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  get inFlight(): number {
    return this.pending;
  }

  send(message: TtlvNode, options: SendOptions = {}): Promise<TtlvNode> {
    if (this.isClosed) return Promise.reject(new KmipClientError('KMIP_CLIENT_CLOSED'));
    if (options.signal?.aborted) return Promise.reject(new KmipClientError('KMIP_CLIENT_ABORTED', undefined, options.signal.reason));
    const body = encodeMessageBody(message, this.encoding);
    const { host, port, path } = this.target;
    this.pending++;
    return new Promise<TtlvNode>((resolve, reject) => {
      let settled = false;
      const timers: ReturnType<typeof setTimeout>[] = [];
      const settle = (err: Error | undefined, node?: TtlvNode): void => {
        if (settled) return;
        settled = true;
        for (const t of timers) clearTimeout(t);
        options.signal?.removeEventListener('abort', onAbort);
        this.pending--;
        if (this.pending === 0) for (const w of this.drainWaiters.splice(0)) w();
        if (err !== undefined) reject(err);
        else resolve(node as TtlvNode);
      };
      const req = httpsRequest(
        {
          agent: this.agent,
          host,
          port,
          path,
          method: 'POST',
          ...(this.servername === undefined ? {} : { servername: this.servername }),
          headers: { 'Content-Type': this.mediaType, 'Content-Length': String(body.length), Accept: this.mediaType, 'Cache-Control': 'no-cache' },
        },
        (res) => {
          this.readResponse(res).then(
            (node) => settle(undefined, node),
            (err: Error) => settle(err),
          );
        },
      );
      const fail = (err: KmipClientError): void => {
        settle(err);
        req.destroy();
      };
      const onAbort = (): void => fail(new KmipClientError('KMIP_CLIENT_ABORTED', undefined, options.signal?.reason));
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (options.timeoutMs !== undefined && options.timeoutMs > 0) {
        const ms = options.timeoutMs;
        timers.push(setTimeout(() => fail(new KmipClientError('KMIP_CLIENT_TIMEOUT', `no response within ${ms} ms`)), ms));
      }
      req.on('socket', (socket) => {
        // A new socket must finish its TLS handshake in time; a reused one already has.
        if (!socket.connecting) return;
        const t = setTimeout(() => fail(new KmipClientError('KMIP_CLIENT_TIMEOUT', `no TLS handshake with ${host}:${port} within ${this.connectTimeoutMs} ms`)), this.connectTimeoutMs);
        timers.push(t);
        socket.once('secureConnect', () => clearTimeout(t));
      });
      req.on('error', (err) => {
        const reused = req.reusedSocket ? ' (on a kept-alive connection: the server may have executed the request)' : '';
        settle(new KmipClientError('KMIP_CLIENT_CONNECTION', `HTTPS request to ${host}:${port} failed: ${err.message}${reused}`, err));
      });
      req.end(body);
    });
  }

  /** Reads the whole response body and decodes the message, or explains the HTTP failure. */
  private readResponse(res: IncomingMessage): Promise<TtlvNode> {
    return new Promise((resolve, reject) => {
      const limit = this.encoding === 'ttlv' ? this.maxMessageSize : 4 * this.maxMessageSize;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          res.destroy();
          reject(new KmipClientError('KMIP_CLIENT_PROTOCOL', `the response is larger than ${limit} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.once('error', (err) => reject(new KmipClientError('KMIP_CLIENT_CONNECTION', `HTTPS response failed: ${err.message}`, err)));
      res.once('end', () => {
        const body = Buffer.concat(chunks, size);
        const status = res.statusCode ?? 0;
        if (status !== 200) {
          const reason = body.toString('utf8', 0, Math.min(body.length, 300)).trim();
          reject(new KmipClientError('KMIP_CLIENT_PROTOCOL', `the server answered HTTP ${status}${reason === '' ? '' : `: ${reason}`}`));
          return;
        }
        const type = encodingOfContentType(res.headers['content-type']);
        if (type?.encoding !== this.encoding) {
          reject(new KmipClientError('KMIP_CLIENT_PROTOCOL', `the server answered with Content-Type ${res.headers['content-type'] ?? '(none)'}, not ${this.mediaType}`));
          return;
        }
        try {
          resolve(decodeMessageBody(body, this.encoding, { maxMessageSize: this.maxMessageSize }));
        } catch (err) {
          reject(new KmipClientError('KMIP_CLIENT_PROTOCOL', `undecodable response: ${(err as Error).message}`, err));
        }
      });
    });
  }

  /** Waits for the requests in flight (at most `graceMs`), then closes the kept-alive connection. */
  async close(graceMs = 5_000): Promise<void> {
    if (!this.isClosed && this.pending > 0) await drainedWithin(this.drainWaiters, graceMs);
    this.isClosed = true;
    this.agent.destroy();
  }
}
