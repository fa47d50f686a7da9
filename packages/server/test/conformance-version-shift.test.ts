/**
 * The OASIS test cases replayed in the protocol versions they were not published for: every 2.1
 * file as 2.0 and every 1.4 and 1.2 file as 1.3 (Protocol Version Minor rewritten in each request
 * and expected response header, nothing else), against an in-process `keyhold serve` as in
 * conformance-regression.test.ts. The OASIS 1.3 and 2.0 editions of these test cases are the same
 * conversations, so a shifted file that passes shows the server answering 2.0 and 1.3 clients as
 * it answers 2.1 and 1.4 ones, in the version asked.
 *
 * A shifted file may rightly fail where it uses something its new version does not define (Ping,
 * Set Constraints: 2.1; Sensitive, Extractable, Always Sensitive, the AEAD fields, Create of
 * Secret Data: 1.4). test/conformance/version-shift-passing.json lists the shifted files that pass;
 * one of them failing is a regression. Newly passing files are printed (add them with
 * `KEYHOLD_UPDATE_PASSING=1`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checkPassing,
  defaultVectorsDir,
  loadManifest,
  readPassing,
  runConformance,
  tlsConnector,
  updatedPassing,
  writePassing,
  type ConformanceFile,
} from '../conformance/index.js';
import { startTestServer } from './helpers/server.js';

const PASSING = fileURLToPath(new URL('../../../../test/conformance/version-shift-passing.json', import.meta.url));

/** Published version -> the version it is replayed as. */
const SHIFTS: Readonly<Record<string, string>> = { '2.1': '2.0', '1.4': '1.3', '1.2': '1.3' };

/** The Protocol Version Minor of each Request Header and Response Header set to `minor`. */
export function shiftHeaders(xml: string, minor: number): string {
  return xml.replace(/<(Request|Response)Header>[\s\S]*?<\/\1Header>/g, (header) =>
    header.replace(/(<ProtocolVersionMinor\b[^>]*\bvalue=\\?")\d+(\\?")/, (_m, head: string, tail: string) => `${head}${String(minor)}${tail}`),
  );
}

/** Writes the shifted copies of the files into `outDir` and returns their manifest entries. */
function writeShifted(outDir: string): ConformanceFile[] {
  const src = defaultVectorsDir();
  const files: ConformanceFile[] = [];
  for (const f of loadManifest(src)) {
    const to = SHIFTS[f.version];
    if (to === undefined) continue;
    const target = join(outDir, f.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, shiftHeaders(readFileSync(join(src, f.path), 'utf8'), Number(to.split('.')[1])));
    files.push({ ...f, version: to });
  }
  writeFileSync(join(outDir, 'manifest.json'), JSON.stringify({ files }));
  return files;
}

test('shiftHeaders rewrites only the header versions', () => {
  const xml =
    '<RequestHeader><ProtocolVersion><ProtocolVersionMajor type="Integer" value="2"/><ProtocolVersionMinor type="Integer" value="1"/></ProtocolVersion></RequestHeader>' +
    '<ResponsePayload><ProtocolVersion><ProtocolVersionMajor type="Integer" value="2"/><ProtocolVersionMinor type="Integer" value="1"/></ProtocolVersion></ResponsePayload>';
  const out = shiftHeaders(xml, 0);
  assert.match(out, /<RequestHeader>.*value="0"\/><\/ProtocolVersion><\/RequestHeader>/);
  assert.match(out, /<ResponsePayload>.*value="1"\/><\/ProtocolVersion><\/ResponsePayload>/);
});

test('no file of test/conformance/version-shift-passing.json regresses when replayed as 2.0 / 1.3', { timeout: 600_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'keyhold-shift-'));
  const server = await startTestServer();
  try {
    const files = writeShifted(dir);
    const connect = tlsConnector({ host: '127.0.0.1', port: server.port, ca: server.admin.files.ca, cert: server.admin.files.cert, key: server.admin.files.key });
    const run = await runConformance({ connect, files, vectorsDir: dir, manifest: files });
    const listed = readPassing(PASSING);
    const { regressions, newlyPassing } = checkPassing(run.results, listed);
    t.diagnostic(`${run.results.filter((r) => r.passed).length}/${run.results.length} shifted files pass; ${listed.length} are listed`);
    if (newlyPassing.length > 0) t.diagnostic(`newly passing (not yet listed): ${newlyPassing.join(', ')}`);
    if (process.env.KEYHOLD_UPDATE_PASSING === '1') writePassing(PASSING, updatedPassing(listed, run.results));
    assert.deepEqual(
      regressions.map((r) => `${r.file.id} as ${r.file.version}: ${r.reason ?? 'failed'}`),
      [],
      'shifted files listed as passing failed',
    );
  } finally {
    await server.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
