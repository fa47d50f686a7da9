/**
 * Encrypt and Decrypt [KMIP 1.2 §4.29, §4.30; 2.1 §6.1.17, §6.1.11] with a managed key, through
 * the key-use policy of crypto/usage.ts.
 *
 * Supported:
 * - AES-128/192/256 in ECB, CBC (padding None — the default, as the OASIS test cases expect — or
 *   PKCS5), CTR, CFB, OFB (no padding), GCM and CCM (Authenticated Encryption Additional Data, Tag Length in bytes, default
 *   16; the tag is returned by Encrypt and checked by Decrypt);
 * - AES-XTS [IEEE 1619, SP 800-38E]: a Symmetric Key with Cryptographic Algorithm AES and
 *   Cryptographic Length 256 (XTS-AES-128) or 512 (XTS-AES-256; crypto/symmetric.ts accepts 512
 *   for AES as this double-length key, and a 512-bit AES key is usable with XTS only), the halves
 *   distinct; the 16-byte tweak in the IV/Counter/Nonce; one data unit of at least 16 bytes
 *   (ciphertext stealing), no padding;
 * - ChaCha20-Poly1305 (12-byte nonce, Tag Length 12-16 bytes, default 16); ChaCha20 (8- or 12-byte
 *   nonce, Initial Counter Value);
 * - Triple DES (two- or three-key) in ECB and CBC;
 * - RSA with OAEP (Hashing Algorithm SHA-1 by default through SHA-512 and SHA-3; P Source as the
 *   label; an MGF1 hash other than the OAEP hash is applied here per RFC 8017 §7.1, since node
 *   cannot) and PKCS#1 v1.5. PKCS#1 v1.5 decryption (which node refuses since CVE-2023-46809, the
 *   Marvin timing attack) is done by crypto/rsa-padding.ts with implicit rejection: a ciphertext
 *   whose padding is wrong decrypts to a synthetic message derived from the private key and the
 *   ciphertext, not to an error, so the server is no padding oracle; the same ciphertext always
 *   gives the same synthetic message. A client must authenticate what it decrypts this way.
 * The IV/Counter/Nonce is taken from the request or generated (Random IV, IV Length in bits) and
 * returned by Encrypt when the server generated it.
 *
 * Multi-part operations (Init Indicator, Correlation Value, Final Indicator; 2.1 §6.1) for the
 * symmetric ciphers: the cipher state stays in server memory (crypto/streams.ts: bound to the
 * client, the operation and the key, expiring, bounded); every later request checks the key again
 * (state, dates, Usage Limits in Bytes); an unknown, finished or expired Correlation Value is
 * Invalid Correlation Value (1.x Invalid Field). CCM (which needs the whole length first) and XTS
 * (one data unit) cannot stream: their parts are buffered, up to crypto/streams.ts's
 * MAX_BUFFERED_BYTES (8 MiB; more is Feature Not Supported), and the whole result comes with the
 * Final part (a CCM Decrypt takes its tag with the Final part).
 *
 * Not supported (Feature Not Supported): multi-part RSA, other padding methods, Initial Counter
 * Value / Fixed Field / Invocation Field, other modes and algorithms, and authenticated encryption
 * (GCM, CCM, ChaCha20-Poly1305) before KMIP 1.4, whose messages have no field for the tag.
 *
 * Result Reasons: Object Not Found (1.x Item Not Found); Permission Denied; Invalid Object Type;
 * Key Value Not Present; Incompatible Cryptographic Usage Mask, Wrong Key Lifecycle State (1.x Permission
 * Denied); Permission Denied for Usage Limits used up (1.2 §4.29, 2.1 §6.1.17); Invalid Message (no IV for Decrypt, as the OASIS test cases answer); Invalid Field (missing Data or
 * tag; wrong IV length;
 * data not a multiple of the block without padding; XTS data under 16 bytes, an XTS key of another
 * length or with equal halves); Cryptographic Failure (authentication tag
 * mismatch, bad padding, undecryptable RSA data — but never a PKCS#1 v1.5 padding error);
 * Feature Not Supported (also: more buffered multi-part CCM/XTS data than the bound); Permission
 * Denied (too many open streams, or too much buffered data in all).
 */
import { createCipheriv, createHash, createDecipheriv, constants, privateDecrypt, publicEncrypt, randomBytes, timingSafeEqual, type CipherGCMTypes, type KeyObject, createPublicKey } from 'node:crypto';
import { BlockCipherMode, CryptographicAlgorithm, HashingAlgorithm, KmipError, MaskGenerator, ObjectType, Operation, PaddingMethod, ResultReason, type CryptographicParameters, type ObjectRef, type ProtocolVersion } from '@keyhold/protocol';
import { mgf1, modulusBytes, pkcs1v15Decrypt, xorInto } from '../crypto/rsa-padding.js';
import { StreamTable, streamStep } from '../crypto/streams.js';
import { hashName, keyForUse, requireData, type UsableKey } from '../crypto/usage.js';
import { defineOperation, type OperationContext } from './context.js';

const unsupported = (what: string): KmipError => new KmipError(ResultReason.FeatureNotSupported, `${what} is not supported`);

const AES_MODES: ReadonlyMap<number, string> = new Map([
  [BlockCipherMode.ECB, 'ecb'],
  [BlockCipherMode.CBC, 'cbc'],
  [BlockCipherMode.CTR, 'ctr'],
  [BlockCipherMode.CFB, 'cfb'],
  [BlockCipherMode.OFB, 'ofb'],
  [BlockCipherMode.GCM, 'gcm'],
  [BlockCipherMode.CCM, 'ccm'],
]);

/** A resolved symmetric cipher. */
interface SymmetricPlan {
  readonly cipher: string;
  /** IV length in bytes (0: none). */
  readonly ivBytes: number;
  /** Padding applies (block modes only). */
  readonly padding: boolean;
  readonly aead: 'gcm' | 'ccm' | 'chacha' | undefined;
  readonly tagBytes: number;
  /** Plain ChaCha20: the nonce is completed to OpenSSL's counter block. */
  readonly chacha?: boolean;
  /** AES-XTS: one-part only, data of at least one block, the tweak in the IV/Counter/Nonce. */
  readonly xts?: boolean;
}

/** OpenSSL's 16-byte ChaCha20 IV: the block counter (little-endian) then the nonce (8 or 12 bytes). */
function chachaIv(nonce: Uint8Array, counter: number): Buffer {
  if (nonce.length !== 8 && nonce.length !== 12) throw new KmipError(ResultReason.InvalidField, 'a ChaCha20 nonce is 8 or 12 bytes');
  const out = Buffer.alloc(16);
  out.writeUInt32LE(counter >>> 0, 0);
  Buffer.from(nonce).copy(out, 16 - nonce.length);
  return out;
}

/**
 * Authenticated encryption needs KMIP 1.4: the Authenticated Encryption Additional Data and Tag
 * fields first appear there, so an earlier version could not carry the tag and the ciphertext
 * would be unusable (Feature Not Supported rather than a ciphertext without its tag).
 */
function aeadInVersion(plan: SymmetricPlan, version: ProtocolVersion): SymmetricPlan {
  if (plan.aead !== undefined && version.major === 1 && version.minor < 4) {
    throw new KmipError(ResultReason.FeatureNotSupported, 'authenticated encryption (GCM, CCM, ChaCha20-Poly1305) needs KMIP 1.4 or later: earlier versions cannot carry its tag');
  }
  return plan;
}

function symmetricPlan(k: UsableKey, p: CryptographicParameters): SymmetricPlan {
  if ((p.initialCounterValue !== undefined && (p.cryptographicAlgorithm ?? k.algorithm) !== CryptographicAlgorithm.ChaCha20) || p.fixedFieldLength !== undefined || p.invocationFieldLength !== undefined) {
    throw unsupported('Initial Counter Value / Fixed Field Length / Invocation Field Length');
  }
  const algorithm = p.cryptographicAlgorithm ?? k.algorithm;
  const keyBytes = k.key.symmetricKeySize ?? 0;
  const ivLength = p.ivLength === undefined ? undefined : p.ivLength / 8;
  if (algorithm === CryptographicAlgorithm.ChaCha20Poly1305) {
    if (keyBytes !== 32) throw new KmipError(ResultReason.InvalidField, 'ChaCha20-Poly1305 needs a 256-bit key');
    const tagBytes = p.tagLength ?? 16;
    if (tagBytes < 12 || tagBytes > 16) throw new KmipError(ResultReason.InvalidField, 'a ChaCha20-Poly1305 Tag Length is 12 to 16 bytes');
    return { cipher: 'chacha20-poly1305', ivBytes: 12, padding: false, aead: 'chacha', tagBytes };
  }
  if (algorithm === CryptographicAlgorithm.ChaCha20) {
    // RFC 7539 (12-byte nonce, 32-bit counter) or the original (8-byte nonce, 64-bit counter):
    // OpenSSL's 16-byte IV is the counter block, built in chachaIv.
    if (keyBytes !== 32) throw new KmipError(ResultReason.InvalidField, 'ChaCha20 needs a 256-bit key');
    return { cipher: 'chacha20', ivBytes: 12, padding: false, aead: undefined, tagBytes: 0, chacha: true };
  }
  const mode = p.blockCipherMode;
  if (mode === undefined) throw new KmipError(ResultReason.InvalidField, 'a Block Cipher Mode is required');
  const blockPadding = (block: boolean): boolean => {
    const pad = p.paddingMethod ?? PaddingMethod.None;
    if (pad === PaddingMethod.None) return false;
    if (pad === PaddingMethod.PKCS5 && block) return true;
    throw unsupported('this Padding Method with this mode');
  };
  if (algorithm === CryptographicAlgorithm.AES && mode === BlockCipherMode.XTS) {
    // XTS-AES [IEEE 1619, SP 800-38E]: a double-length key, Key1 (data) || Key2 (tweak).
    if (keyBytes !== 32 && keyBytes !== 64) throw new KmipError(ResultReason.InvalidField, 'an AES-XTS key is 256 or 512 bits (two AES-128 or AES-256 keys)');
    const raw = k.key.export();
    const same = timingSafeEqual(raw.subarray(0, keyBytes / 2), raw.subarray(keyBytes / 2));
    raw.fill(0);
    if (same) throw new KmipError(ResultReason.InvalidField, 'the two halves of an AES-XTS key must differ (SP 800-38E)');
    blockPadding(false);
    return { cipher: `aes-${keyBytes * 4}-xts`, ivBytes: 16, padding: false, aead: undefined, tagBytes: 0, xts: true };
  }
  if (algorithm === CryptographicAlgorithm.AES) {
    if (![16, 24, 32].includes(keyBytes)) throw new KmipError(ResultReason.InvalidField, 'an AES key is 128, 192 or 256 bits');
    const m = AES_MODES.get(mode);
    if (m === undefined) throw unsupported('this Block Cipher Mode');
    const cipher = `aes-${keyBytes * 8}-${m}`;
    if (m === 'gcm' || m === 'ccm') {
      const tagBytes = p.tagLength ?? 16;
      if (m === 'gcm' && ![4, 8, 12, 13, 14, 15, 16].includes(tagBytes)) throw new KmipError(ResultReason.InvalidField, 'invalid GCM Tag Length');
      if (m === 'ccm' && ![4, 6, 8, 10, 12, 14, 16].includes(tagBytes)) throw new KmipError(ResultReason.InvalidField, 'invalid CCM Tag Length');
      blockPadding(false);
      return { cipher, ivBytes: ivLength ?? 12, padding: false, aead: m, tagBytes };
    }
    const block = m === 'ecb' || m === 'cbc';
    return { cipher, ivBytes: m === 'ecb' ? 0 : 16, padding: blockPadding(block), aead: undefined, tagBytes: 0 };
  }
  if (algorithm === CryptographicAlgorithm.DES3) {
    if (keyBytes !== 16 && keyBytes !== 24) throw new KmipError(ResultReason.InvalidField, 'a Triple DES key is 128 or 192 bits');
    const base = keyBytes === 16 ? 'des-ede' : 'des-ede3';
    if (mode === BlockCipherMode.CBC) return { cipher: `${base}-cbc`, ivBytes: 8, padding: blockPadding(true), aead: undefined, tagBytes: 0 };
    if (mode === BlockCipherMode.ECB) return { cipher: `${base}-ecb`, ivBytes: 0, padding: blockPadding(true), aead: undefined, tagBytes: 0 };
    throw unsupported('this Block Cipher Mode for Triple DES');
  }
  throw unsupported('encryption with this Cryptographic Algorithm');
}

/** An XTS data unit is at least one 16-byte block. */
function checkXts(length: number): void {
  if (length < 16) throw new KmipError(ResultReason.InvalidField, 'AES-XTS data is at least 16 bytes');
}

/** CCM and XTS cannot stream: their multi-part data is buffered (crypto/streams.ts bounds it). */
function buffers(plan: SymmetricPlan): boolean {
  return plan.aead === 'ccm' || plan.xts === true;
}

function checkIv(plan: SymmetricPlan, iv: Uint8Array): void {
  if (plan.aead === 'gcm') {
    if (iv.length === 0) throw new KmipError(ResultReason.InvalidField, 'the GCM IV is empty');
    return;
  }
  if (plan.chacha === true) {
    chachaIv(iv, 0);
    return;
  }
  if (plan.aead === 'ccm') {
    if (iv.length < 7 || iv.length > 13) throw new KmipError(ResultReason.InvalidField, 'a CCM nonce is 7 to 13 bytes');
    return;
  }
  if (iv.length !== plan.ivBytes) throw new KmipError(ResultReason.InvalidField, `the IV/Counter/Nonce must be ${plan.ivBytes} bytes`);
}

/** Runs a cipher; any OpenSSL failure (bad padding, tag mismatch, wrong length) is Cryptographic Failure or Invalid Field. */
function run(f: () => Buffer, decrypting: boolean): Buffer {
  try {
    return f();
  } catch (err) {
    if (err instanceof KmipError) throw err;
    throw new KmipError(
      decrypting ? ResultReason.CryptographicFailure : ResultReason.InvalidField,
      decrypting ? 'the data could not be decrypted (authentication or padding check failed)' : 'the data cannot be encrypted with these parameters (length not a multiple of the block without padding?)',
    );
  }
}

interface RsaOptions {
  readonly padding: number;
  readonly oaepHash?: string;
  readonly oaepLabel?: Buffer;
  /** Set when the MGF1 hash differs from the OAEP hash: node cannot, so OAEP is applied here (RFC 8017 §7.1). */
  readonly mgf1Hash?: string;
}

/** RSAES-OAEP encryption with distinct OAEP and MGF1 hashes [RFC 8017 §7.1.1]. */
function oaepEncrypt(key: KeyObject, o: RsaOptions, message: Uint8Array): Buffer {
  const hash = o.oaepHash ?? 'sha1';
  const mgfHash = o.mgf1Hash ?? hash;
  const k = modulusBytes(key);
  const lHash = createHash(hash).update(o.oaepLabel ?? Buffer.alloc(0)).digest();
  const hLen = lHash.length;
  if (message.length > k - 2 * hLen - 2) throw new KmipError(ResultReason.InvalidField, 'the data is too long for RSA-OAEP with this key and hash');
  const db = Buffer.concat([lHash, Buffer.alloc(k - message.length - 2 * hLen - 2), Buffer.from([1]), message]);
  const seed = randomBytes(hLen);
  xorInto(db, mgf1(mgfHash, seed, k - hLen - 1));
  xorInto(seed, mgf1(mgfHash, db, hLen));
  return publicEncrypt({ key, padding: constants.RSA_NO_PADDING }, Buffer.concat([Buffer.from([0]), seed, db]));
}

/**
 * RSAES-OAEP decryption with distinct OAEP and MGF1 hashes [RFC 8017 §7.1.2]: every check is
 * evaluated and one failure reported, without early exit (no Manger oracle by distinct errors).
 */
function oaepDecrypt(key: KeyObject, o: RsaOptions, ciphertext: Uint8Array): Buffer {
  const hash = o.oaepHash ?? 'sha1';
  const mgfHash = o.mgf1Hash ?? hash;
  const k = modulusBytes(key);
  const lHash = createHash(hash).update(o.oaepLabel ?? Buffer.alloc(0)).digest();
  const hLen = lHash.length;
  const fail = (): KmipError => new KmipError(ResultReason.CryptographicFailure, 'the data could not be decrypted');
  if (ciphertext.length !== k || k < 2 * hLen + 2) throw fail();
  let em: Buffer;
  try {
    em = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, ciphertext);
  } catch {
    throw fail();
  }
  const seed = Buffer.from(em.subarray(1, 1 + hLen));
  const db = Buffer.from(em.subarray(1 + hLen));
  xorInto(seed, mgf1(mgfHash, db, hLen));
  xorInto(db, mgf1(mgfHash, seed, k - hLen - 1));
  let bad = em[0] ?? 1;
  for (let i = 0; i < hLen; i++) bad |= (db[i] ?? 0) ^ (lHash[i] ?? 0);
  // Find the 0x01 separator after the zero padding, scanning every byte.
  let found = 0;
  let index = 0;
  for (let i = hLen; i < db.length; i++) {
    const b = db[i] ?? 0;
    const isOne = b === 1 ? 1 : 0;
    const isZero = b === 0 ? 1 : 0;
    const first = isOne & (found ^ 1);
    index = first === 1 ? i : index;
    bad |= (found ^ 1) & (isOne ^ 1) & (isZero ^ 1);
    found |= isOne;
  }
  bad |= found ^ 1;
  em.fill(0);
  if (bad !== 0) {
    db.fill(0);
    throw fail();
  }
  const out = Buffer.from(db.subarray(index + 1));
  db.fill(0);
  return out;
}

function rsaOptions(p: CryptographicParameters): RsaOptions {
  const pad = p.paddingMethod ?? PaddingMethod.OAEP;
  if (pad === PaddingMethod.PKCS1V1_5) return { padding: constants.RSA_PKCS1_PADDING };
  if (pad !== PaddingMethod.OAEP) throw unsupported('this Padding Method for RSA');
  const hash = p.hashingAlgorithm ?? HashingAlgorithm.SHA_1;
  if (p.maskGenerator !== undefined && p.maskGenerator !== MaskGenerator.MGF1) throw unsupported('this Mask Generator');
  const mgf = p.maskGeneratorHashingAlgorithm ?? hash;
  return {
    padding: constants.RSA_PKCS1_OAEP_PADDING,
    oaepHash: hashName(hash),
    ...(p.pSource !== undefined && p.pSource.length > 0 ? { oaepLabel: Buffer.from(p.pSource) } : {}),
    ...(mgf !== hash ? { mgf1Hash: hashName(mgf) } : {}),
  };
}

function isRsa(k: UsableKey): boolean {
  return k.key.asymmetricKeyType === 'rsa' && (k.objectType === ObjectType.PublicKey || k.objectType === ObjectType.PrivateKey);
}

function rsaEncrypt(k: UsableKey, data: Uint8Array): Buffer {
  const key: KeyObject = k.key.type === 'private' ? createPublicKey(k.key) : k.key;
  const { mgf1Hash, ...opts } = rsaOptions(k.params);
  if (mgf1Hash !== undefined) return oaepEncrypt(key, { ...opts, mgf1Hash }, data);
  return run(() => publicEncrypt({ key, ...opts }, data), false);
}

function rsaDecrypt(k: UsableKey, data: Uint8Array): Buffer {
  if (k.key.type !== 'private') throw new KmipError(ResultReason.InvalidObjectType, 'RSA decryption needs the private key');
  const { mgf1Hash, ...opts } = rsaOptions(k.params);
  if (opts.padding === constants.RSA_PKCS1_PADDING) return pkcs1v15Decrypt(k.key, data);
  if (mgf1Hash !== undefined) return oaepDecrypt(k.key, { ...opts, mgf1Hash }, data);
  return run(() => privateDecrypt({ key: k.key, ...opts }, data), true);
}

type Cipher = ReturnType<typeof createCipheriv>;
type Decipher = ReturnType<typeof createDecipheriv>;

/** What a cipher is made of: the key, its parameters, the IV and the additional data. */
interface CipherInput {
  readonly key: KeyObject;
  readonly params: CryptographicParameters;
  readonly plan: SymmetricPlan;
  readonly iv: Buffer | undefined;
  readonly aad: Uint8Array | undefined;
  readonly decrypting: boolean;
}

/**
 * A running symmetric operation (one request, or a multi-part stream): a streaming cipher, or for
 * CCM and XTS the parts buffered until the Final one.
 */
type Running = { readonly plan: SymmetricPlan; readonly cipher: Cipher | Decipher } | { readonly plan: SymmetricPlan; readonly buffered: CipherInput; readonly parts: Buffer[] };

/** A part of a multi-part operation returns Data only when it produced some (TC-STREAM-ENC-1). */
function dataOut(out: Buffer): { data?: Buffer } {
  return out.length > 0 ? { data: out } : {};
}

/** What the open streams of Encrypt and Decrypt keep between requests. */
const STREAMS = new StreamTable<Running>();

function startCipher(c: CipherInput, dataLength: number): Running {
  const { plan, iv, decrypting } = c;
  return {
    plan,
    cipher: run(() => {
      const ivFor = plan.chacha === true && iv !== undefined ? chachaIv(iv, c.params.initialCounterValue ?? 0) : (iv ?? null);
      if (plan.aead !== undefined) {
        if (iv === undefined) throw new KmipError(ResultReason.InvalidField, 'the IV/Counter/Nonce is required');
        const options = { authTagLength: plan.tagBytes };
        const cipher = decrypting ? createDecipheriv(plan.cipher as CipherGCMTypes, c.key, iv, options) : createCipheriv(plan.cipher as CipherGCMTypes, c.key, iv, options);
        if (plan.aead === 'ccm') (cipher as unknown as { setAAD(b: Uint8Array, o: { plaintextLength: number }): void }).setAAD(c.aad ?? Buffer.alloc(0), { plaintextLength: dataLength });
        else if (c.aad !== undefined) cipher.setAAD(c.aad);
        return cipher as unknown as Buffer;
      }
      const cipher = decrypting ? createDecipheriv(plan.cipher, c.key, ivFor) : createCipheriv(plan.cipher, c.key, ivFor);
      cipher.setAutoPadding(plan.padding);
      return cipher as unknown as Buffer;
    }, decrypting) as unknown as Cipher | Decipher,
  };
}

/** Starts an operation: a cipher, or for a multi-part CCM/XTS one the buffer of its parts. */
function start(c: CipherInput, multiPart: boolean, dataLength: number): Running {
  if (multiPart && buffers(c.plan)) return { plan: c.plan, buffered: c, parts: [] };
  if (c.plan.xts === true) checkXts(dataLength);
  return startCipher(c, dataLength);
}

/** The data of a part: through the cipher, or buffered (nothing comes out before the Final part). */
function update(r: Running, data: Uint8Array, decrypting: boolean): Buffer {
  if ('parts' in r) {
    r.parts.push(Buffer.from(data));
    return Buffer.alloc(0);
  }
  return run(() => r.cipher.update(data), decrypting);
}

function finish(r: Running, data: Uint8Array, decrypting: boolean, tag: Uint8Array | undefined): { out: Buffer; tag?: Buffer } {
  if ('parts' in r) {
    const all = Buffer.concat([...r.parts, data]);
    r.parts.length = 0;
    if (r.plan.xts === true) checkXts(all.length);
    return finish(startCipher(r.buffered, all.length), all, decrypting, tag);
  }
  let outTag: Buffer | undefined;
  const out = run(() => {
    if (decrypting && r.plan.aead !== undefined) {
      if (tag === undefined) throw new KmipError(ResultReason.InvalidField, 'the Authenticated Encryption Tag is required');
      if (tag.length !== r.plan.tagBytes) throw new KmipError(ResultReason.InvalidField, 'the Authenticated Encryption Tag does not have the Tag Length');
      (r.cipher as Decipher & { setAuthTag(t: Uint8Array): void }).setAuthTag(tag);
    }
    const o = Buffer.concat([r.cipher.update(data), r.cipher.final()]);
    if (!decrypting && r.plan.aead !== undefined) outTag = (r.cipher as Cipher & { getAuthTag(): Buffer }).getAuthTag();
    return o;
  }, decrypting);
  return outTag === undefined ? { out } : { out, tag: outTag };
}

/** A later request of a stream: the key is checked again (its state or limits may have changed). */
async function continueStream(
  ctx: OperationContext,
  operation: number,
  step: { readonly kind: 'continue' | 'final'; readonly correlation: Uint8Array },
  ref: ObjectRef | undefined,
  use: 'encrypt' | 'decrypt',
  data: Uint8Array,
): Promise<{ uid: string; running: Running }> {
  const s = STREAMS.get(step.correlation, ctx.principal, operation, ctx.now);
  if (ref !== undefined && ctx.batch.resolve(ref) !== s.uid) throw new KmipError(ResultReason.InvalidCorrelationValue, 'the Correlation Value belongs to a stream of another key');
  try {
    await keyForUse(ctx, s.uid, use, undefined, data.length, { continuation: true });
  } catch (err) {
    STREAMS.close(step.correlation);
    throw err;
  }
  return { uid: s.uid, running: s.state };
}

function streamedChunk(step: { readonly kind: 'continue' | 'final'; readonly correlation: Uint8Array }, r: Running, data: Uint8Array, decrypting: boolean, tag: Uint8Array | undefined): { out: Buffer; tag?: Buffer } {
  try {
    if ('parts' in r) STREAMS.reserve(step.correlation, data.length);
    if (step.kind === 'final') {
      STREAMS.close(step.correlation);
      return finish(r, data, decrypting, tag);
    }
    return { out: update(r, data, decrypting) };
  } catch (err) {
    STREAMS.close(step.correlation);
    throw err;
  }
}

/** Opens a stream with its first part. */
function openStream(ctx: OperationContext, operation: number, uid: string, running: Running, data: Uint8Array, decrypting: boolean): { out: Buffer; correlationValue: Buffer } {
  const buffered = 'parts' in running ? data.length : 0;
  const out = update(running, data, decrypting);
  return { out, correlationValue: STREAMS.open(ctx.principal, operation, uid, running, ctx.now, buffered) };
}

export const encrypt = defineOperation(Operation.Encrypt, async (req, ctx) => {
  const step = streamStep(req);
  if (step.kind === 'continue' || step.kind === 'final') {
    const data = req.data ?? Buffer.alloc(0);
    const { uid, running } = await continueStream(ctx, Operation.Encrypt, step, req.uniqueIdentifier, 'encrypt', data);
    const r = streamedChunk(step, running, data, false, undefined);
    return { uniqueIdentifier: uid, ...dataOut(r.out), ...(r.tag !== undefined ? { authenticatedEncryptionTag: r.tag } : {}), ...(step.kind === 'continue' ? { correlationValue: step.correlation } : {}) };
  }
  const data = step.kind === 'init' ? (req.data ?? Buffer.alloc(0)) : requireData(req.data);
  const k = await keyForUse(ctx, req.uniqueIdentifier, 'encrypt', req.cryptographicParameters, data.length);
  if (isRsa(k)) {
    if (step.kind === 'init') throw unsupported('multi-part RSA encryption');
    return { uniqueIdentifier: k.uid, data: rsaEncrypt(k, data) };
  }
  if (k.objectType !== ObjectType.SymmetricKey) throw unsupported('encryption with this kind of key');
  const plan = aeadInVersion(symmetricPlan(k, k.params), ctx.version);
  let iv: Buffer | undefined;
  let generated = false;
  if (plan.ivBytes > 0 || plan.aead !== undefined) {
    if (req.ivCounterNonce !== undefined && k.params.randomIV !== true) {
      iv = Buffer.from(req.ivCounterNonce);
    } else {
      iv = randomBytes(plan.ivBytes);
      generated = true;
    }
    checkIv(plan, iv);
  }
  const input: CipherInput = { key: k.key, params: k.params, plan, iv, aad: req.authenticatedEncryptionAdditionalData, decrypting: false };
  const running = start(input, step.kind === 'init', data.length);
  const ivOut = generated && iv !== undefined ? { ivCounterNonce: iv } : {};
  if (step.kind === 'init') {
    const { out, correlationValue } = openStream(ctx, Operation.Encrypt, k.uid, running, data, false);
    return { uniqueIdentifier: k.uid, ...dataOut(out), ...ivOut, correlationValue };
  }
  const r = finish(running, data, false, undefined);
  return { uniqueIdentifier: k.uid, data: r.out, ...ivOut, ...(r.tag !== undefined ? { authenticatedEncryptionTag: r.tag } : {}) };
});

export const decrypt = defineOperation(Operation.Decrypt, async (req, ctx) => {
  const step = streamStep(req);
  if (step.kind === 'continue' || step.kind === 'final') {
    const data = req.data ?? Buffer.alloc(0);
    const { uid, running } = await continueStream(ctx, Operation.Decrypt, step, req.uniqueIdentifier, 'decrypt', data);
    const r = streamedChunk(step, running, data, true, req.authenticatedEncryptionTag);
    return { uniqueIdentifier: uid, ...dataOut(r.out), ...(step.kind === 'continue' ? { correlationValue: step.correlation } : {}) };
  }
  const data = step.kind === 'init' ? (req.data ?? Buffer.alloc(0)) : requireData(req.data);
  const k = await keyForUse(ctx, req.uniqueIdentifier, 'decrypt', req.cryptographicParameters, data.length);
  if (isRsa(k)) {
    if (step.kind === 'init') throw unsupported('multi-part RSA decryption');
    return { uniqueIdentifier: k.uid, data: rsaDecrypt(k, data) };
  }
  if (k.objectType !== ObjectType.SymmetricKey) throw unsupported('decryption with this kind of key');
  let plan = aeadInVersion(symmetricPlan(k, k.params), ctx.version);
  // A single-part GCM/ChaCha20-Poly1305 tag may be shorter than the default Tag Length: its length is the tag's.
  const tag = req.authenticatedEncryptionTag;
  if (step.kind === 'single' && tag !== undefined && plan.aead !== undefined && plan.aead !== 'ccm' && k.params.tagLength === undefined) plan = { ...plan, tagBytes: tag.length };
  let iv: Buffer | undefined;
  if (plan.ivBytes > 0 || plan.aead !== undefined) {
    // A missing IV is Invalid Message, as the OASIS test cases answer (CS-BC-M-11).
    if (req.ivCounterNonce === undefined) throw new KmipError(ResultReason.InvalidMessage, 'the IV/Counter/Nonce is required');
    iv = Buffer.from(req.ivCounterNonce);
    checkIv(plan, iv);
  }
  const input: CipherInput = { key: k.key, params: k.params, plan, iv, aad: req.authenticatedEncryptionAdditionalData, decrypting: true };
  const running = start(input, step.kind === 'init', data.length);
  if (step.kind === 'init') {
    const { out, correlationValue } = openStream(ctx, Operation.Decrypt, k.uid, running, data, true);
    return { uniqueIdentifier: k.uid, ...dataOut(out), correlationValue };
  }
  return { uniqueIdentifier: k.uid, data: finish(running, data, true, tag).out };
});
