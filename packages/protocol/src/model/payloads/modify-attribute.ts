/**
 * Modify Attribute payloads.
 */
import { Tag } from '../../generated/tags.js';
import { AttributeStructure, CurrentAttribute, NewAttributeOrAttribute } from '../attributes.js';
import { optional, required, responseUid, struct, uid, type Infer } from '../schema.js';

/** Modify Attribute request payload [KMIP 1.2 §4.15, KMIP 2.1 §6.1.34]. */
export const ModifyAttributeRequest = struct(Tag.RequestPayload, {
  uniqueIdentifier: optional(uid(Tag.UniqueIdentifier)),
  currentAttribute: optional(CurrentAttribute),
  newAttribute: required(NewAttributeOrAttribute),
});
export type ModifyAttributeRequest = Infer<typeof ModifyAttributeRequest>;

/** Modify Attribute response payload [KMIP 1.2 §4.15, KMIP 2.1 §6.1.34]. */
export const ModifyAttributeResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
  attribute: optional(AttributeStructure, { until: '1.4' }),
});
export type ModifyAttributeResponse = Infer<typeof ModifyAttributeResponse>;
