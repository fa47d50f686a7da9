/**
 * Archive [KMIP 1.2 §4.22, 2.1 §6.1.4]: takes an object off-line. This server keeps archived
 * objects in the same store and archives at once: the Archive Date is set to now, and from then on
 * the object is off-line — Locate finds it only with the Archival Storage bit of the Storage
 * Status Mask, and every operation that uses or changes it answers Object Archived until it is
 * recovered (Get Attributes and Get Attribute List still read its metadata, as the OASIS test
 * case TC-101 does; see ../objects/repository.ts `load`).
 *
 * Result Reasons: Object Not Found (1.x Item Not Found); Permission Denied (another client's
 * object); Object Archived (already archived, 1.2 Table 312).
 */
import { Operation } from '@keyhold/protocol';
import { defineOperation } from './context.js';

export const archive = defineOperation(Operation.Archive, async (req, ctx) => {
  const uid = ctx.batch.resolve(req.uniqueIdentifier);
  const obj = await ctx.objects.load(uid); // Object Archived when it already is
  obj.set('Archive Date', ctx.now);
  obj.set('Last Change Date', ctx.now);
  await ctx.objects.save(obj);
  return { uniqueIdentifier: uid };
});
