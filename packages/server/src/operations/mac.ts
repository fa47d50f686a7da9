/**
 * MAC and MAC Verify [KMIP 1.2 §4.33, §4.34; 2.1 §6.1.32, §6.1.33] with a managed key, through the
 * key-use policy of crypto/usage.ts.
 *
 * Supported: HMAC with SHA-1, SHA-224/256/384/512, SHA3-224/256/384/512 and MD5 — the hash comes
 * from the key's Cryptographic Algorithm (HMAC_SHA256, …) or, for a key of another algorithm
 * (e.g. a generic secret), from the Cryptographic Parameters' Cryptographic Algorithm or Hashing
 * Algorithm. MAC Verify answers Success with Validity Indicator Valid or Invalid (constant-time
 * comparison); a wrong MAC is not an error.
 *
 * Not supported (Feature Not Supported): streaming (Init Indicator / Correlation Value / Final
 * Indicator); CMAC, CBC-MAC and GMAC (node:crypto has no CMAC).
 *
 * Result Reasons: Object Not Found (1.x Item Not Found); Permission Denied; Invalid Object Type;
 * Key Value Not Present; Incompatible Cryptographic Usage Mask, Wrong Key Lifecycle State (1.x Permission
 * Denied); Permission Denied for Usage Limits used up (1.2 §4.29, 2.1 §6.1.17); Invalid Field (no Data, no MAC Data, no hash known);
 * Feature Not Supported.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { BlockCipherMode, CryptographicAlgorithm as A, HashingAlgorithm as H, KmipError, Operation, ResultReason, ValidityIndicator } from '@keyhold/protocol';
import { hashName, keyForUse, refuseStreaming, requireData, type UsableKey } from '../crypto/usage.js';
import { defineOperation } from './context.js';

const HMAC_HASH: ReadonlyMap<number, number> = new Map([
  [A.HMAC_SHA1, H.SHA_1],
  [A.HMAC_SHA224, H.SHA_224],
  [A.HMAC_SHA256, H.SHA_256],
  [A.HMAC_SHA384, H.SHA_384],
  [A.HMAC_SHA512, H.SHA_512],
  [A.HMAC_MD5, H.MD5],
  [A.HMAC_SHA3_224, H.SHA3_224],
  [A.HMAC_SHA3_256, H.SHA3_256],
  [A.HMAC_SHA3_384, H.SHA3_384],
  [A.HMAC_SHA3_512, H.SHA3_512],
]);

function computeMac(k: UsableKey, data: Uint8Array): Buffer {
  if (k.key.type !== 'secret') throw new KmipError(ResultReason.InvalidObjectType, 'a MAC needs a symmetric key');
  const p = k.params;
  const mode = p.blockCipherMode;
  if (mode === BlockCipherMode.CMAC || mode === BlockCipherMode.CBC_MAC || mode === BlockCipherMode.GCM) throw new KmipError(ResultReason.FeatureNotSupported, 'CMAC, CBC-MAC and GMAC are not supported');
  const algorithm = p.cryptographicAlgorithm ?? k.algorithm;
  const hash = (algorithm === undefined ? undefined : HMAC_HASH.get(algorithm)) ?? p.hashingAlgorithm;
  if (hash === undefined) {
    if (algorithm === A.AES || algorithm === A.DES3) throw new KmipError(ResultReason.FeatureNotSupported, 'CMAC is not supported');
    throw new KmipError(ResultReason.InvalidField, 'no HMAC hash: the key is not an HMAC key and no Hashing Algorithm was given');
  }
  return createHmac(hashName(hash), k.key).update(data).digest();
}

export const mac = defineOperation(Operation.MAC, async (req, ctx) => {
  refuseStreaming(req);
  const data = requireData(req.data);
  const k = await keyForUse(ctx, req.uniqueIdentifier, 'mac', req.cryptographicParameters, data.length);
  return { uniqueIdentifier: k.uid, macData: computeMac(k, data) };
});

export const macVerify = defineOperation(Operation.MACVerify, async (req, ctx) => {
  refuseStreaming(req);
  const data = requireData(req.data);
  const given = requireData(req.macData, 'MAC Data');
  const k = await keyForUse(ctx, req.uniqueIdentifier, 'mac-verify', req.cryptographicParameters, data.length);
  const expected = computeMac(k, data);
  const valid = given.length === expected.length && timingSafeEqual(expected, given);
  return { uniqueIdentifier: k.uid, validityIndicator: valid ? ValidityIndicator.Valid : ValidityIndicator.Invalid };
});
