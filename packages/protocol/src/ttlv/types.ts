/**
 * TTLV item types and the generic item tree.
 *
 * KMIP 1.2 §9.1.1.2 / KMIP 2.1 §10.1.2 define the one-byte item type codes; KMIP 2.0 added
 * Date Time Extended and the KMIP 3.0 draft adds Identifier, Reference and Name Reference.
 * This module knows no KMIP tag or enumeration: it is the codec's vocabulary only.
 */

/** The item type codes carried in the fourth byte of every TTLV item. */
export const ItemType = {
  Structure: 0x01,
  Integer: 0x02,
  LongInteger: 0x03,
  BigInteger: 0x04,
  Enumeration: 0x05,
  Boolean: 0x06,
  TextString: 0x07,
  ByteString: 0x08,
  DateTime: 0x09,
  Interval: 0x0a,
  DateTimeExtended: 0x0b,
  Identifier: 0x0c,
  Reference: 0x0d,
  NameReference: 0x0e,
} as const;
/** One of the {@link ItemType} codes. */
export type ItemType = (typeof ItemType)[keyof typeof ItemType];

/** Item type names as spelled in the XML and JSON encodings (`type="LongInteger"`). */
export const ITEM_TYPE_NAMES: Readonly<Record<ItemType, string>> = {
  [ItemType.Structure]: 'Structure',
  [ItemType.Integer]: 'Integer',
  [ItemType.LongInteger]: 'LongInteger',
  [ItemType.BigInteger]: 'BigInteger',
  [ItemType.Enumeration]: 'Enumeration',
  [ItemType.Boolean]: 'Boolean',
  [ItemType.TextString]: 'TextString',
  [ItemType.ByteString]: 'ByteString',
  [ItemType.DateTime]: 'DateTime',
  [ItemType.Interval]: 'Interval',
  [ItemType.DateTimeExtended]: 'DateTimeExtended',
  [ItemType.Identifier]: 'Identifier',
  [ItemType.Reference]: 'Reference',
  [ItemType.NameReference]: 'NameReference',
};

const TYPE_BY_NAME: ReadonlyMap<string, ItemType> = new Map(
  Object.entries(ITEM_TYPE_NAMES).map(([code, name]) => [name, Number(code) as ItemType]),
);

/** Item type for an XML/JSON type name, or `undefined`. */
export function itemTypeByName(name: string): ItemType | undefined {
  return TYPE_BY_NAME.get(name);
}

/** True when `code` is an item type this codec understands. */
export function isItemType(code: number): code is ItemType {
  return code >= ItemType.Structure && code <= ItemType.NameReference;
}

/**
 * KMIP 3.0 draft item types whose byte layout the draft leaves open.
 *
 * DECISION (the only place it is made): Identifier (0x0C), Reference (0x0D) and Name Reference
 * (0x0E) are encoded exactly like a Text String — UTF-8 bytes, length without padding, zero-padded
 * to 8 — under their own type codes. The reader, writer and text encodings all consult this set.
 */
export const TEXT_LIKE_3_0_TYPES: ReadonlySet<ItemType> = new Set([
  ItemType.Identifier,
  ItemType.Reference,
  ItemType.NameReference,
]);

/** A Structure: an ordered list of child items. */
export interface TtlvStructure {
  readonly tag: number;
  readonly type: typeof ItemType.Structure;
  readonly value: TtlvNode[];
}
/** Integer (int32), Enumeration (uint32) and Interval (uint32 seconds). */
export interface TtlvNumber {
  readonly tag: number;
  readonly type: typeof ItemType.Integer | typeof ItemType.Enumeration | typeof ItemType.Interval;
  readonly value: number;
}
/**
 * Long Integer (int64), Big Integer (arbitrary two's complement), Date-Time (int64 seconds since
 * the POSIX epoch) and Date Time Extended (int64 microseconds since the POSIX epoch).
 */
export interface TtlvBig {
  readonly tag: number;
  readonly type:
    | typeof ItemType.LongInteger
    | typeof ItemType.BigInteger
    | typeof ItemType.DateTime
    | typeof ItemType.DateTimeExtended;
  readonly value: bigint;
  /**
   * Big Integer only: the encoded length in bytes when the value was decoded with more
   * sign-extension bytes than the minimum. Re-encoding keeps the original width so a
   * round trip is byte-exact; absent means "the minimal multiple of 8".
   */
  readonly width?: number;
}
/** Boolean. */
export interface TtlvBoolean {
  readonly tag: number;
  readonly type: typeof ItemType.Boolean;
  readonly value: boolean;
}
/** Text String and the text-like 3.0 types (see {@link TEXT_LIKE_3_0_TYPES}). */
export interface TtlvText {
  readonly tag: number;
  readonly type:
    | typeof ItemType.TextString
    | typeof ItemType.Identifier
    | typeof ItemType.Reference
    | typeof ItemType.NameReference;
  readonly value: string;
}
/** Byte String. */
export interface TtlvBytes {
  readonly tag: number;
  readonly type: typeof ItemType.ByteString;
  readonly value: Uint8Array;
}

/** Any TTLV item: the generic tree every encoding converts to and from. */
export type TtlvNode = TtlvStructure | TtlvNumber | TtlvBig | TtlvBoolean | TtlvText | TtlvBytes;

/** A primitive (non-Structure) item. */
export type TtlvPrimitive = Exclude<TtlvNode, TtlvStructure>;

/** Inclusive limits of the fixed-width numeric types. */
export const INT32_MIN = -0x80000000;
export const INT32_MAX = 0x7fffffff;
export const UINT32_MAX = 0xffffffff;
export const INT64_MIN = -(1n << 63n);
export const INT64_MAX = (1n << 63n) - 1n;
