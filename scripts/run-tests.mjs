#!/usr/bin/env node
// Runs the test suites with node's built-in test runner: every compiled
// packages/*/dist/test/**/*.test.js, plus the repository-level test/**/*.test.mjs.
// (Node 20's `node --test` takes no glob patterns, hence this finder.)
// Arguments, when given, replace the discovered list.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');

function walk(dir, suffix, out) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, suffix, out);
    else if (name.endsWith(suffix)) out.push(relative(root, p));
  }
  return out;
}

let files = process.argv.slice(2);
if (files.length === 0) {
  for (const pkg of readdirSync(join(root, 'packages'))) walk(join(root, 'packages', pkg, 'dist', 'test'), '.test.js', files);
  walk(join(root, 'test'), '.test.mjs', files);
  files.sort();
}
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
