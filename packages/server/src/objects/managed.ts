/**
 * A managed object being worked on by an operation: the stored record with its attributes in
 * canonical form and its object (key material) decoded on demand.
 */
import { State, type Attribute, type AttributeValue, type AttributeValueMap, type ManagedObject, type StandardAttributeName } from '@keyhold/protocol';
import type { ObjectRecord } from '../store/types.js';
import { decodeStoredObject, encodeStoredObject, fromStoredAttribute, toStoredAttribute } from './stored-form.js';

/** One object, mutable during an operation; {@link ManagedRecord.toRecord} gives the stored form. */
export class ManagedRecord {
  readonly uid: string;
  readonly objectType: number;
  readonly owner: string;
  readonly revision: number;
  private attrs: Attribute[];
  private objectBytes: Uint8Array | null;
  private decoded: ManagedObject | null | undefined;
  /** True once anything changed since load. */
  dirty = false;

  constructor(init: { uid: string; objectType: number; owner: string; revision: number; attributes: Attribute[]; object: ManagedObject | Uint8Array | null }) {
    this.uid = init.uid;
    this.objectType = init.objectType;
    this.owner = init.owner;
    this.revision = init.revision;
    this.attrs = init.attributes;
    if (init.object instanceof Uint8Array || init.object === null) {
      this.objectBytes = init.object;
      this.decoded = init.object === null ? null : undefined;
    } else {
      this.objectBytes = encodeStoredObject(init.object);
      this.decoded = init.object;
    }
  }

  /** From a stored record. */
  static fromRecord(r: ObjectRecord): ManagedRecord {
    return new ManagedRecord({
      uid: r.uid,
      objectType: r.objectType,
      owner: r.owner,
      revision: r.revision,
      attributes: r.attributes.map(fromStoredAttribute),
      object: r.object,
    });
  }

  /** The stored form. */
  toRecord(): ObjectRecord {
    return {
      uid: this.uid,
      objectType: this.objectType,
      owner: this.owner,
      object: this.objectBytes,
      attributes: this.attrs.map(toStoredAttribute),
      revision: this.revision,
    };
  }

  /** The managed object (key material), or null once destroyed. */
  get object(): ManagedObject | null {
    if (this.decoded === undefined) this.decoded = this.objectBytes === null ? null : decodeStoredObject(this.objectBytes);
    return this.decoded;
  }

  /** Replaces (or, with null, erases) the object. */
  setObject(obj: ManagedObject | null): void {
    if (this.objectBytes) this.objectBytes.fill(0);
    this.objectBytes = obj === null ? null : encodeStoredObject(obj);
    this.decoded = obj;
    this.dirty = true;
  }

  /** Every attribute instance, in order. */
  get attributes(): readonly Attribute[] {
    return this.attrs;
  }

  /** The instances of one attribute. */
  all(name: string): Attribute[] {
    return this.attrs.filter((a) => a.name === name);
  }

  /** The first instance of an attribute, or the one with `index`. */
  find(name: string, index?: number): Attribute | undefined {
    return this.attrs.find((a) => a.name === name && (index === undefined || (a.index ?? 0) === index));
  }

  /** The typed value of a standard attribute (first instance). */
  value<N extends StandardAttributeName>(name: N): AttributeValueMap[N] | undefined {
    return this.find(name)?.value as AttributeValueMap[N] | undefined;
  }

  /** Sets a single-instance attribute (index 0), replacing any value. */
  set(name: string, value: AttributeValue): void {
    const i = this.attrs.findIndex((a) => a.name === name);
    const next: Attribute = { name, value };
    if (i >= 0) this.attrs[i] = next;
    else this.attrs.push(next);
    this.dirty = true;
  }

  /** Adds an instance of a multi-instance attribute with the next free index; returns the index. */
  add(name: string, value: AttributeValue): number {
    const used = this.all(name).map((a) => a.index ?? 0);
    const index = used.length === 0 ? 0 : Math.max(...used) + 1;
    this.attrs.push(index === 0 ? { name, value } : { name, value, index });
    this.dirty = true;
    return index;
  }

  /** Replaces the value of the instance with `index`; false when there is none. */
  replace(name: string, index: number, value: AttributeValue): boolean {
    const i = this.attrs.findIndex((a) => a.name === name && (a.index ?? 0) === index);
    if (i < 0) return false;
    this.attrs[i] = index === 0 ? { name, value } : { name, value, index };
    this.dirty = true;
    return true;
  }

  /** Removes the instance with `index` (or every instance when undefined); returns how many. */
  remove(name: string, index?: number): number {
    const before = this.attrs.length;
    this.attrs = this.attrs.filter((a) => !(a.name === name && (index === undefined || (a.index ?? 0) === index)));
    const n = before - this.attrs.length;
    if (n > 0) this.dirty = true;
    return n;
  }

  /** The State attribute (Pre-Active when absent). */
  get state(): number {
    return (this.value('State') as number | undefined) ?? State.PreActive;
  }
}
