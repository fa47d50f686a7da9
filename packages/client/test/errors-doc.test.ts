/**
 * docs/errors.md lists every KmipClientError code and nothing else under "Client errors"
 * (STYLE.md §2.5, rule 7: codes are documented and drift-tested).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { KMIP_CLIENT_ERROR_CODES } from '../src/index.js';

const DOC = readFileSync(new URL('../../../../docs/errors.md', import.meta.url), 'utf8');

test('docs/errors.md "Client errors" ↔ KMIP_CLIENT_ERROR_CODES', () => {
  const start = DOC.indexOf('## Client errors');
  assert.ok(start >= 0, 'docs/errors.md has no "Client errors" section');
  const end = DOC.indexOf('\n## ', start + 1);
  const section = DOC.slice(start, end < 0 ? undefined : end);
  const documented = [...section.matchAll(/^\| `(KMIP_CLIENT_[A-Z_]+)` \|/gm)].map((m) => m[1]).sort();
  assert.deepEqual(documented, Object.keys(KMIP_CLIENT_ERROR_CODES).sort());
});
