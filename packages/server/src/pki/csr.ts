/**
 * Certificate requests of Certify and Re-certify [KMIP 1.2 §4.7, 2.1 §6.1.6; Certificate Request
 * Type, 1.2 §9.1.3.2.22 / 2.1 §11.8]: what this server reads out of one.
 *
 * - PKCS#10 (RFC 2986) as DER, and PEM — the same request as text (`-----BEGIN CERTIFICATE
 *   REQUEST-----`, or the older `NEW CERTIFICATE REQUEST` label). The request's signature must
 *   verify with its own public key (proof of possession); a request that does not parse or does
 *   not verify is Invalid CSR (2.x; Invalid Field in 1.x, 1.2 Table 297).
 * - CRMF (RFC 4211) and the 1.x PGP type are not read: Feature Not Supported (2.1 Table 181 lists
 *   it among the Certify errors; 1.x defines the same reason).
 *
 * From the request come the subject, the public key, and of its requested extensions the Subject
 * Alternative Name, Extended Key Usage and Key Usage (without the CA bits, which an end-entity
 * certificate never gets: ./authority.ts). Other requested extensions are ignored.
 */
import { CertificateRequestType, KmipError, ResultReason } from '@keyhold/protocol';
import { x509 } from './x509.js';

/** What a certificate request asks for. */
export interface CertificateRequestInfo {
  /** SubjectPublicKeyInfo (DER). */
  readonly publicKey: Uint8Array;
  /** Subject Name (DER); undefined when the request's subject is empty. */
  readonly subject: Uint8Array | undefined;
  /** Requested Key Usage flags, when the request has the extension. */
  readonly keyUsage: number | undefined;
  /** Requested Subject Alternative Name and Extended Key Usage extensions. */
  readonly extensions: readonly x509.Extension[];
}

const SUBJECT_ALT_NAME = '2.5.29.17';
const EXTENDED_KEY_USAGE = '2.5.29.37';
const KEY_USAGE = '2.5.29.15';
/** Extensions copied from a request (or a certificate being renewed) into the new certificate. */
export const COPIED_EXTENSIONS: readonly string[] = [SUBJECT_ALT_NAME, EXTENDED_KEY_USAGE];

const PEM_LABELS = /-----BEGIN (?:NEW )?CERTIFICATE REQUEST-----([\s\S]*?)-----END (?:NEW )?CERTIFICATE REQUEST-----/;

function invalid(message: string, cause?: unknown): KmipError {
  return new KmipError(ResultReason.InvalidCSR, message, cause === undefined ? {} : { cause });
}

/** The DER of a request of `type`. */
function requestDer(type: number, value: Uint8Array): Uint8Array {
  if (type === CertificateRequestType.PKCS_10) return value;
  if (type === CertificateRequestType.PEM) {
    const m = PEM_LABELS.exec(Buffer.from(value).toString('latin1'));
    if (m === null) throw invalid('the PEM Certificate Request holds no "CERTIFICATE REQUEST" block');
    return Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64');
  }
  if (type === CertificateRequestType.CRMF) throw new KmipError(ResultReason.FeatureNotSupported, 'CRMF certificate requests are not supported: send a PKCS#10 request (DER or PEM)');
  throw new KmipError(ResultReason.FeatureNotSupported, 'this Certificate Request Type is not supported: send a PKCS#10 request (DER or PEM)');
}

/**
 * Reads and verifies a certificate request.
 * @throws KmipError Invalid Field (no Certificate Request Type), Feature Not Supported (CRMF, PGP),
 * Invalid CSR (malformed, or its signature does not verify).
 */
export async function readCertificateRequest(type: number | undefined, value: Uint8Array): Promise<CertificateRequestInfo> {
  if (type === undefined) throw new KmipError(ResultReason.InvalidField, 'a Certificate Request needs its Certificate Request Type');
  const der = requestDer(type, value);
  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(der);
  } catch (err) {
    throw invalid('the Certificate Request is not a PKCS#10 certificate request', err);
  }
  let verified: boolean;
  try {
    verified = await csr.verify();
  } catch (err) {
    throw invalid('the signature of the Certificate Request cannot be checked (unsupported key or signature algorithm)', err);
  }
  if (!verified) throw invalid('the signature of the Certificate Request does not verify with its public key');
  let keyUsage: number | undefined;
  const extensions: x509.Extension[] = [];
  try {
    for (const ext of csr.extensions) {
      if (ext.type === KEY_USAGE) keyUsage = new x509.KeyUsagesExtension(ext.rawData).usages;
      else if (COPIED_EXTENSIONS.includes(ext.type)) extensions.push(ext);
    }
  } catch (err) {
    throw invalid('an extension of the Certificate Request cannot be read', err);
  }
  const subject = new Uint8Array(csr.subjectName.toArrayBuffer());
  return { publicKey: new Uint8Array(csr.publicKey.rawData), subject: csr.subjectName.toJSON().length === 0 ? undefined : subject, keyUsage, extensions };
}
