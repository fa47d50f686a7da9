/**
 * Add Attribute payloads.
 */
import { Tag } from '../../generated/tags.js';
import { AttributeStructure, NewAttributeOrAttribute } from '../attributes.js';
import { optional, required, responseUid, struct, uid, type Infer } from '../schema.js';

/** Add Attribute request payload [KMIP 1.2 §4.14, KMIP 2.1 §6.1.2]. */
export const AddAttributeRequest = struct(Tag.RequestPayload, {
  uniqueIdentifier: optional(uid(Tag.UniqueIdentifier)),
  newAttribute: required(NewAttributeOrAttribute),
});
export type AddAttributeRequest = Infer<typeof AddAttributeRequest>;

/** Add Attribute response payload [KMIP 1.2 §4.14, KMIP 2.1 §6.1.2]. */
export const AddAttributeResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
  attribute: optional(AttributeStructure, { until: '1.4' }),
});
export type AddAttributeResponse = Infer<typeof AddAttributeResponse>;
