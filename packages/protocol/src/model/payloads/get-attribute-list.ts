/**
 * Get Attribute List payloads.
 */
import { Tag } from '../../generated/tags.js';
import { AttributeNameOrReference } from '../attributes.js';
import { optional, repeated, required, responseUid, struct, uid, type Infer } from '../schema.js';

/** Get Attribute List request payload [KMIP 1.2 §4.13, KMIP 2.1 §6.1.21]. */
export const GetAttributeListRequest = struct(Tag.RequestPayload, {
  uniqueIdentifier: optional(uid(Tag.UniqueIdentifier)),
});
export type GetAttributeListRequest = Infer<typeof GetAttributeListRequest>;

/** Get Attribute List response payload [KMIP 1.2 §4.13, KMIP 2.1 §6.1.21]. */
export const GetAttributeListResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
  attributeReference: repeated(AttributeNameOrReference),
});
export type GetAttributeListResponse = Infer<typeof GetAttributeListResponse>;
