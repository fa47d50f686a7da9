/**
 * docs/configuration.md and the settings table stay in step: every setting has a row in the
 * "Settings" table with its file key, environment variable, flag and default, and the table has
 * no row for a setting that does not exist.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CONFIG_FILE_ENV, CONFIG_FILE_FLAG, SETTINGS } from '../src/config/index.js';

// Compiled to packages/server/dist/test/, four levels below the repository root.
const doc = readFileSync(new URL('../../../../docs/configuration.md', import.meta.url), 'utf8');

/** Rows of the first Markdown table after the "## Settings" heading, as cells. */
function settingsRows(): string[][] {
  const lines = doc.split('\n');
  const start = lines.findIndex((l) => l.trim() === '## Settings');
  assert.ok(start >= 0, 'docs/configuration.md has a "## Settings" section');
  const rows: string[][] = [];
  let inTable = false;
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('|')) {
      inTable = true;
      rows.push(line.split('|').slice(1, -1).map((c) => c.trim()));
    } else if (inTable) {
      break;
    }
  }
  return rows.slice(2); // header and separator
}

test('every setting is documented with its key, variable, flag and default', () => {
  const rows = settingsRows();
  for (const s of SETTINGS) {
    const row = rows.find((r) => r[0] === `\`${s.key}\``);
    assert.ok(row, `no row for ${s.key}`);
    assert.deepEqual(row.slice(0, 4), [`\`${s.key}\``, `\`${s.env}\``, `\`--${s.flag}\``, `\`${s.default}\``], s.key);
    assert.ok((row[4] ?? '').length > 20, `${s.key} has a meaning`);
  }
});

test('the table documents nothing else (but the configuration file itself)', () => {
  const keys = new Set(SETTINGS.map((s) => `\`${s.key}\``));
  for (const row of settingsRows()) {
    if (row[1] === `\`${CONFIG_FILE_ENV}\``) {
      assert.equal(row[2], `\`--${CONFIG_FILE_FLAG}\``);
      continue;
    }
    assert.ok(keys.has(row[0] ?? ''), `documented but unknown: ${row[0] ?? ''}`);
  }
});
