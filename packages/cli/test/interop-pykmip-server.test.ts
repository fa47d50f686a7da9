/**
 * Interoperability with a third-party server: the `keyhold` command against PyKMIP's KMIP server
 * (Debian python3-pykmip; the fixture is the client package's helpers/pykmip-server.ts, loaded
 * from its build output). Each command runs as a user runs it, with --server/--ca/--cert/--key:
 * ping, query, key create/get/list/activate/revoke/destroy, key-pair create, secret put/get,
 * encrypt/decrypt of a file (GCM and CBC), sign/verify, attributes get/set — results checked with
 * node:crypto where there is something to compute. A command whose operation PyKMIP lacks (key
 * rotate: Re-key) must fail with the server's Result Reason and exit code 4.
 *
 * Skipped with a message without PyKMIP; with KEYHOLD_REQUIRE_PYKMIP=1 (CI) that is a failure.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createDecipheriv, createPublicKey, randomBytes, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BIN } from './helpers/serve.js';

type Fixture = typeof import('../../client/test/helpers/pykmip-server.js');
/** The client package's fixture, from its build (dist/test here -> ../../../client/dist/test). */
const FIXTURE = resolve(dirname(fileURLToPath(import.meta.url)), '../../../client/dist/test/helpers/pykmip-server.js');
const { pykmipTestOptions, usePykmipServer } = (await import(pathToFileURL(FIXTURE).href)) as Fixture;

const AVAILABILITY = pykmipTestOptions();
const files = mkdtempSync(join(tmpdir(), 'keyhold-cli-pykmip-'));
const env = { ...process.env, KEYHOLD_CLIENT_CONFIG: join(files, 'no-such-config') };
let flags: string[] = [];

interface Run {
  status: number | null;
  stdout: Buffer;
  out: string;
  stderr: string;
}

function keyhold(args: string[], input?: Buffer): Run {
  const r = spawnSync(process.execPath, [BIN, ...args, ...flags], { env, timeout: 60_000, ...(input === undefined ? {} : { input }) });
  return { status: r.status, stdout: r.stdout, out: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

function ok(args: string[], input?: Buffer): string {
  const r = keyhold(args, input);
  assert.equal(r.status, 0, `keyhold ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.out;
}

/** The command fails with exit code `code` and one `keyhold: …` line matching `message`. */
function fails(args: string[], code: number, message: RegExp): void {
  const r = keyhold(args);
  assert.equal(r.status, code, `keyhold ${args.join(' ')}: expected exit ${code}, got ${r.status}: ${r.stderr}`);
  assert.match(r.stderr, message);
  assert.equal(r.stderr.trim().split('\n').length, 1, `one line of error: ${r.stderr}`);
}

const unique = (label: string): string => `${label}-${process.pid}-${randomBytes(3).toString('hex')}`;

if (AVAILABILITY.fail !== undefined) {
  const message = AVAILABILITY.fail;
  test('PyKMIP server interop (CLI): PyKMIP must be installed (KEYHOLD_REQUIRE_PYKMIP=1)', () => assert.fail(message));
} else {
  describe("keyhold against PyKMIP's server", AVAILABILITY.skip === undefined ? {} : { skip: AVAILABILITY.skip }, () => {
    const server = usePykmipServer(AVAILABILITY.skip !== undefined, () => rmSync(files, { recursive: true, force: true }));
    before(() => {
      if (AVAILABILITY.skip !== undefined) return;
      const s = server();
      flags = ['--server', `127.0.0.1:${s.port}`, '--ca', s.caFile, '--cert', s.certFile, '--key', s.keyFile];
    });

    test('ping negotiates KMIP 2.0; query lists the operations and the vendor', () => {
      assert.match(ok(['ping']), /^pong: Discover Versions in [\d.]+ ms .*speaking KMIP 2\.0; server offers 2\.0, 1\.4, 1\.3, 1\.2, 1\.1, 1\.0$/m);
      const q = JSON.parse(ok(['query', '--json'])) as { version: string; vendor: string; operations: string[] };
      assert.equal(q.version, '2.0');
      assert.match(q.vendor, /^PyKMIP 0\.10\.\d+ Software Server$/);
      for (const op of ['Create', 'Create Key Pair', 'Register', 'Locate', 'Get', 'Destroy', 'Encrypt', 'Decrypt', 'Sign', 'Signature Verify']) assert.ok(q.operations.includes(op), `query lacks ${op}`);
      assert.match(ok(['ping', '--kmip-version', '1.4']), /speaking KMIP 1\.4/);
    });

    test('key create, get (hex and --out), list by name, attributes get/set, activate, revoke, destroy', () => {
      const name = unique('cli-key');
      const id = ok(['key', 'create', '--alg', 'aes', '--length', '256', '--name', name]).trim();
      assert.match(id, /^\d+$/);
      const hex = ok(['key', 'get', id]).trim();
      assert.match(hex, /^[0-9a-f]{64}$/);
      const out = join(files, 'key.bin');
      ok(['key', 'get', id, '--out', out]);
      assert.equal(readFileSync(out).toString('hex'), hex);
      assert.match(ok(['key', 'list', '--name', name]), new RegExp(`^${id} +Symmetric Key +AES +256 +Pre-Active +${name}$`, 'm'));
      assert.match(ok(['attributes', 'get', id]), /^Cryptographic Algorithm +AES$/m);
      ok(['attributes', 'set', id, 'Sensitive', 'true']);
      // PyKMIP refuses Set Attribute of any multi-valued attribute, even one with a single instance.
      fails(['attributes', 'set', id, 'Name', unique('renamed')], 4, /^keyhold: the server refused Set Attribute with Result Reason Multi Valued Attribute/m);
      ok(['key', 'activate', id]);
      fails(['key', 'destroy', id], 4, /^keyhold: the server refused Destroy with Result Reason Permission Denied: Object is active and cannot be destroyed\.$/m);
      assert.match(ok(['key', 'revoke', id, '--reason', 'cessation-of-operation']), new RegExp(id));
      assert.match(ok(['attributes', 'get', id, 'State']), /Deactivated/);
      ok(['key', 'destroy', id]);
      fails(['key', 'get', id], 4, /^keyhold: the server refused Get with Result Reason Item Not Found/m);
    });

    test('encrypt/decrypt a file with AES-GCM and AES-CBC; node:crypto decrypts the CBC file with the key from key get', () => {
      const id = ok(['key', 'create', '--alg', 'aes', '--length', '256']).trim();
      ok(['key', 'activate', id]);
      const key = Buffer.from(ok(['key', 'get', id]).trim(), 'hex');
      const plain = randomBytes(5000);
      const inFile = join(files, 'plain.bin');
      writeFileSync(inFile, plain);
      for (const mode of ['gcm', 'cbc']) {
        const enc = join(files, `plain.${mode}`);
        ok(['encrypt', '--id', id, '--mode', mode, '--in', inFile, '--out', enc]);
        const dec = join(files, `plain.${mode}.out`);
        ok(['decrypt', '--id', id, '--in', enc, '--out', dec]);
        assert.ok(readFileSync(dec).equals(plain), `${mode} round trip`);
        if (mode === 'cbc') {
          // KHE1 framing: magic, mode, IV length, IV, tag length (0), ciphertext.
          const framed = readFileSync(enc);
          const ivLength = framed[5] ?? 0;
          const iv = framed.subarray(6, 6 + ivLength);
          const d = createDecipheriv('aes-256-cbc', key, iv);
          assert.ok(Buffer.concat([d.update(framed.subarray(7 + ivLength)), d.final()]).equals(plain), 'node:crypto decrypts what PyKMIP encrypted');
        }
      }
    });

    test('key-pair create, sign a file, verify (valid, then exit 6 for a changed file); node:crypto verifies with the public key from key get', () => {
      const name = unique('cli-pair');
      const pair = JSON.parse(ok(['key-pair', 'create', '--alg', 'rsa', '--length', '2048', '--name', name, '--json'])) as { privateKeyId: string; publicKeyId: string };
      ok(['key', 'activate', pair.privateKeyId]);
      ok(['key', 'activate', pair.publicKeyId]);
      const doc = join(files, 'doc.txt');
      writeFileSync(doc, `signed by PyKMIP ${name}`);
      const sig = join(files, 'doc.sig');
      ok(['sign', '--id', pair.privateKeyId, '--in', doc, '--out', sig]);
      assert.equal(readFileSync(sig).length, 256);
      assert.match(ok(['verify', '--id', pair.publicKeyId, '--signature', sig, '--in', doc]), /^signature valid$/m);
      const pub = join(files, 'pub.der');
      ok(['key', 'get', pair.publicKeyId, '--out', pub]);
      assert.ok(verify('sha256', readFileSync(doc), createPublicKey({ key: readFileSync(pub), format: 'der', type: 'pkcs1' }), readFileSync(sig)));
      writeFileSync(doc, 'changed');
      const r = keyhold(['verify', '--id', pair.publicKeyId, '--signature', sig, '--in', doc]);
      assert.equal(r.status, 6, r.stderr);
      assert.match(r.out, /^signature invalid$/m);
    });

    test('secret put and get return the same bytes', () => {
      const secret = Buffer.from(`s3cret ${unique('pw')}`);
      const id = ok(['secret', 'put', '--name', unique('cli-secret')], secret).trim();
      assert.match(id, /^\d+$/);
      const r = keyhold(['secret', 'get', id]);
      assert.equal(r.status, 0, r.stderr);
      assert.ok(r.stdout.equals(secret));
    });

    test('key rotate needs Re-key, which PyKMIP lacks: Operation Not Supported, exit 4', () => {
      const id = ok(['key', 'create', '--alg', 'aes', '--length', '128']).trim();
      fails(['key', 'rotate', id], 4, /^keyhold: the server refused Re-key with Result Reason Operation Not Supported/m);
    });
  });
}
