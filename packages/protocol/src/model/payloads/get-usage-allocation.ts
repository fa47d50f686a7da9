/**
 * Get Usage Allocation payloads.
 */
import { Tag } from '../../generated/tags.js';
import { longInteger, optional, required, responseUid, struct, uid, type Infer } from '../schema.js';

/** Get Usage Allocation request payload [KMIP 1.2 §4.18, KMIP 2.1 §6.1.23]. */
export const GetUsageAllocationRequest = struct(Tag.RequestPayload, {
  uniqueIdentifier: optional(uid(Tag.UniqueIdentifier)),
  usageLimitsCount: required(longInteger(Tag.UsageLimitsCount)),
});
export type GetUsageAllocationRequest = Infer<typeof GetUsageAllocationRequest>;

/** Get Usage Allocation response payload [KMIP 1.2 §4.18, KMIP 2.1 §6.1.23]. */
export const GetUsageAllocationResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
});
export type GetUsageAllocationResponse = Infer<typeof GetUsageAllocationResponse>;
