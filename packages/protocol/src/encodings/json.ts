/**
 * The KMIP JSON encoding (KMIP Profiles, JSON encoding; "KMIP Additional Message Encodings" §5):
 * each item is `{"tag": name, "type": type, "value": value}`; a Structure omits `type` and its
 * value is the array of its children. Tags without a name are `"0x42XXXX"`/`"0x54XXXX"`.
 *
 * Written values: Integer as a number (masks as names joined by `|`), Long Integer as a number
 * when |v| < 2^52 else `0x` + 16 hex digits, Big Integer as `0x` hex (width kept), Enumeration by
 * name or `0x` + 8 hex digits, Boolean true/false, Byte String as hex, Date-Time and Date Time
 * Extended in ISO 8601 (hex outside years 1–9999), Interval as a number. The reader accepts
 * every alternative spelling the profile allows (hex strings for numbers, numbers for
 * enumerations, hex Booleans and Date-Times). TTLV -> JSON -> TTLV is byte-exact.
 */
import { TtlvError } from '../ttlv/errors.js';
import { hexToBytes } from '../ttlv/hex.js';
import { ItemType, ITEM_TYPE_NAMES, itemTypeByName, type TtlvNode, type TtlvPrimitive } from '../ttlv/types.js';
import { tagByXmlName, tagXmlName } from '../registry/lookup.js';
import {
  attributeNameOf,
  formatMask,
  hex64,
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
import { parseBigIntegerHex, xmlValue, type FormatHook, type ValueHook } from './xml.js';

/** A KMIP JSON item as plain data. */
export interface JsonItem {
  tag: string;
  type?: string;
  value: JsonValue;
}
/** Values a KMIP JSON item holds. */
export type JsonValue = JsonItem[] | string | number | boolean;

const TWO_52 = 1n << 52n;
const hexTag = (tag: number): string => '0x' + tag.toString(16).toUpperCase().padStart(6, '0');

/** JSON spelling of a primitive: where it differs from XML (numbers, masks, Big Integer hex), else the XML text. */
function jsonValue(node: TtlvPrimitive, attrName: string | undefined): JsonValue {
  switch (node.type) {
    case ItemType.Integer: {
      const mask = maskTable(namingTag(node.tag, attrName));
      return mask ? formatMask(mask, node.value, '|') : node.value;
    }
    case ItemType.Interval:
    case ItemType.Boolean:
      return node.value;
    case ItemType.LongInteger:
      return node.value > -TWO_52 && node.value < TWO_52 ? Number(node.value) : hex64(node.value);
    case ItemType.BigInteger:
      return '0x' + xmlValue(node, attrName).toUpperCase();
    default:
      return xmlValue(node, attrName);
  }
}

/** Options of {@link toJsonItem} and {@link toJson}. */
export interface ToJsonOptions {
  /** Spells a primitive's value (as a JSON string) instead of the standard spelling. */
  readonly formatHook?: FormatHook;
}

/** Converts an item tree to a KMIP JSON value (plain objects). */
export function toJsonItem(node: TtlvNode, options: ToJsonOptions = {}, attrName?: string): JsonItem {
  const tag = tagXmlName(node.tag) ?? hexTag(node.tag);
  if (node.type === ItemType.Structure) {
    const children: JsonItem[] = [];
    let an: string | undefined;
    for (const c of node.value) {
      children.push(toJsonItem(c, options, an));
      an = attributeNameOf(c) ?? an;
    }
    return { tag, value: children };
  }
  const value = options.formatHook?.(node) ?? jsonValue(node, attrName);
  return { tag, type: ITEM_TYPE_NAMES[node.type], value };
}

/** Converts an item tree to KMIP JSON text. `space` as for JSON.stringify. */
export function toJson(node: TtlvNode, space?: number | string, options: ToJsonOptions = {}): string {
  return JSON.stringify(toJsonItem(node, options), null, space);
}

/**
 * Serialises a KMIP JSON item in the layout of the KMIP encoding documents: each primitive item
 * on one line, each Structure opening on its own line with its children indented.
 */
export function stringifyJsonItem(item: JsonItem, indent = '  '): string {
  const out: string[] = [];
  const walk = (it: JsonItem, depth: number, last: boolean): void => {
    const pad = indent.repeat(depth);
    const comma = last ? '' : ',';
    if (Array.isArray(it.value)) {
      const head = `${pad}{"tag":${JSON.stringify(it.tag)},${it.type === undefined ? '' : `"type":${JSON.stringify(it.type)},`}"value":[`;
      if (it.value.length === 0) {
        out.push(`${head}]}${comma}`);
        return;
      }
      out.push(head);
      it.value.forEach((c, i) => walk(c, depth + 1, i === (it.value as JsonItem[]).length - 1));
      out.push(`${pad}]}${comma}`);
      return;
    }
    out.push(`${pad}${JSON.stringify(it)}${comma}`);
  };
  walk(item, 0, true);
  return out.join('\n') + '\n';
}

/** Options of {@link fromJson}. */
export interface FromJsonOptions {
  readonly valueHook?: ValueHook;
}

function fail(msg: string, path: string): never {
  throw new TtlvError('KMIP_ERR_TEXT_BAD_VALUE', `${msg} at ${path}`);
}

function numberText(v: unknown, path: string, what: string): string {
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) fail(`${what} ${v} is not an exact integer (write large values as 0x hex)`, path);
    return String(v);
  }
  if (typeof v === 'string') return v;
  return fail(`${what} must be a number or a string`, path);
}

/** Converts a parsed KMIP JSON item to an item tree. */
export function jsonItemToTtlv(item: unknown, options: FromJsonOptions = {}, path = '$', attrName?: string): TtlvNode {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new TtlvError('KMIP_ERR_JSON_SYNTAX', `Expected an object {"tag", "type", "value"} at ${path}`);
  }
  const o = item as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (k !== 'tag' && k !== 'type' && k !== 'value') throw new TtlvError('KMIP_ERR_JSON_SYNTAX', `Unexpected member ${JSON.stringify(k)} at ${path}`);
  }
  const tagText = o.tag;
  if (typeof tagText !== 'string') throw new TtlvError('KMIP_ERR_JSON_SYNTAX', `"tag" must be a string at ${path}`);
  let tag: number;
  if (/^0x[0-9a-fA-F]{6}$/.test(tagText)) tag = parseInt(tagText.slice(2), 16);
  else {
    const def = tagByXmlName(tagText);
    if (!def) throw new TtlvError('KMIP_ERR_TEXT_UNKNOWN_TAG', `${JSON.stringify(tagText)} is not a KMIP tag name at ${path}`);
    tag = def.tag;
  }
  const here = `${path}(${tagText})`;
  const typeText = o.type;
  let type: ItemType | undefined = ItemType.Structure;
  if (typeText !== undefined) {
    type = typeof typeText === 'string' ? itemTypeByName(typeText) : undefined;
    if (type === undefined) throw new TtlvError('KMIP_ERR_TEXT_BAD_TYPE', `Unknown item type ${JSON.stringify(typeText)} at ${here}`);
  }
  const v = o.value;
  if (type === ItemType.Structure) {
    if (!Array.isArray(v)) throw new TtlvError('KMIP_ERR_JSON_SYNTAX', `A Structure's value must be an array at ${here}`);
    const children: TtlvNode[] = [];
    let an: string | undefined;
    v.forEach((c, i) => {
      const child = jsonItemToTtlv(c, options, `${here}[${i}]`, an);
      children.push(child);
      an = attributeNameOf(child) ?? an;
    });
    return { tag, type, value: children };
  }
  if (v === undefined) throw new TtlvError('KMIP_ERR_JSON_SYNTAX', `Missing "value" at ${here}`);
  if (options.valueHook && typeof v === 'string') {
    const replaced = options.valueHook(type, tagText, v);
    if (replaced !== undefined) return jsonPrimitive(type, tag, namingTag(tag, attrName), replaced, here);
  }
  return jsonPrimitive(type, tag, namingTag(tag, attrName), v, here);
}

function jsonPrimitive(type: ItemType, tag: number, naming: number, v: unknown, path: string): TtlvNode {
  try {
    switch (type) {
      case ItemType.Integer: {
        const mask = maskTable(naming);
        if (mask && typeof v === 'string' && !/^0x/i.test(v.trim())) return { tag, type, value: parseMask(mask, v, 0) };
        return { tag, type, value: parseInt32(numberText(v, path, 'Integer'), 0) };
      }
      case ItemType.Enumeration: {
        if (typeof v === 'number') return { tag, type, value: parseUint32(numberText(v, path, 'Enumeration'), 0) };
        if (typeof v !== 'string') return fail('Enumeration must be a name, a hex string or a number', path);
        return { tag, type, value: parseEnum(naming, v, 0) };
      }
      case ItemType.Interval:
        return { tag, type, value: parseUint32(numberText(v, path, 'Interval'), 0) };
      case ItemType.LongInteger:
        return { tag, type, value: parseInt64(numberText(v, path, 'Long Integer'), 0) };
      case ItemType.BigInteger: {
        if (typeof v === 'number') {
          const n = BigInt(numberText(v, path, 'Big Integer'));
          return { tag, type, value: n };
        }
        if (typeof v !== 'string' || !/^0x/i.test(v)) return fail('Big Integer must be a 0x hex string', path);
        return parseBigIntegerHex(tag, v.slice(2), 0);
      }
      case ItemType.Boolean: {
        if (typeof v === 'boolean') return { tag, type, value: v };
        if (v === '0x0000000000000001') return { tag, type, value: true };
        if (v === '0x0000000000000000') return { tag, type, value: false };
        return fail('Boolean must be true, false or 0x000000000000000[01]', path);
      }
      case ItemType.ByteString: {
        if (typeof v !== 'string') return fail('Byte String must be a hex string', path);
        return { tag, type, value: hexToBytes(v) };
      }
      case ItemType.DateTime:
        if (typeof v !== 'string') return fail('Date-Time must be an ISO 8601 or 0x hex string', path);
        return { tag, type, value: parseDateTime(v, 0) };
      case ItemType.DateTimeExtended:
        if (typeof v !== 'string') return fail('Date Time Extended must be an ISO 8601 or 0x hex string', path);
        return { tag, type, value: parseDateTimeExtended(v, 0) };
      case ItemType.TextString:
      case ItemType.Identifier:
      case ItemType.Reference:
      case ItemType.NameReference:
        if (typeof v !== 'string') return fail('Text must be a string', path);
        return { tag, type, value: v };
      case ItemType.Structure:
        return fail('Structure handled by the caller', path);
    }
  } catch (err) {
    if (err instanceof TtlvError && err.offset !== undefined) {
      throw new TtlvError(err.code === 'KMIP_ERR_HEX_SYNTAX' ? 'KMIP_ERR_TEXT_BAD_VALUE' : err.code, `${err.message.replace(/ \(at offset \d+\)$/, '')} at ${path}`);
    }
    if (err instanceof TtlvError && err.code === 'KMIP_ERR_HEX_SYNTAX') throw new TtlvError('KMIP_ERR_TEXT_BAD_VALUE', `${err.message} at ${path}`);
    throw err;
  }
}

/** Parses KMIP JSON text holding one item into an item tree. */
export function fromJson(text: string, options: FromJsonOptions = {}): TtlvNode {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new TtlvError('KMIP_ERR_JSON_SYNTAX', `Not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  return jsonItemToTtlv(parsed, options);
}
