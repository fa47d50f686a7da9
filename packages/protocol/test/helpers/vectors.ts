/**
 * Access to the repository's copy of the OASIS KMIP test cases (test/vectors/oasis, with their
 * NOTICE) for tests: the manifest, the files, and a deterministic substitution of the
 * placeholders that stand for run-time values ($NOW, $DATA, …) so that a file can be read without
 * a server.
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ItemType, formatDateTime, type ValueHook } from '../../src/index.js';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'test', 'vectors', 'oasis', 'manifest.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('test/vectors/oasis not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

/** Repository root. */
export const REPO_ROOT = findRoot();
/** Folder of the OASIS test cases. */
export const VECTORS_DIR = join(REPO_ROOT, 'test', 'vectors', 'oasis');

/** One manifest entry. */
export interface VectorFile {
  readonly id: string;
  readonly version: string;
  readonly family: string;
  readonly mo: string;
  readonly path: string;
  readonly operations: readonly string[];
  readonly placeholders: readonly string[];
}

/** Every test-case file of the manifest. */
export function vectorFiles(): VectorFile[] {
  const manifest = JSON.parse(readFileSync(join(VECTORS_DIR, 'manifest.json'), 'utf8')) as { files: VectorFile[] };
  return manifest.files;
}

/** A file's text. */
export function readVector(path: string): string {
  return readFileSync(join(VECTORS_DIR, path), 'utf8');
}

/** Fixed "now" for placeholder substitution: 2023-11-14T22:13:20Z. */
export const FIXED_NOW = 1_700_000_000n;

/**
 * Replaces run-time placeholders in non-text items with fixed values: `$NOW±s` by FIXED_NOW±s;
 * a Byte String placeholder (`$DATA`, `$IV_COUNTER_NONCE`, …) by the bytes of its own name.
 * Text placeholders ($UNIQUE_IDENTIFIER_n) are valid text and stay as they are.
 */
export const placeholderHook: ValueHook = (type, _tagName, value) => {
  if (!value.startsWith('$')) return undefined;
  if (type === ItemType.DateTime) {
    const m = /^\$NOW([+-][0-9]+)?$/.exec(value);
    if (m) return formatDateTime(FIXED_NOW + BigInt(m[1] ?? 0));
  }
  if (type === ItemType.ByteString) return Buffer.from(value, 'utf8').toString('hex');
  return undefined;
};
