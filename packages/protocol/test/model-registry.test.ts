/**
 * The schemas agree with the registry: every operation has payload schemas, payload fields come
 * in the registry's wire order for each version range (with the documented ERRATA), property
 * names are the tag names in lowerCamelCase, primitive item types and enumeration values match
 * the registry's tags.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as model from '../src/index.js';
import {
  ITEM_TYPE_NAMES,
  MESSAGE_DEFS,
  OPERATION_DEFS,
  PAYLOADS,
  bounds,
  registryRange,
  enumForTag,
  fieldAltFor,
  payloadCodecs,
  propertyName,
  tagDef,
  tagXmlName,
  variantFor,
  withinBounds,
  type Field,
  type ProtocolVersion,
  type Schema,
  type StructSchema,
  type Fields,
} from '../src/index.js';

function isStruct(s: unknown): s is StructSchema<Fields> {
  return typeof s === 'object' && s !== null && (s as { kind?: unknown }).kind === 'struct' && 'fields' in s;
}


/** The tags a struct writes for version `v`, in order (the managed object left out). */
function wireOrder(s: StructSchema<Fields>, v: ProtocolVersion): number[] {
  const out: number[] = [];
  for (const field of Object.values(s.fields)) {
    if (!withinBounds(field.bounds, v)) continue;
    const alt = fieldAltFor(field, v);
    if (alt === undefined) continue;
    if (alt.schema.kind === 'managedObject') continue;
    const tag = variantFor(alt.schema, v).tag;
    out.push(tag);
  }
  return out;
}

function representative(range: string): ProtocolVersion[] {
  const [lo, hi] = range.split(' ')[0]!.split('-');
  const parse = (x: string): ProtocolVersion => ({ major: Number(x.split('.')[0]), minor: Number(x.split('.')[1]) });
  if (hi === undefined) return [parse(lo!)];
  if (hi === 'draft') return [parse(lo!)];
  return [parse(lo!), parse(hi)];
}

/**
 * Registry field lists the test cases (and thus the schemas) disagree with:
 * kmip-spec/ERRATA.md. Keys `<Operation>.<side>.<range>`; values: tags the schema adds
 * (`extra`) and whether the order differs (`reordered`).
 */

const ERRATA: Readonly<Record<string, { readonly extra?: readonly number[]; readonly ignore?: readonly number[]; readonly reordered?: boolean }>> = {
  // Key Wrap Type (1.4) follows Key Format Type as in 2.x (the 1.4 TC-WRAP test cases fit both).
  'Get.request.1.0-1.4': { reordered: true },
};

test('every operation has request and response payload schemas (Poll: request only)', () => {
  for (const op of OPERATION_DEFS) {
    const c = payloadCodecs(op.value);
    assert.ok(c, `${op.name} has payload schemas`);
    assert.ok(c.request, `${op.name} has a request schema`);
    if (op.xmlName !== 'Poll') assert.ok(c.response, `${op.name} has a response schema`);
  }
  assert.equal(Object.keys(PAYLOADS).length, OPERATION_DEFS.length);
});

function orderProblems(useErrata: boolean): string[] {
  const problems: string[] = [];
  for (const op of OPERATION_DEFS) {
    const c = payloadCodecs(op.value);
    for (const side of ['request', 'response'] as const) {
      const schema = c?.[side];
      if (!isStruct(schema)) continue;
      for (const [range, defs] of Object.entries(op[side])) {
        if (range.includes('server-to-client')) continue;
        const key = `${op.xmlName}.${side}.${range}`;
        const errata = useErrata ? ERRATA[key] ?? {} : {};
        for (const v of representative(range)) {
          const ours = wireOrder(schema, v);
          // A registry field is expected when its `since` and its tag's own range hold v.
          const theirs = defs
            .filter((d) => !(errata.ignore ?? []).includes(d.tag))
            .filter((d) => withinBounds(bounds({ ...(d.since === undefined ? {} : { since: d.since }) }), v))
            .filter((d) => withinBounds(bounds(registryRange([d.tag])), v))
            .map((d) => d.tag);
          const missing = theirs.filter((t) => !ours.includes(t));
          const extra = ours.filter((t) => !theirs.includes(t) && !(errata.extra ?? []).includes(t));
          const common = ours.filter((t) => theirs.includes(t));
          const theirOrder = theirs.filter((t) => ours.includes(t));
          const name = (ts: number[]): string => ts.map((t) => tagXmlName(t)).join(',');
          if (missing.length) problems.push(`${key} @${v.major}.${v.minor}: missing ${name(missing)}`);
          if (extra.length) problems.push(`${key} @${v.major}.${v.minor}: extra ${name(extra)}`);
          if (!errata.reordered && name(common) !== name([...new Set(theirOrder)])) {
            problems.push(`${key} @${v.major}.${v.minor}: order ${name(common)} vs registry ${name(theirOrder)}`);
          }
        }
      }
    }
  }
  return problems;
}

test('payload fields follow the registry wire order for every version range', () => {
  assert.deepEqual(orderProblems(true), []);
  // Every erratum is still needed.
  const without = orderProblems(false);
  for (const key of Object.keys(ERRATA)) assert.ok(without.some((p) => p.startsWith(key)), `erratum ${key} is not needed`);
});

test('headers and batch items follow MESSAGE_DEFS for every version range', () => {
  const problems: string[] = [];
  const parts: Record<string, StructSchema<Fields>> = {
    'Request Header': model.RequestHeader,
    'Response Header': model.ResponseHeader,
    'Request Batch Item': model.RequestBatchItemBase,
    'Response Batch Item': model.ResponseBatchItemBase,
  };
  for (const [range, defs] of Object.entries(MESSAGE_DEFS)) {
    for (const [part, schema] of Object.entries(parts)) {
      for (const v of representative(range)) {
        const ours = wireOrder(schema, v);
        const theirs = (defs[part] ?? [])
          .filter((d) => withinBounds(bounds({ ...(d.since === undefined ? {} : { since: d.since }) }), v))
          .filter((d) => withinBounds(bounds(registryRange([d.tag])), v))
          .map((d) => d.tag);
        const name = (ts: number[]): string => ts.map((t) => tagXmlName(t)).join(',');
        if (name(ours) !== name(theirs)) problems.push(`${part} ${range} @${v.major}.${v.minor}: ${name(ours)} vs ${name(theirs)}`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

/** Every struct schema reachable from the exports. */
function allStructs(): Map<string, StructSchema<Fields>> {
  const out = new Map<string, StructSchema<Fields>>();
  const seen = new Set<unknown>();
  const visit = (name: string, s: unknown): void => {
    if (seen.has(s)) return;
    seen.add(s);
    if (isStruct(s)) {
      out.set(name, s);
      for (const [k, f] of Object.entries(s.fields)) for (const a of f.alts) visitSchema(`${name}.${k}`, a.schema);
    }
  };
  const visitSchema = (name: string, s: Schema<unknown>): void => {
    const variants = (s as { variants?: readonly { schema: Schema<unknown> }[] }).variants;
    if (variants) for (const v of variants) visit(name, v.schema);
    else visit(name, s);
  };
  for (const [name, v] of Object.entries(model)) if (isStruct(v)) visit(name, v);
  return out;
}

/** Fields whose property is not a tag name by design. */
const NAME_EXCEPTIONS = new Set(['object']);

test('property names are the tag names in lowerCamelCase (2.x name where the wire form differs)', () => {
  const problems: string[] = [];
  for (const [name, s] of allStructs()) {
    for (const [key, field] of Object.entries(s.fields) as [string, Field<unknown>][]) {
      if (NAME_EXCEPTIONS.has(key)) continue;
      const v21 = { major: 2, minor: 1 };
      const alt = fieldAltFor(field, v21) ?? field.alts[field.alts.length - 1]!;
      const tag = variantFor(alt.schema, v21).tag;
      const expected = propertyName(tagXmlName(tag) ?? '');
      if (key !== expected) problems.push(`${name}.${key}: expected ${expected}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('propertyName lower-cases a leading acronym as a whole', () => {
  assert.equal(propertyName('UniqueBatchItemID'), 'uniqueBatchItemID');
  assert.equal(propertyName('MACSignatureKeyInformation'), 'macSignatureKeyInformation');
  assert.equal(propertyName('IVCounterNonce'), 'ivCounterNonce');
  assert.equal(propertyName('PKCS_11Function'), 'pkcs_11Function');
  assert.equal(propertyName('X_509CertificateIdentifier'), 'x_509CertificateIdentifier');
  assert.equal(propertyName('QString'), 'qString');
  assert.equal(propertyName('P'), 'p');
});

test('primitive fields use the registry item type of their tag; enumerations its values', () => {
  const problems: string[] = [];
  for (const [name, s] of allStructs()) {
    for (const [key, field] of Object.entries(s.fields) as [string, Field<unknown>][]) {
      for (const alt of field.alts) {
        const schemas = (alt.schema as { variants?: readonly { schema: Schema<unknown> }[] }).variants?.map((v) => v.schema) ?? [alt.schema];
        for (const sch of schemas) {
          const def = tagDef(sch.tag);
          if (def === undefined || sch.itemTypes === null || sch.itemTypes.length !== 1) continue;
          if (def.type === 'Varies' || def.type === 'Unknown') continue;
          const ours = ITEM_TYPE_NAMES[sch.itemTypes[0]!];
          const allowed = [def.type, ...(def.alternatives ?? []), ...Object.values(def.typeByVersion ?? {}).map((t) => t.replace(/ /g, ''))];
          if (!allowed.some((t) => t.startsWith(ours))) problems.push(`${name}.${key}: ${ours} but the registry says ${def.type}`);
          const values = (sch as { enumValues?: ReadonlySet<number> }).enumValues;
          if (values) {
            const table = enumForTag(sch.tag);
            if (table === undefined) problems.push(`${name}.${key}: no registry enumeration for ${def.xmlName}`);
            else {
              const reg = [...table.byValue.keys()].sort((a, b) => a - b).join(',');
              const mine = [...values].sort((a, b) => a - b).join(',');
              if (reg !== mine) problems.push(`${name}.${key}: enumeration values differ from the registry's ${table.name}`);
            }
          }
        }
      }
    }
  }
  assert.deepEqual(problems, []);
});
