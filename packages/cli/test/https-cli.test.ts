/**
 * The CLI over KMIP HTTPS: `keyhold serve --https-port 0` prints the HTTPS URL, and client commands
 * given `--server https://…/kmip` (with `--encoding`, or `encoding` in the profile file) run over
 * it; `--encoding` without an https URL and non-https URLs are usage errors.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useCliServer } from './helpers/run.js';

const cli = useCliServer('https', ['--https-port', '0']);
const { files, flags, keyhold } = cli;

const tlsFlags = (): string[] => flags.slice(2);

/** The HTTPS URL the server's banner names. */
function httpsUrl(): string {
  const m = /KMIP over HTTPS[^\n]*?(https:\/\/\S+\/kmip)/.exec(cli.server.banner);
  assert.ok(m?.[1], `the banner names the HTTPS URL:\n${cli.server.banner}`);
  return m[1];
}

describe('keyhold over HTTPS', () => {
  test('serve prints the URL; key create/get and query run over HTTPS in JSON and XML', () => {
    const url = httpsUrl();
    assert.match(url, /^https:\/\/127\.0\.0\.1:\d+\/kmip$/);
    const created = keyhold(['key', 'create', '--alg', 'aes', '--length', '128', '--server', url, '--encoding', 'json', ...tlsFlags()]);
    assert.equal(created.status, 0, created.stderr);
    const id = created.stdout.trim();
    const got = keyhold(['key', 'get', id, '--server', url, '--encoding', 'xml', ...tlsFlags()]);
    assert.equal(got.status, 0, got.stderr);
    assert.match(got.stdout.trim(), /^[0-9a-f]{32}$/);
    const q = keyhold(['query', '--json', '--server', url, ...tlsFlags()]);
    assert.equal(q.status, 0, q.stderr);
    assert.ok((JSON.parse(q.stdout) as { operations: string[] }).operations.includes('Query'));
  });

  test('the profile file may name the https server and its encoding (checked like the flag)', () => {
    const url = httpsUrl();
    const file = join(files, 'config');
    writeFileSync(file, `server = ${url}\nencoding = xml\nca = ${cli.server.ca}\ncert = ${cli.server.cert}\nkey = ${cli.server.key}\n`);
    const r = keyhold(['query', '--json', '--debug'], { env: { ...process.env, KEYHOLD_CLIENT_CONFIG: file } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /keyhold: --> request/);
    writeFileSync(file, `server = ${url}\nencoding = cbor\nca = ${cli.server.ca}\ncert = ${cli.server.cert}\nkey = ${cli.server.key}\n`);
    const bad = keyhold(['query'], { env: { ...process.env, KEYHOLD_CLIENT_CONFIG: file } });
    assert.equal(bad.status, 2, bad.stderr);
    assert.match(bad.stderr, /--encoding must be ttlv, xml, json, not "cbor"/);
  });

  test('a --server HOST:PORT flag wins over the https server and encoding of the profile', () => {
    const file = join(files, 'config-https');
    writeFileSync(file, `server = ${httpsUrl()}\nencoding = json\nca = ${cli.server.ca}\ncert = ${cli.server.cert}\nkey = ${cli.server.key}\n`);
    const r = keyhold(['query', '--json', ...flags.slice(0, 2)], { env: { ...process.env, KEYHOLD_CLIENT_CONFIG: file } });
    assert.equal(r.status, 0, r.stderr);
  });

  test('--encoding needs an https server; other URL schemes and encodings are usage errors', () => {
    const url = httpsUrl();
    const port = /:(\d+)\/kmip$/.exec(url)?.[1] ?? '0';
    const cases: [string[], RegExp][] = [
      [['--server', `localhost:${port}`, '--encoding', 'xml'], /--encoding applies to KMIP over HTTPS only/],
      [['--server', url.replace('https:', 'http:')], /only https:\/\/ URLs/],
      [['--server', url, '--encoding', 'cbor'], /ttlv, xml, json/],
    ];
    for (const [args, message] of cases) {
      const r = keyhold(['query', ...args, ...tlsFlags()]);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
  });
});
