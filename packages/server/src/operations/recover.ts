/**
 * Recover [KMIP 1.2 §4.23, 2.1 §6.1.42]: brings an archived object back on-line by deleting its
 * Archive Date (1.2 §3.32: "The server SHALL delete this attribute whenever a Recover operation
 * is performed"). The object is at hand at once, so the answer is synchronous. Recovering an
 * object that is not archived succeeds and changes nothing. Sets the ID Placeholder (1.2 §4).
 *
 * Result Reasons: Object Not Found (1.x Item Not Found); Permission Denied (another client's
 * object).
 */
import { Operation } from '@keyhold/protocol';
import { defineOperation } from './context.js';

export const recover = defineOperation(Operation.Recover, async (req, ctx) => {
  const uid = ctx.batch.resolve(req.uniqueIdentifier);
  const obj = await ctx.objects.load(uid, { archived: 'allow' });
  if (obj.remove('Archive Date') > 0) {
    obj.set('Last Change Date', ctx.now);
    await ctx.objects.save(obj);
  }
  ctx.batch.record([{ kinds: [], uid }], uid);
  return { uniqueIdentifier: uid };
});
