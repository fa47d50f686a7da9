/**
 * The OASIS test cases against the real server, in `npm test`: every file of test/vectors/oasis is
 * replayed over mutual TLS against an in-process `keyhold serve`, and a file listed in
 * test/conformance/passing.json that fails is a regression. Newly passing files are printed (add
 * them with `KEYHOLD_UPDATE_PASSING=1 npm test`, or `npm run conformance -- --ci --update-passing` against a
 * running server).
 * docs/CONFORMANCE.md is written by `npm run conformance`, not by this test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { checkPassing, loadManifest, readKnownFailures, readPassing, runConformance, tlsConnector, updatedPassing, writePassing } from '../conformance/index.js';
import { startTestServer } from './helpers/server.js';

const PASSING = fileURLToPath(new URL('../../../../test/conformance/passing.json', import.meta.url));

test('no file of test/conformance/passing.json regresses', { timeout: 600_000 }, async (t) => {
  const server = await startTestServer();
  try {
    const connect = tlsConnector({ host: '127.0.0.1', port: server.port, ca: server.admin.files.ca, cert: server.admin.files.cert, key: server.admin.files.key });
    const run = await runConformance({ connect, files: loadManifest() });
    const listed = readPassing(PASSING);
    const { regressions, newlyPassing } = checkPassing(run.results, listed);
    const passed = run.results.filter((r) => r.passed).length;
    t.diagnostic(`${passed}/${run.results.length} OASIS test-case files pass; ${listed.length} are listed as passing`);
    if (newlyPassing.length > 0) t.diagnostic(`newly passing (not yet listed): ${newlyPassing.join(', ')}`);
    if (process.env.KEYHOLD_UPDATE_PASSING === '1') writePassing(PASSING, updatedPassing(listed, run.results));
    assert.deepEqual(
      regressions.map((r) => `${r.file.id}: ${r.reason ?? 'failed'}`),
      [],
      'files listed as passing failed',
    );
  } finally {
    await server.dispose();
  }
});

test('test/conformance/known-failures.json names real test cases, none of them listed as passing', () => {
  const known = readKnownFailures(fileURLToPath(new URL('../../../../test/conformance/known-failures.json', import.meta.url)));
  const ids = new Set(loadManifest().map((f) => f.id));
  const passing = new Set(readPassing(PASSING));
  for (const [id, why] of Object.entries(known)) {
    assert.ok(ids.has(id), `${id} is not a test case of the manifest`);
    assert.ok(!passing.has(id), `${id} is listed both as passing and as a known failure`);
    assert.ok(why.length > 20, `${id}: say why`);
  }
});
