/**
 * Obtain Lease [KMIP 1.2 §4.17, 2.1 §6.1.35]: grants the server's fixed Lease Time (3600 seconds,
 * ../objects/lease.ts) and returns the object's Last Change Date, by which the client can tell
 * whether its cached attributes are stale. No lease is given for a Compromised or destroyed object
 * (as the OASIS test case TC-95 shows) or for a key whose Usage Limits are used up. Obtaining a
 * lease changes nothing on the object.
 *
 * Result Reasons: Object Not Found (1.x Item Not Found); Permission Denied (another client's
 * object; no lease for the object's state, 1.2 Table 307); Usage Limit Exceeded (1.x Permission
 * Denied); Object Archived.
 */
import { KmipError, Operation, ResultReason } from '@keyhold/protocol';
import { LEASE_TIME_SECONDS, leaseRefusal } from '../objects/lease.js';
import { defineOperation } from './context.js';

export const obtainLease = defineOperation(Operation.ObtainLease, async (req, ctx) => {
  const uid = ctx.batch.resolve(req.uniqueIdentifier);
  const obj = await ctx.objects.load(uid);
  const refusal = leaseRefusal(obj.state, obj.value('Usage Limits'));
  if (refusal === 'state') throw new KmipError(ResultReason.PermissionDenied, 'no lease is given for a compromised or destroyed object');
  if (refusal === 'usage-limits') throw new KmipError(ResultReason.UsageLimitExceeded, 'the Usage Limits of the object are used up: no lease is given');
  const lastChangeDate = obj.value('Last Change Date') ?? obj.value('Initial Date') ?? ctx.now;
  return { uniqueIdentifier: uid, leaseTime: LEASE_TIME_SECONDS, lastChangeDate };
});
