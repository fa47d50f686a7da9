/**
 * Delete Attribute [KMIP 1.2 §4.16, 2.1 §6.1.13]: removes attribute instances a client may
 * delete (by the rule tables: never one that always has a value, nor a server-managed one).
 * - 1.x: Attribute Name and optional Attribute Index; an absent index means 0 [1.2 §4.16: "If no
 *   Attribute Index is specified in the request, then the Attribute Index SHALL be assumed to be
 *   0"]. The response returns the deleted attribute (index omitted when 0). The other instances
 *   keep their indices [1.2 §2.1.1].
 * - 2.x: a Current Attribute deletes the instance with that value; an Attribute Reference alone
 *   deletes every instance. The response carries only the Unique Identifier.
 * Last Change Date is set. Deleting a Link does not touch the linked object (see
 * ./modify-attribute.ts).
 *
 * Result Reasons (2.x; 1.x in parentheses where it differs, 1.2 Table 306):
 * Object Not Found (1.x Item Not Found);
 * Permission Denied (another client's object); Object Archived;
 * Invalid Attribute (Invalid Field) for an attribute the version does not define;
 * Attribute Read Only (Permission Denied) for an attribute clients may not delete, and for Usage
 * Limits once allocated;
 * Attribute Not Found (Item Not Found) when the object has no instance of the attribute;
 * Attribute Instance Not Found (Item Not Found) when none has the index / the value;
 * Invalid Message when the request names no attribute; Invalid Field for a field of the other
 * major version (Attribute Index in 2.x, Current Attribute in 1.x) or a Current Attribute and an
 * Attribute Reference that disagree.
 */
import { KmipError, Operation, ResultReason, type Attribute } from '@keyhold/protocol';
import { clientMayDelete } from '../attributes/policy.js';
import { defineOperation } from './context.js';
import { asResponseAttribute, checkAttributeName, checkUsageLimits, commitChange, findInstance, readOnly, requestValue } from './attribute-change.js';

export const deleteAttribute = defineOperation(Operation.DeleteAttribute, async (req, ctx) => {
  const uid = ctx.batch.resolve(req.uniqueIdentifier);
  const obj = await ctx.objects.load(uid);
  const legacy = ctx.version.major < 2;
  if (legacy && req.currentAttribute !== undefined) throw new KmipError(ResultReason.InvalidField, 'Current Attribute is a KMIP 2.x field');
  if (!legacy && req.attributeIndex !== undefined) throw new KmipError(ResultReason.InvalidField, 'Attribute Index is a KMIP 1.x field: name the instance with a Current Attribute');
  const current = legacy ? undefined : req.currentAttribute;
  const name = current?.name ?? req.attributeReference;
  if (name === undefined) throw new KmipError(ResultReason.InvalidMessage, legacy ? 'the Attribute Name is missing' : 'a Current Attribute or an Attribute Reference is required');
  if (current !== undefined && req.attributeReference !== undefined && req.attributeReference !== name) {
    throw new KmipError(ResultReason.InvalidField, 'the Current Attribute and the Attribute Reference name different attributes');
  }
  checkAttributeName(name, ctx);
  if (!clientMayDelete(name, ctx.version)) throw readOnly(name, ResultReason.AttributeReadOnly, 'a client may not delete it');

  const all = obj.all(name);
  if (all.length === 0) throw new KmipError(ResultReason.AttributeNotFound, `the object has no ${JSON.stringify(name)} attribute`);
  let doomed: Attribute[];
  if (legacy) {
    const index = req.attributeIndex ?? 0;
    const hit = obj.find(name, index);
    if (hit === undefined) throw new KmipError(ResultReason.AttributeInstanceNotFound, `the object has no ${JSON.stringify(name)} instance with Attribute Index ${index}`);
    doomed = [hit];
  } else if (current !== undefined) {
    doomed = [findInstance(obj, name, requestValue(current), ctx)];
  } else {
    doomed = all;
  }
  for (const a of doomed) checkUsageLimits(name, a, ResultReason.AttributeReadOnly);
  for (const a of doomed) obj.remove(name, a.index ?? 0);
  await commitChange(obj, ctx);
  if (!legacy) return { uniqueIdentifier: uid };
  return { uniqueIdentifier: uid, attribute: asResponseAttribute(doomed[0] as Attribute) };
});
