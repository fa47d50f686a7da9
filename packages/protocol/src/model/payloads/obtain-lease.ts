/**
 * Obtain Lease payloads.
 */
import { Tag } from '../../generated/tags.js';
import { dateTime, interval, optional, required, responseUid, struct, uid, type Infer } from '../schema.js';

/** Obtain Lease request payload [KMIP 1.2 §4.17, KMIP 2.1 §6.1.35]. */
export const ObtainLeaseRequest = struct(Tag.RequestPayload, {
  uniqueIdentifier: optional(uid(Tag.UniqueIdentifier)),
});
export type ObtainLeaseRequest = Infer<typeof ObtainLeaseRequest>;

/** Obtain Lease response payload [KMIP 1.2 §4.17, KMIP 2.1 §6.1.35]. */
export const ObtainLeaseResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
  leaseTime: required(interval(Tag.LeaseTime)),
  lastChangeDate: required(dateTime(Tag.LastChangeDate)),
});
export type ObtainLeaseResponse = Infer<typeof ObtainLeaseResponse>;
