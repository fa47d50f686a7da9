/**
 * Register [KMIP 1.2 §4.3, 2.1 §6.1.41]: stores an object the client supplies — Symmetric Key,
 * Public Key, Private Key, Certificate, Certificate Request, Secret Data, Opaque Object, PGP Key,
 * Split Key, and the 1.x Template — with its attributes, and sets the ID Placeholder. Key material
 * in plaintext is validated by parsing it, and the Cryptographic Algorithm and Length are derived
 * from the value (a stated value that contradicts the key is refused). Wrapped key values are kept
 * as they are, with their Key Wrapping Data (which must name the keys of its Wrapping Method and,
 * for MAC/sign methods, carry the MAC/Signature: Invalid Field; ./key-wrapping.ts), in the Key
 * Value layout they come in (Byte String or Key Value structure), which Get returns as registered.
 *
 * X.509 certificates are parsed and give their attributes (../objects/certificate-attributes.ts):
 * Certificate Type and Length, X.509 Certificate Identifier/Subject/Issuer, the 1.0 Certificate
 * Identifier/Subject/Issuer, the Certificate Attributes (Certificate Subject CN, O, OU, … and
 * Issuer …), Digital Signature Algorithm, and the Cryptographic Algorithm and Length of the
 * certified key. A client may state Certificate Type, Certificate Length and Digital Signature
 * Algorithm (1.2 Table 144), which must then match the certificate. Split Keys, PGP Keys,
 * Certificate Requests, Secret Data, Opaque Objects and 1.x Templates are stored as given; a PGP
 * Key's material is not parsed either, its Key Block's Cryptographic Algorithm and Length become
 * its attributes and its Digest is taken over the material as given; so for a private key in the
 * encrypted form of PKCS#8 (EncryptedPrivateKeyInfo), which the server cannot read. Links the client gives are
 * kept as they are; a wrapped key gets, in 2.x, a Link Wrapping Key Link to the key its Key
 * Wrapping Data names (2.1 §6.1.41).
 *
 * Result Reasons: Invalid Field (Object Type does not match the object; malformed key material;
 * a Certificate Value that is not an X.509 certificate), Invalid Attribute Value (1.x Invalid
 * Field: attributes that contradict the key or the certificate), Attribute Read Only, Attribute
 * Single Valued, Non Unique Name Attribute (1.x Invalid Field), Item Not Found (1.x template
 * names).
 */
import {
  HashingAlgorithm,
  KeyFormatType,
  KmipError,
  LinkType,
  ObjectType,
  Operation,
  ResultReason,
  UniqueIdentifier,
  type Attribute,
  type KeyBlock,
  type KeyValue,
  type ManagedObject,
  type Name,
} from '@keyhold/protocol';
import { digest, importKey, isEncryptedPkcs8, type KeyMaterialValue } from '../crypto/index.js';
import { certificateAttributes } from '../objects/certificate-attributes.js';
import { clientAttributes, newObjectRecord } from '../objects/creation.js';
import { defineOperation } from './context.js';
import { inspectSplitKey } from './create-split-key.js';
import { checkKeyWrappingData } from './key-wrapping.js';

const KEY_OBJECTS = new Set<number>([ObjectType.SymmetricKey, ObjectType.PublicKey, ObjectType.PrivateKey, ObjectType.SecretData, ObjectType.PGPKey]);

/** Certificate attributes a client may state in Register (1.2 Table 144); they must match the certificate. */
const CERTIFICATE_STATED = ['Certificate Type', 'Certificate Length', 'Digital Signature Algorithm'];

function plainKeyValue(kb: KeyBlock): KeyValue | undefined {
  if (kb.keyValue === undefined || kb.keyValue instanceof Uint8Array || kb.keyWrappingData !== undefined) return undefined;
  return kb.keyValue;
}

/** Derived attributes and digest input of a key block (validated when in plaintext); Import uses it too. */
export function inspectKeyBlock(objectType: number, kb: KeyBlock): { derived: Attribute[]; digestOf?: { format: KeyFormatType; material: KeyMaterialValue } } {
  const kv = plainKeyValue(kb);
  const derived: Attribute[] = [];
  if (kb.keyWrappingData !== undefined) checkKeyWrappingData(kb.keyWrappingData);
  if (kv === undefined) {
    if (kb.cryptographicAlgorithm !== undefined) derived.push({ name: 'Cryptographic Algorithm', value: kb.cryptographicAlgorithm });
    if (kb.cryptographicLength !== undefined) derived.push({ name: 'Cryptographic Length', value: kb.cryptographicLength });
    return { derived };
  }
  const material = kv.keyMaterial as KeyMaterialValue;
  if (objectType === ObjectType.SecretData) return { derived, digestOf: { format: kb.keyFormatType, material } };
  if (objectType === ObjectType.PrivateKey && kb.keyFormatType === KeyFormatType.PKCS_8 && material instanceof Uint8Array && isEncryptedPkcs8(material)) {
    // An EncryptedPrivateKeyInfo, which the PKCS#8 Key Format Type includes (1.2 §2.1.3, 2.1
    // §11.25): the server cannot read it without its password, so the Key Block must say what it is.
    if (kb.cryptographicAlgorithm === undefined || kb.cryptographicLength === undefined) {
      throw new KmipError(ResultReason.InvalidField, 'an encrypted PKCS#8 private key needs the Cryptographic Algorithm and Length in its Key Block');
    }
    derived.push({ name: 'Cryptographic Algorithm', value: kb.cryptographicAlgorithm }, { name: 'Cryptographic Length', value: kb.cryptographicLength });
    return { derived, digestOf: { format: kb.keyFormatType, material } };
  }
  if (objectType === ObjectType.PGPKey) {
    // An RFC 4880 key container (usually ASCII-armoured) that the server keeps as given [2.1 §2.4]:
    // the Key Block's Cryptographic Algorithm and Length describe it (TC-PGP-1-14).
    if (kb.cryptographicAlgorithm !== undefined) derived.push({ name: 'Cryptographic Algorithm', value: kb.cryptographicAlgorithm });
    if (kb.cryptographicLength !== undefined) derived.push({ name: 'Cryptographic Length', value: kb.cryptographicLength });
    return { derived, digestOf: { format: kb.keyFormatType, material } };
  }
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
  const isCertificate = object.objectType === ObjectType.Certificate;
  const attrs = await clientAttributes(req.attributes, ctx, { allow: ['Cryptographic Algorithm', 'Cryptographic Length', ...(isCertificate ? CERTIFICATE_STATED : [])] });
  const certificate = isCertificate ? certificateAttributes(object.certificateType, object.certificateValue) : [];
  for (const d of certificate) {
    // What the client states about a certificate must be what the certificate says.
    const stated = attrs.find((a) => a.name === d.name);
    if (stated !== undefined && stated.value !== d.value) throw new KmipError(ResultReason.InvalidAttributeValue, `${d.name} does not match the certificate`);
  }
  let derived: Attribute[] = [];
  let digestOf: { format: KeyFormatType; material: KeyMaterialValue } | undefined;
  if (object.objectType === ObjectType.SplitKey) ({ derived, digestOf } = inspectSplitKey(object, ctx.version)); // ./create-split-key.ts
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
  if (object.objectType === ObjectType.Template) {
    // A 1.x Template carries its own Name inside the Template structure: it becomes the
    // template object's Name, by which Template-Attributes refer to it.
    for (const a of object.attribute ?? []) {
      if (a.name !== 'Name' || a.value === undefined) continue;
      if (await ctx.objects.nameTaken(a.value as Name)) {
        throw new KmipError(ResultReason.NonUniqueNameAttribute, `the Name ${JSON.stringify((a.value as Name).nameValue)} is already in use`);
      }
      attrs.push(attrs.some((x) => x.name === 'Name') ? { name: 'Name', value: a.value, index: attrs.filter((x) => x.name === 'Name').length } : { name: 'Name', value: a.value });
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
    for (const d of certificate) {
      if (d.value === undefined) continue;
      if ((d.index ?? 0) === 0) record.remove(d.name);
      record.add(d.name, d.value);
    }
    record.set('Digest', { hashingAlgorithm: HashingAlgorithm.SHA_256, digestValue: digest(object.certificateValue), keyFormatType: KeyFormatType.Raw });
  } else if (object.objectType === ObjectType.OpaqueObject) {
    record.set('Digest', { hashingAlgorithm: HashingAlgorithm.SHA_256, digestValue: digest(object.opaqueDataValue) });
  }
  // A wrapped object gets a Wrapping Key Link to its wrapping key (2.1 §6.1.41; the Link Type is 2.x only).
  const wrappingKey = 'keyBlock' in object ? (object.keyBlock.keyWrappingData?.encryptionKeyInformation ?? object.keyBlock.keyWrappingData?.macSignatureKeyInformation)?.uniqueIdentifier : undefined;
  const linked = record.all('Link').some((a) => (a.value as { linkType: number }).linkType === LinkType.WrappingKeyLink);
  if (ctx.version.major >= 2 && typeof wrappingKey === 'string' && !linked) record.add('Link', { linkType: LinkType.WrappingKeyLink, linkedObjectIdentifier: wrappingKey });
  await ctx.objects.save(record);
  ctx.batch.record([{ kinds: [UniqueIdentifier.Register], uid: record.uid }], record.uid);
  return { uniqueIdentifier: record.uid };
});
