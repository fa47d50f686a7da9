/**
 * The SQLite store: the conformance suite on temporary database files, then what only a
 * persistent, encrypted backend has — durability (close and reopen; a killed process), schema
 * migrations from an older database, the settings it runs with, and encryption at rest: no key
 * byte reaches the database, WAL or shared-memory files, a wrong master key is refused, and
 * altered ciphertext is an error, never garbage.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { ItemType, ObjectType, Tag } from '@keyhold/protocol';
import { AtRestCipher } from '../src/store/crypto-at-rest.js';
import { StoreError, StoreIntegrityError } from '../src/store/errors.js';
import { projectValue } from '../src/store/records.js';
import { migrate, schemaVersion, SCHEMA_VERSION, type Migration } from '../src/store/sqlite/schema.js';
import { openSqliteStore, type SqliteStore } from '../src/store/sqlite/store.js';
import type { ObjectRecord } from '../src/store/types.js';
import { attr, describeObjectStore, name, plain, record, symmetricKey, v } from './store-conformance.js';

const root = mkdtempSync(join(tmpdir(), 'keyhold-store-test-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
/** A fresh database path in its own directory. */
function freshPath(): string {
  return join(root, `db-${++counter}`, 'keyhold.sqlite');
}

describeObjectStore('sqlite', () => openSqliteStore({ path: freshPath(), masterKey: randomBytes(32) }));

const AV = Tag.AttributeValue;

function isCode(code: StoreError['code']): (err: unknown) => boolean {
  return (err) => {
    assert.ok(err instanceof StoreError, `expected a StoreError, got ${String(err)}`);
    assert.equal(err.code, code);
    return true;
  };
}

/** Runs `fn` on a raw connection to the database file (the store must be closed). */
function raw<T>(path: string, fn: (db: Database.Database) => T): T {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

async function snapshot(store: SqliteStore): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const uid of await store.find({})) out.push(plain(await store.get(uid)));
  return out;
}

describe('SQLite store: durability', () => {
  test('close and reopen: every record, revision and the creation order are there', async () => {
    const path = freshPath();
    const key = randomBytes(32);
    const store = await openSqliteStore({ path, masterKey: key });
    await store.put(record('a', { attributes: [attr('Name', name('a')), attr('x-secret-pin', v.text(AV, '0000'))] }));
    await store.put(record('b', { object: null, owner: 'bob' }));
    await store.put(record('a', { revision: 1, attributes: [attr('Name', name('a2'))] }));
    await store.transaction(async (tx) => {
      await tx.put(record('c', { object: randomBytes(100_000) }));
      await tx.remove('b');
      await tx.put(record('d', { objectType: ObjectType.Certificate }));
    });
    const before = await snapshot(store);
    await store.close();
    await store.close(); // idempotent

    const reopened = await openSqliteStore({ path, masterKey: key });
    try {
      assert.deepStrictEqual(await snapshot(reopened), before);
      assert.equal((await reopened.get('a'))?.revision, 2);
      await reopened.put(record('e'));
      assert.deepStrictEqual(await reopened.find({}), ['a', 'c', 'd', 'e']);
      assert.deepStrictEqual(await reopened.find({ attributes: [{ name: 'Name', op: 'eq', value: name('a2') }] }), ['a']);
    } finally {
      await reopened.close();
    }
  });

  test('a write is durable when its promise resolves: a process killed right after loses nothing', async () => {
    const path = freshPath();
    const key = randomBytes(32);
    const storeModule = new URL('../src/store/index.js', import.meta.url).href;
    const script = `
      import { openSqliteStore } from ${JSON.stringify(storeModule)};
      const store = await openSqliteStore({ path: process.env.KH_PATH, masterKey: Buffer.from(process.env.KH_KEY, 'hex') });
      const rec = (uid) => ({ uid, objectType: 2, owner: 'o', object: Buffer.from('key ' + uid), revision: 0,
        attributes: [{ name: 'x-n', index: 0, value: { tag: ${AV}, type: ${ItemType.TextString}, value: uid } }] });
      await store.put(rec('single'));
      await store.transaction(async (tx) => { await tx.put(rec('tx-1')); await tx.put(rec('tx-2')); });
      process.kill(process.pid, 'SIGKILL');
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, KH_PATH: path, KH_KEY: key.toString('hex') },
      encoding: 'utf8',
    });
    assert.equal(r.signal, 'SIGKILL', r.stderr);
    assert.ok(existsSync(`${path}-wal`), 'the WAL was left behind, not checkpointed');
    const store = await openSqliteStore({ path, masterKey: key });
    try {
      assert.deepStrictEqual(await store.find({}), ['single', 'tx-1', 'tx-2']);
      assert.equal(Buffer.from((await store.get('tx-2'))?.object ?? []).toString(), 'key tx-2');
    } finally {
      await store.close();
    }
  });

  test('runs in WAL mode; the database file is private (0600) in a private directory', async () => {
    const path = freshPath();
    const store = await openSqliteStore({ path, masterKey: randomBytes(32) });
    await store.put(record('a'));
    assert.ok(existsSync(`${path}-wal`));
    assert.equal(store.kind, 'sqlite');
    assert.equal(store.schemaVersion, SCHEMA_VERSION);
    await store.close();
    assert.equal(existsSync(`${path}-wal`), false, 'close checkpoints and removes the WAL');
    if (process.platform !== 'win32') {
      assert.equal(statSync(path).mode & 0o777, 0o600);
      assert.equal(statSync(join(path, '..')).mode & 0o777, 0o700);
    }
    raw(path, (db) => {
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      assert.deepStrictEqual(
        db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all(),
        Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1),
      );
    });
  });
});

/** Schema version 1 exactly as released (frozen: never update this copy). */
const SCHEMA_V1 = `
  CREATE TABLE schema_migrations (
    version    INTEGER NOT NULL PRIMARY KEY,
    name       TEXT    NOT NULL,
    applied_at TEXT    NOT NULL
  );
  INSERT INTO schema_migrations VALUES (1, 'objects and attributes', '2025-01-01T00:00:00.000Z');
  CREATE TABLE objects (
    uid         TEXT    NOT NULL PRIMARY KEY,
    seq         INTEGER NOT NULL UNIQUE,
    object_type INTEGER NOT NULL,
    owner       TEXT    NOT NULL,
    object      BLOB,
    revision    INTEGER NOT NULL CHECK (revision > 0)
  );
  CREATE INDEX objects_owner ON objects (owner, seq);
  CREATE INDEX objects_type ON objects (object_type, seq);
  CREATE TABLE attributes (
    uid        TEXT    NOT NULL REFERENCES objects (uid) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    idx        INTEGER NOT NULL CHECK (idx >= 0),
    pos        INTEGER NOT NULL,
    sealed     INTEGER NOT NULL CHECK (sealed IN (0, 1)),
    value_type INTEGER NOT NULL,
    value      BLOB    NOT NULL,
    num_value  INTEGER,
    text_value TEXT,
    key_value  BLOB,
    PRIMARY KEY (uid, name, idx)
  );
  CREATE INDEX attributes_key ON attributes (name, key_value);
  CREATE INDEX attributes_num ON attributes (name, num_value);
`;

/** A schema-1 database holding two objects written the way schema 1 stored them. */
function writeV1Database(path: string, key: Buffer): { keyBytes: Buffer } {
  const cipher = new AtRestCipher(key);
  const keyBytes = randomBytes(32);
  raw(path, (db) => {
    db.exec(SCHEMA_V1);
    const insObj = db.prepare('INSERT INTO objects VALUES (?, ?, ?, ?, ?, ?)');
    const insAttr = db.prepare('INSERT INTO attributes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    insObj.run('old-1', 1, ObjectType.SymmetricKey, 'alice', cipher.seal(symmetricKey(keyBytes), { column: 'objects.object', uid: 'old-1' }), 3);
    const n = projectValue(name('legacy'));
    insAttr.run('old-1', 'Name', 0, 0, 0, n.type, n.bytes, n.num, n.text, n.key);
    const len = projectValue(v.int(Tag.CryptographicLength, 256));
    insAttr.run('old-1', 'Cryptographic Length', 0, 1, 0, len.type, len.bytes, len.num, len.text, len.key);
    const secret = cipher.seal(projectValue(v.text(AV, 'old pin')).bytes, { column: 'attributes.value', uid: 'old-1', name: 'x-secret-pin', index: 0 });
    insAttr.run('old-1', 'x-secret-pin', 0, 2, 1, 0, secret, null, null, null);
    insObj.run('old-2', 2, ObjectType.Certificate, 'bob', null, 1);
  });
  return { keyBytes };
}

describe('SQLite store: schema migrations', () => {
  test('a schema-1 database is migrated to the current schema and its records read back', async () => {
    const path = freshPath();
    const key = randomBytes(32);
    const { keyBytes } = writeV1Database(path, key);
    raw(path, (db) => assert.equal(schemaVersion(db), 1));

    const store = await openSqliteStore({ path, masterKey: key });
    try {
      assert.deepStrictEqual(await store.find({}), ['old-1', 'old-2']);
      const old = await store.get('old-1');
      assert.equal(old?.revision, 3);
      assert.equal(Buffer.compare(Buffer.from(old?.object ?? []), symmetricKey(keyBytes)), 0);
      assert.deepStrictEqual(
        plain(old?.attributes),
        plain([attr('Name', name('legacy')), attr('Cryptographic Length', v.int(Tag.CryptographicLength, 256)), attr('x-secret-pin', v.text(AV, 'old pin'))]),
      );
      assert.deepStrictEqual(await store.find({ attributes: [{ name: 'x-secret-pin', op: 'eq', value: v.text(AV, 'old pin') }] }), ['old-1']);
      assert.equal(await store.put({ ...(old as ObjectRecord), owner: 'carol' }), 4);
      await store.put(record('new'));
      assert.deepStrictEqual(await store.find({}), ['old-1', 'old-2', 'new']);
    } finally {
      await store.close();
    }
    raw(path, (db) => {
      assert.equal(schemaVersion(db), SCHEMA_VERSION);
      assert.ok(db.prepare(`SELECT value FROM store_meta WHERE name = 'master_key_check'`).get(), 'the key check was recorded');
    });
  });

  test('migration 1 still creates exactly the frozen schema 1 (released migrations are never edited)', () => {
    const describeSchema = (db: Database.Database): unknown => {
      const objects = db.prepare(`SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name`).all() as {
        type: string;
        name: string;
      }[];
      return objects.map((o) => ({
        ...o,
        columns: o.type === 'table' ? db.pragma(`table_info(${o.name})`) : db.pragma(`index_info(${o.name})`),
        foreignKeys: o.type === 'table' ? db.pragma(`foreign_key_list(${o.name})`) : [],
      }));
    };
    const frozen = raw(freshPath(), (db) => {
      db.exec(SCHEMA_V1);
      return describeSchema(db);
    });
    const migrated = raw(freshPath(), (db) => {
      migrate(db, undefined, 1);
      return describeSchema(db);
    });
    assert.deepStrictEqual(migrated, frozen);
  });

  test('a schema-1 database with another key is refused, and nothing is recorded for that key', async () => {
    const path = freshPath();
    const key = randomBytes(32);
    writeV1Database(path, key);
    await assert.rejects(openSqliteStore({ path, masterKey: randomBytes(32) }), isCode('KEYHOLD_ERR_STORE_WRONG_KEY'));
    const store = await openSqliteStore({ path, masterKey: key });
    assert.equal((await store.get('old-1'))?.owner, 'alice');
    await store.close();
  });

  test('a failing migration is rolled back and leaves the previous version', () => {
    const path = freshPath();
    raw(path, (db) => {
      const steps: Migration[] = [
        { version: 1, name: 'one', up: (d) => d.exec('CREATE TABLE t1 (a INTEGER)') },
        {
          version: 2,
          name: 'two',
          up: (d) => {
            d.exec('CREATE TABLE t2 (a INTEGER); INSERT INTO t1 VALUES (1)');
            throw new Error('step two is broken');
          },
        },
      ];
      assert.throws(() => migrate(db, steps), (err: unknown) => {
        assert.ok(err instanceof StoreError);
        assert.equal(err.code, 'KEYHOLD_ERR_STORE_SCHEMA');
        assert.match(err.message, /Migration 2 \(two\) failed and was rolled back: step two is broken/);
        return true;
      });
      assert.equal(schemaVersion(db), 1);
      assert.equal(db.prepare(`SELECT COUNT(*) FROM sqlite_master WHERE name = 't2'`).pluck().get(), 0);
      assert.equal(db.prepare('SELECT COUNT(*) FROM t1').pluck().get(), 0);
      assert.deepStrictEqual(migrate(db, steps.slice(0, 1)), { from: 1, to: 1 });
    });
  });

  test('a database newer than this code, or not a Keyhold store, is refused', async () => {
    const newer = freshPath();
    const key = randomBytes(32);
    await (await openSqliteStore({ path: newer, masterKey: key })).close();
    raw(newer, (db) => db.prepare(`INSERT INTO schema_migrations VALUES (?, 'from the future', '2099-01-01')`).run(SCHEMA_VERSION + 1));
    await assert.rejects(openSqliteStore({ path: newer, masterKey: key }), (err: unknown) => {
      assert.ok(err instanceof StoreError && err.code === 'KEYHOLD_ERR_STORE_SCHEMA');
      assert.match(err.message, /newer than this Keyhold supports/);
      return true;
    });
    const foreign = freshPath();
    raw(foreign, (db) => db.exec('CREATE TABLE customers (id INTEGER)'));
    await assert.rejects(openSqliteStore({ path: foreign, masterKey: key }), /not a Keyhold store/);
  });
});

/** Every byte sequence that would reveal `secret`: itself, each 16-byte window, its hex. */
function needles(secret: Buffer): Buffer[] {
  const out = [secret, Buffer.from(secret.toString('hex')), Buffer.from(secret.toString('base64'))];
  for (let i = 0; i + 16 <= secret.length; i++) out.push(secret.subarray(i, i + 16));
  return out;
}

/** The database, WAL and shared-memory files that exist now, with their contents. */
function databaseFiles(path: string): { file: string; bytes: Buffer }[] {
  return [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]
    .filter((f) => existsSync(f))
    .map((file) => ({ file, bytes: readFileSync(file) }));
}

function assertAbsent(path: string, secrets: readonly Buffer[], when: string): void {
  const files = databaseFiles(path);
  for (const { file, bytes } of files) {
    for (const secret of secrets) {
      for (const needle of needles(secret)) {
        assert.equal(bytes.indexOf(needle), -1, `${when}: ${needle.length} secret bytes found in plaintext in ${file}`);
      }
    }
  }
}

function assertPresent(path: string, text: string, when: string): void {
  const found = databaseFiles(path).some(({ bytes }) => bytes.includes(Buffer.from(text, 'utf8')));
  assert.ok(found, `${when}: the plaintext "${text}" should be visible in the files (the scan must see data)`);
}

describe('SQLite store: encryption at rest', () => {
  test('THE KEY TEST: no key material or secret attribute value appears in the database, WAL or SHM files', async () => {
    const path = freshPath();
    const master = randomBytes(32);
    const keys = Array.from({ length: 6 }, () => randomBytes(32));
    const tokens = Array.from({ length: 6 }, () => randomBytes(32));
    const pins = keys.map((_, i) => Buffer.from(`pin-${randomBytes(12).toString('hex')}-${i}`));
    const store = await openSqliteStore({ path, masterKey: master });
    const rec = (i: number, revision = 0): ObjectRecord =>
      record(`key-${i}`, {
        object: symmetricKey(keys[i] as Buffer),
        revision,
        attributes: [
          attr('Name', name(`visible-name-${i}`)),
          attr('x-secret-token', v.bytes(AV, tokens[i] as Buffer)),
          attr('y-secret-pin', v.text(AV, (pins[i] as Buffer).toString())),
          attr('x-note', v.text(AV, `visible-note-${i}`)),
        ],
      });
    for (let i = 0; i < 3; i++) await store.put(rec(i));
    await store.transaction(async (tx) => {
      for (let i = 3; i < 6; i++) await tx.put(rec(i));
      await tx.put(rec(0, 1)); // re-sealed with a new nonce
    });
    assert.equal(await store.remove('key-5'), true); // secure_delete: its pages are zeroed
    // Reading back works (the ciphertext really holds the keys).
    const got = await store.get('key-2');
    assert.equal(Buffer.compare(Buffer.from(got?.object ?? []), symmetricKey(keys[2] as Buffer)), 0);
    assert.deepStrictEqual(await store.find({ attributes: [{ name: 'x-secret-token', op: 'eq', value: v.bytes(AV, tokens[4] as Buffer) }] }), [
      'key-4',
    ]);

    const secrets = [...keys, ...tokens, ...pins, master];
    assertAbsent(path, secrets, 'while open');
    assert.ok(existsSync(`${path}-wal`) && existsSync(`${path}-shm`), 'the WAL and SHM files were scanned while open');
    assertPresent(path, 'visible-name-1', 'while open');

    await store.close();
    assertAbsent(path, secrets, 'after close and checkpoint');
    assertPresent(path, 'visible-name-4', 'after close');
    assertPresent(path, 'visible-note-3', 'after close');
    assert.equal(databaseFiles(path).length, 1, 'the checkpoint folded the WAL into the database file');
  });

  test('a wrong master key is refused when the store opens', async () => {
    const path = freshPath();
    const key = randomBytes(32);
    const store = await openSqliteStore({ path, masterKey: key });
    await store.put(record('a'));
    await store.close();
    const wrong = randomBytes(32);
    await assert.rejects(openSqliteStore({ path, masterKey: wrong }), (err: unknown) => {
      assert.ok(err instanceof StoreError);
      assert.equal(err.code, 'KEYHOLD_ERR_STORE_WRONG_KEY');
      assert.match(err.message, /master key is not the one the database/);
      for (const k of [key, wrong]) {
        assert.ok(!err.message.includes(k.toString('hex')) && !err.message.includes(k.toString('base64')));
      }
      return true;
    });
    await assert.rejects(openSqliteStore({ path, masterKey: randomBytes(16) }), isCode('KEYHOLD_ERR_MASTER_KEY_INVALID'));
    const again = await openSqliteStore({ path, masterKey: key });
    assert.ok(await again.get('a'));
    await again.close();
  });

  test('a value sealed under another key fails GCM authentication with a clear error', () => {
    const a = new AtRestCipher(randomBytes(32));
    const b = new AtRestCipher(randomBytes(32));
    const ctx = { column: 'objects.object', uid: 'u' } as const;
    const sealed = a.seal(Buffer.from('key material'), ctx);
    assert.equal(a.open(sealed, ctx).toString(), 'key material');
    assert.throws(() => b.open(sealed, ctx), (err: unknown) => {
      assert.ok(err instanceof StoreIntegrityError);
      assert.equal(err.code, 'KEYHOLD_ERR_STORE_INTEGRITY');
      assert.match(err.message, /Cannot decrypt the object of "u": authentication failed/);
      return true;
    });
    assert.throws(() => a.open(sealed, { column: 'objects.object', uid: 'v' }), StoreIntegrityError, 'bound to its uid');
    assert.throws(() => a.open(sealed, { column: 'attributes.value', uid: 'u', name: 'x', index: 0 }), StoreIntegrityError, 'bound to its column');
    assert.throws(() => a.open(sealed.subarray(0, 20), ctx), StoreIntegrityError, 'truncated');
    const otherVersion = Buffer.from(sealed);
    otherVersion[0] = 2;
    assert.throws(() => a.open(otherVersion, ctx), StoreIntegrityError, 'unknown version');
    const again = a.seal(Buffer.from('key material'), ctx);
    assert.notDeepStrictEqual(again, sealed, 'a fresh nonce per seal');
  });

  test('altered or moved ciphertext in the database is an integrity error on read, never garbage', async () => {
    const path = freshPath();
    const key = randomBytes(32);
    let store = await openSqliteStore({ path, masterKey: key });
    await store.put(record('a', { object: symmetricKey(randomBytes(32)), attributes: [attr('x-secret-pin', v.text(AV, 'a-pin'))] }));
    await store.put(record('b', { object: symmetricKey(randomBytes(32)), attributes: [attr('x-secret-pin', v.text(AV, 'b-pin'))] }));
    await store.put(record('c', { object: symmetricKey(randomBytes(32)) }));
    await store.close();
    raw(path, (db) => {
      // a: one flipped ciphertext bit; b and c: object ciphertexts swapped between rows.
      const obj = db.prepare(`SELECT object FROM objects WHERE uid = 'a'`).pluck().get() as Buffer;
      obj[obj.length - 20] = (obj[obj.length - 20] as number) ^ 1;
      db.prepare(`UPDATE objects SET object = ? WHERE uid = 'a'`).run(obj);
      const b = db.prepare(`SELECT object FROM objects WHERE uid = 'b'`).pluck().get() as Buffer;
      const c = db.prepare(`SELECT object FROM objects WHERE uid = 'c'`).pluck().get() as Buffer;
      db.prepare(`UPDATE objects SET object = ? WHERE uid = 'b'`).run(c);
      db.prepare(`UPDATE objects SET object = ? WHERE uid = 'c'`).run(b);
    });
    store = await openSqliteStore({ path, masterKey: key });
    try {
      for (const uid of ['a', 'b', 'c']) {
        await assert.rejects(store.get(uid), (err: unknown) => {
          assert.ok(err instanceof StoreIntegrityError, String(err));
          assert.match(err.message, new RegExp(`the object of "${uid}"`));
          return true;
        });
      }
    } finally {
      await store.close();
    }
    raw(path, (db) => {
      const v1 = db.prepare(`SELECT value FROM attributes WHERE uid = 'a' AND name = 'x-secret-pin'`).pluck().get() as Buffer;
      db.prepare(`UPDATE attributes SET value = ? WHERE uid = 'b' AND name = 'x-secret-pin'`).run(v1);
    });
    store = await openSqliteStore({ path, masterKey: key });
    try {
      await assert.rejects(
        store.find({ attributes: [{ name: 'x-secret-pin', op: 'eq', value: v.text(AV, 'a-pin') }] }),
        StoreIntegrityError,
        'a search over a moved secret value fails rather than matching',
      );
    } finally {
      await store.close();
    }
  });

  test('changing the sensitive attribute policy re-seals and un-seals stored values on open', async () => {
    const path = freshPath();
    const key = randomBytes(32);
    const attributes = [attr('x-secret-pin', v.text(AV, 'was-secret-pin')), attr('x-label', v.text(AV, 'now-secret-label'))];
    let store = await openSqliteStore({ path, masterKey: key });
    await store.put(record('a', { attributes }));
    await store.close();
    const sealedOf = (): Record<string, number> =>
      raw(path, (db) =>
        Object.fromEntries(
          (db.prepare(`SELECT name, sealed FROM attributes WHERE uid = 'a'`).all() as { name: string; sealed: number }[]).map((r) => [r.name, r.sealed]),
        ),
      );
    assert.deepStrictEqual(sealedOf(), { 'x-secret-pin': 1, 'x-label': 0 });
    assertPresent(path, 'now-secret-label', 'default policy');

    store = await openSqliteStore({ path, masterKey: key, sensitiveAttributes: { names: ['x-label'] } });
    assert.deepStrictEqual(plain((await store.get('a'))?.attributes), plain(attributes));
    for (const [n, value] of [
      ['x-label', 'now-secret-label'],
      ['x-secret-pin', 'was-secret-pin'],
    ] as const) {
      assert.deepStrictEqual(await store.find({ attributes: [{ name: n, op: 'eq', value: v.text(AV, value) }] }), ['a']);
    }
    await store.close();
    assert.deepStrictEqual(sealedOf(), { 'x-secret-pin': 0, 'x-label': 1 });
    assertAbsent(path, [Buffer.from('now-secret-label')], 'after re-sealing');
  });
});

describe('SQLite store: options', () => {
  test('an in-memory path is refused (MemoryStore is the in-memory store)', async () => {
    await assert.rejects(openSqliteStore({ path: ':memory:', masterKey: randomBytes(32) }), isCode('KEYHOLD_ERR_STORE_INVALID'));
  });

});
