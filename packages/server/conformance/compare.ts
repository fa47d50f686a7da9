/**
 * Compares an expected response (a template with placeholders) with the response a server sent,
 * under the permitted variations of test/vectors/oasis/README.md §4 and nothing looser. Structures
 * are compared positionally, except where a named rule of {@link RULES} says otherwise; every
 * such place below cites its rule. The first difference, in document order, is returned.
 */
import {
  ItemType,
  ITEM_TYPE_NAMES,
  Operation,
  ResultStatus,
  Tag,
  formatEnum,
  operationDef,
  type TtlvNode,
  type TtlvPrimitive,
} from '@keyhold/protocol';
import { describeNode, describeTemplate, describeValue, type Difference } from './format.js';
import { isAnyValue } from './placeholders.js';
import { itemContext, keyBlockContext, type ItemContext, type KeyBlockContext } from './provenance.js';
import { RULES, type RuleName } from './rules.js';
import { sameValue, valueKey, type FileState, type Scope, type ServerState } from './state.js';
import { literalChild, tagName, type TLiteral, type TNode, type TPlaceholder, type TStruct } from './testcase.js';
import { attributeTag, child, childrenWith, compareVersions, inVersionRange, numberOf, textOf } from './tree.js';

/** Everything a comparison needs. */
export interface CompareInput {
  /** 0-based step number, for the report. */
  readonly step: number;
  /** Protocol version of the step's request ("1.4"). */
  readonly protocolVersion: string;
  /** The test-case file's ID (for test identifiers in Text Strings). */
  readonly fileId: string;
  readonly expected: TStruct;
  readonly actual: TtlvNode;
  /** The request as sent. */
  readonly request: TtlvNode;
  readonly file: FileState;
  readonly server: ServerState;
}

type Diff = Omit<Difference, 'step' | 'server'>;

interface Ctx {
  readonly input: CompareInput;
  readonly scope: Scope;
  readonly item?: ItemContext;
  /** Inside a 1.x Attribute: the tag its Attribute Value stands for. */
  readonly attrTag?: number;
  readonly keyBlock?: KeyBlockContext;
}

/** Identifier-like variable items (rule identifier-literal). */
export const IDENTIFIER_TAGS: ReadonlySet<number> = new Set<number>([
  Tag.UniqueIdentifier,
  Tag.PrivateKeyUniqueIdentifier,
  Tag.PublicKeyUniqueIdentifier,
  Tag.LinkedObjectIdentifier,
  Tag.AsynchronousCorrelationValue,
]);

/** Rule server-date-time: the Date-Time attributes the profiles list as variable. */
const SERVER_DATE_TIME_TAGS: ReadonlySet<number> = new Set<number>([
  Tag.ActivationDate,
  Tag.ArchiveDate,
  Tag.CompromiseDate,
  Tag.CompromiseOccurrenceDate,
  Tag.DeactivationDate,
  Tag.DestroyDate,
  Tag.InitialDate,
  Tag.LastChangeDate,
  Tag.ProcessStartDate,
  Tag.ProtectStopDate,
  Tag.ValidityDate,
  Tag.OriginalCreationDate,
  Tag.BuildDate,
  Tag.RotateDate,
  Tag.SubmissionDate,
]);

/** Rule crypto-output-variable: the outputs of cryptographic operations. */
const CRYPTO_OUTPUT_TAGS: ReadonlySet<number> = new Set<number>([Tag.Data, Tag.SignatureData, Tag.MACData, Tag.IVCounterNonce]);

/** Rule template-attribute-optional: the response fields it covers. */
const TEMPLATE_ATTRIBUTE_TAGS: ReadonlySet<number> = new Set<number>([
  Tag.TemplateAttribute,
  Tag.PrivateKeyTemplateAttribute,
  Tag.PublicKeyTemplateAttribute,
]);

/** A test identifier such as SKLC-M-1-21, TC-312-12 or CS-AC-M-OAEP-1-30. */
const TEST_ID_RE = /[A-Z][A-Z0-9_]*(?:-[A-Z0-9_]+)*-[0-9]+-[0-9]{2}/;

function use(c: Ctx, rule: RuleName): void {
  c.scope.noteRule(RULES[rule].id);
}

function typeName(t: ItemType): string {
  return ITEM_TYPE_NAMES[t];
}

/**
 * Compares one response. Placeholders met for the first time are bound in `input.file.scope`
 * (also when a difference is found later in the message, so that the rest of the conversation
 * can still be replayed).
 */
export function compareResponse(input: CompareInput): Difference | undefined {
  const c: Ctx = { input, scope: input.file.scope };
  const a = input.actual;
  let d: Diff | undefined;
  if (a.tag !== Tag.ResponseMessage || a.type !== ItemType.Structure) {
    d = { path: 'ResponseMessage', message: `the server sent a ${tagName(a.tag)} instead of a Response Message`, actual: describeNode(a) };
  } else {
    d = cmpStructure(input.expected, a, 'ResponseMessage', c);
  }
  if (!d) return undefined;
  return { step: input.step, ...d, ...serverResult(d.path, a) };
}

/** The Result Status/Reason/Message of the batch item a difference lies in, when it did not succeed. */
function serverResult(path: string, actual: TtlvNode): { server?: string } {
  const items = childrenWith(actual, Tag.BatchItem);
  const m = /BatchItem\[([0-9]+)\]/.exec(path);
  const candidates = m ? [items[Number(m[1])]] : items;
  for (const it of candidates) {
    const status = numberOf(child(it, Tag.ResultStatus));
    if (status === undefined || status === ResultStatus.Success) continue;
    const reason = numberOf(child(it, Tag.ResultReason));
    const message = textOf(child(it, Tag.ResultMessage));
    let s = formatEnum(Tag.ResultStatus, status);
    if (reason !== undefined) s += ` / ${formatEnum(Tag.ResultReason, reason)}`;
    if (message !== undefined) s += ` ${JSON.stringify(message)}`;
    return { server: s };
  }
  return {};
}

function cmp(e: TNode, a: TtlvNode, path: string, parentTag: number, c: Ctx): Diff | undefined {
  const eff = e.tag === Tag.AttributeValue && c.attrTag !== undefined ? c.attrTag : e.tag;
  if (e.kind === 'placeholder') return cmpPlaceholder(e, a, path, eff, c);
  const variable = variableRule(e, a, eff, parentTag, c);
  if (variable) {
    use(c, variable);
    if (a.type !== ItemType.Structure) {
      c.scope.noteByTag(a);
      // A later request may repeat this literal; it then stands for what the server returned here.
      if (e.kind === 'literal') c.scope.noteEcho(e.node, a);
    }
    return undefined;
  }
  if (e.kind === 'structure') {
    if (a.type !== ItemType.Structure) {
      return { path, message: `expected a structure, got a ${typeName(a.type)}`, expected: describeTemplate(e), actual: describeNode(a, eff) };
    }
    return cmpStructure(e, a, path, c);
  }
  if (a.type === ItemType.Structure) {
    return { path, message: `expected a ${typeName(e.node.type)}, got a structure`, expected: describeTemplate(e, eff), actual: describeNode(a) };
  }
  return cmpLiteral(e, a, path, eff, c);
}

/** The rule under which a whole item (and its contents) is not compared, if any. */
function variableRule(e: TNode, a: TtlvNode, eff: number, parentTag: number, c: Ctx): RuleName | undefined {
  const item = c.item;
  switch (eff) {
    case Tag.RandomNumberGenerator:
      // README §4 (2.x/3.0): "RandomNumberGenerator contents".
      return 'randomNumberGenerator';
    case Tag.ServerInformation:
    case Tag.VendorIdentification:
      // README §4.7.1 "VendorIdentification … may vary"; §4 "ServerInformation contents".
      if (item?.operation === Operation.Query && parentTag === Tag.ResponsePayload) return 'queryVariable';
      break;
    case Tag.Digest:
      // README practical rule set: "Digest (HashingAlgorithm+DigestValue) of server-generated objects".
      if (item?.objectGenerated) return 'digestServerGenerated';
      break;
    case Tag.KeyFormatType:
      // README §4.7.1: "The key format type selected by the server when it creates managed objects".
      if (item?.objectGenerated && !item.keyFormatRequested && parentTag === Tag.KeyBlock) return 'keyFormatTypeServerChosen';
      break;
    case Tag.KeyMaterial:
      // README §4.7.1: "key material content returned for managed cryptographic objects which are generated by the server".
      if (c.keyBlock?.materialVariable) return 'keyMaterialServerGenerated';
      break;
    case Tag.KeyValue:
      // README §4.7.1: "wrapped versions of keys where the wrapping key is dynamic or the wrapping contains variable output".
      if (c.keyBlock?.wrappedVariable && a.type === ItemType.ByteString) return 'wrappedKeyVariable';
      break;
    case Tag.MACSignature:
      if (parentTag === Tag.KeyWrappingData && c.keyBlock?.wrappedVariable) return 'wrappedKeyVariable';
      break;
    default:
      break;
  }
  if (eff === Tag.IVCounterNonce && parentTag === Tag.KeyWrappingData && c.keyBlock?.wrappedVariable) return 'wrappedKeyVariable';
  // README §4.7.1: "output of cryptographic operation in Data / SignatureData / MACData / IVCounterNonce where: the managed
  // object is generated by the server; or the operation inherently contains variable output".
  if (CRYPTO_OUTPUT_TAGS.has(eff) && parentTag === Tag.ResponsePayload && item?.cryptoVariable) return 'cryptoOutputVariable';
  // README §4.7.1: the listed DateTime attributes "where the value is not specified in the request as a fixed DateTime value".
  if (
    SERVER_DATE_TIME_TAGS.has(eff) &&
    e.kind === 'literal' &&
    e.node.type === ItemType.DateTime &&
    a.type === ItemType.DateTime &&
    !(c.input.file.fixedDateTimes.get(eff)?.has(e.node.value) ?? false)
  ) {
    return 'serverDateTime';
  }
  return undefined;
}

function cmpPlaceholder(e: TPlaceholder, a: TtlvNode, path: string, eff: number, c: Ctx): Diff | undefined {
  if (a.type === ItemType.Structure) return { path, message: `expected a ${typeName(e.type)}, got a structure`, expected: e.text, actual: describeNode(a) };
  if (a.type !== e.type) return { path, message: 'item type differs', expected: `${typeName(e.type)} ${e.text}`, actual: `${typeName(a.type)} ${describeValue(a, eff)}` };
  if (e.nowOffset !== undefined) {
    // README §3: "$NOW … In a response: any server time is acceptable."
    use(c, 'nowAnyTime');
    return undefined;
  }
  if (isAnyValue(e.name)) {
    // README §3: $SERVER_CORRELATION_VALUE — "any value".
    use(c, 'correlationValues');
    return undefined;
  }
  const bound = c.scope.get(e.name);
  if (bound) {
    if (!sameValue(bound.value, a)) {
      return {
        path,
        message: `differs from ${e.name}, bound at step ${bound.step}`,
        expected: describeValue(bound.value, eff),
        actual: describeValue(a, eff),
      };
    }
  } else {
    // README §3: bind on first sight to the value the server returned at that position.
    c.scope.bind(e.name, a, c.input.step);
    use(c, 'placeholderBinding');
  }
  c.scope.noteByTag(a);
  return undefined;
}

function cmpLiteral(e: TLiteral, a: TtlvPrimitive, path: string, eff: number, c: Ctx): Diff | undefined {
  const lit = e.node;
  if (lit.type !== a.type) {
    return { path, message: 'item type differs', expected: `${typeName(lit.type)} ${describeValue(lit, eff)}`, actual: `${typeName(a.type)} ${describeValue(a, eff)}` };
  }
  if (IDENTIFIER_TAGS.has(eff) && !c.input.file.identifiersSent.has(valueKey(lit))) {
    // README §3 / §4.7.1: a literal identifier the client never sent is a variable item; it is bound like a placeholder.
    const name = '=' + valueKey(lit);
    const bound = c.scope.get(name);
    if (bound) {
      if (!sameValue(bound.value, a)) {
        return { path, message: `differs from the identifier the server returned for ${describeValue(lit)} at step ${bound.step}`, expected: describeValue(bound.value), actual: describeValue(a) };
      }
    } else {
      c.scope.bind(name, a, c.input.step);
      if (!sameValue(lit, a)) use(c, 'identifierLiteral');
    }
    c.scope.noteByTag(a);
    return undefined;
  }
  if (sameValue(lit, a)) {
    c.scope.noteByTag(a);
    return undefined;
  }
  if (lit.type === ItemType.TextString && typeof a.value === 'string' && containsTestId(lit.value, c.input.fileId) && a.value.endsWith(lit.value)) {
    // README §4.7.1: "TextString attribute values containing test identifiers: a. Additional vendor or application prefixes".
    use(c, 'vendorPrefix');
    return undefined;
  }
  return { path, message: 'value differs', expected: describeValue(lit, eff), actual: describeValue(a, eff) };
}

function containsTestId(text: string, fileId: string): boolean {
  return text.includes(fileId) || TEST_ID_RE.test(text);
}

/** The rule under which a child is dropped from both sides before comparing, if any. */
function dropRule(parentTag: number, node: TNode | TtlvNode, c: Ctx): RuleName | undefined {
  const tag = node.tag;
  if (parentTag === Tag.BatchItem && tag === Tag.ResultMessage) return 'resultMessage'; // README §4.7.1 ResultMessage
  if (parentTag === Tag.ResponseHeader) {
    if (tag === Tag.TimeStamp) return 'timeStamp'; // README §4.7.1 TimeStamp
    if (tag === Tag.ServerCorrelationValue || tag === Tag.ClientCorrelationValue) return 'correlationValues'; // README §4 (2.x/3.0)
  }
  if (
    parentTag === Tag.ResponsePayload &&
    c.item?.operation === Operation.Query &&
    (tag === Tag.ApplicationNamespace || tag === Tag.ExtensionInformation)
  ) {
    return 'queryVariable'; // README §4.7.1 Extensions and Application Namespaces reported in Query
  }
  if (parentTag === Tag.Attribute && tag === Tag.AttributeIndex && compareVersions(c.input.protocolVersion, '1.1') >= 0) {
    // README §4.7.1 AttributeIndex: "may or may not include … where the Attribute Index value is 0 for Protocol Versions 1.1 and above".
    const v = 'kind' in node ? (node.kind === 'literal' ? node.node.value : undefined) : node.value;
    if (v === 0) return 'attributeIndexZero';
  }
  return undefined;
}

/** Rule template-attribute-optional: a response field the registry marks optional for this operation and version. */
function optionalTemplateAttribute(tag: number, parentTag: number, c: Ctx): boolean {
  const op = c.item?.operation;
  if (!TEMPLATE_ATTRIBUTE_TAGS.has(tag) || parentTag !== Tag.ResponsePayload || op === undefined) return false;
  const def = operationDef(op);
  if (!def) return false;
  for (const [range, fields] of Object.entries(def.response)) {
    if (!inVersionRange(c.input.protocolVersion, range)) continue;
    const f = fields.find((x) => x.tag === tag);
    return f !== undefined && f.required === false;
  }
  return false;
}

/** The rule under which an actual child without an expected counterpart is allowed, if any. */
function extraRule(a: TtlvNode, parentTag: number, c: Ctx): RuleName | undefined {
  if (parentTag === Tag.BatchItem && a.tag === Tag.MessageExtension) return 'messageExtension'; // README §4.7.1 Message Extensions
  if (optionalTemplateAttribute(a.tag, parentTag, c)) return 'templateAttributeOptional'; // README §4.7.1 TemplateAttribute
  return undefined;
}

function attributeNameOfTemplate(t: TNode): string | undefined {
  if (t.kind !== 'structure') return undefined;
  const n = literalChild(t, Tag.AttributeName);
  return typeof n?.value === 'string' ? n.value : undefined;
}

function attributeNameOfNode(n: TtlvNode): string | undefined {
  return textOf(child(n, Tag.AttributeName));
}

/** Bag key: 1.x Attribute by its name, anything else by tag. */
function keyOfTemplate(t: TNode): string {
  const name = t.tag === Tag.Attribute ? attributeNameOfTemplate(t) : undefined;
  return name !== undefined ? `A:${name}` : `T:${t.tag}`;
}
function keyOfNode(n: TtlvNode): string {
  const name = n.tag === Tag.Attribute ? attributeNameOfNode(n) : undefined;
  return name !== undefined ? `A:${name}` : `T:${n.tag}`;
}

function segment(t: TNode, ordinal: number, sameTagCount: number): string {
  const name = tagName(t.tag);
  if (t.tag === Tag.Attribute) {
    const an = attributeNameOfTemplate(t);
    if (an !== undefined) return `${name}[${an}]`;
  }
  return t.tag === Tag.BatchItem || sameTagCount > 1 ? `${name}[${ordinal}]` : name;
}

function cmpStructure(e: TStruct, a: TtlvNode & { type: typeof ItemType.Structure }, path: string, c: Ctx): Diff | undefined {
  let dropped: RuleName | undefined;
  const E = e.children.filter((x) => {
    const r = dropRule(e.tag, x, c);
    if (r) dropped = r;
    return !r;
  });
  const A = a.value.filter((y) => {
    const r = dropRule(e.tag, y, c);
    if (r) dropped = r;
    return !r;
  });
  if (dropped) use(c, dropped);

  let cc = c;
  if (e.tag === Tag.Attribute) {
    const an = attributeNameOfTemplate(e);
    const t = an !== undefined ? attributeTag(an) : undefined;
    cc = t !== undefined ? { ...c, attrTag: t } : c;
  } else if (e.tag === Tag.KeyBlock) {
    cc = { ...c, keyBlock: keyBlockContext(a, c.item, c.input.server) };
  }

  // README practical rule set: "Attributes (bag; expected ⊆ actual)".
  if (e.tag === Tag.Attributes) return bag(E, A, path, e.tag, cc, 'attributesBag');
  if (e.tag === Tag.ResponsePayload && c.item?.operation === Operation.Query) {
    // README practical rule set: "Query lists (set, expected ⊆ actual)".
    return bag(E, A, path, e.tag, cc, 'querySet');
  }
  if (e.tag === Tag.ResponsePayload && c.item?.operation === Operation.DiscoverVersions && !c.item.versionsListed) {
    // README §4.7.1: additional protocol versions "if the request has not specified a list".
    return bag(E, A, path, e.tag, cc, 'discoverVersionsExtra');
  }
  return positional(E, A, path, e.tag, cc);
}

/** Tags whose consecutive runs are compared as a bag inside a structure. */
function runRule(tag: number, parentTag: number, c: Ctx): RuleName | undefined {
  if (tag === Tag.Attribute) return 'attributesBag'; // README §4.7.1 additional attributes; 1.x attributes are runs of Attribute
  if (
    parentTag === Tag.ResponsePayload &&
    c.item?.operation === Operation.GetAttributeList &&
    (tag === Tag.AttributeName || tag === Tag.AttributeReference)
  ) {
    return 'attributeListSet'; // README practical rule set: "GetAttributeList … (set, expected ⊆ actual)"
  }
  return undefined;
}

function positional(E: readonly TNode[], A: readonly TtlvNode[], path: string, parentTag: number, c: Ctx): Diff | undefined {
  const totals = new Map<number, number>();
  for (const x of E) totals.set(x.tag, (totals.get(x.tag) ?? 0) + 1);
  const ordinals = new Map<number, number>();
  let i = 0;
  let j = 0;
  while (i < E.length) {
    const x = E[i] as TNode;
    const run = runRule(x.tag, parentTag, c);
    if (run) {
      let i2 = i;
      while (i2 < E.length && (E[i2] as TNode).tag === x.tag) i2++;
      let j2 = j;
      while (j2 < A.length && (A[j2] as TtlvNode).tag === x.tag) j2++;
      const d = bag(E.slice(i, i2), A.slice(j, j2), path, parentTag, c, run);
      if (d) return d;
      i = i2;
      j = j2;
      continue;
    }
    const ordinal = ordinals.get(x.tag) ?? 0;
    const seg = `${path}/${segment(x, ordinal, totals.get(x.tag) ?? 1)}`;
    const y = A[j];
    if (y && y.tag === x.tag) {
      ordinals.set(x.tag, ordinal + 1);
      let cc = c;
      if (parentTag === Tag.ResponseMessage && x.tag === Tag.BatchItem && x.kind === 'structure') {
        const inp = c.input;
        cc = { ...c, item: itemContext(inp.request, y, ordinal, x, inp.server, inp.file) };
      }
      const d = cmp(x, y, seg, parentTag, cc);
      if (d) return d;
      i++;
      j++;
      continue;
    }
    if (optionalTemplateAttribute(x.tag, parentTag, c)) {
      // README §4.7.1: "TemplateAttribute – May or may not be included in responses where … optional".
      use(c, 'templateAttributeOptional');
      ordinals.set(x.tag, ordinal + 1);
      i++;
      continue;
    }
    if (y) {
      const extra = extraRule(y, parentTag, c);
      if (extra) {
        use(c, extra);
        j++;
        continue;
      }
    }
    if (!y) return { path: seg, message: `missing ${tagName(x.tag)}`, expected: describeTemplate(x), actual: '(absent)' };
    if (A.slice(j).some((z) => z.tag === x.tag)) {
      return { path: `${path}/${tagName(y.tag)}`, message: `unexpected ${tagName(y.tag)} before ${tagName(x.tag)}`, expected: tagName(x.tag), actual: describeNode(y) };
    }
    return { path: seg, message: `missing ${tagName(x.tag)} (found ${tagName(y.tag)} in its place)`, expected: describeTemplate(x), actual: describeNode(y) };
  }
  for (; j < A.length; j++) {
    const y = A[j] as TtlvNode;
    const extra = extraRule(y, parentTag, c);
    if (extra) {
      use(c, extra);
      continue;
    }
    return { path: `${path}/${tagName(y.tag)}`, message: `unexpected ${tagName(y.tag)} not in the expected response`, actual: describeNode(y) };
  }
  return undefined;
}

const BAG_BUDGET = 200_000;

/**
 * Rule object-group-optional: an expected Object Group (a 1.x Attribute or a 2.x Object Group in
 * an attribute bag) whose value no request of the file included so far, or an expected "Object
 * Group" in a Get Attribute List response while no request included any Object Group value.
 */
function objectGroupNotRequested(x: TNode, rule: RuleName, c: Ctx): boolean {
  const sent = c.input.file.objectGroupsSent;
  if (rule === 'attributesBag') {
    const value = x.tag === Tag.Attribute && attributeNameOfTemplate(x) === 'Object Group' ? (x.kind === 'structure' ? literalChild(x, Tag.AttributeValue)?.value : undefined) : x.tag === Tag.ObjectGroup && x.kind === 'literal' ? x.node.value : undefined;
    return typeof value === 'string' && !sent.has(value);
  }
  if (rule === 'attributeListSet' && x.kind === 'literal' && sent.size === 0) {
    return (x.tag === Tag.AttributeName && x.node.value === 'Object Group') || (x.tag === Tag.AttributeReference && x.node.value === Tag.ObjectGroup);
  }
  return false;
}

/**
 * Expected ⊆ actual, in any order: every expected entry must match a distinct actual entry with
 * the same key (tag, or Attribute Name for a 1.x Attribute). Placeholder bindings made while
 * trying a pairing are kept only for the pairing chosen.
 */
function bag(E: readonly TNode[], A: readonly TtlvNode[], path: string, parentTag: number, c: Ctx, rule: RuleName): Diff | undefined {
  const totals = new Map<number, number>();
  for (const x of E) totals.set(x.tag, (totals.get(x.tag) ?? 0) + 1);
  const ordinals = new Map<number, number>();
  const paths = E.map((x) => {
    const o = ordinals.get(x.tag) ?? 0;
    ordinals.set(x.tag, o + 1);
    return `${path}/${segment(x, o, totals.get(x.tag) ?? 1)}`;
  });
  const keysA = A.map(keyOfNode);
  const candidates = E.map((x) => {
    const k = keyOfTemplate(x);
    const out: number[] = [];
    keysA.forEach((ka, idx) => {
      if (ka === k) out.push(idx);
    });
    return out;
  });
  const skip = E.map(() => false);
  // Each expected entry on its own first, to report the first one that matches nothing.
  for (let k = 0; k < E.length; k++) {
    const x = E[k] as TNode;
    const cands = candidates[k] as number[];
    const p = paths[k] as string;
    if (cands.length === 0) {
      if (rule === 'querySet' && x.tag === Tag.VendorIdentification) {
        // README §4.7.1: "VendorIdentification - The value (if included) may vary".
        use(c, 'queryVariable');
        skip[k] = true;
        continue;
      }
      if (objectGroupNotRequested(x, rule, c)) {
        // README §4.7.1: "Object Group values – May or may not return one or more Object Group values not included in the requests".
        use(c, 'objectGroupOptional');
        skip[k] = true;
        continue;
      }
      const present = [...new Set(A.map((y) => (y.tag === Tag.Attribute ? `Attribute[${attributeNameOfNode(y) ?? '?'}]` : tagName(y.tag))))];
      return {
        path: p,
        message: `missing ${x.tag === Tag.Attribute ? `attribute ${attributeNameOfTemplate(x) ?? '?'}` : tagName(x.tag)}`,
        expected: describeTemplate(x),
        actual: present.length ? `(absent; present: ${present.join(', ')})` : '(absent)',
      };
    }
    let first: Diff | undefined;
    let ok = false;
    for (const idx of cands) {
      const d = cmp(x, A[idx] as TtlvNode, p, parentTag, { ...c, scope: c.scope.fork() });
      if (!d) {
        ok = true;
        break;
      }
      first ??= d;
    }
    if (!ok && objectGroupNotRequested(x, rule, c)) {
      // README §4.7.1: Object Group values not included in the requests may or may not be returned (here: others are).
      use(c, 'objectGroupOptional');
      skip[k] = true;
      continue;
    }
    if (!ok) {
      // A member of a set (Query, Get Attribute List, Discover Versions) or one of several
      // same-tag entries is simply missing; a single same-tag attribute has a wrong value.
      if (x.kind !== 'structure' && (rule !== 'attributesBag' || cands.length > 1)) {
        const present = cands.map((idx) => describeNode(A[idx] as TtlvNode));
        return {
          path: p,
          message: `missing ${tagName(x.tag)} ${describeTemplate(x)}`,
          expected: describeTemplate(x),
          actual: `(absent; present: ${present.slice(0, 8).join(', ')}${present.length > 8 ? `, … ${present.length} in all` : ''})`,
        };
      }
      return cands.length === 1 ? first : { ...(first as Diff), message: `no ${tagName(x.tag)} of the response matches; against the first: ${(first as Diff).message}` };
    }
  }
  const used = new Set<number>();
  let budget = BAG_BUDGET;
  const assign = (k: number, scope: Scope): boolean => {
    if (k === E.length) return true;
    if (skip[k]) return assign(k + 1, scope);
    for (const idx of candidates[k] as number[]) {
      if (used.has(idx)) continue;
      if (--budget < 0) return false;
      const s = scope.fork();
      if (cmp(E[k] as TNode, A[idx] as TtlvNode, paths[k] as string, parentTag, { ...c, scope: s })) continue;
      used.add(idx);
      if (assign(k + 1, s)) {
        s.commit();
        return true;
      }
      used.delete(idx);
    }
    return false;
  };
  const top = c.scope.fork();
  if (!assign(0, top)) {
    return { path, message: `the expected entries cannot all be matched to distinct entries of the response (${E.length} expected, ${A.length} present)` };
  }
  top.commit();
  use(c, rule);
  return undefined;
}
