/**
 * One OASIS test-case file as a conversation of steps (README §1): the n-th RequestMessage and
 * the n-th ResponseMessage, each kept as a template tree whose leaves are either literal items or
 * placeholders (README §3). Requests are instantiated from their template when sent (placeholders
 * replaced by bound values); expected responses stay templates so that the comparator knows where
 * to bind and where to compare.
 *
 * The file is parsed once with `readXmlTestCase` and a value hook: the hook sees every primitive
 * in document order, notes which ones carry a placeholder, and hands the parser a type-valid
 * stand-in; walking the parsed trees in the same order then turns exactly those leaves into
 * placeholder leaves.
 */
import {
  ItemType,
  Tag,
  formatEnum,
  readXmlTestCase,
  tagXmlName,
  type TtlvNode,
  type TtlvPrimitive,
} from '@keyhold/protocol';
import { isPlaceholder, nowOffset, placeholderName } from './placeholders.js';

/** Item type of a primitive. */
export type PrimitiveType = Exclude<ItemType, typeof ItemType.Structure>;

/** A structure of a template. */
export interface TStruct {
  readonly kind: 'structure';
  readonly tag: number;
  readonly children: readonly TNode[];
}
/** A literal primitive of a template. */
export interface TLiteral {
  readonly kind: 'literal';
  readonly tag: number;
  readonly node: TtlvPrimitive;
}
/** A placeholder primitive of a template. */
export interface TPlaceholder {
  readonly kind: 'placeholder';
  readonly tag: number;
  readonly type: PrimitiveType;
  /** As written, e.g. `$NOW-3600`. */
  readonly text: string;
  /** Binding name (see {@link placeholderName}). */
  readonly name: string;
  /** For `$NOW±s`: the offset in seconds. */
  readonly nowOffset?: bigint;
}
/** A node of a template tree. */
export type TNode = TStruct | TLiteral | TPlaceholder;
/** A primitive node of a template tree. */
export type TLeaf = TLiteral | TPlaceholder;

/** One request and its expected response. */
export interface TestStep {
  /** 0-based; the "TIME n" / "step=n" of the file. */
  readonly index: number;
  readonly request: TStruct;
  readonly response: TStruct;
  /** Protocol version of the request header, "major.minor". */
  readonly protocolVersion: string;
  /** Placeholder names that appear in the expected responses of earlier steps. */
  readonly expectedEarlier: ReadonlySet<string>;
}

/** A parsed test-case file. */
export interface TestCase {
  readonly steps: readonly TestStep[];
  /** Operations of the request batch items (XML names), in order of first use. */
  readonly operations: readonly string[];
  /** Text String literals repaired by {@link ParseTestCaseOptions.collapseWhitespace}. */
  readonly repairs: number;
}

/** Options of {@link parseTestCase}. */
export interface ParseTestCaseOptions {
  /**
   * Collapse runs of white space inside Text String literals. Only for the files derived from
   * the OASIS HTML documents, whose table extraction left "Unique   Identifier" for "Unique
   * Identifier" (see rule `derived-file-whitespace`).
   */
  readonly collapseWhitespace?: boolean;
}

/** A stand-in value of the right type for a placeholder, so that the parser accepts it. */
function standIn(type: ItemType): string | undefined {
  switch (type) {
    case ItemType.Integer:
    case ItemType.Interval:
      return '0';
    case ItemType.LongInteger:
    case ItemType.DateTime:
    case ItemType.DateTimeExtended:
      return '0x0000000000000000';
    case ItemType.BigInteger:
      return '0000000000000000';
    case ItemType.Enumeration:
      return '0x00000000';
    case ItemType.Boolean:
      return 'false';
    case ItemType.ByteString:
      return '';
    default:
      return undefined; // text-like types keep the placeholder text itself
  }
}

/** Parses a test-case file into steps. */
export function parseTestCase(text: string, options: ParseTestCaseOptions = {}): TestCase {
  const marks: (string | undefined)[] = [];
  const messages = readXmlTestCase(text, {
    valueHook: (type, _tagName, value) => {
      if (isPlaceholder(value)) {
        marks.push(value.trim());
        return standIn(type);
      }
      marks.push(undefined);
      return undefined;
    },
  });
  let k = 0;
  let repairs = 0;
  const toTemplate = (n: TtlvNode): TNode => {
    if (n.type === ItemType.Structure) return { kind: 'structure', tag: n.tag, children: n.value.map(toTemplate) };
    const mark = marks[k++];
    if (mark !== undefined) {
      const off = nowOffset(mark);
      return {
        kind: 'placeholder',
        tag: n.tag,
        type: n.type,
        text: mark,
        name: placeholderName(mark),
        ...(off !== undefined ? { nowOffset: off } : {}),
      };
    }
    if (options.collapseWhitespace && n.type === ItemType.TextString && /\s\s/.test(n.value)) {
      repairs++;
      return { kind: 'literal', tag: n.tag, node: { ...n, value: n.value.replace(/\s+/g, ' ') } };
    }
    return { kind: 'literal', tag: n.tag, node: n };
  };
  const templates = messages.map(toTemplate);
  if (k !== marks.length) throw new Error(`internal: ${marks.length} values parsed but ${k} leaves walked`);

  // README §1: "the n-th response is the expected answer to the n-th request". Pair them by
  // order even where a file does not alternate (TC-DERIVEKEY-4-10 lists two requests, then their
  // two responses).
  const requests = templates.filter((t): t is TStruct => t.kind === 'structure' && t.tag === Tag.RequestMessage);
  const responses = templates.filter((t): t is TStruct => t.kind === 'structure' && t.tag === Tag.ResponseMessage);
  if (requests.length + responses.length !== templates.length) throw new Error('the file holds items other than RequestMessage and ResponseMessage');
  if (requests.length !== responses.length) throw new Error(`${requests.length} requests but ${responses.length} responses`);
  const steps: TestStep[] = [];
  const operations: string[] = [];
  const seen = new Set<string>();
  requests.forEach((req, i) => {
    for (const item of req.children) {
      if (item.tag !== Tag.BatchItem || item.kind !== 'structure') continue;
      const op = literalChild(item, Tag.Operation);
      if (op?.type === ItemType.Enumeration) {
        const name = formatEnum(Tag.Operation, op.value);
        if (!operations.includes(name)) operations.push(name);
      }
    }
    const response = responses[i] as TStruct;
    steps.push({ index: i, request: req, response, protocolVersion: templateVersion(req), expectedEarlier: new Set(seen) });
    placeholderNames(response, seen);
  });
  return { steps, operations, repairs };
}

/** Adds the names of the placeholders in a template to `out`. */
export function placeholderNames(t: TNode, out: Set<string>): Set<string> {
  if (t.kind === 'placeholder') out.add(t.name);
  else if (t.kind === 'structure') for (const c of t.children) placeholderNames(c, out);
  return out;
}

/** The literal primitive child with a tag, if any. */
export function literalChild(t: TStruct, tag: number): TtlvPrimitive | undefined {
  for (const c of t.children) if (c.tag === tag && c.kind === 'literal') return c.node;
  return undefined;
}

/** The structure child with a tag, if any. */
export function structChild(t: TStruct, tag: number): TStruct | undefined {
  for (const c of t.children) if (c.tag === tag && c.kind === 'structure') return c;
  return undefined;
}

function templateVersion(msg: TStruct): string {
  const header = structChild(msg, Tag.RequestHeader) ?? structChild(msg, Tag.ResponseHeader);
  const pv = header ? structChild(header, Tag.ProtocolVersion) : undefined;
  const major = pv ? literalChild(pv, Tag.ProtocolVersionMajor) : undefined;
  const minor = pv ? literalChild(pv, Tag.ProtocolVersionMinor) : undefined;
  return major && minor ? `${String(major.value)}.${String(minor.value)}` : 'unknown';
}

/** Builds an item tree from a template; `leaf` supplies every primitive. */
export function instantiate(t: TNode, leaf: (l: TLeaf) => TtlvPrimitive): TtlvNode {
  if (t.kind === 'structure') return { tag: t.tag, type: ItemType.Structure, value: t.children.map((c) => instantiate(c, leaf)) };
  return leaf(t);
}

/** Display name of a tag: its XML name, or 0x hex for unknown tags. */
export function tagName(tag: number): string {
  return tagXmlName(tag) ?? '0x' + tag.toString(16).toUpperCase().padStart(6, '0');
}
