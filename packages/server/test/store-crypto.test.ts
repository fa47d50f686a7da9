/**
 * Encryption at rest, store side: the master key (environment, key file, creation, permission
 * checks), the sensitive-attribute policy and the sealed value format. No error message may
 * contain key bytes.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AtRestCipher, DEFAULT_SENSITIVE_ATTRIBUTES, SEALED_VERSION, SensitiveAttributes } from '../src/store/crypto-at-rest.js';
import { StoreError, type StoreErrorCode } from '../src/store/errors.js';
import { loadOrCreateMasterKey, MASTER_KEY_ENV, parseMasterKey } from '../src/store/master-key.js';
import { openSqliteStore } from '../src/store/sqlite/store.js';
import { record } from './store-conformance.js';

const root = mkdtempSync(join(tmpdir(), 'keyhold-key-test-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
function freshDir(): string {
  return join(root, `d-${++n}`);
}
const posix = process.platform !== 'win32';

function rejectsWith(code: StoreErrorCode, ...mustNotContain: string[]): (err: unknown) => boolean {
  return (err) => {
    assert.ok(err instanceof StoreError, `expected a StoreError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    for (const s of mustNotContain) assert.ok(!err.message.includes(s), `the message reveals "${s}": ${err.message}`);
    return true;
  };
}

describe('parseMasterKey', () => {
  const key = randomBytes(32);
  test('accepts 64 hex digits (either case), base64 and base64url, with surrounding whitespace', () => {
    for (const text of [
      key.toString('hex'),
      key.toString('hex').toUpperCase(),
      key.toString('base64'),
      key.toString('base64').replace(/=$/, ''),
      key.toString('base64url'),
      `  ${key.toString('hex')}\n`,
    ]) {
      assert.equal(Buffer.compare(parseMasterKey(text, 'test'), key), 0, text);
    }
  });

  test('refuses anything else without quoting it', () => {
    const secretish = key.toString('hex');
    for (const text of [secretish.slice(0, 62), `${secretish}00`, `zz${secretish.slice(2)}`, key.subarray(0, 31).toString('base64'), '', 'password']) {
      assert.throws(() => parseMasterKey(text, MASTER_KEY_ENV), rejectsWith('KEYHOLD_ERR_MASTER_KEY_INVALID', secretish.slice(0, 16), text.slice(0, 8) || '\u0000'));
    }
    assert.throws(() => parseMasterKey('x'.repeat(10), MASTER_KEY_ENV), /KEYHOLD_MASTER_KEY is not a 256-bit key: .* \(got 10 characters\)/);
  });
});

describe('loadOrCreateMasterKey', () => {
  test('KEYHOLD_MASTER_KEY wins over the key file, which is then neither read nor created', async () => {
    const key = randomBytes(32);
    const dir = freshDir();
    const got = await loadOrCreateMasterKey({ dataDir: dir, env: { [MASTER_KEY_ENV]: key.toString('base64') } });
    assert.equal(Buffer.compare(got.key, key), 0);
    assert.equal(got.source, 'env');
    assert.equal(got.created, false);
    assert.throws(() => statSync(join(dir, 'master.key')), /ENOENT/);
  });

  test('a bad KEYHOLD_MASTER_KEY is an error, not a fallback to the file', async () => {
    await assert.rejects(
      loadOrCreateMasterKey({ dataDir: freshDir(), env: { [MASTER_KEY_ENV]: 'not-a-key-at-all' } }),
      rejectsWith('KEYHOLD_ERR_MASTER_KEY_INVALID', 'not-a-key'),
    );
  });

  test('first start creates <dataDir>/master.key (mode 0600, private directory); later starts read it', async () => {
    const dir = freshDir();
    const first = await loadOrCreateMasterKey({ dataDir: dir, env: { [MASTER_KEY_ENV]: '' } });
    assert.equal(first.created, true);
    assert.equal(first.source, 'file');
    assert.equal(first.file, join(dir, 'master.key'));
    assert.equal(first.key.length, 32);
    assert.equal(readFileSync(join(dir, 'master.key'), 'latin1'), `${first.key.toString('hex')}\n`);
    if (posix) {
      assert.equal(statSync(join(dir, 'master.key')).mode & 0o777, 0o600);
      assert.equal(statSync(dir).mode & 0o777, 0o700);
    }
    const second = await loadOrCreateMasterKey({ dataDir: dir, env: {} });
    assert.equal(second.created, false);
    assert.equal(Buffer.compare(second.key, first.key), 0);
  });

  test('concurrent first starts agree on one key', async () => {
    const file = join(freshDir(), 'keys', 'master.key');
    const results = await Promise.all(Array.from({ length: 6 }, () => loadOrCreateMasterKey({ file, env: {} })));
    assert.equal(results.filter((r) => r.created).length, 1);
    for (const r of results) assert.equal(Buffer.compare(r.key, results[0]?.key ?? Buffer.alloc(0)), 0);
  });

  test('a key file readable or writable by group or others is refused with a clear error', { skip: !posix }, async () => {
    const dir = freshDir();
    const { key, file } = await loadOrCreateMasterKey({ dataDir: dir, env: {} });
    assert.ok(file);
    for (const mode of [0o644, 0o640, 0o604, 0o620, 0o602, 0o660]) {
      chmodSync(file, mode);
      await assert.rejects(loadOrCreateMasterKey({ dataDir: dir, env: {} }), (err: unknown) => {
        rejectsWith('KEYHOLD_ERR_MASTER_KEY_PERMISSIONS', key.toString('hex'), key.toString('base64'))(err);
        assert.match((err as Error).message, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is accessible by group or others \\(mode 0${mode.toString(8)}\\)`));
        assert.match((err as Error).message, /chmod 600/);
        return true;
      });
      assert.equal(Buffer.compare(readFileSync(file).subarray(0, 64), Buffer.from(key.toString('hex'))), 0, 'the file is left alone');
    }
    chmodSync(file, 0o400);
    assert.equal(Buffer.compare((await loadOrCreateMasterKey({ dataDir: dir, env: {} })).key, key), 0, 'read-only for the owner is fine');
  });

  test('a key file may hold the 32 raw bytes, or base64', async () => {
    const key = randomBytes(32);
    const dir = freshDir();
    mkdirSync(dir);
    const file = join(dir, 'raw.key');
    writeFileSync(file, key, { mode: 0o600 });
    assert.equal(Buffer.compare((await loadOrCreateMasterKey({ file, env: {} })).key, key), 0);
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600 });
    assert.equal(Buffer.compare((await loadOrCreateMasterKey({ file, env: {} })).key, key), 0);
  });

  test('a key file with anything else is refused without quoting it', async () => {
    const dir = freshDir();
    mkdirSync(dir);
    const file = join(dir, 'bad.key');
    writeFileSync(file, 'hunter2-correct-horse-battery\n', { mode: 0o600 });
    await assert.rejects(loadOrCreateMasterKey({ file, env: {} }), rejectsWith('KEYHOLD_ERR_MASTER_KEY_INVALID', 'hunter2'));
    await assert.rejects(loadOrCreateMasterKey({ file: dir, env: {} }), rejectsWith('KEYHOLD_ERR_MASTER_KEY_PERMISSIONS'));
  });

  test('no source at all is KEYHOLD_ERR_MASTER_KEY_MISSING', async () => {
    await assert.rejects(loadOrCreateMasterKey({ env: {} }), rejectsWith('KEYHOLD_ERR_MASTER_KEY_MISSING'));
    await assert.rejects(loadOrCreateMasterKey({ dataDir: freshDir(), env: {}, create: false }), rejectsWith('KEYHOLD_ERR_MASTER_KEY_MISSING'));
  });

  test('the key file opens the same store across restarts', async () => {
    const dir = freshDir();
    const path = join(dir, 'keyhold.sqlite');
    let store = await openSqliteStore({ path, masterKey: (await loadOrCreateMasterKey({ dataDir: dir, env: {} })).key });
    await store.put(record('k'));
    await store.close();
    store = await openSqliteStore({ path, masterKey: (await loadOrCreateMasterKey({ dataDir: dir, env: {} })).key });
    assert.ok(await store.get('k'));
    await store.close();
  });
});

describe('sensitive attributes', () => {
  test('default: custom attributes named x-secret-* and y-secret-*, no standard attribute', () => {
    const s = new SensitiveAttributes();
    for (const name of ['x-secret-pin', 'y-secret-token', 'x-secret-']) assert.equal(s.has(name), true, name);
    for (const name of ['Name', 'Cryptographic Algorithm', 'Digest', 'Link', 'x-secretive', 'X-SECRET-pin', 'x-pin', 'secret'])
      assert.equal(s.has(name), false, name);
    assert.deepStrictEqual(DEFAULT_SENSITIVE_ATTRIBUTES.prefixes, ['x-secret-', 'y-secret-']);
  });

  test('a policy lists exact names and prefixes; its fingerprint ignores order', () => {
    const s = new SensitiveAttributes({ names: ['Contact Information'], prefixes: ['x-pii-'] });
    assert.equal(s.has('Contact Information'), true);
    assert.equal(s.has('x-pii-email'), true);
    assert.equal(s.has('x-secret-pin'), false);
    assert.equal(
      new SensitiveAttributes({ names: ['b', 'a'], prefixes: ['q', 'p'] }).fingerprint(),
      new SensitiveAttributes({ names: ['a', 'b'], prefixes: ['p', 'q'] }).fingerprint(),
    );
    assert.throws(() => new SensitiveAttributes({ prefixes: [''] }), rejectsWith('KEYHOLD_ERR_STORE_INVALID'));
  });
});

describe('sealed value format', () => {
  test('version byte, 12-byte nonce, ciphertext as long as the plaintext, 16-byte tag', () => {
    const cipher = new AtRestCipher(randomBytes(32));
    const plaintext = randomBytes(100);
    const sealed = cipher.seal(plaintext, { column: 'objects.object', uid: 'u' });
    assert.equal(sealed[0], SEALED_VERSION);
    assert.equal(sealed.length, 1 + 12 + 100 + 16);
    assert.equal(sealed.indexOf(plaintext.subarray(0, 16)), -1);
    assert.equal(cipher.keyCheck.length, 32);
    assert.throws(() => new AtRestCipher(randomBytes(31)), rejectsWith('KEYHOLD_ERR_MASTER_KEY_INVALID'));
  });

  test('the key check identifies the key without being it', () => {
    const key = randomBytes(32);
    const a = new AtRestCipher(key);
    assert.equal(Buffer.compare(a.keyCheck, new AtRestCipher(key).keyCheck), 0);
    assert.notEqual(Buffer.compare(a.keyCheck, new AtRestCipher(randomBytes(32)).keyCheck), 0);
    assert.notEqual(Buffer.compare(a.keyCheck, key), 0);
  });
});
