/**
 * Sign and Signature Verify [KMIP 1.2 §4.31, §4.32; 2.1 §6.1.55, §6.1.56] with a managed key,
 * through the key-use policy of crypto/usage.ts.
 *
 * Supported: RSA PKCS#1 v1.5 (the default) and PSS (Salt Length; by default the hash length for Sign, any for Verify; MGF1
 * with the same hash), ECDSA on the curves the server supports (DER-encoded signature), DSA
 * [FIPS 186-4] with SHA-1 or SHA-2 (DER-encoded signature; keys from Create Key Pair or Register),
 * Ed25519 and Ed448 (PureEdDSA). The hash comes from the Digital Signature Algorithm, else the
 * Hashing Algorithm (default SHA-256). Verify answers Success with Validity Indicator Valid or
 * Invalid — an invalid signature is not an error. Verification with a private key uses its
 * public half.
 *
 * Digested Data (the client hashed already; KMIP 1.4+ and 2.x):
 * - RSA PKCS#1 v1.5: of the hash's length it is wrapped in its DigestInfo, of another length it is
 *   signed as given (an encoded DigestInfo, as PKCS#11 CKM_RSA_PKCS takes it);
 * - RSA-PSS: the hash (of the hash's length), EMSA-PSS-encoded here (crypto/rsa-padding.ts) around
 *   node's raw RSA operation;
 * - ECDSA on P-256, P-384, P-521 and secp256k1 (crypto/ecdsa-digest.ts, @noble/curves — node
 *   cannot sign a given digest with an EC key): any length, used as the hash value.
 *
 * Multi-part operations (Init Indicator, Correlation Value, Final Indicator; 2.1 §6.1) for RSA,
 * ECDSA and DSA with Data: the hash state stays in server memory (crypto/streams.ts: bound to the
 * client, the operation and the key, expiring, bounded), the key is checked again on every part;
 * an unknown, finished or expired Correlation Value is Invalid Correlation Value (1.x Invalid
 * Field). PureEdDSA hashes the whole message twice, so its parts are buffered up to
 * crypto/streams.ts's MAX_BUFFERED_BYTES (8 MiB; more is Feature Not Supported) and signed with
 * the Final part.
 *
 * Not supported (Feature Not Supported): multi-part Digested Data; Digested Data for DSA, EdDSA
 * and ECDSA on other curves; other padding methods.
 *
 * Result Reasons: Object Not Found (1.x Item Not Found); Permission Denied; Invalid Object Type
 * (signing needs a private key); Key Value Not Present; Incompatible Cryptographic Usage Mask,
 * Wrong Key Lifecycle State (1.x Permission Denied); Permission Denied for Usage Limits used up (and
 * too many open streams or too much buffered data); Invalid Field (no Data
 * or Digested Data, no Signature Data, a Digital Signature Algorithm that does not fit the key,
 * Digested Data for RSA-PSS not of the hash's length);
 * Cryptographic Failure; Feature Not Supported.
 */
import { constants, createHash, createPublicKey, createSign, createVerify, privateEncrypt, publicDecrypt, sign, timingSafeEqual, verify, type KeyObject, type Sign, type Verify } from 'node:crypto';
import {
  DigitalSignatureAlgorithm as DSA,
  HashingAlgorithm,
  KmipError,
  Operation,
  PaddingMethod,
  ResultReason,
  ValidityIndicator,
  type CryptographicParameters,
  type ObjectRef,
} from '@keyhold/protocol';
import { ecdsaSignDigest, ecdsaVerifyDigest } from '../crypto/ecdsa-digest.js';
import { pssSignDigest, pssVerifyDigest } from '../crypto/rsa-padding.js';
import { StreamTable, streamStep } from '../crypto/streams.js';
import { hashName, keyForUse, type UsableKey } from '../crypto/usage.js';
import { defineOperation, type OperationContext } from './context.js';

const unsupported = (what: string): KmipError => new KmipError(ResultReason.FeatureNotSupported, `${what} is not supported`);

/** Digital Signature Algorithm -> key type, hash, PSS. */
const DSA_INFO: ReadonlyMap<number, { readonly key: 'rsa' | 'ec' | 'dsa'; readonly hash: number }> = new Map([
  [DSA.MD5WithRSAEncryption, { key: 'rsa', hash: HashingAlgorithm.MD5 }],
  [DSA.SHA_1WithRSAEncryption, { key: 'rsa', hash: HashingAlgorithm.SHA_1 }],
  [DSA.SHA_224WithRSAEncryption, { key: 'rsa', hash: HashingAlgorithm.SHA_224 }],
  [DSA.SHA_256WithRSAEncryption, { key: 'rsa', hash: HashingAlgorithm.SHA_256 }],
  [DSA.SHA_384WithRSAEncryption, { key: 'rsa', hash: HashingAlgorithm.SHA_384 }],
  [DSA.SHA_512WithRSAEncryption, { key: 'rsa', hash: HashingAlgorithm.SHA_512 }],
  [DSA.SHA3_256WithRSAEncryption, { key: 'rsa', hash: HashingAlgorithm.SHA3_256 }],
  [DSA.SHA3_384WithRSAEncryption, { key: 'rsa', hash: HashingAlgorithm.SHA3_384 }],
  [DSA.SHA3_512WithRSAEncryption, { key: 'rsa', hash: HashingAlgorithm.SHA3_512 }],
  [DSA.DSAWithSHA_1, { key: 'dsa', hash: HashingAlgorithm.SHA_1 }],
  [DSA.DSAWithSHA224, { key: 'dsa', hash: HashingAlgorithm.SHA_224 }],
  [DSA.DSAWithSHA256, { key: 'dsa', hash: HashingAlgorithm.SHA_256 }],
  [DSA.ECDSAWithSHA_1, { key: 'ec', hash: HashingAlgorithm.SHA_1 }],
  [DSA.ECDSAWithSHA224, { key: 'ec', hash: HashingAlgorithm.SHA_224 }],
  [DSA.ECDSAWithSHA256, { key: 'ec', hash: HashingAlgorithm.SHA_256 }],
  [DSA.ECDSAWithSHA384, { key: 'ec', hash: HashingAlgorithm.SHA_384 }],
  [DSA.ECDSAWithSHA512, { key: 'ec', hash: HashingAlgorithm.SHA_512 }],
]);

/** DER DigestInfo prefixes (RFC 8017 §9.2 note 1). */
const DIGEST_INFO: ReadonlyMap<string, string> = new Map([
  ['sha1', '3021300906052b0e03021a05000414'],
  ['sha224', '302d300d06096086480165030402040500041c'],
  ['sha256', '3031300d060960864801650304020105000420'],
  ['sha384', '3041300d060960864801650304020205000430'],
  ['sha512', '3051300d060960864801650304020305000440'],
]);

export interface Plan {
  readonly kind: 'rsa' | 'rsa-pss' | 'ec' | 'dsa' | 'eddsa';
  /** node digest name; null for EdDSA. */
  readonly hash: string | null;
  readonly saltLength?: number;
}

export function plan(k: UsableKey, p: CryptographicParameters): Plan {
  const type = k.key.asymmetricKeyType;
  if (type === 'ed25519' || type === 'ed448') return { kind: 'eddsa', hash: null };
  const info = p.digitalSignatureAlgorithm === undefined ? undefined : DSA_INFO.get(p.digitalSignatureAlgorithm);
  if (p.digitalSignatureAlgorithm !== undefined && info === undefined && p.digitalSignatureAlgorithm !== DSA.RSASSA_PSS) throw unsupported('this Digital Signature Algorithm');
  const hash = hashName(info?.hash ?? p.hashingAlgorithm ?? HashingAlgorithm.SHA_256);
  if (type === 'rsa') {
    if (info !== undefined && info.key !== 'rsa') throw new KmipError(ResultReason.InvalidField, 'the Digital Signature Algorithm does not fit an RSA key');
    const pss = p.digitalSignatureAlgorithm === DSA.RSASSA_PSS || p.paddingMethod === PaddingMethod.PSS;
    if (pss) {
      if (p.maskGeneratorHashingAlgorithm !== undefined && hashName(p.maskGeneratorHashingAlgorithm) !== hash) throw unsupported('an MGF1 hash different from the signature hash');
      return { kind: 'rsa-pss', hash, ...(p.saltLength !== undefined ? { saltLength: p.saltLength } : {}) };
    }
    if (p.paddingMethod !== undefined && p.paddingMethod !== PaddingMethod.PKCS1V1_5) throw unsupported('this Padding Method for RSA signatures');
    return { kind: 'rsa', hash };
  }
  if (type === 'ec') {
    if (info !== undefined && info.key !== 'ec') throw new KmipError(ResultReason.InvalidField, 'the Digital Signature Algorithm does not fit an EC key');
    return { kind: 'ec', hash };
  }
  if (type === 'dsa') {
    if (info !== undefined && info.key !== 'dsa') throw new KmipError(ResultReason.InvalidField, 'the Digital Signature Algorithm does not fit a DSA key');
    return { kind: 'dsa', hash };
  }
  throw unsupported('signatures with this kind of key');
}

export function keyOptions(pl: Plan, key: KeyObject, verifying = false): KeyObject | { key: KeyObject; padding?: number; saltLength?: number; dsaEncoding?: 'der' } {
  // Without a Salt Length, signing uses the hash length and verification accepts any (the signer's choice).
  const defaultSalt = verifying ? constants.RSA_PSS_SALTLEN_AUTO : constants.RSA_PSS_SALTLEN_DIGEST;
  if (pl.kind === 'rsa-pss') return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pl.saltLength ?? defaultSalt };
  if (pl.kind === 'ec' || pl.kind === 'dsa') return { key, dsaEncoding: 'der' };
  return key;
}

function digestInfo(hash: string, digested: Uint8Array): Buffer {
  const prefix = DIGEST_INFO.get(hash);
  if (prefix === undefined) throw unsupported('Digested Data with this hash');
  // Digested Data of the hash's length is the digest, wrapped in its DigestInfo; of any other
  // length it is taken as already encoded (a DigestInfo, as PKCS#11 CKM_RSA_PKCS takes it) and
  // signed as given (TC-RSA-SIGN-DIGESTEDDATA-1 signs 16 bytes with no hash named).
  const expected = createHash(hash).digest().length;
  if (digested.length !== expected) return Buffer.from(digested);
  return Buffer.concat([Buffer.from(prefix, 'hex'), digested]);
}

/** Signs Digested Data (see the module comment for the schemes). */
function signDigest(pl: Plan, key: KeyObject, digested: Uint8Array): Buffer {
  if (pl.hash !== null && pl.kind === 'rsa') return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, digestInfo(pl.hash, digested));
  if (pl.hash !== null && pl.kind === 'rsa-pss') return pssSignDigest(key, pl.hash, digested, pl.saltLength);
  if (pl.kind === 'ec') return ecdsaSignDigest(key, digested);
  throw unsupported('Digested Data with this signature scheme');
}

/** Verifies a signature over Digested Data; false for any mismatch. */
function verifyDigest(pl: Plan, key: KeyObject, digested: Uint8Array, signature: Uint8Array): boolean {
  if (pl.hash !== null && pl.kind === 'rsa') {
    const di = digestInfo(pl.hash, digested);
    try {
      const recovered = publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, signature);
      return recovered.length === di.length && timingSafeEqual(recovered, di);
    } catch {
      return false;
    }
  }
  if (pl.hash !== null && pl.kind === 'rsa-pss') return pssVerifyDigest(key, pl.hash, digested, signature, pl.saltLength);
  if (pl.kind === 'ec') return ecdsaVerifyDigest(key, digested, signature);
  throw unsupported('Digested Data with this signature scheme');
}

function input(req: { readonly data?: Uint8Array | undefined; readonly digestedData?: Uint8Array | undefined }): number {
  if (req.data !== undefined && req.digestedData !== undefined) throw new KmipError(ResultReason.InvalidField, 'give either Data or Digested Data, not both');
  const d = req.data ?? req.digestedData;
  if (d === undefined) throw new KmipError(ResultReason.InvalidField, 'Data or Digested Data is required');
  return d.length;
}

/**
 * A running multi-part Sign or Signature Verify: a node Sign/Verify that hashes as the parts
 * come, or for PureEdDSA the parts buffered until the Final one.
 */
interface Running {
  readonly plan: Plan;
  readonly key: KeyObject;
  readonly signer?: Sign | Verify;
  readonly parts?: Buffer[];
  /** Signature Data given with an earlier part (TC-STREAM-SIGNVFY-1 sends it with the first). */
  signature?: Uint8Array;
}

/** Open multi-part Sign and Signature Verify operations. */
const STREAMS = new StreamTable<Running>();

function startStream(pl: Plan, key: KeyObject, verifying: boolean): Running {
  if (pl.hash === null) return { plan: pl, key, parts: [] };
  return { plan: pl, key, signer: verifying ? createVerify(pl.hash) : createSign(pl.hash) };
}

/** Feeds a part to a stream (buffering for EdDSA, within crypto/streams.ts's bounds). */
function feed(r: Running, correlation: Uint8Array | undefined, data: Uint8Array): void {
  if (r.parts !== undefined) {
    if (correlation !== undefined) STREAMS.reserve(correlation, data.length);
    r.parts.push(Buffer.from(data));
  } else {
    r.signer?.update(data);
  }
}

/** Opens a stream with its first part. */
function openStream(ctx: OperationContext, operation: number, uid: string, running: Running, data: Uint8Array): Buffer {
  feed(running, undefined, data);
  return STREAMS.open(ctx.principal, operation, uid, running, ctx.now, running.parts === undefined ? 0 : data.length);
}

/** The signature of a finished stream. */
function finalSign(r: Running): Buffer {
  if (r.parts !== undefined) return sign(null, Buffer.concat(r.parts), r.key);
  return (r.signer as Sign).sign(keyOptions(r.plan, r.key));
}

/** The verdict of a finished stream. */
function finalVerify(r: Running, signature: Uint8Array): boolean {
  if (r.parts !== undefined) return verify(null, Buffer.concat(r.parts), r.key, signature);
  return (r.signer as Verify).verify(keyOptions(r.plan, r.key, true), signature);
}

/** A later request of a stream, with the key checked again. */
async function continued(ctx: OperationContext, operation: number, step: { readonly correlation: Uint8Array }, ref: ObjectRef | undefined, use: 'sign' | 'verify', data: Uint8Array): Promise<{ uid: string; running: Running }> {
  const s = STREAMS.get(step.correlation, ctx.principal, operation, ctx.now);
  try {
    if (ref !== undefined && ctx.batch.resolve(ref) !== s.uid) throw new KmipError(ResultReason.InvalidCorrelationValue, 'the Correlation Value belongs to a stream of another key');
    await keyForUse(ctx, s.uid, use, undefined, data.length, { continuation: true });
    feed(s.state, step.correlation, data);
  } catch (err) {
    STREAMS.close(step.correlation);
    throw err;
  }
  return { uid: s.uid, running: s.state };
}

export const signOperation = defineOperation(Operation.Sign, async (req, ctx) => {
  const step = streamStep(req);
  if (step.kind === 'continue' || step.kind === 'final') {
    if (req.digestedData !== undefined) throw unsupported('Digested Data in a multi-part Sign');
    const { uid, running } = await continued(ctx, Operation.Sign, step, req.uniqueIdentifier, 'sign', req.data ?? Buffer.alloc(0));
    if (step.kind === 'continue') return { uniqueIdentifier: uid, correlationValue: step.correlation };
    STREAMS.close(step.correlation);
    try {
      return { uniqueIdentifier: uid, signatureData: finalSign(running) };
    } catch {
      throw new KmipError(ResultReason.CryptographicFailure, 'the data could not be signed with this key and these parameters');
    }
  }
  if (step.kind === 'init') {
    if (req.digestedData !== undefined) throw unsupported('Digested Data in a multi-part Sign');
    const data = req.data ?? Buffer.alloc(0);
    const k = await keyForUse(ctx, req.uniqueIdentifier, 'sign', req.cryptographicParameters, data.length);
    if (k.key.type !== 'private') throw new KmipError(ResultReason.InvalidObjectType, 'signing needs a private key');
    const running = startStream(plan(k, k.params), k.key, false);
    return { uniqueIdentifier: k.uid, correlationValue: openStream(ctx, Operation.Sign, k.uid, running, data) };
  }
  const units = input(req);
  const k = await keyForUse(ctx, req.uniqueIdentifier, 'sign', req.cryptographicParameters, units);
  if (k.key.type !== 'private') throw new KmipError(ResultReason.InvalidObjectType, 'signing needs a private key');
  const pl = plan(k, k.params);
  try {
    if (req.digestedData !== undefined) return { uniqueIdentifier: k.uid, signatureData: signDigest(pl, k.key, req.digestedData) };
    return { uniqueIdentifier: k.uid, signatureData: sign(pl.hash, req.data ?? Buffer.alloc(0), keyOptions(pl, k.key)) };
  } catch (err) {
    if (err instanceof KmipError) throw err;
    throw new KmipError(ResultReason.CryptographicFailure, 'the data could not be signed with this key and these parameters');
  }
});

export const signatureVerify = defineOperation(Operation.SignatureVerify, async (req, ctx) => {
  const step = streamStep(req);
  if (step.kind === 'continue' || step.kind === 'final') {
    if (req.digestedData !== undefined) throw unsupported('Digested Data in a multi-part Signature Verify');
    const { uid, running } = await continued(ctx, Operation.SignatureVerify, step, req.uniqueIdentifier, 'verify', req.data ?? Buffer.alloc(0));
    if (req.signatureData !== undefined) running.signature = req.signatureData;
    if (step.kind === 'continue') return { uniqueIdentifier: uid, correlationValue: step.correlation };
    STREAMS.close(step.correlation);
    const signature = req.signatureData ?? running.signature;
    if (signature === undefined) throw new KmipError(ResultReason.InvalidField, 'Signature Data is required');
    let valid: boolean;
    try {
      valid = finalVerify(running, signature);
    } catch {
      valid = false;
    }
    return { uniqueIdentifier: uid, validityIndicator: valid ? ValidityIndicator.Valid : ValidityIndicator.Invalid };
  }
  if (step.kind === 'init') {
    if (req.digestedData !== undefined) throw unsupported('Digested Data in a multi-part Signature Verify');
    const data = req.data ?? Buffer.alloc(0);
    const k = await keyForUse(ctx, req.uniqueIdentifier, 'verify', req.cryptographicParameters, data.length);
    const key = k.key.type === 'private' ? createPublicKey(k.key) : k.key;
    const running = startStream(plan(k, k.params), key, true);
    if (req.signatureData !== undefined) running.signature = req.signatureData;
    return { uniqueIdentifier: k.uid, correlationValue: openStream(ctx, Operation.SignatureVerify, k.uid, running, data) };
  }
  const units = input(req);
  if (req.signatureData === undefined) throw new KmipError(ResultReason.InvalidField, 'Signature Data is required');
  const k = await keyForUse(ctx, req.uniqueIdentifier, 'verify', req.cryptographicParameters, units);
  const key = k.key.type === 'private' ? createPublicKey(k.key) : k.key;
  const pl = plan(k, k.params);
  let valid: boolean;
  if (req.digestedData !== undefined) {
    valid = verifyDigest(pl, key, req.digestedData, req.signatureData);
  } else {
    try {
      valid = verify(pl.hash, req.data ?? Buffer.alloc(0), keyOptions(pl, key, true), req.signatureData);
    } catch {
      valid = false;
    }
  }
  return { uniqueIdentifier: k.uid, validityIndicator: valid ? ValidityIndicator.Valid : ValidityIndicator.Invalid };
});
