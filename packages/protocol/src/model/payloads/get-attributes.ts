/**
 * Get Attributes payloads.
 */
import { Tag } from '../../generated/tags.js';
import { AttributeNameOrReference, inlineAttributes } from '../attributes.js';
import { optional, repeated, required, responseUid, struct, uid, type Infer } from '../schema.js';

/** Get Attributes request payload [KMIP 1.2 §4.12, KMIP 2.1 §6.1.20]. */
export const GetAttributesRequest = struct(Tag.RequestPayload, {
  uniqueIdentifier: optional(uid(Tag.UniqueIdentifier)),
  attributeReference: repeated(AttributeNameOrReference),
});
export type GetAttributesRequest = Infer<typeof GetAttributesRequest>;

/** Get Attributes response payload [KMIP 1.2 §4.12, KMIP 2.1 §6.1.20]. */
export const GetAttributesResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
  attributes: inlineAttributes(),
});
export type GetAttributesResponse = Infer<typeof GetAttributesResponse>;
