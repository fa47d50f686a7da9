/**
 * Who may set, change and delete each attribute, how many instances it may have, and which
 * protocol versions know it — from the attribute rules of the specification (the registry's
 * rule tables of KMIP 1.2 and 2.1), with the few server decisions the rules leave open written
 * down here.
 */
import { ATTRIBUTE_DEFS, attributeTagForName, definedIn, tagDef, type AttributeDef, type AttributeRules, type ProtocolVersion } from '@keyhold/protocol';

const byName = new Map<string, AttributeDef>(ATTRIBUTE_DEFS.map((a) => [a.name, a]));

/**
 * Attributes only the server sets: a client that supplies them at creation gets Attribute Read
 * Only (2.x) / Permission Denied (1.x); they are never modifiable or deletable by clients.
 * (Cryptographic Algorithm, Length, Object Type and the usage attributes are "initially set by the
 * server" too, but from values the client gives in the request, so they are accepted there.)
 */
export const SERVER_MANAGED = new Set([
  'Unique Identifier',
  'State',
  'Initial Date',
  'Last Change Date',
  'Digest',
  'Key Value Present',
  'Always Sensitive',
  'Never Extractable',
  'Destroy Date',
  'Compromise Date',
  'Compromise Occurrence Date',
  'Archive Date',
  'Revocation Reason',
  'Lease Time',
  'Certificate Type',
  'Certificate Length',
  'Certificate Identifier',
  'Certificate Subject',
  'Certificate Issuer',
  'X.509 Certificate Identifier',
  'X.509 Certificate Subject',
  'X.509 Certificate Issuer',
  'Digital Signature Algorithm',
  'Short Unique Identifier',
  'Rotate Date',
  'Rotate Generation',
  'Rotate Latest',
  'Key Format Type',
  'Opaque Data Type',
]);

function rulesFor(a: AttributeDef, version: ProtocolVersion): AttributeRules | undefined {
  return version.major >= 2 ? (a.rules['2.1'] ?? a.rules['1.2']) : (a.rules['1.2'] ?? a.rules['2.1']);
}

/** True for custom (1.x `x-`/`y-`) and vendor attributes. */
export function isCustomAttribute(name: string): boolean {
  return !byName.has(name) && attributeTagForName(name) === undefined;
}

/** True for attributes a client created (1.x `x-…`, 2.x vendor "x"), which it may change freely. */
export function isClientCustomAttribute(name: string): boolean {
  return isCustomAttribute(name) && !name.startsWith('y-');
}

/** True when `version` defines the attribute (custom attributes exist in every version). */
export function attributeInVersion(name: string, version: ProtocolVersion): boolean {
  const a = byName.get(name);
  if (a) return definedIn(a, version);
  const tag = attributeTagForName(name);
  if (tag !== undefined) {
    const t = tagDef(tag);
    return t === undefined || definedIn(t, version);
  }
  return true;
}

/** True when the attribute may have several instances. */
export function isMultiInstance(name: string): boolean {
  const a = byName.get(name);
  if (a) return !a.singleInstance;
  return isCustomAttribute(name);
}

/** True when a client may supply the attribute when creating or registering an object. */
export function clientMaySetInitially(name: string): boolean {
  if (isCustomAttribute(name)) return isClientCustomAttribute(name);
  return !SERVER_MANAGED.has(name);
}

/** True when a client may change an existing value (Modify/Set Attribute), state rules aside. */
export function clientMayModify(name: string, version: ProtocolVersion): boolean {
  if (isCustomAttribute(name)) return isClientCustomAttribute(name);
  const a = byName.get(name);
  if (!a || SERVER_MANAGED.has(name)) return false;
  const m = rulesFor(a, version)?.modifiableByClient ?? 'No';
  return m.startsWith('Yes');
}

/** True when a client may add an instance (Add Attribute). */
export function clientMayAdd(name: string, version: ProtocolVersion): boolean {
  if (isCustomAttribute(name)) return isClientCustomAttribute(name);
  if (SERVER_MANAGED.has(name)) return false;
  const a = byName.get(name);
  if (!a) return false;
  const init = rulesFor(a, version)?.initiallySetBy ?? '';
  return /Client/.test(init) || clientMayModify(name, version);
}

/** True when a client may delete the attribute (Delete Attribute). */
export function clientMayDelete(name: string, version: ProtocolVersion): boolean {
  if (isCustomAttribute(name)) return isClientCustomAttribute(name);
  const a = byName.get(name);
  if (!a || SERVER_MANAGED.has(name)) return false;
  return (rulesFor(a, version)?.deletableByClient ?? 'No').startsWith('Yes');
}
