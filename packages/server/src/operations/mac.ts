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
 * Multi-part operations (Init Indicator, Correlation Value, Final Indicator; 2.1 §6.1): the HMAC
 * state stays in server memory (crypto/streams.ts: bound to the client, the operation and the key,
 * expiring, bounded), the key is checked again on every part; an unknown, finished or expired
 * Correlation Value is Invalid Correlation Value (1.x Invalid Field).
 *
 * AES-CMAC [SP 800-38B, RFC 4493] (crypto/cmac.ts, on AES-ECB): Block Cipher Mode CMAC with an
 * AES key, or an AES key with neither Block Cipher Mode nor Hashing Algorithm; the MAC is the full
 * 16-byte tag; multi-part as HMAC. Block Cipher Mode CMAC with a key of another algorithm is Bad
 * Cryptographic Parameters.
 *
 * Not supported (Feature Not Supported): TDEA CMAC, CBC-MAC and GMAC, an AES key with another
 * Block Cipher Mode.
 *
 * Result Reasons: Object Not Found (1.x Item Not Found); Permission Denied; Invalid Object Type;
 * Key Value Not Present; Incompatible Cryptographic Usage Mask, Wrong Key Lifecycle State (1.x Permission
 * Denied); Permission Denied for Usage Limits used up (1.2 §4.29, 2.1 §6.1.17); Invalid Field (no Data, no MAC Data, no hash known);
 * Bad Cryptographic Parameters (CMAC with a non-AES key, AES key not 128/192/256 bits); Feature Not Supported.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { BlockCipherMode, CryptographicAlgorithm as A, HashingAlgorithm as H, KmipError, Operation, ResultReason, ValidityIndicator, type ObjectRef, type CryptographicParameters } from '@keyhold/protocol';
import { AesCmac } from '../crypto/cmac.js';
import { StreamTable, streamStep, type StreamStep } from '../crypto/streams.js';
import { hashName, keyForUse, requireData, type UsableKey } from '../crypto/usage.js';
import { defineOperation, type OperationContext } from './context.js';

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

/** A MAC computation in progress: HMAC (node:crypto) or AES-CMAC (crypto/cmac.ts). */
export interface MacState {
  update(data: Uint8Array): unknown;
  digest(): Buffer;
}

export function startMac(k: UsableKey): MacState {
  if (k.key.type !== 'secret') throw new KmipError(ResultReason.InvalidObjectType, 'a MAC needs a symmetric key');
  const p = k.params;
  const mode = p.blockCipherMode;
  const algorithm = p.cryptographicAlgorithm ?? k.algorithm;
  if (mode === BlockCipherMode.CBC_MAC || mode === BlockCipherMode.GCM) throw new KmipError(ResultReason.FeatureNotSupported, 'CBC-MAC and GMAC are not supported');
  if (mode === BlockCipherMode.CMAC) {
    if (algorithm === A.AES) return new AesCmac(k.key);
    if (algorithm === A.DES3) throw new KmipError(ResultReason.FeatureNotSupported, 'CMAC is supported with AES keys only');
    throw new KmipError(ResultReason.BadCryptographicParameters, 'the Block Cipher Mode CMAC needs an AES key');
  }
  const hash = (algorithm === undefined ? undefined : HMAC_HASH.get(algorithm)) ?? p.hashingAlgorithm;
  if (hash === undefined) {
    if (algorithm === A.AES && mode === undefined) return new AesCmac(k.key);
    if (algorithm === A.AES || algorithm === A.DES3) throw new KmipError(ResultReason.FeatureNotSupported, 'a block cipher key MACs with AES-CMAC only (Block Cipher Mode CMAC with an AES key)');
    throw new KmipError(ResultReason.InvalidField, 'no HMAC hash: the key is not an HMAC key and no Hashing Algorithm was given');
  }
  return createHmac(hashName(hash), k.key);
}

/** Open multi-part MAC and MAC Verify operations. */
const STREAMS = new StreamTable<{ readonly mac: MacState; macData?: Uint8Array }>();

/**
 * Runs one request of a (possibly multi-part) MAC: returns the finished MAC (single or final
 * request), or the stream's Correlation Value (init and later requests).
 */
async function macStep(
  ctx: OperationContext,
  operation: number,
  use: 'mac' | 'mac-verify',
  req: { readonly uniqueIdentifier?: ObjectRef | undefined; readonly cryptographicParameters?: CryptographicParameters | undefined; readonly data?: Uint8Array | undefined; readonly macData?: Uint8Array | undefined },
  step: StreamStep,
): Promise<{ uid: string; mac?: Buffer; correlationValue?: Uint8Array; macData?: Uint8Array }> {
  if (step.kind === 'continue' || step.kind === 'final') {
    const data = req.data ?? Buffer.alloc(0);
    const s = STREAMS.get(step.correlation, ctx.principal, operation, ctx.now);
    try {
      if (req.uniqueIdentifier !== undefined && ctx.batch.resolve(req.uniqueIdentifier) !== s.uid) throw new KmipError(ResultReason.InvalidCorrelationValue, 'the Correlation Value belongs to a stream of another key');
      await keyForUse(ctx, s.uid, use, undefined, data.length, { continuation: true });
    } catch (err) {
      STREAMS.close(step.correlation);
      throw err;
    }
    s.state.mac.update(data);
    // MAC Verify's MAC Data may come with any part (TC-STREAM-MAC-1 sends it with the first).
    if (req.macData !== undefined) s.state.macData = req.macData;
    if (step.kind === 'continue') return { uid: s.uid, correlationValue: step.correlation };
    STREAMS.close(step.correlation);
    return { uid: s.uid, mac: s.state.mac.digest(), ...(s.state.macData !== undefined ? { macData: s.state.macData } : {}) };
  }
  const data = step.kind === 'init' ? (req.data ?? Buffer.alloc(0)) : requireData(req.data);
  const k = await keyForUse(ctx, req.uniqueIdentifier, use, req.cryptographicParameters, data.length);
  const h = startMac(k);
  h.update(data);
  if (step.kind === 'init') return { uid: k.uid, correlationValue: STREAMS.open(ctx.principal, operation, k.uid, { mac: h, ...(req.macData !== undefined ? { macData: req.macData } : {}) }, ctx.now) };
  return { uid: k.uid, mac: h.digest() };
}

export const mac = defineOperation(Operation.MAC, async (req, ctx) => {
  const r = await macStep(ctx, Operation.MAC, 'mac', req, streamStep(req));
  return { uniqueIdentifier: r.uid, ...(r.mac !== undefined ? { macData: r.mac } : {}), ...(r.correlationValue !== undefined ? { correlationValue: r.correlationValue } : {}) };
});

export const macVerify = defineOperation(Operation.MACVerify, async (req, ctx) => {
  const step = streamStep(req);
  if (step.kind === 'single') requireData(req.macData, 'MAC Data');
  const r = await macStep(ctx, Operation.MACVerify, 'mac-verify', req, step);
  if (r.mac === undefined) return { uniqueIdentifier: r.uid, ...(r.correlationValue !== undefined ? { correlationValue: r.correlationValue } : {}) };
  const given = requireData(req.macData ?? r.macData, 'MAC Data');
  const valid = given.length === r.mac.length && timingSafeEqual(r.mac, given);
  return { uniqueIdentifier: r.uid, validityIndicator: valid ? ValidityIndicator.Valid : ValidityIndicator.Invalid };
});
