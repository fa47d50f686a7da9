/**
 * Deactivate payloads.
 */
import { Tag } from '../../generated/tags.js';
import { DeactivationReason } from '../common.js';
import { dateTime, optional, required, responseUid, struct, uid, type Infer } from '../schema.js';

/** Deactivate request payload [KMIP 3.0 draft]. */
export const DeactivateRequest = struct(Tag.RequestPayload, {
  uniqueIdentifier: required(uid(Tag.UniqueIdentifier)),
  deactivationReason: optional(DeactivationReason),
  deactivationDate: optional(dateTime(Tag.DeactivationDate)),
});
export type DeactivateRequest = Infer<typeof DeactivateRequest>;

/** Deactivate response payload [KMIP 3.0 draft]. */
export const DeactivateResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
});
export type DeactivateResponse = Infer<typeof DeactivateResponse>;
