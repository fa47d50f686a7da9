/**
 * The client commands end to end: `keyhold serve` spawned on a free port with a temporary data
 * directory, then `keyhold key …`, `key-pair`, `attributes`, `query` and `ping` run as a user
 * runs them, with flags and with a profile file.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useCliServer } from './helpers/run.js';

const cli = useCliServer('key');
const { files, flags, ok, keyhold } = cli;

describe('keyhold key', () => {
  test('create, get, list, activate, revoke, destroy', () => {
    const id = ok(['key', 'create', '--alg', 'aes', '--length', '256', '--name', 'backup-2026', ...flags]).trim();
    assert.match(id, /^\S+$/);
    const hex = ok(['key', 'get', id, ...flags]).trim();
    assert.match(hex, /^[0-9a-f]{64}$/);
    const out = join(files, 'key.bin');
    ok(['key', 'get', id, '--out', out, ...flags]);
    assert.equal(readFileSync(out).toString('hex'), hex);

    const table = ok(['key', 'list', '--name', 'backup-2026', ...flags]);
    assert.match(table, /^ID\s+TYPE\s+ALGORITHM\s+LENGTH\s+STATE\s+NAME/);
    assert.match(table, new RegExp(`${id}\\s+Symmetric Key\\s+AES\\s+256\\s+Pre-Active\\s+backup-2026`));

    ok(['key', 'activate', id, ...flags]);
    const active = JSON.parse(ok(['key', 'list', '--state', 'active', '--type', 'symmetric-key', '--json', ...flags])) as { id: string; state: string }[];
    assert.ok(active.some((r) => r.id === id && r.state === 'Active'));

    const refused = keyhold(['key', 'destroy', id, ...flags]);
    assert.equal(refused.status, 4, 'a KMIP failure exits 4');
    assert.match(refused.stderr, /^keyhold: the server refused Destroy with Result Reason Wrong Key Lifecycle State/);

    ok(['key', 'revoke', id, '--reason', 'cessation-of-operation', ...flags]);
    assert.equal(ok(['key', 'destroy', id, ...flags]).trim(), `destroyed ${id}`);
  });

  test('create --activate: Active from the one request; key-pair create --activate: both keys', () => {
    const id = ok(['key', 'create', '--alg', 'aes', '--length', '256', '--activate', ...flags]).trim();
    const table = ok(['key', 'list', '--state', 'active', ...flags]);
    assert.match(table, new RegExp(`${id}\\s+Symmetric Key\\s+AES\\s+256\\s+Active`));
    const pair = JSON.parse(ok(['key-pair', 'create', '--alg', 'ec', '--length', '256', '--activate', '--json', ...flags])) as { privateKeyId: string; publicKeyId: string };
    const active = JSON.parse(ok(['key', 'list', '--state', 'active', '--json', ...flags])) as { id: string }[];
    for (const k of [pair.privateKeyId, pair.publicKeyId]) assert.ok(active.some((r) => r.id === k), `${k} is Active`);
  });

  test('--json output for scripts', () => {
    const created = JSON.parse(ok(['key', 'create', '--alg', 'aes', '--length', '128', '--json', ...flags])) as { id: string };
    const got = JSON.parse(ok(['key', 'get', created.id, '--json', ...flags])) as { id: string; algorithm: string; length: number; material: string };
    assert.equal(got.id, created.id);
    assert.equal(got.algorithm, 'AES');
    assert.equal(got.length, 128);
    assert.match(got.material, /^[0-9a-f]{32}$/);
  });

  test('an unknown id: one sentence naming the Result Reason, exit 4', () => {
    const r = keyhold(['key', 'get', 'no-such-key', ...flags]);
    assert.equal(r.status, 4);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /Result Reason Object Not Found/);
  });

  test('no server: exit 5; no flags and no profile: exit 2', () => {
    const down = keyhold(['ping', '--server', 'localhost:1', ...flags.slice(2)]);
    assert.equal(down.status, 5, down.stderr);
    const none = keyhold(['key', 'list']);
    assert.equal(none.status, 2, none.stderr);
    assert.match(none.stderr, /missing --server, --ca, --cert, --key/);
  });
});

describe('keyhold key-pair, attributes, query, ping', () => {
  test('key-pair create prints both ids', () => {
    const out = ok(['key-pair', 'create', '--alg', 'rsa', '--length', '2048', '--name', 'signing', ...flags]);
    assert.match(out, /^private \S+\npublic {2}\S+\n$/);
  });

  test('attributes set and get', () => {
    const id = ok(['key', 'create', '--alg', 'aes', '--length', '256', ...flags]).trim();
    ok(['attributes', 'set', id, 'Comment', 'rotated by ops', ...flags]);
    const table = ok(['attributes', 'get', id, ...flags]);
    assert.match(table, /Comment\s+rotated by ops/);
    assert.match(table, /State\s+Pre-Active/);
    const json = JSON.parse(ok(['attributes', 'get', id, 'Cryptographic Length', '--json', ...flags])) as { attributes: Record<string, string> };
    assert.equal(json.attributes['Cryptographic Length'], '256');
  });

  test('attributes set over KMIP 1.4: Add Attribute, then Modify Attribute', () => {
    const id = ok(['key', 'create', '--alg', 'aes', '--length', '128', ...flags]).trim();
    const v14 = [...flags, '--kmip-version', '1.4'];
    ok(['attributes', 'set', id, 'Contact Information', 'ops@example.com', ...v14]);
    assert.match(ok(['attributes', 'get', id, 'Contact Information', ...v14]), /Contact Information\s+ops@example\.com/);
    ok(['attributes', 'set', id, 'Contact Information', 'security@example.com', ...v14]);
    assert.match(ok(['attributes', 'get', id, 'Contact Information', ...v14]), /Contact Information\s+security@example\.com/);
  });

  test('query lists operations; ping reports the version and latency', () => {
    assert.match(ok(['query', ...flags]), /Operations\s+.*Create Key Pair/);
    const ping = JSON.parse(ok(['ping', '--json', ...flags])) as { version: string; roundTripMs: number };
    assert.equal(ping.version, '2.1');
    assert.ok(ping.roundTripMs >= 0);
    assert.match(ok(['ping', '--kmip-version', '1.4', ...flags]), /speaking KMIP 1\.4/);
  });

  test('--debug prints each message in KMIP JSON; --debug-format xml in KMIP XML', () => {
    const json = keyhold(['ping', '--debug', ...flags]);
    assert.equal(json.status, 0, json.stderr);
    assert.match(json.stderr, /^keyhold: --> request\n\{"tag":"RequestMessage"/m);
    assert.match(json.stderr, /^keyhold: <-- response\n\{"tag":"ResponseMessage"/m);
    const xml = keyhold(['ping', '--debug-format', 'xml', ...flags]);
    assert.equal(xml.status, 0, xml.stderr);
    assert.match(xml.stderr, /^keyhold: --> request\n<RequestMessage>/m);
    assert.match(xml.stderr, /<Operation type="Enumeration" value="DiscoverVersions"\/>/);
    assert.match(xml.stderr, /^keyhold: <-- response\n<ResponseMessage>/m);
    assert.equal(keyhold(['ping', '--debug-format', 'yaml', ...flags]).status, 2, 'an unknown format is a usage error');
  });

  test('a profile file supplies the connection', () => {
    const srv = cli.server;
    // In the server's data directory, so that the relative paths below find its pki/ folder.
    const file = join(srv.dataDir, 'client-config');
    writeFileSync(
      file,
      [
        '# keyhold client profile',
        `ca = ${srv.ca}`,
        'cert = pki/clients/keyhold-admin.crt   # relative to this file',
        'key = pki/clients/keyhold-admin.key',
        '[local]',
        `server = localhost:${srv.port}`,
        'kmip-version = 2.0',
      ].join('\n'),
    );
    const env = { ...process.env, KEYHOLD_CLIENT_CONFIG: file };
    assert.match(ok(['ping', '--profile', 'local'], { env }), /speaking KMIP 2\.0/);
    const missing = keyhold(['ping', '--profile', 'nope'], { env });
    assert.equal(missing.status, 2);
  });
});
