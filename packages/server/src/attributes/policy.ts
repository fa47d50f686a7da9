/**
 * Who may set, change and delete each attribute, how many instances it may have, and which
 * protocol versions know it — from the attribute rules of the specification (the registry's
 * rule tables of KMIP 1.2 and 2.1), with the few server decisions the rules leave open written
 * down here.
 */
import { ATTRIBUTE_DEFS, attributeTagForName, definedIn, ObjectType, State, tagDef, type AttributeDef, type AttributeRules, type ProtocolVersion } from '@keyhold/protocol';

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
  // Certificate Subject CN, … Certificate Issuer DN Qualifier: the members of the 2.x group
  // Certificate Attributes, derived from the certificate [2.1 §4.10].
  ...(ATTRIBUTE_DEFS.find((a) => a.name === 'Certificate Attributes')?.members ?? []),
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

// ---------------------------------------------------------------------------------------------
// Object types an attribute applies to, and the state rules of changes
// ---------------------------------------------------------------------------------------------

const O = ObjectType;
const CRYPTOGRAPHIC_OBJECTS: readonly number[] = [O.Certificate, O.CertificateRequest, O.SymmetricKey, O.PublicKey, O.PrivateKey, O.SplitKey, O.SecretData, O.PGPKey];

/** Object types of the words of the rule tables' "Applies to Object Types" row (singular, lower case). */
const OBJECT_TYPE_WORDS: ReadonlyMap<string, readonly number[]> = new Map<string, readonly number[]>([
  ['all cryptographic object', CRYPTOGRAPHIC_OBJECTS],
  ['cryptographic object', CRYPTOGRAPHIC_OBJECTS],
  ['key', [O.SymmetricKey, O.PublicKey, O.PrivateKey, O.SplitKey, O.PGPKey]],
  ['asymmetric key', [O.PublicKey, O.PrivateKey]],
  ['symmetric key', [O.SymmetricKey]],
  ['split key', [O.SplitKey]],
  ['split keys of symmetric key', [O.SplitKey]],
  ['public key', [O.PublicKey]],
  ['private key', [O.PrivateKey]],
  ['secret data', [O.SecretData]],
  ['certificate', [O.Certificate]],
  ['x.509 certificate', [O.Certificate]],
  ['pgp key', [O.PGPKey]],
  ['template', [O.Template]],
  ['opaque object', [O.OpaqueObject]],
]);

/**
 * True when the attribute applies to objects of `objectType` in `version`, by the rule table's
 * "Applies to Object Types" row (1.2 rules for 1.x, 2.1 rules for 2.x: e.g. Link applies to the
 * cryptographic objects in 1.x and to all objects in 2.x). Custom attributes, attributes without a
 * rule table and words this table does not know apply to every object (the server does not refuse
 * what it cannot tell).
 */
export function appliesToObjectType(name: string, objectType: number, version: ProtocolVersion): boolean {
  const a = byName.get(name);
  const words = a === undefined ? undefined : rulesFor(a, version)?.appliesToObjectTypes;
  if (words === undefined || words.length === 0) return true;
  for (const w of words) {
    const key = w.trim().toLowerCase().replace(/s$/, '');
    if (key === 'all object') return true;
    const types = OBJECT_TYPE_WORDS.get(key);
    if (types === undefined || types.includes(objectType)) return true;
  }
  return false;
}

/** What the rule table allows a client to change only in some states (see {@link changeConstraint}). */
export interface ChangeConstraint {
  /** The states in which a client may set or change the attribute. */
  readonly states: readonly number[];
  /**
   * True when an existing value may be changed only as long as the date it holds has not been
   * reached (Process Start Date, Protect Stop Date).
   */
  readonly untilReached: boolean;
}

const STATE_WORDS: ReadonlyMap<string, number> = new Map([
  ['pre-active', State.PreActive],
  ['active', State.Active],
  ['deactivated', State.Deactivated],
  ['compromised', State.Compromised],
  ['destroyed', State.Destroyed],
  ['destroyed compromised', State.DestroyedCompromised],
]);

/**
 * The state rule of the "Modifiable by client" row, when it has one: "Yes, only while in
 * Pre-Active state" (Activation Date), "… Pre-Active or Active state" (Deactivation Date), "… and
 * as long as the Process Start Date has been not reached" (Process Start Date, Protect Stop Date).
 * The server applies it to every client change of the value (Add, Modify, Set, Adjust Attribute).
 */
export function changeConstraint(name: string, version: ProtocolVersion): ChangeConstraint | undefined {
  const a = byName.get(name);
  const text = a === undefined ? undefined : rulesFor(a, version)?.modifiableByClient;
  const m = text === undefined ? null : /only while in (.+?) state/i.exec(text);
  if (m === null || text === undefined) return undefined;
  const states = (m[1] as string).split(/\s+or\s+|,\s*/).map((w) => STATE_WORDS.get(w.trim().toLowerCase()));
  if (states.some((s) => s === undefined)) return undefined;
  return { states: states as number[], untilReached: /as long as .+ (?:has been not|has not been) reached/i.test(text) };
}


const groupMembers = new Set(ATTRIBUTE_DEFS.flatMap((a) => a.members ?? []));

/**
 * True when `name` names an attribute: a standard attribute, a member of an attribute group
 * (Certificate Attributes, the 3.0 Links and Counters) or a custom/vendor attribute — not some
 * other tag a 2.x client put in a New Attribute.
 */
export function isAttributeName(name: string): boolean {
  return byName.has(name) || groupMembers.has(name) || isCustomAttribute(name);
}
