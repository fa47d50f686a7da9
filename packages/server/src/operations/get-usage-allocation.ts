/**
 * Get Usage Allocation [KMIP 1.2 §4.18, 2.1 §6.1.23]: grants the client the number of Usage
 * Limits units it asks for out of what is left of a key's Usage Limits, and takes them off the
 * Usage Limits Count at once (the allocation is assumed consumed). The count is written in the
 * item's store transaction, so it survives a restart (SQLite) and is undone with the batch (Undo).
 *
 * Only keys that can apply protection (symmetric, public and private keys, PGP keys) can be
 * allocated, only when they carry Usage Limits, and only while protection is enabled: Active, and
 * before the Protect Stop Date.
 *
 * Result Reasons: Object Not Found (1.x Item Not Found); Permission Denied (another client's
 * object; the key cannot apply protection now); Invalid Object Type (1.x Illegal Operation, 1.2
 * Table 308); Attribute Not Found (no Usage Limits; 1.x Illegal Operation); Invalid Field (a Usage
 * Limits Count that is not positive); Usage Limit Exceeded (not that many units left; 1.x
 * Permission Denied); Object Archived.
 */
import { KmipError, ObjectType, Operation, ResultReason, State } from '@keyhold/protocol';
import { kmipError } from '../errors/kmip.js';
import { remainingUsage } from '../objects/lease.js';
import { defineOperation } from './context.js';

/** Object types that can apply cryptographic protection (encrypt, sign, wrap, MAC). */
const PROTECTING = new Set<number>([ObjectType.SymmetricKey, ObjectType.PublicKey, ObjectType.PrivateKey, ObjectType.PGPKey]);

export const getUsageAllocation = defineOperation(Operation.GetUsageAllocation, async (req, ctx) => {
  const uid = ctx.batch.resolve(req.uniqueIdentifier);
  const obj = await ctx.objects.load(uid);
  if (req.usageLimitsCount <= 0n) throw new KmipError(ResultReason.InvalidField, 'the Usage Limits Count must be positive');
  if (!PROTECTING.has(obj.objectType)) {
    throw kmipError(ResultReason.InvalidObjectType, 'only keys that can apply protection have a usage allocation', ResultReason.IllegalOperation);
  }
  const limits = obj.value('Usage Limits');
  if (limits === undefined) throw kmipError(ResultReason.AttributeNotFound, 'the object has no Usage Limits attribute', ResultReason.IllegalOperation);
  const stop = obj.value('Protect Stop Date');
  if (obj.state !== State.Active || (stop !== undefined && stop <= ctx.now)) {
    throw new KmipError(ResultReason.PermissionDenied, 'the key cannot apply protection now: it is not Active or its Protect Stop Date has passed');
  }
  const left = remainingUsage(limits);
  if (req.usageLimitsCount > left) throw new KmipError(ResultReason.UsageLimitExceeded, 'fewer Usage Limits units are left than requested');
  obj.set('Usage Limits', { ...limits, usageLimitsCount: left - req.usageLimitsCount });
  obj.set('Last Change Date', ctx.now);
  await ctx.objects.save(obj);
  return { uniqueIdentifier: uid };
});
