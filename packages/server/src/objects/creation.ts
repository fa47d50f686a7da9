/**
 * What every operation that makes a new object does (Create, Create Key Pair, Register, Derive
 * Key, Re-key, Certify, …): check the client's attributes against the attribute rules, keep Names
 * unique across the server, and add the attributes the server derives [KMIP 1.2 §3, 2.1 §4:
 * Unique Identifier, Object Type, State, Initial Date, Last Change Date, Original Creation Date,
 * Digest, Fresh, Key Value Present, Sensitive/Extractable and their Always/Never companions, Lease
 * Time, Key Format Type, Random Number Generator, the Usage Limits Count, Short Unique Identifier].
 */
import {
  HashingAlgorithm,
  CryptographicAlgorithm,
  DRBGAlgorithm,
  KeyFormatType,
  KmipError,
  ObjectType,
  ProtectionStorageMask,
  RNGAlgorithm,
  ResultReason,
  State,
  type Attribute,
  type AttributeValue,
  type Attributes,
  type ManagedObject,
  type Name,
  type RNGParameters,
} from '@keyhold/protocol';
import { digest, digestKeyMaterial, isKeyMaterialError } from '../crypto/index.js';
import type { KeyMaterialValue } from '../crypto/index.js';
import { initialState } from '../lifecycle.js';
import { attributeInVersion, clientMaySetInitially, isMultiInstance } from '../attributes/policy.js';
import type { OperationContext } from '../operations/context.js';
import { LEASE_TIME_SECONDS } from './lease.js';
import { kmipError } from '../errors/kmip.js';
import { ManagedRecord } from './managed.js';
import { undefinedEnumMessage, undefinedEnumValue } from '../attributes/version-values.js';
import { toStoredAttribute } from './stored-form.js';

/**
 * Validates the attributes a client gave for a new object and returns them ready to store
 * (indices assigned to multi-instance attributes).
 * @throws KmipError Attribute Read Only for server-managed attributes, Attribute Single Valued for
 * a repeated single-instance attribute, Invalid Attribute for one the version does not define,
 * Item Not Found for 1.x Template names (templates are not kept by this server), Non Unique Name.
 */
export async function clientAttributes(attrs: Attributes | undefined, ctx: OperationContext, options: { readonly allow?: readonly string[] } = {}): Promise<Attribute[]> {
  const fromTemplates = await templateAttributes(attrs?.name ?? [], ctx);
  const given = attrs?.attribute ?? [];
  // Attributes given in the request win over single-instance attributes of the templates.
  const merged = [...fromTemplates.filter((t) => isMultiInstance(t.name) || !given.some((g) => g.name === t.name)), ...given];
  const out: Attribute[] = [];
  const counts = new Map<string, number>();
  for (const a of merged) {
    if (!attributeInVersion(a.name, ctx.version)) {
      throw new KmipError(ResultReason.InvalidAttribute, `attribute ${JSON.stringify(a.name)} is not defined in KMIP ${ctx.version.major}.${ctx.version.minor}`);
    }
    if (!clientMaySetInitially(a.name) && !(options.allow ?? []).includes(a.name)) {
      // KMIP 1.x reports any unacceptable attribute of a new object as Invalid Field (1.2 Table 291).
      throw kmipError(ResultReason.AttributeReadOnly, `attribute ${JSON.stringify(a.name)} is set by the server`, ResultReason.InvalidField);
    }
    if (a.value === undefined) throw new KmipError(ResultReason.InvalidAttributeValue, `attribute ${JSON.stringify(a.name)} has no value`);
    const undefinedValue = undefinedEnumValue(a, ctx.version);
    if (undefinedValue !== undefined) throw new KmipError(ResultReason.InvalidAttributeValue, undefinedEnumMessage(a, undefinedValue, ctx.version));
    const n = counts.get(a.name) ?? 0;
    if (n > 0 && !isMultiInstance(a.name)) {
      throw kmipError(ResultReason.AttributeSingleValued, `attribute ${JSON.stringify(a.name)} may have only one value`, ResultReason.InvalidField);
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

/**
 * The attributes of the 1.x Template objects named in a Template-Attribute [KMIP 1.2 §2.2.6,
 * deprecated in 1.3, gone in 2.0]: every attribute of each template except its Name, in order.
 * @throws KmipError Item Not Found for a name that is no Template of the client's.
 */
async function templateAttributes(names: readonly Name[], ctx: OperationContext): Promise<Attribute[]> {
  const out: Attribute[] = [];
  for (const name of names) {
    const value = toStoredAttribute({ name: 'Name', value: name }).value;
    const [uid] = await ctx.objects.transaction.find({
      owner: ctx.principal,
      objectTypes: [ObjectType.Template],
      hasObject: true,
      attributes: [{ name: 'Name', op: 'eq', value }],
      limit: 1,
    });
    if (uid === undefined) throw new KmipError(ResultReason.ItemNotFound, `no Template named ${JSON.stringify(name.nameValue)}`);
    const template = (await ctx.objects.load(uid)).object;
    if (template === null || template.objectType !== ObjectType.Template) throw new KmipError(ResultReason.ItemNotFound, `no Template named ${JSON.stringify(name.nameValue)}`);
    for (const a of template.attribute ?? []) if (a.name !== 'Name') out.push({ name: a.name, ...(a.value !== undefined ? { value: a.value } : {}) });
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
  /** The Unique Identifier the client chose (Import); by default the server generates one. */
  readonly uid?: string;
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
  const record =
    o.uid === undefined
      ? ctx.objects.create(o.objectType, o.object, attrs)
      : new ManagedRecord({ uid: o.uid, objectType: o.objectType, owner: ctx.principal, revision: 0, attributes: attrs, object: o.object });
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
      record.set('Digest', { hashingAlgorithm: HashingAlgorithm.SHA_256, digestValue: value, keyFormatType: o.digestOf.format });
    } catch (err) {
      if (!isKeyMaterialError(err)) throw err;
    }
  }
  const isKey = [2, 3, 4, 5].includes(o.objectType) || o.objectType === 7;
  // Certificates and PGP Keys are cryptographic objects too: Fresh, Sensitive and Extractable apply
  // to them (the OASIS test cases TC-132, TC-ECC-3 and TC-CERTATTR show them on a registered
  // certificate, TC-PGP-1-14 on a PGP Key).
  if (isKey || o.objectType === ObjectType.Certificate || o.objectType === ObjectType.PGPKey) {
    record.set('Fresh', true);
    // False when the Key Block came without its Key Value (kept elsewhere: Key Value Location) [1.2 §3.41, 2.1 §4.28].
    if (isKey) record.set('Key Value Present', o.object !== null && (!('keyBlock' in o.object) || o.object.keyBlock.keyValue !== undefined));
    const sensitive = (record.value('Sensitive') as boolean | undefined) ?? false;
    const extractable = (record.value('Extractable') as boolean | undefined) ?? true;
    record.set('Sensitive', sensitive);
    record.set('Extractable', extractable);
    record.set('Always Sensitive', sensitive);
    record.set('Never Extractable', !extractable);
  }
  // Server policy: the Short Unique Identifier (SHA-256 of the Unique Identifier, 2.1 §4.56), where
  // the object is kept (Protection Storage Mask, 2.1 §4.44: {@link STORED_PROTECTION}), the Lease
  // Time of every cryptographic object (./lease.ts), the Key Format Type the key is kept in [2.1
  // §4.26], the generator of server-made keys [2.1 §4.48], and the Usage Limits Count, which only
  // the server sets: it starts at the Total [1.2 §3.21].
  record.set('Short Unique Identifier', digest(Buffer.from(record.uid, 'utf8')));
  record.set('Protection Storage Mask', STORED_PROTECTION);
  if (o.objectType !== ObjectType.Template && o.objectType !== ObjectType.OpaqueObject) record.set('Lease Time', LEASE_TIME_SECONDS);
  if (o.object !== null && 'keyBlock' in o.object) record.set('Key Format Type', o.object.keyBlock.keyFormatType);
  if (o.generatedByServer) {
    const asked = record.all('Random Number Generator');
    if (asked.length > 0 && !asked.some((a) => rngMatches(a.value as RNGParameters))) {
      throw new KmipError(ResultReason.InvalidAttributeValue, 'the Random Number Generator asked for is not the one this server uses (NIST SP 800-90A CTR_DRBG with AES-256)');
    }
    record.remove('Random Number Generator');
    record.set('Random Number Generator', SERVER_RNG);
  }
  const limits = record.value('Usage Limits');
  if (limits !== undefined) record.set('Usage Limits', { ...limits, usageLimitsCount: limits.usageLimitsTotal });
  return record;
}

/**
 * The Protection Storage Mask of every object: Software — the store keeps objects encrypted
 * under the master key in a file (or memory), no hardware module. A request whose Protection
 * Storage Masks do not allow Software cannot be served ({@link storageAllowed}).
 */
export const STORED_PROTECTION: number = ProtectionStorageMask.Software;

/**
 * Refuses to generate an object the client requires to be Quantum Safe (2.1 §4.45: "required to be
 * Quantum Safe for the given Protection Period and Protection Level"). This server makes no
 * quantum-safe claim for what it generates — Query answers Quantum Safe Capability false and does
 * not claim the Quantum Safe Server profile — so it cannot honour the requirement; keeping the flag
 * on a key it generated anyway would be a false claim. The refusal is answered with the Result
 * Reason the OASIS Quantum Safe profile test case gives it (QS-M-2-21: General Failure, message
 * "NOT_SAFE"); it is a deliberate answer, not an internal fault (docs/errors.md).
 * Quantum Safe false, or absent, asks for nothing.
 * @throws KmipError General Failure.
 */
export function refuseQuantumSafe(...attributeSets: readonly (readonly Attribute[])[]): void {
  if (attributeSets.some((set) => set.some((a) => a.name === 'Quantum Safe' && a.value === true))) {
    throw new KmipError(ResultReason.GeneralFailure, 'NOT_SAFE: this server does not generate Quantum Safe objects (it makes no quantum-safe claim for any key)');
  }
}

/** True when a request's Protection Storage Masks (absent or empty: any) allow {@link STORED_PROTECTION}. */
export function storageAllowed(masks: { readonly protectionStorageMask?: readonly number[] | undefined } | undefined): boolean {
  const list = masks?.protectionStorageMask ?? [];
  return list.length === 0 || list.some((m) => (m & STORED_PROTECTION) !== 0);
}

/**
 * The random number generator behind every key this server generates: node:crypto's
 * randomBytes, i.e. OpenSSL 3's default DRBG, NIST SP 800-90A CTR_DRBG with AES-256.
 */
export const SERVER_RNG: RNGParameters = { rngAlgorithm: RNGAlgorithm.DRBG, drbgAlgorithm: DRBGAlgorithm.CTR, cryptographicAlgorithm: CryptographicAlgorithm.AES, cryptographicLength: 256 };

/** True when a client's Random Number Generator value is satisfied by {@link SERVER_RNG} (absent fields match). */
function rngMatches(p: RNGParameters): boolean {
  if (p.rngAlgorithm !== RNGAlgorithm.Unspecified && p.rngAlgorithm !== RNGAlgorithm.DRBG) return false;
  if (p.drbgAlgorithm !== undefined && p.drbgAlgorithm !== DRBGAlgorithm.Unspecified && p.drbgAlgorithm !== DRBGAlgorithm.CTR) return false;
  if (p.cryptographicAlgorithm !== undefined && p.cryptographicAlgorithm !== CryptographicAlgorithm.AES) return false;
  if (p.cryptographicLength !== undefined && p.cryptographicLength !== 256) return false;
  return p.hashingAlgorithm === undefined && p.recommendedCurve === undefined && p.fips186Variation === undefined;
}
