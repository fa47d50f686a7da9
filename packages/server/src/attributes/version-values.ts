/**
 * Enumeration values inside attribute values, by protocol version. Each value of an enumeration
 * has the version that introduced it (and, for values retired in 2.0, the last one that had it)
 * [KMIP 1.4 §9.1.3.2 and 2.1 §11, the registry's "since"/"until"]: a 1.3 request may not set a
 * Link of type PKCS#12 Certificate Link (1.4), and a 1.3 response never shows one, even when a
 * 1.4 client created it. Attribute names are checked by `attributeInVersion` (policy.ts); this
 * looks inside the values, at every Enumeration item of the encoded value (Link Type, Object
 * Type, the fields of Cryptographic Parameters …). Mask bits are left alone: a 1.x usage mask
 * with a bit 2.0 retired stays readable in 2.x.
 */
import { definedIn, encodeTaggedAttribute, enumForTag, formatVersion, ItemType, type Attribute, type ProtocolVersion, type TtlvNode } from '@keyhold/protocol';

function firstUndefinedEnum(node: TtlvNode, version: ProtocolVersion): string | undefined {
  if (node.type === ItemType.Enumeration) {
    const table = enumForTag(node.tag);
    const v = table?.byValue.get(node.value);
    return table !== undefined && v !== undefined && !definedIn(v, version) ? `${table.name} value ${v.name}` : undefined;
  }
  if (node.type !== ItemType.Structure) return undefined;
  for (const child of node.value) {
    const found = firstUndefinedEnum(child, version);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The first enumeration value of the attribute's value that `version` does not define, as text
 * ("Link Type value PKCS#12 Certificate Link"), or undefined. Custom and vendor attributes, and
 * values the version cannot encode at all (left to the codec), yield undefined.
 */
export function undefinedEnumValue(a: Attribute, version: ProtocolVersion): string | undefined {
  if (a.value === undefined) return undefined;
  let node: TtlvNode;
  try {
    node = encodeTaggedAttribute(a, { version });
  } catch {
    return undefined;
  }
  return firstUndefinedEnum(node, version);
}

/** The message for a value {@link undefinedEnumValue} found. */
export function undefinedEnumMessage(a: Attribute, what: string, version: ProtocolVersion): string {
  return `attribute ${JSON.stringify(a.name)} carries ${what}, which KMIP ${formatVersion(version)} does not define`;
}

/** True when every enumeration value of the attribute's value exists in `version`. */
export function valueInVersion(a: Attribute, version: ProtocolVersion): boolean {
  return undefinedEnumValue(a, version) === undefined;
}
