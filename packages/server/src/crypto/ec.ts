/**
 * EC points [SEC 1 §2.3.3-2.3.4, X9.62]: the forms KMIP's Key Compression Type names, conversion
 * between them (which also checks that the point is on the curve) and the public point of a
 * private scalar. node:crypto's ECDH class does the curve arithmetic for every curve OpenSSL
 * knows, which its JWK support does not.
 */
import { ECDH, createECDH } from 'node:crypto';
import { KeyCompressionType } from '@keyhold/protocol';
import { type EcCurveInfo, curveName, fieldBytes } from './curves.js';
import { bigIntToFixedBytes, unsignedByteLength } from './der.js';
import { KeyMaterialError } from './errors.js';

/** node:crypto's names of the point forms. */
export type PointForm = 'uncompressed' | 'compressed' | 'hybrid';

/** The Key Compression Type of an encoded point, from its first octet and length. */
export function pointCompression(info: EcCurveInfo, point: Uint8Array): KeyCompressionType {
  const flen = fieldBytes(info);
  const first = point[0];
  if ((first === 0x02 || first === 0x03) && point.length === 1 + flen) {
    return info.field === 'prime' ? KeyCompressionType.ECPublicKeyTypeX9_62CompressedPrime : KeyCompressionType.ECPublicKeyTypeX9_62CompressedChar2;
  }
  if (first === 0x04 && point.length === 1 + 2 * flen) return KeyCompressionType.ECPublicKeyTypeUncompressed;
  if ((first === 0x06 || first === 0x07) && point.length === 1 + 2 * flen) return KeyCompressionType.ECPublicKeyTypeX9_62Hybrid;
  throw new KeyMaterialError('bad-key-data', `not an encoded point on ${curveName(info.curve)}`);
}

/**
 * The node:crypto point form for a Key Compression Type on `info`'s curve, or an
 * `unsupported-compression` error (Compressed Prime on a binary curve, Compressed Char2 on a
 * prime curve, an unknown value).
 */
export function pointFormFor(info: EcCurveInfo, compression: number): PointForm {
  switch (compression) {
    case KeyCompressionType.ECPublicKeyTypeUncompressed:
      return 'uncompressed';
    case KeyCompressionType.ECPublicKeyTypeX9_62CompressedPrime:
      if (info.field === 'prime') return 'compressed';
      break;
    case KeyCompressionType.ECPublicKeyTypeX9_62CompressedChar2:
      if (info.field === 'binary') return 'compressed';
      break;
    case KeyCompressionType.ECPublicKeyTypeX9_62Hybrid:
      return 'hybrid';
  }
  throw new KeyMaterialError('unsupported-compression', `Key Compression Type 0x${compression.toString(16)} does not apply to ${curveName(info.curve)}`);
}

/**
 * Re-encodes a point in `form`; throws `bad-key-data` when it is not a valid point on the curve
 * (OpenSSL decodes it and checks it lies on the curve).
 */
export function convertPoint(info: EcCurveInfo, point: Uint8Array, form: PointForm): Buffer {
  pointCompression(info, point);
  try {
    return ECDH.convertKey(point, info.nodeName, undefined, undefined, form) as Buffer;
  } catch (err) {
    throw new KeyMaterialError('bad-key-data', `not a valid point on ${curveName(info.curve)}`, err);
  }
}

/**
 * The private scalar `d` as octets: at least the field size, longer only when the group order
 * is (secp160r1's order has 161 bits). Owned Buffer.
 */
export function scalarBytes(info: EcCurveInfo, d: bigint): Buffer {
  return bigIntToFixedBytes(d, Math.max(fieldBytes(info), unsignedByteLength(d)));
}

/**
 * The uncompressed public point of private scalar `d` (octets). Throws `bad-key-data` when `d` is
 * not in [1, n−1].
 */
export function publicPointOf(info: EcCurveInfo, d: Uint8Array): Buffer {
  const ecdh = createECDH(info.nodeName);
  try {
    ecdh.setPrivateKey(d);
  } catch (err) {
    throw new KeyMaterialError('bad-key-data', `the private scalar is not valid for ${curveName(info.curve)}`, err);
  }
  return ecdh.getPublicKey(null, 'uncompressed');
}
