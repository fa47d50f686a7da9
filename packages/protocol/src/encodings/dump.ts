/**
 * A readable, indented dump of a TTLV tree: tag names, item types, enumeration and mask names.
 *
 *   RequestMessage
 *     RequestHeader
 *       ProtocolVersion
 *         ProtocolVersionMajor  Integer  1
 *     BatchItem
 *       Operation  Enumeration  Query (0x00000018)
 */
import { ItemType, ITEM_TYPE_NAMES, type TtlvNode } from '../ttlv/types.js';
import { tagXmlName } from '../registry/lookup.js';
import { attributeNameOf } from './text-values.js';
import { xmlValue } from './xml.js';

const hexTag = (tag: number): string => '0x' + tag.toString(16).toUpperCase().padStart(6, '0');

/** Options of {@link dumpTtlv}. */
export interface DumpOptions {
  /** Show each tag's hex value beside its name. */
  readonly showTags?: boolean;
  /** Longest Byte String hex shown before eliding the middle (default 64 bytes). */
  readonly maxBytes?: number;
}

/** Formats a tree as indented lines. */
export function dumpTtlv(node: TtlvNode, options: DumpOptions = {}): string {
  const lines: string[] = [];
  const maxBytes = options.maxBytes ?? 64;
  const walk = (n: TtlvNode, depth: number, attrName: string | undefined): void => {
    const name = tagXmlName(n.tag);
    const label = name === undefined ? hexTag(n.tag) : options.showTags ? `${name} [${hexTag(n.tag)}]` : name;
    const pad = '  '.repeat(depth);
    if (n.type === ItemType.Structure) {
      lines.push(`${pad}${label}${name === undefined ? '  Structure' : ''}`);
      let an: string | undefined;
      for (const c of n.value) {
        walk(c, depth + 1, an);
        an = attributeNameOf(c) ?? an;
      }
      return;
    }
    let value: string;
    if (n.type === ItemType.Enumeration) {
      const text = xmlValue(n, attrName);
      const hex = '0x' + n.value.toString(16).toUpperCase().padStart(8, '0');
      value = text === hex ? hex : `${text} (${hex})`;
    } else if (n.type === ItemType.Integer && xmlValue(n, attrName) !== String(n.value)) {
      value = `${xmlValue(n, attrName)} (0x${(n.value >>> 0).toString(16).toUpperCase().padStart(8, '0')})`;
    } else if (n.type === ItemType.ByteString && n.value.length > maxBytes) {
      const hex = xmlValue(n, attrName);
      value = `${hex.slice(0, 32)}…${hex.slice(-32)} (${n.value.length} bytes)`;
    } else if (n.type === ItemType.TextString || n.type === ItemType.Identifier || n.type === ItemType.Reference || n.type === ItemType.NameReference) {
      value = JSON.stringify(n.value);
    } else {
      value = xmlValue(n, attrName);
    }
    lines.push(`${pad}${label}  ${ITEM_TYPE_NAMES[n.type]}  ${value}`);
  };
  walk(node, 0, undefined);
  return lines.join('\n') + '\n';
}
