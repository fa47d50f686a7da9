/**
 * Import [KMIP 2.1 §6.1.25; since 1.4]: stores an object under the Unique Identifier the client
 * supplies, with the attributes the client supplies — the operation for moving an object from
 * one server to another (the counterpart of Export, ./export.ts). The Unique Identifier is taken
 * as given (a 2.x enumeration or Integer form names an earlier result of the batch); it sets the
 * ID Placeholder.
 *
 * Attributes: "The attribute rules for each attribute for 'Initially set by' and 'When implicitly
 * set' SHALL NOT be enforced as all attributes MUST be set to the supplied values rather than any
 * server generated values" (§6.1.25). So every attribute the client supplies is stored as it is —
 * server-managed ones too (State, Initial Date, Last Change Date, Digest, Fresh, Always Sensitive,
 * Lease Time, Usage Limits with its count, …), with their 1.x Attribute Index when given. What
 * the client leaves out is derived as for Register (./register.ts, ../objects/creation.ts): the
 * attributes an object always has (Unique Identifier, Object Type, State from the Activation and
 * Deactivation Dates, Initial Date, Digest, Sensitive/Extractable and their companions, …), the
 * Cryptographic Algorithm and Length of a key and the attributes of an X.509 certificate. The
 * attribute rules that remain are those that keep the object coherent:
 * - an attribute the request's version does not define: Invalid Attribute;
 * - an attribute without a value, a Unique Identifier or Object Type attribute that contradicts
 *   the request, a Cryptographic Algorithm that contradicts a plaintext key, or a Destroyed /
 *   Destroyed Compromised State for an object that comes with its value: Invalid Attribute Value;
 * - a single-instance attribute given twice: Attribute Single Valued (1.x Invalid Field, as for
 *   Register); the same Attribute Index twice: Invalid Field;
 * - a Name another object has (or given twice): Non Unique Name Attribute — Names stay unique;
 * - a Protection Storage Mask without Software, the only protection this server has:
 *   Protection Storage Unavailable.
 *
 * Existing objects: when an object with the identifier exists and Replace Existing is not true,
 * Object Already Exists (the reason the specification defines "for operations such as Import").
 * With Replace Existing true, the object is replaced — object, type and every attribute — if it
 * belongs to the client; another client's object is Permission Denied. An imported object
 * belongs to the client that imports it.
 *
 * Key Wrap Type (given if and only if the key is wrapped): a wrapped key is stored as provided
 * (As Registered), or, for Not Wrapped, unwrapped by the server first with the keys its Key
 * Wrapping Data names, its MAC/Signature checked (./key-wrapping.ts: the wrapping errors, and
 * Cryptographic Failure when it does not unwrap or verify), and stored in plaintext. A key in
 * plaintext is validated by parsing it (Invalid Field when malformed); Key Wrap Type with a
 * plaintext key asks for what is already so and is accepted.
 *
 * Result Reasons: Invalid Field (Object Type does not match the object; an empty Unique
 * Identifier; 2.x without Attributes; malformed key material), Object Already Exists, Permission
 * Denied, Invalid Attribute, Invalid Attribute Value, Attribute Single Valued, Non Unique Name
 * Attribute, Protection Storage Unavailable, Key Wrap Type Not Supported, the wrapping errors of
 * ./key-wrapping.ts (Not Wrapped); 1.4 gets the 1.x
 * reasons of ../errors/reason-fallback.ts.
 */
import {
  HashingAlgorithm,
  KeyFormatType,
  KeyWrapType,
  KmipError,
  ObjectType,
  Operation,
  ResultReason,
  State,
  UniqueIdentifier,
  type Attribute,
  type Attributes,
  type ManagedObject,
  type Name,
} from '@keyhold/protocol';
import { attributeInVersion, isMultiInstance } from '../attributes/policy.js';
import { digest, type KeyMaterialValue } from '../crypto/index.js';
import { kmipError } from '../errors/kmip.js';
import { certificateAttributes } from '../objects/certificate-attributes.js';
import { newObjectRecord, STORED_PROTECTION } from '../objects/creation.js';
import { ManagedRecord } from '../objects/managed.js';
import { defineOperation, type OperationContext } from './context.js';
import { unwrapKeyBlock } from './key-wrapping.js';
import { inspectKeyBlock } from './register.js';

const KEY_OBJECTS = new Set<number>([ObjectType.SymmetricKey, ObjectType.PublicKey, ObjectType.PrivateKey, ObjectType.SecretData]);

/**
 * The client's attributes, checked for what Import still enforces (see the module comment), with
 * Attribute Indices: the 1.x index when given, else the next free one.
 */
async function importedAttributes(attrs: Attributes, ctx: OperationContext, uid: string, objectType: number): Promise<Attribute[]> {
  const out: Attribute[] = [];
  const indices = new Map<string, Set<number>>();
  const names = new Set<string>();
  for (const a of attrs.attribute) {
    const quoted = JSON.stringify(a.name);
    if (!attributeInVersion(a.name, ctx.version)) {
      throw new KmipError(ResultReason.InvalidAttribute, `attribute ${quoted} is not defined in KMIP ${ctx.version.major}.${ctx.version.minor}`);
    }
    if (a.value === undefined) throw new KmipError(ResultReason.InvalidAttributeValue, `attribute ${quoted} has no value`);
    const used = indices.get(a.name) ?? new Set<number>();
    indices.set(a.name, used);
    let index = 0;
    if (isMultiInstance(a.name)) {
      index = a.index ?? (used.size === 0 ? 0 : Math.max(...used) + 1);
      if (used.has(index)) throw new KmipError(ResultReason.InvalidField, `Attribute Index ${index} of attribute ${quoted} is given twice`);
    } else if (used.size > 0) {
      throw kmipError(ResultReason.AttributeSingleValued, `attribute ${quoted} may have only one value`, ResultReason.InvalidField);
    }
    used.add(index);
    out.push(index === 0 ? { name: a.name, value: a.value } : { name: a.name, value: a.value, index });

    const value: unknown = a.value;
    if (a.name === 'Unique Identifier' && value !== uid) {
      throw new KmipError(ResultReason.InvalidAttributeValue, 'the Unique Identifier attribute is not the Unique Identifier of the request');
    }
    if (a.name === 'Object Type' && value !== objectType) {
      throw new KmipError(ResultReason.InvalidAttributeValue, 'the Object Type attribute is not the Object Type of the request');
    }
    if (a.name === 'State' && (value === State.Destroyed || value === State.DestroyedCompromised)) {
      throw new KmipError(ResultReason.InvalidAttributeValue, 'a destroyed object has no value to import: the State cannot be Destroyed');
    }
    if (a.name === 'Protection Storage Mask' && typeof value === 'number' && (value & STORED_PROTECTION) === 0) {
      throw new KmipError(ResultReason.ProtectionStorageUnavailable, 'this server keeps objects in software storage only');
    }
    if (a.name === 'Name') {
      const name = value as Name;
      if (names.has(name.nameValue) || (await ctx.objects.nameTaken(name, uid))) {
        throw new KmipError(ResultReason.NonUniqueNameAttribute, `the Name ${JSON.stringify(name.nameValue)} is already in use`);
      }
      names.add(name.nameValue);
    }
  }
  return out;
}

export const importOperation = defineOperation(Operation.Import, async (req, ctx) => {
  const uid = ctx.batch.resolve(req.uniqueIdentifier);
  if (uid.length === 0) throw new KmipError(ResultReason.InvalidField, 'the Unique Identifier is empty');
  let object: ManagedObject = req.object;
  if (object.objectType !== req.objectType) throw new KmipError(ResultReason.InvalidField, 'the Object Type does not match the object supplied');

  const existing = await ctx.objects.transaction.get(uid);
  if (existing !== undefined) {
    if (req.replaceExisting !== true) {
      throw new KmipError(ResultReason.ObjectAlreadyExists, `an object with Unique Identifier ${JSON.stringify(uid)} exists: set Replace Existing to replace it`);
    }
    if (existing.owner !== ctx.principal) throw new KmipError(ResultReason.PermissionDenied, 'the object to replace belongs to another client');
  }

  if (req.keyWrapType !== undefined && req.keyWrapType !== KeyWrapType.AsRegistered && req.keyWrapType !== KeyWrapType.NotWrapped) {
    throw new KmipError(ResultReason.KeyWrapTypeNotSupported, 'unknown Key Wrap Type');
  }
  if ('keyBlock' in object && object.keyBlock.keyWrappingData !== undefined && req.keyWrapType === KeyWrapType.NotWrapped) {
    // Not Wrapped: the server unwraps (and checks the MAC/Signature of) the key and stores it in plaintext.
    object = { ...object, keyBlock: await unwrapKeyBlock(ctx, object.keyBlock) } as ManagedObject;
  }

  if (req.attributes === undefined && ctx.version.major >= 2) throw new KmipError(ResultReason.InvalidField, 'Import needs the Attributes of the object');
  const given = await importedAttributes(req.attributes ?? { attribute: [] }, ctx, uid, object.objectType);

  // What the client leaves out is derived as Register derives it.
  let derived: Attribute[] = [];
  let digestOf: { format: KeyFormatType; material: KeyMaterialValue } | undefined;
  if (KEY_OBJECTS.has(object.objectType) && 'keyBlock' in object) {
    ({ derived, digestOf } = inspectKeyBlock(object.objectType, object.keyBlock));
    const algorithm = derived.find((d) => d.name === 'Cryptographic Algorithm');
    const stated = given.find((a) => a.name === 'Cryptographic Algorithm');
    if (algorithm !== undefined && stated !== undefined && stated.value !== algorithm.value) {
      throw new KmipError(ResultReason.InvalidAttributeValue, 'Cryptographic Algorithm does not match the key');
    }
  }
  const base = newObjectRecord(ctx, { uid, objectType: object.objectType, object, attributes: [...given], derived, generatedByServer: false, digestOf });
  if (object.objectType === ObjectType.Certificate) {
    for (const d of certificateAttributes(object.certificateType, object.certificateValue)) {
      if (d.value === undefined) continue;
      if ((d.index ?? 0) === 0) base.remove(d.name);
      base.add(d.name, d.value);
    }
    base.set('Digest', { hashingAlgorithm: HashingAlgorithm.SHA_256, digestValue: digest(object.certificateValue), keyFormatType: KeyFormatType.Raw });
  } else if (object.objectType === ObjectType.OpaqueObject) {
    base.set('Digest', { hashingAlgorithm: HashingAlgorithm.SHA_256, digestValue: digest(object.opaqueDataValue) });
  }

  // Supplied attributes are set to the supplied values: every instance of a supplied attribute
  // replaces what the server would have set.
  const supplied = new Set(given.map((a) => a.name));
  const record = new ManagedRecord({
    uid,
    objectType: object.objectType,
    owner: ctx.principal,
    revision: existing?.revision ?? 0,
    attributes: [...base.attributes.filter((a) => !supplied.has(a.name)), ...given],
    object,
  });
  await ctx.objects.save(record);
  ctx.batch.record([{ kinds: [UniqueIdentifier.Import], uid }], uid);
  return { uniqueIdentifier: uid };
});
