/**
 * Create Key Pair [KMIP 1.2 §4.2, 2.1 §6.1.9]: generates a public/private key pair — RSA
 * 1024–4096 bits, DSA, EC/ECDSA/ECDH/ECMQV on the NIST curves P-192…P-521 (and the other curves
 * the runtime has), Ed25519, Ed448, X25519, X448 (see ../crypto/keypair.ts) — and registers both
 * halves as new objects.
 *
 * Attributes: the 1.x Common/Private Key/Public Key Template-Attribute and the 2.x Common/Private
 * Key/Public Key Attributes. Each half gets the union of the multi-instance attributes of the
 * common set and of its own set, and for single-instance attributes its own value over the common
 * one (1.2 Table 139). Cryptographic Algorithm, Length, Domain Parameters and Parameters must
 * agree between the halves (Table 141). The curve comes from the Cryptographic Domain Parameters'
 * Recommended Curve, or else from the Cryptographic Length (P-192…P-521), or else is P-256.
 *
 * Both keys are stored in the default Key Format Type of KMIP 2.1 Table 81 — PKCS#1 for RSA,
 * Transparent EC Private/Public Key for EC, Transparent DSA for DSA, PKCS#8 / X.509 for the
 * Edwards and Montgomery keys — which is what Get returns without a requested format and what the
 * OASIS AKLC test cases show (Digest over the PKCS#1 key). The private key gets a Link (Public Key
 * Link) to the public key and the public key a Link (Private Key Link) to the private key; Links
 * the client gave are kept. The ID Placeholder becomes the private key's identifier; the batch
 * records the private key under the Unique Identifier enumerations Create Key Pair and Create Key
 * Pair Private Key, the public key under Create Key Pair Public Key.
 *
 * Result Reasons: Invalid Field (no or an unsupported Cryptographic Algorithm, an impossible
 * length or curve, attributes the halves disagree on — 1.2 Table 292 "Incorrect attribute
 * value(s)"); Invalid Attribute Value (a Random Number Generator the server does not use);
 * Attribute Read Only, Attribute Single Valued, Invalid Attribute, Non Unique Name Attribute (1.x
 * Invalid Field, also when both halves would get the same Name); Item Not Found (1.x template
 * names); Private / Public Protection Storage Unavailable (Protection Storage Masks that exclude
 * Software, the only protection storage here); Feature Not Supported (Quantum Safe required:
 * ../objects/creation.ts refuseQuantumSafe); Cryptographic Failure (the generator failed).
 */
import {
  CryptographicAlgorithm,
  KmipError,
  LinkType,
  ObjectType,
  Operation,
  ResultReason,
  UniqueIdentifier,
  type Attribute,
  type Attributes,
  type CryptographicDomainParameters,
  type KeyBlock,
  type ManagedObject,
  type Name,
  type TransparentKey,
} from '@keyhold/protocol';
import { isMultiInstance } from '../attributes/policy.js';
import { defaultKeyFormatType, exportKey, generateKeyPair, type ExportedKey, type ImportedKey } from '../crypto/index.js';
import { clientAttributes, newObjectRecord, refuseQuantumSafe, storageAllowed } from '../objects/creation.js';
import { defineOperation, type OperationContext } from './context.js';

/** Attributes that SHALL have the same value for both keys [1.2 Table 141, 2.1 Table 191]. */
const SHARED = ['Cryptographic Algorithm', 'Cryptographic Length', 'Cryptographic Domain Parameters', 'Cryptographic Parameters'] as const;

/** Canonical comparison of attribute values (structures included). */
function sameValue(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x instanceof Uint8Array ? Buffer.from(x).toString('hex') : x));
  return norm(a) === norm(b);
}

/** Common ∪ own for multi-instance attributes, own over common for single-instance ones. */
function mergeHalf(common: Attributes | undefined, own: Attributes | undefined): Attributes {
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

async function halfAttributes(set: Attributes, ctx: OperationContext): Promise<Attribute[]> {
  return clientAttributes(set, ctx, { allow: ['Cryptographic Algorithm', 'Cryptographic Length'] });
}

export const createKeyPair = defineOperation(Operation.CreateKeyPair, async (req, ctx) => {
  const privAttrs = await halfAttributes(mergeHalf(req.commonAttributes, req.privateKeyAttributes), ctx);
  const pubAttrs = await halfAttributes(mergeHalf(req.commonAttributes, req.publicKeyAttributes), ctx);
  refuseQuantumSafe(privAttrs, pubAttrs);

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

  if (!storageAllowed(req.privateProtectionStorageMasks ?? req.commonProtectionStorageMasks)) {
    throw new KmipError(ResultReason.PrivateProtectionStorageUnavailable, 'the private key can only be kept in Software protection storage');
  }
  if (!storageAllowed(req.publicProtectionStorageMasks ?? req.commonProtectionStorageMasks)) {
    throw new KmipError(ResultReason.PublicProtectionStorageUnavailable, 'the public key can only be kept in Software protection storage');
  }

  const shared = (name: (typeof SHARED)[number]): unknown => (privAttrs.find((a) => a.name === name) ?? pubAttrs.find((a) => a.name === name))?.value;
  const algorithm = shared('Cryptographic Algorithm');
  if (typeof algorithm !== 'number') throw new KmipError(ResultReason.InvalidField, 'Create Key Pair needs the Cryptographic Algorithm attribute');
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
    const privateObject: ManagedObject = { objectType: ObjectType.PrivateKey, keyBlock: priv.block };
    const publicObject: ManagedObject = { objectType: ObjectType.PublicKey, keyBlock: pub.block };
    const privateRecord = newObjectRecord(ctx, {
      objectType: ObjectType.PrivateKey,
      object: privateObject,
      attributes: privAttrs,
      derived,
      generatedByServer: true,
      digestOf: { format: priv.exported.format, material: priv.exported.material },
    });
    const publicRecord = newObjectRecord(ctx, {
      objectType: ObjectType.PublicKey,
      object: publicObject,
      attributes: pubAttrs,
      derived,
      generatedByServer: true,
      digestOf: { format: pub.exported.format, material: pub.exported.material },
    });
    privateRecord.add('Link', { linkType: LinkType.PublicKeyLink, linkedObjectIdentifier: publicRecord.uid });
    publicRecord.add('Link', { linkType: LinkType.PrivateKeyLink, linkedObjectIdentifier: privateRecord.uid });
    await ctx.objects.save(privateRecord);
    await ctx.objects.save(publicRecord);
    ctx.batch.record(
      [
        { kinds: [UniqueIdentifier.CreateKeyPair, UniqueIdentifier.CreateKeyPairPrivateKey], uid: privateRecord.uid },
        { kinds: [UniqueIdentifier.CreateKeyPairPublicKey], uid: publicRecord.uid },
      ],
      privateRecord.uid,
    );
    return { privateKeyUniqueIdentifier: privateRecord.uid, publicKeyUniqueIdentifier: publicRecord.uid };
  } finally {
    // The stored records hold their own encoded copies.
    pair.privateKey.material.fill(0);
    wipeExported(priv.exported);
  }
});
