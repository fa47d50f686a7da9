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

/**
 * True when a certificate names TLS client authentication (clientAuth) in its Extended Key Usage.
 * Only such a certificate authenticates a client: the CA that issues Certify's certificates may be
 * the client CA, and it never gives them clientAuth (../pki/authority.ts).
 */
export function authenticatesClients(certDer: Uint8Array): boolean {
  const eku = new x509.X509Certificate(certDer).getExtension(x509.ExtendedKeyUsageExtension);
  return eku?.usages.some((u) => String(u) === x509.ExtendedKeyUsage.clientAuth) ?? false;
}

/**
 * The identity of a TLS peer that presented a client certificate (clientAuth, see
 * {@link authenticatesClients}); undefined when it presented none or another kind.
 */
export function peerIdentity(socket: TLSSocket): PeerIdentity | undefined {
  const cert = socket.getPeerX509Certificate();
  if (cert === undefined || !authenticatesClients(cert.raw)) return undefined;
  return {
    principal: principalOf(cert.raw),
    certificateFingerprint: certificateFingerprint(cert.raw),
    remoteAddress: socket.remoteAddress ?? 'unknown',
  };
}
