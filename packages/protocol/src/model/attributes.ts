/**
 * The attribute model: one canonical representation for KMIP 1.x, 2.x and the 3.0 draft
 * (design/STYLE.md rule 5; kmip-spec/NOTES.md §4).
 *
 * Canonical form ({@link Attribute}):
 * - `name` is the specification name ("Cryptographic Algorithm", "Certificate Subject CN",
 *   "Next Link"), or for custom/vendor attributes the 1.x-style name `<vendor>-<name>`
 *   ("x-ID"): a 1.x custom attribute "x-ID" and a 2.x vendor attribute (Vendor Identification
 *   "x", Attribute Name "ID") are the same canonical attribute;
 * - `vendorIdentification` is set only when the vendor cannot be recovered from `name` (a
 *   vendor identification that itself contains "-");
 * - `index` is the 1.x Attribute Index, present only when it was on the wire (absent means 0);
 * - `value` is typed by the attribute ({@link AttributeValueMap}); custom, vendor and unknown
 *   attributes carry a Text String as `string`, an Integer as `number`, a Long Integer as
 *   `bigint`, a Boolean as `boolean`, a Byte String as `Uint8Array`, and any other item type
 *   as the generic {@link TtlvNode} (so the item type survives a round trip).
 *
 * Wire forms, chosen by the version of the message on encode and by the tag on decode:
 * - 1.x: `Attribute {Attribute Name, Attribute Index?, Attribute Value}` items, grouped in a
 *   Template-Attribute (with Template Names) or repeated directly in a payload;
 * - 2.x/3.0: each attribute under its own tag inside `Attributes` (`Common/Private Key/Public Key
 *   Attributes`), vendor attributes as `Attribute {Vendor Identification, Attribute Name,
 *   Attribute Value}`; one attribute in `New Attribute` / `Current Attribute`; names as
 *   `Attribute Reference` (an Enumeration holding the tag, or Vendor Identification + Name).
 */
import {
  CertificateType,
  CredentialType,
  CryptographicAlgorithm,
  DigitalSignatureAlgorithm,
  KeyFormatType,
  NISTKeyType,
  ObjectClass,
  ObjectType,
  OpaqueDataType,
  ProtectionLevel,
  SplitKeyMethod,
  SplitKeyPolynomial,
  State,
} from '../generated/enums.js';
import { CryptographicUsageMask, ProtectionStorageMask } from '../generated/masks.js';
import { Tag, TAG_DEFS } from '../generated/tags.js';
import { invalidField } from '../errors.js';
import { attributeByName, attributeByTag, enumForTag, tagBySpecName, tagDef } from '../registry/lookup.js';
import { ItemType, type TtlvNode } from '../ttlv/types.js';
import {
  AlternativeName,
  ApplicationSpecificInformation,
  CertificateIdentifier,
  CertificateIssuer,
  CertificateSubject,
  CryptographicDomainParameters,
  CryptographicParameters,
  DeactivationReason,
  Digest,
  KeyValueLocation,
  Link,
  Name,
  RevocationReason,
  RNGParameters,
  RotateName,
  UsageLimits,
  X_509CertificateIdentifier,
  X_509CertificateIssuer,
  X_509CertificateSubject,
  isTtlvNode,
  link30,
} from './common.js';
import {
  boolean,
  byVersion,
  bytes,
  childPath,
  custom,
  dateTime,
  enumeration,
  fieldOf,
  formatPath,
  integer,
  interval,
  mask,
  optional,
  primitiveForType,
  repeated,
  retag,
  struct,
  text,
  uid,
  withinBounds,
  bounds,
  wrongType,
  type CodecContext,
  type Field,
  type FieldAlt,
  type Infer,
  type ObjectRef,
  type Path,
  type Schema,
  type VersionRange,
} from './schema.js';

// ---------------------------------------------------------------------------------------------
// Attribute value schemas, by specification name
// ---------------------------------------------------------------------------------------------

const nameValue = byVersion<Name | string>(
  { until: '2.1', schema: Name as Schema<Name | string> },
  { since: '3.0', schema: text(Tag.Name) as Schema<Name | string> },
);
const rotateNameValue = byVersion<RotateName | string>(
  { until: '2.1', schema: RotateName as Schema<RotateName | string> },
  { since: '3.0', schema: text(Tag.RotateName) as Schema<RotateName | string> },
);

/**
 * Value schema of every standard attribute, by specification name. The static type of each
 * attribute's value ({@link AttributeValueMap}) is derived from this table.
 */
export const ATTRIBUTE_VALUE_SCHEMAS = {
  'Activation Date': dateTime(Tag.ActivationDate),
  'Alternative Name': AlternativeName,
  'Always Sensitive': boolean(Tag.AlwaysSensitive),
  'Application Specific Information': ApplicationSpecificInformation,
  'Archive Date': dateTime(Tag.ArchiveDate),
  'Certificate Identifier': CertificateIdentifier,
  'Certificate Issuer': CertificateIssuer,
  'Certificate Length': integer(Tag.CertificateLength),
  'Certificate Subject': CertificateSubject,
  'Certificate Type': enumeration(Tag.CertificateType, CertificateType),
  Comment: text(Tag.Comment),
  'Compromise Date': dateTime(Tag.CompromiseDate),
  'Compromise Occurrence Date': dateTime(Tag.CompromiseOccurrenceDate),
  'Contact Information': text(Tag.ContactInformation),
  'Credential Type': enumeration(Tag.CredentialType, CredentialType),
  'Cryptographic Algorithm': enumeration(Tag.CryptographicAlgorithm, CryptographicAlgorithm),
  'Cryptographic Domain Parameters': CryptographicDomainParameters,
  'Cryptographic Length': integer(Tag.CryptographicLength),
  'Cryptographic Parameters': CryptographicParameters,
  'Cryptographic Usage Mask': mask(Tag.CryptographicUsageMask, CryptographicUsageMask),
  'Deactivation Date': dateTime(Tag.DeactivationDate),
  'Deactivation Reason': DeactivationReason,
  Description: text(Tag.Description),
  'Destroy Date': dateTime(Tag.DestroyDate),
  Digest: Digest,
  'Digital Signature Algorithm': enumeration(Tag.DigitalSignatureAlgorithm, DigitalSignatureAlgorithm),
  Extractable: boolean(Tag.Extractable),
  Fresh: boolean(Tag.Fresh),
  'Initial Date': dateTime(Tag.InitialDate),
  'Key Format Type': enumeration(Tag.KeyFormatType, KeyFormatType),
  'Key Part Identifier': integer(Tag.KeyPartIdentifier),
  'Key Value Location': KeyValueLocation,
  'Key Value Present': boolean(Tag.KeyValuePresent),
  'Last Change Date': dateTime(Tag.LastChangeDate),
  'Lease Time': interval(Tag.LeaseTime),
  Link: Link,
  Name: nameValue,
  'Never Extractable': boolean(Tag.NeverExtractable),
  'NIST Key Type': enumeration(Tag.NISTKeyType, NISTKeyType),
  'NIST Security Category': integer(Tag.NISTSecurityCategory),
  'Object Class': enumeration(Tag.ObjectClass, ObjectClass),
  'Object Group': text(Tag.ObjectGroup),
  'Object Type': enumeration(Tag.ObjectType, ObjectType),
  'Opaque Data Type': enumeration(Tag.OpaqueDataType, OpaqueDataType),
  'Operation Policy Name': text(Tag.OperationPolicyName),
  'Original Creation Date': dateTime(Tag.OriginalCreationDate),
  'OTP Counter': bytes(Tag.OTPCounter),
  'PKCS#12 Friendly Name': text(Tag.PKCS_12FriendlyName),
  'Process Start Date': dateTime(Tag.ProcessStartDate),
  'Protect Stop Date': dateTime(Tag.ProtectStopDate),
  'Protection Level': enumeration(Tag.ProtectionLevel, ProtectionLevel),
  'Protection Period': interval(Tag.ProtectionPeriod),
  'Protection Storage Mask': mask(Tag.ProtectionStorageMask, ProtectionStorageMask),
  'Quantum Safe': boolean(Tag.QuantumSafe),
  'Random Number Generator': retag(RNGParameters, Tag.RandomNumberGenerator),
  'Revocation Reason': RevocationReason,
  'Rotate Automatic': boolean(Tag.RotateAutomatic),
  'Rotate Date': dateTime(Tag.RotateDate),
  'Rotate Generation': integer(Tag.RotateGeneration),
  'Rotate Interval': interval(Tag.RotateInterval),
  'Rotate Latest': boolean(Tag.RotateLatest),
  'Rotate Name': rotateNameValue,
  'Rotate Offset': interval(Tag.RotateOffset),
  Sensitive: boolean(Tag.Sensitive),
  'Short Unique Identifier': bytes(Tag.ShortUniqueIdentifier),
  'Split Key Method': enumeration(Tag.SplitKeyMethod, SplitKeyMethod),
  'Split Key Parts': integer(Tag.SplitKeyParts),
  'Split Key Polynomial': enumeration(Tag.SplitKeyPolynomial, SplitKeyPolynomial),
  'Split Key Threshold': integer(Tag.SplitKeyThreshold),
  State: enumeration(Tag.State, State),
  'Unique Identifier': uid(Tag.UniqueIdentifier),
  'Usage Limits': UsageLimits,
  'X.509 Certificate Identifier': X_509CertificateIdentifier,
  'X.509 Certificate Issuer': X_509CertificateIssuer,
  'X.509 Certificate Subject': X_509CertificateSubject,
} as const;

/** Names of the standard attributes with a typed value. */
export type StandardAttributeName = keyof typeof ATTRIBUTE_VALUE_SCHEMAS;

/** The value type of each standard attribute, by specification name. */
export type AttributeValueMap = { [K in StandardAttributeName]: Infer<(typeof ATTRIBUTE_VALUE_SCHEMAS)[K]> };

/** The value of a custom, vendor or unknown attribute (see the module comment). */
export type GenericAttributeValue = string | number | bigint | boolean | Uint8Array | TtlvNode;

/** Any attribute value. */
export type AttributeValue = AttributeValueMap[StandardAttributeName] | ObjectRef | GenericAttributeValue;

/** One attribute in canonical form (see the module comment). */
export interface Attribute {
  name: string;
  index?: number;
  vendorIdentification?: string;
  value?: AttributeValue;
  /** Undeclared children of a 1.x Attribute / 2.x vendor Attribute structure. */
  extensions?: TtlvNode[];
}

/**
 * A set of attributes: 1.x Template-Attribute (Common/Private Key/Public Key Template-Attribute,
 * or `Attribute*` repeated in a payload) and 2.x Attributes (Common/Private Key/Public Key
 * Attributes) alike.
 */
export interface Attributes {
  attribute: Attribute[];
  /** 1.x Template-Attribute only: Names of Template objects (deprecated in 1.3, dropped in 2.x). */
  name?: Name[];
  extensions?: TtlvNode[];
}

/** A typed standard attribute (a convenience constructor). */
export function attribute<N extends StandardAttributeName>(name: N, value: AttributeValueMap[N], index?: number): Attribute {
  return index === undefined ? { name, value: value as AttributeValue } : { name, index, value: value as AttributeValue };
}

/** The first attribute named `name` (with `index` when given; absent index counts as 0). */
export function findAttribute(attrs: Attributes | readonly Attribute[] | undefined, name: string, index?: number): Attribute | undefined {
  const list = attrs === undefined ? [] : Array.isArray(attrs) ? (attrs as readonly Attribute[]) : (attrs as Attributes).attribute;
  return list.find((a) => a.name === name && (index === undefined || (a.index ?? 0) === index));
}

/** The typed value of the first attribute named `name`, or undefined. */
export function attributeValue<N extends StandardAttributeName>(attrs: Attributes | readonly Attribute[] | undefined, name: N): AttributeValueMap[N] | undefined {
  return findAttribute(attrs, name)?.value as AttributeValueMap[N] | undefined;
}

// Group members (Certificate Attributes, Links, Counters) and any other tag the registry knows:
// value schema derived from the tag's registry type.
const derivedSchemas = new Map<string, Schema<unknown>>();
for (const t of TAG_DEFS) {
  if (t.name in ATTRIBUTE_VALUE_SCHEMAS) continue;
  let s: Schema<unknown> | undefined;
  if (t.type === 'Varies' && t.alternatives?.includes('Reference')) s = link30(t.tag) as Schema<unknown>;
  else if (t.type === 'Enumeration') {
    const table = enumForTag(t.tag);
    if (table) s = enumeration(t.tag, Object.fromEntries([...table.byName].map(([k, v]) => [k, v.value]))) as Schema<unknown>;
  } else s = primitiveForType(t.type, t.tag);
  if (s) derivedSchemas.set(t.name, s);
}

/** The value schema for an attribute name, or undefined for custom, vendor and unknown names. */
export function attributeValueSchema(name: string): Schema<unknown> | undefined {
  const known = (ATTRIBUTE_VALUE_SCHEMAS as Readonly<Record<string, Schema<unknown>>>)[name];
  if (known) return known;
  // Only names that are attributes (or attribute group members, or tags) get a derived schema.
  return derivedSchemas.get(name);
}

/** Decodes a value whose type the name does not tell (custom/vendor/unknown attributes). */
function decodeGeneric(node: TtlvNode): GenericAttributeValue {
  switch (node.type) {
    case ItemType.TextString:
    case ItemType.Integer:
    case ItemType.LongInteger:
    case ItemType.Boolean:
    case ItemType.ByteString:
      return node.value;
    default:
      return node;
  }
}

function encodeGeneric(value: AttributeValue, tag: number, path: string): TtlvNode {
  if (isTtlvNode(value)) return value.tag === tag ? value : ({ ...value, tag } as TtlvNode);
  switch (typeof value) {
    case 'string':
      return { tag, type: ItemType.TextString, value };
    case 'number':
      return { tag, type: ItemType.Integer, value };
    case 'bigint':
      return { tag, type: ItemType.LongInteger, value };
    case 'boolean':
      return { tag, type: ItemType.Boolean, value };
    default:
      if (value instanceof Uint8Array) return { tag, type: ItemType.ByteString, value };
      throw invalidField(path, 'a custom attribute value must be a string, number, bigint, boolean, Uint8Array or TTLV item');
  }
}

function decodeValue(name: string, node: TtlvNode, ctx: CodecContext, path: Path): AttributeValue {
  const s = attributeValueSchema(name);
  return (s === undefined ? decodeGeneric(node) : s.decode(node, ctx, path)) as AttributeValue;
}

function encodeValue(name: string, value: AttributeValue, ctx: CodecContext, tag: number): TtlvNode {
  const s = attributeValueSchema(name);
  if (s === undefined || isTtlvNode(value)) return encodeGeneric(value, tag, name);
  return s.encode(value, ctx, tag);
}

/**
 * A value whose type the context does not fix (Adjustment Value, custom attributes): a Text
 * String, Integer, Long Integer, Boolean or Byte String as the JavaScript value, anything else
 * as the generic tree.
 */
export function genericValue(tag: number): Schema<GenericAttributeValue> {
  return custom<GenericAttributeValue>({
    kind: 'generic',
    tag,
    itemTypes: null,
    decode: (node) => decodeGeneric(node),
    encode: (value, _ctx, t) => encodeGeneric(value, t, tagDef(t)?.name ?? 'value'),
  });
}

// ---------------------------------------------------------------------------------------------
// Names <-> tags and vendor names
// ---------------------------------------------------------------------------------------------

function hexTag(tag: number): string {
  return `0x${tag.toString(16).padStart(6, '0')}`;
}

/** The canonical attribute name of a 2.x attribute tag (spec name; hex for unknown tags). */
export function attributeNameForTag(tag: number): string {
  return attributeByTag(tag)?.name ?? tagDef(tag)?.name ?? hexTag(tag);
}

/** The 2.x tag of a canonical standard attribute name, or undefined (custom/vendor names). */
export function attributeTagForName(name: string): number | undefined {
  const a = attributeByName(name);
  if (a && a.tag !== null && a.tag !== Tag.Attribute) return a.tag;
  const t = tagBySpecName(name);
  if (t) return t.tag;
  if (/^0x[0-9a-fA-F]{6}$/.test(name)) return Number.parseInt(name.slice(2), 16);
  return undefined;
}

/** Canonical name of a 2.x vendor attribute (`<vendor>-<name>`) and the explicit vendor if needed. */
export function vendorAttributeName(vendorIdentification: string, attributeName: string): { name: string; vendorIdentification?: string } {
  const name = `${vendorIdentification}-${attributeName}`;
  return vendorIdentification.includes('-') ? { name, vendorIdentification } : { name };
}

/** Splits a canonical custom/vendor name into 2.x Vendor Identification and Attribute Name. */
export function splitVendorName(name: string, vendorIdentification?: string): { vendorIdentification: string; attributeName: string } | undefined {
  if (vendorIdentification !== undefined) {
    const prefix = `${vendorIdentification}-`;
    return { vendorIdentification, attributeName: name.startsWith(prefix) ? name.slice(prefix.length) : name };
  }
  const dash = name.indexOf('-');
  if (dash <= 0) return undefined;
  return { vendorIdentification: name.slice(0, dash), attributeName: name.slice(dash + 1) };
}

// ---------------------------------------------------------------------------------------------
// The Attribute structure (tag 0x420008): 1.x generic form and 2.x vendor form
// ---------------------------------------------------------------------------------------------

const v1Base = struct(Tag.Attribute, {
  attributeName: optional(text(Tag.AttributeName)),
  attributeIndex: optional(integer(Tag.AttributeIndex)),
  attributeValue: optional(custom<TtlvNode>({ kind: 'raw', tag: Tag.AttributeValue, decode: (n) => n, encode: (v) => v })),
});

const vendorBase = struct(Tag.Attribute, {
  vendorIdentification: optional(text(Tag.VendorIdentification)),
  attributeName: optional(text(Tag.AttributeName)),
  attributeValue: optional(custom<TtlvNode>({ kind: 'raw', tag: Tag.AttributeValue, decode: (n) => n, encode: (v) => v })),
});

function missingName(path: Path): never {
  throw invalidField(formatPath(path), 'Attribute Name is missing');
}

/**
 * The `Attribute` structure: 1.x `{Attribute Name, Attribute Index?, Attribute Value}` or 2.x
 * vendor `{Vendor Identification, Attribute Name, Attribute Value}` (chosen by content on
 * decode, by version on encode). 1.x Attribute Values are typed by the attribute name.
 */
export const AttributeStructure: Schema<Attribute> = custom<Attribute>({
  kind: 'attribute',
  tag: Tag.Attribute,
  itemTypes: [ItemType.Structure],
  decode(node, ctx, path) {
    const here = path ?? childPath(undefined, node.tag);
    if (node.type !== ItemType.Structure) throw wrongType(node, 'Structure', here);
    const vendor = node.value[0]?.tag === Tag.VendorIdentification;
    if (vendor) {
      const b = vendorBase.decode(node, ctx, here);
      if (b.attributeName === undefined || b.vendorIdentification === undefined) missingName(here);
      const a: Attribute = vendorAttributeName(b.vendorIdentification, b.attributeName);
      if (b.attributeValue !== undefined) a.value = decodeGeneric(b.attributeValue);
      if (b.extensions) a.extensions = b.extensions;
      return a;
    }
    const b = v1Base.decode(node, ctx, here);
    if (b.attributeName === undefined) missingName(here);
    const a: Attribute = { name: b.attributeName };
    if (b.attributeIndex !== undefined) a.index = b.attributeIndex;
    if (b.attributeValue !== undefined) a.value = decodeValue(b.attributeName, b.attributeValue, ctx, childPath(here, Tag.AttributeValue));
    if (b.extensions) a.extensions = b.extensions;
    return a;
  },
  encode(a, ctx, tag) {
    if (ctx.version.major >= 2) {
      const split = splitVendorName(a.name, a.vendorIdentification);
      if (split === undefined) throw invalidField(a.name, 'attribute name has no vendor form');
      return vendorBase.encode(
        {
          vendorIdentification: split.vendorIdentification,
          attributeName: split.attributeName,
          ...(a.value === undefined ? {} : { attributeValue: encodeGeneric(a.value, Tag.AttributeValue, a.name) }),
          ...(a.extensions === undefined ? {} : { extensions: a.extensions }),
        },
        ctx,
        tag,
      );
    }
    return v1Base.encode(
      {
        attributeName: a.name,
        ...(a.index === undefined ? {} : { attributeIndex: a.index }),
        ...(a.value === undefined ? {} : { attributeValue: encodeValue(a.name, a.value, ctx, Tag.AttributeValue) }),
        ...(a.extensions === undefined ? {} : { extensions: a.extensions }),
      },
      ctx,
      tag,
    );
  },
});

// ---------------------------------------------------------------------------------------------
// 2.x: one attribute under its own tag; Attributes containers; New/Current Attribute
// ---------------------------------------------------------------------------------------------

/** Decodes one 2.x attribute item (its own tag, or a vendor `Attribute`). */
export function decodeTaggedAttribute(node: TtlvNode, ctx: CodecContext, path: Path): Attribute {
  if (node.tag === Tag.Attribute) return AttributeStructure.decode(node, ctx, path);
  const name = attributeNameForTag(node.tag);
  return { name, value: decodeValue(name, node, ctx, path) };
}

/** Encodes one attribute in 2.x form (its own tag when standard, else a vendor `Attribute`). */
export function encodeTaggedAttribute(a: Attribute, ctx: CodecContext): TtlvNode {
  const tag = a.vendorIdentification === undefined ? attributeTagForName(a.name) : undefined;
  if (tag === undefined) return AttributeStructure.encode(a, ctx.version.major >= 2 ? ctx : { version: { major: 2, minor: 1 } });
  if (a.value === undefined) throw invalidField(a.name, 'a 2.x attribute needs a value');
  return encodeValue(a.name, a.value, ctx, tag);
}

/** Schema of a 2.x Attributes container (`Attributes`, `Common Attributes`, …) for `tag`. */
export function attributesContainer(tag: number): Schema<Attributes> {
  return custom<Attributes>({
    kind: 'attributes',
    tag,
    itemTypes: [ItemType.Structure],
    decode(node, ctx, path) {
      const here = path ?? childPath(undefined, node.tag);
      if (node.type !== ItemType.Structure) throw wrongType(node, 'Structure', here);
      const counts = new Map<number, number>();
      const attribute = node.value.map((child) => {
        const n = counts.get(child.tag) ?? 0;
        counts.set(child.tag, n + 1);
        return decodeTaggedAttribute(child, ctx, childPath(here, child.tag, n));
      });
      return { attribute };
    },
    encode(value, ctx, t) {
      const children = value.attribute.map((a) => encodeTaggedAttribute(a, ctx));
      if (value.extensions) children.push(...value.extensions);
      return { tag: t, type: ItemType.Structure, value: children };
    },
  });
}

/** Schema of a 1.x Template-Attribute-like structure (Name*, Attribute*) for `tag`. */
export function templateAttribute(tag: number): Schema<Attributes> {
  const base = struct(tag, {
    name: repeated(Name),
    attribute: repeated(AttributeStructure),
  });
  return custom<Attributes>({
    kind: 'templateAttribute',
    tag,
    itemTypes: [ItemType.Structure],
    decode(node, ctx, path) {
      const b = base.decode(node, ctx, path);
      const out: Attributes = { attribute: b.attribute ?? [] };
      if (b.name) out.name = b.name;
      if (b.extensions) out.extensions = b.extensions;
      return out;
    },
    encode(value, ctx, t) {
      return base.encode(
        {
          ...(value.name === undefined ? {} : { name: value.name }),
          ...(value.attribute.length === 0 ? {} : { attribute: value.attribute }),
          ...(value.extensions === undefined ? {} : { extensions: value.extensions }),
        },
        ctx,
        t,
      );
    },
  });
}

/**
 * An attribute set carried as 1.x `tag1x` (a Template-Attribute) and 2.x `tag2x` (Attributes).
 * E.g. `attributeSet(Tag.TemplateAttribute, Tag.Attributes)` for Create.
 */
export function attributeSet(tag1x: number, tag2x: number): Schema<Attributes> {
  return byVersion<Attributes>({ until: '1.4', schema: templateAttribute(tag1x) }, { since: '2.0', schema: attributesContainer(tag2x) });
}

/** Template-Attribute (1.x) / Attributes (2.x). */
export const TemplateAttributeOrAttributes = attributeSet(Tag.TemplateAttribute, Tag.Attributes);
/** Common Template-Attribute (1.x) / Common Attributes (2.x). */
export const CommonAttributes = attributeSet(Tag.CommonTemplateAttribute, Tag.CommonAttributes);
/** Private Key Template-Attribute (1.x) / Private Key Attributes (2.x). */
export const PrivateKeyAttributes = attributeSet(Tag.PrivateKeyTemplateAttribute, Tag.PrivateKeyAttributes);
/** Public Key Template-Attribute (1.x) / Public Key Attributes (2.x). */
export const PublicKeyAttributes = attributeSet(Tag.PublicKeyTemplateAttribute, Tag.PublicKeyAttributes);
/** 2.x Attributes (no 1.x form: used by 2.x-only structures). */
export const AttributesStructure = attributesContainer(Tag.Attributes);

const inlineAlt: FieldAlt<Attributes> = {
  tags: [Tag.Attribute],
  multi: true,
  bounds: bounds({ until: '1.4' }),
  schema: AttributeStructure as Schema<unknown>,
  decode(node, ctx, path, prev) {
    const a = AttributeStructure.decode(node, ctx, path);
    if (prev === undefined) return { attribute: [a] };
    prev.attribute.push(a);
    return prev;
  },
  encode(value, ctx, out) {
    for (const a of value.attribute) out.push(AttributeStructure.encode(a, ctx));
  },
};

const containerAlt: FieldAlt<Attributes> = {
  tags: [Tag.Attributes],
  multi: false,
  bounds: bounds({ since: '2.0' }),
  schema: AttributesStructure as Schema<unknown>,
  decode: (node, ctx, path) => AttributesStructure.decode(node, ctx, path),
  encode(value, ctx, out) {
    out.push(AttributesStructure.encode(value, ctx));
  },
};

/**
 * A payload field holding attributes as 1.x `Attribute*` items directly in the payload and as a
 * 2.x `Attributes` structure (Locate, Get Attributes response, Notify, Put, Import, Export,
 * Key Value). Canonical property name: `attributes`.
 */
export function inlineAttributes(range: VersionRange = {}): Field<Attributes, 'optional'> {
  return fieldOf('optional', [inlineAlt, containerAlt], range);
}

function singleAttributeWrapper(tag: number): Schema<Attribute> {
  return custom<Attribute>({
    kind: 'attributeWrapper',
    tag,
    itemTypes: [ItemType.Structure],
    decode(node, ctx, path) {
      const here = path ?? childPath(undefined, node.tag);
      if (node.type !== ItemType.Structure) throw wrongType(node, 'Structure', here);
      const [only, ...rest] = node.value;
      if (only === undefined) throw invalidField(formatPath(here), 'no attribute');
      const a = decodeTaggedAttribute(only, ctx, childPath(here, only.tag));
      if (rest.length > 0) a.extensions = [...(a.extensions ?? []), ...rest];
      return a;
    },
    encode(a, ctx, t) {
      return { tag: t, type: ItemType.Structure, value: [encodeTaggedAttribute(a, ctx)] };
    },
  });
}

/** 2.x New Attribute: one attribute. */
export const NewAttribute = singleAttributeWrapper(Tag.NewAttribute);
/** 2.x Current Attribute: one attribute. */
export const CurrentAttribute = singleAttributeWrapper(Tag.CurrentAttribute);

/** One attribute: 1.x `Attribute` structure, 2.x `New Attribute` (Add/Modify/Set Attribute). */
export const NewAttributeOrAttribute = byVersion<Attribute>({ until: '1.4', schema: AttributeStructure }, { since: '2.0', schema: NewAttribute });

// ---------------------------------------------------------------------------------------------
// Attribute Reference (2.x) <-> attribute name
// ---------------------------------------------------------------------------------------------

const referenceStruct = struct(Tag.AttributeReference, {
  vendorIdentification: optional(text(Tag.VendorIdentification)),
  attributeName: optional(text(Tag.AttributeName)),
});

/** The canonical attribute name an Attribute Reference item names. */
export function attributeReferenceToName(node: TtlvNode, ctx: CodecContext = { version: { major: 2, minor: 1 } }, path?: Path): string {
  const here = path ?? childPath(undefined, node.tag);
  if (node.type === ItemType.Enumeration) return attributeNameForTag(node.value);
  if (node.type === ItemType.Structure) {
    const b = referenceStruct.decode(node, ctx, here);
    if (b.vendorIdentification === undefined || b.attributeName === undefined) throw invalidField(formatPath(here), 'incomplete vendor attribute reference');
    return vendorAttributeName(b.vendorIdentification, b.attributeName).name;
  }
  throw wrongType(node, 'Enumeration or Structure', here);
}

/** The Attribute Reference item for a canonical attribute name (tag form or vendor form). */
export function attributeNameToReference(name: string, ctx: CodecContext = { version: { major: 2, minor: 1 } }, tag: number = Tag.AttributeReference): TtlvNode {
  const t = attributeTagForName(name);
  if (t !== undefined) return { tag, type: ItemType.Enumeration, value: t };
  const split = splitVendorName(name);
  if (split === undefined) throw invalidField(name, 'attribute name has no 2.x reference form');
  return referenceStruct.encode(split, ctx, tag);
}

/** 2.x Attribute Reference as a canonical attribute name. */
export const AttributeReference: Schema<string> = custom<string>({
  kind: 'attributeReference',
  tag: Tag.AttributeReference,
  itemTypes: [ItemType.Enumeration, ItemType.Structure],
  decode: (node, ctx, path) => attributeReferenceToName(node, ctx, path),
  encode: (name, ctx, tag) => attributeNameToReference(name, ctx, tag),
});

/** An attribute name: 1.x Attribute Name (Text String), 2.x Attribute Reference. */
export const AttributeNameOrReference = byVersion<string>({ until: '1.4', schema: text(Tag.AttributeName) }, { since: '2.0', schema: AttributeReference });

// ---------------------------------------------------------------------------------------------
// Conversions for callers that hold trees
// ---------------------------------------------------------------------------------------------

/** Decodes a Template-Attribute (1.x) or Attributes (2.x) structure, whichever `node` is. */
export function attributesFromTtlv(node: TtlvNode, ctx: CodecContext): Attributes {
  const s = node.tag === Tag.Attributes || node.tag === Tag.CommonAttributes || node.tag === Tag.PrivateKeyAttributes || node.tag === Tag.PublicKeyAttributes
    ? attributesContainer(node.tag)
    : templateAttribute(node.tag);
  return s.decode(node, ctx);
}

/** Encodes attributes for `ctx.version`: a Template-Attribute in 1.x, Attributes in 2.x+. */
export function attributesToTtlv(attrs: Attributes, ctx: CodecContext, tag1x: number = Tag.TemplateAttribute, tag2x: number = Tag.Attributes): TtlvNode {
  return attributeSet(tag1x, tag2x).encode(attrs, ctx);
}

/** True when the attribute definition `name` exists in version `ctx.version` per the registry. */
export function attributeDefinedIn(name: string, ctx: CodecContext): boolean {
  const a = attributeByName(name);
  return a !== undefined && withinBounds(bounds(a), ctx.version);
}
