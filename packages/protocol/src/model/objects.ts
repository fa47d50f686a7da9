/**
 * Managed objects and their key blocks [KMIP 1.2 §2.1.3-2.1.7, §2.2; KMIP 2.1 §2.1, §3].
 *
 * Two shapes depend on siblings and are hand-written (the escape hatch of rule 4):
 * - the Key Value's Key Material, whose structure is chosen by the Key Block's Key Format Type
 *   (a Byte String for Raw/Opaque/PKCS#1/PKCS#8/X.509/EC Private Key, a transparent key
 *   structure for Transparent* formats); a wrapped Key Value is a Byte String;
 * - the object in Register/Get/Put/Import/Export payloads, chosen by its tag, exposed as one
 *   {@link ManagedObject} union discriminated by `objectType`.
 */
import {
  CertificateRequestType,
  CertificateType,
  CryptographicAlgorithm,
  KeyCompressionType,
  KeyFormatType,
  ObjectType,
  OpaqueDataType,
  RecommendedCurve,
  SecretDataType,
  SplitKeyMethod,
} from '../generated/enums.js';
import { Tag } from '../generated/tags.js';
import { invalidField } from '../errors.js';
import { ItemType, type TtlvNode } from '../ttlv/types.js';
import { AttributeStructure, inlineAttributes } from './attributes.js';
import { KeyWrappingData, isTtlvNode } from './common.js';
import {
  bigInteger,
  bytes,
  childPath,
  custom,
  enumeration,
  formatPath,
  integer,
  optional,
  raw,
  repeated,
  required,
  struct,
  text,
  wrongType,
  type CodecContext,
  type Infer,
  type Path,
  type Schema,
} from './schema.js';

// ---------------------------------------------------------------------------------------------
// Transparent keys (Key Material structures)
// ---------------------------------------------------------------------------------------------

/** Transparent Symmetric Key. */
export const TransparentSymmetricKey = struct(Tag.KeyMaterial, {
  key: required(bytes(Tag.Key)),
});
export type TransparentSymmetricKey = Infer<typeof TransparentSymmetricKey>;

/** Transparent DSA Private Key. */
export const TransparentDSAPrivateKey = struct(Tag.KeyMaterial, {
  p: required(bigInteger(Tag.P)),
  q: required(bigInteger(Tag.Q)),
  g: required(bigInteger(Tag.G)),
  x: required(bigInteger(Tag.X)),
});
export type TransparentDSAPrivateKey = Infer<typeof TransparentDSAPrivateKey>;

/** Transparent DSA Public Key. */
export const TransparentDSAPublicKey = struct(Tag.KeyMaterial, {
  p: required(bigInteger(Tag.P)),
  q: required(bigInteger(Tag.Q)),
  g: required(bigInteger(Tag.G)),
  y: required(bigInteger(Tag.Y)),
});
export type TransparentDSAPublicKey = Infer<typeof TransparentDSAPublicKey>;

/** Transparent RSA Private Key. */
export const TransparentRSAPrivateKey = struct(Tag.KeyMaterial, {
  modulus: required(bigInteger(Tag.Modulus)),
  privateExponent: optional(bigInteger(Tag.PrivateExponent)),
  publicExponent: optional(bigInteger(Tag.PublicExponent)),
  p: optional(bigInteger(Tag.P)),
  q: optional(bigInteger(Tag.Q)),
  primeExponentP: optional(bigInteger(Tag.PrimeExponentP)),
  primeExponentQ: optional(bigInteger(Tag.PrimeExponentQ)),
  crtCoefficient: optional(bigInteger(Tag.CRTCoefficient)),
});
export type TransparentRSAPrivateKey = Infer<typeof TransparentRSAPrivateKey>;

/** Transparent RSA Public Key. */
export const TransparentRSAPublicKey = struct(Tag.KeyMaterial, {
  modulus: required(bigInteger(Tag.Modulus)),
  publicExponent: required(bigInteger(Tag.PublicExponent)),
});
export type TransparentRSAPublicKey = Infer<typeof TransparentRSAPublicKey>;

/** Transparent DH Private Key. */
export const TransparentDHPrivateKey = struct(Tag.KeyMaterial, {
  p: required(bigInteger(Tag.P)),
  q: optional(bigInteger(Tag.Q)),
  g: required(bigInteger(Tag.G)),
  j: optional(bigInteger(Tag.J)),
  x: required(bigInteger(Tag.X)),
});
export type TransparentDHPrivateKey = Infer<typeof TransparentDHPrivateKey>;

/** Transparent DH Public Key. */
export const TransparentDHPublicKey = struct(Tag.KeyMaterial, {
  p: required(bigInteger(Tag.P)),
  q: optional(bigInteger(Tag.Q)),
  g: required(bigInteger(Tag.G)),
  j: optional(bigInteger(Tag.J)),
  y: required(bigInteger(Tag.Y)),
});
export type TransparentDHPublicKey = Infer<typeof TransparentDHPublicKey>;

/** Transparent EC (and 1.x ECDSA/ECDH/ECMQV) Private Key. */
export const TransparentECPrivateKey = struct(Tag.KeyMaterial, {
  recommendedCurve: required(enumeration(Tag.RecommendedCurve, RecommendedCurve)),
  d: required(bigInteger(Tag.D)),
});
export type TransparentECPrivateKey = Infer<typeof TransparentECPrivateKey>;

/** Transparent EC (and 1.x ECDSA/ECDH/ECMQV) Public Key. */
export const TransparentECPublicKey = struct(Tag.KeyMaterial, {
  recommendedCurve: required(enumeration(Tag.RecommendedCurve, RecommendedCurve)),
  qString: required(bytes(Tag.QString)),
});
export type TransparentECPublicKey = Infer<typeof TransparentECPublicKey>;

/** Any transparent key structure. */
export type TransparentKey =
  | TransparentSymmetricKey
  | TransparentDSAPrivateKey
  | TransparentDSAPublicKey
  | TransparentRSAPrivateKey
  | TransparentRSAPublicKey
  | TransparentDHPrivateKey
  | TransparentDHPublicKey
  | TransparentECPrivateKey
  | TransparentECPublicKey;

/** The transparent key schema for each Transparent* Key Format Type. */
export const TRANSPARENT_KEY_SCHEMAS: ReadonlyMap<number, Schema<TransparentKey>> = new Map<number, Schema<TransparentKey>>([
  [KeyFormatType.TransparentSymmetricKey, TransparentSymmetricKey as Schema<TransparentKey>],
  [KeyFormatType.TransparentDSAPrivateKey, TransparentDSAPrivateKey as Schema<TransparentKey>],
  [KeyFormatType.TransparentDSAPublicKey, TransparentDSAPublicKey as Schema<TransparentKey>],
  [KeyFormatType.TransparentRSAPrivateKey, TransparentRSAPrivateKey as Schema<TransparentKey>],
  [KeyFormatType.TransparentRSAPublicKey, TransparentRSAPublicKey as Schema<TransparentKey>],
  [KeyFormatType.TransparentDHPrivateKey, TransparentDHPrivateKey as Schema<TransparentKey>],
  [KeyFormatType.TransparentDHPublicKey, TransparentDHPublicKey as Schema<TransparentKey>],
  [KeyFormatType.TransparentECDSAPrivateKey, TransparentECPrivateKey as Schema<TransparentKey>],
  [KeyFormatType.TransparentECDSAPublicKey, TransparentECPublicKey as Schema<TransparentKey>],
  [KeyFormatType.TransparentECDHPrivateKey, TransparentECPrivateKey as Schema<TransparentKey>],
  [KeyFormatType.TransparentECDHPublicKey, TransparentECPublicKey as Schema<TransparentKey>],
  [KeyFormatType.TransparentECMQVPrivateKey, TransparentECPrivateKey as Schema<TransparentKey>],
  [KeyFormatType.TransparentECMQVPublicKey, TransparentECPublicKey as Schema<TransparentKey>],
  [KeyFormatType.TransparentECPrivateKey, TransparentECPrivateKey as Schema<TransparentKey>],
  [KeyFormatType.TransparentECPublicKey, TransparentECPublicKey as Schema<TransparentKey>],
]);

/**
 * Key Material: a Byte String (`Uint8Array`), a transparent key structure, or — for a Structure
 * under a format type without a transparent schema — the generic tree.
 */
export type KeyMaterial = Uint8Array | TransparentKey | TtlvNode;

function keyMaterialSchema(formatType: number): Schema<KeyMaterial> {
  const transparent = TRANSPARENT_KEY_SCHEMAS.get(formatType);
  return custom<KeyMaterial>({
    kind: 'keyMaterial',
    tag: Tag.KeyMaterial,
    itemTypes: [ItemType.ByteString, ItemType.Structure],
    decode(node, ctx, path) {
      if (node.type === ItemType.ByteString) return node.value;
      if (node.type !== ItemType.Structure) throw wrongType(node, 'ByteString or Structure', path);
      return transparent === undefined ? node : transparent.decode(node, ctx, path);
    },
    encode(value, ctx, tag) {
      if (value instanceof Uint8Array) return { tag, type: ItemType.ByteString, value };
      if (isTtlvNode(value)) return value.tag === tag ? value : ({ ...value, tag } as TtlvNode);
      if (transparent === undefined) throw invalidField('KeyMaterial', `key format type 0x${formatType.toString(16)} has no transparent structure`);
      return transparent.encode(value, ctx, tag);
    },
  });
}

function keyValueStruct(formatType: number) {
  return struct(Tag.KeyValue, {
    keyMaterial: required(keyMaterialSchema(formatType)),
    attributes: inlineAttributes(),
  });
}

/** Key Value (unwrapped): Key Material plus attributes (1.x `Attribute*`, 2.x `Attributes`). */
export type KeyValue = Infer<ReturnType<typeof keyValueStruct>>;

const keyValueStructs = new Map<number, ReturnType<typeof keyValueStruct>>();
function keyValueFor(formatType: number): ReturnType<typeof keyValueStruct> {
  let s = keyValueStructs.get(formatType);
  if (!s) keyValueStructs.set(formatType, (s = keyValueStruct(formatType)));
  return s;
}

const keyBlockBase = struct(Tag.KeyBlock, {
  keyFormatType: required(enumeration(Tag.KeyFormatType, KeyFormatType)),
  keyCompressionType: optional(enumeration(Tag.KeyCompressionType, KeyCompressionType)),
  keyValue: optional(raw(Tag.KeyValue)),
  cryptographicAlgorithm: optional(enumeration(Tag.CryptographicAlgorithm, CryptographicAlgorithm)),
  cryptographicLength: optional(integer(Tag.CryptographicLength)),
  keyWrappingData: optional(KeyWrappingData),
});

/**
 * Key Block. `keyValue` is a {@link KeyValue} structure, or a `Uint8Array` when the Key Value is
 * a Byte String (wrapped key, or PKCS#12 blob).
 */
export type KeyBlock = Omit<Infer<typeof keyBlockBase>, 'keyValue'> & { keyValue?: KeyValue | Uint8Array };

function decodeKeyValue(node: TtlvNode, formatType: number, ctx: CodecContext, path: Path): KeyValue | Uint8Array {
  if (node.type === ItemType.ByteString) return node.value;
  if (node.type !== ItemType.Structure) throw wrongType(node, 'ByteString or Structure', path);
  return keyValueFor(formatType).decode(node, ctx, path);
}

/** Schema of {@link KeyBlock}. */
export const KeyBlock: Schema<KeyBlock> = custom<KeyBlock>({
  kind: 'keyBlock',
  tag: Tag.KeyBlock,
  itemTypes: [ItemType.Structure],
  decode(node, ctx, path) {
    const here = path ?? childPath(undefined, node.tag);
    const base = keyBlockBase.decode(node, ctx, here);
    const { keyValue, ...rest } = base;
    if (keyValue === undefined) return rest;
    return { ...rest, keyValue: decodeKeyValue(keyValue, base.keyFormatType, ctx, childPath(here, Tag.KeyValue)) };
  },
  encode(value, ctx, tag) {
    const { keyValue, ...rest } = value;
    if (keyValue === undefined) return keyBlockBase.encode(rest, ctx, tag);
    const kv: TtlvNode =
      keyValue instanceof Uint8Array
        ? { tag: Tag.KeyValue, type: ItemType.ByteString, value: keyValue }
        : keyValueFor(value.keyFormatType).encode(keyValue, ctx);
    return keyBlockBase.encode({ ...rest, keyValue: kv }, ctx, tag);
  },
});

// ---------------------------------------------------------------------------------------------
// Managed objects
// ---------------------------------------------------------------------------------------------

/** Certificate [1.2 §2.2.1]. */
export const Certificate = struct(Tag.Certificate, {
  certificateType: required(enumeration(Tag.CertificateType, CertificateType)),
  certificateValue: required(bytes(Tag.CertificateValue)),
});
export type Certificate = Infer<typeof Certificate>;

/** Symmetric Key [1.2 §2.2.2]. */
export const SymmetricKey = struct(Tag.SymmetricKey, { keyBlock: required(KeyBlock) });
export type SymmetricKey = Infer<typeof SymmetricKey>;

/** Public Key [1.2 §2.2.3]. */
export const PublicKey = struct(Tag.PublicKey, { keyBlock: required(KeyBlock) });
export type PublicKey = Infer<typeof PublicKey>;

/** Private Key [1.2 §2.2.4]. */
export const PrivateKey = struct(Tag.PrivateKey, { keyBlock: required(KeyBlock) });
export type PrivateKey = Infer<typeof PrivateKey>;

/** Split Key [1.2 §2.2.5]. */
export const SplitKey = struct(Tag.SplitKey, {
  splitKeyParts: required(integer(Tag.SplitKeyParts)),
  keyPartIdentifier: required(integer(Tag.KeyPartIdentifier)),
  splitKeyThreshold: required(integer(Tag.SplitKeyThreshold)),
  splitKeyMethod: required(enumeration(Tag.SplitKeyMethod, SplitKeyMethod)),
  primeFieldSize: optional(bigInteger(Tag.PrimeFieldSize)),
  keyBlock: required(KeyBlock),
});
export type SplitKey = Infer<typeof SplitKey>;

/** Template [1.2 §2.2.6] (1.x only; deprecated in 1.3). */
export const Template = struct(Tag.Template, {
  attribute: repeated(AttributeStructure),
});
export type Template = Infer<typeof Template>;

/** Secret Data [1.2 §2.2.7]. */
export const SecretData = struct(Tag.SecretData, {
  secretDataType: required(enumeration(Tag.SecretDataType, SecretDataType)),
  keyBlock: required(KeyBlock),
});
export type SecretData = Infer<typeof SecretData>;

/** Opaque Object [1.2 §2.2.8]. */
export const OpaqueObject = struct(Tag.OpaqueObject, {
  opaqueDataType: required(enumeration(Tag.OpaqueDataType, OpaqueDataType)),
  opaqueDataValue: required(bytes(Tag.OpaqueDataValue)),
});
export type OpaqueObject = Infer<typeof OpaqueObject>;

/** PGP Key [1.2 §2.2.9]. */
export const PGPKey = struct(Tag.PGPKey, {
  pgpKeyVersion: required(integer(Tag.PGPKeyVersion)),
  keyBlock: required(KeyBlock),
});
export type PGPKey = Infer<typeof PGPKey>;

/** Certificate Request object (2.0+) [2.1 §3.1]. */
export const CertificateRequest = struct(Tag.CertificateRequest, {
  certificateRequestType: required(enumeration(Tag.CertificateRequestType, CertificateRequestType)),
  certificateRequestValue: required(bytes(Tag.CertificateRequestValue)),
});
export type CertificateRequest = Infer<typeof CertificateRequest>;

/** Password Credential object (3.0 draft): only the Password is modelled; the rest stays in `extensions`. */
export const PasswordCredential = struct(Tag.PasswordCredential, {
  password: optional(text(Tag.Password), { since: '3.0' }),
});
export type PasswordCredential = Infer<typeof PasswordCredential>;

/** A managed object, discriminated by `objectType` (not on the wire: implied by the tag). */
export type ManagedObject =
  | ({ objectType: typeof ObjectType.Certificate } & Certificate)
  | ({ objectType: typeof ObjectType.SymmetricKey } & SymmetricKey)
  | ({ objectType: typeof ObjectType.PublicKey } & PublicKey)
  | ({ objectType: typeof ObjectType.PrivateKey } & PrivateKey)
  | ({ objectType: typeof ObjectType.SplitKey } & SplitKey)
  | ({ objectType: typeof ObjectType.Template } & Template)
  | ({ objectType: typeof ObjectType.SecretData } & SecretData)
  | ({ objectType: typeof ObjectType.OpaqueObject } & OpaqueObject)
  | ({ objectType: typeof ObjectType.PGPKey } & PGPKey)
  | ({ objectType: typeof ObjectType.CertificateRequest } & CertificateRequest)
  | ({ objectType: typeof ObjectType.PasswordCredential } & PasswordCredential);

/** Object Type, tag and schema of every managed object the model types. */
export const MANAGED_OBJECT_SCHEMAS: readonly { readonly objectType: ObjectType; readonly schema: Schema<unknown> }[] = [
  { objectType: ObjectType.Certificate, schema: Certificate as Schema<unknown> },
  { objectType: ObjectType.SymmetricKey, schema: SymmetricKey as Schema<unknown> },
  { objectType: ObjectType.PublicKey, schema: PublicKey as Schema<unknown> },
  { objectType: ObjectType.PrivateKey, schema: PrivateKey as Schema<unknown> },
  { objectType: ObjectType.SplitKey, schema: SplitKey as Schema<unknown> },
  { objectType: ObjectType.Template, schema: Template as Schema<unknown> },
  { objectType: ObjectType.SecretData, schema: SecretData as Schema<unknown> },
  { objectType: ObjectType.OpaqueObject, schema: OpaqueObject as Schema<unknown> },
  { objectType: ObjectType.PGPKey, schema: PGPKey as Schema<unknown> },
  { objectType: ObjectType.CertificateRequest, schema: CertificateRequest as Schema<unknown> },
  { objectType: ObjectType.PasswordCredential, schema: PasswordCredential as Schema<unknown> },
];

const byTag = new Map(MANAGED_OBJECT_SCHEMAS.map((e) => [e.schema.tag, e]));
const byType = new Map(MANAGED_OBJECT_SCHEMAS.map((e) => [e.objectType as number, e]));

/** The object's tag for an Object Type, or undefined when the model has no schema for it. */
export function objectTagFor(objectType: number): number | undefined {
  return byType.get(objectType)?.schema.tag;
}

/**
 * Schema of "any object" in Register, Get, Put, Import, Export and Create Credential payloads:
 * decoded by the item's tag, encoded by `objectType`.
 */
export const ManagedObject: Schema<ManagedObject> = custom<ManagedObject>({
  kind: 'managedObject',
  tag: Tag.SymmetricKey,
  tags: MANAGED_OBJECT_SCHEMAS.map((e) => e.schema.tag),
  itemTypes: [ItemType.Structure],
  decode(node, ctx, path) {
    const e = byTag.get(node.tag);
    if (e === undefined) throw invalidField(formatPath(path), 'not a managed object');
    const v = e.schema.decode(node, ctx, path) as Record<string, unknown>;
    return { objectType: e.objectType, ...v } as ManagedObject;
  },
  encode(value, ctx) {
    const e = byType.get(value.objectType);
    if (e === undefined) throw invalidField('object', `no schema for object type 0x${value.objectType.toString(16)}`);
    const { objectType: _objectType, ...rest } = value;
    return e.schema.encode(rest, ctx);
  },
});
