/**
 * Value spellings shared by the XML and JSON encodings: enumeration and mask names (through the
 * registry, including the 1.x Attribute Value context), Date-Time and Date Time Extended in
 * ISO 8601, and hex forms.
 */
import { TtlvError } from '../ttlv/errors.js';
import { enumForTag, maskForTag, tagForAttributeName, type ValueTable } from '../registry/lookup.js';
import { Tag } from '../generated/tags.js';
import { INT64_MAX, INT64_MIN, type TtlvNode } from '../ttlv/types.js';

/**
 * The naming context of one item: for a 1.x Attribute Value the tag of the attribute named by
 * the preceding Attribute Name sibling (so `Object Type` values read `SymmetricKey`), otherwise
 * the item's own tag.
 */
export function namingTag(tag: number, attributeName: string | undefined): number {
  if (tag === Tag.AttributeValue && attributeName !== undefined) {
    return tagForAttributeName(attributeName) ?? tag;
  }
  return tag;
}

/** When `node` is an Attribute Name item, its text; else undefined. */
export function attributeNameOf(node: TtlvNode): string | undefined {
  return node.tag === Tag.AttributeName && typeof node.value === 'string' ? node.value : undefined;
}

const hex8 = (v: number): string => '0x' + (v >>> 0).toString(16).toUpperCase().padStart(8, '0');

/** Enumeration value -> name, or `0x` + 8 hex digits when the value has no name here. */
export function formatEnum(tag: number, value: number): string {
  return enumForTag(tag)?.byValue.get(value)?.xmlName ?? hex8(value);
}

/**
 * Enumeration name or hex (or, when `allowDecimal`, decimal) -> value.
 * @throws TtlvError KMIP_ERR_TEXT_BAD_VALUE for an unknown name.
 */
export function parseEnum(tag: number, text: string, at: number, allowDecimal = false): number {
  const t = text.trim();
  if (/^0x[0-9a-fA-F]{1,8}$/.test(t)) return parseInt(t.slice(2), 16);
  if (allowDecimal && /^[0-9]+$/.test(t)) {
    const v = Number(t);
    if (v <= 0xffffffff) return v;
  }
  const table = enumForTag(tag);
  const named = table?.byName.get(t);
  if (named) return named.value;
  throw new TtlvError(
    'KMIP_ERR_TEXT_BAD_VALUE',
    table ? `${JSON.stringify(t)} is not a value of the ${table.name} enumeration` : `${JSON.stringify(t)} is not an enumeration value (no names are known for this tag; use 0x hex)`,
    at,
  );
}

/** The mask table for a tag (after the Attribute Value context), or undefined. */
export function maskTable(tag: number): ValueTable | undefined {
  return maskForTag(tag);
}

/**
 * Mask value -> names joined by `sep`; bits without a name are appended as one `0x` hex word.
 * Zero is "0".
 */
export function formatMask(table: ValueTable, value: number, sep: string): string {
  let rest = value >>> 0;
  const parts: string[] = [];
  for (const v of table.byValue.values()) {
    if (v.value !== 0 && (rest & v.value) === v.value) {
      parts.push(v.xmlName);
      rest = (rest & ~v.value) >>> 0;
    }
  }
  if (rest !== 0) parts.push(hex8(rest));
  return parts.length === 0 ? '0' : parts.join(sep);
}

/**
 * Mask text -> value: names and hex words separated by `sep` (and/or whitespace), or one decimal
 * number.
 */
export function parseMask(table: ValueTable, text: string, at: number): number {
  const t = text.trim();
  if (/^-?[0-9]+$/.test(t)) return parseInt32(t, at);
  let v = 0;
  for (const part of t.split(/[\s|]+/)) {
    if (part === '') continue;
    if (/^0x[0-9a-fA-F]{1,8}$/.test(part)) v |= parseInt(part.slice(2), 16);
    else {
      const bit = table.byName.get(part);
      if (!bit) throw new TtlvError('KMIP_ERR_TEXT_BAD_VALUE', `${JSON.stringify(part)} is not a bit of the ${table.name}`, at);
      v |= bit.value;
    }
  }
  return v | 0;
}

/** Decimal (or 0x hex, 8 digits max) -> signed 32-bit. */
export function parseInt32(text: string, at: number): number {
  const t = text.trim();
  if (/^0x[0-9a-fA-F]{1,8}$/.test(t)) return parseInt(t.slice(2), 16) | 0;
  if (!/^[+-]?[0-9]+$/.test(t)) throw new TtlvError('KMIP_ERR_TEXT_BAD_VALUE', `${JSON.stringify(t)} is not an integer`, at);
  const v = Number(t);
  if (v < -0x80000000 || v > 0x7fffffff) throw new TtlvError('KMIP_ERR_TEXT_BAD_VALUE', `${t} is out of the 32-bit signed range`, at);
  return v;
}

/** Decimal (or 0x hex, 8 digits max) -> unsigned 32-bit. */
export function parseUint32(text: string, at: number): number {
  const t = text.trim();
  if (/^0x[0-9a-fA-F]{1,8}$/.test(t)) return parseInt(t.slice(2), 16);
  if (!/^\+?[0-9]+$/.test(t)) throw new TtlvError('KMIP_ERR_TEXT_BAD_VALUE', `${JSON.stringify(t)} is not an unsigned integer`, at);
  const v = Number(t);
  if (v > 0xffffffff) throw new TtlvError('KMIP_ERR_TEXT_BAD_VALUE', `${t} is out of the 32-bit unsigned range`, at);
  return v;
}

/** Decimal or `0x` + up to 16 hex digits (two's complement) -> signed 64-bit. */
export function parseInt64(text: string, at: number): bigint {
  const t = text.trim();
  let v: bigint;
  if (/^0x[0-9a-fA-F]{1,16}$/.test(t)) v = BigInt.asIntN(64, BigInt(t));
  else if (/^[+-]?[0-9]+$/.test(t)) v = BigInt(t);
  else throw new TtlvError('KMIP_ERR_TEXT_BAD_VALUE', `${JSON.stringify(t)} is not a 64-bit integer`, at);
  if (v < INT64_MIN || v > INT64_MAX) throw new TtlvError('KMIP_ERR_TEXT_BAD_VALUE', `${t} is out of the 64-bit signed range`, at);
  return v;
}

/** `0x` + 16 hex digits of a signed 64-bit value (two's complement). */
export function hex64(v: bigint): string {
  return '0x' + BigInt.asUintN(64, v).toString(16).toUpperCase().padStart(16, '0');
}

// ISO 8601 range that JavaScript dates and 4-digit years represent.
const MIN_ISO_SECONDS = -62135596800n; // 0001-01-01T00:00:00Z
const MAX_ISO_SECONDS = 253402300799n; // 9999-12-31T23:59:59Z

function isoSeconds(secs: bigint): string {
  const d = new Date(Number(secs) * 1000);
  return d.toISOString().slice(0, 19);
}

/**
 * Date-Time (seconds) -> `YYYY-MM-DDThh:mm:ss+00:00`; values outside years 1–9999 as `0x` hex
 * (so nothing is lost).
 */
export function formatDateTime(secs: bigint): string {
  if (secs < MIN_ISO_SECONDS || secs > MAX_ISO_SECONDS) return hex64(secs);
  return isoSeconds(secs) + '+00:00';
}

/** Date Time Extended (microseconds) -> ISO 8601 with six fraction digits, or `0x` hex. */
export function formatDateTimeExtended(micros: bigint): string {
  let secs = micros / 1_000_000n;
  let frac = micros % 1_000_000n;
  if (frac < 0n) {
    frac += 1_000_000n;
    secs -= 1n;
  }
  if (secs < MIN_ISO_SECONDS || secs > MAX_ISO_SECONDS) return hex64(micros);
  return `${isoSeconds(secs)}.${frac.toString().padStart(6, '0')}+00:00`;
}

const ISO_RE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,9}))?(Z|[+-][0-9]{2}:?[0-9]{2})?$/;

/** ISO 8601 -> [seconds, fraction in nanoseconds]. */
function parseIso(text: string, at: number): [bigint, number] {
  const m = ISO_RE.exec(text.trim());
  if (!m) throw new TtlvError('KMIP_ERR_TEXT_BAD_VALUE', `${JSON.stringify(text)} is not an ISO 8601 date-time`, at);
  const [, y, mo, d, h, mi, s, frac, tz] = m as unknown as string[];
  const date = new Date(0);
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s), 0);
  const ms = date.getTime();
  if (
    Number.isNaN(ms) ||
    date.getUTCDate() !== Number(d) ||
    date.getUTCMonth() !== Number(mo) - 1 ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  ) {
    throw new TtlvError('KMIP_ERR_TEXT_BAD_VALUE', `${JSON.stringify(text)} is not a valid date-time`, at);
  }
  let secs = BigInt(ms / 1000);
  if (tz && tz !== 'Z') {
    const sign = tz[0] === '-' ? -1n : 1n;
    const digits = tz.slice(1).replace(':', '');
    const off = BigInt(Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2)) * 60);
    secs -= sign * off;
  }
  const nanos = frac ? Number(frac.padEnd(9, '0')) : 0;
  return [secs, nanos];
}

/** Date-Time text (ISO 8601, whole seconds, or `0x` hex) -> seconds. */
export function parseDateTime(text: string, at: number): bigint {
  const t = text.trim();
  if (/^0x[0-9a-fA-F]{1,16}$/.test(t)) return BigInt.asIntN(64, BigInt(t));
  const [secs, nanos] = parseIso(t, at);
  if (nanos !== 0) throw new TtlvError('KMIP_ERR_TEXT_BAD_VALUE', `Date-Time ${JSON.stringify(t)} has a fraction of a second; use Date Time Extended`, at);
  return secs;
}

/** Date Time Extended text (ISO 8601 up to microseconds, or `0x` hex) -> microseconds. */
export function parseDateTimeExtended(text: string, at: number): bigint {
  const t = text.trim();
  if (/^0x[0-9a-fA-F]{1,16}$/.test(t)) return BigInt.asIntN(64, BigInt(t));
  const [secs, nanos] = parseIso(t, at);
  if (nanos % 1000 !== 0) throw new TtlvError('KMIP_ERR_TEXT_BAD_VALUE', `${JSON.stringify(t)} is finer than a microsecond`, at);
  return secs * 1_000_000n + BigInt(nanos / 1000);
}
