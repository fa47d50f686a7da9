/**
 * Declarative schema combinators: one declaration per KMIP structure gives both the codec
 * (generic {@link TtlvNode} tree <-> typed value) and the static type (`Infer<typeof X>`), so no
 * interface is maintained twice (design/STYLE.md §2.3, rule 4).
 *
 * ```ts
 * export const GetRequest = struct(Tag.RequestPayload, {
 *   uniqueIdentifier: optional(uid(Tag.UniqueIdentifier)),
 *   keyFormatType: optional(enumeration(Tag.KeyFormatType, KeyFormatType)),
 *   keyWrapType: optional(enumeration(Tag.KeyWrapType, KeyWrapType), { since: '1.4' }),
 * });
 * export type GetRequest = Infer<typeof GetRequest>;
 * ```
 *
 * Rules every schema follows:
 * - **Property names** are the spec tag names in lowerCamelCase, mechanically (rule 3). Where 1.x
 *   and 2.x carry the same information under different tags (Template-Attribute / Attributes,
 *   Attribute Name / Attribute Reference, …) the property takes the 2.x name and one canonical
 *   value type; the wire form is chosen by version at the edge (rule 5).
 * - **Decoding** is strict on item types (Invalid Field), on required fields, repeats and field
 *   order (Invalid Message: KMIP 1.2 §11.1), and ignores the version ranges of fields (a field
 *   is accepted whatever the message version). Children whose tag the structure does not
 *   declare are kept, in order, in `extensions`; they are written back where they were (for an
 *   unmodified decoded value) or after the declared fields, so a decode/encode round trip is
 *   lossless.
 * - **Encoding** writes fields in declaration order (= spec wire order). A field whose
 *   `since`/`until` range excludes the target version is **omitted** even when set (so one
 *   canonical value can be written for any version); a required field that is in range but
 *   unset throws a {@link KmipError} (Invalid Message).
 */
import { KmipError, invalidField, invalidMessage } from '../errors.js';
import { ResultReason } from '../generated/enums.js';
import { tagDef, tagXmlName } from '../registry/lookup.js';
import type { ProtocolVersion } from '../registry/versions.js';
import { ITEM_TYPE_NAMES, ItemType, type TtlvNode } from '../ttlv/types.js';

// ---------------------------------------------------------------------------------------------
// Context, paths, versions
// ---------------------------------------------------------------------------------------------

/** What a codec needs to know besides the value: the protocol version of the message. */
export interface CodecContext {
  readonly version: ProtocolVersion;
}

/** A lazily formatted location in a message, for error reports. */
export interface Path {
  readonly parent: Path | undefined;
  readonly tag: number;
  readonly index?: number;
}

/** Extends a path by one item (cheap: formatting happens only when an error is reported). */
export function childPath(parent: Path | undefined, tag: number, index?: number): Path {
  return index === undefined ? { parent, tag } : { parent, tag, index };
}

/** `RequestMessage/BatchItem[1]/RequestPayload/UniqueIdentifier`. */
export function formatPath(path: Path | undefined): string {
  const parts: string[] = [];
  for (let p = path; p !== undefined; p = p.parent) {
    const name = tagXmlName(p.tag) ?? `0x${p.tag.toString(16).padStart(6, '0')}`;
    parts.push(p.index === undefined ? name : `${name}[${p.index}]`);
  }
  return parts.reverse().join('/');
}

/** A version range of a field or alternative: present from `since` through `until` inclusive. */
export interface VersionRange {
  readonly since?: string;
  readonly until?: string;
}

/** Parsed form of a {@link VersionRange}. */
export interface VersionBounds {
  readonly lo: number;
  readonly hi: number;
}

const ALL_VERSIONS: VersionBounds = Object.freeze({ lo: 0, hi: Number.MAX_SAFE_INTEGER });

function versionNumber(s: string): number {
  const m = /^(\d+)\.(\d+)$/.exec(s);
  if (!m) throw new RangeError(`Not a KMIP version: ${JSON.stringify(s)}`);
  return Number(m[1]) * 1000 + Number(m[2]);
}

/** Parses a range once, at schema construction. */
export function bounds(range: VersionRange | undefined): VersionBounds {
  if (range === undefined || (range.since === undefined && range.until === undefined)) return ALL_VERSIONS;
  return {
    lo: range.since === undefined ? 0 : versionNumber(range.since),
    hi: range.until === undefined ? Number.MAX_SAFE_INTEGER : versionNumber(range.until),
  };
}

/** True when version `v` falls within `b`. */
export function withinBounds(b: VersionBounds, v: ProtocolVersion): boolean {
  const k = v.major * 1000 + v.minor;
  return k >= b.lo && k <= b.hi;
}

// ---------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------

/**
 * A codec for one kind of item. `decode` does not check the node's tag (the enclosing structure
 * matched it already, and attribute values are re-tagged); `encode` writes `tag`, defaulting to
 * the schema's own.
 */
export interface Schema<T> {
  /** What the schema is, for introspection and tests ("integer", "struct", "custom", …). */
  readonly kind: string;
  /** The tag written by default. */
  readonly tag: number;
  /** Every tag the schema accepts when used as a field (several for version-dependent forms). */
  readonly tags: readonly number[];
  /** Item types the schema accepts, or `null` when it decides itself (varies). */
  readonly itemTypes: readonly ItemType[] | null;
  decode(node: TtlvNode, ctx: CodecContext, path?: Path): T;
  encode(value: T, ctx: CodecContext, tag?: number): TtlvNode;
}

/** The value type of a schema. */
export type Infer<S> = S extends Schema<infer T> ? T : never;

function typeName(t: number): string {
  return ITEM_TYPE_NAMES[t as ItemType] ?? `0x${t.toString(16)}`;
}

/** The error for an item of the wrong type (Invalid Field). */
export function wrongType(node: TtlvNode, expected: string, path: Path | undefined): KmipError {
  return invalidField(formatPath(path ?? childPath(undefined, node.tag)), `expected ${expected}, got ${typeName(node.type)}`);
}

/**
 * Builds a schema from functions; the escape hatch for sibling-dependent shapes and the base of
 * every combinator here.
 */
export function custom<T>(spec: {
  readonly kind?: string;
  readonly tag: number;
  readonly tags?: readonly number[];
  readonly itemTypes?: readonly ItemType[] | null;
  decode(node: TtlvNode, ctx: CodecContext, path: Path | undefined): T;
  encode(value: T, ctx: CodecContext, tag: number): TtlvNode;
}): Schema<T> {
  const defaultTag = spec.tag;
  return {
    kind: spec.kind ?? 'custom',
    tag: defaultTag,
    tags: spec.tags ?? [defaultTag],
    itemTypes: spec.itemTypes === undefined ? null : spec.itemTypes,
    decode: (node, ctx, path) => spec.decode(node, ctx, path),
    encode: (value, ctx, tag) => spec.encode(value, ctx, tag ?? defaultTag),
  };
}

// ---------------------------------------------------------------------------------------------
// Primitives
// ---------------------------------------------------------------------------------------------

/** Integer (int32) -> `number`. */
export function integer(tag: number): Schema<number> {
  return custom({
    kind: 'integer',
    tag,
    itemTypes: [ItemType.Integer],
    decode(node, _ctx, path) {
      if (node.type !== ItemType.Integer) throw wrongType(node, 'Integer', path);
      return node.value;
    },
    encode: (value, _ctx, t) => ({ tag: t, type: ItemType.Integer, value }),
  });
}

/**
 * Integer holding a bit mask (Cryptographic Usage Mask, Storage Status Mask, …) -> `number`.
 * `maskObj` is the generated const object of bits (documentation and introspection only: any
 * bits are accepted, unknown bits are extension bits).
 */
export function mask(tag: number, maskObj: Readonly<Record<string, number>>): Schema<number> & { readonly maskBits: Readonly<Record<string, number>> } {
  return { ...integer(tag), kind: 'mask', maskBits: maskObj };
}

/** Long Integer (int64) -> `bigint`. */
export function longInteger(tag: number): Schema<bigint> {
  return custom({
    kind: 'longInteger',
    tag,
    itemTypes: [ItemType.LongInteger],
    decode(node, _ctx, path) {
      if (node.type !== ItemType.LongInteger) throw wrongType(node, 'LongInteger', path);
      return node.value;
    },
    encode: (value, _ctx, t) => ({ tag: t, type: ItemType.LongInteger, value }),
  });
}

/**
 * Big Integer -> `bigint`. (A decoded value wider than its minimal encoding is re-encoded at the
 * minimal width: the width is not part of the value.)
 */
export function bigInteger(tag: number): Schema<bigint> {
  return custom({
    kind: 'bigInteger',
    tag,
    itemTypes: [ItemType.BigInteger],
    decode(node, _ctx, path) {
      if (node.type !== ItemType.BigInteger) throw wrongType(node, 'BigInteger', path);
      return node.value;
    },
    encode: (value, _ctx, t) => ({ tag: t, type: ItemType.BigInteger, value }),
  });
}

/** First value of the extension range of enumerations (KMIP: values 8XXXXXXX are extensions). */
export const ENUM_EXTENSION_MIN = 0x80000000;

/**
 * Enumeration -> the number, typed as the generated union. Values the enumeration does not
 * define are rejected (Invalid Field) except the extension range 0x80000000-0xFFFFFFFF, which
 * passes through as a plain number.
 */
export function enumeration<E extends Readonly<Record<string, number>>>(tag: number, enumObj: E): EnumSchema<E[keyof E]> {
  const values = new Set<number>(Object.values(enumObj));
  const s = custom<E[keyof E]>({
    kind: 'enumeration',
    tag,
    itemTypes: [ItemType.Enumeration],
    decode(node, _ctx, path) {
      if (node.type !== ItemType.Enumeration) throw wrongType(node, 'Enumeration', path);
      if (!values.has(node.value) && node.value < ENUM_EXTENSION_MIN) {
        throw invalidField(formatPath(path ?? childPath(undefined, node.tag)), `0x${node.value.toString(16)} is not a defined value`);
      }
      return node.value as E[keyof E];
    },
    encode: (value, _ctx, t) => ({ tag: t, type: ItemType.Enumeration, value }),
  });
  return { ...s, enumValues: values };
}

/** An enumeration schema; `enumValues` lists the defined values (introspection). */
export interface EnumSchema<T> extends Schema<T> {
  readonly enumValues: ReadonlySet<number>;
}

/** Boolean -> `boolean`. */
export function boolean(tag: number): Schema<boolean> {
  return custom({
    kind: 'boolean',
    tag,
    itemTypes: [ItemType.Boolean],
    decode(node, _ctx, path) {
      if (node.type !== ItemType.Boolean) throw wrongType(node, 'Boolean', path);
      return node.value;
    },
    encode: (value, _ctx, t) => ({ tag: t, type: ItemType.Boolean, value }),
  });
}

/** Text String -> `string`. */
export function text(tag: number): Schema<string> {
  return custom({
    kind: 'text',
    tag,
    itemTypes: [ItemType.TextString],
    decode(node, _ctx, path) {
      if (node.type !== ItemType.TextString) throw wrongType(node, 'TextString', path);
      return node.value;
    },
    encode: (value, _ctx, t) => ({ tag: t, type: ItemType.TextString, value }),
  });
}

/** Byte String -> `Uint8Array` (a view into the decoded input unless the reader copied). */
export function bytes(tag: number): Schema<Uint8Array> {
  return custom({
    kind: 'bytes',
    tag,
    itemTypes: [ItemType.ByteString],
    decode(node, _ctx, path) {
      if (node.type !== ItemType.ByteString) throw wrongType(node, 'ByteString', path);
      return node.value;
    },
    encode: (value, _ctx, t) => ({ tag: t, type: ItemType.ByteString, value }),
  });
}

/** Date-Time -> `bigint` seconds since the POSIX epoch. */
export function dateTime(tag: number): Schema<bigint> {
  return custom({
    kind: 'dateTime',
    tag,
    itemTypes: [ItemType.DateTime],
    decode(node, _ctx, path) {
      if (node.type !== ItemType.DateTime) throw wrongType(node, 'DateTime', path);
      return node.value;
    },
    encode: (value, _ctx, t) => ({ tag: t, type: ItemType.DateTime, value }),
  });
}

/** Date Time Extended (2.0+) -> `bigint` microseconds since the POSIX epoch. */
export function dateTimeExtended(tag: number): Schema<bigint> {
  return custom({
    kind: 'dateTimeExtended',
    tag,
    itemTypes: [ItemType.DateTimeExtended],
    decode(node, _ctx, path) {
      if (node.type !== ItemType.DateTimeExtended) throw wrongType(node, 'DateTimeExtended', path);
      return node.value;
    },
    encode: (value, _ctx, t) => ({ tag: t, type: ItemType.DateTimeExtended, value }),
  });
}

/** Interval -> `number` seconds (uint32). */
export function interval(tag: number): Schema<number> {
  return custom({
    kind: 'interval',
    tag,
    itemTypes: [ItemType.Interval],
    decode(node, _ctx, path) {
      if (node.type !== ItemType.Interval) throw wrongType(node, 'Interval', path);
      return node.value;
    },
    encode: (value, _ctx, t) => ({ tag: t, type: ItemType.Interval, value }),
  });
}

/** Any item kept as the generic tree (re-tagged on encode). */
export function raw(tag: number): Schema<TtlvNode> {
  return custom({
    kind: 'raw',
    tag,
    itemTypes: null,
    decode: (node) => node,
    encode: (value, _ctx, t) => (value.tag === t ? value : ({ ...value, tag: t } as TtlvNode)),
  });
}

// ---------------------------------------------------------------------------------------------
// Object identifiers (2.x ID placeholder forms, 3.0 item types)
// ---------------------------------------------------------------------------------------------

/**
 * A reference to a managed object, as Unique Identifier, Linked Object Identifier, Private/Public
 * Key Unique Identifier and the 3.0 links carry it:
 * - a `string`: the identifier (Text String; in 3.0 an Identifier or Reference item);
 * - `{ placeholder }`: 2.x Unique Identifier Enumeration (ID Placeholder, Create, …: the result of
 *   an earlier item of the batch) [KMIP 2.1 §11.58];
 * - `{ index }`: 2.x Integer form: the n-th identifier of the response, negative from the end;
 * - `{ nameReference }`: 3.0 Name Reference (an object named by its Name attribute).
 */
export type ObjectRef =
  | string
  | { readonly placeholder: number }
  | { readonly index: number }
  | { readonly nameReference: string };

/**
 * Schema of an {@link ObjectRef}. `textType30` is the item type a plain string is written as in
 * KMIP 3.0 (Identifier for Unique Identifier fields, Reference for the 3.0 links); older versions
 * write Text String. Decoding accepts every form whatever the version.
 */
export function objectRef(tag: number, textType30: typeof ItemType.Identifier | typeof ItemType.Reference = ItemType.Identifier): Schema<ObjectRef> {
  return custom({
    kind: 'objectRef',
    tag,
    itemTypes: [ItemType.TextString, ItemType.Identifier, ItemType.Reference, ItemType.NameReference, ItemType.Enumeration, ItemType.Integer],
    decode(node, _ctx, path): ObjectRef {
      switch (node.type) {
        case ItemType.TextString:
        case ItemType.Identifier:
        case ItemType.Reference:
          return node.value;
        case ItemType.NameReference:
          return { nameReference: node.value };
        case ItemType.Enumeration:
          return { placeholder: node.value };
        case ItemType.Integer:
          return { index: node.value };
        default:
          throw wrongType(node, 'TextString, Enumeration or Integer', path);
      }
    },
    encode(value, ctx, t): TtlvNode {
      if (typeof value === 'string') {
        return { tag: t, type: ctx.version.major >= 3 ? textType30 : ItemType.TextString, value };
      }
      if ('placeholder' in value) return { tag: t, type: ItemType.Enumeration, value: value.placeholder };
      if ('index' in value) return { tag: t, type: ItemType.Integer, value: value.index };
      return { tag: t, type: ItemType.NameReference, value: value.nameReference };
    },
  });
}

/** Shorthand: a Unique Identifier-like field ({@link objectRef} with the 3.0 Identifier type). */
export function uid(tag: number): Schema<ObjectRef> {
  return objectRef(tag, ItemType.Identifier);
}

/**
 * A Unique Identifier as a server returns it in a response payload: the identifier itself, a
 * `string` (Text String; in 3.0 the Identifier item type). The Enumeration, Integer and Name
 * Reference forms of {@link ObjectRef} only name objects in requests [KMIP 2.1 §11.58], so a
 * response carrying one fails to decode (Invalid Field).
 */
export function responseUid(tag: number): Schema<string> {
  return custom({
    kind: 'responseUid',
    tag,
    itemTypes: [ItemType.TextString, ItemType.Identifier],
    decode(node, _ctx, path): string {
      if (node.type === ItemType.TextString || node.type === ItemType.Identifier) return node.value;
      throw wrongType(node, 'TextString or Identifier', path);
    },
    encode: (value, ctx, t): TtlvNode => ({ tag: t, type: ctx.version.major >= 3 ? ItemType.Identifier : ItemType.TextString, value }),
  });
}

// ---------------------------------------------------------------------------------------------
// Version-dependent forms
// ---------------------------------------------------------------------------------------------

/** One form of a {@link byVersion} schema. */
export interface VersionVariant<T> extends VersionRange {
  readonly schema: Schema<T>;
}

/**
 * One canonical value with a different wire form per version (Template-Attribute in 1.x vs
 * Attributes in 2.x; Attribute Name vs Attribute Reference; Boolean vs Enumeration …).
 * Decoding picks the form by the item's tag, then by its item type (lenient: a 2.x form in a
 * 1.x message decodes); encoding picks the first form whose range holds the version.
 */
export function byVersion<T>(...variants: readonly VersionVariant<T>[]): ByVersionSchema<T> {
  const first = variants[0];
  if (first === undefined) throw new RangeError('byVersion needs at least one variant');
  const parsed = variants.map((v) => ({ schema: v.schema, bounds: bounds(v) }));
  const tags = [...new Set(variants.flatMap((v) => v.schema.tags))];
  const itemTypes = variants.some((v) => v.schema.itemTypes === null)
    ? null
    : [...new Set(variants.flatMap((v) => v.schema.itemTypes ?? []))];
  return {
    kind: 'byVersion',
    tag: first.schema.tag,
    tags,
    itemTypes,
    variants,
    decode(node, ctx, path) {
      let byTag: Schema<T> | undefined;
      for (const v of parsed) {
        if (!v.schema.tags.includes(node.tag)) continue;
        byTag ??= v.schema;
        const its = v.schema.itemTypes;
        if (its === null || its.includes(node.type)) return v.schema.decode(node, ctx, path);
      }
      return (byTag ?? first.schema).decode(node, ctx, path);
    },
    encode(value, ctx, tag) {
      const s = parsed.find((p) => withinBounds(p.bounds, ctx.version))?.schema ?? first.schema;
      // A caller-supplied tag re-tags only single-form schemas; version forms own their tags.
      return s.encode(value, ctx, tag !== undefined && tags.length === 1 ? tag : undefined);
    },
  };
}

/** A {@link byVersion} schema; `variants` lists its forms (introspection). */
export interface ByVersionSchema<T> extends Schema<T> {
  readonly variants: readonly VersionVariant<T>[];
}

/** The form a {@link byVersion} schema writes for `v` (the schema itself for other schemas). */
export function variantFor<T>(schema: Schema<T>, v: ProtocolVersion): Schema<T> {
  const variants = (schema as Partial<ByVersionSchema<T>>).variants;
  if (variants === undefined) return schema;
  return variants.find((x) => withinBounds(bounds(x), v))?.schema ?? variants[0]?.schema ?? schema;
}

// ---------------------------------------------------------------------------------------------
// Fields and structures
// ---------------------------------------------------------------------------------------------

/** Whether a property is always present in the typed value. */
export type Presence = 'required' | 'optional';

/**
 * How one wire form of a field maps children to the property. Most fields have one alternative
 * built from a schema; custom alternatives (1.x inline `Attribute*` collected into the canonical
 * attribute set) implement this directly.
 */
export interface FieldAlt<T> {
  /** Tags of the children this alternative takes. */
  readonly tags: readonly number[];
  /** True when consecutive children accumulate into one value (repeated fields). */
  readonly multi: boolean;
  /** Versions this alternative is written for (all when absent). */
  readonly bounds: VersionBounds;
  /** The element schema (introspection: tests compare it with the registry). */
  readonly schema: Schema<unknown>;
  decode(node: TtlvNode, ctx: CodecContext, path: Path, prev: T | undefined): T;
  encode(value: T, ctx: CodecContext, out: TtlvNode[]): void;
}

/** One property of a structure. */
export interface Field<T, P extends Presence = Presence> {
  readonly presence: P;
  readonly bounds: VersionBounds;
  readonly range: VersionRange;
  /** Repeated fields: the minimum number of items (0 = may be absent). */
  readonly min: number;
  readonly repeated: boolean;
  readonly alts: readonly FieldAlt<T>[];
  /** Phantom member carrying the value type (never set). */
  readonly __type?: T;
}

/** Fields of a structure, by property name. */
export type Fields = Readonly<Record<string, Field<unknown>>>;

type FieldValue<F> = F extends Field<infer T, Presence> ? T : never;
type RequiredKeys<F extends Fields> = { [K in keyof F]: F[K] extends Field<unknown, 'required'> ? K : never }[keyof F];
type OptionalKeys<F extends Fields> = Exclude<keyof F, RequiredKeys<F>>;
/** Flattens an intersection for readable hovers. */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** Children the structure does not declare, kept for a lossless round trip. */
export interface WithExtensions {
  extensions?: TtlvNode[];
}

/** The typed value of a structure with fields `F`. */
export type StructValue<F extends Fields> = Simplify<
  { [K in RequiredKeys<F>]: FieldValue<F[K]> } & { [K in OptionalKeys<F>]?: FieldValue<F[K]> } & WithExtensions
>;

function singleAlt<T>(schema: Schema<T>, b: VersionBounds = ALL_VERSIONS): FieldAlt<T> {
  return {
    tags: schema.tags,
    multi: false,
    bounds: b,
    schema: schema as Schema<unknown>,
    decode: (node, ctx, path) => schema.decode(node, ctx, path),
    encode(value, ctx, out) {
      out.push(schema.encode(value, ctx));
    },
  };
}

function listAlt<T>(schema: Schema<T>): FieldAlt<T[]> {
  return {
    tags: schema.tags,
    multi: true,
    bounds: ALL_VERSIONS,
    schema: schema as Schema<unknown>,
    decode(node, ctx, path, prev) {
      const v = schema.decode(node, ctx, path);
      if (prev === undefined) return [v];
      prev.push(v);
      return prev;
    },
    encode(value, ctx, out) {
      for (const v of value) out.push(schema.encode(v, ctx));
    },
  };
}

/** A field that must be present (Invalid Message when missing on decode or encode). */
export function required<T>(schema: Schema<T>): Field<T, 'required'> {
  return { presence: 'required', bounds: ALL_VERSIONS, range: {}, min: 0, repeated: false, alts: [singleAlt(schema)] };
}

/**
 * The version range of the tags `tags` in the registry (the union when several): the default
 * range of optional and repeated fields, so a field is written only for versions that define its
 * tag (Key Wrap Type from 1.4, Batch Count until 2.1, …).
 */
export function registryRange(tags: readonly number[]): VersionRange {
  let lo: string | undefined;
  let hi: string | undefined;
  let open = false;
  for (const t of tags) {
    const d = tagDef(t);
    if (d === undefined) return {};
    if (lo === undefined || versionNumber(d.since) < versionNumber(lo)) lo = d.since;
    if (d.until === undefined) open = true;
    else if (hi === undefined || versionNumber(d.until) > versionNumber(hi)) hi = d.until;
  }
  return {
    ...(lo === undefined ? {} : { since: lo }),
    ...(open || hi === undefined ? {} : { until: hi }),
  };
}

function rangeOf(tags: readonly number[], explicit: VersionRange | undefined): VersionRange {
  const reg = registryRange(tags);
  const since = explicit?.since ?? reg.since;
  const until = explicit?.until ?? reg.until;
  return { ...(since === undefined ? {} : { since }), ...(until === undefined ? {} : { until }) };
}

/**
 * An optional field. It is written only for the versions of `range`, which defaults to the
 * registry range of its tag (each of `since`/`until` can be overridden); outside it the field is
 * omitted even when set.
 */
export function optional<T>(schema: Schema<T>, range?: VersionRange): Field<T, 'optional'> {
  const r = rangeOf(schema.tags, range);
  return { presence: 'optional', bounds: bounds(r), range: r, min: 0, repeated: false, alts: [singleAlt(schema)] };
}

/**
 * A repeated field -> `T[]` (absent when no item was on the wire). `min: 1` makes at least one
 * item mandatory when the field is in range. The range defaults as for {@link optional}.
 */
export function repeated<T>(schema: Schema<T>, opts: VersionRange & { readonly min?: number } = {}): Field<T[], 'optional'> {
  const r = rangeOf(schema.tags, opts);
  return { presence: 'optional', bounds: bounds(r), range: r, min: opts.min ?? 0, repeated: true, alts: [listAlt(schema)] };
}

/** A field made of custom alternatives (see {@link FieldAlt}). */
export function fieldOf<T, P extends Presence>(presence: P, alts: readonly FieldAlt<T>[], range: VersionRange = {}, min = 0): Field<T, P> {
  return { presence, bounds: bounds(range), range, min, repeated: alts.some((a) => a.multi), alts };
}

/**
 * Where decoded extensions sat among their siblings, when one of them preceded a declared field:
 * keyed by the `extensions` array itself, so an unmodified decoded value re-encodes with its
 * extensions in place (byte-identical); new or edited arrays are written after the fields.
 */
const EXTENSION_POSITIONS = new WeakMap<readonly TtlvNode[], readonly number[]>();

/** A structure schema: its fields are exposed for introspection. */
export interface StructSchema<F extends Fields> extends Schema<StructValue<F>> {
  readonly fields: F;
}

interface Slot {
  readonly index: number;
  readonly key: string;
  readonly field: Field<unknown>;
  readonly alt: FieldAlt<unknown>;
}

/** The alternative a field writes for version `v`, or undefined. */
export function fieldAltFor<T>(field: Field<T>, v: ProtocolVersion): FieldAlt<T> | undefined {
  for (const a of field.alts) if (withinBounds(a.bounds, v)) return a;
  return undefined;
}

/**
 * A Structure with declared fields, in wire order. See the module comment for the decoding and
 * encoding rules.
 */
export function struct<F extends Fields>(tag: number, fields: F): StructSchema<F> {
  const entries = Object.entries(fields);
  const byTag = new Map<number, Slot[]>();
  entries.forEach(([key, field], index) => {
    for (const alt of field.alts) {
      for (const t of alt.tags) {
        let list = byTag.get(t);
        if (!list) byTag.set(t, (list = []));
        list.push({ index, key, field, alt });
      }
    }
  });

  function decode(node: TtlvNode, ctx: CodecContext, path: Path | undefined): StructValue<F> {
    const here = path ?? childPath(undefined, node.tag);
    if (node.type !== ItemType.Structure) throw wrongType(node, 'Structure', here);
    const out: Record<string, unknown> = {};
    const counts = new Map<string, number>();
    let last = -1;
    let extensions: TtlvNode[] | undefined;
    // Positions of extensions among the children, recorded only when one precedes a declared field.
    let extPositions: number[] = [];
    let misplaced = false;
    node.value.forEach((child, position) => {
      const slots = byTag.get(child.tag);
      if (slots === undefined) {
        (extensions ??= []).push(child);
        extPositions.push(position);
        return;
      }
      if (extensions !== undefined) misplaced = true;
      let chosen: Slot | undefined;
      for (const s of slots) {
        if (s.index > last || (s.index === last && s.alt.multi)) {
          // A single-valued field already set cannot take a second item.
          if (!s.alt.multi && out[s.key] !== undefined) continue;
          chosen = s;
          break;
        }
      }
      if (chosen === undefined) {
        const name = tagXmlName(child.tag) ?? 'field';
        const s = slots[0] as Slot;
        const dup = out[s.key] !== undefined && !s.alt.multi;
        throw invalidMessage(dup ? `${name} occurs more than once` : `${name} is out of order`, formatPath(childPath(here, child.tag)));
      }
      const n = counts.get(chosen.key) ?? 0;
      counts.set(chosen.key, n + 1);
      const cp = childPath(here, child.tag, chosen.alt.multi ? n : undefined);
      out[chosen.key] = chosen.alt.decode(child, ctx, cp, out[chosen.key]);
      last = chosen.index;
    });
    if (!misplaced) extPositions = [];
    for (const [key, field] of entries) {
      if (!withinBounds(field.bounds, ctx.version)) continue;
      if (field.presence === 'required' && out[key] === undefined) {
        throw invalidMessage(`required field ${key} is missing`, formatPath(here));
      }
      if (field.min > 0 && ((counts.get(key) ?? 0) < field.min)) {
        throw invalidMessage(`field ${key} needs at least ${field.min} item(s)`, formatPath(here));
      }
    }
    if (extensions !== undefined) {
      out['extensions'] = extensions;
      if (extPositions.length > 0) EXTENSION_POSITIONS.set(extensions, extPositions);
    }
    return out as StructValue<F>;
  }

  function encode(value: StructValue<F>, ctx: CodecContext, t: number): TtlvNode {
    const children: TtlvNode[] = [];
    const rec = value as Record<string, unknown>;
    for (const [key, field] of entries) {
      if (!withinBounds(field.bounds, ctx.version)) continue;
      const v = rec[key];
      if (v === undefined) {
        if (field.presence === 'required') {
          throw new KmipError(ResultReason.InvalidMessage, `required field ${key} is not set`, { path: tagXmlName(t) ?? '' });
        }
        continue;
      }
      const alt = fieldAltFor(field, ctx.version);
      if (alt === undefined) continue;
      alt.encode(v, ctx, children);
    }
    const ext = (value as WithExtensions).extensions;
    if (ext !== undefined) {
      const positions = EXTENSION_POSITIONS.get(ext);
      if (positions !== undefined && positions.length === ext.length) {
        ext.forEach((e, i) => children.splice(Math.min(positions[i] as number, children.length), 0, e));
      } else for (const e of ext) children.push(e);
    }
    return { tag: t, type: ItemType.Structure, value: children };
  }

  return {
    kind: 'struct',
    tag,
    tags: [tag],
    itemTypes: [ItemType.Structure],
    fields,
    decode: (node, ctx, path) => decode(node, ctx, path),
    encode: (value, ctx, t) => encode(value, ctx, t ?? tag),
  };
}

/** The same schema written under another tag (e.g. a Name structure as an Attribute Value). */
export function retag<T>(schema: Schema<T>, tag: number): Schema<T> {
  return {
    ...schema,
    tag,
    tags: [tag],
    encode: (value, ctx, t) => schema.encode(value, ctx, t ?? tag),
  };
}

/**
 * Schema for an item whose registry type name is `typeName` ("Integer", "TextString", …), or
 * `undefined` for Structure and varying types. Used for attribute values and generic fields.
 */
export function primitiveForType(typeName: string, tag: number): Schema<unknown> | undefined {
  switch (typeName) {
    case 'Integer':
      return integer(tag) as Schema<unknown>;
    case 'LongInteger':
      return longInteger(tag) as Schema<unknown>;
    case 'BigInteger':
      return bigInteger(tag) as Schema<unknown>;
    case 'Boolean':
      return boolean(tag) as Schema<unknown>;
    case 'TextString':
      return text(tag) as Schema<unknown>;
    case 'ByteString':
      return bytes(tag) as Schema<unknown>;
    case 'DateTime':
      return dateTime(tag) as Schema<unknown>;
    case 'DateTimeExtended':
      return dateTimeExtended(tag) as Schema<unknown>;
    case 'Interval':
      return interval(tag) as Schema<unknown>;
    default:
      return undefined;
  }
}

/** Message and payload decoding context for a version. */
export function contextFor(version: ProtocolVersion): CodecContext {
  return { version };
}

/**
 * The property name of a tag: its normalised name in lowerCamelCase, mechanically — a leading
 * acronym is lower-cased as a whole (`UniqueBatchItemID` -> `uniqueBatchItemID`,
 * `MACSignatureKeyInformation` -> `macSignatureKeyInformation`, `IVCounterNonce` ->
 * `ivCounterNonce`, `PKCS_11Function` -> `pkcs_11Function`, `X_509CertificateIdentifier` ->
 * `x_509CertificateIdentifier`).
 */
export function propertyName(xmlName: string): string {
  let run = 0;
  while (run < xmlName.length && /[A-Z]/.test(xmlName[run] as string)) run++;
  if (run === 0) return xmlName;
  if (run === 1 || run === xmlName.length) return xmlName.slice(0, run).toLowerCase() + xmlName.slice(run);
  const next = xmlName[run] as string;
  const cut = /[a-z]/.test(next) ? run - 1 : run;
  return xmlName.slice(0, cut).toLowerCase() + xmlName.slice(cut);
}
