/**
 * Export [KMIP 2.1 §6.1.18; since 1.4]: returns an object together with all its attributes —
 * Object Type, Unique Identifier, Attributes and the object — so that another server can take it
 * over with Import (./import.ts). The object is returned in the same manner as by Get (./get.ts):
 * the same Key Format Type / Key Compression Type conversions, and the same refusals — a key
 * whose Extractable is false or that is Sensitive is never returned in plaintext (2.1 §4.23,
 * §4.55), no key material of a destroyed object ("SHALL not be returned", §6.1.18) — and the same
 * wrapping (Key Wrapping Specification, Key Wrap Type; ./key-wrapping.ts). The attributes are every attribute of the object that the
 * request's protocol version defines (as Get Attributes without names returns them). Export
 * serves the object to a client, so it clears Fresh as Get does (2.1 §4.24), and the attributes
 * returned say so. Sets the ID Placeholder.
 *
 * Result Reasons: Object Not Found (1.x Item Not Found); Permission Denied (another client's
 * object); Object Archived; Object Destroyed (1.x Item Not Found, as Get); Key Format Type Not
 * Supported; Key Compression Type Not Supported; Not Extractable and Sensitive (1.x Permission
 * Denied); the wrapping errors of ./key-wrapping.ts (Key Wrapping Specification, Key Wrap Type); Invalid Message
 * (no identifier and no ID Placeholder).
 */
import { Operation } from '@keyhold/protocol';
import { attributeInVersion } from '../attributes/policy.js';
import { valueInVersion } from '../attributes/version-values.js';
import { defineOperation } from './context.js';
import { markServed, retrievableObject } from './get.js';

export const exportOperation = defineOperation(Operation.Export, async (req, ctx) => {
  const uid = ctx.batch.resolve(req.uniqueIdentifier);
  const obj = await ctx.objects.load(uid);
  const object = await retrievableObject(obj, req, ctx);
  await markServed(obj, ctx);
  const attribute = obj.attributes.filter((a) => attributeInVersion(a.name, ctx.version) && valueInVersion(a, ctx.version));
  ctx.batch.record([{ kinds: [], uid }], uid);
  return { objectType: object.objectType, uniqueIdentifier: uid, attributes: { attribute }, object };
});
