/**
 * Modify Attribute [KMIP 1.2 §4.15, 2.1 §6.1.34]: changes the value of one existing instance of
 * an attribute.
 * - 1.x: the Attribute names the instance by Attribute Name and Attribute Index (absent = 0); the
 *   response returns the attribute with its new value and its index (omitted when 0).
 * - 2.x: an optional Current Attribute names the instance by its value; without it the attribute
 *   must have exactly one instance. The response carries only the Unique Identifier.
 * The attribute's state rules apply (Activation Date only while Pre-Active; Deactivation Date,
 * Process Start Date and Protect Stop Date only while Pre-Active or Active, the last two only
 * until the date they hold has come). An Activation Date or Deactivation Date set to a time that
 * has come causes transition 4 (Pre-Active to Active) or 6 (Active to Deactivated) at once, and
 * the new state is saved with the change [2.1 §4.57]. Last Change Date is set.
 *
 * Links: the server does not maintain reciprocal links when a client adds, modifies or deletes a
 * Link (e.g. a Private Key Link on a public key does not make the server add a Public Key Link to
 * the private key). 2.1 §4.31 defines a Link as a one-way association whose rules say only that
 * the server sets links implicitly for the objects its own operations create (Create Key Pair,
 * Derive Key, Certify, Re-key, …); nothing asks it to mirror a client's change. The OASIS test
 * cases confirm it: in TC-CREG-1-14, TC-ECC-1-14 and AX-M-1/2 the client adds both directions
 * itself and the second object's first Link is expected at Attribute Index 0, which a server
 * adding reciprocals would break (index 1, or a duplicate link).
 *
 * Result Reasons (2.x; 1.x in parentheses where it differs, 1.2 Table 305):
 * Object Not Found (1.x Item Not Found);
 * Permission Denied (another client's object); Object Archived;
 * Invalid Attribute (Invalid Field) for an attribute the version does not define;
 * Attribute Read Only (Permission Denied) for an attribute clients may not change (e.g. State,
 * Certificate Length: the OASIS cases BL-M-7-21 and BL-M-10-21), and for Usage Limits once
 * allocated;
 * Attribute Not Found (Invalid Field — the 1.x table's "it needs to first be added") when the
 * object does not have the attribute;
 * Attribute Instance Not Found (Item Not Found) when no instance has the index / the value;
 * Multi Valued Attribute (2.x only) without Current Attribute for an attribute with several
 * instances (the 2.1 text asks for an error; this reason names the situation, "an attribute that
 * has multiple values");
 * Wrong Key Lifecycle State (Permission Denied) for a state rule; Permission Denied once a
 * Process Start / Protect Stop Date has been reached;
 * Non Unique Name Attribute (Illegal Operation) for a Name another object, or another instance, has;
 * Invalid Field when a 2.x Current Attribute names another attribute than the New Attribute;
 * Invalid Attribute Value (Invalid Field) for an attribute without a value.
 */
import { KmipError, Operation, ResultReason, type Attribute } from '@keyhold/protocol';
import { kmipError } from '../errors/kmip.js';
import { defineOperation } from './context.js';
import {
  asResponseAttribute,
  checkAttributeName,
  checkClientMay,
  checkNameUnique,
  checkStateRules,
  checkUsageLimits,
  commitChange,
  findInstance,
  normalizeValue,
  requestValue,
} from './attribute-change.js';

export const modifyAttribute = defineOperation(Operation.ModifyAttribute, async (req, ctx) => {
  const uid = ctx.batch.resolve(req.uniqueIdentifier);
  const obj = await ctx.objects.load(uid);
  const attr = req.newAttribute;
  const name = attr.name;
  const legacy = ctx.version.major < 2;
  if (legacy && req.currentAttribute !== undefined) throw new KmipError(ResultReason.InvalidField, 'Current Attribute is a KMIP 2.x field');
  if (!legacy && req.currentAttribute !== undefined && req.currentAttribute.name !== name) {
    throw new KmipError(ResultReason.InvalidField, 'the Current Attribute and the New Attribute name different attributes');
  }
  checkAttributeName(name, ctx);
  const given = requestValue(attr, ctx);
  checkClientMay(name, 'change', ResultReason.AttributeReadOnly, ctx);

  const all = obj.all(name);
  if (all.length === 0) {
    throw kmipError(ResultReason.AttributeNotFound, `the object has no ${JSON.stringify(name)} attribute: add it first`, ResultReason.InvalidField);
  }
  let target: Attribute;
  if (legacy) {
    const index = attr.index ?? 0;
    const hit = obj.find(name, index);
    if (hit === undefined) throw new KmipError(ResultReason.AttributeInstanceNotFound, `the object has no ${JSON.stringify(name)} instance with Attribute Index ${index}`);
    target = hit;
  } else if (req.currentAttribute !== undefined) {
    target = findInstance(obj, name, requestValue(req.currentAttribute), ctx);
  } else {
    if (all.length > 1) {
      throw new KmipError(ResultReason.MultiValuedAttribute, `the object has ${all.length} instances of ${JSON.stringify(name)}: name the one to change with a Current Attribute`);
    }
    target = all[0] as Attribute;
  }
  checkStateRules(obj, name, target, ctx);
  checkUsageLimits(name, target, ResultReason.AttributeReadOnly);
  const value = normalizeValue(name, given, ctx);
  await checkNameUnique(obj, name, value, ctx, target);
  const index = target.index ?? 0;
  obj.replace(name, index, value);
  await commitChange(obj, ctx);
  if (!legacy) return { uniqueIdentifier: uid };
  return { uniqueIdentifier: uid, attribute: asResponseAttribute({ name, index, value }) };
});
