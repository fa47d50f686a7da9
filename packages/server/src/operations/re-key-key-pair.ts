/**
 * Re-key Key Pair [KMIP 1.2 §4.5, 2.1 §6.1.47]: generates a replacement for an existing key pair,
 * named by its private key; the public key is the one the private key's Public Key Link names.
 * Each replacement half takes over the attributes of the existing half (./replacement.ts: Names —
 * the existing keys lose them — the Activation and Deactivation Dates moved by the Offset as Table
 * 149 says, the Usage Limits Total with a fresh Count; Links are not copied), plus the request's
 * Common / Private Key / Public Key attributes merged as Create Key Pair merges them (own over
 * common for single-instance attributes, union for multi-instance ones). The pair is generated as
 * Create Key Pair does (./key-generation.ts): the new halves are linked to each other (Public Key
 * Link, Private Key Link), each to the half it replaces (Replaced Object Link), and each existing
 * half gets a Replacement Object Link to its replacement. The ID Placeholder becomes the new
 * private key's identifier.
 *
 * Result Reasons: Object Not Found (1.x Item Not Found) for the private key, or when it has no
 * Public Key Link to an existing public key; Permission Denied (another client's object); Object
 * Archived; Invalid Object Type (1.x Permission Denied: 1.2 Table 295) when the identifier is not a
 * Private Key or its Public Key Link names no Public Key; Key Value Not Present (1.0, 1.1 Illegal
 * Operation) for a half without key value (destroyed); Invalid Message (an Offset with Activation
 * or Deactivation Date attributes); Invalid Field (1.x Illegal Operation) for an Offset when a half
 * has a Deactivation Date but no Activation Date; Private / Public Protection Storage Unavailable;
 * the Result Reasons of Create Key Pair for the request's attributes.
 */
import { LinkType, ObjectType, Operation, ResultReason, UniqueIdentifier, type Link } from '@keyhold/protocol';
import { kmipError } from '../errors/kmip.js';
import type { ManagedRecord } from '../objects/managed.js';
import { refuseQuantumSafe } from '../objects/creation.js';
import { defineOperation, type OperationContext } from './context.js';
import { checkPairStorage, mergeHalf, newKeyPairRecords, requestedKeyAttributes, storeKeyPair } from './key-generation.js';
import { linkReplacement, REKEY_KEY_PAIR_SHIFTED_DATES, replacementAttributes, requireKeyValue } from './replacement.js';

/** The existing public key of the pair: the one the private key's Public Key Link names. */
async function publicKeyOf(privateKey: ManagedRecord, ctx: OperationContext): Promise<ManagedRecord> {
  const link = privateKey.all('Link').find((a) => (a.value as Link).linkType === LinkType.PublicKeyLink);
  if (link === undefined) {
    throw kmipError(ResultReason.ObjectNotFound, 'the private key has no Public Key Link to the public key of its pair', ResultReason.ItemNotFound);
  }
  const publicKey = await ctx.objects.load((link.value as Link).linkedObjectIdentifier as string);
  if (publicKey.objectType !== ObjectType.PublicKey) {
    throw kmipError(ResultReason.InvalidObjectType, 'the Public Key Link of the private key does not name a Public Key', ResultReason.PermissionDenied);
  }
  return publicKey;
}

export const reKeyKeyPair = defineOperation(Operation.ReKeyKeyPair, async (req, ctx) => {
  const uid = ctx.batch.resolve(req.privateKeyUniqueIdentifier);
  const oldPrivate = await ctx.objects.load(uid);
  if (oldPrivate.objectType !== ObjectType.PrivateKey) {
    throw kmipError(ResultReason.InvalidObjectType, 'Re-key Key Pair replaces a key pair named by its Private Key (use Re-key for a symmetric key)', ResultReason.PermissionDenied);
  }
  const oldPublic = await publicKeyOf(oldPrivate, ctx);
  requireKeyValue(oldPrivate);
  requireKeyValue(oldPublic);
  checkPairStorage(req);

  const privRequested = await requestedKeyAttributes(mergeHalf(req.commonAttributes, req.privateKeyAttributes), ctx);
  const pubRequested = await requestedKeyAttributes(mergeHalf(req.commonAttributes, req.publicKeyAttributes), ctx);
  const privAttrs = replacementAttributes(oldPrivate, privRequested, req.offset, ctx.now, REKEY_KEY_PAIR_SHIFTED_DATES);
  const pubAttrs = replacementAttributes(oldPublic, pubRequested, req.offset, ctx.now, REKEY_KEY_PAIR_SHIFTED_DATES);
  refuseQuantumSafe(privAttrs, pubAttrs);

  const records = await newKeyPairRecords(ctx, privAttrs, pubAttrs, 'Re-key Key Pair');
  linkReplacement(oldPrivate, records.privateRecord, ctx.now);
  linkReplacement(oldPublic, records.publicRecord, ctx.now);
  await ctx.objects.save(oldPrivate);
  await ctx.objects.save(oldPublic);
  return storeKeyPair(ctx, records, {
    pair: UniqueIdentifier.ReKeyKeyPair,
    privateKey: UniqueIdentifier.ReKeyKeyPairPrivateKey,
    publicKey: UniqueIdentifier.ReKeyKeyPairPublicKey,
  });
});
