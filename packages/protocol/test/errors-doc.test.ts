/**
 * docs/errors.md and the codec's error table stay in step (STYLE.md §2.5, rule 7; fastify's
 * Errors.md test): every TtlvError code has an entry in the "Codec errors" section, and every
 * `KMIP_ERR_` code the document mentions anywhere exists in one of the package's exported
 * `*_ERROR_CODES` tables. Other sections (KMIP Result Reasons, …) are otherwise left alone.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as protocol from '../src/index.js';
import { TTLV_ERROR_CODES } from '../src/index.js';

// Compiled to packages/protocol/dist/test/, four levels below the repository root.
const DOC_URL = new URL('../../../../docs/errors.md', import.meta.url);
const SECTION_HEADING = '## Codec errors (TtlvError codes)';
const CODE_RE = /KMIP_ERR_[A-Z0-9_]+/g;

const doc = readFileSync(DOC_URL, 'utf8');

/** The text of the codec section: from its heading to the next `## ` heading (or the end). */
function codecSection(): string {
  const lines = doc.split('\n');
  const start = lines.findIndex((l) => l.trim() === SECTION_HEADING);
  assert.ok(start >= 0, `docs/errors.md has no "${SECTION_HEADING}" heading`);
  const rel = lines.slice(start + 1).findIndex((l) => /^## /.test(l));
  return lines.slice(start + 1, rel < 0 ? undefined : start + 1 + rel).join('\n');
}

/** `### KMIP_ERR_X` entries of the section (backticks optional) with the text under each. */
function entries(section: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = section.split(/^### +/m).slice(1);
  for (const part of parts) {
    const nl = part.indexOf('\n');
    const heading = (nl < 0 ? part : part.slice(0, nl)).trim();
    const m = /^`?(KMIP_ERR_[A-Z0-9_]+)`?$/.exec(heading);
    assert.ok(m !== null, `unexpected heading in the codec section: "### ${heading}"`);
    const code = m[1] as string;
    assert.ok(!out.has(code), `${code} is documented twice`);
    out.set(code, nl < 0 ? '' : part.slice(nl + 1).trim());
  }
  return out;
}

/** Every code of every `*_ERROR_CODES` table the package exports. */
function knownCodes(): Set<string> {
  const known = new Set<string>();
  for (const [name, value] of Object.entries(protocol)) {
    if (!name.endsWith('_ERROR_CODES') || typeof value !== 'object' || value === null) continue;
    for (const code of Object.keys(value)) known.add(code);
  }
  return known;
}

describe('docs/errors.md ↔ TTLV_ERROR_CODES', () => {
  test('every TtlvError code has an entry with a description in the codec section', () => {
    const documented = entries(codecSection());
    const missing = Object.keys(TTLV_ERROR_CODES).filter((c) => !documented.has(c));
    assert.deepStrictEqual(missing, [], `codes missing from docs/errors.md "${SECTION_HEADING}"`);
    for (const [code, text] of documented) assert.ok(text.length >= 40, `${code} has no real description`);
  });

  test('the codec section documents only TtlvError codes', () => {
    const section = codecSection();
    const foreign = [...new Set(section.match(CODE_RE) ?? [])].filter((c) => !Object.hasOwn(TTLV_ERROR_CODES, c));
    assert.deepStrictEqual(foreign, [], 'KMIP_ERR_ codes in the codec section that are not TtlvError codes');
  });

  test('every KMIP_ERR_ code mentioned anywhere in docs/errors.md exists', () => {
    const known = knownCodes();
    assert.ok(Object.keys(TTLV_ERROR_CODES).every((c) => known.has(c)), 'TTLV_ERROR_CODES is not exported');
    const unknown = [...new Set(doc.match(CODE_RE) ?? [])].filter((c) => !known.has(c));
    assert.deepStrictEqual(unknown, [], 'codes in docs/errors.md that no *_ERROR_CODES table defines');
  });
});
