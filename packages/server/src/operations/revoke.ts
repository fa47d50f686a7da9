/**
 * Revoke [KMIP 1.2 §4.20, 2.1 §6.1.46]: with Revocation Reason Code Compromised, moves the
 * object to Compromised (or Destroyed Compromised) and records Compromise Date and Compromise
 * Occurrence Date (transitions 3, 5, 8, 10); with any other code moves an Active object to
 * Deactivated and sets Deactivation Date (transition 6). The Revocation Reason is kept.
 *
 * Result Reasons: Object Not Found (1.x Item Not Found); Permission Denied; Illegal Object Type;
 * Wrong Key Lifecycle State (1.x Permission Denied) for a transition the specification does not
 * permit.
 */
import { KmipError, Operation, ResultReason, RevocationReasonCode } from '@keyhold/protocol';
import { transition, type LifecycleState } from '../lifecycle.js';
import { defineOperation } from './context.js';
import { hasLifecycle } from './common.js';

export const revoke = defineOperation(Operation.Revoke, async (req, ctx) => {
  const uid = ctx.batch.resolve(req.uniqueIdentifier);
  const obj = await ctx.objects.load(uid);
  if (!hasLifecycle(obj.objectType)) throw new KmipError(ResultReason.IllegalObjectType, 'this kind of object has no lifecycle to revoke');
  const compromised = req.revocationReason.revocationReasonCode === RevocationReasonCode.KeyCompromise || req.revocationReason.revocationReasonCode === RevocationReasonCode.CACompromise;
  const next = transition(obj.state as LifecycleState, compromised ? 'revoke-compromised' : 'revoke');
  if (next === undefined) {
    throw new KmipError(ResultReason.WrongKeyLifecycleState, compromised ? 'the object cannot be marked compromised in its state' : 'only an Active object can be revoked for this reason');
  }
  obj.set('State', next);
  obj.set('Revocation Reason', req.revocationReason);
  if (compromised) {
    obj.set('Compromise Date', ctx.now);
    obj.set('Compromise Occurrence Date', req.compromiseOccurrenceDate ?? ctx.now);
  } else {
    obj.set('Deactivation Date', ctx.now);
  }
  obj.set('Last Change Date', ctx.now);
  await ctx.objects.save(obj);
  return { uniqueIdentifier: uid };
});
