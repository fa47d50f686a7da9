/**
 * The OASIS test-case files (test/vectors/oasis/manifest.json), their selection, and the order in
 * which they run: a file that finds, with Locate, the objects an earlier file of its chain left
 * on the server (TL-M-3 after TL-M-2, SASED-M-3 after SASED-M-2, TC-CREG-2/3 after TC-CREG-1) runs
 * right after that file (README §1: "a few files depend on an earlier file having run on the same
 * server").
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ItemType, Operation, Tag } from '@keyhold/protocol';
import { literalChild, parseTestCase, placeholderNames, structChild, type TNode, type TestCase } from './testcase.js';
import { compareVersions } from './tree.js';

/** One manifest entry. */
export interface ConformanceFile {
  /** Test-case ID, e.g. "SKLC-M-1-21" (unique in the manifest). */
  readonly id: string;
  /** KMIP version, "1.0" … "3.0". */
  readonly version: string;
  /** Profile family: BL, SKLC, CS-BC, TC-…. */
  readonly family: string;
  /** "M" mandatory, "O" optional, "-" Test Cases note. */
  readonly mo: string;
  /** Path under the vectors folder. */
  readonly path: string;
  /** Operations the file uses, as listed by the manifest. */
  readonly operations: readonly string[];
  /** How the file was obtained ("oasis-file", "derived: …"). */
  readonly kind: string;
}

/** The repository's test/vectors/oasis folder, found above this module. */
export function defaultVectorsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'test', 'vectors', 'oasis');
    if (existsSync(join(candidate, 'manifest.json'))) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new Error('test/vectors/oasis/manifest.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

/** The repository root (the folder holding test/vectors/oasis). */
export function defaultRepoRoot(): string {
  return dirname(dirname(dirname(defaultVectorsDir())));
}

interface RawEntry {
  readonly id: string;
  readonly version: string;
  readonly family: string;
  readonly mo: string;
  readonly path: string;
  readonly operations?: readonly string[];
  readonly kind?: string;
}

/** Reads the manifest. */
export function loadManifest(vectorsDir: string = defaultVectorsDir()): ConformanceFile[] {
  const raw = JSON.parse(readFileSync(join(vectorsDir, 'manifest.json'), 'utf8')) as { files: RawEntry[] };
  return raw.files.map((f) => ({
    id: f.id,
    version: f.version,
    family: f.family,
    mo: f.mo,
    path: f.path,
    operations: f.operations ?? [],
    kind: f.kind ?? '',
  }));
}

/** True for the files re-assembled from the OASIS HTML documents (rule derived-file-whitespace). */
export function isDerived(file: ConformanceFile): boolean {
  return file.kind.startsWith('derived');
}

/** Reads and parses one file. */
export function readTestCase(file: ConformanceFile, vectorsDir: string = defaultVectorsDir()): TestCase {
  return parseTestCase(readFileSync(join(vectorsDir, file.path), 'utf8'), { collapseWhitespace: isDerived(file) });
}

/** Filters of {@link selectFiles}; an empty or absent list selects everything. */
export interface Selection {
  /** Test-case IDs, exact ("SKLC-M-1-21") or with `*` wildcards ("SKLC-*"). */
  readonly ids?: readonly string[];
  readonly versions?: readonly string[];
  readonly families?: readonly string[];
}

function wildcard(pattern: string): RegExp {
  return new RegExp('^' + pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$', 'i');
}

/** The files matching a selection, in manifest order. */
export function selectFiles(all: readonly ConformanceFile[], sel: Selection = {}): ConformanceFile[] {
  const ids = sel.ids?.length ? sel.ids.map(wildcard) : undefined;
  return all.filter(
    (f) =>
      (!ids || ids.some((r) => r.test(f.id))) &&
      (!sel.versions?.length || sel.versions.includes(f.version)) &&
      (!sel.families?.length || sel.families.includes(f.family)),
  );
}

const UID_PLACEHOLDER = /^\$UNIQUE_IDENTIFIER(?:_[0-9]+)?$/;
const CREATING: ReadonlySet<number> = new Set<number>([
  Operation.Create,
  Operation.CreateKeyPair,
  Operation.Register,
  Operation.DeriveKey,
  Operation.Certify,
  Operation.ReKey,
  Operation.ReKeyKeyPair,
  Operation.Import,
  Operation.CreateSplitKey,
  Operation.JoinSplitKey,
]);

function itemsOf(msg: TNode): { op: number | undefined; item: TNode }[] {
  if (msg.kind !== 'structure') return [];
  return msg.children
    .filter((c) => c.tag === Tag.BatchItem && c.kind === 'structure')
    .map((item) => {
      const op = item.kind === 'structure' ? literalChild(item, Tag.Operation) : undefined;
      return { op: op?.type === ItemType.Enumeration ? op.value : undefined, item };
    });
}

/**
 * True when the file relies on objects it did not create: its first object identifier comes from
 * a Locate response, or a request uses a `$UNIQUE_IDENTIFIER_n` that no earlier response bound.
 */
export function needsEarlierObjects(tc: TestCase): boolean {
  const bound = new Set<string>();
  let first: number | undefined | null = null;
  for (const step of tc.steps) {
    for (const name of placeholderNames(step.request, new Set())) if (UID_PLACEHOLDER.test(name) && !bound.has(name)) return true;
    for (const { op, item } of itemsOf(step.response)) {
      const payload = item.kind === 'structure' ? structChild(item, Tag.ResponsePayload) : undefined;
      for (const name of payload ? placeholderNames(payload, new Set()) : []) {
        if (!UID_PLACEHOLDER.test(name) || bound.has(name)) continue;
        if (first === null) first = op;
        bound.add(name);
      }
    }
  }
  return first === Operation.Locate;
}

/** True when some request of the file creates an object. */
export function createsObjects(tc: TestCase): boolean {
  return tc.steps.some((s) => itemsOf(s.request).some(({ op }) => op !== undefined && CREATING.has(op)));
}

/** "TL-M-3-14" -> the ID of its predecessor in the chain, "TL-M-2-14". */
export function predecessorId(id: string): string | undefined {
  const m = /^(.*)-([0-9]+)-([0-9]{2})$/.exec(id);
  if (!m || Number(m[2]) <= 1) return undefined;
  return `${m[1] as string}-${Number(m[2]) - 1}-${m[3] as string}`;
}

/**
 * For each file (of `among`, default all) that needs objects an earlier file leaves behind, the
 * ID of that earlier file: the previous number of the same chain, when that file creates objects
 * or itself depends on one that does. Predecessors are followed transitively.
 */
export function findDependencies(
  all: readonly ConformanceFile[],
  read: (f: ConformanceFile) => TestCase,
  among: readonly ConformanceFile[] = all,
): Map<string, string> {
  const byId = new Map(all.map((f) => [f.id, f]));
  const cache = new Map<string, TestCase | null>();
  const tcOf = (f: ConformanceFile): TestCase | null => {
    if (!cache.has(f.id)) {
      try {
        cache.set(f.id, read(f));
      } catch {
        cache.set(f.id, null);
      }
    }
    return cache.get(f.id) ?? null;
  };
  const deps = new Map<string, string>();
  const resolve = (f: ConformanceFile): boolean => {
    // true when f creates objects or depends on a chain that does
    const tc = tcOf(f);
    if (!tc) return false;
    if (createsObjects(tc)) {
      if (!needsEarlierObjects(tc)) return true;
    } else if (!needsEarlierObjects(tc)) return false;
    const pid = predecessorId(f.id);
    const p = pid !== undefined ? byId.get(pid) : undefined;
    if (p && resolve(p)) {
      deps.set(f.id, p.id);
      return true;
    }
    return createsObjects(tc);
  };
  for (const f of among) {
    const tc = tcOf(f);
    if (tc && needsEarlierObjects(tc)) resolve(f);
  }
  return deps;
}

/** A file of a run, with the file it must follow. */
export interface PlannedFile {
  readonly file: ConformanceFile;
  readonly dependsOn?: string;
}

/**
 * The run order: by version, then manifest order; every file that depends on another runs right
 * after it (its prerequisite is added when not selected).
 */
export function planRun(selected: readonly ConformanceFile[], all: readonly ConformanceFile[], deps: ReadonlyMap<string, string>): PlannedFile[] {
  const byId = new Map(all.map((f) => [f.id, f]));
  const wanted = new Map(selected.map((f) => [f.id, f]));
  for (const f of selected) {
    for (let p = deps.get(f.id); p !== undefined; p = deps.get(p)) {
      const pf = byId.get(p);
      if (pf) wanted.set(pf.id, pf);
    }
  }
  const index = new Map(all.map((f, i) => [f.id, i]));
  const base = [...wanted.values()].sort((a, b) => compareVersions(a.version, b.version) || (index.get(a.id) ?? 0) - (index.get(b.id) ?? 0));
  const dependents = new Map<string, ConformanceFile[]>();
  for (const f of base) {
    const p = deps.get(f.id);
    if (p !== undefined && wanted.has(p)) {
      const list = dependents.get(p) ?? [];
      list.push(f);
      dependents.set(p, list);
    }
  }
  const out: PlannedFile[] = [];
  const emit = (f: ConformanceFile): void => {
    const p = deps.get(f.id);
    out.push(p !== undefined && wanted.has(p) ? { file: f, dependsOn: p } : { file: f });
    for (const d of dependents.get(f.id) ?? []) emit(d);
  };
  for (const f of base) {
    const p = deps.get(f.id);
    if (p === undefined || !wanted.has(p)) emit(f);
  }
  return out;
}
