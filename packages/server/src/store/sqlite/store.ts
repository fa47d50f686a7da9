/**
 * SQLite {@link ObjectStore} (better-sqlite3), encrypted at rest.
 *
 * Connections: one writer, used by every write and by everything inside a transaction, and one
 * read-only reader for reads on the store outside transactions — in WAL mode those see the last
 * committed state and never wait for a running transaction (nor see its writes).
 *
 * Settings: `journal_mode=WAL`, `synchronous=FULL` (a transaction is on disk when COMMIT returns,
 * which is before the promise of `transaction()` or of a single write resolves),
 * `foreign_keys=ON` (attributes go with their object), `secure_delete=ON` (freed pages are
 * zeroed, so the ciphertext of destroyed key material does not linger in the file),
 * `trusted_schema=OFF`, `temp_store=MEMORY` (no temporary files), a busy timeout for other
 * processes.
 *
 * Transactions: `transaction(fn)` is serialised by the scope mutex (scope.ts) and runs
 * `BEGIN IMMEDIATE` … `COMMIT` (`ROLLBACK` when `fn` throws) on the writer; nested transactions
 * are savepoints. Each store call inside is itself a savepoint, so a call that fails (a conflict)
 * leaves no partial write behind. Writes outside transactions are one `BEGIN IMMEDIATE` … `COMMIT`
 * each.
 *
 * Searching: `find` and `count` are one SQL query, ordered by creation sequence, with offset and
 * limit in SQL. Each attribute condition is a semi-join on `attributes`:
 *
 * * `eq`: `o.uid IN (SELECT a.uid FROM attributes a WHERE a.name = ? AND a.key_value = ?)`, an
 *   index lookup on (name, key_value) for any value type, structures included;
 * * `ge` / `le`: the same over (name, num_value) —
 *   `o.uid IN (SELECT a.uid … AND a.num_value >= ?)` — or, when an `eq` condition is there to
 *   drive the query, a correlated `EXISTS (SELECT 1 … WHERE a.uid = o.uid …)` probe by primary
 *   key for each candidate.
 *
 * Why not correlated EXISTS everywhere: without planner statistics SQLite evaluates it for every
 * object in creation order and, for a range, picks the (name, num_value) index inside the probe —
 * a query with a date range over 5,000 objects took 3.4 s (quadratic). The IN forms are evaluated
 * once and cost at most the size of the matching set (measured at 100,000 objects: selective
 * conditions < 1 ms, a range matching everything ≈ 100 ms). Both forms are plain SQL a
 * PostgreSQL backend can use as they are.
 *
 * Conditions on sensitive (encrypted) attributes cannot be evaluated by SQL: the query narrows
 * to objects that have the attribute, and the condition is checked after decryption (offset and
 * limit are then applied in code).
 */
import { timingSafeEqual } from 'node:crypto';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import {
  AtRestCipher,
  SensitiveAttributes,
  assertMasterKey,
  type SealContext,
  type SensitiveAttributePolicy,
} from '../crypto-at-rest.js';
import { StoreConflictError, StoreError, StoreIntegrityError } from '../errors.js';
import {
  checkUid,
  decodeValue,
  matchesCondition,
  page,
  prepareFilter,
  prepareRecord,
  projectValue,
  type PreparedCondition,
  type PreparedFilter,
  type PreparedRecord,
} from '../records.js';
import { Scope, type ScopeHooks } from '../scope.js';
import type { ObjectFilter, ObjectRecord, ObjectStore, StoreTransaction } from '../types.js';
import { migrate, SCHEMA_VERSION } from './schema.js';

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /** Database file; created (mode 0600, directory 0700) when missing. */
  readonly path: string;
  /** The 32-byte master key (see loadOrCreateMasterKey). The store keeps only keys derived from it. */
  readonly masterKey: Uint8Array;
  /** Attribute values encrypted at rest; default: custom attributes `x-secret-*` and `y-secret-*`. */
  readonly sensitiveAttributes?: SensitiveAttributePolicy;
  /** How long to wait for a lock held by another process, in ms (default 5000). */
  readonly busyTimeoutMs?: number;
}

const META_KEY_CHECK = 'master_key_check';
const META_POLICY = 'sensitive_attributes';
/** Run `PRAGMA optimize` (refresh planner statistics) after this many committed writes. */
const OPTIMIZE_EVERY = 1000;
const FIND_CACHE_SIZE = 128;

interface ObjectRow {
  object_type: number;
  owner: string;
  object: Buffer | null;
  revision: number;
}
interface AttributeRow {
  name: string;
  idx: number;
  sealed: number;
  value: Buffer;
}

/** Prepared statements of one connection. */
class Statements {
  readonly object: BetterSqlite3.Statement<[string], ObjectRow>;
  readonly attributes: BetterSqlite3.Statement<[string], AttributeRow>;
  readonly attributesNamed: BetterSqlite3.Statement<[string, string], AttributeRow>;
  private readonly cache = new Map<string, BetterSqlite3.Statement>();

  constructor(readonly db: BetterSqlite3.Database) {
    this.object = db.prepare('SELECT object_type, owner, object, revision FROM objects WHERE uid = ?');
    this.attributes = db.prepare('SELECT name, idx, sealed, value FROM attributes WHERE uid = ? ORDER BY pos');
    this.attributesNamed = db.prepare('SELECT name, idx, sealed, value FROM attributes WHERE uid = ? AND name = ? ORDER BY pos');
  }

  /** A statement for generated SQL, cached (find queries differ only by their conditions). */
  prepared(sql: string): BetterSqlite3.Statement {
    let st = this.cache.get(sql);
    if (st === undefined) {
      st = this.db.prepare(sql);
      if (this.cache.size >= FIND_CACHE_SIZE) {
        const oldest = this.cache.keys().next();
        if (oldest.done !== true) this.cache.delete(oldest.value);
      }
      this.cache.set(sql, st);
    }
    return st;
  }
}

/** Write statements (writer connection only). */
class WriteStatements {
  readonly revision: BetterSqlite3.Statement<[string], { revision: number }>;
  readonly insertObject: BetterSqlite3.Statement<[string, number, string, Buffer | null]>;
  readonly updateObject: BetterSqlite3.Statement<[number, string, Buffer | null, number, string]>;
  readonly deleteAttributes: BetterSqlite3.Statement<[string]>;
  readonly insertAttribute: BetterSqlite3.Statement<
    [string, string, number, number, number, number, Buffer, bigint | null, string | null, Buffer | null]
  >;
  readonly deleteObject: BetterSqlite3.Statement<[string]>;

  constructor(db: BetterSqlite3.Database) {
    this.revision = db.prepare('SELECT revision FROM objects WHERE uid = ?');
    this.insertObject = db.prepare(
      `INSERT INTO objects (uid, seq, object_type, owner, object, revision)
       VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM objects), ?, ?, ?, 1)`,
    );
    this.updateObject = db.prepare('UPDATE objects SET object_type = ?, owner = ?, object = ?, revision = ? WHERE uid = ?');
    this.deleteAttributes = db.prepare('DELETE FROM attributes WHERE uid = ?');
    this.insertAttribute = db.prepare(
      `INSERT INTO attributes (uid, name, idx, pos, sealed, value_type, value, num_value, text_value, key_value)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.deleteObject = db.prepare('DELETE FROM objects WHERE uid = ?');
  }
}

function objectContext(uid: string): SealContext {
  return { column: 'objects.object', uid };
}
function attributeContext(uid: string, name: string, index: number): SealContext {
  return { column: 'attributes.value', uid, name, index };
}

/** The pieces of an open SQLite store, as {@link openSqliteStore} assembles them. */
interface SqliteParts {
  readonly path: string;
  readonly writer: BetterSqlite3.Database;
  readonly reader: BetterSqlite3.Database;
  readonly cipher: AtRestCipher;
  readonly sensitive: SensitiveAttributes;
}

/** The SQLite object store. Create it with {@link openSqliteStore}. */
export class SqliteStore implements ObjectStore {
  readonly kind = 'sqlite';
  /** The database file. */
  readonly path: string;
  /** The schema version of the open database. */
  readonly schemaVersion = SCHEMA_VERSION;
  private readonly writer: BetterSqlite3.Database;
  private readonly reader: BetterSqlite3.Database;
  private readonly cipher: AtRestCipher;
  private readonly sensitive: SensitiveAttributes;
  private readonly root = new Scope();
  private readonly handle: SqliteHandle;
  private readonly readStatements: Statements;
  private readonly txStatements: Statements;
  private readonly write: WriteStatements;
  private readonly putTx: (p: PreparedRecord) => number;
  private readonly removeTx: (uid: string) => boolean;
  private readonly readTx: <T>(op: () => T) => T;
  private writesSinceOptimize = 0;
  private closed = false;

  /** @internal Use {@link openSqliteStore}. */
  constructor(parts: SqliteParts) {
    this.path = parts.path;
    this.writer = parts.writer;
    this.reader = parts.reader;
    this.cipher = parts.cipher;
    this.sensitive = parts.sensitive;
    this.readStatements = new Statements(this.reader);
    this.txStatements = new Statements(this.writer);
    this.write = new WriteStatements(this.writer);
    this.putTx = this.writer.transaction((p: PreparedRecord) => this.putOn(p)).immediate;
    this.removeTx = this.writer.transaction((uid: string) => this.write.deleteObject.run(uid).changes > 0).immediate;
    const deferred = this.reader.transaction((op: () => unknown) => op()).deferred;
    this.readTx = <T>(op: () => T): T => deferred(op) as T;
    this.handle = new SqliteHandle(this, this.root);
  }

  get(uid: string): Promise<ObjectRecord | undefined> {
    return this.handle.get(uid);
  }
  put(record: ObjectRecord): Promise<number> {
    return this.handle.put(record);
  }
  remove(uid: string): Promise<boolean> {
    return this.handle.remove(uid);
  }
  find(filter: ObjectFilter): Promise<string[]> {
    return this.handle.find(filter);
  }
  count(filter: ObjectFilter): Promise<number> {
    return this.handle.count(filter);
  }
  transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    return this.handle.transaction(fn);
  }

  /**
   * Waits for running and queued transactions, refreshes the planner statistics, checkpoints the
   * WAL into the database file and closes both connections (SQLite then removes the -wal and
   * -shm files).
   */
  async close(): Promise<void> {
    await this.root.close();
    if (this.closed) return;
    this.closed = true;
    try {
      this.writer.pragma('optimize');
    } catch {}
    this.reader.close();
    try {
      this.writer.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.writer.close();
    }
  }

  /** @internal Begin / commit / rollback of (nested) transactions on the writer. */
  readonly scopeHooks: ScopeHooks = {
    begin: (depth) => {
      this.writer.exec(depth === 1 ? 'BEGIN IMMEDIATE' : `SAVEPOINT keyhold_tx_${depth}`);
    },
    commit: (depth) => {
      if (!this.writer.inTransaction) throw aborted();
      if (depth === 1) {
        this.writer.exec('COMMIT');
        this.committed();
      } else {
        this.writer.exec(`RELEASE keyhold_tx_${depth}`);
      }
    },
    rollback: (depth) => {
      if (!this.writer.inTransaction) return; // SQLite already rolled it back
      this.writer.exec(depth === 1 ? 'ROLLBACK' : `ROLLBACK TO keyhold_tx_${depth}; RELEASE keyhold_tx_${depth}`);
    },
  };

  private committed(): void {
    if (++this.writesSinceOptimize < OPTIMIZE_EVERY) return;
    this.writesSinceOptimize = 0;
    try {
      this.writer.pragma('optimize');
    } catch {}
  }

  // ---- operations; `depth` 0 is the store itself (reader for reads), ≥ 1 a transaction ----

  /** @internal */
  readOp<T>(depth: number, op: (st: Statements) => T): T {
    if (depth === 0) return this.readTx(() => op(this.readStatements));
    if (!this.writer.inTransaction) throw aborted();
    return op(this.txStatements);
  }

  /** @internal */
  putOp(depth: number, record: ObjectRecord): number {
    const p = prepareRecord(record);
    if (depth > 0 && !this.writer.inTransaction) throw aborted();
    const revision = this.putTx(p);
    if (depth === 0) this.committed();
    return revision;
  }

  /** @internal */
  removeOp(depth: number, uid: string): boolean {
    checkUid(uid);
    if (depth > 0 && !this.writer.inTransaction) throw aborted();
    const removed = this.removeTx(uid);
    if (depth === 0) this.committed();
    return removed;
  }

  private putOn(p: PreparedRecord): number {
    const row = this.write.revision.get(p.uid);
    if (p.revision === 0 ? row !== undefined : row?.revision !== p.revision) {
      throw new StoreConflictError(p.uid, p.revision, row?.revision);
    }
    const object = p.object === null ? null : this.cipher.seal(p.object, objectContext(p.uid));
    const revision = p.revision + 1;
    if (p.revision === 0) {
      this.write.insertObject.run(p.uid, p.objectType, p.owner, object);
    } else {
      this.write.updateObject.run(p.objectType, p.owner, object, revision, p.uid);
      this.write.deleteAttributes.run(p.uid);
    }
    p.attributes.forEach((a, pos) => {
      if (this.sensitive.has(a.name)) {
        const sealed = this.cipher.seal(a.bytes, attributeContext(p.uid, a.name, a.index));
        this.write.insertAttribute.run(p.uid, a.name, a.index, pos, 1, 0, sealed, null, null, null);
      } else {
        this.write.insertAttribute.run(p.uid, a.name, a.index, pos, 0, a.type, a.bytes, a.num, a.text, a.key);
      }
    });
    return revision;
  }

  /** @internal */
  getOn(st: Statements, uid: string): ObjectRecord | undefined {
    checkUid(uid);
    const row = st.object.get(uid);
    if (row === undefined) return undefined;
    const attributes = st.attributes.all(uid).map((a) => ({ name: a.name, index: a.idx, value: this.decodeAttribute(uid, a) }));
    return {
      uid,
      objectType: row.object_type,
      owner: row.owner,
      object: row.object === null ? null : this.cipher.open(row.object, objectContext(uid)),
      attributes,
      revision: row.revision,
    };
  }

  private attributeBytes(uid: string, a: AttributeRow): Buffer {
    return a.sealed === 1 ? this.cipher.open(a.value, attributeContext(uid, a.name, a.idx)) : a.value;
  }

  private decodeAttribute(uid: string, a: AttributeRow): ReturnType<typeof decodeValue> {
    const bytes = this.attributeBytes(uid, a);
    if (a.sealed !== 1) return decodeValue(bytes, false);
    try {
      return decodeValue(bytes, true);
    } finally {
      bytes.fill(0);
    }
  }

  /**
   * The SQL of a filter. Conditions on sensitive attributes only narrow the query to objects that
   * have the attribute; they are returned as `post` for evaluation after decryption.
   */
  private query(f: PreparedFilter): { where: string; params: unknown[]; post: PreparedCondition[]; empty: boolean } {
    const where: string[] = [];
    const params: unknown[] = [];
    const post: PreparedCondition[] = [];
    if (f.owner !== undefined) {
      where.push('o.owner = ?');
      params.push(f.owner);
    }
    if (f.objectTypes !== undefined) {
      if (f.objectTypes.length === 0) return { where: '', params, post, empty: true };
      where.push(`o.object_type IN (${f.objectTypes.map(() => '?').join(', ')})`);
      params.push(...f.objectTypes);
    }
    if (f.hasObject !== undefined) where.push(f.hasObject ? 'o.object IS NOT NULL' : 'o.object IS NULL');
    // With an indexed eq condition to drive the query, ranges are checked per candidate.
    const probeRanges = f.conditions.some((c) => c.op === 'eq' && !this.sensitive.has(c.name));
    for (const c of f.conditions) {
      if (this.sensitive.has(c.name)) {
        where.push('o.uid IN (SELECT a.uid FROM attributes a WHERE a.name = ?)');
        params.push(c.name);
        post.push(c);
      } else if (c.op === 'eq') {
        where.push('o.uid IN (SELECT a.uid FROM attributes a WHERE a.name = ? AND a.key_value = ?)');
        params.push(c.name, c.key);
      } else if (probeRanges) {
        // `+` keeps the (name, num_value) index out: the probe is a primary-key lookup (uid, name).
        where.push(
          `EXISTS (SELECT 1 FROM attributes a WHERE a.uid = o.uid AND a.name = ? AND a.value_type = ? AND +a.num_value ${c.op === 'ge' ? '>=' : '<='} ?)`,
        );
        params.push(c.name, c.type, c.num);
      } else {
        where.push(
          `o.uid IN (SELECT a.uid FROM attributes a WHERE a.name = ? AND a.value_type = ? AND a.num_value ${c.op === 'ge' ? '>=' : '<='} ?)`,
        );
        params.push(c.name, c.type, c.num);
      }
    }
    return { where: where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`, params, post, empty: false };
  }

  /** True when every post condition holds for `uid` (values decrypted and projected). */
  private postMatch(st: Statements, uid: string, post: readonly PreparedCondition[]): boolean {
    const byName = new Map<string, { type: number; key: Buffer; num: bigint | null }[]>();
    return post.every((c) => {
      let values = byName.get(c.name);
      if (values === undefined) {
        values = st.attributesNamed.all(uid, c.name).map((a) => {
          const bytes = this.attributeBytes(uid, a);
          try {
            const p = projectValue(decodeValue(bytes, false), bytes);
            return { type: p.type, key: p.key, num: p.num };
          } finally {
            if (a.sealed === 1) bytes.fill(0);
          }
        });
        byName.set(c.name, values);
      }
      return values.some((v) => matchesCondition(v, c));
    });
  }

  /** @internal */
  findOn(st: Statements, filter: ObjectFilter): string[] {
    const f = prepareFilter(filter);
    const q = this.query(f);
    if (q.empty) return [];
    const base = `SELECT o.uid FROM objects o${q.where} ORDER BY o.seq`;
    if (q.post.length === 0) {
      return st.prepared(`${base} LIMIT ? OFFSET ?`).pluck().all(...q.params, f.limit ?? -1, f.offset) as string[];
    }
    const candidates = st.prepared(base).pluck().all(...q.params) as string[];
    return page(candidates.filter((uid) => this.postMatch(st, uid, q.post)), f);
  }

  /** @internal */
  countOn(st: Statements, filter: ObjectFilter): number {
    const f = prepareFilter(filter);
    const q = this.query(f);
    if (q.empty) return 0;
    if (q.post.length === 0) {
      return st.prepared(`SELECT COUNT(*) FROM objects o${q.where}`).pluck().get(...q.params) as number;
    }
    const candidates = st.prepared(`SELECT o.uid FROM objects o${q.where} ORDER BY o.seq`).pluck().all(...q.params) as string[];
    return candidates.filter((uid) => this.postMatch(st, uid, q.post)).length;
  }
}

function aborted(): StoreError {
  return new StoreError(
    'KEYHOLD_ERR_STORE_ABORTED',
    'The database aborted the transaction after an error (its writes were rolled back); start a new transaction',
  );
}

/** The store or one transaction of it, bound to its scope. */
class SqliteHandle implements StoreTransaction {
  constructor(
    private readonly store: SqliteStore,
    private readonly scope: Scope,
  ) {}

  /** Reads on the store use the reader (committed state, no waiting); in a transaction, the writer. */
  private read<T>(op: (st: Statements) => T): Promise<T> {
    const depth = this.scope.depth;
    if (depth > 0) return this.scope.run(() => this.store.readOp(depth, op));
    try {
      this.scope.assertUsable(false);
      return Promise.resolve(this.store.readOp(0, op));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  get(uid: string): Promise<ObjectRecord | undefined> {
    return this.read((st) => this.store.getOn(st, uid));
  }

  put(record: ObjectRecord): Promise<number> {
    return this.scope.run(() => this.store.putOp(this.scope.depth, record));
  }

  remove(uid: string): Promise<boolean> {
    return this.scope.run(() => this.store.removeOp(this.scope.depth, uid));
  }

  find(filter: ObjectFilter): Promise<string[]> {
    return this.read((st) => this.store.findOn(st, filter));
  }

  count(filter: ObjectFilter): Promise<number> {
    return this.read((st) => this.store.countOn(st, filter));
  }

  transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    return this.scope.transaction(this.store.scopeHooks, (scope) => new SqliteHandle(this.store, scope), fn);
  }
}

function readMeta(db: BetterSqlite3.Database, name: string): Buffer | undefined {
  const row = db.prepare('SELECT value FROM store_meta WHERE name = ?').get(name) as { value: Buffer | string } | undefined;
  if (row === undefined) return undefined;
  return Buffer.isBuffer(row.value) ? row.value : Buffer.from(row.value, 'utf8');
}

function writeMeta(db: BetterSqlite3.Database, name: string, value: Buffer): void {
  db.prepare('INSERT INTO store_meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value').run(name, value);
}

/**
 * Checks the master key against the database's key check; a database without one (new, or
 * written before schema 2) gets one — after one sealed value, if there is any, was verified.
 */
function verifyMasterKey(db: BetterSqlite3.Database, cipher: AtRestCipher, path: string): void {
  const wrongKey = (): StoreError =>
    new StoreError(
      'KEYHOLD_ERR_STORE_WRONG_KEY',
      `The master key is not the one the database ${path} was created with (key check failed); refusing to open it`,
    );
  const check = readMeta(db, META_KEY_CHECK);
  if (check !== undefined) {
    if (check.length !== cipher.keyCheck.length || !timingSafeEqual(check, cipher.keyCheck)) throw wrongKey();
    return;
  }
  try {
    const obj = db.prepare('SELECT uid, object FROM objects WHERE object IS NOT NULL LIMIT 1').get() as { uid: string; object: Buffer } | undefined;
    if (obj !== undefined) cipher.open(obj.object, objectContext(obj.uid)).fill(0);
    const attr = db.prepare('SELECT uid, name, idx, value FROM attributes WHERE sealed = 1 LIMIT 1').get() as
      | { uid: string; name: string; idx: number; value: Buffer }
      | undefined;
    if (attr !== undefined) cipher.open(attr.value, attributeContext(attr.uid, attr.name, attr.idx)).fill(0);
  } catch (err) {
    if (err instanceof StoreIntegrityError) throw wrongKey();
    throw err;
  }
  writeMeta(db, META_KEY_CHECK, cipher.keyCheck);
}

/** Seals or unseals attribute values whose sensitivity changed since the policy last in force. */
function applySensitivePolicy(db: BetterSqlite3.Database, cipher: AtRestCipher, sensitive: SensitiveAttributes): void {
  const fingerprint = sensitive.fingerprint();
  if (readMeta(db, META_POLICY)?.toString('utf8') === fingerprint) return;
  const names = db.prepare('SELECT DISTINCT name FROM attributes').pluck().all() as string[];
  const rows = db.prepare('SELECT uid, idx, value FROM attributes WHERE name = ? AND sealed = ?');
  const update = db.prepare(
    `UPDATE attributes SET sealed = ?, value_type = ?, value = ?, num_value = ?, text_value = ?, key_value = ?
     WHERE uid = ? AND name = ? AND idx = ?`,
  );
  for (const name of names) {
    const seal = sensitive.has(name);
    for (const row of rows.all(name, seal ? 0 : 1) as { uid: string; idx: number; value: Buffer }[]) {
      const ctx = attributeContext(row.uid, name, row.idx);
      if (seal) {
        update.run(1, 0, cipher.seal(row.value, ctx), null, null, null, row.uid, name, row.idx);
      } else {
        const bytes = cipher.open(row.value, ctx);
        const p = projectValue(decodeValue(bytes, false), bytes);
        update.run(0, p.type, p.bytes, p.num, p.text, p.key, row.uid, name, row.idx);
      }
    }
  }
  writeMeta(db, META_POLICY, Buffer.from(fingerprint, 'utf8'));
}

/**
 * Opens (creating and migrating as needed) an encrypted SQLite store.
 * @throws StoreError KEYHOLD_ERR_MASTER_KEY_INVALID (not 32 bytes), KEYHOLD_ERR_STORE_WRONG_KEY
 *   (another master key than the database's), KEYHOLD_ERR_STORE_SCHEMA (newer or foreign schema,
 *   failed migration); SQLite and file system errors as they are
 */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  assertMasterKey(options.masterKey);
  const cipher = new AtRestCipher(options.masterKey);
  const sensitive = new SensitiveAttributes(options.sensitiveAttributes);
  const path = options.path;
  const timeout = options.busyTimeoutMs ?? 5000;
  if (path === ':memory:' || path === '') {
    throw new StoreError('KEYHOLD_ERR_STORE_INVALID', 'The SQLite store needs a database file (use MemoryStore for an in-memory store)');
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(path, 'wx', 0o600)); // a new database is private from its first byte
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  let writer: BetterSqlite3.Database | undefined;
  let reader: BetterSqlite3.Database | undefined;
  try {
    writer = new Database(path, { timeout, fileMustExist: true });
    const mode = writer.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new StoreError('KEYHOLD_ERR_STORE_SCHEMA', `Cannot put ${path} in WAL mode (journal mode is ${String(mode)})`);
    writer.pragma('synchronous = FULL');
    writer.pragma('foreign_keys = ON');
    writer.pragma('secure_delete = ON');
    writer.pragma('trusted_schema = OFF');
    writer.pragma('temp_store = MEMORY'); // sorts and temporary indexes never touch the disk
    migrate(writer);
    const w = writer;
    w.transaction(() => {
      verifyMasterKey(w, cipher, path);
      applySensitivePolicy(w, cipher, sensitive);
    }).immediate();
    try {
      writer.pragma('optimize = 0x10002');
    } catch {}
    reader = new Database(path, { readonly: true, fileMustExist: true, timeout });
    reader.pragma('trusted_schema = OFF');
    reader.pragma('temp_store = MEMORY');
    return new SqliteStore({ path, writer, reader, cipher, sensitive });
  } catch (err) {
    reader?.close();
    writer?.close();
    throw err;
  }
}
