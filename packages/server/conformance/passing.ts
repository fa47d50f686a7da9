/**
 * The committed list of passing files (test/conformance/passing.json, a JSON array of test-case
 * IDs) and the CI check against it: a listed file that fails is a regression; a passing file that
 * is not listed is news worth adding.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { FileResult } from './runner.js';

/** Reads the list; a missing file is an empty list. */
export function readPassing(path: string): string[] {
  if (!existsSync(path)) return [];
  const v: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string')) {
    throw new Error(`${path} must hold a JSON array of test-case IDs`);
  }
  return v;
}

/** Writes the list, sorted, one ID per line. */
export function writePassing(path: string, ids: Iterable<string>): void {
  const sorted = [...new Set(ids)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  writeFileSync(path, sorted.length ? '[\n' + sorted.map((id) => `  ${JSON.stringify(id)}`).join(',\n') + '\n]\n' : '[]\n');
}

/** The outcome of comparing a run with the list. */
export interface PassingCheck {
  /** Listed files that failed (or were listed but not run). */
  readonly regressions: readonly FileResult[];
  /** Passing files that are not listed. */
  readonly newlyPassing: readonly string[];
}

/** Compares a run with the list. */
export function checkPassing(results: readonly FileResult[], listed: readonly string[]): PassingCheck {
  const set = new Set(listed);
  return {
    regressions: results.filter((r) => set.has(r.file.id) && !r.passed),
    newlyPassing: results.filter((r) => r.passed && !set.has(r.file.id)).map((r) => r.file.id),
  };
}

/** The list after a run: files run take their new outcome, the others keep their entry. */
export function updatedPassing(listed: readonly string[], results: readonly FileResult[]): string[] {
  const ran = new Set(results.map((r) => r.file.id));
  return [...listed.filter((id) => !ran.has(id)), ...results.filter((r) => r.passed).map((r) => r.file.id)];
}

/** test/conformance/known-failures.json: test-case ID -> why it fails (a missing file is empty). */
export function readKnownFailures(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const v: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof v !== 'object' || v === null || Array.isArray(v) || !Object.values(v).every((x) => typeof x === 'string')) {
    throw new Error(`${path} must hold a JSON object of test-case ID -> reason`);
  }
  return v as Record<string, string>;
}
