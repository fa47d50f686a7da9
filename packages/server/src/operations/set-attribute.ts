/**
 * Set Attribute [KMIP 2.1 §6.1.51; 2.0+]: adds the attribute when the object has no instance of
 * it, or replaces the value of its one instance. An attribute with more than one instance is
 * refused — as the specification says ("if it has more than one instance an error is raised"),
 * this depends on the instances the object has, not on the attribute being multi-instance in
 * general: Set Attribute on a Name replaces an object's only Name. Adding needs the rights of Add
 * Attribute, replacing those of Modify Attribute, and the same state rules, Name uniqueness,
 * date-driven transitions and Last Change Date apply (see ./modify-attribute.ts).
 *
 * Result Reasons: Object Not Found (1.x Item Not Found); Permission Denied (another client's
 * object); Object Archived; Invalid Attribute for an attribute KMIP 2.x does not define or one that
 * does not apply to the object's type; Read Only Attribute (the reason of the 2.1 Set Attribute
 * table) for an attribute clients may not add or change, and for Usage Limits once allocated; Multi
 * Valued Attribute when the object has several instances; Wrong Key Lifecycle State for a state
 * rule; Permission Denied once a Process Start / Protect Stop Date has been reached; Non Unique
 * Name Attribute; Invalid Attribute Value for an attribute without a value.
 */
import { KmipError, Operation, ResultReason, type Attribute } from '@keyhold/protocol';
import { defineOperation } from './context.js';
import {
  checkApplies,
  checkAttributeName,
  checkClientMay,
  checkNameUnique,
  checkStateRules,
  checkUsageLimits,
  commitChange,
  normalizeValue,
  requestValue,
} from './attribute-change.js';

export const setAttribute = defineOperation(Operation.SetAttribute, async (req, ctx) => {
  const uid = ctx.batch.resolve(req.uniqueIdentifier);
  const obj = await ctx.objects.load(uid);
  const name = req.newAttribute.name;
  checkAttributeName(name, ctx);
  const given = requestValue(req.newAttribute, ctx);
  const all = obj.all(name);
  const existing: Attribute | undefined = all[0];
  checkClientMay(name, existing === undefined ? 'add' : 'change', ResultReason.ReadOnlyAttribute, ctx);
  if (existing === undefined) checkApplies(obj, name, ctx);
  if (all.length > 1) {
    throw new KmipError(ResultReason.MultiValuedAttribute, `the object has ${all.length} instances of ${JSON.stringify(name)}: use Modify Attribute with a Current Attribute`);
  }
  checkStateRules(obj, name, existing, ctx);
  checkUsageLimits(name, existing, ResultReason.ReadOnlyAttribute);
  const value = normalizeValue(name, given, ctx);
  await checkNameUnique(obj, name, value, ctx, existing);
  if (existing === undefined) obj.add(name, value);
  else obj.replace(name, existing.index ?? 0, value);
  await commitChange(obj, ctx);
  return { uniqueIdentifier: uid };
});
