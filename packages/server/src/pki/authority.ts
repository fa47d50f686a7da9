/**
 * The certification authority behind the Certify and Re-certify operations [KMIP 1.2 §4.7-4.8,
 * 2.1 §6.1.6, §6.1.45]: it signs an X.509 v3 end-entity certificate for a public key the server
 * was given (a managed Public Key, or the key of a PKCS#10 request).
 *
 * `keyhold serve` signs with its own certification CA, `<data-dir>/pki/certify-ca.crt` and
 * `certify-ca.key` (ECDSA P-256, created on the first start that needs it, key mode 0600). It is
 * deliberately NOT the CA of the server's TLS (`ca.crt`, ./bootstrap.ts), which clients trust for
 * the server's certificate and the server trusts for clients' certificates: a certificate Certify
 * issues — for any subject a client asks for — therefore never chains to a TLS trust anchor, so it
 * can impersonate neither the server to a client nor one client to the server.
 *
 * What is issued: a random positive 128-bit serial number; the subject asked for; validity from
 * five minutes ago (clock skew) for {@link DEFAULT_CERTIFY_VALIDITY_DAYS} days, never beyond the
 * CA's own expiry; signed with the CA key (ECDSA P-256/SHA-256 for the first-start CA); extensions
 * Basic Constraints CA:false (critical), Subject and Authority Key Identifier, and — when the
 * order has them — Key Usage (critical), Extended Key Usage and Subject Alternative Name.
 *
 * Defence in depth, should a deployment ever point its TLS trust at this CA: a certificate issued
 * here never gets the TLS purposes serverAuth, clientAuth or anyExtendedKeyUsage, even when the
 * request asks for them (they are left out of its Extended Key Usage; an extension left empty is
 * dropped), and the TLS listener admits only client certificates that name clientAuth. A
 * requested extension appears once (the first).
 */
import { BACKDATE_MS, createCa, DAY_MS, loadIssuer, serialNumber, signingAlgorithmFor, type Issuer } from './certificates.js';
import { mkdir } from 'node:fs/promises';
import { KmipError, ResultReason } from '@keyhold/protocol';
import { randomBytes } from 'node:crypto';
import { pkiPaths, readIfExists, writeAtomic } from './bootstrap.js';
import { x509 } from './x509.js';

/** Validity of a certificate issued by Certify or Re-certify, in days. */
export const DEFAULT_CERTIFY_VALIDITY_DAYS = 365;

/** What to certify. */
export interface CertificateOrder {
  /** SubjectPublicKeyInfo (DER) of the key. */
  readonly publicKey: Uint8Array;
  /** Subject distinguished name (DER of the Name). */
  readonly subject: Uint8Array;
  /** Key Usage flags (x509.KeyUsageFlags); none: no Key Usage extension. */
  readonly keyUsage?: number;
  /** Further extensions (Subject Alternative Name, Extended Key Usage), as requested. */
  readonly extensions?: readonly x509.Extension[];
  /** Issue time. */
  readonly now: Date;
}

/** A CA that signs certificates for Certify and Re-certify. */
export interface CertificateAuthority {
  /** The CA certificate (DER), against which issued certificates verify. */
  readonly certificate: Uint8Array;
  /** Signs a certificate; returns its DER. */
  issue(order: CertificateOrder): Promise<Uint8Array>;
}

/** Options of {@link certificateAuthority}. */
export interface AuthorityOptions {
  /** Default {@link DEFAULT_CERTIFY_VALIDITY_DAYS}. */
  readonly validityDays?: number;
}

/** The CA key usage bits an end-entity certificate never gets. */
const CA_ONLY_USAGES = x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign;
const EXTENDED_KEY_USAGE = '2.5.29.37';

/** Extended Key Usages that would make an issued certificate a TLS credential under this CA. */
const TLS_USAGES: ReadonlySet<string> = new Set([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth, '2.5.29.37.0']);

/** The requested extensions as issued: each type once, Extended Key Usage without the TLS purposes. */
function requestedExtensions(requested: readonly x509.Extension[]): x509.Extension[] {
  const out: x509.Extension[] = [];
  const seen = new Set<string>();
  for (const ext of requested) {
    if (seen.has(ext.type)) continue;
    seen.add(ext.type);
    if (ext.type !== EXTENDED_KEY_USAGE) {
      out.push(ext);
      continue;
    }
    const usages = new x509.ExtendedKeyUsageExtension(ext.rawData).usages.filter((u) => !TLS_USAGES.has(String(u)));
    if (usages.length > 0) out.push(new x509.ExtendedKeyUsageExtension(usages, ext.critical));
  }
  return out;
}

/** A {@link CertificateAuthority} that signs with `issuer`. */
export function certificateAuthority(issuer: Issuer, options: AuthorityOptions = {}): CertificateAuthority {
  const validityMs = (options.validityDays ?? DEFAULT_CERTIFY_VALIDITY_DAYS) * DAY_MS;
  return {
    certificate: new Uint8Array(issuer.cert.rawData),
    async issue(order) {
      const extensions: x509.Extension[] = [
        new x509.BasicConstraintsExtension(false, undefined, true),
        await x509.SubjectKeyIdentifierExtension.create(order.publicKey),
        await x509.AuthorityKeyIdentifierExtension.create(issuer.cert, false),
      ];
      const usage = (order.keyUsage ?? 0) & ~CA_ONLY_USAGES;
      // A Key Usage of CA purposes only would leave no extension, i.e. an unrestricted key: refuse.
      if (usage === 0 && (order.keyUsage ?? 0) !== 0) throw new KmipError(ResultReason.InvalidField, 'the Key Usage asked for allows only certificate and CRL signing, which a certificate from this CA cannot have');
      if (usage !== 0) extensions.push(new x509.KeyUsagesExtension(usage, true));
      extensions.push(...requestedExtensions(order.extensions ?? []));
      const now = order.now.getTime();
      const cert = await x509.X509CertificateGenerator.create({
        serialNumber: serialNumber(),
        subject: new x509.Name(order.subject),
        issuer: issuer.cert.subjectName,
        notBefore: new Date(now - BACKDATE_MS),
        notAfter: new Date(Math.min(now + validityMs, issuer.cert.notAfter.getTime())),
        signingAlgorithm: signingAlgorithmFor(issuer.key),
        publicKey: order.publicKey,
        signingKey: issuer.key,
        extensions,
      });
      return new Uint8Array(cert.rawData);
    },
  };
}

/**
 * The certification CA of a data directory (`<dataDir>/pki/certify-ca.crt` + `certify-ca.key`),
 * created there when missing — never the TLS CA (see the module comment).
 * @throws Error when the files are there but unusable (the key does not match the certificate).
 */
export async function loadLocalCertificateAuthority(dataDir: string, options: AuthorityOptions = {}): Promise<CertificateAuthority> {
  const paths = pkiPaths(dataDir);
  let [certPem, keyPem] = await Promise.all([readIfExists(paths.certifyCaCert), readIfExists(paths.certifyCaKey)]);
  if (certPem === undefined || keyPem === undefined) {
    const created = await createCa({ commonName: `Keyhold certification CA ${randomBytes(4).toString('hex')}` });
    await mkdir(paths.dir, { recursive: true, mode: 0o700 });
    await writeAtomic(paths.certifyCaKey, created.keyPem, 0o600);
    await writeAtomic(paths.certifyCaCert, created.certPem, 0o644);
    [certPem, keyPem] = [created.certPem, created.keyPem];
  }
  return certificateAuthority(await loadIssuer(certPem, keyPem), options);
}
