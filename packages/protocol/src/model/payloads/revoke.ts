/**
 * Revoke payloads.
 */
import { Tag } from '../../generated/tags.js';
import { RevocationReason } from '../common.js';
import { dateTime, optional, required, responseUid, struct, uid, type Infer } from '../schema.js';

/** Revoke request payload [KMIP 1.2 §4.20, KMIP 2.1 §6.1.44]. */
export const RevokeRequest = struct(Tag.RequestPayload, {
  uniqueIdentifier: optional(uid(Tag.UniqueIdentifier)),
  revocationReason: required(RevocationReason),
  compromiseOccurrenceDate: optional(dateTime(Tag.CompromiseOccurrenceDate)),
});
export type RevokeRequest = Infer<typeof RevokeRequest>;

/** Revoke response payload [KMIP 1.2 §4.20, KMIP 2.1 §6.1.44]. */
export const RevokeResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
});
export type RevokeResponse = Infer<typeof RevokeResponse>;
