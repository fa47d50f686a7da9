/**
 * What the attribute-changing operations (Add, Modify, Set, Delete and Adjust Attribute) share:
 * the checks of the attribute rules [KMIP 1.2 §3 and §4.14-4.16 with the error tables 304-306;
 * KMIP 2.1 §4 rule tables and §6.1.2, 6.1.3, 6.1.13, 6.1.34, 6.1.51 with their error tables], the
 * normalisation of values, and the common end of every successful change (companion attributes,
 * date-driven state, Last Change Date, save).
 *
 * Reasons, and their 1.x forms where the 1.x tables differ from the fallback table:
 * - an attribute the version does not define, or a tag that is no attribute: Invalid Attribute
 *   (1.x Invalid Field);
 * - a new value holding an enumeration value the version does not define (a 1.4 Link Type in a
 *   1.3 request): Invalid Attribute Value (1.x Invalid Field);
 * - an attribute that does not apply to the object's type: Invalid Attribute ("an attribute is
 *   invalid for this object for this operation", 2.1 §11) — 1.x Permission Denied ("attempt to
 *   add an attribute that is not supported for this object", 1.2 Table 304);
 * - a read-only attribute: the 2.1 tables name Read Only Attribute for Add, Set and Adjust
 *   Attribute and Attribute Read Only for Modify and Delete Attribute (the two reasons have the
 *   same definition); each operation answers the one of its table. 1.x: Permission Denied;
 * - a value a client may change only in some states (Activation Date only while Pre-Active, …):
 *   Wrong Key Lifecycle State (1.x Permission Denied; the OASIS case AKLC-M-3 expects exactly
 *   these for an Activation Date change of an Active key);
 * - a Name another object has, or another Name instance of the same object: Non Unique Name
 *   Attribute (1.x Illegal Operation, Tables 304-305).
 */
import {
  KmipError,
  ResultReason,
  State,
  type Attribute,
  type AttributeValue,
  type Link,
  type Name,
  type UsageLimits,
} from '@keyhold/protocol';
import {
  appliesToObjectType,
  attributeInVersion,
  changeConstraint,
  clientMayAdd,
  clientMayModify,
  isAttributeName,
} from '../attributes/policy.js';
import { undefinedEnumMessage, undefinedEnumValue } from '../attributes/version-values.js';
import { kmipError } from '../errors/kmip.js';
import { effectiveState, type LifecycleState } from '../lifecycle.js';
import type { ManagedRecord } from '../objects/managed.js';
import type { OperationContext } from './context.js';

/** Most instances of one attribute an object may have (Server Limit Exceeded; 1.x Index Out of Bounds). */
export const MAX_ATTRIBUTE_INSTANCES = 256;

/** The version as text, for messages. */
function v(ctx: OperationContext): string {
  return `KMIP ${ctx.version.major}.${ctx.version.minor}`;
}

/**
 * Checks that `name` is an attribute of the request's version.
 * @throws KmipError Invalid Attribute (1.x Invalid Field).
 */
export function checkAttributeName(name: string, ctx: OperationContext): void {
  if (!isAttributeName(name)) throw new KmipError(ResultReason.InvalidAttribute, `${JSON.stringify(name)} is not an attribute`);
  if (!attributeInVersion(name, ctx.version)) throw new KmipError(ResultReason.InvalidAttribute, `attribute ${JSON.stringify(name)} is not defined in ${v(ctx)}`);
}

/**
 * The value of an attribute the request carries; with `ctx`, a new value, whose enumeration
 * values must exist in the request's version (version-values.ts).
 * @throws KmipError Invalid Attribute Value (1.x Invalid Field) when there is none, or it holds an
 * enumeration value the version does not define.
 */
export function requestValue(a: Attribute, ctx?: OperationContext): AttributeValue {
  if (a.value === undefined) throw new KmipError(ResultReason.InvalidAttributeValue, `attribute ${JSON.stringify(a.name)} has no value`);
  const undefinedValue = ctx === undefined ? undefined : undefinedEnumValue(a, ctx.version);
  if (ctx !== undefined && undefinedValue !== undefined) throw new KmipError(ResultReason.InvalidAttributeValue, undefinedEnumMessage(a, undefinedValue, ctx.version));
  return a.value;
}

/**
 * Checks that the attribute applies to the object's type (rule tables, "Applies to Object Types").
 * @throws KmipError Invalid Attribute (1.x Permission Denied).
 */
export function checkApplies(obj: ManagedRecord, name: string, ctx: OperationContext): void {
  if (!appliesToObjectType(name, obj.objectType, ctx.version)) {
    throw kmipError(ResultReason.InvalidAttribute, `attribute ${JSON.stringify(name)} does not apply to this type of object`, ResultReason.PermissionDenied);
  }
}

/** Read-only failure with the reason `reason` (Read Only Attribute or Attribute Read Only; 1.x Permission Denied). */
export function readOnly(name: string, reason: ResultReason, why = 'a client may not change it'): KmipError {
  return kmipError(reason, `attribute ${JSON.stringify(name)} is read-only: ${why}`, ResultReason.PermissionDenied);
}

/**
 * Checks that a client may add the attribute (a first or further instance) or change an existing
 * value, by the rule tables.
 * @throws KmipError `reason` (1.x Permission Denied).
 */
export function checkClientMay(name: string, action: 'add' | 'change', reason: ResultReason, ctx: OperationContext): void {
  const ok = action === 'add' ? clientMayAdd(name, ctx.version) : clientMayModify(name, ctx.version);
  if (!ok) throw readOnly(name, reason, action === 'add' ? 'a client may not add it' : 'a client may not change it');
}

/**
 * Applies the state rules of the attribute to a change of its value: e.g. Activation Date only
 * while Pre-Active; Deactivation Date only while Pre-Active or Active; Process Start Date and
 * Protect Stop Date only while Pre-Active or Active and while the date they hold has not come.
 * @throws KmipError Wrong Key Lifecycle State (1.x Permission Denied); Permission Denied when the
 * date held has been reached.
 */
export function checkStateRules(obj: ManagedRecord, name: string, existing: Attribute | undefined, ctx: OperationContext): void {
  const rule = changeConstraint(name, ctx.version);
  if (rule === undefined) return;
  if (!rule.states.includes(obj.state)) {
    throw new KmipError(ResultReason.WrongKeyLifecycleState, `${name} cannot be set or changed in the object's state (only while ${rule.states.map(stateName).join(' or ')})`);
  }
  if (rule.untilReached && typeof existing?.value === 'bigint' && existing.value <= ctx.now) {
    throw new KmipError(ResultReason.PermissionDenied, `${name} has been reached and can no longer be changed`);
  }
}

function stateName(s: number): string {
  return Object.entries(State).find(([, n]) => n === s)?.[0] ?? String(s);
}

/**
 * Checks that one more instance of a multi-instance attribute is allowed.
 * @throws KmipError Server Limit Exceeded (1.x Index Out of Bounds).
 */
export function checkInstanceLimit(obj: ManagedRecord, name: string): void {
  if (obj.all(name).length >= MAX_ATTRIBUTE_INSTANCES) {
    throw new KmipError(ResultReason.ServerLimitExceeded, `an object may have at most ${MAX_ATTRIBUTE_INSTANCES} instances of ${JSON.stringify(name)}`);
  }
}

/** True once Get Usage Allocation has used part of the Usage Limits (Count below Total). */
function usageAllocated(u: UsageLimits): boolean {
  return u.usageLimitsCount !== undefined && u.usageLimitsCount !== u.usageLimitsTotal;
}

/**
 * Checks the Usage Limits rule: a client may change or delete them only as long as Get Usage
 * Allocation has not been performed [1.2 §3.21, 2.1 §4.59].
 * @throws KmipError `reason` (Attribute Read Only / Read Only Attribute; 1.x Permission Denied).
 */
export function checkUsageLimits(name: string, existing: Attribute | undefined, reason: ResultReason): void {
  if (name === 'Usage Limits' && existing !== undefined && usageAllocated(existing.value as UsageLimits)) {
    throw readOnly(name, reason, 'part of the usage has already been allocated');
  }
}

/**
 * The value to store for a client's value: Link targets given as a Unique Identifier Enumeration
 * or batch position resolved to the identifier [2.1 §4.31 Table 90]; the Usage Limits Count,
 * which a client never sets [2.1 §4.59], reset to the Total.
 */
export function normalizeValue(name: string, value: AttributeValue, ctx: OperationContext): AttributeValue {
  if (name === 'Link') {
    const link = value as Link;
    if (typeof link.linkedObjectIdentifier !== 'string') return { ...link, linkedObjectIdentifier: ctx.batch.resolve(link.linkedObjectIdentifier) };
  }
  if (name === 'Usage Limits') {
    const u = value as UsageLimits;
    return { ...u, usageLimitsCount: u.usageLimitsTotal };
  }
  return value;
}

/**
 * Checks that a Name value is unique: used by no other object (Names are unique across the
 * server) and by no other Name instance of this object — Add Attribute of a Name the object
 * already has would give it the same Name twice (the OASIS test case BL-M-8-21 expects Non Unique
 * Name Attribute). `replacing` is the instance that Modify or Set Attribute replaces: giving it
 * its own value again is no conflict.
 * @throws KmipError Non Unique Name Attribute (1.x Illegal Operation, 1.2 Tables 304-305).
 */
export async function checkNameUnique(obj: ManagedRecord, name: string, value: AttributeValue, ctx: OperationContext, replacing?: Attribute): Promise<void> {
  if (name !== 'Name' || typeof value !== 'object' || value === null || !('nameValue' in value)) return;
  const wanted = (value as Name).nameValue;
  const own = obj.all('Name').some((a) => (replacing === undefined || (a.index ?? 0) !== (replacing.index ?? 0)) && (a.value as Name).nameValue === wanted);
  if (own) {
    throw kmipError(ResultReason.NonUniqueNameAttribute, `the object already has the Name ${JSON.stringify(wanted)}`, ResultReason.IllegalOperation);
  }
  if (await ctx.objects.nameTaken(value as Name, obj.uid)) {
    throw kmipError(ResultReason.NonUniqueNameAttribute, `the Name ${JSON.stringify(wanted)} is already used by another object`, ResultReason.IllegalOperation);
  }
}

/** Deep equality of attribute values (for a 2.x Current Attribute). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return a instanceof Uint8Array && b instanceof Uint8Array && a.length === b.length && a.every((x, i) => x === b[i]);
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * The instance of `name` whose value equals `value` (a 2.x Current Attribute), Link targets
 * resolved first.
 * @throws KmipError Attribute Not Found when the object has no instance at all, Attribute
 * Instance Not Found when none has this value (1.x: Item Not Found for both).
 */
export function findInstance(obj: ManagedRecord, name: string, value: AttributeValue, ctx: OperationContext, notFound: { readonly legacy?: ResultReason } = {}): Attribute {
  const all = obj.all(name);
  if (all.length === 0) throw kmipError(ResultReason.AttributeNotFound, `the object has no ${JSON.stringify(name)} attribute`, notFound.legacy);
  const wanted = name === 'Link' ? normalizeValue(name, value, ctx) : value;
  const hit = all.find((a) => sameValue(a.value, wanted));
  if (hit === undefined) throw new KmipError(ResultReason.AttributeInstanceNotFound, `no ${JSON.stringify(name)} instance of the object has the Current Attribute's value`);
  return hit;
}

/**
 * The end of every successful attribute change: the companion attributes the server keeps
 * (Always Sensitive false once Sensitive has been false, Never Extractable false once Extractable
 * has been true [2.1 §4.3, §4.33]), the state the dates now call for — a client that sets the
 * Activation Date or the Deactivation Date to a time that has come causes transition 4 or 6
 * [2.1 §4.57] — and Last Change Date [2.1 §4.29]; then the record is saved.
 */
export async function commitChange(obj: ManagedRecord, ctx: OperationContext): Promise<void> {
  if (obj.value('Sensitive') === false && obj.find('Always Sensitive') !== undefined) obj.set('Always Sensitive', false);
  if (obj.value('Extractable') === true && obj.find('Never Extractable') !== undefined) obj.set('Never Extractable', false);
  if (obj.find('State') !== undefined) {
    const stored = obj.state as LifecycleState;
    const next = effectiveState(stored, { activationDate: obj.value('Activation Date'), deactivationDate: obj.value('Deactivation Date') }, ctx.now);
    if (next !== stored) obj.set('State', next);
  }
  obj.set('Last Change Date', ctx.now);
  await ctx.objects.save(obj);
}

/** An attribute as a 1.x response returns it: with its Attribute Index, omitted when 0 [1.2 §4.14-4.16]. */
export function asResponseAttribute(a: Attribute): Attribute {
  const out: Attribute = { name: a.name };
  if (a.index !== undefined && a.index !== 0) out.index = a.index;
  if (a.value !== undefined) out.value = a.value;
  if (a.vendorIdentification !== undefined) out.vendorIdentification = a.vendorIdentification;
  return out;
}
