/**
 * Get [KMIP 1.2 §4.11, 2.1 §6.1.19]: returns the object, for keys in the Key Format Type (and
 * Key Compression Type) the client asks for — Raw, Opaque, PKCS#1, PKCS#8, X.509, EC Private Key,
 * Transparent Symmetric/RSA/EC/DSA keys — converted by the key layer. Without a requested format
 * a key is returned as stored (as registered, or the default format of KMIP 2.1 Table 81 for keys
 * the server generated), except that a 1.0-1.2 client gets the 1.x Transparent ECDSA/ECDH/ECMQV
 * form of a Transparent EC key, a format its version does not have.
 *
 * A Key Wrapping Specification returns the key wrapped (AES Key Wrap, AES Key Wrap Padding,
 * AES-GCM, RSA-OAEP, RSA-AES; MAC/sign with HMAC, CMAC, RSA or ECDSA; ./key-wrapping.ts). A key held wrapped (registered with its Key Wrapping
 * Data) is returned as registered, or unwrapped for Key Wrap Type Not Wrapped. Keys whose
 * Extractable attribute is false never leave the server, not even wrapped (Not Extractable);
 * Sensitive keys leave it only wrapped, and encrypted — not with MAC/sign alone (Sensitive; 1.x before 1.4: Permission Denied). Export
 * (./export.ts) returns the object the same way ({@link retrievableObject}, {@link markServed}).
 *
 * A destroyed object keeps only its metadata: 2.x answers Object Destroyed. KMIP 1.x has no such
 * reason; its Destroy destroys the Managed Object and MAY keep the metadata (1.2 §4.21), so the
 * object asked for does not exist any more — Item Not Found, the first row of the 1.2 Get table
 * (Table 301), and what the OASIS test case TC-314 shows in 1.0, 1.1 and 1.2. (The table's row
 * "Object exists … but the server only has attributes for this object", Illegal Operation, is
 * about an object that exists; a destroyed one does not.)
 *
 * Result Reasons: Object Not Found (1.x Item Not Found); Permission Denied; Object Destroyed (no
 * key material left; 1.x Item Not Found); Key Format Type Not Supported; Key Compression Type Not
 * Supported; Not Extractable; Sensitive; Key Wrap Type Not Supported; Invalid Object Type; the
 * wrapping errors (Wrapping Object Not Found / Archived / Destroyed, Incompatible Cryptographic
 * Usage Mask, Wrong Key Lifecycle State, Bad Cryptographic Parameters, Encoding Option Error,
 * Cryptographic Failure when a held key does not unwrap or its MAC/Signature does not verify, Invalid Field for
 * Key Informations that do not fit the Wrapping Method, Feature Not Supported for TR-31); Object Archived.
 */
import {
  CryptographicAlgorithm,
  definedIn,
  ENUM_DEFS,
  KeyFormatType,
  KeyWrapType,
  KmipError,
  ObjectType,
  Operation,
  ResultReason,
  WrappingMethod,
  type KeyBlock,
  type KeyValue,
  type KeyWrappingSpecification,
  type ManagedObject,
  type ProtocolVersion,
  type TransparentKey,
} from '@keyhold/protocol';
import { exportKey, isEncryptedPkcs8, type KeyMaterialValue } from '../crypto/index.js';
import { kmipError } from '../errors/kmip.js';
import type { ManagedRecord } from '../objects/managed.js';
import { defineOperation, type OperationContext } from './context.js';
import { splitKeyMethodInVersion } from './create-split-key.js';
import { unwrapKeyBlock, wrapKeyBlock } from './key-wrapping.js';

const CONVERTIBLE = new Set<number>([ObjectType.SymmetricKey, ObjectType.PublicKey, ObjectType.PrivateKey, ObjectType.SecretData]);

/** The key block in another Key Format Type / Key Compression Type. */
export function convertKeyBlock(objectType: number, kb: KeyBlock, format: KeyFormatType | undefined, compression: number | undefined): KeyBlock {
  const wantFormat = format ?? kb.keyFormatType;
  if (wantFormat === kb.keyFormatType && compression === undefined) return kb;
  const kv = kb.keyValue;
  if (kv === undefined || kv instanceof Uint8Array || kb.keyWrappingData !== undefined) {
    throw new KmipError(ResultReason.KeyFormatTypeNotSupported, 'a wrapped key cannot be converted to another Key Format Type');
  }
  const material = (kv as KeyValue).keyMaterial;
  if (kb.keyFormatType === KeyFormatType.PKCS_8 && material instanceof Uint8Array && isEncryptedPkcs8(material)) {
    throw new KmipError(ResultReason.KeyFormatTypeNotSupported, 'an encrypted PKCS#8 key is only available as registered: the server cannot decrypt it');
  }
  const out = exportKey(
    {
      objectType: objectType as ObjectType,
      format: kb.keyFormatType,
      material: (kv as KeyValue).keyMaterial as KeyMaterialValue,
      algorithm: kb.cryptographicAlgorithm,
      lengthBits: kb.cryptographicLength,
    },
    wantFormat,
    compression === undefined ? {} : { keyCompressionType: compression as never },
  );
  const keyValue: KeyValue = { ...(kv as KeyValue), keyMaterial: out.material as Uint8Array | TransparentKey };
  const next: KeyBlock = { ...kb, keyFormatType: out.format, keyValue };
  if (out.keyCompressionType !== undefined) next.keyCompressionType = out.keyCompressionType;
  if (out.algorithm !== undefined) next.cryptographicAlgorithm = out.algorithm;
  if (out.lengthBits !== undefined) next.cryptographicLength = out.lengthBits;
  return next;
}

const keyFormatDefs = new Map(ENUM_DEFS.find((e) => e.name === 'Key Format Type')?.values.map((v) => [v.value, v]) ?? []);

/**
 * The Key Format Type to return a key in when the client asks for none: undefined (as stored),
 * unless the request's version does not know the stored format — a Transparent EC key (KMIP 1.3+)
 * for a 1.0-1.2 client becomes the Transparent ECDH / ECMQV / ECDSA key of its algorithm.
 */
export function formatForVersion(kb: KeyBlock, version: ProtocolVersion): KeyFormatType | undefined {
  const def = keyFormatDefs.get(kb.keyFormatType);
  if (def === undefined || definedIn(def, version)) return undefined;
  const alg = kb.cryptographicAlgorithm;
  const F = KeyFormatType;
  if (kb.keyFormatType === F.TransparentECPrivateKey) {
    return alg === CryptographicAlgorithm.ECDH ? F.TransparentECDHPrivateKey : alg === CryptographicAlgorithm.ECMQV ? F.TransparentECMQVPrivateKey : F.TransparentECDSAPrivateKey;
  }
  if (kb.keyFormatType === F.TransparentECPublicKey) {
    return alg === CryptographicAlgorithm.ECDH ? F.TransparentECDHPublicKey : alg === CryptographicAlgorithm.ECMQV ? F.TransparentECMQVPublicKey : F.TransparentECDSAPublicKey;
  }
  return undefined;
}

/** The request fields that say how a retrieved object is returned (Get, Export). */
export interface RetrievalOptions {
  readonly keyFormatType?: KeyFormatType | undefined;
  readonly keyWrapType?: number | undefined;
  readonly keyCompressionType?: number | undefined;
  readonly keyWrappingSpecification?: KeyWrappingSpecification | undefined;
}

/**
 * The object of `obj` as Get returns it (Export returns it "in the same manner as the Get
 * operation", 2.1 §6.1.18): refused when destroyed, or when the key is not extractable, or
 * sensitive and not asked for wrapped; a key held wrapped is returned as registered, or
 * unwrapped for Key Wrap Type Not Wrapped and before rewrapping (./key-wrapping.ts); converted
 * to the requested Key Format Type / Key Compression Type, or to a format the request's version
 * knows; then wrapped as the Key Wrapping Specification asks.
 * @throws KmipError Object Destroyed (1.x Item Not Found), Not Extractable, Sensitive, Key Format Type Not Supported,
 * Key Compression Type Not Supported, Key Wrap Type Not Supported, Invalid Object Type (wrapping an object without a
 * Key Block), and the wrapping errors of ./key-wrapping.ts.
 */
export async function retrievableObject(obj: ManagedRecord, req: RetrievalOptions, ctx: OperationContext): Promise<ManagedObject> {
  const object = obj.object;
  if (object === null) throw kmipError(ResultReason.ObjectDestroyed, 'the object has been destroyed: only its attributes remain', ResultReason.ItemNotFound);
  if (object.objectType === ObjectType.SplitKey && !splitKeyMethodInVersion(object.splitKeyMethod, ctx.version)) throw new KmipError(ResultReason.FeatureNotSupported, 'the Split Key Method of this part is not defined in the request\'s KMIP version');
  const spec = req.keyWrappingSpecification;
  if (req.keyWrapType !== undefined && req.keyWrapType !== KeyWrapType.NotWrapped && req.keyWrapType !== KeyWrapType.AsRegistered) {
    throw new KmipError(ResultReason.KeyWrapTypeNotSupported, 'unknown Key Wrap Type');
  }
  if (!('keyBlock' in object)) {
    if (spec !== undefined) throw new KmipError(ResultReason.InvalidObjectType, 'only objects with a Key Block can be returned wrapped');
    if (req.keyFormatType !== undefined || req.keyCompressionType !== undefined) {
      throw new KmipError(ResultReason.KeyFormatTypeNotSupported, 'only objects with a Key Block have a Key Format Type');
    }
    return object;
  }
  const heldWrapped = object.keyBlock.keyWrappingData !== undefined;
  // A key registered MAC/signed only is held in the clear: for Sensitive it counts as not wrapped.
  const heldEncrypted = heldWrapped && object.keyBlock.keyWrappingData?.wrappingMethod !== WrappingMethod.MACSign;
  if (obj.value('Extractable') === false) throw new KmipError(ResultReason.NotExtractable, 'the key is not extractable');
  const unwrap = heldWrapped && (spec !== undefined || req.keyWrapType === KeyWrapType.NotWrapped);
  // MAC/sign alone leaves the Key Value in the clear: a sensitive key leaves only encrypted.
  const encrypted = spec !== undefined && spec.wrappingMethod !== WrappingMethod.MACSign;
  if (obj.value('Sensitive') === true && !encrypted && !(heldEncrypted && !unwrap)) {
    throw new KmipError(ResultReason.Sensitive, 'the key is sensitive: it may only be exported wrapped (encrypted)');
  }
  const base: ManagedObject = unwrap ? ({ ...object, keyBlock: await unwrapKeyBlock(ctx, object.keyBlock) } as ManagedObject) : object;
  if (!('keyBlock' in base)) return base;
  let out: ManagedObject = base;
  if (req.keyFormatType !== undefined || req.keyCompressionType !== undefined) {
    if (!CONVERTIBLE.has(base.objectType)) {
      // A PGP Key or Split Key is served in the format it was registered in (TC-PGP-1-14 asks for it by name), never converted.
      if ((req.keyFormatType ?? base.keyBlock.keyFormatType) !== base.keyBlock.keyFormatType || req.keyCompressionType !== undefined) {
        throw new KmipError(ResultReason.KeyFormatTypeNotSupported, 'a PGP Key or Split Key is only available in the Key Format Type it was registered in');
      }
    } else {
      out = { ...base, keyBlock: convertKeyBlock(base.objectType, base.keyBlock, req.keyFormatType, req.keyCompressionType) } as ManagedObject;
    }
  } else if (CONVERTIBLE.has(base.objectType) && base.keyBlock.keyWrappingData === undefined) {
    const format = formatForVersion(base.keyBlock, ctx.version);
    if (format !== undefined) out = { ...base, keyBlock: convertKeyBlock(base.objectType, base.keyBlock, format, undefined) } as ManagedObject;
  }
  if (spec !== undefined && 'keyBlock' in out) {
    // A key registered wrapped in a Key Value structure is rewrapped in that layout (./key-wrapping.ts).
    const keyValueStructure = heldWrapped && !(object.keyBlock.keyValue instanceof Uint8Array);
    out = { ...out, keyBlock: await wrapKeyBlock(ctx, obj, out.keyBlock, spec, { keyValueStructure }) } as ManagedObject;
  }
  return out;
}

/** Records that the object has been served to a client: Fresh becomes false [1.2 §3.34, 2.1 §4.24]. */
export async function markServed(obj: ManagedRecord, ctx: OperationContext): Promise<void> {
  if (obj.value('Fresh') === true) {
    obj.set('Fresh', false);
    await ctx.objects.save(obj);
  }
}

export const get = defineOperation(Operation.Get, async (req, ctx) => {
  const uid = ctx.batch.resolve(req.uniqueIdentifier);
  const obj = await ctx.objects.load(uid);
  const out = await retrievableObject(obj, req, ctx);
  await markServed(obj, ctx);
  return { objectType: out.objectType, uniqueIdentifier: uid, object: out };
});
