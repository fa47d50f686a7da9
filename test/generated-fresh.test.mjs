// The committed generated registry code must be exactly what the generator makes from spec/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '../scripts/gen-registry.mjs';

const root = join(fileURLToPath(import.meta.url), '..', '..');

test('packages/protocol/src/generated is fresh (run `npm run gen` after editing spec/)', () => {
  const reg = JSON.parse(readFileSync(join(root, 'spec', 'registry.json'), 'utf8'));
  const files = generate(reg);
  assert.ok(Object.keys(files).length >= 7);
  for (const [name, text] of Object.entries(files)) {
    const committed = readFileSync(join(root, 'packages', 'protocol', 'src', 'generated', name), 'utf8');
    assert.equal(committed, text, `packages/protocol/src/generated/${name} is stale`);
  }
});

test('spec/registry.json carries facts, not specification prose', () => {
  const text = readFileSync(join(root, 'spec', 'registry.json'), 'utf8');
  for (const key of ['"description"', '"requiredText"', '"raw"', '"typeNote"']) {
    assert.ok(!text.includes(key), `spec/registry.json must not hold ${key} fields`);
  }
});
