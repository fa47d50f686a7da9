/**
 * Key wrapping for Get and Export, unwrapping for Key Wrap Type Not Wrapped, Import and rewrapping
 * [KMIP 1.2 §2.1.3-2.1.6, §4.11; 2.1 §2.1.3-2.1.6, §6.1.19, §6.1.25]:
 *
 * - {@link wrapKeyBlock}: a Key Wrapping Specification wraps the returned Key Value with its
 *   Wrapping Method: Encrypt, MAC/sign, Encrypt then MAC/sign (the MAC/signature covers the
 *   encrypted bytes) or MAC/sign then encrypt (it covers the encoded plaintext, and stays in the
 *   MAC/Signature field of the Key Wrapping Data). Encryption is under the key the Encryption Key
 *   Information names — an AES key (Block Cipher Mode NIST Key Wrap [RFC 3394] by default, AES
 *   Key Wrap Padding [RFC 5649], or GCM: IV in IV/Counter/Nonce, Key Value = ciphertext || tag)
 *   or an RSA public key (Padding Method OAEP, Hashing Algorithm SHA-1 unless given, the MGF1
 *   hash the same; with Block Cipher Mode AES Key Wrap Padding as well: RSA-AES key wrap,
 *   PKCS#11 CKM_RSA_AES_KEY_WRAP, ../crypto/wrap.ts). MAC and signature: ./key-wrapping-mac.ts.
 *   Encoding Option No Encoding wraps the Byte String Key Material (no attributes); TTLV Encoding
 *   (the default when absent) wraps the TTLV-encoded Key Value structure with the attributes the
 *   Attribute Names select. Cryptographic Parameters in a Key Information must match an instance
 *   of the key's Cryptographic Parameters attribute (1.2 §2.1.6).
 * - The wrapped Key Value's layout (docs/encodings.md "Key wrapping"): a key the server holds in
 *   plaintext is returned wrapped as a Byte String Key Value [1.2 §2.1.3 Table 7, §2.1.4; the
 *   OASIS test cases TC-141-11/12, TC-SENSITIVE-1-14, AX-M-2-14/21/30]; a key registered wrapped
 *   keeps the layout it was registered in — returned as registered, and, with No Encoding, rewrapped
 *   into a Key Value structure whose Key Material is the wrapped bytes when it came so
 *   [§2.1.5 "the encoding of the Key Material within the Key Value structure"; TC-WRAP-1/3-14].
 * - {@link unwrapKeyBlock}: a key held wrapped is unwrapped with the keys its Key Wrapping Data
 *   names, its MAC/Signature checked (Cryptographic Failure when it does not verify). A key wrapped
 *   under an RSA public key is unwrapped with the private key of its Private Key Link. The OASIS
 *   test cases TC-WRAP-2/3-14 unwrap with a key whose mask has Wrap Key only, so either Wrap Key
 *   or Unwrap Key allows it.
 * - {@link checkKeyWrappingData}: what Register and Import require of a Key Wrapping Data.
 *
 * The keys' errors: ./wrapping-key.ts (Wrapping Object Not Found / Archived / Destroyed), then the
 * key-use policy of crypto/usage.ts like Encrypt / Decrypt (Incompatible Cryptographic Usage Mask,
 * Wrong Key Lifecycle State, Protect Stop Date / Process Start Date, Usage Limits counted in the
 * item's transaction: Permission Denied when used up). An encryption key needs Wrap Key.
 * Invalid Field for a Key Information missing or out of place for the method; Feature Not
 * Supported for TR-31 and for ciphers the server lacks; Bad Cryptographic Parameters; Encoding
 * Option Error.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import {
  BlockCipherMode,
  CryptographicAlgorithm,
  decodeTtlv,
  EncodingOption,
  encodeTtlv,
  HashingAlgorithm,
  ItemType,
  KeyBlock,
  KmipError,
  ObjectType,
  PaddingMethod,
  ResultReason,
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
import { aesGcmUnwrap, aesGcmWrap, aesKeyUnwrap, aesKeyWrap, rsaAesKeyUnwrap, rsaAesKeyWrap, rsaOaepUnwrap, rsaOaepWrap } from '../crypto/wrap.js';
import type { ManagedRecord } from '../objects/managed.js';
import type { OperationContext } from './context.js';
import { macOrSign, verifyMacOrSignature } from './key-wrapping-mac.js';
import { privateKeyLink, takeWrapUsage, unwrappingParameters, wrappingKeyRecord, wrappingParameters } from './wrapping-key.js';

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
  if (params.maskGeneratorHashingAlgorithm !== undefined && hashName(params.maskGeneratorHashingAlgorithm) !== hash) {
    throw new KmipError(ResultReason.FeatureNotSupported, 'an MGF1 hash different from the OAEP hash is not supported');
  }
  const mode = params.blockCipherMode;
  if (mode !== undefined && mode !== BlockCipherMode.AESKeyWrapPadding) {
    throw new KmipError(ResultReason.FeatureNotSupported, 'an RSA key wraps with OAEP, or RSA-AES with Block Cipher Mode AES Key Wrap Padding');
  }
  const hybrid = mode === BlockCipherMode.AESKeyWrapPadding;
  return {
    wrap: (d) => {
      if (key.type !== 'public') throw new KmipError(ResultReason.InvalidObjectType, 'an RSA key wraps with its public key');
      return { data: hybrid ? rsaAesKeyWrap(key, d, hash) : rsaOaepWrap(key, d, hash) };
    },
    unwrap: (d) => {
      if (key.type !== 'private') throw new KmipError(ResultReason.InvalidObjectType, 'an RSA-wrapped key unwraps with the private key');
      return hybrid ? rsaAesKeyUnwrap(key, d, hash) : rsaOaepUnwrap(key, d, hash);
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


/** The parts of a Wrapping Method: encryption, MAC/signature. */
function methodParts(method: number): { readonly encrypt: boolean; readonly mac: boolean } {
  switch (method) {
    case WrappingMethod.Encrypt:
      return { encrypt: true, mac: false };
    case WrappingMethod.MACSign:
      return { encrypt: false, mac: true };
    case WrappingMethod.EncryptThenMACSign:
    case WrappingMethod.MACSignThenEncrypt:
      return { encrypt: true, mac: true };
    case WrappingMethod.TR_31:
      throw new KmipError(ResultReason.FeatureNotSupported, 'the Wrapping Method TR-31 is not supported');
    default:
      throw new KmipError(ResultReason.FeatureNotSupported, 'this Wrapping Method is not supported');
  }
}

/** The Key Informations a Wrapping Method needs, and none it does not use (Invalid Field). */
function checkKeyInformation(method: number, fields: { readonly encryptionKeyInformation?: unknown; readonly macSignatureKeyInformation?: unknown }): { readonly encrypt: boolean; readonly mac: boolean } {
  const parts = methodParts(method);
  if (parts.encrypt !== (fields.encryptionKeyInformation !== undefined)) {
    throw new KmipError(ResultReason.InvalidField, parts.encrypt ? 'the Wrapping Method needs Encryption Key Information' : 'the Wrapping Method MAC/sign takes no Encryption Key Information');
  }
  if (parts.mac !== (fields.macSignatureKeyInformation !== undefined)) {
    throw new KmipError(ResultReason.InvalidField, parts.mac ? 'the Wrapping Method needs MAC/Signature Key Information' : 'the Wrapping Method Encrypt takes no MAC/Signature Key Information');
  }
  return parts;
}

/**
 * What Register and Import require of the Key Wrapping Data of a key they store wrapped: the Key
 * Informations of its Wrapping Method, and a MAC/Signature when the method MACs or signs. A TR-31
 * key block is stored as given (the server cannot unwrap it).
 * @throws KmipError Invalid Field.
 */
export function checkKeyWrappingData(data: KeyWrappingData): void {
  if (data.wrappingMethod === WrappingMethod.TR_31) return;
  const { mac } = checkKeyInformation(data.wrappingMethod, data);
  if (mac && data.macSignature === undefined) throw new KmipError(ResultReason.InvalidField, 'the Key Wrapping Data of a MACed or signed key needs its MAC/Signature');
}

/** The plaintext to wrap: the Key Material (No Encoding) or the TTLV-encoded Key Value with the attributes named. */
function encodedKeyValue(ctx: OperationContext, source: ManagedRecord, kb: KeyBlock, kv: KeyValue, spec: KeyWrappingSpecification): Buffer {
  const encoding = spec.encodingOption ?? EncodingOption.TTLVEncoding;
  if (encoding === EncodingOption.NoEncoding) {
    if (!(kv.keyMaterial instanceof Uint8Array)) {
      throw new KmipError(ResultReason.EncodingOptionError, 'No Encoding wraps a Byte String Key Material: ask for a Key Format Type such as Raw or PKCS#8, or TTLV Encoding');
    }
    if ((spec.attributeName ?? []).length > 0) throw new KmipError(ResultReason.EncodingOptionError, 'with No Encoding the wrapped Key Value carries no attributes');
    return Buffer.from(kv.keyMaterial);
  }
  if (encoding !== EncodingOption.TTLVEncoding) throw new KmipError(ResultReason.EncodingOptionError, 'unknown Encoding Option');
  // The Key Value carries the attributes the specification names (Attribute Name), and no others.
  const attribute = (spec.attributeName ?? []).flatMap((name) => source.all(name));
  const keyValue: KeyValue = attribute.length === 0 ? { keyMaterial: kv.keyMaterial } : { keyMaterial: kv.keyMaterial, attributes: { attribute } };
  return encodeKeyValue({ ...kb, keyValue }, ctx.version);
}

/** How a wrapped Key Value is laid out (see the module comment). */
export interface WrapLayout {
  /** With No Encoding, a Key Value structure whose Key Material is the wrapped bytes (else a Byte String Key Value). */
  readonly keyValueStructure?: boolean;
}

/**
 * The plaintext key block `kb` of `source` wrapped as `spec` asks.
 * @throws KmipError see the module comment; Encoding Option Error for No Encoding of a structured Key Material or of a Key Value with attributes.
 */
export async function wrapKeyBlock(ctx: OperationContext, source: ManagedRecord, kb: KeyBlock, spec: KeyWrappingSpecification, layout: WrapLayout = {}): Promise<KeyBlock> {
  const method = spec.wrappingMethod;
  const { encrypt, mac } = checkKeyInformation(method, spec);
  const kv = kb.keyValue;
  if (kv === undefined || kv instanceof Uint8Array || kb.keyWrappingData !== undefined) {
    throw new KmipError(ResultReason.KeyValueNotPresent, 'the object has no plaintext key value to wrap');
  }
  const data: KeyWrappingData = { wrappingMethod: method };
  let cipher: ReturnType<typeof cipherFor> | undefined;
  let wrapKey: ManagedRecord | undefined;
  const info = spec.encryptionKeyInformation;
  if (encrypt && info !== undefined) {
    const uid = ctx.batch.resolve(info.uniqueIdentifier);
    const rec = await wrappingKeyRecord(ctx, uid, 'wrap', true, 'wrapping');
    wrapKey = rec;
    if (rec.objectType !== ObjectType.SymmetricKey && rec.objectType !== ObjectType.PublicKey) {
      throw new KmipError(ResultReason.InvalidObjectType, 'a wrapping key is a Symmetric Key or a Public Key');
    }
    cipher = cipherFor(rec, wrappingParameters(rec, info.cryptographicParameters));
    data.encryptionKeyInformation = info.cryptographicParameters === undefined ? { uniqueIdentifier: uid } : { uniqueIdentifier: uid, cryptographicParameters: info.cryptographicParameters };
  }
  const macInfo = spec.macSignatureKeyInformation;
  const macUid = mac && macInfo !== undefined ? ctx.batch.resolve(macInfo.uniqueIdentifier) : undefined;
  if (macInfo !== undefined && macUid !== undefined) {
    data.macSignatureKeyInformation = macInfo.cryptographicParameters === undefined ? { uniqueIdentifier: macUid } : { uniqueIdentifier: macUid, cryptographicParameters: macInfo.cryptographicParameters };
  }
  const plain = encodedKeyValue(ctx, source, kb, kv, spec);
  let value: Buffer = plain;
  try {
    if (wrapKey !== undefined) await takeWrapUsage(ctx, wrapKey, plain.length);
    if (method === WrappingMethod.MACSignThenEncrypt && macUid !== undefined) data.macSignature = await macOrSign(ctx, macUid, macInfo?.cryptographicParameters, plain);
    if (cipher !== undefined) {
      const wrapped = cipher.wrap(plain);
      value = wrapped.data;
      if (wrapped.iv !== undefined) data.ivCounterNonce = wrapped.iv;
    }
    if ((method === WrappingMethod.MACSign || method === WrappingMethod.EncryptThenMACSign) && macUid !== undefined) {
      data.macSignature = await macOrSign(ctx, macUid, macInfo?.cryptographicParameters, value);
    }
  } finally {
    // MAC/sign alone leaves the Key Value in the clear: `value` is `plain` then.
    if (value !== plain) plain.fill(0);
  }
  if (spec.encodingOption !== undefined) data.encodingOption = spec.encodingOption;
  const structure = layout.keyValueStructure === true && spec.encodingOption === EncodingOption.NoEncoding;
  return { ...kb, keyValue: structure ? { keyMaterial: value } : value, keyWrappingData: data };
}

/** The wrapped bytes of a key block held wrapped: a Byte String Key Value, or (No Encoding) the Key Material of a Key Value structure. */
function wrappedBytes(kb: KeyBlock): Uint8Array {
  const kv = kb.keyValue;
  if (kv instanceof Uint8Array) return kv;
  if (kv !== undefined && kv.keyMaterial instanceof Uint8Array) return kv.keyMaterial;
  throw new KmipError(ResultReason.KeyValueNotPresent, 'the wrapped key has no wrapped key value');
}

/** Decrypts the wrapped bytes with the key the Encryption Key Information names (an RSA public key: its private key). */
async function decryptKeyValue(ctx: OperationContext, data: KeyWrappingData, bytes: Uint8Array): Promise<Buffer> {
  const info = data.encryptionKeyInformation;
  if (info === undefined) throw new KmipError(ResultReason.InvalidField, 'the Key Wrapping Data names no encryption key');
  if (typeof info.uniqueIdentifier !== 'string') throw new KmipError(ResultReason.WrappingObjectNotFound, 'the Key Wrapping Data names no wrapping key');
  let rec = await wrappingKeyRecord(ctx, info.uniqueIdentifier, 'unwrap', true, 'wrapping');
  if (rec.objectType === ObjectType.PublicKey) rec = await wrappingKeyRecord(ctx, privateKeyLink(rec, 'unwrap this key'), 'unwrap', true, 'wrapping');
  return cipherFor(rec, unwrappingParameters(rec, info.cryptographicParameters)).unwrap(bytes, data.ivCounterNonce);
}

/** Checks the MAC/Signature of a key held wrapped over `bytes`. */
async function verifyKeyValue(ctx: OperationContext, data: KeyWrappingData, bytes: Uint8Array): Promise<void> {
  const info = data.macSignatureKeyInformation;
  if (info === undefined || data.macSignature === undefined) throw new KmipError(ResultReason.InvalidField, 'the Key Wrapping Data has no MAC/Signature Key Information or no MAC/Signature');
  if (typeof info.uniqueIdentifier !== 'string') throw new KmipError(ResultReason.WrappingObjectNotFound, 'the Key Wrapping Data names no MAC/signature key');
  await verifyMacOrSignature(ctx, info.uniqueIdentifier, info.cryptographicParameters, bytes, data.macSignature);
}

/**
 * The plaintext key block of a key block held wrapped, unwrapped and checked with the keys its Key
 * Wrapping Data names.
 * @throws KmipError see the module comment; Cryptographic Failure when the data does not unwrap or its MAC/Signature does not verify.
 */
export async function unwrapKeyBlock(ctx: OperationContext, kb: KeyBlock): Promise<KeyBlock> {
  const data = kb.keyWrappingData;
  if (data === undefined) return kb;
  const method = data.wrappingMethod;
  const { encrypt } = checkKeyInformation(method, data);
  const bytes = wrappedBytes(kb);
  if (method === WrappingMethod.MACSign || method === WrappingMethod.EncryptThenMACSign) await verifyKeyValue(ctx, data, bytes);
  const plain = encrypt ? await decryptKeyValue(ctx, data, bytes) : Buffer.from(bytes);
  try {
    if (method === WrappingMethod.MACSignThenEncrypt) await verifyKeyValue(ctx, data, plain);
  } catch (e) {
    plain.fill(0);
    throw e;
  }
  const { keyWrappingData: _dropped, ...rest } = kb;
  void _dropped;
  if ((data.encodingOption ?? EncodingOption.TTLVEncoding) === EncodingOption.NoEncoding) {
    return { ...rest, keyValue: { keyMaterial: plain } };
  }
  // The decoded Key Value shares the bytes of `plain` (the reader does not copy): not wiped here.
  return { ...rest, keyValue: decodeKeyValue(plain, kb.keyFormatType, ctx.version) };
}
