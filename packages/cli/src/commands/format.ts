/**
 * Attribute values for people: enumeration and mask names, dates in ISO 8601, bytes in hex.
 */
import { attributeTagForName, enumForTag, maskForTag, type Attribute, type AttributeValue } from '@keyhold/protocol';
import { toJson } from './connection.js';

/** One attribute value as text. */
export function formatAttributeValue(name: string, value: AttributeValue | undefined): string {
  if (value === undefined) return '';
  const tag = attributeTagForName(name);
  if (typeof value === 'number' && tag !== undefined) {
    const e = enumForTag(tag)?.byValue.get(value);
    if (e) return e.name;
    const m = maskForTag(tag);
    if (m) {
      const names = [...m.byValue.values()].filter((b) => b.value !== 0 && (value & b.value) === b.value).map((b) => b.name);
      return names.length > 0 ? names.join('|') : String(value);
    }
  }
  if (typeof value === 'bigint') return /Date$/.test(name) ? new Date(Number(value) * 1000).toISOString() : value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (typeof value === 'object' && value !== null && 'nameValue' in value) return String(value.nameValue);
  if (typeof value === 'object') return toJson(value).replace(/\s+/g, ' ').trim();
  return String(value);
}

/** Rows NAME, VALUE for a list of attributes (an index when the name repeats). */
export function attributeRows(attrs: readonly Attribute[]): string[][] {
  return attrs.map((a) => [a.index !== undefined && a.index > 0 ? `${a.name}[${a.index}]` : a.name, formatAttributeValue(a.name, a.value)]);
}
