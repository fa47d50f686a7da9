/**
 * Delete Attribute payloads.
 */
import { Tag } from '../../generated/tags.js';
import { AttributeNameOrReference, AttributeStructure, CurrentAttribute } from '../attributes.js';
import { integer, optional, required, responseUid, struct, uid, type Infer } from '../schema.js';

/** Delete Attribute request payload [KMIP 1.2 §4.16, KMIP 2.1 §6.1.13]. */
export const DeleteAttributeRequest = struct(Tag.RequestPayload, {
  uniqueIdentifier: optional(uid(Tag.UniqueIdentifier)),
  currentAttribute: optional(CurrentAttribute),
  attributeReference: optional(AttributeNameOrReference),
  attributeIndex: optional(integer(Tag.AttributeIndex)),
});
export type DeleteAttributeRequest = Infer<typeof DeleteAttributeRequest>;

/** Delete Attribute response payload [KMIP 1.2 §4.16, KMIP 2.1 §6.1.13]. */
export const DeleteAttributeResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
  attribute: optional(AttributeStructure, { until: '1.4' }),
});
export type DeleteAttributeResponse = Infer<typeof DeleteAttributeResponse>;
