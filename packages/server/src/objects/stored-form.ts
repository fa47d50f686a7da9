/**
 * How managed objects and attributes are kept in the store: the canonical model (protocol
 * package) encoded as TTLV with the KMIP 2.1 codecs, whatever version the client spoke. Version
 * differences are applied when a response is encoded, never in storage.
 */
import {
  decodeTaggedAttribute,
  decodeTtlv,
  encodeTaggedAttribute,
  encodeTtlv,
  ManagedObject,
  Tag,
  type Attribute,
  type CodecContext,
} from '@keyhold/protocol';
import type { StoredAttribute } from '../store/types.js';

/** The codec context of stored data. */
export const STORAGE_CONTEXT: CodecContext = { version: { major: 2, minor: 1 } };

/** Canonical attribute -> stored form. */
export function toStoredAttribute(a: Attribute): StoredAttribute {
  const { index, ...rest } = a;
  return { name: a.name, index: index ?? 0, value: encodeTaggedAttribute(rest, STORAGE_CONTEXT) };
}

/** Stored form -> canonical attribute (index kept only when non-zero). */
export function fromStoredAttribute(s: StoredAttribute): Attribute {
  const a = decodeTaggedAttribute(s.value, STORAGE_CONTEXT, { parent: undefined, tag: s.value.tag });
  return s.index === 0 ? a : { ...a, index: s.index };
}

/** Managed object -> TTLV bytes for the store (the store encrypts them at rest). */
export function encodeStoredObject(obj: ManagedObject): Uint8Array {
  return encodeTtlv(ManagedObject.encode(obj, STORAGE_CONTEXT));
}

/** TTLV bytes from the store -> managed object (Byte Strings copied, so they can be wiped). */
export function decodeStoredObject(bytes: Uint8Array): ManagedObject {
  return ManagedObject.decode(decodeTtlv(bytes, { copyByteStrings: true }), STORAGE_CONTEXT, { parent: undefined, tag: Tag.ObjectType });
}
