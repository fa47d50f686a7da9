/**
 * Errors of the object store and of the master key that protects it at rest.
 *
 * Every failure carries a stable `code` (STYLE.md rule 7; undici `UND_ERR_*`, fastify `FST_ERR_*`).
 * The prefix is `KEYHOLD_ERR_` rather than `KMIP_ERR_`: these are server-internal failures, not
 * protocol ones. The error mapping of the server turns {@link StoreConflictError} into a KMIP
 * failure the client can retry; every other code becomes `General Failure` with a generic result
 * message (the details go to the log only).
 *
 * No message built here ever contains key bytes or attribute values: only identifiers, attribute
 * names, file paths, modes and lengths.
 */

/** Every store error code with a one-line description (docs/errors.md is written from it). */
export const STORE_ERROR_CODES = {
  KEYHOLD_ERR_STORE_CONFLICT:
    'put() with a revision that is not the stored one: stale (someone else wrote first), duplicate (revision 0 for an existing identifier) or gone (revision > 0 for a removed record).',
  KEYHOLD_ERR_STORE_INVALID: 'A record or filter given to the store is malformed (bad identifier, index, TTLV value, offset or comparison).',
  KEYHOLD_ERR_STORE_INTEGRITY:
    'An encrypted value failed AES-GCM authentication: the master key is not the one it was written with, or the database was altered.',
  KEYHOLD_ERR_STORE_WRONG_KEY: 'The master key given when opening a store is not the one the database was created with.',
  KEYHOLD_ERR_STORE_CLOSED: 'The store was used after close().',
  KEYHOLD_ERR_STORE_TX_MISUSE:
    'A finished transaction was used, or an outer store/transaction handle was called from inside a nested transaction (which would deadlock).',
  KEYHOLD_ERR_STORE_ABORTED:
    'The database aborted the running transaction after an error of its own (disk full, I/O error): everything it wrote was rolled back.',
  KEYHOLD_ERR_STORE_SCHEMA:
    'The database schema cannot be used: it is newer than this Keyhold, it is not a Keyhold store, or a migration failed (and was rolled back).',
  KEYHOLD_ERR_MASTER_KEY_INVALID: 'The master key (KEYHOLD_MASTER_KEY or the key file) is not 32 bytes in hex, base64 or raw form.',
  KEYHOLD_ERR_MASTER_KEY_PERMISSIONS: 'The master key file is readable or writable by group or others (it must be mode 0600 or stricter), or is not a regular file.',
  KEYHOLD_ERR_MASTER_KEY_MISSING: 'No master key: KEYHOLD_MASTER_KEY is unset and no key file path (or data directory) was given.',
} as const;

/** One of the {@link STORE_ERROR_CODES}. */
export type StoreErrorCode = keyof typeof STORE_ERROR_CODES;

/** Base class of every store failure. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
  }
}

/** Why a {@link StoreConflictError} was raised. */
export type StoreConflictKind = 'stale' | 'duplicate' | 'gone';

/**
 * Optimistic concurrency failure of `put()` (code `KEYHOLD_ERR_STORE_CONFLICT`):
 *
 * * `stale`: the record exists with another revision than the one given — someone wrote it since
 *   it was read. Re-read, re-apply the change, put again.
 * * `duplicate`: revision 0 (insert) for an identifier that already exists.
 * * `gone`: revision > 0 (update) for an identifier that no longer exists.
 *
 * Nothing was written. Inside a transaction the transaction itself stays usable (the caller may
 * catch the error and continue) — but typically it lets the error propagate, which rolls it back.
 */
export class StoreConflictError extends StoreError {
  readonly uid: string;
  readonly kind: StoreConflictKind;
  /** The revision put() was given. */
  readonly expectedRevision: number;
  /** The stored revision, or undefined when no record has this identifier. */
  readonly actualRevision: number | undefined;

  constructor(uid: string, expectedRevision: number, actualRevision: number | undefined) {
    const kind: StoreConflictKind = actualRevision === undefined ? 'gone' : expectedRevision === 0 ? 'duplicate' : 'stale';
    const what =
      kind === 'duplicate'
        ? `object ${JSON.stringify(uid)} already exists (revision ${String(actualRevision)}); an insert needs a new identifier`
        : kind === 'gone'
          ? `object ${JSON.stringify(uid)} does not exist (any more); cannot update revision ${expectedRevision}`
          : `object ${JSON.stringify(uid)} is at revision ${String(actualRevision)}, not ${expectedRevision}: it was changed concurrently`;
    super('KEYHOLD_ERR_STORE_CONFLICT', `Store conflict: ${what}`);
    this.name = 'StoreConflictError';
    this.uid = uid;
    this.kind = kind;
    this.expectedRevision = expectedRevision;
    this.actualRevision = actualRevision;
  }
}

/**
 * An encrypted value could not be authenticated (code `KEYHOLD_ERR_STORE_INTEGRITY`): wrong master
 * key, or a ciphertext altered or moved to another row. The store never returns unauthenticated
 * bytes.
 */
export class StoreIntegrityError extends StoreError {
  constructor(what: string) {
    super(
      'KEYHOLD_ERR_STORE_INTEGRITY',
      `Cannot decrypt ${what}: authentication failed (the master key is not the one it was written with, or the data was altered)`,
    );
    this.name = 'StoreIntegrityError';
  }
}

/** True when `err` is a {@link StoreError} (optionally with the given code). */
export function isStoreError(err: unknown, code?: StoreErrorCode): err is StoreError {
  return err instanceof StoreError && (code === undefined || err.code === code);
}
