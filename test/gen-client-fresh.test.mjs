// The committed client operations and methods must be exactly what scripts/gen-client.mjs makes
// from spec/, and every client-to-server operation of KMIP 1.0–2.1 must have a method.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clientOperations, generate, HAND_WRITTEN, LAST_VERSION, NOT_CLIENT_OPERATIONS } from '../scripts/gen-client.mjs';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const src = join(root, 'packages', 'client', 'src');
const reg = JSON.parse(readFileSync(join(root, 'spec', 'registry.json'), 'utf8'));

test('packages/client/src/operations and methods.ts are fresh (run `node scripts/gen-client.mjs`)', () => {
  const files = generate(reg);
  for (const [name, text] of Object.entries(files)) {
    assert.equal(readFileSync(join(src, name), 'utf8'), text, `packages/client/src/${name} is stale`);
  }
  // No leftover operation file: every file is generated or listed as hand-written.
  const ops = clientOperations(reg);
  for (const f of readdirSync(join(src, 'operations'))) {
    const op = ops.find((o) => `${o.file}.ts` === f);
    assert.ok(f === 'index.ts' || (op !== undefined && (op.hand !== undefined || `operations/${f}` in files)), `unexpected packages/client/src/operations/${f}`);
  }
  for (const name of Object.keys(HAND_WRITTEN)) {
    const op = ops.find((o) => o.constName === name);
    assert.ok(op && existsSync(join(src, 'operations', `${op.file}.ts`)), `hand-written operations file for ${name} is missing`);
  }
});

test(`KmipClient and KmipPool have a method for every client-to-server operation of KMIP 1.0–${LAST_VERSION}`, async () => {
  const client = await import('../packages/client/dist/src/index.js');
  const cmp = (v) => v.split('.').map(Number).reduce((a, b) => a * 100 + b);
  const expected = reg.operations.filter((o) => cmp(o.since) <= cmp(LAST_VERSION));
  const skipped = expected.filter((o) => o.xmlName in NOT_CLIENT_OPERATIONS).map((o) => o.xmlName);
  assert.deepEqual(skipped.sort(), Object.keys(NOT_CLIENT_OPERATIONS).sort());
  const ops = clientOperations(reg);
  assert.equal(ops.length, expected.length - skipped.length);
  assert.ok(ops.length >= 57, `only ${ops.length} operations`);
  for (const op of ops) {
    assert.equal(typeof client.KmipClient.prototype[op.method], 'function', `KmipClient.${op.method}`);
    assert.equal(typeof client.KmipPool.prototype[op.method], 'function', `KmipPool.${op.method}`);
    assert.equal(typeof client.operations[op.method], 'function', `operations.${op.method}`);
  }
});
