/**
 * Plain-value shapes of key material, independent of the message model. Property names are the
 * KMIP tag names in lowerCamelCase (STYLE rule 3), the same as the model's transparent key
 * structures in `@keyhold/protocol` (model/objects.ts), so a decoded Key Material can be passed
 * in as is.
 */
import type {
  CryptographicAlgorithm,
  KeyCompressionType,
  KeyFormatType,
  ObjectType,
  RecommendedCurve,
} from '@keyhold/protocol';
import type { KeyType } from './keytypes.js';

/** Transparent Symmetric Key [KMIP 2.1 §3.4]. */
export interface TransparentSymmetricKeyMaterial {
  readonly key: Uint8Array;
}

/**
 * Transparent RSA Private Key [KMIP 2.1 §3.7]. On import, one of Private Exponent, P and Q, or
 * Prime Exponent P and Q (with the Public Exponent) must be present; the rest is derived.
 */
export interface TransparentRSAPrivateKeyMaterial {
  readonly modulus: bigint;
  readonly privateExponent?: bigint | undefined;
  readonly publicExponent?: bigint | undefined;
  readonly p?: bigint | undefined;
  readonly q?: bigint | undefined;
  readonly primeExponentP?: bigint | undefined;
  readonly primeExponentQ?: bigint | undefined;
  readonly crtCoefficient?: bigint | undefined;
}

/** Transparent RSA Public Key [KMIP 2.1 §3.8]. */
export interface TransparentRSAPublicKeyMaterial {
  readonly modulus: bigint;
  readonly publicExponent: bigint;
}

/** Transparent DSA Private Key [KMIP 2.1 §3.5]. */
export interface TransparentDSAPrivateKeyMaterial {
  readonly p: bigint;
  readonly q: bigint;
  readonly g: bigint;
  readonly x: bigint;
}

/** Transparent DSA Public Key [KMIP 2.1 §3.6]. */
export interface TransparentDSAPublicKeyMaterial {
  readonly p: bigint;
  readonly q: bigint;
  readonly g: bigint;
  readonly y: bigint;
}

/** Transparent EC Private Key (and 1.x Transparent ECDSA/ECDH/ECMQV Private Key) [KMIP 2.1 §3.11]. */
export interface TransparentECPrivateKeyMaterial {
  readonly recommendedCurve: RecommendedCurve;
  readonly d: bigint;
}

/** Transparent EC Public Key (and 1.x Transparent ECDSA/ECDH/ECMQV Public Key) [KMIP 2.1 §3.12]. */
export interface TransparentECPublicKeyMaterial {
  readonly recommendedCurve: RecommendedCurve;
  readonly qString: Uint8Array;
}

/** Any transparent Key Material structure handled here. */
export type TransparentKeyMaterial =
  | TransparentSymmetricKeyMaterial
  | TransparentRSAPrivateKeyMaterial
  | TransparentRSAPublicKeyMaterial
  | TransparentDSAPrivateKeyMaterial
  | TransparentDSAPublicKeyMaterial
  | TransparentECPrivateKeyMaterial
  | TransparentECPublicKeyMaterial;

/** Key Material: a Byte String (Raw, Opaque, PKCS#1, PKCS#8, X.509, EC Private Key) or a structure. */
export type KeyMaterialValue = Uint8Array | TransparentKeyMaterial;

/** A key as a client supplies it (Register, Import) or as it is stored: what {@link importKey} reads. */
export interface KeyInput {
  /** Symmetric Key, Secret Data, Private Key or Public Key. */
  readonly objectType: ObjectType;
  /** The Key Block's Key Format Type. */
  readonly format: KeyFormatType;
  /** The Key Value's Key Material. */
  readonly material: KeyMaterialValue;
  /**
   * The Key Block's Cryptographic Algorithm. Required for symmetric keys (raw bytes do not say);
   * for asymmetric keys it is checked against the key and otherwise derived from it.
   */
  readonly algorithm?: CryptographicAlgorithm | undefined;
  /** The stated Cryptographic Length, checked against the key when given. */
  readonly lengthBits?: number | undefined;
  /**
   * The curve, needed only where the material does not carry it: a Raw EC public point, an EC
   * Private Key (SEC1) without parameters; checked against the key otherwise.
   */
  readonly curve?: RecommendedCurve | undefined;
}

/**
 * A validated key in canonical form: raw bytes (format Raw) for symmetric keys and secret data,
 * PKCS#8 DER for private keys, SubjectPublicKeyInfo DER (format X.509) for public keys — plus what
 * the server derives from the value: algorithm, Cryptographic Length and curve. It is itself a
 * valid {@link KeyInput}.
 */
export interface ImportedKey {
  readonly objectType: ObjectType;
  readonly keyType: KeyType;
  /** `KeyFormatType.Raw`, `PKCS_8` or `X_509`. */
  readonly format: KeyFormatType;
  /** The canonical encoding, owned by the caller: wipe it when done. */
  readonly material: Buffer;
  /** The Cryptographic Algorithm; `undefined` only for Secret Data. */
  readonly algorithm: CryptographicAlgorithm | undefined;
  /** The Cryptographic Length; `undefined` only for Secret Data. */
  readonly lengthBits: number | undefined;
  /** The Recommended Curve of EC and OKP keys. */
  readonly curve: RecommendedCurve | undefined;
  /** For EC public keys supplied with a compressed or hybrid point: the form it came in. */
  readonly keyCompressionType?: KeyCompressionType | undefined;
}

/** Options of {@link exportKey}. */
export interface ExportOptions {
  /**
   * The Key Compression Type for an EC public key's point (Transparent EC Public Key, Raw,
   * X.509): Uncompressed (the default), X9.62 Compressed Prime (prime curves), X9.62 Compressed
   * Char2 (binary curves) or X9.62 Hybrid.
   */
  readonly keyCompressionType?: KeyCompressionType | undefined;
}

/** A key converted to a Key Format Type by {@link exportKey}. */
export interface ExportedKey {
  readonly format: KeyFormatType;
  /** Bytes (owned by the caller) or a transparent structure. */
  readonly material: Buffer | TransparentKeyMaterial;
  readonly algorithm: CryptographicAlgorithm | undefined;
  readonly lengthBits: number | undefined;
  readonly curve: RecommendedCurve | undefined;
  /** Set when the EC point in `material` is not in the default uncompressed form. */
  readonly keyCompressionType?: KeyCompressionType | undefined;
}
