/**
 * The KMIP HTTPS transport (KMIP HTTPS Server profile; "KMIP Additional Message Encodings" §2,
 * Profiles 2.1 §HTTPS/JSON/XML): one KMIP request message per HTTP `POST /kmip` over mutually
 * authenticated TLS, the response message in the HTTP response body, in the request's encoding:
 *
 * | Content-Type                      | body                         |
 * | --------------------------------- | ---------------------------- |
 * | `application/octet-stream`        | TTLV                         |
 * | `text/xml` or `application/xml`   | KMIP XML (UTF-8)             |
 * | `application/json`                | KMIP JSON (UTF-8)            |
 *
 * TLS, client identity and connection limits are those of the TTLV port (tls.ts
 * {@link mutualTlsOptions}, admission.ts): a connection is admitted after its handshake, and its
 * requests share one {@link Session} (the principal, and an abort signal for when it closes), so
 * multi-part operations work across the requests of one keep-alive connection as on the TTLV port.
 * As there too, a connection's requests are handled one at a time, pipelined HTTP/1.1 ones included.
 * Messages go to the same {@link MessageHandler} (the executor) as TTLV bytes: XML and JSON are
 * converted to TTLV before and from TTLV after, and nothing else differs.
 *
 * What the client gets for what it sends:
 * - a KMIP request (any encoding) → 200 and the KMIP response, whose failures are KMIP failures
 *   (Result Status Operation Failed), as on the TTLV port; TTLV bytes that do not decode get the
 *   executor's Invalid Message response, as on the TTLV port;
 * - XML or JSON text that is not one KMIP item (syntax, unknown tag, bad value), or an empty
 *   body → 400 with a one-line `text/plain` reason: no KMIP message can be read, so no KMIP
 *   response can answer it;
 * - another path → 404; another method → 405 with `Allow: POST`; another Content-Type → 415;
 * - a body over the size limit → 413, and the connection is closed (the rest is not read). The
 *   limit is `maxMessageSize` for TTLV and {@link TEXT_SIZE_FACTOR} times that for XML and JSON
 *   (hex doubles every byte), whose TTLV must then fit `maxMessageSize`.
 *
 * Time limits: request headers and body must arrive within `slowClientTimeoutMs` of the request's
 * start, an idle keep-alive connection is closed after `idleTimeoutMs`, and a response the client
 * does not read within `slowClientTimeoutMs` closes the connection.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { decodeMessageBody, decodeTtlv, encodeMessageBody, encodeTtlv, encodingOfContentType } from '@keyhold/protocol';
import { silentLogger } from '../logger.js';
import { closeFailedHandshakes, closeWithDeadline, ConnectionAdmission, listenOn } from './admission.js';
import { DEFAULT_TRANSPORT_LIMITS, type TransportLimits } from './limits.js';
import type { MessageHandler, Session } from './session.js';
import { mutualTlsOptions, runningServer, type RunningServer, type TlsServerOptions } from './tls.js';

/** The request path of KMIP over HTTPS. */
export const HTTPS_PATH = '/kmip';

/** The port `https.port` suggests (the TTLV port's neighbour; IANA registers 5696 only). */
export const SUGGESTED_HTTPS_PORT = 5697;

/** XML and JSON bodies may be this many times `maxMessageSize` (their TTLV must still fit it). */
export const TEXT_SIZE_FACTOR = 4;

/** Options of {@link startHttpsServer}: those of the TLS port; `port` has no default here. */
export interface HttpsServerOptions extends Omit<TlsServerOptions, 'port'> {
  /** Port; 0 picks a free port. */
  readonly port: number;
}

/** A session and what ends it, per admitted TLS connection. */
interface SocketState {
  readonly session: Session;
  readonly abort: AbortController;
  /** Requests received and not yet answered (more than one when the client pipelines). */
  pending: number;
  /** The end of the chain of its requests: they are handled one at a time, in order. */
  queue: Promise<void>;
}

/** Starts the HTTPS listener; resolves once it listens. */
export async function startHttpsServer(options: HttpsServerOptions, handler: MessageHandler): Promise<RunningServer> {
  const limits: TransportLimits = { ...DEFAULT_TRANSPORT_LIMITS, ...options.limits };
  const log = (options.logger ?? silentLogger()).child({ transport: 'https' });
  const host = options.host ?? '0.0.0.0';
  const slow = limits.slowClientTimeoutMs;

  const server = createServer({
    ...mutualTlsOptions(options, limits),
    keepAlive: true,
    keepAliveTimeout: limits.idleTimeoutMs,
    requestTimeout: slow,
    headersTimeout: slow,
    // node checks the two timeouts above on this period: keep it well below them.
    connectionsCheckingInterval: slow > 0 ? Math.max(50, Math.min(1_000, Math.floor(slow / 4))) : 30_000,
    maxHeaderSize: 16 * 1024,
  });
  server.maxConnections = limits.maxConnections * 2;
  server.timeout = limits.idleTimeoutMs;

  const admission = options.admission ?? new ConnectionAdmission(limits, log);
  const states = new WeakMap<Socket, SocketState>();
  /** Every TCP socket by `address|port` (handshakes in progress too), and the admitted TLS sockets. */
  const rawSockets = new Map<string, Socket>();
  const admitted = new Map<string, TLSSocket>();
  const keyOf = (s: Socket): string => `${s.remoteAddress ?? ''}|${s.remotePort ?? ''}`;
  let stopping = false;

  server.on('connection', (raw: Socket) => {
    const key = keyOf(raw);
    rawSockets.set(key, raw);
    raw.once('close', () => rawSockets.delete(key));
  });
  closeFailedHandshakes(server, log);

  server.on('secureConnection', (socket: TLSSocket) => {
    const opened = admission.open(socket, stopping);
    if (opened === undefined) return;
    const { identity, session, abort } = opened;
    states.set(socket, { session, abort, pending: 0, queue: Promise.resolve() });
    const key = keyOf(socket);
    admitted.set(key, socket);
    socket.once('close', () => {
      admitted.delete(key);
      abort.abort(new Error('connection closed'));
      admission.release(identity);
    });
    log.info({ conn: session.id, principal: identity.principal, remote: identity.remoteAddress, protocol: socket.getProtocol() }, 'connection opened');
  });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const state = states.get(req.socket);
    if (state === undefined) {
      // Only admitted connections carry requests; anything else is closed.
      req.socket.destroy();
      return;
    }
    // The idle time-out (server.timeout, then node's keepAliveTimeout between requests) is for
    // connections with no request in progress: a request is bounded by the slow-client limits.
    req.socket.setTimeout(0);
    state.pending++;
    res.once('close', () => {
      state.pending--;
      if (stopping && state.pending === 0) req.socket.end();
    });
    // Pipelined HTTP/1.1 requests are handled one at a time, as on the TTLV port: a client cannot
    // run more of them at once by sending them without waiting (node answers them in order).
    const handle = (): Promise<void> => {
      if (req.destroyed || res.destroyed) return Promise.resolve();
      return handleRequest(req, res, state.session).catch((err: unknown) => {
        log.error({ err, conn: state.session.id }, 'HTTPS request failed');
        if (!res.headersSent) reply(res, 500, 'text/plain', 'Internal Server Error\n', true);
        else res.destroy();
      });
    };
    state.queue = state.queue.then(handle);
  });

  server.on('error', (err) => log.error({ err }, 'HTTPS server error'));

  async function handleRequest(req: IncomingMessage, res: ServerResponse, session: Session): Promise<void> {
    if (stopping) res.setHeader('Connection', 'close');
    const hasBody = req.headers['content-length'] !== undefined ? req.headers['content-length'] !== '0' : req.headers['transfer-encoding'] !== undefined;
    const path = (req.url ?? '').split('?')[0];
    if (path !== HTTPS_PATH) return refuse(res, 404, `Not Found: KMIP requests are POSTed to ${HTTPS_PATH}`, hasBody);
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return refuse(res, 405, 'Method Not Allowed: KMIP requests are POSTed', hasBody);
    }
    const type = encodingOfContentType(req.headers['content-type']);
    if (type === undefined) {
      return refuse(res, 415, 'Unsupported Media Type: send application/octet-stream (TTLV), text/xml or application/xml (XML), or application/json (JSON)', hasBody);
    }
    const limit = type.encoding === 'ttlv' ? limits.maxMessageSize : TEXT_SIZE_FACTOR * limits.maxMessageSize;
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) return refuse(res, 413, `Payload Too Large: at most ${limit} bytes`, true);
    const body = await readBody(req, limit);
    if (body === 'aborted') return;
    if (body === 'too large') return refuse(res, 413, `Payload Too Large: at most ${limit} bytes`, true);
    if (body.length === 0) return refuse(res, 400, 'Bad Request: the body is empty; it must hold one KMIP request message', false);

    let request: Buffer;
    if (type.encoding === 'ttlv') {
      request = body;
    } else {
      try {
        request = encodeTtlv(decodeMessageBody(body, type.encoding));
      } catch (err) {
        log.debug({ conn: session.id, reason: (err as Error).message }, 'undecodable HTTPS body');
        // A RangeError is the stack running out on items nested thousands deep.
        const reason = err instanceof RangeError ? 'the items are nested too deeply' : oneLine((err as Error).message);
        return refuse(res, 400, `Bad Request: ${reason}`, false);
      }
      if (request.length > limits.maxMessageSize) return refuse(res, 413, `Payload Too Large: the message is over ${limits.maxMessageSize} bytes in TTLV`, false);
    }
    const response = await handler.handleMessage(request, session);
    // The executor's own response is not held to the request limits: a response may be larger
    // than a request (a Locate of many objects, a Get under a raised maxMessageSize).
    const out = type.encoding === 'ttlv' ? response : encodeMessageBody(decodeTtlv(response, { maxMessageSize: response.length, maxItems: Math.ceil(response.length / 8) }), type.encoding);
    reply(res, 200, type.mediaType, out, false);
  }

  /** Reads the whole body, at most `limit` bytes. */
  function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too large' | 'aborted'> {
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      const finish = (v: Buffer | 'too large' | 'aborted'): void => {
        if (done) return;
        done = true;
        req.off('data', onData);
        resolve(v);
      };
      const onData = (chunk: Buffer): void => {
        size += chunk.length;
        if (size > limit) {
          req.pause();
          finish('too large');
          return;
        }
        chunks.push(chunk);
      };
      req.on('data', onData);
      req.once('end', () => finish(Buffer.concat(chunks, size)));
      req.once('close', () => finish('aborted'));
      req.once('error', () => finish('aborted'));
    });
  }

  /** A `text/plain` error; the connection is closed when an unread body may follow. */
  function refuse(res: ServerResponse, status: number, text: string, close: boolean): void {
    reply(res, status, 'text/plain; charset=utf-8', `${text}\n`, close);
  }

  function reply(res: ServerResponse, status: number, contentType: string, body: string | Buffer, close: boolean): void {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    res.setHeader('Content-Type', contentType);
    res.setHeader('Content-Length', bytes.length);
    res.setHeader('Cache-Control', 'no-store');
    if (close) res.setHeader('Connection', 'close');
    res.statusCode = status;
    if (slow > 0) {
      // A client that does not read its response is not waited for.
      const timer = setTimeout(() => res.destroy(), slow);
      const clear = (): void => clearTimeout(timer);
      res.once('finish', clear);
      res.once('close', clear);
    }
    res.end(bytes);
  }

  const port = await listenOn(server, options.port, host);
  log.info({ host, port, path: HTTPS_PATH }, 'listening');

  return runningServer(host, port, () => admitted.size, () => {
    stopping = true;
    const closed = closeWithDeadline(
      server,
      log,
      limits.shutdownTimeoutMs,
      () => rawSockets.size,
      () => {
        for (const raw of rawSockets.values()) raw.destroy();
      },
    );
    // Idle keep-alive connections and handshakes in progress have nothing in flight: end them now.
    for (const [key, raw] of rawSockets) {
      const tls = admitted.get(key);
      if (tls === undefined) raw.destroy();
      else if ((states.get(tls)?.pending ?? 0) === 0) tls.destroy();
    }
    return closed;
  });
}

/** The first line of an error message, bounded. */
function oneLine(s: string): string {
  const line = s.split('\n')[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
