/**
 * docs/errors.md "Command line exit codes" lists exactly the codes of ExitCode.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ExitCode } from '../src/errors.js';

const DOC = readFileSync(new URL('../../../../docs/errors.md', import.meta.url), 'utf8');

test('docs/errors.md exit codes ↔ ExitCode', () => {
  const start = DOC.indexOf('## Command line exit codes');
  assert.ok(start >= 0, 'docs/errors.md has no "Command line exit codes" section');
  const end = DOC.indexOf('\n## ', start + 1);
  const section = DOC.slice(start, end < 0 ? undefined : end);
  const documented = [...section.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1])).sort((a, b) => a - b);
  assert.deepEqual(documented, Object.values(ExitCode).sort((a, b) => a - b));
});
