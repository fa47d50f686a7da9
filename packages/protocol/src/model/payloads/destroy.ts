/**
 * Destroy payloads.
 */
import { Tag } from '../../generated/tags.js';
import { optional, required, responseUid, struct, uid, type Infer } from '../schema.js';

/** Destroy request payload [KMIP 1.2 §4.21, KMIP 2.1 §6.1.15]. */
export const DestroyRequest = struct(Tag.RequestPayload, {
  uniqueIdentifier: optional(uid(Tag.UniqueIdentifier)),
});
export type DestroyRequest = Infer<typeof DestroyRequest>;

/** Destroy response payload [KMIP 1.2 §4.21, KMIP 2.1 §6.1.15]. */
export const DestroyResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
});
export type DestroyResponse = Infer<typeof DestroyResponse>;
