/**
 * Set Attribute payloads.
 */
import { Tag } from '../../generated/tags.js';
import { NewAttribute } from '../attributes.js';
import { optional, required, responseUid, struct, uid, type Infer } from '../schema.js';

/** Set Attribute request payload [KMIP 2.1 §6.1.51]. */
export const SetAttributeRequest = struct(Tag.RequestPayload, {
  uniqueIdentifier: optional(uid(Tag.UniqueIdentifier)),
  newAttribute: required(NewAttribute),
});
export type SetAttributeRequest = Infer<typeof SetAttributeRequest>;

/** Set Attribute response payload [KMIP 2.1 §6.1.51]. */
export const SetAttributeResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
});
export type SetAttributeResponse = Infer<typeof SetAttributeResponse>;
