/**
 * Check [KMIP 1.2 §4.10, 2.1 §6.1.7]: tells whether the client may use an object as it intends,
 * by this server's policy, without using it:
 * - Cryptographic Usage Mask: every usage asked for must be in the object's Cryptographic Usage
 *   Mask (or the mask holds Unrestricted); an object without one permits none. Usages that apply
 *   protection (Encrypt, Sign, Wrap Key, MAC Generate, Derive Key, …) need an Active object; those
 *   that process protected data (Decrypt, Verify, Unwrap Key, MAC Verify, Validate Cryptogram,
 *   Translate Decrypt/Unwrap, FPE Decrypt) need Active, Deactivated or Compromised (NIST SP
 *   800-57, ../lifecycle.ts); Export needs only that the object is not destroyed.
 * - Usage Limits Count: at most what is left of the object's Usage Limits (no limit without one).
 * - Lease Time: at most the server's lease (3600 seconds, ../objects/lease.ts), and only for an
 *   object that may get a lease at all.
 * A destroyed object can be used for nothing. When the check fails the ID Placeholder is emptied
 * (as the specification requires) and the batch item fails with the reason for the first value
 * that is refused; the failed item carries no payload, as in the OASIS test cases BL-M-2/BL-M-3.
 * Check does not change the object.
 *
 * Result Reasons: Object Not Found (1.x Item Not Found); Permission Denied (another client's
 * object; lifecycle state; Lease Time; destroyed object); Incompatible Cryptographic Usage Mask
 * (1.x Permission Denied); Usage Limit Exceeded (1.x Permission Denied); Illegal Object Type (a
 * Template; 1.x Illegal Operation); Invalid Field (a negative Usage Limits Count); Object Archived.
 */
import { CryptographicUsageMask as U, KmipError, ObjectType, Operation, ResultReason } from '@keyhold/protocol';
import { isDestroyed, mayProcess, mayProtect, type LifecycleState } from '../lifecycle.js';
import { LEASE_TIME_SECONDS, leaseRefusal, remainingUsage } from '../objects/lease.js';
import type { ManagedRecord } from '../objects/managed.js';
import { defineOperation } from './context.js';
import { hasLifecycle } from './common.js';

/** Usages that process protected data: allowed in Active, Deactivated and Compromised. */
const PROCESS_USAGES = U.Verify | U.Decrypt | U.UnwrapKey | U.MACVerify | U.ValidateCryptogram | U.TranslateDecrypt | U.TranslateUnwrap | U.FPEDecrypt;
/** Usages with no lifecycle requirement besides not being destroyed. */
const NEUTRAL_USAGES = U.Export;

function refuseMask(obj: ManagedRecord, asked: number): KmipError | undefined {
  const allowed = obj.value('Cryptographic Usage Mask') ?? 0;
  if ((allowed & U.Unrestricted) === 0 && (asked & ~allowed) !== 0) {
    return new KmipError(ResultReason.IncompatibleCryptographicUsageMask, 'the object may not be used for every usage in the Cryptographic Usage Mask');
  }
  if (!hasLifecycle(obj.objectType)) return undefined;
  const state = obj.state as LifecycleState;
  const protect = asked & ~(PROCESS_USAGES | NEUTRAL_USAGES);
  if (protect !== 0 && !mayProtect(state)) return new KmipError(ResultReason.PermissionDenied, 'only an Active object may be used to apply protection');
  if ((asked & PROCESS_USAGES) !== 0 && !mayProcess(state)) {
    return new KmipError(ResultReason.PermissionDenied, 'the object may not process protected data in its state');
  }
  return undefined;
}

function refusal(obj: ManagedRecord, req: { usageLimitsCount?: bigint | undefined; cryptographicUsageMask?: number | undefined; leaseTime?: number | undefined }): KmipError | undefined {
  if (isDestroyed(obj.state as LifecycleState)) return new KmipError(ResultReason.PermissionDenied, 'the object is destroyed: it cannot be used');
  if (req.cryptographicUsageMask !== undefined) {
    const e = refuseMask(obj, req.cryptographicUsageMask);
    if (e !== undefined) return e;
  }
  if (req.usageLimitsCount !== undefined) {
    const limits = obj.value('Usage Limits');
    if (limits !== undefined && req.usageLimitsCount > remainingUsage(limits)) {
      return new KmipError(ResultReason.UsageLimitExceeded, 'fewer Usage Limits units are left than the Usage Limits Count');
    }
  }
  if (req.leaseTime !== undefined) {
    if (leaseRefusal(obj.state, obj.value('Usage Limits')) !== undefined) return new KmipError(ResultReason.PermissionDenied, 'no lease would be given for this object');
    if (req.leaseTime > LEASE_TIME_SECONDS) return new KmipError(ResultReason.PermissionDenied, `the Lease Time exceeds the server's lease of ${LEASE_TIME_SECONDS} seconds`);
  }
  return undefined;
}

export const check = defineOperation(Operation.Check, async (req, ctx) => {
  const uid = ctx.batch.resolve(req.uniqueIdentifier);
  const obj = await ctx.objects.load(uid);
  if (obj.objectType === ObjectType.Template) throw new KmipError(ResultReason.IllegalObjectType, 'a Template is not used: it cannot be checked');
  if (req.usageLimitsCount !== undefined && req.usageLimitsCount < 0n) throw new KmipError(ResultReason.InvalidField, 'the Usage Limits Count cannot be negative');
  const denied = refusal(obj, req);
  if (denied !== undefined) {
    ctx.batch.idPlaceholder = undefined;
    throw denied;
  }
  return { uniqueIdentifier: uid };
});
