#!/usr/bin/env node
// After `tsc -b`: make the CLI entry point executable. npm links workspace bins during `npm ci`
// before the root `prepare` script has built them, so the mode cannot come from npm.
import { chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = join(fileURLToPath(import.meta.url), '..', '..', 'packages', 'cli', 'dist', 'src', 'bin.js');
if (!existsSync(bin)) {
  console.error(`postbuild: ${bin} is missing; did the build fail?`);
  process.exit(1);
}
chmodSync(bin, 0o755);
