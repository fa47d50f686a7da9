/**
 * Join Split Key [KMIP 1.2 §4.39, 2.1 §6.1.27]: combines Split Key objects (made by Create Split
 * Key or registered) into a new Symmetric Key or Secret Data, registers it with the request's
 * attributes and sets the ID Placeholder to it. "The number of Unique Identifiers in the request
 * SHALL be at least the value of the Split Key Threshold"; fewer is Cryptographic Failure (1.2
 * Table 318, and the OASIS TC-SJ test cases). All parts must come from one split: the same Split
 * Key Method, Parts, Threshold, Prime Field Size, algorithm and length, distinct Key Part
 * Identifiers, and parts beyond the threshold must agree with the others (../crypto/split/).
 *
 * The secret's length is the Key Block's Cryptographic Length of the parts (as Create Split Key
 * writes it), else the request's Cryptographic Length, else what the method implies (the part
 * length; for the prime field the bytes below the prime's top bit). A Symmetric Key needs a
 * Cryptographic Algorithm — the parts' or the request's — and a secret of a length the algorithm
 * has; Secret Data gets the request's Secret Data Type, Seed when none is given. The new object is
 * Sensitive when a part is, and not Extractable when a part is not. KMIP 1.2 and 2.1 define no
 * Link to the parts (Joined Split Key Parts Link is a KMIP 3.0 draft addition), so none is set.
 *
 * Result Reasons: Invalid Object Type (1.x Invalid Field: Object Type other than Symmetric Key or
 * Secret Data; a Unique Identifier that is no Split Key), Cryptographic Failure (too few parts,
 * parts of different splits, parts that do not join), Invalid Field (no algorithm for a Symmetric
 * Key; a length the algorithm does not have; Secret Data Type for a Symmetric Key), Invalid
 * Attribute Value (an algorithm that contradicts the parts), Item Not Found, Object Archived,
 * Object Destroyed (1.x Item Not Found), Feature Not Supported (a part held wrapped), Protection
 * Storage Unavailable, and the attribute errors of Create.
 */
import {
  KeyFormatType,
  KmipError,
  ObjectType,
  Operation,
  ResultReason,
  SecretDataType,
  UniqueIdentifier,
  type Attribute,
  type CryptographicAlgorithm,
  type KeyBlock,
  type ManagedObject,
  type SplitKey,
} from '@keyhold/protocol';
import { wipe } from '../crypto/index.js';
import { impliedSecretLength, joinSecret, type Share } from '../crypto/split/index.js';
import { kmipError } from '../errors/kmip.js';
import { clientAttributes, newObjectRecord, refuseQuantumSafe, storageAllowed } from '../objects/creation.js';
import type { ManagedRecord } from '../objects/managed.js';
import { defineOperation, type OperationContext } from './context.js';
import { splitSecretBytes } from './create-split-key.js';
import { inspectKeyBlock } from './register.js';

/** A loaded part: its record and its Split Key object. */
interface Part {
  readonly record: ManagedRecord;
  readonly splitKey: SplitKey;
}

async function loadPart(ctx: OperationContext, uid: string): Promise<Part> {
  const record = await ctx.objects.load(uid);
  if (record.objectType !== ObjectType.SplitKey) throw new KmipError(ResultReason.InvalidObjectType, 'every Unique Identifier must name a Split Key');
  const object = record.object;
  if (object === null || object.objectType !== ObjectType.SplitKey) throw kmipError(ResultReason.ObjectDestroyed, 'a part has been destroyed', ResultReason.ItemNotFound);
  const kb = object.keyBlock;
  if (kb.keyWrappingData !== undefined || kb.keyValue === undefined || kb.keyValue instanceof Uint8Array || !(kb.keyValue.keyMaterial instanceof Uint8Array)) {
    throw new KmipError(ResultReason.FeatureNotSupported, 'a part is held wrapped or without its key value: the server cannot join it');
  }
  return { record, splitKey: object };
}

/** True when two parts come from one split (same parameters, algorithm and length). */
function sameSplit(a: SplitKey, b: SplitKey): boolean {
  return (
    a.splitKeyMethod === b.splitKeyMethod &&
    a.splitKeyParts === b.splitKeyParts &&
    a.splitKeyThreshold === b.splitKeyThreshold &&
    a.primeFieldSize === b.primeFieldSize &&
    a.keyBlock.cryptographicAlgorithm === b.keyBlock.cryptographicAlgorithm &&
    a.keyBlock.cryptographicLength === b.keyBlock.cryptographicLength
  );
}

function materialOf(p: Part): Uint8Array {
  return (p.splitKey.keyBlock.keyValue as { keyMaterial: Uint8Array }).keyMaterial;
}

export const joinSplitKey = defineOperation(Operation.JoinSplitKey, async (req, ctx) => {
  if (req.objectType !== ObjectType.SymmetricKey && req.objectType !== ObjectType.SecretData) {
    throw new KmipError(ResultReason.InvalidObjectType, 'Join Split Key forms a Symmetric Key or Secret Data');
  }
  if (req.secretDataType !== undefined && req.objectType !== ObjectType.SecretData) throw new KmipError(ResultReason.InvalidField, 'a Secret Data Type is only for joining into Secret Data');
  if (!storageAllowed(req.protectionStorageMasks)) throw new KmipError(ResultReason.ProtectionStorageUnavailable, 'objects can only be kept in Software protection storage');
  const uids = [...new Set((req.uniqueIdentifier ?? []).map((ref) => ctx.batch.resolve(ref)))];
  if (uids.length === 0) throw new KmipError(ResultReason.InvalidField, 'Join Split Key needs the Unique Identifiers of the parts');
  const parts: Part[] = [];
  for (const uid of uids) parts.push(await loadPart(ctx, uid));
  const first = parts[0] as Part;
  if (parts.some((p) => !sameSplit(p.splitKey, first.splitKey))) throw new KmipError(ResultReason.CryptographicFailure, 'the parts come from different splits');
  const attrs = await clientAttributes(req.attributes, ctx, { allow: ['Cryptographic Algorithm', 'Cryptographic Length'] });
  refuseQuantumSafe(attrs);

  const partKb = first.splitKey.keyBlock;
  const stated = (name: string): number | undefined => attrs.find((a) => a.name === name)?.value as number | undefined;
  const algorithm = (partKb.cryptographicAlgorithm ?? stated('Cryptographic Algorithm')) as CryptographicAlgorithm | undefined;
  const lengthBits = partKb.cryptographicLength ?? stated('Cryptographic Length');
  const secretBytes = splitSecretBytes(algorithm, lengthBits) ?? impliedSecretLength(first.splitKey, materialOf(first).length);
  const shares: Share[] = parts.map((p) => ({ keyPartIdentifier: p.splitKey.keyPartIdentifier, material: Buffer.from(materialOf(p)) }));
  let secret: Buffer;
  try {
    secret = joinSecret(shares, first.splitKey, secretBytes);
  } finally {
    for (const s of shares) wipe(s.material);
  }
  try {
    if (req.objectType === ObjectType.SymmetricKey && algorithm === undefined) {
      throw new KmipError(ResultReason.InvalidField, 'neither the parts nor the request give the Cryptographic Algorithm of the Symmetric Key');
    }
    const keyBlock: KeyBlock =
      req.objectType === ObjectType.SymmetricKey
        ? { keyFormatType: KeyFormatType.Raw, keyValue: { keyMaterial: secret }, cryptographicAlgorithm: algorithm as CryptographicAlgorithm, cryptographicLength: lengthBits ?? secret.length * 8 }
        : { keyFormatType: KeyFormatType.Opaque, keyValue: { keyMaterial: secret } };
    const object: ManagedObject =
      req.objectType === ObjectType.SymmetricKey
        ? { objectType: ObjectType.SymmetricKey, keyBlock }
        : { objectType: ObjectType.SecretData, secretDataType: req.secretDataType ?? SecretDataType.Seed, keyBlock };
    const { derived, digestOf } = inspectKeyBlock(req.objectType, keyBlock);
    const statedAlgorithm = stated('Cryptographic Algorithm');
    if (statedAlgorithm !== undefined && algorithm !== undefined && statedAlgorithm !== algorithm) {
      throw new KmipError(ResultReason.InvalidAttributeValue, 'the Cryptographic Algorithm does not match the parts');
    }
    const protections: Attribute[] = [];
    if (parts.some((p) => p.record.value('Sensitive') === true)) protections.push({ name: 'Sensitive', value: true });
    if (parts.some((p) => p.record.value('Extractable') === false)) protections.push({ name: 'Extractable', value: false });
    const record = newObjectRecord(ctx, { objectType: req.objectType, object, attributes: attrs, derived: [...derived, ...protections], generatedByServer: false, digestOf });
    await ctx.objects.save(record);
    ctx.batch.record([{ kinds: [UniqueIdentifier.JoinSplitKey], uid: record.uid }], record.uid);
    return { uniqueIdentifier: record.uid };
  } finally {
    wipe(secret); // the stored record holds its own encoded copy
  }
});
