/**
 * Create payloads.
 */
import { ObjectType } from '../../generated/enums.js';
import { Tag } from '../../generated/tags.js';
import { TemplateAttributeOrAttributes } from '../attributes.js';
import { ProtectionStorageMasks } from '../common.js';
import { enumeration, optional, required, responseUid, struct, type Infer } from '../schema.js';

/** Create request payload [KMIP 1.2 §4.1, KMIP 2.1 §6.1.8]. */
export const CreateRequest = struct(Tag.RequestPayload, {
  objectType: required(enumeration(Tag.ObjectType, ObjectType)),
  attributes: required(TemplateAttributeOrAttributes),
  protectionStorageMasks: optional(ProtectionStorageMasks),
});
export type CreateRequest = Infer<typeof CreateRequest>;

/** Create response payload [KMIP 1.2 §4.1, KMIP 2.1 §6.1.8]. */
export const CreateResponse = struct(Tag.ResponsePayload, {
  objectType: required(enumeration(Tag.ObjectType, ObjectType)),
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
  attributes: optional(TemplateAttributeOrAttributes, { until: '1.4' }),
});
export type CreateResponse = Infer<typeof CreateResponse>;
