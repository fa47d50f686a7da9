/**
 * The server's key-material layer: pure functions over bytes and plain values, with node:crypto
 * only, independent of the message model.
 *
 * - generation: {@link generateSymmetricKey}, {@link generateKeyPair} / {@link generateKeyPairSync};
 * - Key Format Type conversion: {@link importKey} (any supported format -> validated canonical form
 *   with the derived algorithm, length and curve), {@link exportKey} (-> any supported format),
 *   {@link publicKeyOf};
 * - the Digest attribute: {@link digest}, {@link digestKeyMaterial}, {@link keyDigest};
 * - hygiene: {@link wipe}; errors: {@link KeyMaterialError} (a KmipError whose Result Reason
 *   follows from its `kind`).
 */
export { KEY_MATERIAL_ERROR_KINDS, KeyMaterialError, isKeyMaterialError, type KeyMaterialErrorKind } from './errors.js';
export { wipe, ownedCopy } from './wipe.js';
export {
  EC_CURVES,
  DEFAULT_CURVE_BY_LENGTH,
  isEcCurveAvailable,
  supportedEcCurves,
  type EcCurveInfo,
} from './curves.js';
export { OKP, COMPATIBLE_ALGORITHMS, type AsymmetricKeyType, type KeyType, type OkpKeyType, type OkpInfo } from './keytypes.js';
export {
  generateSymmetricKey,
  symmetricKeyBytes,
  checkSymmetricLength,
  isSymmetricAlgorithm,
  hasOddParity,
  setOddParity,
  MAX_GENERIC_KEY_BITS,
  type GeneratedSymmetricKey,
} from './symmetric.js';
export {
  generateKeyPair,
  generateKeyPairSync,
  planKeyPair,
  RSA_MIN_BITS,
  RSA_MAX_BITS,
  type KeyPairParameters,
  type KeyPairPlan,
  type GeneratedKeyPair,
} from './keypair.js';
export { importKey, exportKey, publicKeyOf, defaultKeyFormatType, supportedKeyFormats } from './formats.js';
export { isEncryptedPkcs8 } from './asn1keys.js';
export {
  digest,
  digestKeyMaterial,
  keyDigest,
  encodeTransparentKeyMaterial,
  isHashingAlgorithmSupported,
} from './digest.js';
export type {
  KeyInput,
  ImportedKey,
  ExportOptions,
  ExportedKey,
  KeyMaterialValue,
  TransparentKeyMaterial,
  TransparentSymmetricKeyMaterial,
  TransparentRSAPrivateKeyMaterial,
  TransparentRSAPublicKeyMaterial,
  TransparentDSAPrivateKeyMaterial,
  TransparentDSAPublicKeyMaterial,
  TransparentECPrivateKeyMaterial,
  TransparentECPublicKeyMaterial,
} from './types.js';
