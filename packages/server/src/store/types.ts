/**
 * The object store as the operations see it. Backends (memory, SQLite, PostgreSQL) implement
 * {@link ObjectStore}; one conformance suite (test/store-conformance) runs against every backend.
 *
 * The store knows managed objects only as records: identifiers, owner, object type, the TTLV
 * bytes of the object itself (its key material — encrypted at rest by persistent backends) and
 * the attributes as TTLV values. KMIP semantics (which attributes exist, who may change them,
 * lifecycle) live above it.
 */
import type { TtlvNode } from '@keyhold/protocol';

/** One attribute instance of an object. */
export interface StoredAttribute {
  /** Specification name ("Cryptographic Algorithm", "Name", "Link") or custom name ("x-foo"). */
  readonly name: string;
  /** Instance index: 0 for single-instance attributes; for multi-instance ones, assigned by the server and stable while the instance exists (KMIP 1.x Attribute Index). */
  readonly index: number;
  /**
   * The value as a TTLV item. Standard attributes use their own tag (a Name is a Name
   * structure); custom and vendor attributes use the Attribute Value tag.
   */
  readonly value: TtlvNode;
}

/** A managed object as stored. */
export interface ObjectRecord {
  /** Server-generated Unique Identifier. */
  readonly uid: string;
  /** Object Type enumeration value. */
  readonly objectType: number;
  /** Principal that owns the object (the creator). */
  readonly owner: string;
  /**
   * TTLV encoding of the object structure (Symmetric Key, Private Key, Certificate, …), or null
   * when the object has none any more (Destroyed: key material erased, metadata kept). Sensitive:
   * persistent backends encrypt it at rest and never log it.
   */
  readonly object: Uint8Array | null;
  /** Every attribute instance, standard and custom. */
  readonly attributes: readonly StoredAttribute[];
  /** Incremented by the store on every write; 0 for a record not yet stored. */
  readonly revision: number;
}

/** A condition on one attribute for {@link ObjectFilter}. */
export interface AttributeCondition {
  readonly name: string;
  /**
   * eq: some instance has exactly this value (TTLV-equal, tags ignored at the top level; item
   * types must match, so Integer 128 is not Long Integer 128; Big Integers compare by value);
   * ge / le: some instance's Integer, Long Integer, Interval, Enumeration, Date-Time or Date Time
   * Extended value is at least / at most this one. Only instances of the condition value's item
   * type are compared; any other type of condition value is rejected (KEYHOLD_ERR_STORE_INVALID).
   */
  readonly op: 'eq' | 'ge' | 'le';
  readonly value: TtlvNode;
}

/** What {@link ObjectStore.find} looks for. All given criteria must hold. */
export interface ObjectFilter {
  /** Only objects of this owner. */
  readonly owner?: string;
  /** Only these object types. */
  readonly objectTypes?: readonly number[];
  /** Only objects that still have (true) or no longer have (false) their object bytes. */
  readonly hasObject?: boolean;
  readonly attributes?: readonly AttributeCondition[];
  /** Skip this many matches (in creation order). */
  readonly offset?: number;
  /** Return at most this many. */
  readonly limit?: number;
}

/** Operations available inside a transaction. */
export interface StoreTransaction {
  /** The record, or undefined. The record returned (its byte arrays included) belongs to the caller, who may change or wipe it. */
  get(uid: string): Promise<ObjectRecord | undefined>;
  /**
   * Inserts a new record (revision 0) or replaces one whose revision matches; returns the stored
   * revision (1 for an insert, the given revision + 1 for a replacement). Every attribute is
   * replaced by the record's list.
   * @throws StoreConflictError (code KEYHOLD_ERR_STORE_CONFLICT, from ./errors) when the revision
   *   does not match: stale (changed since read), duplicate (revision 0 for an existing uid) or gone
   *   (revision > 0 for a missing uid). Nothing is written.
   * @throws StoreError KEYHOLD_ERR_STORE_INVALID for a malformed record (empty uid, a (name, index)
   *   pair twice, a value that is not encodable TTLV, …).
   */
  put(record: ObjectRecord): Promise<number>;
  /** Removes a record entirely. Returns false when it did not exist. */
  remove(uid: string): Promise<boolean>;
  /** Identifiers of matching records in creation order. */
  find(filter: ObjectFilter): Promise<string[]>;
  /** Number of matching records (ignores offset and limit). */
  count(filter: ObjectFilter): Promise<number>;
  /**
   * Runs `fn` atomically. On the store: a top-level transaction (see
   * {@link ObjectStore.transaction}). On a transaction: a nested unit (a savepoint) — a throw in
   * `fn` undoes only the writes made through the nested handle and is re-thrown; on success its
   * writes become part of the enclosing transaction (and are committed or rolled back with it).
   * This lets an operation that writes several records be atomic on its own and, unchanged, be
   * part of a batch-wide transaction (Batch Error Continuation Option Undo).
   *
   * Inside `fn`, use only the handle it is given: calling the store or an enclosing transaction
   * there would wait for `fn` itself, so it throws StoreError KEYHOLD_ERR_STORE_TX_MISUSE instead
   * (reads on the store itself are allowed and see committed state only). A handle used after its
   * transaction ended throws the same code.
   */
  transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T>;
}

/** A store backend. */
export interface ObjectStore extends StoreTransaction {
  /** Human-readable backend name ("sqlite", "memory", "postgres"). */
  readonly kind: string;
  /**
   * Runs `fn` atomically: every write inside it is committed together and is durable when the
   * returned promise resolves, or none is applied if `fn` throws (the error is re-thrown).
   * Transactions are serialised (in call order). Calls on the store itself outside any
   * transaction are atomic one by one; its reads see committed state only (never the writes of a
   * running transaction) and its writes wait for the running transaction to finish.
   */
  transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  /** Waits for running and queued transactions, then releases the backend; later calls throw KEYHOLD_ERR_STORE_CLOSED. */
  close(): Promise<void>;
}
