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
  /** Instance index: 0 for single-instance attributes; for multi-instance ones, assigned once and never reused. */
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
   * eq: some instance has exactly this value (TTLV-equal, tags ignored at the top level);
   * ge / le: some instance's Integer, Long Integer, Interval, Enumeration or Date-Time value is
   * at least / at most this one.
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
  /** The record, or undefined. */
  get(uid: string): Promise<ObjectRecord | undefined>;
  /** Inserts a new record (revision 0) or replaces one whose revision matches; returns the stored revision. */
  put(record: ObjectRecord): Promise<number>;
  /** Removes a record entirely. Returns false when it did not exist. */
  remove(uid: string): Promise<boolean>;
  /** Identifiers of matching records in creation order. */
  find(filter: ObjectFilter): Promise<string[]>;
  /** Number of matching records (ignores offset and limit). */
  count(filter: ObjectFilter): Promise<number>;
}

/** A store backend. */
export interface ObjectStore extends StoreTransaction {
  /** Human-readable backend name ("sqlite", "memory", "postgres"). */
  readonly kind: string;
  /**
   * Runs `fn` atomically: every write inside it is committed together and is durable when the
   * returned promise resolves, or none is applied if `fn` throws (the error is re-thrown).
   * Transactions are serialised.
   */
  transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  /** Releases the backend. */
  close(): Promise<void>;
}
