/**
 * Certificate primitives for the first-start PKI: key pairs, a local CA, server and client
 * certificates, PEM in and out. Built on @peculiar/x509 over node's WebCrypto.
 *
 * Key algorithm: ECDSA on P-256 with SHA-256. It gives 128-bit security, like RSA-3072, at a
 * fraction of the cost: a key pair is generated in about a millisecond (an RSA-3072 pair takes
 * hundreds of milliseconds to seconds, which a first start and every test that issues a client
 * certificate would pay), handshakes are cheaper for the server, and certificates are small.
 * Every TLS 1.2/1.3 stack a KMIP client is likely to use (OpenSSL, Python ssl / PyKMIP, Java
 * JSSE, Go crypto/tls, Windows SChannel) supports ECDSA P-256 certificates.
 */
import { createPrivateKey, randomBytes, webcrypto, X509Certificate as NodeX509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { x509 } from './x509.js';

type CryptoKeyPair = webcrypto.CryptoKeyPair;
type CryptoKey = webcrypto.CryptoKey;

const EC_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;
export const DAY_MS = 24 * 60 * 60 * 1000;
/** Certificates start a little in the past so that a client whose clock lags accepts them. */
export const BACKDATE_MS = 5 * 60 * 1000;

/** A private key and its certificate, both PEM. */
export interface PemPair {
  readonly certPem: string;
  readonly keyPem: string;
}

/** A signing authority in memory: its certificate (PEM) and private key (WebCrypto). */
export interface Issuer {
  readonly certPem: string;
  readonly key: CryptoKey;
  readonly cert: x509.X509Certificate;
}

/** A fresh ECDSA P-256 key pair (extractable, so that the private key can be written out). */
export async function generateKeyPair(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(EC_ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
}

/** PKCS#8 PEM ("BEGIN PRIVATE KEY") of a private key. */
export async function privateKeyToPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY') + '\n';
}

/**
 * Loads a PEM private key (PKCS#8, SEC1 "EC PRIVATE KEY" or PKCS#1 "RSA PRIVATE KEY") as a
 * WebCrypto signing key. EC P-256/P-384 and RSA keys are accepted.
 */
export async function importSigningKey(pem: string): Promise<CryptoKey> {
  const keyObject = createPrivateKey(pem);
  const der = keyObject.export({ type: 'pkcs8', format: 'der' });
  const type = keyObject.asymmetricKeyType;
  if (type === 'ec') {
    const curve = keyObject.asymmetricKeyDetails?.namedCurve;
    const namedCurve = curve === 'prime256v1' ? 'P-256' : curve === 'secp384r1' ? 'P-384' : undefined;
    if (namedCurve === undefined) throw new Error(`Unsupported EC curve ${String(curve)} for a signing key`);
    return webcrypto.subtle.importKey('pkcs8', der, { name: 'ECDSA', namedCurve }, false, ['sign']);
  }
  if (type === 'rsa') {
    return webcrypto.subtle.importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
  }
  throw new Error(`Unsupported key type ${String(type)} for a signing key`);
}

/** The signature algorithm to use with an issuer key. */
export function signingAlgorithmFor(key: CryptoKey): { name: string; hash?: string } {
  const alg = key.algorithm as { name: string; namedCurve?: string };
  if (alg.name === 'ECDSA') return { name: 'ECDSA', hash: alg.namedCurve === 'P-384' ? 'SHA-384' : 'SHA-256' };
  return { name: 'RSASSA-PKCS1-v1_5' };
}

/** A random positive 128-bit serial number, hex. */
export function serialNumber(): string {
  const b = randomBytes(16);
  b[0] = ((b[0] ?? 0) & 0x7f) | 0x01;
  return b.toString('hex');
}

/** Loads an issuer from PEM files' contents; the key must belong to the certificate. */
export async function loadIssuer(certPem: string, keyPem: string): Promise<Issuer> {
  const cert = new x509.X509Certificate(certPem);
  if (!keyMatchesCertificate(certPem, keyPem)) throw new Error('The CA private key does not belong to the CA certificate');
  return { certPem, cert, key: await importSigningKey(keyPem) };
}

/** True when the private key's public half is the certificate's public key. */
export function keyMatchesCertificate(certPem: string, keyPem: string): boolean {
  try {
    return new NodeX509Certificate(certPem).checkPrivateKey(createPrivateKey(keyPem));
  } catch {
    return false;
  }
}

/** Options of {@link createCa}. */
export interface CaOptions {
  /** Subject Common Name; default "Keyhold local CA " + 8 random hex digits (distinct per install). */
  readonly commonName?: string;
  /** Validity in days; default 3650. */
  readonly validityDays?: number;
  readonly now?: Date;
}

/** Creates a self-signed CA (basicConstraints CA:true, pathLen 0; keyCertSign, cRLSign). */
export async function createCa(options: CaOptions = {}): Promise<PemPair & { issuer: Issuer }> {
  const now = options.now ?? new Date();
  const keys = await generateKeyPair();
  const cn = options.commonName ?? `Keyhold local CA ${randomBytes(4).toString('hex')}`;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: [{ CN: [cn] }, { O: ['Keyhold'] }],
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + (options.validityDays ?? 3650) * DAY_MS),
    signingAlgorithm: SIGNING_ALGORITHM,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const certPem = cert.toString('pem') + '\n';
  return { certPem, keyPem: await privateKeyToPem(keys.privateKey), issuer: { certPem, cert, key: keys.privateKey } };
}

/** Options of {@link issueCertificate}. */
export interface IssueOptions {
  /** Subject Common Name (the principal, for a client certificate). */
  readonly commonName: string;
  /** Server certificates get serverAuth, client certificates clientAuth. */
  readonly usage: 'server' | 'client';
  /** Subject alternative names: IP addresses become iPAddress entries, the rest dNSName. */
  readonly altNames?: readonly string[];
  /** Validity in days; default 730. */
  readonly validityDays?: number;
  readonly now?: Date;
}

/** Issues an end-entity certificate with a fresh P-256 key, signed by `issuer`. */
export async function issueCertificate(issuer: Issuer, options: IssueOptions): Promise<PemPair> {
  const now = options.now ?? new Date();
  const keys = await generateKeyPair();
  const publicKey = keys.publicKey;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([options.usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth], false),
    await x509.SubjectKeyIdentifierExtension.create(publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(issuer.cert, false),
  ];
  const names = (options.altNames ?? []).map((n) => ({ type: isIP(n) === 0 ? ('dns' as const) : ('ip' as const), value: n }));
  if (names.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(names, false));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: [{ CN: [options.commonName] }, { O: ['Keyhold'] }],
    issuer: issuer.cert.subjectName,
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    // Never beyond the issuer's own expiry.
    notAfter: new Date(Math.min(now.getTime() + (options.validityDays ?? 730) * DAY_MS, issuer.cert.notAfter.getTime())),
    signingAlgorithm: signingAlgorithmFor(issuer.key),
    publicKey,
    signingKey: issuer.key,
    extensions,
  });
  return { certPem: cert.toString('pem') + '\n', keyPem: await privateKeyToPem(keys.privateKey) };
}

