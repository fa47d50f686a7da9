/**
 * Recover payloads.
 */
import { Tag } from '../../generated/tags.js';
import { optional, required, responseUid, struct, uid, type Infer } from '../schema.js';

/** Recover request payload [KMIP 1.2 §4.23, KMIP 2.1 §6.1.42]. */
export const RecoverRequest = struct(Tag.RequestPayload, {
  uniqueIdentifier: optional(uid(Tag.UniqueIdentifier)),
});
export type RecoverRequest = Infer<typeof RecoverRequest>;

/** Recover response payload [KMIP 1.2 §4.23, KMIP 2.1 §6.1.42]. */
export const RecoverResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
});
export type RecoverResponse = Infer<typeof RecoverResponse>;
