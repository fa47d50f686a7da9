/**
 * Key wrapping for Get and Export [KMIP 1.2 §2.1.3-2.1.6, §4.11; 2.1 §3.3, §7.18, §6.1.19]:
 *
 * - {@link wrapKeyBlock}: a Key Wrapping Specification with Wrapping Method Encrypt wraps the
 *   returned Key Value under the key its Encryption Key Information names — a symmetric AES key
 *   (Block Cipher Mode NIST Key Wrap [RFC 3394] by default, AES Key Wrap Padding [RFC 5649], or
 *   GCM: IV in IV/Counter/Nonce, Key Value = ciphertext || tag) or an RSA public key (Padding
 *   Method OAEP, Hashing Algorithm SHA-1 unless given). Encoding Option No Encoding wraps the
 *   Byte String Key Material; TTLV Encoding (the default when absent) wraps the TTLV-encoded Key
 *   Value structure. The wrapped Key Value is returned as a Byte String [1.2 §2.1.3 "Byte String:
 *   for wrapped Key Value"] with its Key Wrapping Data. Cryptographic Parameters in the
 *   Encryption Key Information must match an instance of the wrapping key's Cryptographic
 *   Parameters attribute (2.1 §7.18), field by field for the fields given.
 * - {@link unwrapKeyBlock}: Key Wrap Type Not Wrapped (and rewrapping) of a key held wrapped
 *   (registered with its Key Wrapping Data): the server unwraps it with the wrapping key it holds.
 *   The OASIS test cases TC-WRAP-2/3-14 unwrap with a key whose mask has Wrap Key only, so
 *   either Wrap Key or Unwrap Key allows it.
 *
 * The wrapping key must exist (Wrapping Object Not Found; 1.x Item Not Found), not be archived
 * (Wrapping Object Archived) or destroyed (Wrapping Object Destroyed; 1.x Permission Denied), have
 * the Wrap Key bit (Incompatible Cryptographic Usage Mask; 1.x Permission Denied) and be Active
 * to wrap (Wrong Key Lifecycle State; 1.x Permission Denied) — Active, Deactivated or Compromised
 * to unwrap. MAC/sign wrapping methods are Feature Not Supported.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import {
  BlockCipherMode,
  CryptographicAlgorithm,
  CryptographicUsageMask,
  decodeTtlv,
  EncodingOption,
  encodeTtlv,
  HashingAlgorithm,
  ItemType,
  KeyBlock,
  KmipError,
  LinkType,
  ObjectType,
  PaddingMethod,
  ResultReason,
  State,
  Tag,
  WrappingMethod,
  type CryptographicParameters,
  type KeyFormatType,
  type KeyValue,
  type KeyWrappingData,
  type KeyWrappingSpecification,
  type ProtocolVersion,
  type TtlvNode,
} from '@keyhold/protocol';
import { importKey, type KeyMaterialValue } from '../crypto/index.js';
import { hashName } from '../crypto/usage.js';
import { aesGcmUnwrap, aesGcmWrap, aesKeyUnwrap, aesKeyWrap, rsaOaepUnwrap, rsaOaepWrap } from '../crypto/wrap.js';
import { kmipError } from '../errors/kmip.js';
import { mayProcess, mayProtect, type LifecycleState } from '../lifecycle.js';
import type { ManagedRecord } from '../objects/managed.js';
import type { OperationContext } from './context.js';

type Direction = 'wrap' | 'unwrap';

/** Loads the wrapping key and checks it may be used (see the module comment). */
async function wrappingKeyRecord(ctx: OperationContext, uid: string, direction: Direction): Promise<ManagedRecord> {
  let rec: ManagedRecord;
  try {
    rec = await ctx.objects.load(uid, { archived: 'allow' });
  } catch (e) {
    if (e instanceof KmipError && e.reason === ResultReason.ObjectNotFound) {
      throw kmipError(ResultReason.WrappingObjectNotFound, 'no wrapping key with the Unique Identifier of the Encryption Key Information', ResultReason.ItemNotFound);
    }
    throw e;
  }
  if (rec.find('Archive Date') !== undefined) throw new KmipError(ResultReason.WrappingObjectArchived, 'the wrapping key is archived');
  if (rec.object === null || rec.state === State.Destroyed || rec.state === State.DestroyedCompromised) {
    throw new KmipError(ResultReason.WrappingObjectDestroyed, 'the wrapping key has been destroyed');
  }
  const mask = rec.value('Cryptographic Usage Mask') ?? 0;
  const bits = direction === 'wrap' ? CryptographicUsageMask.WrapKey : CryptographicUsageMask.WrapKey | CryptographicUsageMask.UnwrapKey;
  if ((mask & bits) === 0) {
    throw new KmipError(ResultReason.IncompatibleCryptographicUsageMask, 'the wrapping key\'s Cryptographic Usage Mask does not allow Wrap Key');
  }
  const state = rec.state as LifecycleState;
  if (direction === 'wrap' ? !mayProtect(state) : !mayProcess(state)) {
    throw new KmipError(ResultReason.WrongKeyLifecycleState, direction === 'wrap' ? 'only an Active key may wrap' : 'the wrapping key may not unwrap in its current state');
  }
  return rec;
}

/** The bytes (symmetric key, secret data) or node:crypto key (public / private) of a key record held in plaintext (also used by Derive Key). */
export function keyMaterialOf(rec: ManagedRecord): { readonly secret?: Buffer; readonly key?: KeyObject } {
  const obj = rec.object;
  if (obj === null || !('keyBlock' in obj)) throw new KmipError(ResultReason.InvalidObjectType, 'the object is not a key');
  const kb = obj.keyBlock;
  const kv = kb.keyValue;
  if (kv === undefined) throw new KmipError(ResultReason.KeyValueNotPresent, 'the key has no key value');
  if (kv instanceof Uint8Array || kb.keyWrappingData !== undefined) {
    throw new KmipError(ResultReason.FeatureNotSupported, 'the key is held wrapped: the server does not use it');
  }
  const imported = importKey({
    objectType: rec.objectType as ObjectType,
    format: kb.keyFormatType,
    material: kv.keyMaterial as KeyMaterialValue,
    algorithm: (kb.cryptographicAlgorithm ?? rec.value('Cryptographic Algorithm')) as never,
    lengthBits: kb.cryptographicLength ?? rec.value('Cryptographic Length'),
  });
  const der = Buffer.from(imported.material);
  imported.material.fill(0);
  if (rec.objectType === ObjectType.PublicKey) return { key: createPublicKey({ key: der, format: 'der', type: 'spki' }) };
  if (rec.objectType === ObjectType.PrivateKey) return { key: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }) };
  return { secret: der };
}

/** True when every field `given` sets has the same value in `stored`. */
function paramsMatch(given: CryptographicParameters, stored: CryptographicParameters): boolean {
  const s = stored as Record<string, unknown>;
  return Object.entries(given).every(([k, v]) => v === undefined || (v instanceof Uint8Array ? s[k] instanceof Uint8Array && Buffer.from(v).equals(s[k]) : s[k] === v));
}

/** The parameters to wrap with: the request's, which must match an instance of the key's attribute, else the key's first instance. */
function wrappingParameters(rec: ManagedRecord, given: CryptographicParameters | undefined): CryptographicParameters {
  const stored = rec.all('Cryptographic Parameters').map((a) => a.value as CryptographicParameters);
  if (given === undefined || Object.values(given).every((v) => v === undefined)) return stored[0] ?? {};
  if (!stored.some((s) => paramsMatch(given, s))) {
    throw new KmipError(ResultReason.BadCryptographicParameters, 'the Cryptographic Parameters of the Encryption Key Information match no Cryptographic Parameters attribute of the wrapping key');
  }
  return given;
}

/** The wrapping or unwrapping primitive for a key and its parameters. */
function cipherFor(rec: ManagedRecord, params: CryptographicParameters): {
  readonly wrap: (data: Uint8Array) => { data: Buffer; iv?: Buffer };
  readonly unwrap: (data: Uint8Array, iv: Uint8Array | undefined) => Buffer;
} {
  const algorithm = rec.value('Cryptographic Algorithm');
  const material = keyMaterialOf(rec);
  if (material.secret !== undefined) {
    const kek = material.secret;
    if (algorithm !== CryptographicAlgorithm.AES) throw new KmipError(ResultReason.FeatureNotSupported, 'only AES symmetric keys wrap keys');
    const mode = params.blockCipherMode ?? BlockCipherMode.NISTKeyWrap;
    if (mode === BlockCipherMode.NISTKeyWrap || mode === BlockCipherMode.AESKeyWrapPadding) {
      const pad = mode === BlockCipherMode.AESKeyWrapPadding;
      return { wrap: (d) => ({ data: aesKeyWrap(kek, d, pad) }), unwrap: (d) => aesKeyUnwrap(kek, d, pad) };
    }
    if (mode === BlockCipherMode.GCM) {
      const tag = params.tagLength ?? 16;
      const ivBits = params.ivLength ?? 96;
      if (ivBits % 8 !== 0) throw new KmipError(ResultReason.BadCryptographicParameters, 'the IV Length is not a whole number of bytes');
      return { wrap: (d) => aesGcmWrap(kek, d, ivBits / 8, tag), unwrap: (d, iv) => aesGcmUnwrap(kek, d, iv, tag) };
    }
    throw new KmipError(ResultReason.FeatureNotSupported, 'AES keys wrap with NIST Key Wrap, AES Key Wrap Padding or GCM');
  }
  const key = material.key;
  if (key === undefined || key.asymmetricKeyType !== 'rsa') throw new KmipError(ResultReason.FeatureNotSupported, 'only AES and RSA keys wrap keys');
  const padding = params.paddingMethod ?? PaddingMethod.OAEP;
  if (padding !== PaddingMethod.OAEP) throw new KmipError(ResultReason.FeatureNotSupported, 'RSA keys wrap with OAEP only');
  const hash = hashName(params.hashingAlgorithm ?? HashingAlgorithm.SHA_1);
  return {
    wrap: (d) => {
      if (key.type !== 'public') throw new KmipError(ResultReason.InvalidObjectType, 'an RSA key wraps with its public key');
      return { data: rsaOaepWrap(key, d, hash) };
    },
    unwrap: (d) => {
      if (key.type !== 'private') throw new KmipError(ResultReason.InvalidObjectType, 'an RSA-wrapped key unwraps with the private key');
      return rsaOaepUnwrap(key, d, hash);
    },
  };
}

/** The TTLV encoding of a key block's Key Value structure. */
function encodeKeyValue(kb: KeyBlock, version: ProtocolVersion): Buffer {
  const node = KeyBlock.encode(kb, { version });
  const kv = node.type === ItemType.Structure ? node.value.find((n) => n.tag === Tag.KeyValue) : undefined;
  if (kv === undefined) throw new KmipError(ResultReason.KeyValueNotPresent, 'the object has no key value');
  return Buffer.from(encodeTtlv(kv));
}

/** The Key Value structure of TTLV bytes, read for a key block of `format`. */
function decodeKeyValue(bytes: Uint8Array, format: KeyFormatType, version: ProtocolVersion): KeyValue {
  let kv: TtlvNode;
  try {
    kv = decodeTtlv(bytes);
  } catch {
    throw new KmipError(ResultReason.EncodingOptionError, 'the unwrapped Key Value is not TTLV encoded');
  }
  if (kv.tag !== Tag.KeyValue) throw new KmipError(ResultReason.EncodingOptionError, 'the unwrapped data is not a TTLV Key Value');
  const block: TtlvNode = {
    tag: Tag.KeyBlock,
    type: ItemType.Structure,
    value: [{ tag: Tag.KeyFormatType, type: ItemType.Enumeration, value: format }, kv],
  } as TtlvNode;
  const decoded = KeyBlock.decode(block, { version }, undefined);
  if (decoded.keyValue === undefined || decoded.keyValue instanceof Uint8Array) throw new KmipError(ResultReason.EncodingOptionError, 'the unwrapped Key Value is not a structure');
  return decoded.keyValue;
}

/**
 * The plaintext key block `kb` wrapped as `spec` asks.
 * @throws KmipError see the module comment; Encoding Option Error for No Encoding of a structured Key Material or of a Key Value with attributes.
 */
export async function wrapKeyBlock(ctx: OperationContext, source: ManagedRecord, kb: KeyBlock, spec: KeyWrappingSpecification): Promise<KeyBlock> {
  if (spec.wrappingMethod !== WrappingMethod.Encrypt) {
    throw new KmipError(ResultReason.FeatureNotSupported, 'only the Wrapping Method Encrypt is supported');
  }
  if (spec.macSignatureKeyInformation !== undefined) throw new KmipError(ResultReason.FeatureNotSupported, 'MAC/Signature Key Information is not supported');
  const info = spec.encryptionKeyInformation;
  if (info === undefined) throw new KmipError(ResultReason.InvalidField, 'the Wrapping Method Encrypt needs Encryption Key Information');
  const kv = kb.keyValue;
  if (kv === undefined || kv instanceof Uint8Array || kb.keyWrappingData !== undefined) {
    throw new KmipError(ResultReason.KeyValueNotPresent, 'the object has no plaintext key value to wrap');
  }
  const uid = ctx.batch.resolve(info.uniqueIdentifier);
  const rec = await wrappingKeyRecord(ctx, uid, 'wrap');
  if (rec.objectType !== ObjectType.SymmetricKey && rec.objectType !== ObjectType.PublicKey) {
    throw new KmipError(ResultReason.InvalidObjectType, 'a wrapping key is a Symmetric Key or a Public Key');
  }
  const params = wrappingParameters(rec, info.cryptographicParameters);
  const cipher = cipherFor(rec, params);
  const encoding = spec.encodingOption ?? EncodingOption.TTLVEncoding;
  let plain: Buffer;
  if (encoding === EncodingOption.NoEncoding) {
    if (!(kv.keyMaterial instanceof Uint8Array)) {
      throw new KmipError(ResultReason.EncodingOptionError, 'No Encoding wraps a Byte String Key Material: ask for a Key Format Type such as Raw or PKCS#8, or TTLV Encoding');
    }
    if ((spec.attributeName ?? []).length > 0) throw new KmipError(ResultReason.EncodingOptionError, 'with No Encoding the wrapped Key Value carries no attributes');
    plain = Buffer.from(kv.keyMaterial);
  } else if (encoding === EncodingOption.TTLVEncoding) {
    // The Key Value carries the attributes the specification names (Attribute Name), and no others.
    const attribute = (spec.attributeName ?? []).flatMap((name) => source.all(name));
    const keyValue: KeyValue = attribute.length === 0 ? { keyMaterial: kv.keyMaterial } : { keyMaterial: kv.keyMaterial, attributes: { attribute } };
    plain = encodeKeyValue({ ...kb, keyValue }, ctx.version);
  } else {
    throw new KmipError(ResultReason.EncodingOptionError, 'unknown Encoding Option');
  }
  let wrapped: { data: Buffer; iv?: Buffer };
  try {
    wrapped = cipher.wrap(plain);
  } finally {
    plain.fill(0);
  }
  const data: KeyWrappingData = {
    wrappingMethod: WrappingMethod.Encrypt,
    encryptionKeyInformation: info.cryptographicParameters === undefined ? { uniqueIdentifier: uid } : { uniqueIdentifier: uid, cryptographicParameters: info.cryptographicParameters },
  };
  if (wrapped.iv !== undefined) data.ivCounterNonce = wrapped.iv;
  if (spec.encodingOption !== undefined) data.encodingOption = spec.encodingOption;
  return { ...kb, keyValue: wrapped.data, keyWrappingData: data };
}

/** The wrapped bytes of a key block held wrapped: a Byte String Key Value, or (No Encoding) the Key Material of a Key Value structure. */
function wrappedBytes(kb: KeyBlock): Uint8Array {
  const kv = kb.keyValue;
  if (kv instanceof Uint8Array) return kv;
  if (kv !== undefined && kv.keyMaterial instanceof Uint8Array) return kv.keyMaterial;
  throw new KmipError(ResultReason.KeyValueNotPresent, 'the wrapped key has no wrapped key value');
}

/**
 * The plaintext key block of a key block held wrapped, unwrapped with the wrapping key its Key
 * Wrapping Data names.
 * @throws KmipError see the module comment; Cryptographic Failure when the data does not unwrap.
 */
export async function unwrapKeyBlock(ctx: OperationContext, kb: KeyBlock): Promise<KeyBlock> {
  const data = kb.keyWrappingData;
  if (data === undefined) return kb;
  if (data.wrappingMethod !== WrappingMethod.Encrypt || data.macSignatureKeyInformation !== undefined) {
    throw new KmipError(ResultReason.FeatureNotSupported, 'only keys wrapped with the Wrapping Method Encrypt are unwrapped');
  }
  const info = data.encryptionKeyInformation;
  if (info === undefined) throw new KmipError(ResultReason.FeatureNotSupported, 'the Key Wrapping Data names no encryption key');
  if (typeof info.uniqueIdentifier !== 'string') throw new KmipError(ResultReason.WrappingObjectNotFound, 'the Key Wrapping Data names no wrapping key');
  let rec = await wrappingKeyRecord(ctx, info.uniqueIdentifier, 'unwrap');
  if (rec.objectType === ObjectType.PublicKey) {
    const link = rec.all('Link').map((a) => a.value as { linkType: number; linkedObjectIdentifier: unknown }).find((l) => l.linkType === LinkType.PrivateKeyLink);
    if (link === undefined || typeof link.linkedObjectIdentifier !== 'string') {
      throw new KmipError(ResultReason.WrappingObjectNotFound, 'the server holds no private key to unwrap this key with');
    }
    rec = await wrappingKeyRecord(ctx, link.linkedObjectIdentifier, 'unwrap');
  }
  const stored = rec.all('Cryptographic Parameters')[0]?.value as CryptographicParameters | undefined;
  const params = { ...(stored ?? {}), ...Object.fromEntries(Object.entries(info.cryptographicParameters ?? {}).filter(([, v]) => v !== undefined)) } as CryptographicParameters;
  const plain = cipherFor(rec, params).unwrap(wrappedBytes(kb), data.ivCounterNonce);
  const { keyWrappingData: _dropped, ...rest } = kb;
  void _dropped;
  if ((data.encodingOption ?? EncodingOption.TTLVEncoding) === EncodingOption.NoEncoding) {
    return { ...rest, keyValue: { keyMaterial: plain } };
  }
  // The decoded Key Value shares the bytes of `plain` (the reader does not copy): not wiped here.
  return { ...rest, keyValue: decodeKeyValue(plain, kb.keyFormatType, ctx.version) };
}
