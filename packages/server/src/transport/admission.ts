/**
 * What the TLS port and the HTTPS listener share: listening, graceful close with a deadline, and,
 * once a mutual-TLS handshake is done, the client's identity from its certificate (identity.ts)
 * and the connection limits, total and per principal (limits.ts), applied when the principal is
 * known, and the admitted connection's session.
 */
import { randomUUID } from 'node:crypto';
import type { Server as NetServer } from 'node:net';
import type { Server as TlsServer, TLSSocket } from 'node:tls';
import type { Logger } from '../logger.js';
import { peerIdentity } from './identity.js';
import type { TransportLimits } from './limits.js';
import type { PeerIdentity, Session } from './session.js';

/** A connection {@link ConnectionAdmission.open} let in: the client, and its session with what aborts it. */
export interface OpenedSession {
  readonly identity: PeerIdentity;
  readonly session: Session;
  readonly abort: AbortController;
}

/** Counts admitted connections, in total and per principal. */
export class ConnectionAdmission {
  private readonly perPrincipal = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly limits: Pick<TransportLimits, 'maxConnections' | 'maxConnectionsPerClient'>,
    private readonly log: Logger,
  ) {}

  /** Connections admitted and not yet released. */
  get count(): number {
    return this.total;
  }

  /**
   * The identity of a freshly handshaken connection when it may stay open. Otherwise logs why
   * (not authenticated, too many connections in total or for this principal), destroys the
   * socket and returns undefined. Every admitted connection must be {@link release}d once.
   */
  admit(socket: TLSSocket): PeerIdentity | undefined {
    const remote = socket.remoteAddress ?? 'unknown';
    const identity = peerIdentity(socket);
    if (!socket.authorized || identity === undefined) {
      this.log.warn({ remote, reason: String(socket.authorizationError ?? 'no client certificate with the clientAuth Extended Key Usage') }, 'connection refused: client not authenticated');
      socket.destroy();
      return undefined;
    }
    const count = this.perPrincipal.get(identity.principal) ?? 0;
    const perClient = count >= this.limits.maxConnectionsPerClient;
    if (this.total >= this.limits.maxConnections || perClient) {
      this.log.warn(
        { principal: identity.principal, remote, limit: perClient ? this.limits.maxConnectionsPerClient : this.limits.maxConnections },
        perClient ? 'connection refused: too many connections for this client' : 'connection refused: too many connections',
      );
      socket.destroy();
      return undefined;
    }
    this.perPrincipal.set(identity.principal, count + 1);
    this.total++;
    return identity;
  }

  /**
   * A freshly handshaken connection's new session, when it may stay open: not while the server is
   * `stopping` (the socket is then destroyed), nor when {@link admit} refuses it.
   */
  open(socket: TLSSocket, stopping: boolean): OpenedSession | undefined {
    if (stopping) {
      socket.destroy();
      return undefined;
    }
    const identity = this.admit(socket);
    if (identity === undefined) return undefined;
    const abort = new AbortController();
    return { identity, abort, session: { id: randomUUID(), peer: identity, signal: abort.signal } };
  }

  /** Releases a connection {@link admit} let in. */
  release(identity: PeerIdentity): void {
    this.total--;
    const n = (this.perPrincipal.get(identity.principal) ?? 1) - 1;
    if (n <= 0) this.perPrincipal.delete(identity.principal);
    else this.perPrincipal.set(identity.principal, n);
  }
}

/** Logs failed handshakes and closes their sockets (with a listener node leaves them open, after a handshake timeout notably). */
export function closeFailedHandshakes(server: TlsServer, log: Logger): void {
  server.on('tlsClientError', (err: NodeJS.ErrnoException, socket: TLSSocket) => {
    log.info({ remote: socket.remoteAddress, code: err.code, reason: err.message }, 'TLS handshake failed');
    socket.destroy();
  });
}

/** Listens on `host:port`; resolves with the bound port (the real one when 0 was asked for). */
export async function listenOn(server: NetServer, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : port;
}

/**
 * Stops accepting and resolves once every connection has closed. When `deadlineMs` is positive
 * and connections remain that long, `onDeadline` is called to close them.
 */
export function closeWithDeadline(server: NetServer, log: Logger, deadlineMs: number, remaining: () => number, onDeadline: () => void): Promise<void> {
  const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
  let timer: NodeJS.Timeout | undefined;
  if (deadlineMs > 0) {
    timer = setTimeout(() => {
      if (remaining() > 0) log.warn({ connections: remaining() }, 'shutdown deadline passed; closing remaining connections');
      onDeadline();
    }, deadlineMs);
  }
  return serverClosed.then(() => {
    if (timer !== undefined) clearTimeout(timer);
    log.info('server closed');
  });
}
