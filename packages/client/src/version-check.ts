/**
 * Outgoing requests speak only their own protocol version: a message never carries a tag, an
 * attribute or an enumeration/mask value that its version does not define [KMIP 2.1 §9.1 and
 * §4 (each item's "since"), KMIP 1.4 §3 (attributes removed in 2.0, e.g. Operation Policy Name)].
 *
 * The check runs on the encoded request message, before it is sent, using the registry of
 * @keyhold/protocol: tags (`tagDef`), enumeration values (`enumForTag`, which also covers the
 * Tag enumeration of 2.x Attribute References), mask bits (`maskForTag`) and attribute names
 * (`attributeDefinedIn`, for the 1.x `Attribute` structure whose Attribute Name is text).
 * Unknown tags, values and names (vendor extensions, custom `x-` attributes) pass: the registry
 * cannot tell their versions. The codec itself stays lossless; only the client refuses.
 */
import {
  attributeByName,
  attributeDefinedIn,
  attributeTagForName,
  definedIn,
  enumForTag,
  formatVersion,
  ItemType,
  maskForTag,
  Tag,
  tagDef,
  type ProtocolVersion,
  type TtlvNode,
  type TtlvStructure,
} from '@keyhold/protocol';

/** A part of a request that its protocol version does not define. */
export interface VersionViolation {
  /** What it is, for the error message ("attribute Operation Policy Name", "Cryptographic Algorithm value ChaCha20"). */
  readonly what: string;
  /** The range of versions that define it ("1.0 to 1.4", "1.4 and later"). */
  readonly definedIn: string;
}

function rangeText(entry: { readonly since: string; readonly until?: string }): string {
  return entry.until === undefined ? `${entry.since} and later` : `${entry.since} to ${entry.until}`;
}

/**
 * Checks the value of an Enumeration or Integer item as an item of `tag` (its own tag, or the
 * attribute's tag for a 1.x Attribute Value).
 */
function checkValue(node: TtlvNode, tag: number, version: ProtocolVersion): VersionViolation | undefined {
  const tagName = tagDef(tag)?.name ?? `0x${tag.toString(16)}`;
  if (node.type === ItemType.Enumeration) {
    const v = enumForTag(tag)?.byValue.get(node.value);
    if (v !== undefined && !definedIn(v, version)) return { what: `${tagName} value ${v.name}`, definedIn: rangeText(v) };
  } else if (node.type === ItemType.Integer) {
    const mask = maskForTag(tag);
    if (mask === undefined) return undefined;
    for (const bit of mask.byValue.values()) {
      if ((node.value & bit.value) !== 0 && !definedIn(bit, version)) return { what: `${tagName} bit ${bit.name}`, definedIn: rangeText(bit) };
    }
  }
  return undefined;
}

/** A 1.x Attribute Name (text) naming a standard attribute that `version` does not define. */
function checkAttributeName(name: string, version: ProtocolVersion): VersionViolation | undefined {
  const def = attributeByName(name);
  return def !== undefined && !attributeDefinedIn(name, { version }) ? { what: `attribute ${name}`, definedIn: rangeText(def) } : undefined;
}

/** The value of a 1.x `Attribute` structure, typed by its Attribute Name. */
function checkV1AttributeValue(node: TtlvStructure, version: ProtocolVersion): VersionViolation | undefined {
  const nameNode = node.value.find((c) => c.tag === Tag.AttributeName);
  const valueNode = node.value.find((c) => c.tag === Tag.AttributeValue);
  if (nameNode?.type !== ItemType.TextString || valueNode === undefined) return undefined;
  const tag = attributeTagForName(nameNode.value);
  return tag === undefined ? undefined : checkValue(valueNode, tag, version);
}

/** The first part of `node` (a request message or any item in it) that `version` does not define. */
export function findVersionViolation(node: TtlvNode, version: ProtocolVersion): VersionViolation | undefined {
  const def = tagDef(node.tag);
  if (def !== undefined && !definedIn(def, version)) {
    return { what: `${attributeByName(def.name) === undefined ? 'tag' : 'attribute'} ${def.name}`, definedIn: rangeText(def) };
  }
  // 1.x names attributes by text (Attribute, Get Attributes, Delete Attribute …); in 2.x an
  // Attribute Name is a vendor attribute's own name.
  if (node.tag === Tag.AttributeName && node.type === ItemType.TextString && version.major < 2) return checkAttributeName(node.value, version);
  const own = checkValue(node, node.tag, version);
  if (own !== undefined) return own;
  if (node.type !== ItemType.Structure) return undefined;
  if (node.tag === Tag.Attribute) {
    const a = checkV1AttributeValue(node, version);
    if (a !== undefined) return a;
  }
  for (const child of node.value) {
    const v = findVersionViolation(child, version);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** The error message for a violation in a request of `version`. */
export function versionViolationMessage(v: VersionViolation, version: ProtocolVersion): string {
  return `the request carries ${v.what}, which KMIP ${formatVersion(version)} does not define (defined in KMIP ${v.definedIn}); it was not sent`;
}
