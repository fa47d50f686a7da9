/**
 * The SQLite schema and its migrations.
 *
 * `schema_migrations` records every applied migration. Migrations are numbered from 1 without
 * gaps and applied in order, each in its own transaction together with its row in
 * `schema_migrations`: a migration that fails leaves the database at the previous version. A
 * released migration is never edited — a change is a new migration (and the migration test keeps
 * a frozen copy of the older schema to upgrade from).
 *
 * Tables (the PostgreSQL backend follows the same shape: TEXT, BIGINT, BYTEA):
 *
 * objects — one row per managed object
 *   uid          TEXT PRIMARY KEY      Unique Identifier
 *   seq          INTEGER UNIQUE        creation sequence: the order of find() (kept on update)
 *   object_type  INTEGER               Object Type enumeration
 *   owner        TEXT
 *   object       BLOB NULL             sealed TTLV of the object (AES-256-GCM), NULL when none
 *   revision     INTEGER               optimistic concurrency counter, 1 on insert
 *
 * attributes — one row per attribute instance; deleted with their object
 *   uid, name, idx  PRIMARY KEY        object, attribute name, instance index
 *   pos          INTEGER               position in the record's list (get() keeps the order)
 *   sealed       INTEGER 0/1           1: value is AES-256-GCM ciphertext and there are no projections
 *   value_type   INTEGER               TTLV item type of the value (0 when sealed)
 *   value        BLOB                  exact TTLV encoding (or its ciphertext when sealed)
 *   num_value    INTEGER NULL          Integer, Long Integer, Enumeration, Interval, Date-Time,
 *                                      Date Time Extended, Boolean: the number (ge / le)
 *   text_value   TEXT NULL             Text String (and the 3.0 text-like types)
 *   key_value    BLOB NULL             canonical TTLV (top tag 0, minimal Big Integer width): eq
 *
 * store_meta — name/value pairs: the master key check, the sensitive-attribute policy in force.
 *
 * Indexes: objects (owner, seq), (object_type, seq) — filter and order in one index;
 * attributes (name, key_value) — eq on any type is an index lookup; (name, num_value) — ge / le.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { StoreError } from '../errors.js';

/** One schema step. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /** Applies the step (inside the transaction the runner opened). */
  readonly up: (db: BetterSqlite3.Database) => void;
}

/** The migrations, in order. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'objects and attributes',
    up: (db) =>
      db.exec(`
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
      `),
  },
  {
    version: 2,
    name: 'store metadata: master key check, sensitive attribute policy',
    up: (db) =>
      db.exec(`
        CREATE TABLE store_meta (
          name  TEXT NOT NULL PRIMARY KEY,
          value BLOB NOT NULL
        );
      `),
  },
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Result of {@link migrate}. */
export interface MigrationResult {
  readonly from: number;
  readonly to: number;
}

function schemaError(message: string, cause?: unknown): StoreError {
  return new StoreError('KEYHOLD_ERR_STORE_SCHEMA', message, cause === undefined ? undefined : { cause });
}

/** The highest applied migration (0 for a database without `schema_migrations`). */
export function schemaVersion(db: BetterSqlite3.Database): number {
  const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).get();
  if (table === undefined) return 0;
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

/**
 * Brings the database to the latest schema (or to `target`). Foreign keys are off while
 * migrating (SQLite's procedure for table rebuilds) and checked before each migration commits.
 * @throws StoreError KEYHOLD_ERR_STORE_SCHEMA when the database is newer than `migrations`, holds
 *   tables but no `schema_migrations`, or a migration fails (that migration is rolled back).
 */
export function migrate(db: BetterSqlite3.Database, migrations: readonly Migration[] = MIGRATIONS, target = migrations.length): MigrationResult {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw schemaError(`Migration list is not numbered 1..n: found ${m.version} at position ${i + 1}`);
  });
  const from = schemaVersion(db);
  if (from === 0) {
    const other = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' LIMIT 1`).get() as
      | { name: string }
      | undefined;
    if (other !== undefined) {
      throw schemaError(`The database is not a Keyhold store: it has a table ${JSON.stringify(other.name)} but no schema_migrations`);
    }
  }
  if (from > migrations.length) {
    throw schemaError(`The database schema is version ${from}, newer than this Keyhold supports (${migrations.length}); upgrade Keyhold`);
  }
  if (from >= target) return { from, to: from };
  const fk = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    INTEGER NOT NULL PRIMARY KEY,
      name       TEXT    NOT NULL,
      applied_at TEXT    NOT NULL
    )`);
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const m of migrations.slice(from, target)) {
      try {
        db.transaction(() => {
          m.up(db);
          const violations = db.pragma('foreign_key_check') as unknown[];
          if (violations.length > 0) throw new Error(`${violations.length} foreign key violation(s)`);
          record.run(m.version, m.name, new Date().toISOString());
        }).immediate();
      } catch (err) {
        throw schemaError(`Migration ${m.version} (${m.name}) failed and was rolled back: ${(err as Error).message}`, err);
      }
    }
  } finally {
    db.pragma(`foreign_keys = ${fk ? 'ON' : 'OFF'}`);
  }
  return { from, to: target };
}
