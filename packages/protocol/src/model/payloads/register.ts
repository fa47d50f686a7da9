/**
 * Register payloads.
 */
import { ObjectType } from '../../generated/enums.js';
import { Tag } from '../../generated/tags.js';
import { TemplateAttributeOrAttributes } from '../attributes.js';
import { ProtectionStorageMasks } from '../common.js';
import { ManagedObject } from '../objects.js';
import { enumeration, optional, required, responseUid, struct, type Infer } from '../schema.js';

/** Register request payload [KMIP 1.2 §4.3, KMIP 2.1 §6.1.43]. */
export const RegisterRequest = struct(Tag.RequestPayload, {
  objectType: required(enumeration(Tag.ObjectType, ObjectType)),
  attributes: required(TemplateAttributeOrAttributes),
  object: required(ManagedObject),
  protectionStorageMasks: optional(ProtectionStorageMasks),
});
export type RegisterRequest = Infer<typeof RegisterRequest>;

/** Register response payload [KMIP 1.2 §4.3, KMIP 2.1 §6.1.43]. */
export const RegisterResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
  attributes: optional(TemplateAttributeOrAttributes, { until: '1.4' }),
});
export type RegisterResponse = Infer<typeof RegisterResponse>;
