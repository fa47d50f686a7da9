/**
 * What the transport tells the layers above it about a connection, and what it needs from them.
 * The transport (TLS, HTTPS) owns sockets and framing; the executor owns KMIP semantics. They meet
 * only through these two interfaces (design/STYLE.md rule 9).
 */

/** The authenticated peer of a connection. */
export interface PeerIdentity {
  /**
   * Stable identity of the client, derived from its certificate: the subject Common Name when
   * present, else the full subject DN, prefixed by nothing. Objects are owned by this string.
   */
  readonly principal: string;
  /** SHA-256 fingerprint of the client certificate (hex, lower case), when there is one. */
  readonly certificateFingerprint?: string;
  /** Remote address, for logs and per-client connection limits. */
  readonly remoteAddress: string;
}

/** Per-connection context handed to the message handler with every request. */
export interface Session {
  readonly id: string;
  readonly peer: PeerIdentity;
  /**
   * Aborted when the connection closes — also when a server shutdown closes it, which happens
   * only after the requests in progress have been answered, or at the shutdown deadline.
   */
  readonly signal: AbortSignal;
}

/** The executor, as the transport sees it. */
export interface MessageHandler {
  /**
   * Handles one complete TTLV request message and resolves to the TTLV response message. Must
   * not reject for anything a client sent: protocol failures are KMIP responses. A rejection is
   * an internal failure; the transport then closes the connection.
   */
  handleMessage(request: Buffer, session: Session): Promise<Buffer>;
  /**
   * The KMIP response for bytes that cannot be framed or decoded as a message (Invalid Message),
   * when one can be built; the transport sends it and then closes the connection.
   */
  unframeableResponse(reason: string): Buffer | undefined;
}
