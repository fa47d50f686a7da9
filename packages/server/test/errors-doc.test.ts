/**
 * docs/errors.md stays true to the server's error tables: the Result Reason fallback table, the
 * key material error kinds and the store error codes (STYLE.md rule 7).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ENUM_DEFS } from '@keyhold/protocol';
import { REASON_FALLBACK } from '../src/errors/reason-fallback.js';
import { KEY_MATERIAL_ERROR_KINDS } from '../src/crypto/index.js';
import { STORE_ERROR_CODES } from '../src/store/index.js';

const doc = readFileSync(new URL('../../../../docs/errors.md', import.meta.url), 'utf8');
const reasonName = new Map(ENUM_DEFS.find((e) => e.name === 'Result Reason')?.values.map((v) => [v.value, v.name]) ?? []);

test('every Result Reason fallback is a row of the table in docs/errors.md', () => {
  for (const [from, { to }] of REASON_FALLBACK) {
    const row = new RegExp(`^\\| ${reasonName.get(from)} \\| [0-9.–+]+ \\| ${reasonName.get(to)} \\|`, 'm');
    assert.match(doc, row, `${reasonName.get(from)} -> ${reasonName.get(to)}`);
  }
  const rows = doc.split('\n').filter((l) => /^\| [A-Z][A-Za-z#0-9 ]+ \| [0-9.]+[–+]/.test(l));
  assert.equal(rows.length, REASON_FALLBACK.size, 'the table has rows the code does not have');
});

test('every key material error kind and store error code is documented', () => {
  for (const kind of Object.keys(KEY_MATERIAL_ERROR_KINDS)) assert.ok(doc.includes(`| \`${kind}\` |`), kind);
  for (const code of Object.keys(STORE_ERROR_CODES)) assert.ok(doc.includes(`| \`${code}\` |`), code);
});
