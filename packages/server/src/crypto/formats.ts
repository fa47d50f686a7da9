/**
 * Key Format Type conversion [KMIP 2.1 §3.1-3.12, §11.26 Key Format Type, §11.24 Key Compression
 * Type]: {@link importKey} reads any supported format into a validated canonical form, and
 * {@link exportKey} produces any supported format from any supported input.
 *
 * | key                       | formats (import and export)                                             |
 * |---------------------------|--------------------------------------------------------------------------|
 * | Symmetric Key             | Raw, Opaque, Transparent Symmetric Key                                   |
 * | Secret Data               | Raw, Opaque                                                              |
 * | RSA private               | PKCS#1, PKCS#8, Transparent RSA Private Key                              |
 * | RSA public                | PKCS#1, X.509 (SubjectPublicKeyInfo), Transparent RSA Public Key         |
 * | EC private                | PKCS#8, EC Private Key (SEC 1 / RFC 5915), Transparent EC Private Key*   |
 * | EC public                 | X.509, Transparent EC Public Key*, Raw (the encoded point)               |
 * | Ed25519/Ed448/X25519/X448 | private: PKCS#8, Raw (32/57/32/56 bytes), Transparent EC Private Key*;   |
 * |                           | public: X.509, Raw (32/57/32/56 bytes), Transparent EC Public Key*       |
 * | DSA                       | private: PKCS#8, Transparent DSA Private Key; public: X.509, Transparent DSA Public Key |
 *
 * (*) and the KMIP 1.x Transparent ECDSA/ECDH/ECMQV Private/Public Key formats, which have the
 * same structure. For the Montgomery/Edwards curves the transparent forms carry Recommended Curve
 * CURVE25519/CURVE448, D = the raw private key read as a big-endian integer (left-padded back to
 * its fixed size on import) and Q String = the raw public key, as Cosmian KMS does.
 *
 * EC public points are stored uncompressed; {@link ExportOptions.keyCompressionType} selects the
 * compressed or hybrid X9.62 form for Transparent EC Public Key, Raw and X.509 output, and
 * {@link ImportedKey.keyCompressionType} reports the form a point came in.
 *
 * Not supported: DH keys, RSA-PSS-restricted keys, multi-prime RSA keys in PKCS#1/transparent
 * form, EC keys with explicit curve parameters, PKCS#12, wrapped key values (unwrap first).
 */
import {
  createPrivateKey,
  createPublicKey,
  type KeyObject,
} from 'node:crypto';
import { CryptographicAlgorithm, KeyCompressionType, KeyFormatType, ObjectType, RecommendedCurve } from '@keyhold/protocol';
import {
  OID_EC_PUBLIC_KEY,
  buildDsaPkcs8,
  buildDsaSpki,
  buildEcSpki,
  buildOkpPkcs8,
  buildOkpSpki,
  buildSec1,
  okpRawPrivate,
  parseDsaPkcs8,
  parseDsaSpki,
  parsePkcs8,
  parseSec1,
  parseSpki,
  readNamedCurve,
} from './asn1keys.js';
import { bitLength, modPow } from './bigint.js';
import { curveName, ecCurveByNodeName, ecCurveByOid, requireEcCurve, type EcCurveInfo } from './curves.js';
import { bigIntToFixedBytes, bytesToBigInt } from './der.js';
import { convertPoint, pointCompression, pointFormFor, publicPointOf, scalarBytes } from './ec.js';
import { KeyMaterialError } from './errors.js';
import {
  COMPATIBLE_ALGORITHMS,
  OKP,
  algorithmName,
  defaultAlgorithm,
  isOkp,
  type AsymmetricKeyType,
  type KeyType,
  type OkpInfo,
  type OkpKeyType,
} from './keytypes.js';
import { checkRsaPrivate, checkRsaPublic, completeRsaPrivate, encodePkcs1Private, encodePkcs1Public, parsePkcs1Private, parsePkcs1Public } from './rsa.js';
import { checkSymmetricLength } from './symmetric.js';
import type {
  ExportOptions,
  ExportedKey,
  ImportedKey,
  KeyInput,
  TransparentDSAPrivateKeyMaterial,
  TransparentDSAPublicKeyMaterial,
  TransparentECPrivateKeyMaterial,
  TransparentECPublicKeyMaterial,
  TransparentKeyMaterial,
  TransparentRSAPrivateKeyMaterial,
  TransparentRSAPublicKeyMaterial,
  TransparentSymmetricKeyMaterial,
} from './types.js';
import { ownedCopy, wipe } from './wipe.js';

const F = KeyFormatType;

/** The transparent EC private formats (2.x and the 1.x per-algorithm names). */
const TRANSPARENT_EC_PRIVATE: ReadonlySet<number> = new Set([F.TransparentECPrivateKey, F.TransparentECDSAPrivateKey, F.TransparentECDHPrivateKey, F.TransparentECMQVPrivateKey]);
/** The transparent EC public formats (2.x and the 1.x per-algorithm names). */
const TRANSPARENT_EC_PUBLIC: ReadonlySet<number> = new Set([F.TransparentECPublicKey, F.TransparentECDSAPublicKey, F.TransparentECDHPublicKey, F.TransparentECMQVPublicKey]);

/** The name of a Key Format Type value for messages. */
export function formatName(format: number): string {
  const entry = Object.entries(KeyFormatType).find(([, v]) => v === format);
  return entry === undefined ? `0x${format.toString(16)}` : entry[0];
}

function unsupportedFormat(format: number, what: string): KeyMaterialError {
  return new KeyMaterialError('unsupported-format', `Key Format Type ${formatName(format)} is not supported for ${what}`);
}

function asBytes(input: KeyInput): Uint8Array {
  if (!(input.material instanceof Uint8Array)) {
    throw new KeyMaterialError('bad-key-data', `Key Format Type ${formatName(input.format)} requires a Byte String Key Material`);
  }
  return input.material;
}

function asStructure<T extends TransparentKeyMaterial>(input: KeyInput, fields: readonly (keyof T & string)[]): T {
  const m = input.material;
  if (m instanceof Uint8Array || typeof m !== 'object' || m === null) {
    throw new KeyMaterialError('bad-key-data', `Key Format Type ${formatName(input.format)} requires a Key Material structure`);
  }
  for (const f of fields) {
    if ((m as unknown as Record<string, unknown>)[f] === undefined) {
      throw new KeyMaterialError('missing-data', `Key Material of ${formatName(input.format)} lacks ${f}`);
    }
  }
  return m as T;
}

// ---------------------------------------------------------------------------------------------
// KeyObject helpers
// ---------------------------------------------------------------------------------------------

function privateKeyObject(der: Uint8Array, type: 'pkcs8' | 'pkcs1' | 'sec1'): KeyObject {
  try {
    return createPrivateKey({ key: Buffer.from(der.buffer, der.byteOffset, der.byteLength), format: 'der', type });
  } catch (err) {
    throw new KeyMaterialError('bad-key-data', `the key is not a valid ${type.toUpperCase()} private key`, err);
  }
}

function publicKeyObject(der: Uint8Array, type: 'spki' | 'pkcs1'): KeyObject {
  try {
    return createPublicKey({ key: Buffer.from(der.buffer, der.byteOffset, der.byteLength), format: 'der', type });
  } catch (err) {
    throw new KeyMaterialError('bad-key-data', `the key is not a valid ${type === 'spki' ? 'SubjectPublicKeyInfo' : 'PKCS#1'} public key`, err);
  }
}

/** Exports DER into an owned Buffer and wipes node's copy. */
function exportDer(key: KeyObject, type: 'pkcs8' | 'pkcs1' | 'sec1' | 'spki'): Buffer {
  const out = key.type === 'private'
    ? key.export({ format: 'der', type: type as 'pkcs8' | 'pkcs1' | 'sec1' })
    : key.export({ format: 'der', type: type as 'spki' | 'pkcs1' });
  const owned = ownedCopy(out);
  out.fill(0);
  return owned;
}

function keyTypeOf(key: KeyObject): AsymmetricKeyType {
  const t = key.asymmetricKeyType;
  switch (t) {
    case 'rsa':
    case 'dsa':
    case 'ec':
    case 'ed25519':
    case 'ed448':
    case 'x25519':
    case 'x448':
      return t;
    default:
      throw new KeyMaterialError('unsupported-algorithm', `${t ?? 'unknown'} keys are not supported`);
  }
}

function ecCurveOf(key: KeyObject): EcCurveInfo {
  const name = key.asymmetricKeyDetails?.namedCurve;
  const info = name === undefined ? undefined : ecCurveByNodeName(name);
  if (info === undefined) throw new KeyMaterialError('unsupported-curve', `EC curve ${name ?? '(explicit parameters)'} is not supported`);
  return requireEcCurve(info.curve);
}

// ---------------------------------------------------------------------------------------------
// Algorithm selection for material that does not name its key type (Raw, transparent EC)
// ---------------------------------------------------------------------------------------------

/**
 * The OKP key type meant by a CURVE25519/CURVE448 key with `algorithm`: Ed25519/Ed448 (or ECDSA)
 * -> EdDSA; EC/ECDH (or none) -> X25519/X448.
 */
function okpFor(curve: number, algorithm: number | undefined): OkpInfo {
  const is25519 = curve === RecommendedCurve.CURVE25519;
  if (!is25519 && curve !== RecommendedCurve.CURVE448) throw new KeyMaterialError('unsupported-curve', `${curveName(curve)} is not an OKP curve`);
  let t: OkpKeyType;
  switch (algorithm) {
    case CryptographicAlgorithm.Ed25519:
      if (!is25519) throw new KeyMaterialError('mismatch', 'Ed25519 keys are on CURVE25519');
      t = 'ed25519';
      break;
    case CryptographicAlgorithm.Ed448:
      if (is25519) throw new KeyMaterialError('mismatch', 'Ed448 keys are on CURVE448');
      t = 'ed448';
      break;
    case CryptographicAlgorithm.ECDSA:
      t = is25519 ? 'ed25519' : 'ed448';
      break;
    case undefined:
    case CryptographicAlgorithm.EC:
    case CryptographicAlgorithm.ECDH:
      t = is25519 ? 'x25519' : 'x448';
      break;
    default:
      throw new KeyMaterialError('mismatch', `${algorithmName(algorithm)} does not apply to ${curveName(curve)}`);
  }
  return OKP[t];
}

/** The curve a Raw key is on: the stated curve, or the one implied by Ed25519/Ed448. */
function rawCurve(input: KeyInput): number {
  if (input.curve !== undefined) return input.curve;
  if (input.algorithm === CryptographicAlgorithm.Ed25519) return RecommendedCurve.CURVE25519;
  if (input.algorithm === CryptographicAlgorithm.Ed448) return RecommendedCurve.CURVE448;
  throw new KeyMaterialError('missing-data', 'a Raw asymmetric key needs its Recommended Curve (or the Ed25519/Ed448 algorithm)');
}

function isOkpCurve(curve: number): boolean {
  return curve === RecommendedCurve.CURVE25519 || curve === RecommendedCurve.CURVE448;
}

// ---------------------------------------------------------------------------------------------
// Private keys -> KeyObject
// ---------------------------------------------------------------------------------------------

function okpPrivateObject(info: OkpInfo, raw: Uint8Array): KeyObject {
  if (raw.length !== info.privateBytes) {
    throw new KeyMaterialError('bad-key-data', `a raw ${info.keyType} private key has ${String(info.privateBytes)} bytes`);
  }
  const der = buildOkpPkcs8(info.oid, raw);
  try {
    return privateKeyObject(der, 'pkcs8');
  } finally {
    wipe(der);
  }
}

function ecPrivateObjectFromScalar(info: EcCurveInfo, d: Uint8Array): KeyObject {
  const pub = publicPointOf(info, d);
  const der = buildSec1(info.oid, d, pub);
  try {
    return privateKeyObject(der, 'sec1');
  } finally {
    wipe(der);
  }
}

function privateObjectOf(input: KeyInput): KeyObject {
  const f = input.format;
  if (f === F.PKCS_8) {
    parsePkcs8(asBytes(input)); // strict DER: OpenSSL tolerates trailing data
    return privateKeyObject(asBytes(input), 'pkcs8');
  }
  if (f === F.PKCS_1) {
    // Parse first: strict DER, two primes, consistent components (OpenSSL checks none of it).
    checkRsaPrivate(parsePkcs1Private(asBytes(input)));
    return privateKeyObject(asBytes(input), 'pkcs1');
  }
  if (f === F.ECPrivateKey) {
    const bytes = asBytes(input);
    const sec1 = parseSec1(bytes);
    if (sec1.curveOid !== undefined) {
      const info = ecCurveByOid(sec1.curveOid);
      if (info === undefined) throw new KeyMaterialError('unsupported-curve', `EC curve ${sec1.curveOid} is not supported`);
      requireEcCurve(info.curve);
      return privateKeyObject(bytes, 'sec1');
    }
    // RFC 5915 makes the parameters optional (they may live elsewhere); then the curve must be stated.
    if (input.curve === undefined) throw new KeyMaterialError('missing-data', 'an EC Private Key without parameters needs its Recommended Curve');
    return ecPrivateObjectFromScalar(requireEcCurve(input.curve), sec1.d);
  }
  if (f === F.TransparentRSAPrivateKey) {
    const der = encodePkcs1Private(completeRsaPrivate(asStructure<TransparentRSAPrivateKeyMaterial>(input, ['modulus'])));
    try {
      return privateKeyObject(der, 'pkcs1');
    } finally {
      wipe(der);
    }
  }
  if (TRANSPARENT_EC_PRIVATE.has(f)) {
    const m = asStructure<TransparentECPrivateKeyMaterial>(input, ['recommendedCurve', 'd']);
    if (isOkpCurve(m.recommendedCurve)) {
      const info = okpFor(m.recommendedCurve, input.algorithm);
      const raw = bigIntToFixedBytes(m.d, info.privateBytes);
      try {
        return okpPrivateObject(info, raw);
      } finally {
        wipe(raw);
      }
    }
    const info = requireEcCurve(m.recommendedCurve);
    const d = scalarBytes(info, m.d);
    try {
      return ecPrivateObjectFromScalar(info, d);
    } finally {
      wipe(d);
    }
  }
  if (f === F.TransparentDSAPrivateKey) {
    const m = asStructure<TransparentDSAPrivateKeyMaterial>(input, ['p', 'q', 'g', 'x']);
    checkDsa(m, modPow(m.g, m.x, m.p));
    const der = buildDsaPkcs8(m);
    try {
      return privateKeyObject(der, 'pkcs8');
    } finally {
      wipe(der);
    }
  }
  if (f === F.Raw) {
    const curve = rawCurve(input);
    if (!isOkpCurve(curve)) throw unsupportedFormat(f, 'EC private keys');
    return okpPrivateObject(okpFor(curve, input.algorithm), asBytes(input));
  }
  throw unsupportedFormat(f, 'private keys');
}

// ---------------------------------------------------------------------------------------------
// Public keys -> KeyObject (+ the compression the point came in)
// ---------------------------------------------------------------------------------------------

interface PublicImport {
  readonly key: KeyObject;
  readonly compression?: KeyCompressionType;
}

function ecPublicFromPoint(info: EcCurveInfo, point: Uint8Array): PublicImport {
  const compression = pointCompression(info, point);
  const uncompressed = convertPoint(info, point, 'uncompressed');
  const key = publicKeyObject(buildEcSpki(info.oid, uncompressed), 'spki');
  return compression === KeyCompressionType.ECPublicKeyTypeUncompressed ? { key } : { key, compression };
}

function okpPublicObject(info: OkpInfo, raw: Uint8Array): KeyObject {
  if (raw.length !== info.publicBytes) {
    throw new KeyMaterialError('bad-key-data', `a raw ${info.keyType} public key has ${String(info.publicBytes)} bytes`);
  }
  return publicKeyObject(buildOkpSpki(info.oid, raw), 'spki');
}

function publicObjectOf(input: KeyInput): PublicImport {
  const f = input.format;
  if (f === F.X_509) {
    const bytes = asBytes(input);
    const spki = parseSpki(bytes);
    if (spki.algorithm.oid === OID_EC_PUBLIC_KEY) {
      // Normalise the point (compressed/hybrid input is stored uncompressed).
      const oid = readNamedCurve(spki.algorithm.params);
      const info = oid === undefined ? undefined : ecCurveByOid(oid);
      if (info === undefined) throw new KeyMaterialError('unsupported-curve', `EC curve ${oid ?? '(none)'} is not supported`);
      return ecPublicFromPoint(requireEcCurve(info.curve), spki.publicKey);
    }
    return { key: publicKeyObject(bytes, 'spki') };
  }
  if (f === F.PKCS_1) {
    checkRsaPublic(parsePkcs1Public(asBytes(input)));
    return { key: publicKeyObject(asBytes(input), 'pkcs1') };
  }
  if (f === F.TransparentRSAPublicKey) {
    const m = asStructure<TransparentRSAPublicKeyMaterial>(input, ['modulus', 'publicExponent']);
    return { key: publicKeyObject(encodePkcs1Public(m), 'pkcs1') };
  }
  if (TRANSPARENT_EC_PUBLIC.has(f)) {
    const m = asStructure<TransparentECPublicKeyMaterial>(input, ['recommendedCurve', 'qString']);
    if (isOkpCurve(m.recommendedCurve)) return { key: okpPublicObject(okpFor(m.recommendedCurve, input.algorithm), m.qString) };
    return ecPublicFromPoint(requireEcCurve(m.recommendedCurve), m.qString);
  }
  if (f === F.TransparentDSAPublicKey) {
    const m = asStructure<TransparentDSAPublicKeyMaterial>(input, ['p', 'q', 'g', 'y']);
    checkDsa(m, m.y);
    return { key: publicKeyObject(buildDsaSpki(m), 'spki') };
  }
  if (f === F.Raw) {
    const curve = rawCurve(input);
    if (isOkpCurve(curve)) return { key: okpPublicObject(okpFor(curve, input.algorithm), asBytes(input)) };
    return ecPublicFromPoint(requireEcCurve(curve), asBytes(input));
  }
  throw unsupportedFormat(f, 'public keys');
}

// ---------------------------------------------------------------------------------------------
// Validation and description
// ---------------------------------------------------------------------------------------------

/** Checks DSA domain parameters and that `y` is a valid public value. */
function checkDsa(k: { readonly p: bigint; readonly q: bigint; readonly g: bigint; readonly x?: bigint }, y: bigint): void {
  const { p, q, g } = k;
  const pBits = bitLength(p);
  if (pBits < 512 || pBits > 16384) throw new KeyMaterialError('invalid-length', `DSA P of ${String(pBits)} bits is not supported`);
  const ok =
    (p & 1n) === 1n &&
    q > 1n &&
    (p - 1n) % q === 0n &&
    g > 1n &&
    g < p &&
    modPow(g, q, p) === 1n &&
    (k.x === undefined || (k.x > 0n && k.x < q)) &&
    y > 1n &&
    y < p &&
    modPow(y, q, p) === 1n;
  if (!ok) throw new KeyMaterialError('bad-key-data', 'DSA key: inconsistent domain parameters or key value');
}

interface Described {
  readonly keyType: AsymmetricKeyType;
  readonly lengthBits: number;
  readonly curve: RecommendedCurve | undefined;
}

/** Validates a private KeyObject beyond what OpenSSL checks and describes it. */
function describePrivate(key: KeyObject): Described {
  const keyType = keyTypeOf(key);
  switch (keyType) {
    case 'rsa': {
      const der = exportDer(key, 'pkcs1');
      try {
        checkRsaPrivate(parsePkcs1Private(der));
      } finally {
        wipe(der);
      }
      return { keyType, lengthBits: key.asymmetricKeyDetails?.modulusLength ?? 0, curve: undefined };
    }
    case 'ec': {
      const info = ecCurveOf(key);
      const der = exportDer(key, 'sec1');
      try {
        const sec1 = parseSec1(der);
        const pub = publicPointOf(info, sec1.d);
        // OpenSSL does not check that an embedded public key belongs to the private scalar.
        if (sec1.publicKey !== undefined && !convertPoint(info, sec1.publicKey, 'uncompressed').equals(pub)) {
          throw new KeyMaterialError('bad-key-data', 'the EC public key does not match the private key');
        }
      } finally {
        wipe(der);
      }
      return { keyType, lengthBits: info.fieldBits, curve: info.curve };
    }
    case 'dsa': {
      const der = exportDer(key, 'pkcs8');
      try {
        const k = parseDsaPkcs8(der);
        checkDsa(k, modPow(k.g, k.x, k.p));
      } finally {
        wipe(der);
      }
      return { keyType, lengthBits: key.asymmetricKeyDetails?.modulusLength ?? 0, curve: undefined };
    }
    default:
      return { keyType, lengthBits: OKP[keyType].lengthBits, curve: OKP[keyType].curve };
  }
}

function describePublic(key: KeyObject): Described {
  const keyType = keyTypeOf(key);
  switch (keyType) {
    case 'rsa': {
      checkRsaPublic(parsePkcs1Public(exportDer(key, 'pkcs1')));
      return { keyType, lengthBits: key.asymmetricKeyDetails?.modulusLength ?? 0, curve: undefined };
    }
    case 'ec': {
      const info = ecCurveOf(key);
      return { keyType, lengthBits: info.fieldBits, curve: info.curve };
    }
    case 'dsa': {
      const k = parseDsaSpki(exportDer(key, 'spki'));
      checkDsa(k, k.y);
      return { keyType, lengthBits: key.asymmetricKeyDetails?.modulusLength ?? 0, curve: undefined };
    }
    default:
      return { keyType, lengthBits: OKP[keyType].lengthBits, curve: OKP[keyType].curve };
  }
}

/** Checks the caller's statements against the key and returns the algorithm to report. */
function reconcile(input: KeyInput, d: Described): CryptographicAlgorithm {
  const allowed = COMPATIBLE_ALGORITHMS[d.keyType];
  if (input.algorithm !== undefined && !allowed.includes(input.algorithm)) {
    throw new KeyMaterialError('mismatch', `the key is ${d.keyType}, not ${algorithmName(input.algorithm)}`);
  }
  if (input.lengthBits !== undefined && input.lengthBits !== d.lengthBits) {
    const aliases = isOkp(d.keyType) ? OKP[d.keyType].acceptedLengths : [];
    if (!aliases.includes(input.lengthBits)) {
      throw new KeyMaterialError('mismatch', `Cryptographic Length ${String(input.lengthBits)} does not match the key (${String(d.lengthBits)})`);
    }
  }
  if (input.curve !== undefined && input.curve !== d.curve) {
    throw new KeyMaterialError('mismatch', `the key is not on ${curveName(input.curve)}`);
  }
  return input.algorithm ?? defaultAlgorithm(d.keyType);
}

// ---------------------------------------------------------------------------------------------
// importKey
// ---------------------------------------------------------------------------------------------

function importSymmetric(input: KeyInput): ImportedKey {
  const f = input.format;
  let bytes: Uint8Array;
  if (f === F.Raw || f === F.Opaque) bytes = asBytes(input);
  else if (f === F.TransparentSymmetricKey && input.objectType === ObjectType.SymmetricKey) {
    bytes = asStructure<TransparentSymmetricKeyMaterial>(input, ['key']).key;
    if (!(bytes instanceof Uint8Array)) throw new KeyMaterialError('bad-key-data', 'the Key field is not a Byte String');
  } else throw unsupportedFormat(f, input.objectType === ObjectType.SymmetricKey ? 'symmetric keys' : 'secret data');
  if (input.objectType === ObjectType.SecretData) {
    return { objectType: input.objectType, keyType: 'secret', format: F.Raw, material: ownedCopy(bytes), algorithm: undefined, lengthBits: undefined, curve: undefined };
  }
  if (input.algorithm === undefined) throw new KeyMaterialError('missing-data', 'a symmetric key needs its Cryptographic Algorithm');
  const lengthBits = checkSymmetricLength(input.algorithm, bytes.length, input.lengthBits);
  return { objectType: input.objectType, keyType: 'symmetric', format: F.Raw, material: ownedCopy(bytes), algorithm: input.algorithm, lengthBits, curve: undefined };
}

function importedPrivate(input: KeyInput, key: KeyObject): ImportedKey {
  const d = describePrivate(key);
  const algorithm = reconcile(input, d);
  return { objectType: ObjectType.PrivateKey, keyType: d.keyType, format: F.PKCS_8, material: exportDer(key, 'pkcs8'), algorithm, lengthBits: d.lengthBits, curve: d.curve };
}

function importedPublic(input: KeyInput, imp: PublicImport): ImportedKey {
  const d = describePublic(imp.key);
  const algorithm = reconcile(input, d);
  const base = { objectType: ObjectType.PublicKey, keyType: d.keyType, format: F.X_509, material: exportDer(imp.key, 'spki'), algorithm, lengthBits: d.lengthBits, curve: d.curve };
  return imp.compression === undefined ? base : { ...base, keyCompressionType: imp.compression };
}

/**
 * Parses and validates a key in any supported format (see the module table) and returns it in
 * canonical form — Raw bytes for symmetric keys and secret data, PKCS#8 DER for private keys,
 * SubjectPublicKeyInfo DER for public keys — with the Cryptographic Algorithm, Length and curve
 * derived from the value (Register: "server-derived values").
 *
 * Errors ({@link KeyMaterialError}): `bad-key-data` for malformed or inconsistent material,
 * `mismatch` when the stated algorithm/length/curve disagree with the key, `missing-data` when
 * the material cannot be interpreted without more (a symmetric key's algorithm, a raw point's
 * curve), `invalid-length`, `unsupported-format`/`-curve`/`-algorithm`.
 */
export function importKey(input: KeyInput): ImportedKey {
  switch (input.objectType) {
    case ObjectType.SymmetricKey:
    case ObjectType.SecretData:
      return importSymmetric(input);
    case ObjectType.PrivateKey:
      return importedPrivate(input, privateObjectOf(input));
    case ObjectType.PublicKey:
      return importedPublic(input, publicObjectOf(input));
    default:
      throw new KeyMaterialError('unsupported-format', `object type 0x${Number(input.objectType).toString(16)} has no key material`);
  }
}

/**
 * The public key of a private key (any supported private format), in canonical form
 * (SubjectPublicKeyInfo DER) with the same algorithm, length and curve.
 */
export function publicKeyOf(privateKey: KeyInput): ImportedKey {
  const priv = importKey(privateKey);
  if (priv.objectType !== ObjectType.PrivateKey) throw new KeyMaterialError('unsupported-format', 'not a private key');
  try {
    const pub = createPublicKey(privateKeyObject(priv.material, 'pkcs8'));
    return { ...priv, objectType: ObjectType.PublicKey, format: F.X_509, material: exportDer(pub, 'spki') };
  } finally {
    wipe(priv.material);
  }
}

// ---------------------------------------------------------------------------------------------
// exportKey
// ---------------------------------------------------------------------------------------------

function exported(c: ImportedKey, format: KeyFormatType, material: Buffer | TransparentKeyMaterial, compression?: KeyCompressionType): ExportedKey {
  const base = { format, material, algorithm: c.algorithm, lengthBits: c.lengthBits, curve: c.curve };
  return compression === undefined ? base : { ...base, keyCompressionType: compression };
}

function exportSymmetric(c: ImportedKey, target: KeyFormatType): ExportedKey {
  if (target === F.Raw || target === F.Opaque) return exported(c, target, ownedCopy(c.material));
  if (target === F.TransparentSymmetricKey && c.keyType === 'symmetric') {
    return exported(c, target, { key: ownedCopy(c.material) } satisfies TransparentSymmetricKeyMaterial);
  }
  throw unsupportedFormat(target, c.keyType === 'symmetric' ? 'symmetric keys' : 'secret data');
}

function exportPrivate(c: ImportedKey, target: KeyFormatType): ExportedKey {
  if (target === F.PKCS_8) return exported(c, target, ownedCopy(c.material));
  const key = privateKeyObject(c.material, 'pkcs8');
  switch (c.keyType) {
    case 'rsa':
      if (target === F.PKCS_1) return exported(c, target, exportDer(key, 'pkcs1'));
      if (target === F.TransparentRSAPrivateKey) {
        const der = exportDer(key, 'pkcs1');
        try {
          return exported(c, target, { ...parsePkcs1Private(der) } satisfies TransparentRSAPrivateKeyMaterial);
        } finally {
          wipe(der);
        }
      }
      break;
    case 'ec':
      if (target === F.ECPrivateKey) return exported(c, target, exportDer(key, 'sec1'));
      if (TRANSPARENT_EC_PRIVATE.has(target)) {
        const der = exportDer(key, 'sec1');
        try {
          const sec1 = parseSec1(der);
          return exported(c, target, { recommendedCurve: c.curve as RecommendedCurve, d: bytesToBigInt(sec1.d) } satisfies TransparentECPrivateKeyMaterial);
        } finally {
          wipe(der);
        }
      }
      break;
    case 'dsa':
      if (target === F.TransparentDSAPrivateKey) {
        const k = parseDsaPkcs8(c.material);
        return exported(c, target, { p: k.p, q: k.q, g: k.g, x: k.x } satisfies TransparentDSAPrivateKeyMaterial);
      }
      break;
    case 'ed25519':
    case 'ed448':
    case 'x25519':
    case 'x448': {
      const raw = okpRawPrivate(c.material);
      if (target === F.Raw) return exported(c, target, ownedCopy(raw));
      if (TRANSPARENT_EC_PRIVATE.has(target)) {
        return exported(c, target, { recommendedCurve: OKP[c.keyType].curve, d: bytesToBigInt(raw) } satisfies TransparentECPrivateKeyMaterial);
      }
      break;
    }
    default:
      break;
  }
  throw unsupportedFormat(target, `${c.keyType} private keys`);
}

function exportPublic(c: ImportedKey, target: KeyFormatType, options: ExportOptions): ExportedKey {
  const requested = options.keyCompressionType;
  if (c.keyType === 'ec') {
    const info = requireEcCurve(c.curve as number);
    const form = requested === undefined ? 'uncompressed' : pointFormFor(info, requested);
    const point = convertPoint(info, parseSpki(c.material).publicKey, form);
    if (target === F.X_509) return exported(c, target, form === 'uncompressed' ? ownedCopy(c.material) : buildEcSpki(info.oid, point), requested);
    if (target === F.Raw) return exported(c, target, point, requested);
    if (TRANSPARENT_EC_PUBLIC.has(target)) {
      return exported(c, target, { recommendedCurve: info.curve, qString: point } satisfies TransparentECPublicKeyMaterial, requested);
    }
    throw unsupportedFormat(target, 'EC public keys');
  }
  if (requested !== undefined && requested !== KeyCompressionType.ECPublicKeyTypeUncompressed) {
    throw new KeyMaterialError('unsupported-compression', `Key Compression Type applies to EC public keys only, not ${c.keyType}`);
  }
  if (target === F.X_509) return exported(c, target, ownedCopy(c.material));
  switch (c.keyType) {
    case 'rsa': {
      const der = exportDer(publicKeyObject(c.material, 'spki'), 'pkcs1');
      if (target === F.PKCS_1) return exported(c, target, der);
      if (target === F.TransparentRSAPublicKey) return exported(c, target, parsePkcs1Public(der) satisfies TransparentRSAPublicKeyMaterial);
      break;
    }
    case 'dsa':
      if (target === F.TransparentDSAPublicKey) {
        const k = parseDsaSpki(c.material);
        return exported(c, target, { p: k.p, q: k.q, g: k.g, y: k.y } satisfies TransparentDSAPublicKeyMaterial);
      }
      break;
    case 'ed25519':
    case 'ed448':
    case 'x25519':
    case 'x448': {
      const raw = parseSpki(c.material).publicKey;
      if (target === F.Raw) return exported(c, target, ownedCopy(raw));
      if (TRANSPARENT_EC_PUBLIC.has(target)) {
        return exported(c, target, { recommendedCurve: OKP[c.keyType].curve, qString: ownedCopy(raw) } satisfies TransparentECPublicKeyMaterial);
      }
      break;
    }
    default:
      break;
  }
  throw unsupportedFormat(target, `${c.keyType} public keys`);
}

/**
 * Converts a key (any supported format, see {@link importKey}) to `target`. Byte String results
 * are owned Buffers; transparent results are structures whose byte fields are owned Buffers.
 * `options.keyCompressionType` selects the EC public point form; on other keys only
 * Uncompressed is accepted (`unsupported-compression` otherwise). A `target` that does not apply
 * to the key is `unsupported-format`.
 */
export function exportKey(input: KeyInput, target: KeyFormatType, options: ExportOptions = {}): ExportedKey {
  const c = importKey(input);
  try {
    switch (c.keyType) {
      case 'symmetric':
      case 'secret':
        if (options.keyCompressionType !== undefined && options.keyCompressionType !== KeyCompressionType.ECPublicKeyTypeUncompressed) {
          throw new KeyMaterialError('unsupported-compression', 'Key Compression Type applies to EC public keys only');
        }
        return exportSymmetric(c, target);
      default:
        return c.objectType === ObjectType.PrivateKey ? exportPrivate(c, target) : exportPublic(c, target, options);
    }
  } finally {
    wipe(c.material);
  }
}

// ---------------------------------------------------------------------------------------------
// Default formats
// ---------------------------------------------------------------------------------------------

/**
 * The default Key Format Type of a key [KMIP 2.1 §4.26 Table 81]: Raw for symmetric keys and
 * secret data; PKCS#1 for RSA private and public keys; Transparent EC Private/Public Key for EC
 * keys; Transparent DSA Private/Public Key for DSA keys. The table has no row for
 * X25519/X448/Ed25519/Ed448: this layer uses PKCS#8 and X.509 for them (the standard encodings;
 * the transparent form of those keys is a vendor convention).
 */
export function defaultKeyFormatType(objectType: ObjectType, keyType: KeyType): KeyFormatType {
  const priv = objectType === ObjectType.PrivateKey;
  switch (keyType) {
    case 'symmetric':
    case 'secret':
      return F.Raw;
    case 'rsa':
      return F.PKCS_1;
    case 'ec':
      return priv ? F.TransparentECPrivateKey : F.TransparentECPublicKey;
    case 'dsa':
      return priv ? F.TransparentDSAPrivateKey : F.TransparentDSAPublicKey;
    default:
      return priv ? F.PKCS_8 : F.X_509;
  }
}

/** Every Key Format Type {@link exportKey} produces for a key of this object and key type. */
export function supportedKeyFormats(objectType: ObjectType, keyType: KeyType): KeyFormatType[] {
  const priv = objectType === ObjectType.PrivateKey;
  const ecPriv = [...TRANSPARENT_EC_PRIVATE] as KeyFormatType[];
  const ecPub = [...TRANSPARENT_EC_PUBLIC] as KeyFormatType[];
  switch (keyType) {
    case 'symmetric':
      return [F.Raw, F.Opaque, F.TransparentSymmetricKey];
    case 'secret':
      return [F.Raw, F.Opaque];
    case 'rsa':
      return priv ? [F.PKCS_1, F.PKCS_8, F.TransparentRSAPrivateKey] : [F.PKCS_1, F.X_509, F.TransparentRSAPublicKey];
    case 'ec':
      return priv ? [F.PKCS_8, F.ECPrivateKey, ...ecPriv] : [F.X_509, F.Raw, ...ecPub];
    case 'dsa':
      return priv ? [F.PKCS_8, F.TransparentDSAPrivateKey] : [F.X_509, F.TransparentDSAPublicKey];
    default:
      return priv ? [F.PKCS_8, F.Raw, ...ecPriv] : [F.X_509, F.Raw, ...ecPub];
  }
}
