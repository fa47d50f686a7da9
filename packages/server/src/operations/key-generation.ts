/**
 * Generating server-made keys as new managed records — what Create and Re-key share (a symmetric
 * key from its Cryptographic Algorithm and Length) and what Create Key Pair and Re-key Key Pair
 * share (a public/private key pair from the attributes of its two halves) [KMIP 1.2 §4.1, §4.2,
 * §4.4, §4.5; 2.1 §6.1.8, §6.1.9, §6.1.46, §6.1.47]. The records are built, not saved: the caller
 * adds its Links and saves them.
 *
 * Result Reasons: Invalid Field (no or an unsupported Cryptographic Algorithm, an impossible length
 * or curve, attributes the halves of a pair disagree on), Non Unique Name Attribute (both halves
 * would get the same Name), Cryptographic Failure (the generator failed), and those of
 * ../objects/creation.ts newObjectRecord.
 */
import {
  KeyFormatType,
  KmipError,
  LinkType,
  ObjectType,
  ResultReason,
  type UniqueIdentifier,
  type Attribute,
  type Attributes,
  type CryptographicAlgorithm,
  type CryptographicDomainParameters,
  type KeyBlock,
  type ManagedObject,
  type Name,
  type TransparentKey,
} from '@keyhold/protocol';
import { isMultiInstance } from '../attributes/policy.js';
import { defaultKeyFormatType, exportKey, generateKeyPair, generateSymmetricKey, isSymmetricAlgorithm, type ExportedKey, type ImportedKey } from '../crypto/index.js';
import type { ManagedRecord } from '../objects/managed.js';
import { clientAttributes, newObjectRecord, storageAllowed } from '../objects/creation.js';
import type { OperationContext } from './context.js';

/**
 * The attributes a client asks for a key the server generates, validated (../objects/creation.ts
 * clientAttributes); the Cryptographic Algorithm and Length are accepted there.
 */
export function requestedKeyAttributes(attrs: Attributes | undefined, ctx: OperationContext): Promise<Attribute[]> {
  return clientAttributes(attrs, ctx, { allow: ['Cryptographic Algorithm', 'Cryptographic Length'] });
}

/**
 * A new Symmetric Key record (not saved) with `attributes`, generated from their Cryptographic
 * Algorithm and Cryptographic Length and kept in Raw format.
 * @throws KmipError Invalid Field when the algorithm or length is missing or not symmetric.
 */
export function newSymmetricKeyRecord(ctx: OperationContext, attributes: Attribute[], operation: string): ManagedRecord {
  const alg = attributes.find((a) => a.name === 'Cryptographic Algorithm')?.value;
  const len = attributes.find((a) => a.name === 'Cryptographic Length')?.value;
  if (typeof alg !== 'number' || typeof len !== 'number') {
    throw new KmipError(ResultReason.InvalidField, `${operation} of a Symmetric Key needs the Cryptographic Algorithm and Cryptographic Length attributes`);
  }
  if (!isSymmetricAlgorithm(alg)) throw new KmipError(ResultReason.InvalidField, 'the Cryptographic Algorithm is not a symmetric algorithm');
  const key = generateSymmetricKey(alg as Parameters<typeof generateSymmetricKey>[0], len);
  try {
    const object: ManagedObject = {
      objectType: ObjectType.SymmetricKey,
      keyBlock: {
        keyFormatType: KeyFormatType.Raw,
        keyValue: { keyMaterial: key.bytes },
        cryptographicAlgorithm: key.algorithm,
        cryptographicLength: key.lengthBits,
      },
    };
    return newObjectRecord(ctx, {
      objectType: ObjectType.SymmetricKey,
      object,
      attributes,
      generatedByServer: true,
      digestOf: { format: KeyFormatType.Raw, material: key.bytes },
    });
  } finally {
    key.bytes.fill(0); // the record holds its own encoded copy
  }
}

/** Attributes that SHALL have the same value for both keys of a pair [1.2 Table 141, 2.1 Table 191]. */
const SHARED = ['Cryptographic Algorithm', 'Cryptographic Length', 'Cryptographic Domain Parameters', 'Cryptographic Parameters'] as const;

/** Canonical comparison of attribute values (structures included). */
export function sameValue(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x instanceof Uint8Array ? Buffer.from(x).toString('hex') : x));
  return norm(a) === norm(b);
}

/**
 * One half's attributes of a key-pair request: common ∪ own for multi-instance attributes, own over
 * common for single-instance ones [1.2 §4.2 and §4.5 order of precedence].
 */
export function mergeHalf(common: Attributes | undefined, own: Attributes | undefined): Attributes {
  const mine = own?.attribute ?? [];
  const ownNames = new Set(mine.map((a) => a.name));
  const out: Attribute[] = [];
  for (const a of common?.attribute ?? []) {
    if (!isMultiInstance(a.name) && ownNames.has(a.name)) continue;
    if (isMultiInstance(a.name) && mine.some((m) => m.name === a.name && sameValue(m.value, a.value))) continue;
    out.push({ name: a.name, value: a.value as NonNullable<Attribute['value']> });
  }
  for (const a of mine) out.push({ name: a.name, value: a.value as NonNullable<Attribute['value']> });
  const names = [...(common?.name ?? []), ...(own?.name ?? [])];
  return names.length > 0 ? { attribute: out, name: names } : { attribute: out };
}

/** The key block of one half in its default Key Format Type. */
function keyBlockOf(key: ImportedKey): { block: KeyBlock; exported: ExportedKey } {
  const format = defaultKeyFormatType(key.objectType, key.keyType);
  const exported = exportKey(key, format);
  const block: KeyBlock = {
    keyFormatType: exported.format,
    keyValue: { keyMaterial: exported.material as Uint8Array | TransparentKey },
    ...(exported.algorithm !== undefined ? { cryptographicAlgorithm: exported.algorithm } : {}),
    ...(exported.lengthBits !== undefined ? { cryptographicLength: exported.lengthBits } : {}),
  };
  return { block, exported };
}

function wipeExported(e: ExportedKey): void {
  if (e.material instanceof Uint8Array) {
    e.material.fill(0);
    return;
  }
  for (const v of Object.values(e.material)) if (v instanceof Uint8Array) v.fill(0);
}

/** The Protection Storage Masks of a key-pair request (Create Key Pair, Re-key Key Pair; 2.x). */
export interface PairStorageMasks {
  readonly commonProtectionStorageMasks?: { readonly protectionStorageMask?: readonly number[] | undefined } | undefined;
  readonly privateProtectionStorageMasks?: { readonly protectionStorageMask?: readonly number[] | undefined } | undefined;
  readonly publicProtectionStorageMasks?: { readonly protectionStorageMask?: readonly number[] | undefined } | undefined;
}

/**
 * Refuses Protection Storage Masks that exclude where the server keeps objects (Software).
 * @throws KmipError Private / Public Protection Storage Unavailable.
 */
export function checkPairStorage(req: PairStorageMasks): void {
  if (!storageAllowed(req.privateProtectionStorageMasks ?? req.commonProtectionStorageMasks)) {
    throw new KmipError(ResultReason.PrivateProtectionStorageUnavailable, 'the private key can only be kept in Software protection storage');
  }
  if (!storageAllowed(req.publicProtectionStorageMasks ?? req.commonProtectionStorageMasks)) {
    throw new KmipError(ResultReason.PublicProtectionStorageUnavailable, 'the public key can only be kept in Software protection storage');
  }
}

/** The two new records of a generated key pair, linked to each other (Public Key Link / Private Key Link), not saved. */
export interface NewKeyPairRecords {
  readonly privateRecord: ManagedRecord;
  readonly publicRecord: ManagedRecord;
}

/**
 * Generates a key pair from the attributes of its halves and builds both records. The halves must
 * agree on the {@link SHARED} attributes and may not get the same Name; the curve comes from the
 * Cryptographic Domain Parameters' Recommended Curve, or else from the Cryptographic Length.
 * @throws KmipError Invalid Field, Non Unique Name Attribute, Cryptographic Failure.
 */
export async function newKeyPairRecords(ctx: OperationContext, privAttrs: Attribute[], pubAttrs: Attribute[], operation: string): Promise<NewKeyPairRecords> {
  for (const name of SHARED) {
    const p = privAttrs.find((a) => a.name === name);
    const q = pubAttrs.find((a) => a.name === name);
    if (p !== undefined && q !== undefined && !sameValue(p.value, q.value)) {
      throw new KmipError(ResultReason.InvalidField, `${name} must be the same for the private and the public key`);
    }
  }
  for (const n of privAttrs.filter((a) => a.name === 'Name')) {
    if (pubAttrs.some((a) => a.name === 'Name' && sameValue(a.value, n.value))) {
      throw new KmipError(ResultReason.NonUniqueNameAttribute, `the Name ${JSON.stringify((n.value as Name).nameValue)} cannot be given to both keys`);
    }
  }
  const shared = (name: (typeof SHARED)[number]): unknown => (privAttrs.find((a) => a.name === name) ?? pubAttrs.find((a) => a.name === name))?.value;
  const algorithm = shared('Cryptographic Algorithm');
  if (typeof algorithm !== 'number') throw new KmipError(ResultReason.InvalidField, `${operation} needs the Cryptographic Algorithm attribute`);
  const length = shared('Cryptographic Length');
  if (length !== undefined && typeof length !== 'number') throw new KmipError(ResultReason.InvalidField, 'the Cryptographic Length is not an Integer');
  const domain = shared('Cryptographic Domain Parameters') as CryptographicDomainParameters | undefined;

  const pair = await generateKeyPair({
    algorithm: algorithm as CryptographicAlgorithm,
    lengthBits: length,
    curve: domain?.recommendedCurve,
    qLengthBits: domain?.qlength,
  });
  const priv = keyBlockOf(pair.privateKey);
  const pub = keyBlockOf(pair.publicKey);
  try {
    const derived: Attribute[] = [
      { name: 'Cryptographic Algorithm', value: pair.algorithm },
      { name: 'Cryptographic Length', value: pair.lengthBits },
    ];
    if (pair.keyType === 'ec' && pair.curve !== undefined) {
      derived.push({ name: 'Cryptographic Domain Parameters', value: { ...(domain ?? {}), recommendedCurve: pair.curve } });
    }
    const half = (objectType: typeof ObjectType.PrivateKey | typeof ObjectType.PublicKey, key: { block: KeyBlock; exported: ExportedKey }, attributes: Attribute[]): ManagedRecord =>
      newObjectRecord(ctx, {
        objectType,
        object: { objectType, keyBlock: key.block },
        attributes,
        derived,
        generatedByServer: true,
        digestOf: { format: key.exported.format, material: key.exported.material },
      });
    const privateRecord = half(ObjectType.PrivateKey, priv, privAttrs);
    const publicRecord = half(ObjectType.PublicKey, pub, pubAttrs);
    privateRecord.add('Link', { linkType: LinkType.PublicKeyLink, linkedObjectIdentifier: publicRecord.uid });
    publicRecord.add('Link', { linkType: LinkType.PrivateKeyLink, linkedObjectIdentifier: privateRecord.uid });
    return { privateRecord, publicRecord };
  } finally {
    // The records hold their own encoded copies.
    pair.privateKey.material.fill(0);
    wipeExported(priv.exported);
  }
}

/** The Unique Identifier enumerations under which a batch records a new pair (for later items' references). */
export interface PairKinds {
  readonly pair: UniqueIdentifier;
  readonly privateKey: UniqueIdentifier;
  readonly publicKey: UniqueIdentifier;
}

/**
 * Saves a new pair, records it in the batch (the ID Placeholder becomes the private key's
 * identifier) and returns the response identifiers.
 */
export async function storeKeyPair(ctx: OperationContext, records: NewKeyPairRecords, kinds: PairKinds): Promise<{ privateKeyUniqueIdentifier: string; publicKeyUniqueIdentifier: string }> {
  const { privateRecord, publicRecord } = records;
  await ctx.objects.save(privateRecord);
  await ctx.objects.save(publicRecord);
  ctx.batch.record(
    [
      { kinds: [kinds.pair, kinds.privateKey], uid: privateRecord.uid },
      { kinds: [kinds.publicKey], uid: publicRecord.uid },
    ],
    privateRecord.uid,
  );
  return { privateKeyUniqueIdentifier: privateRecord.uid, publicKeyUniqueIdentifier: publicRecord.uid };
}
