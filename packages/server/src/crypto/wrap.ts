/**
 * Key wrapping primitives (node:crypto) for Key Wrapping Specification / Key Wrapping Data
 * [KMIP 1.2 §2.1.5-2.1.6, 2.1 §3.3, §7.18]:
 *
 * - AES Key Wrap [RFC 3394] (Block Cipher Mode NIST Key Wrap) and AES Key Wrap with Padding
 *   [RFC 5649] (Block Cipher Mode AES Key Wrap Padding), through OpenSSL's id-aes*-wrap and
 *   id-aes*-wrap-pad ciphers;
 * - AES-GCM [SP 800-38D]: the IV goes into the IV/Counter/Nonce field of the Key Wrapping Data,
 *   the wrapped Key Value is the ciphertext followed by the tag;
 * - RSA-OAEP [RFC 8017] with an RSA public key (unwrapping with the private key);
 * - RSA-AES key wrap (PKCS#11 v2.40 §2.1.21 CKM_RSA_AES_KEY_WRAP): a fresh 256-bit AES key,
 *   RSA-OAEP-wrapped, followed by the key wrapped under it with AES Key Wrap with Padding
 *   [RFC 5649]; the two parts are split at the RSA modulus length.
 *
 * Failures of an unwrap (wrong key, corrupted data) are Cryptographic Failure; unusable
 * parameters are Bad Cryptographic Parameters / Invalid Field. Key bytes never go into a message.
 */
import {
  constants,
  createCipheriv,
  createDecipheriv,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  type CipherGCMTypes,
  type KeyObject,
} from 'node:crypto';
import { KmipError, ResultReason } from '@keyhold/protocol';

const KW_IV = Buffer.from('a6a6a6a6a6a6a6a6', 'hex');
const KWP_IV = Buffer.from('a65959a6', 'hex');

function aesName(kek: Uint8Array): string {
  if (kek.length !== 16 && kek.length !== 24 && kek.length !== 32) {
    throw new KmipError(ResultReason.BadCryptographicParameters, 'an AES wrapping key is 128, 192 or 256 bits long');
  }
  return `aes${kek.length * 8}`;
}

/** AES Key Wrap (RFC 3394; `pad`: RFC 5649) of `data` under `kek`. */
export function aesKeyWrap(kek: Uint8Array, data: Uint8Array, pad: boolean): Buffer {
  const name = `id-${aesName(kek)}-wrap${pad ? '-pad' : ''}`;
  if (!pad && (data.length < 16 || data.length % 8 !== 0)) {
    throw new KmipError(ResultReason.BadCryptographicParameters, 'NIST Key Wrap (RFC 3394) wraps a multiple of 8 bytes, at least 16: use AES Key Wrap Padding');
  }
  const cipher = createCipheriv(name, kek, pad ? KWP_IV : KW_IV);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

/** AES Key Unwrap (RFC 3394; `pad`: RFC 5649). */
export function aesKeyUnwrap(kek: Uint8Array, wrapped: Uint8Array, pad: boolean): Buffer {
  const name = `id-${aesName(kek)}-wrap${pad ? '-pad' : ''}`;
  try {
    const decipher = createDecipheriv(name, kek, pad ? KWP_IV : KW_IV);
    return Buffer.concat([decipher.update(wrapped), decipher.final()]);
  } catch {
    throw new KmipError(ResultReason.CryptographicFailure, 'the wrapped key does not unwrap under the wrapping key (integrity check failed)');
  }
}

/** The result of a wrap: the wrapped bytes and the IV used, if any. */
export interface Wrapped {
  readonly data: Buffer;
  readonly iv?: Buffer;
}

/** AES-GCM wrap: a fresh IV (`ivBytes` long), ciphertext || tag (`tagBytes` long). */
export function aesGcmWrap(kek: Uint8Array, data: Uint8Array, ivBytes = 12, tagBytes = 16): Wrapped {
  if (tagBytes < 4 || tagBytes > 16) throw new KmipError(ResultReason.BadCryptographicParameters, 'the GCM Tag Length is 4 to 16 bytes');
  if (ivBytes < 1 || ivBytes > 128) throw new KmipError(ResultReason.BadCryptographicParameters, 'unusable GCM IV Length');
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv(`aes-${aesName(kek).slice(3)}-gcm` as CipherGCMTypes, kek, iv, { authTagLength: tagBytes });
  const out = Buffer.concat([cipher.update(data), cipher.final(), cipher.getAuthTag()]);
  return { data: out, iv };
}

/** AES-GCM unwrap of ciphertext || tag. */
export function aesGcmUnwrap(kek: Uint8Array, wrapped: Uint8Array, iv: Uint8Array | undefined, tagBytes = 16): Buffer {
  if (iv === undefined || iv.length === 0) throw new KmipError(ResultReason.InvalidField, 'a GCM-wrapped key needs its IV/Counter/Nonce');
  if (wrapped.length < tagBytes) throw new KmipError(ResultReason.CryptographicFailure, 'the wrapped key is shorter than its tag');
  try {
    const decipher = createDecipheriv(`aes-${aesName(kek).slice(3)}-gcm` as CipherGCMTypes, kek, iv, { authTagLength: tagBytes });
    decipher.setAuthTag(wrapped.subarray(wrapped.length - tagBytes));
    return Buffer.concat([decipher.update(wrapped.subarray(0, wrapped.length - tagBytes)), decipher.final()]);
  } catch {
    throw new KmipError(ResultReason.CryptographicFailure, 'the wrapped key does not unwrap under the wrapping key (tag mismatch)');
  }
}

/** RSA-OAEP wrap with a public key; `hash` is the OAEP (and MGF1) hash, a node:crypto name. */
export function rsaOaepWrap(publicKey: KeyObject, data: Uint8Array, hash: string): Buffer {
  try {
    return publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, data);
  } catch {
    throw new KmipError(ResultReason.BadCryptographicParameters, 'the key is too long to be wrapped with RSA-OAEP under this RSA key');
  }
}

/** RSA-OAEP unwrap with a private key. */
export function rsaOaepUnwrap(privateKey: KeyObject, wrapped: Uint8Array, hash: string): Buffer {
  try {
    return privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, wrapped);
  } catch {
    throw new KmipError(ResultReason.CryptographicFailure, 'the wrapped key does not unwrap under the RSA private key');
  }
}

/** The length in bytes of an RSA key's modulus. */
function modulusBytes(key: KeyObject): number {
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (bits === undefined) throw new KmipError(ResultReason.BadCryptographicParameters, 'not an RSA key');
  return Math.ceil(bits / 8);
}

/** RSA-AES key wrap (CKM_RSA_AES_KEY_WRAP): RSA-OAEP(ephemeral AES key) || RFC 5649 wrap of `data` under it. */
export function rsaAesKeyWrap(publicKey: KeyObject, data: Uint8Array, hash: string, aesBytes = 32): Buffer {
  const ephemeral = randomBytes(aesBytes);
  try {
    return Buffer.concat([rsaOaepWrap(publicKey, ephemeral, hash), aesKeyWrap(ephemeral, data, true)]);
  } finally {
    ephemeral.fill(0);
  }
}

/** RSA-AES key unwrap: the ephemeral AES key from the first modulus-length bytes, then RFC 5649 unwrap of the rest. */
export function rsaAesKeyUnwrap(privateKey: KeyObject, wrapped: Uint8Array, hash: string): Buffer {
  const k = modulusBytes(privateKey);
  if (wrapped.length < k + 16) throw new KmipError(ResultReason.CryptographicFailure, 'the RSA-AES wrapped key is too short');
  const ephemeral = rsaOaepUnwrap(privateKey, wrapped.subarray(0, k), hash);
  try {
    if (ephemeral.length !== 16 && ephemeral.length !== 24 && ephemeral.length !== 32) {
      throw new KmipError(ResultReason.CryptographicFailure, 'the RSA-AES wrapped key holds no AES key');
    }
    return aesKeyUnwrap(ephemeral, wrapped.subarray(k), true);
  } finally {
    ephemeral.fill(0);
  }
}
