/**
 * Key types and how KMIP's Cryptographic Algorithm (+ Recommended Curve) selects them.
 *
 * KMIP has no X25519/X448 algorithm value: those keys are `ECDH` (or `EC`) keys on Recommended
 * Curve CURVE25519/CURVE448 (as Cosmian KMS does). Ed25519/Ed448 have their own algorithm values
 * (2.1), and an `ECDSA` request on CURVE25519/CURVE448 also means EdDSA.
 *
 * Cryptographic Length of the Montgomery/Edwards keys is "the length in bits of the clear-text
 * key material" [KMIP 2.1 §4.15] — the raw key size: Ed25519 256, X25519 256, Ed448 456,
 * X448 448. (OpenSSL's `EVP_PKEY_bits` gives the same except 253 for X25519, which Cosmian
 * reports; generation therefore also accepts 253 and 255 for the 25519 curves and 448 for Ed448,
 * and always reports the raw size.)
 */
import { CryptographicAlgorithm, RecommendedCurve } from '@keyhold/protocol';

/** The asymmetric key types this layer handles (node:crypto `asymmetricKeyType` names). */
export type AsymmetricKeyType = 'rsa' | 'dsa' | 'ec' | 'ed25519' | 'ed448' | 'x25519' | 'x448';
/** Every key type: symmetric keys, secret data (opaque bytes) and the asymmetric types. */
export type KeyType = 'symmetric' | 'secret' | AsymmetricKeyType;
/** The Montgomery/Edwards ("OKP") key types. */
export type OkpKeyType = 'ed25519' | 'ed448' | 'x25519' | 'x448';

/** Fixed parameters of an OKP key type [RFC 8410, RFC 8032, RFC 7748]. */
export interface OkpInfo {
  readonly keyType: OkpKeyType;
  readonly oid: string;
  /** Raw private key size in bytes. */
  readonly privateBytes: number;
  /** Raw public key size in bytes. */
  readonly publicBytes: number;
  /** The KMIP Cryptographic Length reported. */
  readonly lengthBits: number;
  /** Cryptographic Length values accepted on generation (the first is reported). */
  readonly acceptedLengths: readonly number[];
  readonly curve: RecommendedCurve;
  /** The algorithm reported when none (or a compatible generic one) was stated. */
  readonly defaultAlgorithm: CryptographicAlgorithm;
}

export const OKP: Readonly<Record<OkpKeyType, OkpInfo>> = {
  ed25519: {
    keyType: 'ed25519',
    oid: '1.3.101.112',
    privateBytes: 32,
    publicBytes: 32,
    lengthBits: 256,
    acceptedLengths: [256, 255, 253],
    curve: RecommendedCurve.CURVE25519,
    defaultAlgorithm: CryptographicAlgorithm.Ed25519,
  },
  ed448: {
    keyType: 'ed448',
    oid: '1.3.101.113',
    privateBytes: 57,
    publicBytes: 57,
    lengthBits: 456,
    acceptedLengths: [456, 448],
    curve: RecommendedCurve.CURVE448,
    defaultAlgorithm: CryptographicAlgorithm.Ed448,
  },
  x25519: {
    keyType: 'x25519',
    oid: '1.3.101.110',
    privateBytes: 32,
    publicBytes: 32,
    lengthBits: 256,
    acceptedLengths: [256, 255, 253],
    curve: RecommendedCurve.CURVE25519,
    defaultAlgorithm: CryptographicAlgorithm.ECDH,
  },
  x448: {
    keyType: 'x448',
    oid: '1.3.101.111',
    privateBytes: 56,
    publicBytes: 56,
    lengthBits: 448,
    acceptedLengths: [448],
    curve: RecommendedCurve.CURVE448,
    defaultAlgorithm: CryptographicAlgorithm.ECDH,
  },
};

/** OKP key type by its algorithm OID. */
export function okpByOid(oid: string): OkpInfo | undefined {
  return Object.values(OKP).find((o) => o.oid === oid);
}

/** True for the OKP key types. */
export function isOkp(t: KeyType): t is OkpKeyType {
  return t === 'ed25519' || t === 'ed448' || t === 'x25519' || t === 'x448';
}

const EC_FAMILY: readonly CryptographicAlgorithm[] = [
  CryptographicAlgorithm.EC,
  CryptographicAlgorithm.ECDSA,
  CryptographicAlgorithm.ECDH,
  CryptographicAlgorithm.ECMQV,
];

/** The KMIP algorithms a key of each asymmetric type may be labelled with. */
export const COMPATIBLE_ALGORITHMS: Readonly<Record<AsymmetricKeyType, readonly CryptographicAlgorithm[]>> = {
  rsa: [CryptographicAlgorithm.RSA],
  dsa: [CryptographicAlgorithm.DSA],
  ec: EC_FAMILY,
  ed25519: [CryptographicAlgorithm.Ed25519, CryptographicAlgorithm.EC, CryptographicAlgorithm.ECDSA],
  ed448: [CryptographicAlgorithm.Ed448, CryptographicAlgorithm.EC, CryptographicAlgorithm.ECDSA],
  x25519: [CryptographicAlgorithm.ECDH, CryptographicAlgorithm.EC],
  x448: [CryptographicAlgorithm.ECDH, CryptographicAlgorithm.EC],
};

/** The algorithm reported for a key of `keyType` when the caller stated none. */
export function defaultAlgorithm(keyType: AsymmetricKeyType): CryptographicAlgorithm {
  switch (keyType) {
    case 'rsa':
      return CryptographicAlgorithm.RSA;
    case 'dsa':
      return CryptographicAlgorithm.DSA;
    case 'ec':
      return CryptographicAlgorithm.EC;
    default:
      return OKP[keyType].defaultAlgorithm;
  }
}

/** True when `algorithm` is one of the EC family values (EC, ECDSA, ECDH, ECMQV). */
export function isEcFamily(algorithm: number): boolean {
  return (EC_FAMILY as readonly number[]).includes(algorithm);
}

/** The name of a Cryptographic Algorithm value for messages ("AES", or hex for unknown values). */
export function algorithmName(algorithm: number): string {
  const entry = Object.entries(CryptographicAlgorithm).find(([, v]) => v === algorithm);
  return entry === undefined ? `0x${algorithm.toString(16)}` : entry[0];
}
