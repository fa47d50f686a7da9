/**
 * The KMIP XML encoding (KMIP Profiles, XML encoding; "KMIP Additional Message Encodings" §6):
 * one element per item, named by the tag's normalised name (`<TTLV tag="0x540001" …>` for tags
 * without a name), with `type` and `value` attributes on primitives. Enumerations and masks are
 * written by name; a 1.x Attribute Value takes its names from the preceding Attribute Name.
 *
 * TTLV -> XML -> TTLV is byte-exact: every value has a spelling that reads back to the same
 * bytes (Date-Times outside years 1–9999 fall back to `0x` hex, Big Integers keep their width).
 */
import { TtlvError } from '../ttlv/errors.js';
import { hexToBytes, bytesToHex } from '../ttlv/hex.js';
import { ItemType, ITEM_TYPE_NAMES, itemTypeByName, type TtlvNode, type TtlvPrimitive } from '../ttlv/types.js';
import { bigIntWidth } from '../ttlv/reader.js';
import { tagByXmlName, tagXmlName } from '../registry/lookup.js';
import { escapeXmlAttr, parseXml, type XmlElement } from './xml-parser.js';
import {
  attributeNameOf,
  formatDateTime,
  formatDateTimeExtended,
  formatEnum,
  formatMask,
  maskTable,
  namingTag,
  parseDateTime,
  parseDateTimeExtended,
  parseEnum,
  parseInt32,
  parseInt64,
  parseMask,
  parseUint32,
} from './text-values.js';

/** Options of {@link toXml}. */
export interface ToXmlOptions {
  /** Indentation per level; default two spaces. Use '' for one line. */
  readonly indent?: string;
  /** Spells a primitive's value instead of the standard spelling when it returns a string. */
  readonly formatHook?: FormatHook;
}

/** Output-side counterpart of {@link ValueHook}: a replacement value text, or undefined. */
export type FormatHook = (node: TtlvPrimitive) => string | undefined;

/**
 * A hook for values that are not literal, such as the `$NOW` and `$UNIQUE_IDENTIFIER_0`
 * placeholders of the OASIS test cases. Called for every primitive before it is parsed; return
 * a replacement value text (or a ready value) to use instead, or undefined to parse as is.
 */
export type ValueHook = (type: ItemType, tagName: string, value: string) => string | undefined;

/** Options of {@link fromXml}. */
export interface FromXmlOptions {
  readonly valueHook?: ValueHook;
}

const hexTag = (tag: number): string => '0x' + tag.toString(16).toUpperCase().padStart(6, '0');

/** Formats a primitive's value for XML. */
export function xmlValue(node: TtlvNode, attrName: string | undefined): string {
  switch (node.type) {
    case ItemType.Integer: {
      const mask = maskTable(namingTag(node.tag, attrName));
      return mask ? formatMask(mask, node.value, ' ') : String(node.value);
    }
    case ItemType.Enumeration:
      return formatEnum(namingTag(node.tag, attrName), node.value);
    case ItemType.Interval:
      return String(node.value);
    case ItemType.LongInteger:
      return node.value.toString();
    case ItemType.BigInteger: {
      const width = node.width ?? bigIntWidth(node.value);
      return BigInt.asUintN(width * 8, node.value).toString(16).padStart(width * 2, '0');
    }
    case ItemType.Boolean:
      return node.value ? 'true' : 'false';
    case ItemType.ByteString:
      return bytesToHex(node.value);
    case ItemType.DateTime:
      return formatDateTime(node.value);
    case ItemType.DateTimeExtended:
      return formatDateTimeExtended(node.value);
    case ItemType.TextString:
    case ItemType.Identifier:
    case ItemType.Reference:
    case ItemType.NameReference:
      return node.value;
    case ItemType.Structure:
      throw new TtlvError('KMIP_ERR_TTLV_BAD_VALUE', 'A Structure has no value attribute');
  }
}

/** Converts an item tree to KMIP XML text. */
export function toXml(node: TtlvNode, options: ToXmlOptions = {}): string {
  const indent = options.indent ?? '  ';
  const nl = indent === '' ? '' : '\n';
  const out: string[] = [];
  const write = (n: TtlvNode, depth: number, attrName: string | undefined): void => {
    const pad = indent.repeat(depth);
    const name = tagXmlName(n.tag);
    const open = name ?? `TTLV tag="${hexTag(n.tag)}"`;
    const close = name ?? 'TTLV';
    if (n.type === ItemType.Structure) {
      // Unknown tags spell out the type so the reader can tell a Structure from a primitive.
      const typeAttr = name === undefined ? ' type="Structure"' : '';
      if (n.value.length === 0) {
        out.push(`${pad}<${open}${typeAttr}/>${nl}`);
        return;
      }
      out.push(`${pad}<${open}${typeAttr}>${nl}`);
      let an: string | undefined;
      for (const c of n.value) {
        write(c, depth + 1, an);
        an = attributeNameOf(c) ?? an;
      }
      out.push(`${pad}</${close}>${nl}`);
      return;
    }
    const value = options.formatHook?.(n) ?? xmlValue(n, attrName);
    out.push(`${pad}<${open} type="${ITEM_TYPE_NAMES[n.type]}" value="${escapeXmlAttr(value)}"/>${nl}`);
  };
  write(node, 0, undefined);
  return out.join('');
}

/** Parses a primitive value text of the given type; `tag` is the naming tag. */
export function parseXmlValue(type: ItemType, tag: number, namingTagValue: number, text: string, at: number): TtlvNode {
  switch (type) {
    case ItemType.Integer: {
      const mask = maskTable(namingTagValue);
      return { tag, type, value: mask ? parseMask(mask, text, at) : parseInt32(text, at) };
    }
    case ItemType.Enumeration:
      return { tag, type, value: parseEnum(namingTagValue, text, at) };
    case ItemType.Interval:
      return { tag, type, value: parseUint32(text, at) };
    case ItemType.LongInteger:
      return { tag, type, value: parseInt64(text, at) };
    case ItemType.BigInteger:
      return parseBigIntegerHex(tag, text.trim().replace(/^0x/i, ''), at);
    case ItemType.Boolean: {
      const t = text.trim();
      if (t === 'true' || t === '0x0000000000000001') return { tag, type, value: true };
      if (t === 'false' || t === '0x0000000000000000') return { tag, type, value: false };
      throw new TtlvError('KMIP_ERR_TEXT_BAD_VALUE', `${JSON.stringify(t)} is not a Boolean (true or false)`, at);
    }
    case ItemType.ByteString:
      return { tag, type, value: hexOrFail(text.trim(), at) };
    case ItemType.DateTime:
      return { tag, type, value: parseDateTime(text, at) };
    case ItemType.DateTimeExtended:
      return { tag, type, value: parseDateTimeExtended(text, at) };
    case ItemType.TextString:
    case ItemType.Identifier:
    case ItemType.Reference:
    case ItemType.NameReference:
      return { tag, type, value: text };
    case ItemType.Structure:
      throw new TtlvError('KMIP_ERR_TEXT_BAD_VALUE', 'A Structure has no value', at);
  }
}

function hexOrFail(hex: string, at: number): Buffer {
  try {
    return hexToBytes(hex);
  } catch (err) {
    throw new TtlvError('KMIP_ERR_TEXT_BAD_VALUE', err instanceof Error ? err.message : 'Bad hex', at);
  }
}

/** Big Integer from its hex digits (two's complement, a multiple of 8 bytes). */
export function parseBigIntegerHex(tag: number, hex: string, at: number): TtlvNode {
  const bytes = hexOrFail(hex, at);
  if (bytes.length === 0 || bytes.length % 8 !== 0) {
    throw new TtlvError('KMIP_ERR_TEXT_BAD_VALUE', `Big Integer of ${bytes.length} bytes is not a positive multiple of 8`, at);
  }
  let v = BigInt('0x' + hex);
  if ((bytes[0] as number) & 0x80) v -= 1n << BigInt(bytes.length * 8);
  return bytes.length === bigIntWidth(v)
    ? { tag, type: ItemType.BigInteger, value: v }
    : { tag, type: ItemType.BigInteger, value: v, width: bytes.length };
}

function elementTag(el: XmlElement): number {
  if (el.name === 'TTLV') {
    const t = el.attrs.get('tag');
    if (t === undefined || !/^0x[0-9a-fA-F]{6}$/.test(t)) {
      throw new TtlvError('KMIP_ERR_TEXT_UNKNOWN_TAG', '<TTLV> needs a tag="0xXXXXXX" attribute', el.offset);
    }
    return parseInt(t.slice(2), 16);
  }
  const def = tagByXmlName(el.name);
  if (!def) throw new TtlvError('KMIP_ERR_TEXT_UNKNOWN_TAG', `<${el.name}> is not a KMIP tag name`, el.offset);
  return def.tag;
}

/** Converts one parsed XML element (and its children) to an item tree. */
export function xmlElementToTtlv(el: XmlElement, options: FromXmlOptions = {}, attrName?: string): TtlvNode {
  const tag = elementTag(el);
  const typeName = el.attrs.get('type');
  const type = typeName === undefined ? ItemType.Structure : itemTypeByName(typeName);
  if (type === undefined) throw new TtlvError('KMIP_ERR_TEXT_BAD_TYPE', `Unknown item type ${JSON.stringify(typeName)}`, el.offset);
  if (type === ItemType.Structure) {
    if (el.attrs.has('value')) throw new TtlvError('KMIP_ERR_TEXT_BAD_VALUE', `Structure <${el.name}> has a value attribute`, el.offset);
    const children: TtlvNode[] = [];
    let an: string | undefined;
    for (const c of el.children) {
      const child = xmlElementToTtlv(c, options, an);
      children.push(child);
      an = attributeNameOf(child) ?? an;
    }
    return { tag, type, value: children };
  }
  if (el.children.length > 0) throw new TtlvError('KMIP_ERR_TEXT_BAD_VALUE', `<${el.name}> of type ${typeName} has child elements`, el.offset);
  let text = el.attrs.get('value');
  if (text === undefined) throw new TtlvError('KMIP_ERR_TEXT_BAD_VALUE', `<${el.name}> has no value attribute`, el.offset);
  if (options.valueHook) text = options.valueHook(type, el.name, text) ?? text;
  return parseXmlValue(type, tag, namingTag(tag, attrName), text, el.offset);
}

/** Parses KMIP XML text holding one item (a message or any item) into an item tree. */
export function fromXml(text: string, options: FromXmlOptions = {}): TtlvNode {
  return xmlElementToTtlv(parseXml(text), options);
}

/**
 * Reads an OASIS test-case file: root `<KMIP>` (or `<KmipTestCase>`) holding RequestMessage and
 * ResponseMessage elements. Lines starting with `#` (the "# TIME n" markers and draft-file
 * headers) are dropped first, as the test-case format allows.
 */
export function readXmlTestCase(text: string, options: FromXmlOptions = {}): TtlvNode[] {
  const cleaned = text
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('#'))
    .join('\n');
  // Tolerate a stray second closing root tag (one 1.4 file has it).
  const root = parseXml(cleaned.replace(/(<\/KMIP>)(\s*<\/KMIP>)+\s*$/, '$1'), { ignoreText: true });
  return root.children.map((c) => xmlElementToTtlv(c, options));
}
