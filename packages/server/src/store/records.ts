/**
 * Semantics shared by every backend: record and filter validation, the projections of an
 * attribute value that make it searchable, and the matching rules of {@link AttributeCondition}.
 *
 * The memory store evaluates conditions with {@link matchesCondition} over these projections; the
 * SQLite store stores the same projections in columns and evaluates the same rules in SQL. Keeping
 * both on one definition is what makes the memory store the reference semantics.
 */
import { decodeTtlv, encodeTtlv, ItemType, type TtlvNode } from '@keyhold/protocol';
import { StoreError } from './errors.js';
import type { AttributeCondition, ObjectFilter, ObjectRecord, StoredAttribute } from './types.js';

/**
 * Item types that `ge` / `le` compare. A condition only compares instances of the same item type
 * as its value: a Date-Time bound never matches a Date Time Extended or an Integer instance.
 */
export const ORDERED_TYPES: ReadonlySet<number> = new Set<number>([
  ItemType.Integer,
  ItemType.LongInteger,
  ItemType.Enumeration,
  ItemType.Interval,
  ItemType.DateTime,
  ItemType.DateTimeExtended,
]);

/** The searchable projections of one attribute value. */
export interface AttributeProjection {
  /** Item type of the value. */
  readonly type: number;
  /** The exact TTLV encoding (what get() decodes). */
  readonly bytes: Buffer;
  /**
   * Canonical TTLV bytes: the top-level tag set to 0 and Big Integers at their minimal width, so
   * that equality of these bytes is {@link AttributeCondition} `eq` for every type, structures
   * included.
   */
  readonly key: Buffer;
  /** Integer, Long Integer, Enumeration, Interval, Date-Time (seconds), Date Time Extended (µs), Boolean (0/1). */
  readonly num: bigint | null;
  /** Text String and the text-like 3.0 types. */
  readonly text: string | null;
}

/** Decoding limits for stored values: they were valid TTLV when written, whatever their size. */
export const STORED_VALUE_LIMITS = { maxMessageSize: Number.MAX_SAFE_INTEGER, maxDepth: 64, maxItems: Number.MAX_SAFE_INTEGER } as const;

/** The node with tag 0 at the top and every Big Integer at its minimal width. */
function canonical(node: TtlvNode, top: boolean): TtlvNode {
  if (node.type === ItemType.Structure) {
    return { tag: top ? 0 : node.tag, type: ItemType.Structure, value: node.value.map((child) => canonical(child, false)) };
  }
  if (node.type === ItemType.BigInteger && node.width !== undefined) {
    return { tag: top ? 0 : node.tag, type: node.type, value: node.value };
  }
  return top ? { ...node, tag: 0 } : node;
}

function numericProjection(node: TtlvNode): bigint | null {
  switch (node.type) {
    case ItemType.Integer:
    case ItemType.Enumeration:
    case ItemType.Interval:
      return BigInt(node.value);
    case ItemType.LongInteger:
    case ItemType.DateTime:
    case ItemType.DateTimeExtended:
      return node.value;
    case ItemType.Boolean:
      return node.value ? 1n : 0n;
    default:
      return null;
  }
}

function textProjection(node: TtlvNode): string | null {
  switch (node.type) {
    case ItemType.TextString:
    case ItemType.Identifier:
    case ItemType.Reference:
    case ItemType.NameReference:
      return node.value;
    default:
      return null;
  }
}

/** Projects a value that is known to be encodable. */
export function projectValue(node: TtlvNode, bytes: Buffer = encodeTtlv(node)): AttributeProjection {
  return {
    type: node.type,
    bytes,
    key: encodeTtlv(canonical(node, true)),
    num: numericProjection(node),
    text: textProjection(node),
  };
}

/** Decodes stored value bytes back into a tree (Byte Strings copied when `copy`). */
export function decodeValue(bytes: Uint8Array, copy: boolean): TtlvNode {
  return decodeTtlv(bytes, { ...STORED_VALUE_LIMITS, copyByteStrings: copy });
}

/** An attribute validated and projected for writing. */
export interface PreparedAttribute extends AttributeProjection {
  readonly name: string;
  readonly index: number;
}

/** A record validated for writing. */
export interface PreparedRecord {
  readonly uid: string;
  readonly objectType: number;
  readonly owner: string;
  readonly object: Uint8Array | null;
  readonly revision: number;
  readonly attributes: readonly PreparedAttribute[];
}

function invalid(message: string): StoreError {
  return new StoreError('KEYHOLD_ERR_STORE_INVALID', message);
}

function isNonNegativeInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** Validates a unique identifier argument. */
export function checkUid(uid: unknown): asserts uid is string {
  if (typeof uid !== 'string' || uid.length === 0) throw invalid('A unique identifier must be a non-empty string');
}

/**
 * Validates a record and projects its attributes.
 * @throws StoreError KEYHOLD_ERR_STORE_INVALID
 */
export function prepareRecord(record: ObjectRecord): PreparedRecord {
  checkUid(record.uid);
  const where = `record ${JSON.stringify(record.uid)}`;
  if (!isNonNegativeInt(record.objectType) || record.objectType > 0xffffffff) throw invalid(`${where}: objectType must be a 32-bit enumeration value`);
  if (typeof record.owner !== 'string') throw invalid(`${where}: owner must be a string`);
  if (record.object !== null && !(record.object instanceof Uint8Array)) throw invalid(`${where}: object must be a Uint8Array or null`);
  if (!isNonNegativeInt(record.revision)) throw invalid(`${where}: revision must be a non-negative integer`);
  if (!Array.isArray(record.attributes)) throw invalid(`${where}: attributes must be an array`);
  const seen = new Set<string>();
  const attributes = (record.attributes as readonly StoredAttribute[]).map((a): PreparedAttribute => {
    if (typeof a.name !== 'string' || a.name.length === 0) throw invalid(`${where}: an attribute name must be a non-empty string`);
    if (!isNonNegativeInt(a.index) || a.index > 0x7fffffff) throw invalid(`${where}: attribute ${JSON.stringify(a.name)} has a bad index`);
    const key = `${a.index}\u0000${a.name}`;
    if (seen.has(key)) throw invalid(`${where}: attribute ${JSON.stringify(a.name)} index ${a.index} appears twice`);
    seen.add(key);
    let bytes: Buffer;
    try {
      bytes = encodeTtlv(a.value);
    } catch (err) {
      // The codec's message may quote the value; only its code is reported.
      const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : 'not a TTLV node';
      throw invalid(`${where}: attribute ${JSON.stringify(a.name)} index ${a.index} is not encodable TTLV (${code})`);
    }
    return { name: a.name, index: a.index, ...projectValue(a.value, bytes) };
  });
  return { uid: record.uid, objectType: record.objectType, owner: record.owner, object: record.object, revision: record.revision, attributes };
}

/** A condition validated and projected for matching. */
export interface PreparedCondition {
  readonly name: string;
  readonly op: 'eq' | 'ge' | 'le';
  /** Item type of the condition value. */
  readonly type: number;
  /** eq: canonical bytes. */
  readonly key: Buffer;
  /** ge / le: the bound. */
  readonly num: bigint;
}

/** A filter validated for searching. */
export interface PreparedFilter {
  readonly owner: string | undefined;
  readonly objectTypes: readonly number[] | undefined;
  readonly hasObject: boolean | undefined;
  readonly conditions: readonly PreparedCondition[];
  readonly offset: number;
  /** undefined: no limit. */
  readonly limit: number | undefined;
}

function prepareCondition(c: AttributeCondition): PreparedCondition {
  if (typeof c.name !== 'string' || c.name.length === 0) throw invalid('An attribute condition needs a non-empty name');
  if (c.op !== 'eq' && c.op !== 'ge' && c.op !== 'le') throw invalid(`Unknown attribute condition operator ${JSON.stringify(c.op)}`);
  let p: AttributeProjection;
  try {
    p = projectValue(c.value);
  } catch {
    throw invalid(`The condition on ${JSON.stringify(c.name)} has a value that is not encodable TTLV`);
  }
  if (c.op !== 'eq' && (!ORDERED_TYPES.has(p.type) || p.num === null)) {
    throw invalid(
      `Condition ${c.op} on ${JSON.stringify(c.name)}: only Integer, Long Integer, Enumeration, Interval, Date-Time and Date Time Extended values are ordered`,
    );
  }
  return { name: c.name, op: c.op, type: p.type, key: p.key, num: p.num ?? 0n };
}

/**
 * Validates a filter.
 * @throws StoreError KEYHOLD_ERR_STORE_INVALID
 */
export function prepareFilter(filter: ObjectFilter): PreparedFilter {
  if (filter.offset !== undefined && !isNonNegativeInt(filter.offset)) throw invalid('offset must be a non-negative integer');
  if (filter.limit !== undefined && !isNonNegativeInt(filter.limit)) throw invalid('limit must be a non-negative integer');
  if (filter.owner !== undefined && typeof filter.owner !== 'string') throw invalid('owner must be a string');
  if (filter.objectTypes !== undefined && !(Array.isArray(filter.objectTypes) && filter.objectTypes.every(isNonNegativeInt))) {
    throw invalid('objectTypes must be an array of enumeration values');
  }
  return {
    owner: filter.owner,
    objectTypes: filter.objectTypes,
    hasObject: filter.hasObject,
    conditions: (filter.attributes ?? []).map(prepareCondition),
    offset: filter.offset ?? 0,
    limit: filter.limit,
  };
}

/** What {@link matchesCondition} needs of one stored instance. */
export interface MatchableValue {
  readonly type: number;
  readonly key: Uint8Array;
  readonly num: bigint | null;
}

/** True when one instance satisfies the condition (the name is checked by the caller). */
export function matchesCondition(v: MatchableValue, c: PreparedCondition): boolean {
  if (c.op === 'eq') return Buffer.compare(v.key, c.key) === 0;
  if (v.type !== c.type || v.num === null) return false;
  return c.op === 'ge' ? v.num >= c.num : v.num <= c.num;
}

/** Applies offset and limit to a list in creation order. */
export function page<T>(items: readonly T[], f: PreparedFilter): T[] {
  return items.slice(f.offset, f.limit === undefined ? undefined : f.offset + f.limit);
}
