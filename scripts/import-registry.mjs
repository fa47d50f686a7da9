#!/usr/bin/env node
// Copies the facts Keyhold needs from the shared KMIP registry into spec/registry.json.
//
// Developer tool, run by hand when the shared registry changes:
//   node scripts/import-registry.mjs ../shared/kmip-spec/kmip-registry.json
// It keeps facts only — names, tag and enumeration values, item types, versions, payload field
// order, attribute rules — and drops every sentence of the specification (description, raw rule
// text, notes). Where the registry's 1.x payload field order disagrees with the OASIS test cases
// (the shared ERRATA.md), the test cases' order is applied here, and recorded under "errata".
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = process.argv[2];
if (!src) {
  console.error('usage: node scripts/import-registry.mjs PATH/kmip-registry.json');
  process.exit(2);
}
const reg = JSON.parse(readFileSync(src, 'utf8'));
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const pick = (o, keys) => Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
const versioned = (o) => pick(o, ['since', 'until']);

const field = (f) => ({
  ...pick(f, ['name', 'xmlName', 'tag']),
  required: f.required === true ? true : f.required === false ? false : 'conditional',
  repeating: f.repeating === true,
  ...pick(f, ['since']),
});

const out = {
  provenance: {
    source: 'OASIS KMIP registry (tags, types, enumerations, masks, operations, attributes) as compiled for Keyhold',
    authority: 'OASIS KMIP Specification v1.2 and v2.1; KMIP 3.0 Committee Specification Draft 01 (provisional)',
    copyright: 'KMIP is (c) OASIS Open. Facts only: no specification text is copied here.',
    importedFrom: reg.meta.generated,
    versions: reg.meta.versions,
  },
  types: Object.entries(reg.types).map(([name, t]) => ({ name, xmlName: t.xmlName, code: t.code, ...versioned(t) })),
  tags: reg.tags.map((t) => ({
    ...pick(t, ['name', 'xmlName', 'tag', 'type']),
    ...(t.typeAlternatives ? { typeAlternatives: t.typeAlternatives } : {}),
    ...(t.typeByVersion ? { typeByVersion: t.typeByVersion } : {}),
    ...versioned(t),
  })),
  enumerations: Object.entries(reg.enumerations).map(([name, e]) => ({
    name,
    tags: e.tagsUsingIt,
    ...versioned(e),
    values: e.values.map((v) => ({ ...pick(v, ['name', 'xmlName', 'value']), ...versioned(v) })),
  })),
  masks: Object.entries(reg.masks).map(([name, m]) => ({
    name,
    tags: m.tagsUsingIt,
    ...versioned(m),
    bits: m.bits.map((b) => ({ ...pick(b, ['name', 'xmlName', 'value']), ...versioned(b) })),
  })),
  operations: Object.entries(reg.operations).map(([name, o]) => ({
    name,
    ...pick(o, ['xmlName', 'value', 'specSection']),
    ...versioned(o),
    request: Object.fromEntries(Object.entries(o.requestPayloadFields ?? {}).map(([r, fs]) => [r, fs.map(field)])),
    response: Object.fromEntries(Object.entries(o.responsePayloadFields ?? {}).map(([r, fs]) => [r, fs.map(field)])),
  })),
  attributes: Object.entries(reg.attributes).map(([name, a]) => ({
    name,
    ...pick(a, ['tag', 'type', 'typeByVersion', 'singleInstance', 'initiallySetBy', 'modifiableByClient', 'modifiableByServer', 'appliesToObjectTypes']),
    ...versioned(a),
    ...(a.structureFields ? { fields: a.structureFields.map((f) => ({ name: f.name, type: f.encoding, required: f.required ?? 'No', repeating: f.repeating === true })) } : {}),
    ...(a['structureFields3.0draft'] ? { fields: a['structureFields3.0draft'].map((name) => ({ name, required: 'No', repeating: false })) } : {}),
    rules: Object.fromEntries(
      Object.entries(a.rules ?? {}).map(([v, r]) => [
        v,
        Object.fromEntries(
          Object.entries(pick(r, ['shallAlwaysHaveValue', 'initiallySetBy', 'modifiableByServer', 'modifiableByClient', 'deletableByClient', 'singleInstance', 'whenImplicitlySet', 'appliesToObjectTypes'])).filter(([, x]) => x !== null),
        ),
      ]),
    ),
  })),
  messages: Object.fromEntries(
    Object.entries(reg.messages.byVersion).map(([r, parts]) => [
      r,
      Object.fromEntries(Object.entries(parts).filter(([, fs]) => Array.isArray(fs)).map(([p, fs]) => [p, fs.map(field)])),
    ]),
  ),
  profiles: pick(reg.profiles, ['testCasePrefixes', 'testCaseOperations']),
  errata: [],
};

// KMIP defines the PKCS#11 Function and Return Code values by reference to PKCS#11 v3.0, with no
// table of its own; spec/pkcs11-enumerations.json holds them (hand-maintained, with provenance).
const pkcs11 = JSON.parse(readFileSync(join(root, 'spec', 'pkcs11-enumerations.json'), 'utf8'));
for (const name of ['PKCS#11 Function', 'PKCS#11 Return Code']) {
  const e = out.enumerations.find((x) => x.name === name);
  if (e.values.length === 0) e.values = pkcs11[name].map((v) => ({ ...v }));
}

// Test cases break ties with the registry on 1.x payload field order (shared ERRATA.md).
const op = (n) => out.operations.find((o) => o.name === n);
function reorder(opName, dir, range, order, why) {
  const list = op(opName)[dir][range];
  const byName = new Map(list.map((f) => [f.xmlName, f]));
  const ordered = order.map((n) => {
    const f = byName.get(n);
    if (!f) throw new Error(`${opName} ${dir} ${range}: no field ${n}`);
    return f;
  });
  const rest = list.filter((f) => !order.includes(f.xmlName));
  op(opName)[dir][range] = [...ordered, ...rest];
  out.errata.push({ operation: opName, direction: dir, range, why });
}
function addStreaming(opName, dir, range, fields, why) {
  const list = op(opName)[dir][range];
  for (const xmlName of fields) {
    const t = out.tags.find((x) => x.xmlName === xmlName);
    if (!t) throw new Error(`no tag ${xmlName}`);
    if (!list.some((f) => f.xmlName === xmlName)) list.push({ name: t.name, xmlName, tag: t.tag, required: false, repeating: false, since: t.since });
  }
  out.errata.push({ operation: opName, direction: dir, range, why });
}
const CV = 'CorrelationValue';
const II = 'InitIndicator';
const FI = 'FinalIndicator';
reorder('Locate', 'request', '1.0-1.4', ['MaximumItems', 'OffsetItems', 'StorageStatusMask', 'ObjectGroupMember'], 'Offset Items follows Maximum Items in the 1.4 test cases (TC-OFFSET-*-14)');
reorder('Locate', 'response', '1.0-1.4', ['LocatedItems'], 'Located Items precedes the identifiers in the 1.4 test cases (TC-OFFSET-*-14)');
reorder('Signature Verify', 'request', '1.2-1.4', ['UniqueIdentifier', 'CryptographicParameters', 'Data', 'DigestedData', 'SignatureData'], 'Digested Data precedes Signature Data in the 1.4 test cases (TC-*-SIGN-DIGESTEDDATA-1-14)');
addStreaming('Hash', 'request', '1.2-1.4', [CV, II, FI], 'streaming fields used by TC-STREAM-HASH-*-14');
addStreaming('Hash', 'response', '1.2-1.4', [CV], 'streaming fields used by TC-STREAM-HASH-*-14');
addStreaming('MAC', 'request', '1.2-1.4', [CV, II, FI], 'streaming fields used by TC-STREAM-MAC-1-14');
addStreaming('MAC', 'response', '1.2-1.4', [CV], 'streaming fields used by TC-STREAM-MAC-1-14');
addStreaming('MAC Verify', 'request', '1.2-1.4', [CV, II, FI], 'streaming fields used by TC-STREAM-MAC-1-14');
addStreaming('MAC Verify', 'response', '1.2-1.4', [CV], 'streaming fields used by TC-STREAM-MAC-1-14');

writeFileSync(join(root, 'spec', 'registry.json'), JSON.stringify(out, null, 1) + '\n');
console.log(`spec/registry.json: ${out.tags.length} tags, ${out.enumerations.length} enumerations, ${out.masks.length} masks, ${out.operations.length} operations, ${out.attributes.length} attributes`);
