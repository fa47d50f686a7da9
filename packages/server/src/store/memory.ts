/**
 * In-memory {@link ObjectStore}: for tests, and the reference semantics every persistent backend
 * must match (the conformance suite in test/store-conformance runs against all of them).
 *
 * Records are kept as encoded TTLV (exactly what a persistent backend stores), so values are
 * validated the same way, get() hands out fresh copies the caller may modify or wipe, and
 * conditions are evaluated on the same projections (see records.ts). Transactions are layers of
 * copy-on-write overlays: committed into the parent layer (or the committed map) or dropped.
 * Nothing is persisted and nothing is encrypted.
 */
import { StoreConflictError } from './errors.js';
import {
  checkUid,
  decodeValue,
  matchesCondition,
  page,
  prepareFilter,
  prepareRecord,
  type PreparedAttribute,
  type PreparedFilter,
} from './records.js';
import { Scope, type ScopeHooks } from './scope.js';
import type { ObjectFilter, ObjectRecord, ObjectStore, StoreTransaction } from './types.js';

interface MemRecord {
  readonly uid: string;
  readonly objectType: number;
  readonly owner: string;
  readonly object: Uint8Array | null;
  readonly attributes: readonly PreparedAttribute[];
  readonly revision: number;
  /** Creation sequence number: the order of find(). */
  readonly seq: number;
}

/** uid -> record written in this layer, or null when removed in it. */
type Layer = Map<string, MemRecord | null>;

/** The in-memory object store. */
export class MemoryStore implements ObjectStore {
  readonly kind = 'memory';
  /** Committed records, iterated in creation (seq) order. */
  private readonly committed = new Map<string, MemRecord>();
  /** Overlay of the running transaction at depth d is layers[d - 1]. */
  private readonly layers: Layer[] = [];
  private seq = 0;
  private readonly root = new Scope();
  private readonly handle = new MemoryHandle(this, this.root);

  private readonly hooks: ScopeHooks = {
    begin: () => {
      this.layers.push(new Map());
    },
    commit: (depth) => {
      const layer = this.layers.pop();
      if (layer === undefined) return;
      const parent = this.layers[depth - 2];
      if (parent !== undefined) for (const [uid, rec] of layer) parent.set(uid, rec);
      else this.applyToCommitted(layer);
    },
    rollback: () => {
      this.layers.pop();
    },
  };

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

  /** Waits for running transactions, then drops every record. */
  async close(): Promise<void> {
    await this.root.close();
    this.committed.clear();
  }

  /** @internal The nested-transaction hooks. */
  get scopeHooks(): ScopeHooks {
    return this.hooks;
  }

  private applyToCommitted(layer: Layer): void {
    const appended: MemRecord[] = [];
    for (const [uid, rec] of layer) {
      const old = this.committed.get(uid);
      if (rec === null) this.committed.delete(uid);
      else if (old !== undefined && old.seq === rec.seq) this.committed.set(uid, rec);
      else {
        this.committed.delete(uid);
        appended.push(rec);
      }
    }
    appended.sort((a, b) => a.seq - b.seq);
    for (const rec of appended) this.committed.set(rec.uid, rec);
  }

  /** @internal The record as seen at `depth` (0: committed only). */
  lookup(uid: string, depth: number): MemRecord | undefined {
    for (let d = depth; d >= 1; d--) {
      const layer = this.layers[d - 1];
      if (layer?.has(uid) === true) return layer.get(uid) ?? undefined;
    }
    return this.committed.get(uid);
  }

  /** @internal Writes at `depth` (0: committed). */
  write(uid: string, rec: MemRecord | null, depth: number): void {
    const layer = this.layers[depth - 1];
    if (depth > 0 && layer !== undefined) {
      layer.set(uid, rec);
      return;
    }
    if (rec === null) this.committed.delete(uid);
    else this.committed.set(uid, rec); // a new uid appends (seq order); an update keeps its place
  }

  /** @internal Every record visible at `depth`, in creation order. */
  view(depth: number): Iterable<MemRecord> {
    let over: Map<string, MemRecord | null> | undefined;
    for (let d = 1; d <= depth; d++) {
      const layer = this.layers[d - 1];
      if (layer === undefined || layer.size === 0) continue;
      over ??= new Map();
      for (const [uid, rec] of layer) over.set(uid, rec);
    }
    if (over === undefined) return this.committed.values();
    const out: MemRecord[] = [];
    for (const rec of this.committed.values()) if (!over.has(rec.uid)) out.push(rec);
    for (const rec of over.values()) if (rec !== null) out.push(rec);
    return out.sort((a, b) => a.seq - b.seq);
  }

  /** @internal */
  nextSeq(): number {
    return ++this.seq;
  }
}

function matches(rec: MemRecord, f: PreparedFilter): boolean {
  if (f.owner !== undefined && rec.owner !== f.owner) return false;
  if (f.objectTypes !== undefined && !f.objectTypes.includes(rec.objectType)) return false;
  if (f.hasObject !== undefined && (rec.object !== null) !== f.hasObject) return false;
  return f.conditions.every((c) => rec.attributes.some((a) => a.name === c.name && matchesCondition(a, c)));
}

/** The store or one transaction of it, bound to its scope. */
class MemoryHandle implements StoreTransaction {
  constructor(
    private readonly store: MemoryStore,
    private readonly scope: Scope,
  ) {}

  /** Reads on the store itself see committed state and never wait; reads in a transaction are ordered with its nested ones. */
  private read<T>(op: (depth: number) => T): Promise<T> {
    const depth = this.scope.depth;
    if (depth > 0) return this.scope.run(() => op(depth));
    try {
      this.scope.assertUsable(false);
      return Promise.resolve(op(0));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  get(uid: string): Promise<ObjectRecord | undefined> {
    return this.read((depth) => {
      checkUid(uid);
      const rec = this.store.lookup(uid, depth);
      if (rec === undefined) return undefined;
      return {
        uid: rec.uid,
        objectType: rec.objectType,
        owner: rec.owner,
        object: rec.object === null ? null : Buffer.from(rec.object),
        attributes: rec.attributes.map((a) => ({ name: a.name, index: a.index, value: decodeValue(a.bytes, true) })),
        revision: rec.revision,
      };
    });
  }

  put(record: ObjectRecord): Promise<number> {
    return this.scope.run(() => {
      const p = prepareRecord(record);
      const depth = this.scope.depth;
      const existing = this.store.lookup(p.uid, depth);
      if (p.revision === 0 ? existing !== undefined : existing?.revision !== p.revision) {
        throw new StoreConflictError(p.uid, p.revision, existing?.revision);
      }
      const rec: MemRecord = {
        uid: p.uid,
        objectType: p.objectType,
        owner: p.owner,
        object: p.object === null ? null : Buffer.from(p.object),
        attributes: p.attributes,
        revision: p.revision + 1,
        seq: existing?.seq ?? this.store.nextSeq(),
      };
      this.store.write(p.uid, rec, depth);
      return rec.revision;
    });
  }

  remove(uid: string): Promise<boolean> {
    return this.scope.run(() => {
      checkUid(uid);
      const depth = this.scope.depth;
      if (this.store.lookup(uid, depth) === undefined) return false;
      this.store.write(uid, null, depth);
      return true;
    });
  }

  private select(filter: ObjectFilter, depth: number): { f: PreparedFilter; uids: string[] } {
    const f = prepareFilter(filter);
    const uids: string[] = [];
    for (const rec of this.store.view(depth)) if (matches(rec, f)) uids.push(rec.uid);
    return { f, uids };
  }

  find(filter: ObjectFilter): Promise<string[]> {
    return this.read((depth) => {
      const { f, uids } = this.select(filter, depth);
      return page(uids, f);
    });
  }

  count(filter: ObjectFilter): Promise<number> {
    return this.read((depth) => this.select(filter, depth).uids.length);
  }

  transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    return this.scope.transaction(this.store.scopeHooks, (scope) => new MemoryHandle(this.store, scope), fn);
  }
}
