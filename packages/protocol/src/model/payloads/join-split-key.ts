/**
 * Join Split Key payloads.
 */
import { ObjectType, SecretDataType } from '../../generated/enums.js';
import { Tag } from '../../generated/tags.js';
import { TemplateAttributeOrAttributes } from '../attributes.js';
import { ProtectionStorageMasks } from '../common.js';
import { enumeration, optional, repeated, required, responseUid, struct, uid, type Infer } from '../schema.js';

/** Join Split Key request payload [KMIP 1.2 §4.39, KMIP 2.1 §6.1.27]. */
export const JoinSplitKeyRequest = struct(Tag.RequestPayload, {
  objectType: required(enumeration(Tag.ObjectType, ObjectType)),
  uniqueIdentifier: repeated(uid(Tag.UniqueIdentifier), { min: 1 }),
  secretDataType: optional(enumeration(Tag.SecretDataType, SecretDataType)),
  attributes: optional(TemplateAttributeOrAttributes),
  protectionStorageMasks: optional(ProtectionStorageMasks),
});
export type JoinSplitKeyRequest = Infer<typeof JoinSplitKeyRequest>;

/** Join Split Key response payload [KMIP 1.2 §4.39, KMIP 2.1 §6.1.27]. */
export const JoinSplitKeyResponse = struct(Tag.ResponsePayload, {
  objectType: optional(enumeration(Tag.ObjectType, ObjectType), { until: '1.4' }),
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
  attributes: optional(TemplateAttributeOrAttributes, { until: '1.4' }),
});
export type JoinSplitKeyResponse = Infer<typeof JoinSplitKeyResponse>;
