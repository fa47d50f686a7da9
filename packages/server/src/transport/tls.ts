/**
 * The KMIP TLS transport (KMIP Profiles: TLS client authentication, port 5696): a node:tls server
 * with mutual authentication — TLS 1.2 and 1.3 only, a client certificate chaining to the
 * configured client CA required — handing each complete TTLV message of a connection to the
 * {@link MessageHandler}, one at a time (see connection.ts).
 *
 * Connection limits are applied after the handshake, when the client's principal is known: a
 * connection over the total or per-principal limit is destroyed at once and logged. TCP
 * connections still in their handshake are capped too, at `maxConnections` more (node's
 * `server.maxConnections`), and a handshake gets `handshakeTimeoutMs`.
 */
import type { Socket } from 'node:net';
import { createServer, type TlsOptions, type TLSSocket } from 'node:tls';
import { silentLogger, type Logger } from '../logger.js';
import { closeFailedHandshakes, closeWithDeadline, ConnectionAdmission, listenOn } from './admission.js';
import { Connection } from './connection.js';
import { DEFAULT_TRANSPORT_LIMITS, type TransportLimits } from './limits.js';
import type { MessageHandler } from './session.js';

/** The port IANA registered for KMIP over TLS. */
export const KMIP_PORT = 5696;

/** Options of {@link startTlsServer}. Certificates and keys are PEM contents, not paths. */
export interface TlsServerOptions {
  /** Address to listen on; default `0.0.0.0`. */
  readonly host?: string;
  /** Port; default 5696. 0 picks a free port (see {@link RunningServer.port}). */
  readonly port?: number;
  /** Server certificate, optionally followed by intermediate CA certificates. */
  readonly cert: string | Buffer;
  /** Server private key (unencrypted). */
  readonly key: string | Buffer;
  /** CA certificate(s) a client certificate must chain to. */
  readonly clientCa: string | Buffer;
  /** Limits; unspecified ones take {@link DEFAULT_TRANSPORT_LIMITS}. */
  readonly limits?: Partial<TransportLimits>;
  /** Default: no logging. */
  readonly logger?: Logger;
  /**
   * The connection counts to admit connections against; default one of this listener's own.
   * serve.ts gives the TLS port and the HTTPS listener the same, so that the limits hold for the
   * server, not for each port.
   */
  readonly admission?: ConnectionAdmission;
}

/** A listening server. */
export interface RunningServer {
  /** The address listened on. */
  readonly host: string;
  /** The bound port (the real one when 0 was asked for). */
  readonly port: number;
  /** Established connections now open. */
  readonly connectionCount: number;
  /**
   * Graceful shutdown: stops accepting, closes idle connections, lets requests being received or
   * handled finish and their responses flush, then closes those connections. After
   * `shutdownTimeoutMs` (when positive) whatever remains is destroyed. Resolves when every
   * connection is closed. Idempotent.
   */
  close(): Promise<void>;
}

/**
 * The {@link RunningServer} of a listening server: `shutdown` is called at the first
 * {@link RunningServer.close}, and every call gets its promise.
 */
export function runningServer(host: string, port: number, connectionCount: () => number, shutdown: () => Promise<void>): RunningServer {
  let closing: Promise<void> | undefined;
  return {
    host,
    port,
    get connectionCount() {
      return connectionCount();
    },
    close: () => (closing ??= shutdown()),
  };
}

/**
 * The node:tls server options of mutual authentication, shared by the TLS port and the HTTPS
 * listener: TLS 1.2 and 1.3 only, a client certificate chaining to `clientCa` required, the
 * handshake bounded by `handshakeTimeoutMs`.
 */
export function mutualTlsOptions(files: Pick<TlsServerOptions, 'cert' | 'key' | 'clientCa'>, limits: Pick<TransportLimits, 'handshakeTimeoutMs'>): TlsOptions {
  return {
    cert: files.cert,
    key: files.key,
    ca: files.clientCa,
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
    maxVersion: 'TLSv1.3',
    handshakeTimeout: limits.handshakeTimeoutMs,
  };
}

/** Starts the TLS server; resolves once it listens. */
export async function startTlsServer(options: TlsServerOptions, handler: MessageHandler): Promise<RunningServer> {
  const limits: TransportLimits = { ...DEFAULT_TRANSPORT_LIMITS, ...options.limits };
  const log = options.logger ?? silentLogger();
  const host = options.host ?? '0.0.0.0';

  const server = createServer({ ...mutualTlsOptions(options, limits), allowHalfOpen: true });
  server.maxConnections = limits.maxConnections * 2;

  const connections = new Set<Connection>();
  const admission = options.admission ?? new ConnectionAdmission(limits, log);
  /** Every TCP socket by `address|port`, and the keys of those that finished their handshake. */
  const rawSockets = new Map<string, Socket>();
  const established = new Set<string>();
  let stopping = false;

  server.on('connection', (raw: Socket) => {
    const key = `${raw.remoteAddress ?? ''}|${raw.remotePort ?? ''}`;
    rawSockets.set(key, raw);
    raw.once('close', () => {
      rawSockets.delete(key);
      established.delete(key);
    });
  });

  closeFailedHandshakes(server, log);

  server.on('secureConnection', (socket: TLSSocket) => {
    const remote = socket.remoteAddress ?? 'unknown';
    const opened = admission.open(socket, stopping);
    if (opened === undefined) return;
    const { identity, session, abort } = opened;
    const connLog = log.child({ conn: session.id, principal: identity.principal, remote });
    const conn = new Connection({ socket, handler, session, abort, limits, logger: connLog });
    const key = `${remote}|${socket.remotePort ?? ''}`;
    connections.add(conn);
    established.add(key);
    void conn.closed.then(() => {
      connections.delete(conn);
      admission.release(identity);
    });
    connLog.info({ port: socket.remotePort, protocol: socket.getProtocol(), fingerprint: identity.certificateFingerprint }, 'connection opened');
    conn.start();
  });

  server.on('error', (err) => log.error({ err }, 'TLS server error'));

  const port = await listenOn(server, options.port ?? KMIP_PORT, host);
  log.info({ host, port }, 'listening');

  return runningServer(host, port, () => connections.size, () => {
    stopping = true;
    const closed = closeWithDeadline(
      server,
      log,
      limits.shutdownTimeoutMs,
      () => connections.size,
      () => {
        for (const conn of connections) conn.destroy('shutdown deadline');
        for (const raw of rawSockets.values()) raw.destroy();
      },
    );
    // Handshakes in progress are no in-flight requests: end them now.
    for (const [key, raw] of rawSockets) if (!established.has(key)) raw.destroy();
    log.info({ connections: connections.size }, 'shutting down: draining connections');
    for (const conn of connections) conn.drain();
    return closed;
  });
}
