/**
 * Get Attributes [KMIP 1.2 §4.12, 2.1 §6.1.20]: the requested attributes of an object (every
 * instance), or all of them when none are named. Only attributes the request's protocol version
 * defines are returned, and only instances whose value holds no enumeration value it lacks (a 1.4
 * Link Type is not shown to a 1.3 client; ../attributes/version-values.ts); named attributes the
 * object does not have are simply absent.
 *
 * Result Reasons: Object Not Found (1.x Item Not Found); Permission Denied; Invalid Message (the
 * same name twice, 1.x).
 */
import { KmipError, Operation, ResultReason } from '@keyhold/protocol';
import { attributeInVersion } from '../attributes/policy.js';
import { valueInVersion } from '../attributes/version-values.js';
import { defineOperation } from './context.js';

export const getAttributes = defineOperation(Operation.GetAttributes, async (req, ctx) => {
  const uid = ctx.batch.resolve(req.uniqueIdentifier);
  const obj = await ctx.objects.load(uid, { archived: 'allow' });
  const names = req.attributeReference ?? [];
  if (ctx.version.major < 2 && new Set(names).size !== names.length) {
    throw new KmipError(ResultReason.InvalidMessage, 'an Attribute Name is given more than once');
  }
  const wanted = names.length === 0 ? undefined : new Set(names);
  const attribute = obj.attributes.filter((a) => (wanted === undefined || wanted.has(a.name)) && attributeInVersion(a.name, ctx.version) && valueInVersion(a, ctx.version));
  return { uniqueIdentifier: uid, attributes: { attribute } };
});
