/**
 * How managed objects and attributes are kept in the store: the canonical model (protocol
 * package) encoded as TTLV with the KMIP 2.1 codecs, whatever version the client spoke. Version
 * differences are applied when a response is encoded, never in storage.
 */
import {
  attributeByName,
  decodeTaggedAttribute,
  definedIn,
  decodeTtlv,
  encodeTaggedAttribute,
  encodeTtlv,
  ManagedObject,
  ObjectType,
  Tag,
  type Attribute,
  type CodecContext,
} from '@keyhold/protocol';
import type { StoredAttribute } from '../store/types.js';

/** The codec context of stored data. */
export const STORAGE_CONTEXT: CodecContext = { version: { major: 2, minor: 1 } };

/**
 * The codec context of one attribute: the 2.1 form, except for the attributes KMIP 2.x no longer
 * has (the 1.0 Certificate Identifier, Subject and Issuer), whose fields only the 1.x codecs know
 * — they are kept in the KMIP 1.4 form.
 */
function attributeContext(name: string): CodecContext {
  const def = attributeByName(name);
  return def !== undefined && !definedIn(def, STORAGE_CONTEXT.version) ? TEMPLATE_CONTEXT : STORAGE_CONTEXT;
}

/** Canonical attribute -> stored form. */
export function toStoredAttribute(a: Attribute): StoredAttribute {
  const { index, ...rest } = a;
  return { name: a.name, index: index ?? 0, value: encodeTaggedAttribute(rest, attributeContext(a.name)) };
}

/** Stored form -> canonical attribute (index kept only when non-zero). */
export function fromStoredAttribute(s: StoredAttribute): Attribute {
  const a = decodeTaggedAttribute(s.value, attributeContext(s.name), { parent: undefined, tag: s.value.tag });
  return s.index === 0 ? a : { ...a, index: s.index };
}

/**
 * 1.x Template objects (gone in 2.0) hold 1.x Attribute structures, so they are stored in the
 * KMIP 1.4 form; every other object in the 2.1 form.
 */
const TEMPLATE_CONTEXT: CodecContext = { version: { major: 1, minor: 4 } };

/** Managed object -> TTLV bytes for the store (the store encrypts them at rest). */
export function encodeStoredObject(obj: ManagedObject): Uint8Array {
  return encodeTtlv(ManagedObject.encode(obj, obj.objectType === ObjectType.Template ? TEMPLATE_CONTEXT : STORAGE_CONTEXT));
}

/** TTLV bytes from the store -> managed object (Byte Strings copied, so they can be wiped). */
export function decodeStoredObject(bytes: Uint8Array): ManagedObject {
  const node = decodeTtlv(bytes, { copyByteStrings: true });
  return ManagedObject.decode(node, node.tag === Tag.Template ? TEMPLATE_CONTEXT : STORAGE_CONTEXT, { parent: undefined, tag: node.tag });
}
