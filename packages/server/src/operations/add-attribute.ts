/**
 * Add Attribute [KMIP 1.2 §4.14, 2.1 §6.1.2]: adds a new instance of an attribute to an object —
 * the value of a single-instance attribute the object does not have yet, or one more instance of
 * a multi-instance attribute. 1.x: the request carries an Attribute without Attribute Index (the
 * server assigns it: the next index after the highest in use, so existing indices never change)
 * and the response returns the attribute with its index (omitted when 0). 2.x: the request
 * carries a New Attribute and the response only the Unique Identifier. Last Change Date is set;
 * an Activation or Deactivation Date that has already come takes effect at once (transitions 4
 * and 6). Links are stored as given: the server does not add the reciprocal link on the target
 * object (see ./modify-attribute.ts for why).
 *
 * Result Reasons (2.x; 1.x in parentheses where it differs, 1.2 Table 304):
 * Object Not Found (1.x Item Not Found);
 * Permission Denied (another client's object); Object Archived;
 * Invalid Field (1.x: the request names an Attribute Index);
 * Invalid Attribute (1.x Invalid Field) for an attribute the version does not define;
 * Read Only Attribute (Permission Denied) for an attribute clients may not add;
 * Invalid Attribute (Permission Denied) for an attribute that does not apply to the object's type;
 * Attribute Single Valued (Illegal Operation) when a single-instance attribute is already there;
 * Wrong Key Lifecycle State (Permission Denied) for a date the object's state no longer allows;
 * Server Limit Exceeded (Index Out of Bounds) beyond MAX_ATTRIBUTE_INSTANCES (./attribute-change.ts) instances;
 * Non Unique Name Attribute (Illegal Operation) for a Name another object, or this one, already has;
 * Invalid Attribute Value (Invalid Field) for an attribute without a value.
 */
import { KmipError, Operation, ResultReason } from '@keyhold/protocol';
import { isMultiInstance } from '../attributes/policy.js';
import { defineOperation } from './context.js';
import {
  asResponseAttribute,
  checkApplies,
  checkAttributeName,
  checkClientMay,
  checkInstanceLimit,
  checkNameUnique,
  checkStateRules,
  commitChange,
  normalizeValue,
  requestValue,
} from './attribute-change.js';

export const addAttribute = defineOperation(Operation.AddAttribute, async (req, ctx) => {
  const uid = ctx.batch.resolve(req.uniqueIdentifier);
  const obj = await ctx.objects.load(uid);
  const attr = req.newAttribute;
  if (ctx.version.major < 2 && attr.index !== undefined) {
    throw new KmipError(ResultReason.InvalidField, 'the server assigns the Attribute Index: Add Attribute must not carry one');
  }
  const name = attr.name;
  checkAttributeName(name, ctx);
  const given = requestValue(attr, ctx);
  const existing = obj.find(name);
  checkClientMay(name, 'add', ResultReason.ReadOnlyAttribute, ctx);
  checkApplies(obj, name, ctx);
  const multi = isMultiInstance(name);
  if (!multi && existing !== undefined) {
    throw new KmipError(ResultReason.AttributeSingleValued, `the object already has the single-instance attribute ${JSON.stringify(name)}: change it with Modify Attribute`);
  }
  checkStateRules(obj, name, undefined, ctx);
  if (multi) checkInstanceLimit(obj, name);
  const value = normalizeValue(name, given, ctx);
  await checkNameUnique(obj, name, value, ctx);
  let index = 0;
  if (multi) index = obj.add(name, value);
  else obj.set(name, value);
  await commitChange(obj, ctx);
  if (ctx.version.major >= 2) return { uniqueIdentifier: uid };
  return { uniqueIdentifier: uid, attribute: asResponseAttribute({ name, index, value }) };
});
