/**
 * "The client installs without the server's dependencies" (design/STYLE.md §1): the dependency
 * closure of @keyhold/client, read from the package.json files, is @keyhold/protocol and nothing
 * else; and the published code (dist/src of both packages, the `files` they ship) imports only
 * node: built-ins, its own files and @keyhold/protocol. Last, the real thing: `npm pack` both
 * packages and `npm install --offline` the two tarballs into an empty project, which then loads
 * the client.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packages = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const WORKSPACE: Record<string, string> = { '@keyhold/protocol': 'protocol', '@keyhold/client': 'client', '@keyhold/server': 'server', keyhold: 'cli' };

interface PackageJson {
  name: string;
  files?: string[];
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}
const manifest = (dir: string): PackageJson => JSON.parse(readFileSync(join(packages, dir, 'package.json'), 'utf8')) as PackageJson;
const runtimeDeps = (p: PackageJson): string[] => [...Object.keys(p.dependencies ?? {}), ...Object.keys(p.peerDependencies ?? {}), ...Object.keys(p.optionalDependencies ?? {})];

/** Every package a production install of `name` pulls in (through the workspace manifests). */
function closure(name: string): Set<string> {
  const seen = new Set<string>();
  const todo = [name];
  while (todo.length > 0) {
    const next = todo.pop()!;
    const dir = WORKSPACE[next];
    assert.ok(dir !== undefined, `${next} is not a workspace package: the closure leaves the repository`);
    for (const dep of runtimeDeps(manifest(dir))) {
      if (!seen.has(dep)) {
        seen.add(dep);
        todo.push(dep);
      }
    }
  }
  return seen;
}

function jsFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) jsFiles(p, out);
    else if (name.endsWith('.js')) out.push(p);
  }
  return out;
}

test('@keyhold/client depends on @keyhold/protocol only, and @keyhold/protocol on nothing', () => {
  assert.deepEqual([...closure('@keyhold/client')], ['@keyhold/protocol']);
  assert.deepEqual(runtimeDeps(manifest('protocol')), []);
  const server = new Set(runtimeDeps(manifest('server')).filter((d) => d !== '@keyhold/protocol'));
  assert.ok(server.size > 0);
  for (const d of closure('@keyhold/client')) assert.ok(!server.has(d), `the client pulls in the server's ${d}`);
});

test('the shipped code of @keyhold/client and @keyhold/protocol imports only node: built-ins, itself and @keyhold/protocol', () => {
  const allowed: Record<string, (spec: string) => boolean> = {
    client: (s) => s === '@keyhold/protocol',
    protocol: () => false,
  };
  let files = 0;
  for (const dir of ['client', 'protocol']) {
    assert.deepEqual(manifest(dir).files, ['dist/src']);
    for (const file of jsFiles(join(packages, dir, 'dist', 'src'))) {
      files++;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|^import\s*['"]([^'"]+)['"]/gm)) {
        const spec = m[1] ?? m[2] ?? m[3] ?? '';
        const ok = spec.startsWith('node:') || spec.startsWith('./') || spec.startsWith('../') || allowed[dir]!(spec);
        assert.ok(ok, `${file} imports ${spec}`);
      }
    }
  }
  assert.ok(files > 50);
});

test('npm pack + offline install of the two tarballs gives a working @keyhold/client and nothing else', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'keyhold-pack-'));
  const npm = (args: string[], cwd: string): string => {
    const r = spawnSync('npm', args, { cwd, encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, `npm ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };
  try {
    for (const dir of ['protocol', 'client']) npm(['pack', '--silent', '--pack-destination', tmp], join(packages, dir));
    const app = join(tmp, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    const tarballs = readdirSync(tmp).filter((f) => f.endsWith('.tgz')).map((f) => join(tmp, f));
    assert.equal(tarballs.length, 2);
    npm(['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', ...tarballs], app);
    assert.deepEqual(readdirSync(join(app, 'node_modules')).filter((d) => !d.startsWith('.')), ['@keyhold']);
    assert.deepEqual(readdirSync(join(app, 'node_modules', '@keyhold')).sort(), ['client', 'protocol']);
    const probe = "import { KmipClient, operations } from '@keyhold/client'; console.log(typeof KmipClient.connect, typeof operations.create);";
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { cwd: app, encoding: 'utf8' });
    assert.equal(r.stdout.trim(), 'function function', r.stderr);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
