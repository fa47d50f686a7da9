/**
 * Limits of the TLS transport. Every value is configurable (docs/configuration.md); the defaults
 * suit a server with a few hundred KMIP clients.
 */
import { DEFAULT_LIMITS } from '@keyhold/protocol';

/** Connection and message limits of the transport. Times are in milliseconds. */
export interface TransportLimits {
  /** Largest request message accepted, header included; a larger one closes the connection before its body is read. */
  readonly maxMessageSize: number;
  /** Most open connections in total; one more is refused after its handshake. */
  readonly maxConnections: number;
  /** Most open connections of one client principal; one more is refused after its handshake. */
  readonly maxConnectionsPerClient: number;
  /** A connection with no request in progress and no byte received for this long is closed; 0: never. */
  readonly idleTimeoutMs: number;
  /**
   * A request whose first byte arrived this long ago but which is still incomplete closes the
   * connection, and so does a response the client has not read for this long; 0: never.
   */
  readonly slowClientTimeoutMs: number;
  /** A TLS handshake not finished within this time is aborted (must be positive). */
  readonly handshakeTimeoutMs: number;
  /** Graceful shutdown waits this long for in-flight requests and their responses; 0: without limit. */
  readonly shutdownTimeoutMs: number;
}

/** Default transport limits. */
export const DEFAULT_TRANSPORT_LIMITS: TransportLimits = Object.freeze({
  maxMessageSize: DEFAULT_LIMITS.maxMessageSize,
  maxConnections: 1000,
  maxConnectionsPerClient: 100,
  idleTimeoutMs: 5 * 60_000,
  slowClientTimeoutMs: 30_000,
  handshakeTimeoutMs: 10_000,
  shutdownTimeoutMs: 30_000,
});
