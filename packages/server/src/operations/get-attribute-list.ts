/**
 * Get Attribute List [KMIP 1.2 §4.13, 2.1 §6.1.21]: the names of an object's attributes (each
 * once), as far as the request's protocol version defines them.
 *
 * Result Reasons: Object Not Found (1.x Item Not Found); Permission Denied.
 */
import { Operation } from '@keyhold/protocol';
import { attributeInVersion } from '../attributes/policy.js';
import { defineOperation } from './context.js';

export const getAttributeList = defineOperation(Operation.GetAttributeList, async (req, ctx) => {
  const uid = ctx.batch.resolve(req.uniqueIdentifier);
  const obj = await ctx.objects.load(uid, { archived: 'allow' });
  const names = [...new Set(obj.attributes.map((a) => a.name))].filter((n) => attributeInVersion(n, ctx.version));
  return { uniqueIdentifier: uid, attributeReference: names };
});
