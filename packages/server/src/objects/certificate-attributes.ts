/**
 * The attributes a server derives from an X.509 certificate when it is registered (or certified)
 * [KMIP 1.2 §3.8-3.17, 2.1 §4.8-4.12 and §4.10 "Certificate Attributes"]:
 *
 * - Certificate Type, Certificate Length (bytes of the DER value);
 * - X.509 Certificate Identifier (Issuer Distinguished Name DER + Certificate Serial Number),
 *   X.509 Certificate Subject / Issuer (DER of the names, one Subject/Issuer Alternative Name per
 *   GeneralName of the extensions) — KMIP 1.1 and later;
 * - Certificate Identifier / Subject / Issuer, the 1.0 text forms (deprecated in 1.1, gone in 2.0;
 *   Get Attributes shows each version its own);
 * - the Certificate Attributes of 1.4/2.x: Certificate Subject CN, O, OU, Email, C, ST, L, UID,
 *   Serial Number, Title, DC, DN Qualifier and the same for the Issuer (one instance per value);
 * - Digital Signature Algorithm (from the signatureAlgorithm OID);
 * - Cryptographic Algorithm and Length of the certified public key.
 *
 * Encodings follow the OASIS test cases (TC-CERTATTR-1-14, TC-132/134, TC-ECC-3, BL-M-10-21):
 * the Certificate Serial Number is the DER INTEGER with its tag and length (`02 08 31…`); the 1.0
 * Serial Number is the upper-case hex of the INTEGER's value without a zero sign byte; names as
 * text are in RFC 4514 order, the last RDN of the DER first (`CN=KMIP,OU=OASIS,O=TEST,C=US`).
 *
 * Parsing uses @peculiar/x509 for the certificate's schema and names, and the key layer's DER
 * reader for the exact bytes of the TBSCertificate fields (the DER as given, not re-encoded).
 */
import {
  CertificateType,
  DigitalSignatureAlgorithm as D,
  KmipError,
  KeyFormatType,
  ObjectType,
  ResultReason,
  type Attribute,
} from '@keyhold/protocol';
import { importKey } from '../crypto/index.js';
import { contextTag, DerReader, DerTag, type DerItem } from '../crypto/der.js';
import { x509 } from '../pki/x509.js';

/** Signature algorithm OIDs -> Digital Signature Algorithm [2.1 §11.16]. */
const SIGNATURE_ALGORITHMS: ReadonlyMap<string, number> = new Map([
  ['1.2.840.113549.1.1.2', D.MD2WithRSAEncryption],
  ['1.2.840.113549.1.1.4', D.MD5WithRSAEncryption],
  ['1.2.840.113549.1.1.5', D.SHA_1WithRSAEncryption],
  ['1.2.840.113549.1.1.14', D.SHA_224WithRSAEncryption],
  ['1.2.840.113549.1.1.11', D.SHA_256WithRSAEncryption],
  ['1.2.840.113549.1.1.12', D.SHA_384WithRSAEncryption],
  ['1.2.840.113549.1.1.13', D.SHA_512WithRSAEncryption],
  ['1.2.840.113549.1.1.10', D.RSASSA_PSS],
  ['1.2.840.10040.4.3', D.DSAWithSHA_1],
  ['2.16.840.1.101.3.4.3.1', D.DSAWithSHA224],
  ['2.16.840.1.101.3.4.3.2', D.DSAWithSHA256],
  ['1.2.840.10045.4.1', D.ECDSAWithSHA_1],
  ['1.2.840.10045.4.3.1', D.ECDSAWithSHA224],
  ['1.2.840.10045.4.3.2', D.ECDSAWithSHA256],
  ['1.2.840.10045.4.3.3', D.ECDSAWithSHA384],
  ['1.2.840.10045.4.3.4', D.ECDSAWithSHA512],
  ['2.16.840.1.101.3.4.3.14', D.SHA3_256WithRSAEncryption],
  ['2.16.840.1.101.3.4.3.15', D.SHA3_384WithRSAEncryption],
  ['2.16.840.1.101.3.4.3.16', D.SHA3_512WithRSAEncryption],
]);

/** Certificate Attributes member suffixes -> attribute type OIDs of the name. */
export const NAME_FIELDS: readonly (readonly [string, string])[] = [
  ['CN', '2.5.4.3'],
  ['O', '2.5.4.10'],
  ['OU', '2.5.4.11'],
  ['Email', '1.2.840.113549.1.9.1'],
  ['C', '2.5.4.6'],
  ['ST', '2.5.4.8'],
  ['L', '2.5.4.7'],
  ['UID', '0.9.2342.19200300.100.1.1'],
  ['Serial Number', '2.5.4.5'],
  ['Title', '2.5.4.12'],
  ['DC', '0.9.2342.19200300.100.1.25'],
  ['DN Qualifier', '2.5.4.46'],
];

const SUBJECT_ALT_NAME = '2.5.29.17';
const ISSUER_ALT_NAME = '2.5.29.18';

function malformed(detail: string, cause?: unknown): KmipError {
  return new KmipError(ResultReason.InvalidField, `the Certificate Value is not a valid X.509 certificate: ${detail}`, cause === undefined ? {} : { cause });
}

/** The whole TLV (header included) of an item read by {@link DerReader} (DER lengths are minimal). */
function tlv(buf: Uint8Array, it: DerItem): Uint8Array {
  const len = it.end - it.start;
  const header = len < 0x80 ? 2 : 2 + Math.ceil(len.toString(16).length / 2);
  return buf.subarray(it.start - header, it.end);
}

/** The parts of a certificate read from its DER. */
interface CertificateDer {
  readonly serial: Uint8Array;
  readonly issuer: Uint8Array;
  readonly subject: Uint8Array;
  readonly spki: Uint8Array;
  readonly signatureOid: string;
}

function readCertificateDer(der: Uint8Array): CertificateDer {
  const outer = new DerReader(der);
  const cert = outer.sequence();
  outer.finish(); // nothing after the certificate
  const tbs = cert.sequence();
  const sigAlg = cert.sequence();
  const signatureOid = sigAlg.oid();
  cert.next(DerTag.BitString);
  cert.finish();
  tbs.optionalExplicit(0); // version
  const serial = tlv(der, tbs.next(DerTag.Integer));
  tbs.next(DerTag.Sequence); // signature
  const issuer = tlv(der, tbs.next(DerTag.Sequence));
  tbs.next(DerTag.Sequence); // validity
  const subject = tlv(der, tbs.next(DerTag.Sequence));
  const spki = tlv(der, tbs.next(DerTag.Sequence));
  for (let t = tbs.peekTag(); t !== undefined; t = tbs.peekTag()) {
    if (t !== 0x81 && t !== 0x82 && t !== contextTag(3)) throw malformed('unexpected field in the TBSCertificate');
    tbs.next();
  }
  return { serial, issuer, subject, spki, signatureOid };
}

const RFC4514_SPECIAL = /[,+"\\<>;]/g;

function escapeValue(v: string): string {
  let s = v.replace(RFC4514_SPECIAL, (c) => `\\${c}`);
  if (s.startsWith('#') || s.startsWith(' ')) s = `\\${s}`;
  if (s.endsWith(' ') && s.length > 1) s = `${s.slice(0, -1)}\\ `;
  return s;
}

/** A distinguished name as text, RFC 4514 order (the last RDN of the DER first). */
function dnText(name: x509.Name): string {
  return name
    .toJSON()
    .slice()
    .reverse()
    .map((rdn) =>
      Object.entries(rdn)
        .flatMap(([type, values]) => values.map((v) => `${type}=${escapeValue(v)}`))
        .join('+'),
    )
    .join(',');
}

function altNames(cert: x509.X509Certificate, oid: string): { der: Uint8Array[]; text: string[] } {
  const ext = cert.getExtension(oid);
  if (ext === null) return { der: [], text: [] };
  const names = new x509.GeneralNames(ext.value);
  return { der: names.items.map((n) => new Uint8Array(n.rawData)), text: names.items.map((n) => `${n.type}:${n.value}`) };
}

/** The 1.0 Serial Number text: the INTEGER's value in upper-case hex, without a leading zero sign byte (TC-ECC-3-10). */
function serialText(b: Uint8Array): string {
  const v = b.length > 1 && b[0] === 0 ? b.subarray(1) : b;
  return Buffer.from(v).toString('hex').toUpperCase();
}

/**
 * The server-derived attributes of a certificate object. X.509 certificates are parsed (a value
 * that is not one is Invalid Field); for PGP certificates only Certificate Type and Length are
 * derived.
 * @throws KmipError Invalid Field for a malformed X.509 certificate.
 */
export function certificateAttributes(certificateType: number, value: Uint8Array): Attribute[] {
  const out: Attribute[] = [
    { name: 'Certificate Type', value: certificateType },
    { name: 'Certificate Length', value: value.length },
  ];
  if (certificateType !== CertificateType.X_509) return out;
  let parts: CertificateDer;
  let cert: x509.X509Certificate;
  try {
    parts = readCertificateDer(value);
    cert = new x509.X509Certificate(value);
  } catch (err) {
    if (err instanceof KmipError && err.reason === ResultReason.InvalidField && err.message.startsWith('the Certificate Value')) throw err;
    throw malformed('it cannot be parsed', err);
  }
  let subjectAlt: { der: Uint8Array[]; text: string[] };
  let issuerAlt: { der: Uint8Array[]; text: string[] };
  try {
    subjectAlt = altNames(cert, SUBJECT_ALT_NAME);
    issuerAlt = altNames(cert, ISSUER_ALT_NAME);
  } catch (err) {
    throw malformed('an alternative name extension cannot be parsed', err);
  }
  const serialValue = parts.serial.subarray(2 + (parts.serial[1] !== undefined && parts.serial[1] >= 0x80 ? parts.serial[1] & 0x7f : 0));
  const issuerText = dnText(cert.issuerName);
  const subjectText = dnText(cert.subjectName);

  out.push(
    { name: 'X.509 Certificate Identifier', value: { issuerDistinguishedName: parts.issuer, certificateSerialNumber: parts.serial } },
    { name: 'X.509 Certificate Subject', value: { subjectDistinguishedName: parts.subject, subjectAlternativeName: subjectAlt.der } },
    { name: 'X.509 Certificate Issuer', value: { issuerDistinguishedName: parts.issuer, issuerAlternativeName: issuerAlt.der } },
    { name: 'Certificate Identifier', value: { issuer: issuerText, serialNumber: serialText(serialValue) } },
    { name: 'Certificate Subject', value: { certificateSubjectDistinguishedName: subjectText, certificateSubjectAlternativeName: subjectAlt.text } },
    { name: 'Certificate Issuer', value: { certificateIssuerDistinguishedName: issuerText, certificateIssuerAlternativeName: issuerAlt.text } },
  );
  for (const [which, name] of [
    ['Subject', cert.subjectName],
    ['Issuer', cert.issuerName],
  ] as const) {
    for (const [field, oid] of NAME_FIELDS) {
      const values = name.getField(oid);
      values.forEach((v, i) => out.push(i === 0 ? { name: `Certificate ${which} ${field}`, value: v } : { name: `Certificate ${which} ${field}`, value: v, index: i }));
    }
  }
  const dsa = SIGNATURE_ALGORITHMS.get(parts.signatureOid);
  if (dsa !== undefined) out.push({ name: 'Digital Signature Algorithm', value: dsa });
  try {
    const key = importKey({ objectType: ObjectType.PublicKey, format: KeyFormatType.X_509, material: parts.spki });
    key.material.fill(0);
    if (key.algorithm !== undefined) out.push({ name: 'Cryptographic Algorithm', value: key.algorithm });
    if (key.lengthBits !== undefined) out.push({ name: 'Cryptographic Length', value: key.lengthBits });
  } catch {
    // A public key algorithm the key layer does not know: the certificate is still valid, and
    // the algorithm and length are simply not derived.
  }
  return out;
}
