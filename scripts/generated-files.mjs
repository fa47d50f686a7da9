// The command line the generators share (gen-registry.mjs, gen-client.mjs): read
// spec/registry.json, generate, and write the files that changed — or, with --check, name the
// stale ones and exit 1.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** True when the module of `importMetaUrl` is the script node was started with. */
export function isMain(importMetaUrl) {
  return process.argv[1] !== undefined && fileURLToPath(importMetaUrl) === process.argv[1];
}

/**
 * Runs a generator from the command line: `generate(registry)` gives { file name: text } for
 * `outDir`. Writes the files whose text changed, or with `--check` names them on stderr and
 * exits 1 when there is one. Returns the counts of files generated and changed.
 */
export function runGenerator(generate, outDir) {
  const reg = JSON.parse(readFileSync(join(root, 'spec', 'registry.json'), 'utf8'));
  const files = generate(reg);
  const check = process.argv.includes('--check');
  let changed = 0;
  mkdirSync(outDir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    const path = join(outDir, name);
    let old = '';
    try {
      old = readFileSync(path, 'utf8');
    } catch {}
    if (old === text) continue;
    changed++;
    if (check) console.error(`stale: ${relative(root, path)}`);
    else writeFileSync(path, text);
  }
  if (check && changed > 0) process.exit(1);
  return { check, generated: Object.keys(files).length, changed };
}
