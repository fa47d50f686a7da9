/**
 * Create Split Key payloads.
 */
import { ObjectType, SplitKeyMethod } from '../../generated/enums.js';
import { Tag } from '../../generated/tags.js';
import { TemplateAttributeOrAttributes } from '../attributes.js';
import { ProtectionStorageMasks } from '../common.js';
import { bigInteger, enumeration, integer, optional, repeated, required, responseUid, struct, uid, type Infer } from '../schema.js';

/** Create Split Key request payload [KMIP 1.2 §4.38, KMIP 2.1 §6.1.10]. */
export const CreateSplitKeyRequest = struct(Tag.RequestPayload, {
  objectType: required(enumeration(Tag.ObjectType, ObjectType)),
  uniqueIdentifier: optional(uid(Tag.UniqueIdentifier)),
  splitKeyParts: required(integer(Tag.SplitKeyParts)),
  splitKeyThreshold: required(integer(Tag.SplitKeyThreshold)),
  splitKeyMethod: required(enumeration(Tag.SplitKeyMethod, SplitKeyMethod)),
  primeFieldSize: optional(bigInteger(Tag.PrimeFieldSize)),
  attributes: required(TemplateAttributeOrAttributes),
  protectionStorageMasks: optional(ProtectionStorageMasks),
});
export type CreateSplitKeyRequest = Infer<typeof CreateSplitKeyRequest>;

/** Create Split Key response payload [KMIP 1.2 §4.38, KMIP 2.1 §6.1.10]. */
export const CreateSplitKeyResponse = struct(Tag.ResponsePayload, {
  objectType: optional(enumeration(Tag.ObjectType, ObjectType), { until: '1.4' }),
  uniqueIdentifier: repeated(responseUid(Tag.UniqueIdentifier), { min: 1 }),
  attributes: optional(TemplateAttributeOrAttributes, { until: '1.4' }),
});
export type CreateSplitKeyResponse = Infer<typeof CreateSplitKeyResponse>;
