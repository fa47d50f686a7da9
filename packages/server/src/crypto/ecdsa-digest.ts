/**
 * ECDSA over a digest the client computed (KMIP Digested Data) [FIPS 186-5 §6.4; SEC 1 §4.1.3]:
 * node:crypto's sign/verify always hash their input (crypto.sign(null, digest, ecKey) signs
 * SHA-256(digest)), so the signature over a given digest is made with @noble/curves (audited,
 * dependency-free, RFC 6979 nonces hedged with fresh randomness). Curves: P-256, P-384, P-521 and
 * secp256k1; any other curve is Feature Not Supported. The digest is used as given (truncated to
 * the order's length by bits2int when longer). Signatures are DER-encoded, as for Data.
 */
import type { KeyObject } from 'node:crypto';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { KmipError, ResultReason } from '@keyhold/protocol';

type Curve = typeof p256;

/** OpenSSL's curve names -> the noble implementation. */
const CURVES: ReadonlyMap<string, Curve> = new Map<string, Curve>([
  ['prime256v1', p256],
  ['secp384r1', p384],
  ['secp521r1', p521],
  ['secp256k1', secp256k1 as unknown as Curve],
]);

function curveOf(key: KeyObject): Curve {
  const curve = CURVES.get(key.asymmetricKeyDetails?.namedCurve ?? '');
  if (curve === undefined) throw new KmipError(ResultReason.FeatureNotSupported, 'ECDSA over Digested Data is supported on P-256, P-384, P-521 and secp256k1 only');
  return curve;
}

/** The key's JWK coordinate or scalar as bytes. */
function jwkBytes(value: string | undefined): Buffer {
  return Buffer.from(value ?? '', 'base64url');
}

/** Signs `digest` with an EC private key; returns the DER signature. */
export function ecdsaSignDigest(key: KeyObject, digest: Uint8Array): Buffer {
  const curve = curveOf(key);
  const d = jwkBytes(key.export({ format: 'jwk' }).d);
  try {
    return Buffer.from(curve.sign(digest, d, { prehash: false, format: 'der', extraEntropy: true }));
  } finally {
    d.fill(0);
  }
}

/** Verifies a DER signature over `digest` with an EC public key; false for any mismatch. */
export function ecdsaVerifyDigest(key: KeyObject, digest: Uint8Array, signature: Uint8Array): boolean {
  const curve = curveOf(key);
  const jwk = key.export({ format: 'jwk' });
  const point = Buffer.concat([Buffer.from([4]), jwkBytes(jwk.x), jwkBytes(jwk.y)]);
  try {
    return curve.verify(signature, digest, point, { prehash: false, format: 'der', lowS: false });
  } catch {
    return false;
  }
}
