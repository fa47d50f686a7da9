/**
 * Loading and saving managed objects for one operation: identifier resolution, ownership
 * (objects belong to their creator; another client is refused), date-driven lifecycle
 * transitions applied on every load, and Name uniqueness.
 */
import { randomUUID } from 'node:crypto';
import { ItemType, KmipError, NameType, ResultReason, State, Tag, type Attribute, type ManagedObject, type Name, type TtlvNode } from '@keyhold/protocol';
import { kmipError } from '../errors/kmip.js';
import { effectiveState, type LifecycleState } from '../lifecycle.js';
import type { StoreTransaction } from '../store/types.js';
import { ManagedRecord } from './managed.js';

/** Objects as one principal sees them inside one transaction. */
export class ObjectRepository {
  constructor(
    private readonly tx: StoreTransaction,
    private readonly principal: string,
    private readonly now: bigint,
  ) {}

  /**
   * The object with this identifier, with any date-driven state change applied (and saved).
   *
   * An archived object (one with an Archive Date) must be recovered before it is used [KMIP 1.2
   * §4, 2.1 §6.1 "any archived object SHALL first be made available by a Recover operation"], so
   * it is refused with Object Archived unless `options.archived` is `'allow'` — which only the
   * operations that read metadata (Get Attributes, Get Attribute List: the OASIS test case
   * TC-101 reads the Archive Date of an archived key), Locate and Recover pass.
   * @throws KmipError Object Not Found (1.x: Item Not Found), Permission Denied for another principal's object, Object
   * Archived.
   */
  async load(uid: string, options: { readonly archived?: 'allow' | 'refuse' } = {}): Promise<ManagedRecord> {
    const rec = await this.tx.get(uid);
    // 2.x names a missing object Object Not Found (2.1 §11 error tables); 1.x has Item Not Found.
    if (rec === undefined) throw kmipError(ResultReason.ObjectNotFound, `no object with Unique Identifier ${JSON.stringify(uid)}`, ResultReason.ItemNotFound);
    if (rec.owner !== this.principal) throw new KmipError(ResultReason.PermissionDenied, 'the object belongs to another client');
    const m = ManagedRecord.fromRecord(rec);
    if (options.archived !== 'allow' && m.find('Archive Date') !== undefined) {
      throw new KmipError(ResultReason.ObjectArchived, 'the object is archived: recover it first');
    }
    return this.refreshState(m);
  }

  /**
   * Applies transitions whose date has come (Activation Date, Deactivation Date). Returns the
   * record as saved (its new revision), so the caller can change and save it again.
   */
  private async refreshState(m: ManagedRecord): Promise<ManagedRecord> {
    const stored = m.state as LifecycleState;
    const next = effectiveState(stored, { activationDate: m.value('Activation Date'), deactivationDate: m.value('Deactivation Date') }, this.now);
    if (next === stored) return m;
    m.set('State', next);
    return this.save(m);
  }

  /** A new record for a new object (not yet stored). */
  create(objectType: number, object: ManagedObject | null, attributes: Attribute[]): ManagedRecord {
    return new ManagedRecord({ uid: randomUUID(), objectType, owner: this.principal, revision: 0, attributes, object });
  }

  /** Stores a new or changed record. */
  async save(m: ManagedRecord): Promise<ManagedRecord> {
    const revision = await this.tx.put(m.toRecord());
    const saved = ManagedRecord.fromRecord({ ...m.toRecord(), revision });
    return saved;
  }

  /** Removes a record entirely. */
  async remove(uid: string): Promise<void> {
    await this.tx.remove(uid);
  }

  /** True when another object (of any owner: Names are unique across the server) has this Name value. */
  async nameTaken(name: Name, exceptUid?: string): Promise<boolean> {
    for (const nameType of [NameType.UninterpretedTextString, NameType.URI]) {
      const value: TtlvNode = {
        tag: Tag.Name,
        type: ItemType.Structure,
        value: [
          { tag: Tag.NameValue, type: ItemType.TextString, value: name.nameValue },
          { tag: Tag.NameType, type: ItemType.Enumeration, value: nameType },
        ],
      };
      // A destroyed object keeps its metadata but gives up its Name for reuse.
      const hits = await this.tx.find({ attributes: [{ name: 'Name', op: 'eq', value }], hasObject: true });
      if (hits.some((uid) => uid !== exceptUid)) return true;
    }
    return false;
  }

  /** Identifiers of this principal's objects matching a filter (see Locate). */
  get transaction(): StoreTransaction {
    return this.tx;
  }

  /** The principal. */
  get owner(): string {
    return this.principal;
  }

  /** True for the states in which the key material is gone. */
  static destroyed(state: number): boolean {
    return state === State.Destroyed || state === State.DestroyedCompromised;
  }
}
