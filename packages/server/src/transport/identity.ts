/**
 * Peer identity from the client certificate of a mutually authenticated TLS connection.
 */
import { createHash } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { x509 } from '../pki/x509.js';
import type { PeerIdentity } from './session.js';

/**
 * The principal a client certificate authenticates as: its subject Common Name when it has
 * exactly one non-empty CN, else the whole subject DN in RFC 4514 form (`CN=a, O=b`).
 */
export function principalOf(certDer: Uint8Array): string {
  const cert = new x509.X509Certificate(certDer);
  const cns = cert.subjectName.getField('CN');
  const cn = cns.length === 1 ? cns[0] : undefined;
  return cn !== undefined && cn !== '' ? cn : cert.subject;
}

/** SHA-256 of the certificate's DER encoding, lower-case hex. */
export function certificateFingerprint(certDer: Uint8Array): string {
  return createHash('sha256').update(certDer).digest('hex');
}

/** The identity of a TLS peer that presented a certificate; undefined when it presented none. */
export function peerIdentity(socket: TLSSocket): PeerIdentity | undefined {
  const cert = socket.getPeerX509Certificate();
  if (cert === undefined) return undefined;
  return {
    principal: principalOf(cert.raw),
    certificateFingerprint: certificateFingerprint(cert.raw),
    remoteAddress: socket.remoteAddress ?? 'unknown',
  };
}
