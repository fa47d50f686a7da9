/**
 * Re-key [KMIP 1.2 §4.4, 2.1 §6.1.46]: generates a replacement for an existing Symmetric Key. The
 * replacement takes over the existing key's attributes (./replacement.ts: Names included — the
 * existing key loses them — dates moved by the Offset as Table 145 says, the Usage Limits Total
 * with a fresh Count, no Links but a Replaced Object Link to the existing key; Initial Date, Last
 * Change Date, Digest, State … set anew by ../objects/creation.ts newObjectRecord), plus the
 * attributes of the request (1.x Template-Attribute, 2.x Attributes): another Name is added after
 * the copied ones, a single-instance attribute replaces the copied value, the Cryptographic Length
 * may change. The existing key gets a Replacement Object Link to the replacement and keeps its
 * state. The new key is generated as Create does (./key-generation.ts) and its State follows from
 * its dates (Pre-Active, Active or Deactivated). The ID Placeholder becomes the replacement's
 * identifier. The server does not keep the response's optional 1.x Template-Attribute.
 *
 * Result Reasons: Object Not Found (1.x Item Not Found); Permission Denied (another client's
 * object); Object Archived; Invalid Object Type (1.x Permission Denied, "not able to be
 * re-keyed": 1.2 Table 294) for an object that is not a Symmetric Key; Key Value Not Present (1.0,
 * 1.1 Illegal Operation) when the existing key has no key value (destroyed); Invalid Message (an
 * Offset with Activation, Process Start, Protect Stop or Deactivation Date attributes); Invalid
 * Field (1.x Illegal Operation) for an Offset when the existing key has no Activation Date to move
 * its other dates from; Protection Storage Unavailable (Protection Storage Masks without
 * Software); the Result Reasons of Create for the request's attributes (Attribute Read Only,
 * Attribute Single Valued, Non Unique Name Attribute, Invalid Attribute Value, Item Not Found for
 * 1.x template names, Feature Not Supported for Quantum Safe).
 */
import { KmipError, ObjectType, Operation, ResultReason, UniqueIdentifier } from '@keyhold/protocol';
import { kmipError } from '../errors/kmip.js';
import { refuseQuantumSafe, storageAllowed } from '../objects/creation.js';
import { defineOperation } from './context.js';
import { newSymmetricKeyRecord, requestedKeyAttributes } from './key-generation.js';
import { linkReplacement, REKEY_SHIFTED_DATES, replacementAttributes, requireKeyValue } from './replacement.js';

export const reKey = defineOperation(Operation.ReKey, async (req, ctx) => {
  const uid = ctx.batch.resolve(req.uniqueIdentifier);
  const existing = await ctx.objects.load(uid);
  if (existing.objectType !== ObjectType.SymmetricKey) {
    throw kmipError(ResultReason.InvalidObjectType, 'Re-key replaces Symmetric Keys (use Re-key Key Pair for a private key)', ResultReason.PermissionDenied);
  }
  requireKeyValue(existing);
  if (!storageAllowed(req.protectionStorageMasks)) {
    throw new KmipError(ResultReason.ProtectionStorageUnavailable, 'the replacement key can only be kept in Software protection storage');
  }
  const requested = await requestedKeyAttributes(req.attributes, ctx);
  const attributes = replacementAttributes(existing, requested, req.offset, ctx.now, REKEY_SHIFTED_DATES);
  refuseQuantumSafe(attributes);
  const replacement = newSymmetricKeyRecord(ctx, attributes, 'Re-key');
  linkReplacement(existing, replacement, ctx.now);
  await ctx.objects.save(existing);
  await ctx.objects.save(replacement);
  ctx.batch.record([{ kinds: [UniqueIdentifier.ReKey], uid: replacement.uid }], replacement.uid);
  return { uniqueIdentifier: replacement.uid };
});
