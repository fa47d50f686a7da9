/**
 * What Re-key and Re-key Key Pair share: the attributes of a replacement key (copied from the
 * existing key, dates moved by the Offset, the request's attributes added) and the Links between
 * the existing and the replacement key [KMIP 1.2 §4.4 Tables 145-146, §4.5 Tables 149-150; 2.1
 * §6.1.46 Tables 303-304, §6.1.47 Tables 308-309].
 *
 * Copied: every attribute a client may set on a new object (Name, Cryptographic Algorithm, Length,
 * Parameters, Domain Parameters, Usage Mask, Usage Limits, Object Group, Application Specific
 * Information, Contact Information, Sensitive, Extractable, custom attributes, the dates, …). Not
 * copied: what the server sets for every new object (Unique Identifier, State, Initial Date, Last
 * Change Date, Digest, Destroy Date, Compromise (Occurrence) Date, Revocation Reason, Archive
 * Date, …: ../objects/creation.ts newObjectRecord sets them anew or leaves them unset), Links (the
 * replacement gets a Replaced Object Link instead), the Random Number Generator (2.1 §4.48: "SHALL
 * NOT be copied from the original object") and the Key Value Location (the new value is kept on
 * the server). The Usage Limits Total is copied; the replacement's Count starts at the Total.
 *
 * Result Reasons: Invalid Message (an Offset together with the date attributes it computes: 1.2
 * Tables 294-295); Invalid Field, in 1.x Illegal Operation (an Offset while the existing key has
 * no Activation Date but dates to move relative to it); Key Value Not Present (the existing key has
 * no key value: destroyed, or registered without one).
 */
import { KmipError, LinkType, ResultReason, type Attribute, type Link } from '@keyhold/protocol';
import { clientMaySetInitially, isMultiInstance } from '../attributes/policy.js';
import { kmipError } from '../errors/kmip.js';
import type { ManagedRecord } from '../objects/managed.js';

/** The dates of a replacement symmetric key that follow the Activation Date (1.2 Table 145). */
export const REKEY_SHIFTED_DATES: readonly string[] = ['Process Start Date', 'Protect Stop Date', 'Deactivation Date'];

/** The dates of a replacement key pair that follow the Activation Date (1.2 Table 149). */
export const REKEY_KEY_PAIR_SHIFTED_DATES: readonly string[] = ['Deactivation Date'];

/** Client-settable attributes a replacement key does not take over. */
const NOT_COPIED = new Set(['Link', 'Random Number Generator', 'Key Value Location']);

/**
 * Refuses to replace a key without key value.
 * @throws KmipError Key Value Not Present.
 */
export function requireKeyValue(existing: ManagedRecord): void {
  const obj = existing.object;
  if (obj === null || !('keyBlock' in obj) || obj.keyBlock.keyValue === undefined) {
    throw new KmipError(ResultReason.KeyValueNotPresent, 'the existing key has no key value on the server (destroyed, or registered without one)');
  }
}

/**
 * The existing key's dates moved for the replacement (1.2 Tables 145/149): Activation Date =
 * now + Offset, each of `shifted` = its old value + (new - old Activation Date). Without Offset the
 * dates are copied unchanged.
 */
function movedDates(existing: ManagedRecord, offset: number, now: bigint, shifted: readonly string[]): Attribute[] {
  const at1 = existing.value('Activation Date');
  const at2 = now + BigInt(offset);
  const present = shifted.filter((name) => existing.find(name) !== undefined);
  if (at1 === undefined && present.length > 0) {
    throw kmipError(
      ResultReason.InvalidField,
      `an Offset cannot move the ${present.join(', ')} of a key that has no Activation Date`,
      ResultReason.IllegalOperation,
    );
  }
  const out: Attribute[] = [{ name: 'Activation Date', value: at2 }];
  for (const name of present) {
    const t1 = existing.find(name)?.value;
    if (typeof t1 === 'bigint' && at1 !== undefined) out.push({ name, value: t1 + (at2 - at1) });
  }
  return out;
}

/**
 * The attributes of a replacement key: those of the existing key (Names first, in their order),
 * with its dates moved by `offset` when given, then the request's `requested` attributes — a
 * single-instance attribute of the request replaces the copied one, a multi-instance one (another
 * Name, say) is added after the copied instances.
 * @throws KmipError Invalid Message (an Offset and a date attribute it computes), Invalid Field /
 * 1.x Illegal Operation (an Offset without Activation Date to move the other dates from).
 */
export function replacementAttributes(existing: ManagedRecord, requested: readonly Attribute[], offset: number | undefined, now: bigint, shifted: readonly string[]): Attribute[] {
  const dates = ['Activation Date', ...shifted];
  if (offset !== undefined) {
    const clash = requested.find((a) => dates.includes(a.name));
    if (clash !== undefined) throw new KmipError(ResultReason.InvalidMessage, `the Offset and the ${clash.name} attribute cannot be given together: the Offset computes the dates`);
  }
  // Stored instances are in index order (ManagedRecord.add appends the next index).
  let copied: Attribute[] = existing.attributes.filter((a) => a.value !== undefined && clientMaySetInitially(a.name) && !NOT_COPIED.has(a.name));
  if (offset !== undefined) {
    const moved = movedDates(existing, offset, now, shifted);
    copied = [...copied.filter((a) => !dates.includes(a.name)), ...moved];
  }
  const single = new Set(requested.filter((a) => !isMultiInstance(a.name)).map((a) => a.name));
  const merged = [...copied.filter((a) => !single.has(a.name)), ...requested];
  const counts = new Map<string, number>();
  return merged.map((a) => {
    const n = counts.get(a.name) ?? 0;
    counts.set(a.name, n + 1);
    return n === 0 ? { name: a.name, value: a.value as NonNullable<Attribute['value']> } : { name: a.name, value: a.value as NonNullable<Attribute['value']>, index: n };
  });
}

/**
 * Links the existing key and its replacement both ways (Replacement Object Link on the existing
 * key, Replaced Object Link on the replacement) and takes the existing key's Names away (the
 * replacement has them now). The 2.1 rotation attributes [2.1 §4.49, §4.50, §4.52], which the
 * server alone sets: the replacement's Rotate Generation counts the Re-keys that led to it (the
 * existing key's plus one; a key never rotated counts zero), its Rotate Date is now, and Rotate
 * Latest is true on the replacement and false on the existing key. (Stored for every version; a 1.x
 * client does not see them: Get Attributes answers only what the request's version defines.)
 */
export function linkReplacement(existing: ManagedRecord, replacement: ManagedRecord, now: bigint): void {
  const replacementLink: Link = { linkType: LinkType.ReplacementObjectLink, linkedObjectIdentifier: replacement.uid };
  const replacedLink: Link = { linkType: LinkType.ReplacedObjectLink, linkedObjectIdentifier: existing.uid };
  existing.remove('Name');
  existing.add('Link', replacementLink);
  existing.set('Rotate Latest', false);
  existing.set('Last Change Date', now);
  replacement.add('Link', replacedLink);
  const generation = existing.value('Rotate Generation');
  replacement.set('Rotate Generation', (typeof generation === 'number' ? generation : 0) + 1);
  replacement.set('Rotate Date', now);
  replacement.set('Rotate Latest', true);
}
