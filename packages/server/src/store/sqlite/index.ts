/** The SQLite backend of the object store. */
export { openSqliteStore, SqliteStore, type SqliteStoreOptions } from './store.js';
export { migrate, schemaVersion, MIGRATIONS, SCHEMA_VERSION, type Migration, type MigrationResult } from './schema.js';
