/**
 * The key containers: PKCS#8 PrivateKeyInfo [RFC 5208/5958], SubjectPublicKeyInfo [RFC 5280],
 * SEC 1 ECPrivateKey [RFC 5915], the RFC 8410 forms of X25519/X448/Ed25519/Ed448 keys and the DSA
 * forms [RFC 3279 §2.3.2]. Parsers return views into their input; builders return owned Buffers.
 */
import { DerReader, DerTag, bits, encodeDer, explicit, int, octets, oid, readSequence, seq } from './der.js';
import { KeyMaterialError } from './errors.js';

export const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
export const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
export const OID_DSA = '1.2.840.10040.4.1';

/** An AlgorithmIdentifier: the OID and the parameters item (if any) with its reader. */
export interface AlgorithmId {
  readonly oid: string;
  /** The parameters as a reader positioned on them, or `undefined` when absent. */
  readonly params: DerReader | undefined;
}

function readAlgorithmId(r: DerReader): AlgorithmId {
  const a = r.sequence();
  const algOid = a.oid();
  return { oid: algOid, params: a.done ? undefined : a };
}

/** The parts of a PKCS#8 PrivateKeyInfo this layer needs. */
export interface PrivateKeyInfo {
  readonly algorithm: AlgorithmId;
  /** The privateKey OCTET STRING contents (a view). */
  readonly privateKey: Uint8Array;
}

/** Parses a PKCS#8 PrivateKeyInfo / OneAsymmetricKey (attributes and public key are skipped). */
export function parsePkcs8(der: Uint8Array): PrivateKeyInfo {
  const r = readSequence(der);
  const version = r.smallInteger();
  if (version > 1) throw new KeyMaterialError('bad-key-data', 'malformed DER: unknown PKCS#8 version');
  const algorithm = readAlgorithmId(r);
  const privateKey = r.octetString();
  while (!r.done) r.next();
  return { algorithm, privateKey };
}

/**
 * True when `der` is a PKCS#8 EncryptedPrivateKeyInfo (RFC 5208 §6: SEQUENCE { encryptionAlgorithm
 * AlgorithmIdentifier, encryptedData OCTET STRING }) rather than a PrivateKeyInfo, whose first
 * field is the version INTEGER. KMIP's PKCS#8 Key Format Type covers both ("supporting both the
 * RSAPrivateKey syntax and EncryptedPrivateKey", 1.2 §2.1.3, 2.1 §11.25); the encrypted form cannot
 * be read without its password.
 */
export function isEncryptedPkcs8(der: Uint8Array): boolean {
  try {
    const r = readSequence(der);
    if (r.peekTag() !== DerTag.Sequence) return false;
    readAlgorithmId(r);
    r.octetString();
    r.finish();
    return true;
  } catch (err) {
    if (err instanceof KeyMaterialError) return false;
    throw err;
  }
}

/** The parts of a SubjectPublicKeyInfo. */
export interface PublicKeyInfo {
  readonly algorithm: AlgorithmId;
  /** The subjectPublicKey BIT STRING bytes (a view). */
  readonly publicKey: Uint8Array;
}

/** Parses a SubjectPublicKeyInfo. */
export function parseSpki(der: Uint8Array): PublicKeyInfo {
  const r = readSequence(der);
  const algorithm = readAlgorithmId(r);
  const publicKey = r.bitString();
  r.finish();
  return { algorithm, publicKey };
}

/** Reads a named-curve OID from EC parameters (explicit parameters are not supported). */
export function readNamedCurve(params: DerReader | undefined): string | undefined {
  if (params === undefined) return undefined;
  if (params.peekTag() !== DerTag.Oid) {
    throw new KeyMaterialError('unsupported-curve', 'EC keys with explicit curve parameters are not supported');
  }
  return params.oid();
}

// ---------------------------------------------------------------------------------------------
// EC (SEC 1)
// ---------------------------------------------------------------------------------------------

/** A SEC 1 ECPrivateKey [RFC 5915 §3]. */
export interface Sec1PrivateKey {
  /** The private key octets (a view). */
  readonly d: Uint8Array;
  /** The named-curve OID from `[0] parameters`, when present. */
  readonly curveOid: string | undefined;
  /** The public point from `[1] publicKey`, when present (a view). */
  readonly publicKey: Uint8Array | undefined;
}

/** Parses a SEC 1 ECPrivateKey. */
export function parseSec1(der: Uint8Array): Sec1PrivateKey {
  const r = readSequence(der);
  if (r.smallInteger() !== 1) throw new KeyMaterialError('bad-key-data', 'malformed DER: ECPrivateKey version is not 1');
  const d = r.octetString();
  if (d.length === 0) throw new KeyMaterialError('bad-key-data', 'malformed DER: empty EC private key');
  const params = r.optionalExplicit(0);
  const curveOid = readNamedCurve(params);
  params?.finish();
  const pub = r.optionalExplicit(1);
  const publicKey = pub?.bitString();
  pub?.finish();
  r.finish();
  return { d, curveOid, publicKey };
}

/** Builds a SEC 1 ECPrivateKey with parameters and public key (owned Buffer). */
export function buildSec1(curveOid: string, d: Uint8Array, publicKey: Uint8Array): Buffer {
  return encodeDer(seq(int(1), octets(d), explicit(0, oid(curveOid)), explicit(1, bits(publicKey))));
}

/** Builds an EC SubjectPublicKeyInfo (owned Buffer). */
export function buildEcSpki(curveOid: string, point: Uint8Array): Buffer {
  return encodeDer(seq(seq(oid(OID_EC_PUBLIC_KEY), oid(curveOid)), bits(point)));
}

// ---------------------------------------------------------------------------------------------
// OKP (RFC 8410)
// ---------------------------------------------------------------------------------------------

/** Builds the PKCS#8 of a raw X25519/X448/Ed25519/Ed448 private key (owned Buffer). */
export function buildOkpPkcs8(algOid: string, raw: Uint8Array): Buffer {
  // CurvePrivateKey ::= OCTET STRING, itself inside the privateKey OCTET STRING.
  const inner = encodeDer(octets(raw));
  try {
    return encodeDer(seq(int(0), seq(oid(algOid)), octets(inner)));
  } finally {
    inner.fill(0);
  }
}

/** The raw private key inside an OKP PKCS#8 (a view into `der`). */
export function okpRawPrivate(der: Uint8Array): Uint8Array {
  const info = parsePkcs8(der);
  const r = new DerReader(info.privateKey);
  const raw = r.octetString();
  r.finish();
  return raw;
}

/** Builds the SubjectPublicKeyInfo of a raw OKP public key (owned Buffer). */
export function buildOkpSpki(algOid: string, raw: Uint8Array): Buffer {
  return encodeDer(seq(seq(oid(algOid)), bits(raw)));
}

// ---------------------------------------------------------------------------------------------
// DSA (RFC 3279)
// ---------------------------------------------------------------------------------------------

/** DSA domain parameters. */
export interface DsaParams {
  readonly p: bigint;
  readonly q: bigint;
  readonly g: bigint;
}

function readDsaParams(params: DerReader | undefined): DsaParams {
  if (params === undefined) throw new KeyMaterialError('bad-key-data', 'DSA key without domain parameters');
  const r = params.sequence();
  const out = { p: r.integer(), q: r.integer(), g: r.integer() };
  r.finish();
  params.finish();
  return out;
}

/** p, q, g and x of a DSA PKCS#8. */
export function parseDsaPkcs8(der: Uint8Array): DsaParams & { readonly x: bigint } {
  const info = parsePkcs8(der);
  if (info.algorithm.oid !== OID_DSA) throw new KeyMaterialError('bad-key-data', 'not a DSA key');
  const params = readDsaParams(info.algorithm.params);
  const r = new DerReader(info.privateKey);
  const x = r.integer();
  r.finish();
  return { ...params, x };
}

/** p, q, g and y of a DSA SubjectPublicKeyInfo. */
export function parseDsaSpki(der: Uint8Array): DsaParams & { readonly y: bigint } {
  const info = parseSpki(der);
  if (info.algorithm.oid !== OID_DSA) throw new KeyMaterialError('bad-key-data', 'not a DSA key');
  const params = readDsaParams(info.algorithm.params);
  const r = new DerReader(info.publicKey);
  const y = r.integer();
  r.finish();
  return { ...params, y };
}

/** Builds a DSA PKCS#8 (owned Buffer). */
export function buildDsaPkcs8(k: DsaParams & { readonly x: bigint }): Buffer {
  const inner = encodeDer(int(k.x));
  try {
    return encodeDer(seq(int(0), seq(oid(OID_DSA), seq(int(k.p), int(k.q), int(k.g))), octets(inner)));
  } finally {
    inner.fill(0);
  }
}

/** Builds a DSA SubjectPublicKeyInfo (owned Buffer). */
export function buildDsaSpki(k: DsaParams & { readonly y: bigint }): Buffer {
  const inner = encodeDer(int(k.y));
  return encodeDer(seq(seq(oid(OID_DSA), seq(int(k.p), int(k.q), int(k.g))), bits(inner)));
}

