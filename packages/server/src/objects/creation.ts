/**
 * What every operation that makes a new object does (Create, Create Key Pair, Register, Derive
 * Key, Re-key, Certify, …): check the client's attributes against the attribute rules, keep Names
 * unique across the server, and add the attributes the server derives [KMIP 1.2 §3, 2.1 §4:
 * Unique Identifier, Object Type, State, Initial Date, Last Change Date, Original Creation Date,
 * Digest, Fresh, Key Value Present, Sensitive/Extractable and their Always/Never companions].
 */
import {
  KeyFormatType,
  KmipError,
  ResultReason,
  State,
  type Attribute,
  type AttributeValue,
  type Attributes,
  type ManagedObject,
  type Name,
} from '@keyhold/protocol';
import { digestKeyMaterial, isKeyMaterialError } from '../crypto/index.js';
import type { KeyMaterialValue } from '../crypto/index.js';
import { initialState } from '../lifecycle.js';
import { attributeInVersion, clientMaySetInitially, isMultiInstance } from '../attributes/policy.js';
import type { OperationContext } from '../operations/context.js';
import type { ManagedRecord } from './managed.js';

/**
 * Validates the attributes a client gave for a new object and returns them ready to store
 * (indices assigned to multi-instance attributes).
 * @throws KmipError Attribute Read Only for server-managed attributes, Attribute Single Valued for
 * a repeated single-instance attribute, Invalid Attribute for one the version does not define,
 * Item Not Found for 1.x Template names (templates are not kept by this server), Non Unique Name.
 */
export async function clientAttributes(attrs: Attributes | undefined, ctx: OperationContext, options: { readonly allow?: readonly string[] } = {}): Promise<Attribute[]> {
  if (attrs?.name && attrs.name.length > 0) {
    throw new KmipError(ResultReason.ItemNotFound, 'Template objects are not kept by this server; send the attributes themselves');
  }
  const out: Attribute[] = [];
  const counts = new Map<string, number>();
  for (const a of attrs?.attribute ?? []) {
    if (!attributeInVersion(a.name, ctx.version)) {
      throw new KmipError(ResultReason.InvalidAttribute, `attribute ${JSON.stringify(a.name)} is not defined in KMIP ${ctx.version.major}.${ctx.version.minor}`);
    }
    if (!clientMaySetInitially(a.name) && !(options.allow ?? []).includes(a.name)) {
      throw new KmipError(ResultReason.AttributeReadOnly, `attribute ${JSON.stringify(a.name)} is set by the server`);
    }
    if (a.value === undefined) throw new KmipError(ResultReason.InvalidAttributeValue, `attribute ${JSON.stringify(a.name)} has no value`);
    const n = counts.get(a.name) ?? 0;
    if (n > 0 && !isMultiInstance(a.name)) {
      throw new KmipError(ResultReason.AttributeSingleValued, `attribute ${JSON.stringify(a.name)} may have only one value`);
    }
    counts.set(a.name, n + 1);
    out.push(n === 0 ? { name: a.name, value: a.value } : { name: a.name, value: a.value, index: n });
  }
  for (const a of out) {
    if (a.name === 'Name' && typeof a.value === 'object' && a.value !== null && 'nameValue' in a.value) {
      if (await ctx.objects.nameTaken(a.value as Name)) {
        throw new KmipError(ResultReason.NonUniqueNameAttribute, `the Name ${JSON.stringify((a.value as Name).nameValue)} is already in use`);
      }
    }
  }
  return out;
}

/** Options of {@link newObjectRecord}. */
export interface NewObjectOptions {
  readonly objectType: number;
  readonly object: ManagedObject | null;
  /** Validated client attributes. */
  readonly attributes: Attribute[];
  /** Attributes the operation derives (Cryptographic Algorithm/Length from the value, Links, …); they win over client values. */
  readonly derived?: readonly Attribute[];
  /** True when the server generated the key material (Create, Create Key Pair, Derive Key, Re-key). */
  readonly generatedByServer: boolean;
  /** The digest of the key material as received (Register) or generated. */
  readonly digestOf?: { readonly format: KeyFormatType; readonly material: KeyMaterialValue } | undefined;
}

function upsert(list: Attribute[], name: string, value: AttributeValue): void {
  const i = list.findIndex((a) => a.name === name);
  if (i >= 0) list[i] = { name, value };
  else list.push({ name, value });
}

/** Builds the record of a new object with every server-derived attribute. */
export function newObjectRecord(ctx: OperationContext, o: NewObjectOptions): ManagedRecord {
  const attrs = [...o.attributes];
  for (const d of o.derived ?? []) {
    if (d.value !== undefined) upsert(attrs, d.name, d.value);
  }
  const record = ctx.objects.create(o.objectType, o.object, attrs);
  const now = ctx.now;
  record.set('Unique Identifier', record.uid);
  record.set('Object Type', o.objectType);
  const activation = record.value('Activation Date');
  record.set('State', initialState({ activationDate: activation, deactivationDate: record.value('Deactivation Date') }, now));
  if (record.state !== State.PreActive && activation === undefined) record.set('Activation Date', now);
  record.set('Initial Date', now);
  record.set('Last Change Date', now);
  if (o.generatedByServer || record.find('Original Creation Date') === undefined) record.set('Original Creation Date', now);
  if (o.object !== null && o.digestOf !== undefined) {
    try {
      const value = digestKeyMaterial(o.digestOf.format, o.digestOf.material);
      record.set('Digest', { hashingAlgorithm: 4 /* SHA-256 */, digestValue: value, keyFormatType: o.digestOf.format });
    } catch (err) {
      if (!isKeyMaterialError(err)) throw err;
    }
  }
  const isKey = [2, 3, 4, 5].includes(o.objectType) || o.objectType === 7;
  if (isKey) {
    record.set('Fresh', true);
    record.set('Key Value Present', o.object !== null);
    const sensitive = (record.value('Sensitive') as boolean | undefined) ?? false;
    const extractable = (record.value('Extractable') as boolean | undefined) ?? true;
    record.set('Sensitive', sensitive);
    record.set('Extractable', extractable);
    record.set('Always Sensitive', sensitive);
    record.set('Never Extractable', !extractable);
  }
  return record;
}
