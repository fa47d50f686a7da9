/**
 * Readable spellings of items for failure reasons: enumerations and masks by name, byte strings
 * in hex (shortened), date-times in ISO 8601, structures by their tag.
 */
import {
  ItemType,
  bytesToHex,
  formatDateTime,
  formatDateTimeExtended,
  formatEnum,
  formatMask,
  maskForTag,
  type TtlvNode,
  type TtlvPrimitive,
} from '@keyhold/protocol';
import { tagName, type TNode } from './testcase.js';

const MAX_HEX = 48;

/** A primitive's value; `namingTag` selects enumeration/mask names (the attribute's tag for 1.x Attribute Values). */
export function describeValue(node: TtlvPrimitive, namingTag: number = node.tag): string {
  switch (node.type) {
    case ItemType.Enumeration:
      return formatEnum(namingTag, node.value);
    case ItemType.Integer: {
      const mask = maskForTag(namingTag);
      return mask ? `${formatMask(mask, node.value, ' ')} (${node.value})` : String(node.value);
    }
    case ItemType.Interval:
      return String(node.value);
    case ItemType.LongInteger:
    case ItemType.BigInteger:
      return node.value.toString();
    case ItemType.Boolean:
      return String(node.value);
    case ItemType.ByteString: {
      const hex = bytesToHex(node.value);
      return hex.length > MAX_HEX ? `${hex.slice(0, MAX_HEX)}… (${node.value.length} bytes)` : hex === '' ? '(empty)' : hex;
    }
    case ItemType.DateTime:
      return formatDateTime(node.value);
    case ItemType.DateTimeExtended:
      return formatDateTimeExtended(node.value);
    default:
      return JSON.stringify(node.value);
  }
}

/** An actual item: its value, or for a structure its tag and size. */
export function describeNode(node: TtlvNode, namingTag: number = node.tag): string {
  if (node.type === ItemType.Structure) return `${tagName(node.tag)} {${node.value.length} item${node.value.length === 1 ? '' : 's'}}`;
  return describeValue(node, namingTag);
}

/** An expected item: its value or placeholder, or for a structure its tag and size. */
export function describeTemplate(t: TNode, namingTag: number = t.tag): string {
  if (t.kind === 'structure') return `${tagName(t.tag)} {${t.children.length} item${t.children.length === 1 ? '' : 's'}}`;
  if (t.kind === 'placeholder') return t.text;
  return describeValue(t.node, namingTag);
}

/** The first difference found in a step. */
export interface Difference {
  /** 0-based step (the file's "TIME n" / "step=n"). */
  readonly step: number;
  /** Where, e.g. `ResponseMessage/BatchItem[0]/ResponsePayload/UniqueIdentifier`. */
  readonly path: string;
  /** What is wrong. */
  readonly message: string;
  readonly expected?: string;
  readonly actual?: string;
  /** The server's Result Status / Reason / Message when the batch item concerned failed. */
  readonly server?: string;
}

/** One line: `step 2, ResponseMessage/…: message: expected X, got Y [server: …]`. */
export function formatDifference(d: Difference): string {
  let s = `step ${d.step}, ${d.path}: ${d.message}`;
  if (d.expected !== undefined || d.actual !== undefined) {
    s += ` (expected ${d.expected ?? '(absent)'}, got ${d.actual ?? '(absent)'})`;
  }
  if (d.server) s += ` — server answered ${d.server}`;
  return s;
}
