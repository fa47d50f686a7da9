/**
 * Derive Key [KMIP 1.2 §4.6, 2.1 §6.1.14]: derives a Symmetric Key or Secret Data object from keys
 * or Secret Data the server holds, registers it and sets the ID Placeholder to it. Every base
 * object needs the Derive Key bit in its Cryptographic Usage Mask and must be Active. The new
 * object gets the request's attributes (a Symmetric Key needs Cryptographic Algorithm and
 * Cryptographic Length, Secret Data its Cryptographic Length), a Link Derivation Base Object to
 * each base object, and each base object a Link Derived Key to it.
 *
 * Derivation Methods (the hash of the Cryptographic Parameters of the Derivation Parameters,
 * completed from the base key's Cryptographic Parameters attribute):
 * - PBKDF2 [RFC 8018]: the base object's bytes are the password; Salt and Iteration Count
 *   required; PRF HMAC with the Hashing Algorithm, SHA-1 when none is given (RFC 8018's default;
 *   the OASIS TC-DERIVEKEY-3/4 vectors are those of RFC 6070);
 * - HASH: the hash of the base key (Derivation Data, whose role the specification leaves open, is
 *   Feature Not Supported);
 * - HMAC: HMAC keyed with the base key over the Derivation Data;
 * - HKDF [RFC 5869] (2.x): base key as input keying material, Salt, Derivation Data as info;
 * - NIST SP 800-108 Counter Mode with HMAC as PRF: K(i) = HMAC(KI, [i]32 || Derivation Data), the
 *   Derivation Data being the whole Fixed Input Data (Label, 0x00, Context, [L] as the caller
 *   encodes them);
 * - ENCRYPT: the Derivation Data encrypted with the base AES key, Block Cipher Mode ECB or CBC
 *   (Initialization Vector from the Derivation Parameters), Padding Method None (the default; the
 *   data a whole number of blocks) or PKCS5;
 * - Asymmetric Key with ECDH (Cryptographic Algorithm ECDH): the shared secret of a private key and
 *   a public key (two base objects).
 * The result is the first Cryptographic Length bits of the method's output; more than the method
 * gives is Invalid Field. SP 800-108 Feedback and Double-Pipeline modes and AWS Signature
 * Version 4 are Feature Not Supported.
 *
 * Result Reasons: Object Not Found (1.x Item Not Found); Permission Denied; Invalid Object Type;
 * Incompatible Cryptographic Usage Mask (1.x Permission Denied); Wrong Key Lifecycle State (1.x
 * Permission Denied); Key Value Not Present; Invalid Field; Bad Cryptographic Parameters;
 * Feature Not Supported; the attribute errors of Create (Invalid Attribute, Attribute Read Only,
 * Non Unique Name Attribute, …).
 */
import { createCipheriv, createHash, createHmac, diffieHellman, hkdfSync, pbkdf2Sync } from 'node:crypto';
import {
  BlockCipherMode,
  CryptographicAlgorithm,
  CryptographicUsageMask,
  DerivationMethod,
  HashingAlgorithm,
  KeyFormatType,
  KmipError,
  LinkType,
  ObjectType,
  Operation,
  PaddingMethod,
  ResultReason,
  SecretDataType,
  UniqueIdentifier,
  type CryptographicParameters,
  type ManagedObject,
} from '@keyhold/protocol';
import { isKeyMaterialError, isSymmetricAlgorithm, MAX_GENERIC_KEY_BITS, symmetricKeyBytes } from '../crypto/index.js';
import { effectiveParameters, hashName } from '../crypto/usage.js';
import { mayProtect, type LifecycleState } from '../lifecycle.js';
import { clientAttributes, newObjectRecord, refuseQuantumSafe } from '../objects/creation.js';
import type { ManagedRecord } from '../objects/managed.js';
import { defineOperation, type OperationContext } from './context.js';
import { keyMaterialOf } from './key-wrapping.js';

const BASE_TYPES = new Set<number>([ObjectType.SymmetricKey, ObjectType.SecretData]);

/** Loads a base object and checks it may derive. */
async function baseObject(ctx: OperationContext, uid: string, asymmetric: boolean): Promise<ManagedRecord> {
  const rec = await ctx.objects.load(uid);
  const allowed = asymmetric ? rec.objectType === ObjectType.PrivateKey || rec.objectType === ObjectType.PublicKey : BASE_TYPES.has(rec.objectType);
  if (!allowed) {
    throw new KmipError(ResultReason.InvalidObjectType, asymmetric ? 'Asymmetric Key derivation uses a private and a public key' : 'keys are derived from Symmetric Keys or Secret Data');
  }
  const mask = rec.value('Cryptographic Usage Mask') ?? 0;
  if ((mask & CryptographicUsageMask.DeriveKey) === 0) {
    throw new KmipError(ResultReason.IncompatibleCryptographicUsageMask, 'the base object\'s Cryptographic Usage Mask does not allow Derive Key');
  }
  if (!mayProtect(rec.state as LifecycleState)) throw new KmipError(ResultReason.WrongKeyLifecycleState, 'only an Active object may derive keys');
  return rec;
}

function secretOf(rec: ManagedRecord): Buffer {
  const m = keyMaterialOf(rec);
  if (m.secret === undefined) throw new KmipError(ResultReason.InvalidObjectType, 'the derivation method needs a symmetric key or secret data');
  return m.secret;
}

function hashOf(params: CryptographicParameters, fallback?: number): string {
  const h = params.hashingAlgorithm ?? fallback;
  if (h === undefined) throw new KmipError(ResultReason.BadCryptographicParameters, 'the derivation method needs a Hashing Algorithm in the Cryptographic Parameters');
  return hashName(h);
}

function needBytes(value: Uint8Array | undefined, what: string): Uint8Array {
  if (value === undefined) throw new KmipError(ResultReason.InvalidField, `the derivation method needs ${what} in the Derivation Parameters`);
  return value;
}

/** SP 800-108 KDF in Counter Mode, HMAC PRF, 32-bit counter before the fixed input data. */
function kdfCounter(hash: string, key: Uint8Array, fixed: Uint8Array, bytes: number): Buffer {
  const out: Buffer[] = [];
  let have = 0;
  for (let i = 1; have < bytes; i++) {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(i);
    const block = createHmac(hash, key).update(counter).update(fixed).digest();
    out.push(block);
    have += block.length;
  }
  return Buffer.concat(out).subarray(0, bytes);
}

export const deriveKey = defineOperation(Operation.DeriveKey, async (req, ctx) => {
  if (req.objectType !== ObjectType.SymmetricKey && req.objectType !== ObjectType.SecretData) {
    throw new KmipError(ResultReason.InvalidObjectType, 'Derive Key creates a Symmetric Key or Secret Data');
  }
  const method = req.derivationMethod;
  const asymmetric = method === DerivationMethod.AsymmetricKey;
  const uids = (req.uniqueIdentifier ?? []).map((ref) => ctx.batch.resolve(ref));
  const bases: ManagedRecord[] = [];
  for (const uid of uids) bases.push(await baseObject(ctx, uid, asymmetric));
  const first = bases[0];
  if (first === undefined) throw new KmipError(ResultReason.InvalidField, 'Derive Key needs the Unique Identifier of a base object');

  const attrs = await clientAttributes(req.attributes, ctx, { allow: ['Cryptographic Algorithm', 'Cryptographic Length'] });
  refuseQuantumSafe(attrs);
  const alg = attrs.find((a) => a.name === 'Cryptographic Algorithm')?.value;
  const len = attrs.find((a) => a.name === 'Cryptographic Length')?.value;
  if (typeof len !== 'number') throw new KmipError(ResultReason.InvalidField, 'Derive Key needs the Cryptographic Length of the new object');
  let bytes: number;
  if (req.objectType === ObjectType.SymmetricKey) {
    if (typeof alg !== 'number') throw new KmipError(ResultReason.InvalidField, 'Derive Key of a Symmetric Key needs its Cryptographic Algorithm');
    if (!isSymmetricAlgorithm(alg)) throw new KmipError(ResultReason.InvalidField, 'the Cryptographic Algorithm is not a symmetric algorithm');
    try {
      bytes = symmetricKeyBytes(alg, len);
    } catch (err) {
      if (isKeyMaterialError(err)) throw new KmipError(ResultReason.InvalidField, err.message);
      throw err;
    }
  } else {
    if (len <= 0 || len % 8 !== 0 || len > MAX_GENERIC_KEY_BITS) throw new KmipError(ResultReason.InvalidField, 'the Cryptographic Length is not a whole number of bytes');
    bytes = len / 8;
  }

  const dp = req.derivationParameters;
  const params = effectiveParameters(first, dp.cryptographicParameters);
  const data = Buffer.concat(dp.derivationData ?? []);
  let out: Buffer;
  switch (method) {
    case DerivationMethod.PBKDF2: {
      const salt = needBytes(dp.salt, 'a Salt');
      const iterations = dp.iterationCount;
      if (iterations === undefined || iterations < 1) throw new KmipError(ResultReason.InvalidField, 'PBKDF2 needs an Iteration Count of at least 1');
      out = pbkdf2Sync(secretOf(first), salt, iterations, bytes, hashOf(params, HashingAlgorithm.SHA_1));
      break;
    }
    case DerivationMethod.HASH:
      if (data.length > 0) throw new KmipError(ResultReason.FeatureNotSupported, 'HASH derivation over Derivation Data is not supported: the hash is over the base key');
      out = createHash(hashOf(params)).update(secretOf(first)).digest();
      break;
    case DerivationMethod.HMAC:
      out = createHmac(hashOf(params), secretOf(first)).update(needBytes(dp.derivationData?.length ? data : undefined, 'Derivation Data')).digest();
      break;
    case DerivationMethod.HKDF:
      try {
        out = Buffer.from(hkdfSync(hashOf(params, HashingAlgorithm.SHA_256), secretOf(first), dp.salt ?? Buffer.alloc(0), data, bytes));
      } catch (err) {
        if (err instanceof KmipError) throw err;
        throw new KmipError(ResultReason.InvalidField, 'the Cryptographic Length exceeds what HKDF can derive with this hash');
      }
      break;
    case DerivationMethod.NIST800_108_C:
      out = kdfCounter(hashOf(params, HashingAlgorithm.SHA_256), secretOf(first), needBytes(dp.derivationData?.length ? data : undefined, 'Derivation Data (the Fixed Input Data)'), bytes);
      break;
    case DerivationMethod.ENCRYPT: {
      if (first.value('Cryptographic Algorithm') !== CryptographicAlgorithm.AES) throw new KmipError(ResultReason.FeatureNotSupported, 'ENCRYPT derivation uses an AES base key');
      const key = secretOf(first);
      const mode = params.blockCipherMode;
      if (mode !== BlockCipherMode.ECB && mode !== BlockCipherMode.CBC) {
        throw new KmipError(mode === undefined ? ResultReason.BadCryptographicParameters : ResultReason.FeatureNotSupported, 'ENCRYPT derivation uses Block Cipher Mode ECB or CBC');
      }
      const padding = params.paddingMethod ?? PaddingMethod.None;
      if (padding !== PaddingMethod.None && padding !== PaddingMethod.PKCS5) throw new KmipError(ResultReason.FeatureNotSupported, 'ENCRYPT derivation pads with None or PKCS5');
      const input = needBytes(dp.derivationData?.length ? data : undefined, 'Derivation Data');
      if (padding === PaddingMethod.None && input.length % 16 !== 0) throw new KmipError(ResultReason.InvalidField, 'without padding the Derivation Data is a whole number of 16-byte blocks');
      const iv = mode === BlockCipherMode.CBC ? needBytes(dp.initializationVector, 'an Initialization Vector') : null;
      if (iv !== null && iv.length !== 16) throw new KmipError(ResultReason.InvalidField, 'the CBC Initialization Vector is 16 bytes');
      const cipher = createCipheriv(`aes-${key.length * 8}-${mode === BlockCipherMode.CBC ? 'cbc' : 'ecb'}`, key, iv);
      cipher.setAutoPadding(padding === PaddingMethod.PKCS5);
      out = Buffer.concat([cipher.update(input), cipher.final()]);
      key.fill(0);
      break;
    }
    case DerivationMethod.AsymmetricKey: {
      if ((dp.cryptographicParameters?.cryptographicAlgorithm ?? CryptographicAlgorithm.ECDH) !== CryptographicAlgorithm.ECDH) {
        throw new KmipError(ResultReason.FeatureNotSupported, 'Asymmetric Key derivation supports ECDH');
      }
      const priv = bases.find((b) => b.objectType === ObjectType.PrivateKey);
      const pub = bases.find((b) => b.objectType === ObjectType.PublicKey);
      if (priv === undefined || pub === undefined || bases.length !== 2) throw new KmipError(ResultReason.InvalidField, 'ECDH derivation needs one private key and one public key');
      const privateKey = keyMaterialOf(priv).key;
      const publicKey = keyMaterialOf(pub).key;
      if (privateKey === undefined || publicKey === undefined) throw new KmipError(ResultReason.InvalidObjectType, 'ECDH needs asymmetric keys');
      try {
        out = diffieHellman({ privateKey, publicKey });
      } catch {
        throw new KmipError(ResultReason.BadCryptographicParameters, 'the private and public keys do not agree on a shared secret (different curves or not EC keys)');
      }
      break;
    }
    default:
      throw new KmipError(ResultReason.FeatureNotSupported, 'this Derivation Method is not supported (PBKDF2, HASH, HMAC, HKDF, NIST800-108-C and Asymmetric Key with ECDH are)');
  }
  if (out.length < bytes) {
    out.fill(0);
    throw new KmipError(ResultReason.InvalidField, 'the Cryptographic Length exceeds the output of the derivation method');
  }
  const material = Buffer.from(out.subarray(0, bytes));
  out.fill(0);

  const object: ManagedObject =
    req.objectType === ObjectType.SymmetricKey
      ? { objectType: ObjectType.SymmetricKey, keyBlock: { keyFormatType: KeyFormatType.Raw, keyValue: { keyMaterial: material }, cryptographicAlgorithm: alg as CryptographicAlgorithm, cryptographicLength: len } }
      : { objectType: ObjectType.SecretData, secretDataType: SecretDataType.Seed, keyBlock: { keyFormatType: KeyFormatType.Opaque, keyValue: { keyMaterial: material } } };
  const format = req.objectType === ObjectType.SymmetricKey ? KeyFormatType.Raw : KeyFormatType.Opaque;
  const record = newObjectRecord(ctx, { objectType: req.objectType, object, attributes: attrs, generatedByServer: false, digestOf: { format, material } }); // not from the RNG: no Random Number Generator claim
  for (const base of bases) record.add('Link', { linkType: LinkType.DerivationBaseObjectLink, linkedObjectIdentifier: base.uid });
  await ctx.objects.save(record);
  material.fill(0); // the stored record holds its own encoded copy
  for (const base of bases) {
    base.add('Link', { linkType: LinkType.DerivedKeyLink, linkedObjectIdentifier: record.uid });
    await ctx.objects.save(base);
  }
  ctx.batch.record([{ kinds: [UniqueIdentifier.DeriveKey], uid: record.uid }], record.uid);
  return { uniqueIdentifier: record.uid };
});
