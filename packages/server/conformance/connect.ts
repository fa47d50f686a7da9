/**
 * Ways to reach a server: mutual TLS to a running one, or an in-memory stream pair for a server
 * (or a fake) in the same process.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { Duplex, PassThrough } from 'node:stream';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { Connector } from './runner.js';

/** Where and how to reach a KMIP server over mutual TLS. */
export interface TlsTarget {
  readonly host: string;
  readonly port: number;
  /** PEM file(s) of the CA(s) that issued the server certificate. */
  readonly ca?: string;
  /** PEM file of the client certificate. */
  readonly cert?: string;
  /** PEM file of the client private key. */
  readonly key?: string;
  /** TLS server name (SNI and certificate check); default the host. */
  readonly servername?: string;
  /** Connection timeout; default 10 s. */
  readonly timeoutMs?: number;
}

/** A connector that opens one mutual-TLS connection per call. */
export function tlsConnector(target: TlsTarget): Connector {
  const options: ConnectionOptions = {
    host: target.host,
    port: target.port,
    // SNI takes names only (RFC 6066); for an IP address the certificate is checked against the IP.
    ...(target.servername !== undefined ? { servername: target.servername } : isIP(target.host) === 0 ? { servername: target.host } : {}),
    minVersion: 'TLSv1.2',
    ...(target.ca ? { ca: readFileSync(target.ca) } : {}),
    ...(target.cert ? { cert: readFileSync(target.cert) } : {}),
    ...(target.key ? { key: readFileSync(target.key) } : {}),
  };
  const timeoutMs = target.timeoutMs ?? 10_000;
  return () =>
    new Promise<Duplex>((resolve, reject) => {
      const socket = tlsConnect(options);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`TLS connection to ${target.host}:${target.port} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('secureConnect', () => {
        clearTimeout(timer);
        socket.removeListener('error', reject);
        resolve(socket);
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
}

/**
 * Two connected in-memory streams: what is written to one is read from the other. `end()` on one
 * side ends the other side's readable part.
 */
export function duplexPair(): [Duplex, Duplex] {
  const aToB = new PassThrough();
  const bToA = new PassThrough();
  const a = Duplex.from({ readable: bToA, writable: aToB });
  const b = Duplex.from({ readable: aToB, writable: bToA });
  return [a, b];
}
