/**
 * Register [KMIP 1.2 §4.3, 2.1 §6.1.41]: stores an object the client supplies — Symmetric Key,
 * Public Key, Private Key, Certificate, Certificate Request, Secret Data, Opaque Object, PGP Key,
 * Split Key, and the 1.x Template — with its attributes, and sets the ID Placeholder. Key material
 * in plaintext is validated by parsing it, and the Cryptographic Algorithm and Length are derived
 * from the value (a stated value that contradicts the key is refused). Wrapped key values are kept
 * as they are, with their Key Wrapping Data.
 *
 * Result Reasons: Invalid Field (Object Type does not match the object; malformed key material;
 * attributes that contradict the key), Attribute Read Only, Attribute Single Valued, Non Unique
 * Name Attribute (1.x Invalid Field), Item Not Found (1.x template names).
 */
import {
  KeyFormatType,
  KmipError,
  ObjectType,
  Operation,
  ResultReason,
  UniqueIdentifier,
  type Attribute,
  type KeyBlock,
  type KeyValue,
  type ManagedObject,
} from '@keyhold/protocol';
import { digest, importKey, type KeyMaterialValue } from '../crypto/index.js';
import { clientAttributes, newObjectRecord } from '../objects/creation.js';
import { defineOperation } from './context.js';

const KEY_OBJECTS = new Set<number>([ObjectType.SymmetricKey, ObjectType.PublicKey, ObjectType.PrivateKey, ObjectType.SecretData]);

function plainKeyValue(kb: KeyBlock): KeyValue | undefined {
  if (kb.keyValue === undefined || kb.keyValue instanceof Uint8Array || kb.keyWrappingData !== undefined) return undefined;
  return kb.keyValue;
}

/** Derived attributes and digest input of a key block (validated when in plaintext). */
function inspectKeyBlock(objectType: number, kb: KeyBlock): { derived: Attribute[]; digestOf?: { format: KeyFormatType; material: KeyMaterialValue } } {
  const kv = plainKeyValue(kb);
  const derived: Attribute[] = [];
  if (kv === undefined) {
    if (kb.cryptographicAlgorithm !== undefined) derived.push({ name: 'Cryptographic Algorithm', value: kb.cryptographicAlgorithm });
    if (kb.cryptographicLength !== undefined) derived.push({ name: 'Cryptographic Length', value: kb.cryptographicLength });
    return { derived };
  }
  const material = kv.keyMaterial as KeyMaterialValue;
  if (objectType === ObjectType.SecretData) return { derived, digestOf: { format: kb.keyFormatType, material } };
  const imported = importKey({
    objectType: objectType as ObjectType,
    format: kb.keyFormatType,
    material,
    algorithm: kb.cryptographicAlgorithm,
    lengthBits: kb.cryptographicLength,
  });
  imported.material.fill(0);
  if (imported.algorithm !== undefined) derived.push({ name: 'Cryptographic Algorithm', value: imported.algorithm });
  if (imported.lengthBits !== undefined) derived.push({ name: 'Cryptographic Length', value: imported.lengthBits });
  return { derived, digestOf: { format: kb.keyFormatType, material } };
}

export const register = defineOperation(Operation.Register, async (req, ctx) => {
  const object: ManagedObject = req.object;
  if (object.objectType !== req.objectType) throw new KmipError(ResultReason.InvalidField, 'the Object Type does not match the object supplied');
  const attrs = await clientAttributes(req.attributes, ctx, { allow: ['Cryptographic Algorithm', 'Cryptographic Length'] });
  let derived: Attribute[] = [];
  let digestOf: { format: KeyFormatType; material: KeyMaterialValue } | undefined;
  if (KEY_OBJECTS.has(object.objectType) && 'keyBlock' in object) {
    ({ derived, digestOf } = inspectKeyBlock(object.objectType, object.keyBlock));
    // Attributes stated by the client must agree with the key itself.
    for (const d of derived) {
      const stated = attrs.find((a) => a.name === d.name);
      if (stated !== undefined && stated.value !== d.value && d.name === 'Cryptographic Algorithm') {
        throw new KmipError(ResultReason.InvalidAttributeValue, `${d.name} does not match the key`);
      }
    }
  }
  const record = newObjectRecord(ctx, {
    objectType: object.objectType,
    object,
    attributes: attrs,
    derived,
    generatedByServer: false,
    digestOf,
  });
  if (object.objectType === ObjectType.Certificate) {
    record.set('Certificate Type', object.certificateType);
    record.set('Certificate Length', object.certificateValue.length);
    record.set('Digest', { hashingAlgorithm: 4 /* SHA-256 */, digestValue: digest(object.certificateValue) });
  } else if (object.objectType === ObjectType.OpaqueObject) {
    record.set('Digest', { hashingAlgorithm: 4 /* SHA-256 */, digestValue: digest(object.opaqueDataValue) });
  }
  await ctx.objects.save(record);
  ctx.batch.record([{ kinds: [UniqueIdentifier.Register], uid: record.uid }], record.uid);
  return { uniqueIdentifier: record.uid };
});
