/**
 * Indexes over the generated registry tables: tag by name, enumeration and mask by tag, value by
 * name. Built once at module load; every lookup afterwards is a Map access.
 */
import { ATTRIBUTE_DEFS } from '../generated/attributes.js';
import { ENUM_DEFS } from '../generated/enums.js';
import { MASK_DEFS } from '../generated/masks.js';
import { OPERATION_DEFS } from '../generated/operations.js';
import { Tag, TAG_DEFS } from '../generated/tags.js';
import type { AttributeDef, EnumDef, MaskDef, NamedValue, OperationDef, TagDef } from './defs.js';

const tagsByValue = new Map<number, TagDef>();
const tagsByXmlName = new Map<string, TagDef>();
const tagsBySpecName = new Map<string, TagDef>();
for (const t of TAG_DEFS) {
  tagsByValue.set(t.tag, t);
  tagsByXmlName.set(t.xmlName, t);
  tagsBySpecName.set(t.name, t);
}

/** Names and values of an enumeration or mask, indexed both ways. */
export interface ValueTable {
  readonly name: string;
  readonly byValue: ReadonlyMap<number, NamedValue>;
  readonly byName: ReadonlyMap<string, NamedValue>;
}

function table(name: string, values: readonly NamedValue[]): ValueTable {
  return {
    name,
    byValue: new Map(values.map((v) => [v.value, v])),
    byName: new Map(values.map((v) => [v.xmlName, v])),
  };
}

const enumsByTag = new Map<number, ValueTable>();
const enumsByName = new Map<string, ValueTable>();
const enumDefsByName = new Map<string, EnumDef>();
for (const e of ENUM_DEFS) {
  const t = table(e.name, e.values);
  enumsByName.set(e.name, t);
  enumDefsByName.set(e.name, e);
  for (const tagName of e.tags) {
    const def = tagsBySpecName.get(tagName);
    if (def) enumsByTag.set(def.tag, t);
  }
}

/**
 * The "Tag" enumeration of KMIP 2.x (Attribute Reference names a standard attribute by its tag):
 * every tag is a value, named by its normalised name.
 */
export const TAG_ENUMERATION: ValueTable = table(
  'Tag',
  TAG_DEFS.map((t) => ({ name: t.name, xmlName: t.xmlName, value: t.tag, since: t.since, ...(t.until ? { until: t.until } : {}) })),
);
enumsByTag.set(Tag.AttributeReference, TAG_ENUMERATION);
enumsByTag.set(Tag.Tag, TAG_ENUMERATION);

const masksByTag = new Map<number, ValueTable>();
const maskDefsByName = new Map<string, MaskDef>();
for (const m of MASK_DEFS) {
  const t = table(m.name, m.bits);
  maskDefsByName.set(m.name, m);
  for (const tagName of m.tags) {
    const def = tagsBySpecName.get(tagName);
    if (def) masksByTag.set(def.tag, t);
  }
}

const opsByValue = new Map<number, OperationDef>(OPERATION_DEFS.map((o) => [o.value, o]));
const attrsByTag = new Map<number, AttributeDef>();
const attrsByName = new Map<string, AttributeDef>();
for (const a of ATTRIBUTE_DEFS) {
  if (a.tag !== null) attrsByTag.set(a.tag, a);
  attrsByName.set(a.name, a);
}

/** The definition of a tag, or undefined for unknown and vendor tags. */
export function tagDef(tag: number): TagDef | undefined {
  return tagsByValue.get(tag);
}

/** The normalised (XML/JSON) name of a tag, or undefined. */
export function tagXmlName(tag: number): string | undefined {
  return tagsByValue.get(tag)?.xmlName;
}

/** The tag with a normalised name ("UniqueIdentifier"), or undefined. */
export function tagByXmlName(name: string): TagDef | undefined {
  return tagsByXmlName.get(name);
}

/** The tag with a specification name ("Unique Identifier"), or undefined. */
export function tagBySpecName(name: string): TagDef | undefined {
  return tagsBySpecName.get(name);
}

/** The enumeration whose values an Enumeration item with this tag takes, or undefined. */
export function enumForTag(tag: number): ValueTable | undefined {
  return enumsByTag.get(tag);
}

/** The enumeration with a specification name ("Object Type"), or undefined. */
export function enumByName(name: string): ValueTable | undefined {
  return enumsByName.get(name);
}

/** The mask whose bits an Integer item with this tag holds, or undefined. */
export function maskForTag(tag: number): ValueTable | undefined {
  return masksByTag.get(tag);
}

/** The operation with this Operation enumeration value, or undefined. */
export function operationDef(value: number): OperationDef | undefined {
  return opsByValue.get(value);
}

/** The attribute carried under this tag (2.x form), or undefined. */
export function attributeByTag(tag: number): AttributeDef | undefined {
  return attrsByTag.get(tag);
}

/** The attribute with this specification name (1.x Attribute Name), or undefined. */
export function attributeByName(name: string): AttributeDef | undefined {
  return attrsByName.get(name);
}

/**
 * The tag whose enumeration or mask names a 1.x Attribute Value takes, given the Attribute Name
 * ("Cryptographic Usage Mask" -> the Cryptographic Usage Mask tag), or undefined for custom and
 * unknown attributes.
 */
export function tagForAttributeName(name: string): number | undefined {
  const a = attrsByName.get(name);
  if (a && a.tag !== null) return a.tag;
  return tagsBySpecName.get(name)?.tag;
}

/** Every enumeration definition, by specification name. */
export function enumDef(name: string): EnumDef | undefined {
  return enumDefsByName.get(name);
}

/** Every mask definition, by specification name. */
export function maskDef(name: string): MaskDef | undefined {
  return maskDefsByName.get(name);
}
