/**
 * Activate payloads.
 */
import { Tag } from '../../generated/tags.js';
import { optional, required, responseUid, struct, uid, type Infer } from '../schema.js';

/** Activate request payload [KMIP 1.2 §4.19, KMIP 2.1 §6.1.1]. */
export const ActivateRequest = struct(Tag.RequestPayload, {
  uniqueIdentifier: optional(uid(Tag.UniqueIdentifier)),
});
export type ActivateRequest = Infer<typeof ActivateRequest>;

/** Activate response payload [KMIP 1.2 §4.19, KMIP 2.1 §6.1.1]. */
export const ActivateResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
});
export type ActivateResponse = Infer<typeof ActivateResponse>;
