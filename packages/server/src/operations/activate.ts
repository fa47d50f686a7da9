/**
 * Activate [KMIP 1.2 §4.19, 2.1 §6.1.1]: moves a Pre-Active object to Active and sets its
 * Activation Date to now (transition 4).
 *
 * Result Reasons: Object Not Found (1.x Item Not Found); Permission Denied (another client's
 * object); Illegal Object Type (objects without a lifecycle: 1.x Illegal Operation); Wrong Key
 * Lifecycle State (1.x Permission Denied) when not Pre-Active.
 */
import { KmipError, Operation, ResultReason } from '@keyhold/protocol';
import { transition, type LifecycleState } from '../lifecycle.js';
import { defineOperation } from './context.js';
import { hasLifecycle } from './common.js';

export const activate = defineOperation(Operation.Activate, async (req, ctx) => {
  const uid = ctx.batch.resolve(req.uniqueIdentifier);
  const obj = await ctx.objects.load(uid);
  if (!hasLifecycle(obj.objectType)) throw new KmipError(ResultReason.IllegalObjectType, 'this kind of object has no lifecycle to activate');
  const next = transition(obj.state as LifecycleState, 'activate');
  if (next === undefined) throw new KmipError(ResultReason.WrongKeyLifecycleState, 'only a Pre-Active object can be activated');
  obj.set('State', next);
  obj.set('Activation Date', ctx.now);
  obj.set('Last Change Date', ctx.now);
  await ctx.objects.save(obj);
  return { uniqueIdentifier: uid };
});
