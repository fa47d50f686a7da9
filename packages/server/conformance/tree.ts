/** Small accessors over item trees (actual messages) and the version arithmetic the rules need. */
import { ItemType, Tag, tagForAttributeName, type TtlvNode, type TtlvPrimitive } from '@keyhold/protocol';

/** The children of a structure (none for a primitive or undefined). */
export function kids(n: TtlvNode | undefined): readonly TtlvNode[] {
  return n?.type === ItemType.Structure ? n.value : [];
}

/** The first child with a tag. */
export function child(n: TtlvNode | undefined, tag: number): TtlvNode | undefined {
  return kids(n).find((c) => c.tag === tag);
}

/** Every child with a tag. */
export function childrenWith(n: TtlvNode | undefined, tag: number): TtlvNode[] {
  return kids(n).filter((c) => c.tag === tag);
}

/** A text child's value. */
export function textOf(n: TtlvNode | undefined): string | undefined {
  return n && typeof n.value === 'string' ? n.value : undefined;
}

/** An Enumeration/Integer child's value. */
export function numberOf(n: TtlvNode | undefined): number | undefined {
  return n && typeof n.value === 'number' ? n.value : undefined;
}

/** The primitive, when it is one. */
export function primitive(n: TtlvNode | undefined): TtlvPrimitive | undefined {
  return n && n.type !== ItemType.Structure ? n : undefined;
}

/** The tag a 1.x Attribute Value stands for, from its Attribute Name ("Initial Date" -> InitialDate). */
export function attributeTag(name: string): number | undefined {
  return tagForAttributeName(name.replace(/\s+/g, ' ').trim());
}

/**
 * Visits every item with its effective tag: a 1.x Attribute Value takes the tag of the attribute
 * named by its Attribute Name sibling; other items their own tag.
 */
export function walkEffective(n: TtlvNode | undefined, visit: (node: TtlvNode, tag: number) => void): void {
  if (!n) return;
  const go = (node: TtlvNode, eff: number): void => {
    visit(node, eff);
    if (node.type !== ItemType.Structure) return;
    let attr: number | undefined;
    for (const c of node.value) {
      if (c.tag === Tag.AttributeName && typeof c.value === 'string') attr = attributeTag(c.value);
      go(c, c.tag === Tag.AttributeValue && attr !== undefined ? attr : c.tag);
    }
  };
  go(n, n.tag);
}

/** "1.4" -> [1, 4]. */
export function parseVersion(v: string): [number, number] {
  const m = /^([0-9]+)\.([0-9]+)$/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

/** Compares two "major.minor" versions. */
export function compareVersions(a: string, b: string): number {
  const [x1, y1] = parseVersion(a);
  const [x2, y2] = parseVersion(b);
  return x1 - x2 || y1 - y2;
}

/** True when `v` lies in a registry range such as "1.0-1.4" or "3.0". */
export function inVersionRange(v: string, range: string): boolean {
  const [lo, hi] = range.includes('-') ? (range.split('-') as [string, string]) : [range, range];
  return compareVersions(v, lo) >= 0 && compareVersions(v, hi) <= 0;
}
