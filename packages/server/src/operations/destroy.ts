/**
 * Destroy [KMIP 1.2 §4.21, 2.1 §6.1.16]: erases the key material of a Pre-Active, Deactivated or
 * Compromised object (transitions 2, 7, 9) and keeps its metadata with Destroy Date set; objects
 * without a lifecycle (Opaque Object, Template) are simply destroyed the same way.
 *
 * Result Reasons: Object Not Found (1.x Item Not Found); Permission Denied; Object Destroyed
 * (already destroyed; 1.x Permission Denied); Wrong Key Lifecycle State for an Active object (1.x
 * Permission Denied).
 */
import { KmipError, Operation, ResultReason, State } from '@keyhold/protocol';
import { isDestroyed, transition, type LifecycleState } from '../lifecycle.js';
import { defineOperation } from './context.js';
import { hasLifecycle } from './common.js';

export const destroy = defineOperation(Operation.Destroy, async (req, ctx) => {
  const uid = ctx.batch.resolve(req.uniqueIdentifier);
  const obj = await ctx.objects.load(uid);
  const state = obj.state as LifecycleState;
  if (isDestroyed(state)) throw new KmipError(ResultReason.ObjectDestroyed, 'the object is already destroyed');
  let next: LifecycleState | undefined = State.Destroyed;
  if (hasLifecycle(obj.objectType)) {
    next = transition(state, 'destroy');
    if (next === undefined) throw new KmipError(ResultReason.WrongKeyLifecycleState, 'an Active object must be revoked before it is destroyed');
  }
  obj.setObject(null);
  obj.set('State', next);
  obj.set('Destroy Date', ctx.now);
  if (obj.find('Key Value Present') !== undefined) obj.set('Key Value Present', false);
  obj.set('Last Change Date', ctx.now);
  await ctx.objects.save(obj);
  return { uniqueIdentifier: uid };
});
