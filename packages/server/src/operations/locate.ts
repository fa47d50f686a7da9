/**
 * Locate [KMIP 1.2 §4.9, 2.1 §6.1.27]: the identifiers of the client's objects that match every
 * attribute given, newest first. Any attribute can be a filter (equality of the whole value);
 * two instances of the same Date-Time attribute give a range (from the first to the second,
 * inclusive); Object Type narrows the types; State is matched on the state at this moment (dates
 * that have come are applied). Storage Status Mask picks on-line (the default), archived and — in
 * 2.x — destroyed objects. Maximum Items and Offset Items page through the result; Located Items
 * (with Offset Items) tells how many matched in all. Sets the ID Placeholder when it returns one
 * identifier, and empties it otherwise.
 *
 * Object Group Member [1.2 §4.9, 2.1 §6.1.27]: "Group Member Fresh" returns only fresh members, the
 * oldest first — a group of fresh objects is a pool handed out in the order it was filled (the
 * OASIS case TC-152). Locate serves no object, so it leaves Fresh alone: Get clears it when the
 * object is served (1.2 §3.34; TC-151 reads Fresh true after the Locate). No object is generated
 * on the fly when the group has no fresh member left (the specification's "MAY"). "Group Member
 * Default" returns the group's default object, which by this server's policy is its next unused
 * member — the oldest one still fresh — or, once every member has been served, its oldest member
 * (TC-153 hands out the members of a group in turn this way).
 *
 * Result Reasons: Invalid Field / Unsupported Attribute (an attribute the version does not
 * define); Invalid Field (negative Maximum or Offset Items).
 */
import {
  ItemType,
  KmipError,
  ObjectGroupMember,
  Operation,
  ResultReason,
  State,
  StorageStatusMask,
  UniqueIdentifier,
  type Attribute,
} from '@keyhold/protocol';
import { attributeInVersion } from '../attributes/policy.js';
import { effectiveState, type LifecycleState } from '../lifecycle.js';
import { toStoredAttribute } from '../objects/stored-form.js';
import type { AttributeCondition } from '../store/types.js';
import { defineOperation, type OperationContext } from './context.js';

const DESTROYED = new Set<number>([State.Destroyed, State.DestroyedCompromised]);

/** The first of `uids` whose Fresh attribute is true. */
async function firstFresh(uids: readonly string[], ctx: OperationContext): Promise<string | undefined> {
  for (const uid of uids) {
    const fresh = (await ctx.objects.transaction.get(uid))?.attributes.find((a) => a.name === 'Fresh')?.value;
    if (fresh?.type === ItemType.Boolean && fresh.value) return uid;
  }
  return undefined;
}

export const locate = defineOperation(Operation.Locate, async (req, ctx) => {
  const attrs: Attribute[] = req.attributes?.attribute ?? [];
  if ((req.maximumItems ?? 0) < 0 || (req.offsetItems ?? 0) < 0) throw new KmipError(ResultReason.InvalidField, 'Maximum Items and Offset Items cannot be negative');
  const byName = new Map<string, Attribute[]>();
  for (const a of attrs) {
    if (!attributeInVersion(a.name, ctx.version)) throw new KmipError(ResultReason.UnsupportedAttribute, `attribute ${JSON.stringify(a.name)} is not defined in this protocol version`);
    if (a.value === undefined) throw new KmipError(ResultReason.InvalidField, `attribute ${JSON.stringify(a.name)} has no value`);
    byName.set(a.name, [...(byName.get(a.name) ?? []), a]);
  }
  const conditions: AttributeCondition[] = [];
  let objectTypes: number[] | undefined;
  let wantedState: number | undefined;
  for (const [name, list] of byName) {
    if (name === 'Object Type') {
      objectTypes = list.map((a) => a.value as number);
      continue;
    }
    if (name === 'State') {
      wantedState = list[0]?.value as number;
      continue;
    }
    const stored = list.map((a) => toStoredAttribute(a).value);
    if (stored.length === 2 && stored[0]?.type === ItemType.DateTime && stored[1]?.type === ItemType.DateTime) {
      conditions.push({ name, op: 'ge', value: stored[0] }, { name, op: 'le', value: stored[1] });
    } else {
      for (const value of stored) conditions.push({ name, op: 'eq', value });
    }
  }
  if (req.objectGroupMember === ObjectGroupMember.GroupMemberFresh) {
    conditions.push({ name: 'Fresh', op: 'eq', value: { tag: 0, type: ItemType.Boolean, value: true } });
  }
  const tx = ctx.objects.transaction;
  const candidates = await tx.find({ owner: ctx.principal, ...(objectTypes ? { objectTypes } : {}), attributes: conditions });
  // Storage status (on-line by default) and the state at this moment decide per object.
  const mask = req.storageStatusMask ?? StorageStatusMask.OnLineStorage;
  const matches: string[] = [];
  for (const uid of candidates) {
    const rec = await tx.get(uid);
    if (rec === undefined) continue;
    const find = (n: string) => rec.attributes.find((a) => a.name === n)?.value;
    const stateNode = find('State');
    const stored = stateNode !== undefined && stateNode.type === ItemType.Enumeration ? stateNode.value : State.PreActive;
    const date = (n: string): bigint | undefined => {
      const v = find(n);
      return v !== undefined && v.type === ItemType.DateTime ? v.value : undefined;
    };
    const state = effectiveState(stored as LifecycleState, { activationDate: date('Activation Date'), deactivationDate: date('Deactivation Date') }, ctx.now);
    if (wantedState !== undefined && state !== wantedState) continue;
    const destroyed = DESTROYED.has(state);
    const archived = !destroyed && date('Archive Date') !== undefined;
    const storage = destroyed ? StorageStatusMask.DestroyedStorage : archived ? StorageStatusMask.ArchivalStorage : StorageStatusMask.OnLineStorage;
    if ((mask & storage) === 0) continue;
    matches.push(uid);
  }
  // Newest first; a group's members in the order they joined it (candidates come in creation order).
  if (req.objectGroupMember === ObjectGroupMember.GroupMemberDefault) {
    const fresh = await firstFresh(matches, ctx);
    matches.splice(0, matches.length, ...(fresh !== undefined ? [fresh] : matches.slice(0, 1)));
  } else if (req.objectGroupMember !== ObjectGroupMember.GroupMemberFresh) {
    matches.reverse();
  }
  const offset = req.offsetItems ?? 0;
  const page = matches.slice(offset, req.maximumItems === undefined ? undefined : offset + req.maximumItems);
  // The ID Placeholder names the one object found; a Locate that returns several, or none, empties
  // it, so that batched operations relying on it fail rather than act on another object [1.2
  // §4.9, 2.1 §6.1.27].
  ctx.batch.record(page.map((uid) => ({ kinds: [UniqueIdentifier.Locate], uid })), page.length === 1 ? page[0] : undefined);
  if (page.length !== 1) ctx.batch.idPlaceholder = undefined;
  return {
    ...(req.offsetItems !== undefined ? { locatedItems: matches.length } : {}),
    ...(page.length > 0 ? { uniqueIdentifier: page } : {}),
  };
});
