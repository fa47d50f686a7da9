/**
 * The policy every cryptographic use of a managed key goes through (Encrypt, Decrypt, Sign,
 * Signature Verify, MAC, MAC Verify, and the wrapping / unwrapping key of a key wrap: Get and
 * Export with a Key Wrapping Specification, Get Not Wrapped and Import of a wrapped key)
 * [KMIP 1.2 §3.19 Cryptographic Usage Mask, §3.21 Usage Limits, §3.22 State, §3.25/§3.26 Process
 * Start / Protect Stop Date, §2.1.5; 2.1 §4.19, §4.57, §4.44, §4.47, §4.61, §2.1.5]:
 *
 * - the Cryptographic Usage Mask must have the bit of the use (Encrypt, Decrypt, Sign, Verify,
 *   MAC Generate, MAC Verify, Wrap Key; Unwrap Key or Wrap Key to unwrap, as the OASIS test cases
 *   TC-WRAP-2/3-14 unwrap with a Wrap Key-only key) -> Incompatible Cryptographic Usage Mask (1.x
 *   Permission Denied);
 * - protection (encrypt, sign, MAC, wrap) only with an Active key and before its Protect Stop Date;
 *   processing (decrypt, verify, MAC verify, unwrap) with an Active, Deactivated or Compromised key,
 *   from its Process Start Date on -> Wrong Key Lifecycle State (1.x Permission Denied);
 * - Usage Limits: each protecting use takes its units (one per use for the Object unit, the data
 *   length for the Byte unit) off the Usage Limits Count, in the item's store transaction (durable,
 *   undone with the batch); not enough left -> Permission Denied in every version, as Encrypt says
 *   (1.2 §4.29, 2.1 §6.1.17: "If the allocation is unable to be obtained the operation SHALL return
 *   … Permission Denied"; the OASIS test case CS-BC-M-7-21 answers so) — Usage Limit Exceeded is
 *   Get Usage Allocation's and Check's reason;
 * - the Cryptographic Parameters of a request are completed field by field from the key's
 *   Cryptographic Parameters attribute (its first instance).
 *
 * The key material is returned as a node:crypto KeyObject (never logged, never in a message);
 * parsed private and public keys are kept a short while in crypto/key-cache.ts (content-addressed,
 * so the policy above still runs on the freshly loaded record every time).
 */
import { createPrivateKey, createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import {
  CryptographicUsageMask,
  HashingAlgorithm,
  KmipError,
  ObjectType,
  ResultReason,
  UsageLimitsUnit,
  type CryptographicParameters,
  type KeyFormatType,
  type ManagedObject,
  type ObjectRef,
} from '@keyhold/protocol';
import { mayProcess, mayProtect, type LifecycleState } from '../lifecycle.js';
import type { ManagedRecord } from '../objects/managed.js';
import { remainingUsage } from '../objects/lease.js';
import type { OperationContext } from '../operations/context.js';
import { importKey } from './formats.js';
import { KeyCache, keyFingerprint } from './key-cache.js';
import type { KeyMaterialValue } from './types.js';

/** The uses of a key. */
export type KeyUse = 'encrypt' | 'decrypt' | 'sign' | 'verify' | 'mac' | 'mac-verify' | 'wrap' | 'unwrap';

/** Per use: the usage mask bits of which the key needs one, protection or processing, the name for messages. */
const USE: Readonly<Record<KeyUse, { readonly bit: number; readonly protect: boolean; readonly name: string }>> = {
  encrypt: { bit: CryptographicUsageMask.Encrypt, protect: true, name: 'Encrypt' },
  decrypt: { bit: CryptographicUsageMask.Decrypt, protect: false, name: 'Decrypt' },
  sign: { bit: CryptographicUsageMask.Sign, protect: true, name: 'Sign' },
  verify: { bit: CryptographicUsageMask.Verify, protect: false, name: 'Verify' },
  mac: { bit: CryptographicUsageMask.MACGenerate, protect: true, name: 'MAC Generate' },
  'mac-verify': { bit: CryptographicUsageMask.MACVerify, protect: false, name: 'MAC Verify' },
  wrap: { bit: CryptographicUsageMask.WrapKey, protect: true, name: 'Wrap Key' },
  unwrap: { bit: CryptographicUsageMask.UnwrapKey | CryptographicUsageMask.WrapKey, protect: false, name: 'Unwrap Key' },
};

/** A key cleared for one use. */
export interface UsableKey {
  readonly uid: string;
  readonly record: ManagedRecord;
  readonly objectType: number;
  /** The key's Cryptographic Algorithm (undefined when it has none). */
  readonly algorithm: number | undefined;
  /** The key's Cryptographic Length in bits (undefined when it has none). */
  readonly lengthBits: number | undefined;
  /** The key: secret (symmetric), private or public. */
  readonly key: KeyObject;
  /** The request's Cryptographic Parameters completed from the key's attribute. */
  readonly params: CryptographicParameters;
}

const KEY_TYPES = new Set<number>([ObjectType.SymmetricKey, ObjectType.PrivateKey, ObjectType.PublicKey, ObjectType.SecretData]);

/** The request's Cryptographic Parameters, completed field by field from the key's attribute. */
export function effectiveParameters(record: ManagedRecord, requested: CryptographicParameters | undefined): CryptographicParameters {
  const stored = record.value('Cryptographic Parameters');
  if (stored === undefined) return requested ?? {};
  if (requested === undefined) return stored;
  const out: Record<string, unknown> = { ...stored };
  for (const [k, v] of Object.entries(requested)) if (v !== undefined) out[k] = v;
  return out as CryptographicParameters;
}

/** Parsed private and public keys (see crypto/key-cache.ts). */
const KEYS = new KeyCache();

/** The node:crypto key of a managed key object (unwrapped, in a format the server reads). */
function keyObjectOf(uid: string, obj: ManagedObject | null, objectType: number, algorithm: number | undefined, lengthBits: number | undefined): KeyObject {
  if (obj === null || !('keyBlock' in obj)) throw new KmipError(ResultReason.KeyValueNotPresent, 'the object has no key value');
  const kb = obj.keyBlock;
  const kv = kb.keyValue;
  if (kv === undefined) throw new KmipError(ResultReason.KeyValueNotPresent, 'the object has no key value');
  if (kv instanceof Uint8Array || kb.keyWrappingData !== undefined) {
    throw new KmipError(ResultReason.FeatureNotSupported, 'the server does not use keys it holds only in wrapped form');
  }
  const asymmetric = objectType === ObjectType.PrivateKey || objectType === ObjectType.PublicKey;
  const material = kv.keyMaterial;
  const fingerprint = asymmetric && material instanceof Uint8Array ? keyFingerprint(objectType, kb.keyFormatType, kb.cryptographicAlgorithm ?? algorithm, kb.cryptographicLength ?? lengthBits, material) : undefined;
  const cached = fingerprint === undefined ? undefined : KEYS.get(uid, fingerprint);
  if (cached !== undefined) return cached;
  const key = parseKey(objectType, kb.keyFormatType, material as KeyMaterialValue, kb.cryptographicAlgorithm ?? algorithm, kb.cryptographicLength ?? lengthBits);
  if (fingerprint !== undefined) KEYS.set(uid, fingerprint, key);
  return key;
}

/** Validates and parses key material (crypto/formats.ts importKey, then node:crypto). */
function parseKey(objectType: number, format: number, material: KeyMaterialValue, algorithm: number | undefined, lengthBits: number | undefined): KeyObject {
  const imported = importKey({ objectType: objectType as ObjectType, format: format as KeyFormatType, material, algorithm: algorithm as never, lengthBits });
  try {
    if (objectType === ObjectType.PrivateKey) return createPrivateKey({ key: imported.material, format: 'der', type: 'pkcs8' });
    if (objectType === ObjectType.PublicKey) return createPublicKey({ key: imported.material, format: 'der', type: 'spki' });
    return createSecretKey(imported.material);
  } finally {
    imported.material.fill(0);
  }
}

/**
 * Loads the key `ref` for `use` and applies the policy (see the module comment). `units` is the
 * amount of data the use processes, for Usage Limits in Bytes; `options.continuation` marks a later
 * request of a multi-part operation (checked again, but not counted as another Object). A protecting use that passes takes
 * its units off the Usage Limits Count and saves the key in the item's transaction.
 */
export async function keyForUse(
  ctx: OperationContext,
  ref: ObjectRef | undefined,
  use: KeyUse,
  requested: CryptographicParameters | undefined,
  units: number,
  options: { readonly continuation?: boolean } = {},
): Promise<UsableKey> {
  const uid = ctx.batch.resolve(ref);
  const loaded = await ctx.objects.load(uid);
  if (!KEY_TYPES.has(loaded.objectType)) throw new KmipError(ResultReason.InvalidObjectType, 'the object is not a key');
  checkKeyUse(ctx, loaded, use);
  const algorithm = loaded.value('Cryptographic Algorithm');
  const lengthBits = loaded.value('Cryptographic Length');
  const key = keyObjectOf(uid, loaded.object, loaded.objectType, algorithm, lengthBits);
  const params = effectiveParameters(loaded, requested);
  const record = await takeUsage(ctx, loaded, use, units, options);
  return { uid, record, objectType: record.objectType, algorithm, lengthBits, key, params };
}

/**
 * The usage mask and lifecycle part of the policy (see the module comment) for `record` and `use`;
 * `subject` names the key in messages ("the wrapping key").
 * @throws KmipError Incompatible Cryptographic Usage Mask; Wrong Key Lifecycle State.
 */
export function checkKeyUse(ctx: OperationContext, record: ManagedRecord, use: KeyUse, subject = 'the key'): void {
  const rule = USE[use];
  const mask = record.value('Cryptographic Usage Mask') ?? 0;
  if ((mask & rule.bit) === 0) {
    throw new KmipError(ResultReason.IncompatibleCryptographicUsageMask, `${subject}'s Cryptographic Usage Mask does not allow ${rule.name}`);
  }
  const state = record.state as LifecycleState;
  if (rule.protect) {
    if (!mayProtect(state)) throw new KmipError(ResultReason.WrongKeyLifecycleState, `${subject} is not Active: only an Active key may apply protection (${rule.name})`);
    const stop = record.value('Protect Stop Date');
    if (stop !== undefined && stop <= ctx.now) throw new KmipError(ResultReason.WrongKeyLifecycleState, `${subject}'s Protect Stop Date has passed`);
  } else {
    if (!mayProcess(state)) throw new KmipError(ResultReason.WrongKeyLifecycleState, `${subject} may not process data (${rule.name}) in its current state`);
    const start = record.value('Process Start Date');
    if (start !== undefined && start > ctx.now) throw new KmipError(ResultReason.WrongKeyLifecycleState, `${subject}'s Process Start Date has not come yet`);
  }
}

/**
 * The Usage Limits part of the policy: a protecting use takes its `units` (see {@link keyForUse})
 * off the Usage Limits Count and saves the key in the item's transaction; returns the record as
 * saved (unchanged for a processing use or a key without Usage Limits).
 * @throws KmipError Permission Denied when not enough is left.
 */
export async function takeUsage(ctx: OperationContext, record: ManagedRecord, use: KeyUse, units: number, options: { readonly continuation?: boolean } = {}): Promise<ManagedRecord> {
  const limits = record.value('Usage Limits');
  if (!USE[use].protect || limits === undefined) return record;
  // A later part of a multi-part operation is not another Object, but its bytes count.
  const take = BigInt(limits.usageLimitsUnit === UsageLimitsUnit.Byte ? units : options.continuation === true ? 0 : 1);
  const left = remainingUsage(limits);
  if (take > left) throw new KmipError(ResultReason.PermissionDenied, 'the key\'s Usage Limits are used up');
  record.set('Usage Limits', { ...limits, usageLimitsCount: left - take });
  return ctx.objects.save(record);
}

const HASH_NAMES: ReadonlyMap<number, string> = new Map([
  [HashingAlgorithm.MD5, 'md5'],
  [HashingAlgorithm.SHA_1, 'sha1'],
  [HashingAlgorithm.SHA_224, 'sha224'],
  [HashingAlgorithm.SHA_256, 'sha256'],
  [HashingAlgorithm.SHA_384, 'sha384'],
  [HashingAlgorithm.SHA_512, 'sha512'],
  [HashingAlgorithm.SHA_512_224, 'sha512-224'],
  [HashingAlgorithm.SHA_512_256, 'sha512-256'],
  [HashingAlgorithm.SHA3_224, 'sha3-224'],
  [HashingAlgorithm.SHA3_256, 'sha3-256'],
  [HashingAlgorithm.SHA3_384, 'sha3-384'],
  [HashingAlgorithm.SHA3_512, 'sha3-512'],
]);

/** The node:crypto name of a Hashing Algorithm usable in signatures, OAEP and HMAC. */
export function hashName(h: number): string {
  const name = HASH_NAMES.get(h);
  if (name === undefined) throw new KmipError(ResultReason.FeatureNotSupported, 'the Hashing Algorithm is not supported for this operation');
  return name;
}

/** The request's Data, required. */
export function requireData(data: Uint8Array | undefined, what = 'Data'): Uint8Array {
  if (data === undefined) throw new KmipError(ResultReason.InvalidField, `${what} is required`);
  return data;
}
