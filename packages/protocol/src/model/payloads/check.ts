/**
 * Check payloads.
 */
import { CryptographicUsageMask } from '../../generated/masks.js';
import { Tag } from '../../generated/tags.js';
import { interval, longInteger, mask, optional, responseUid, struct, uid, type Infer } from '../schema.js';

/** Check request payload [KMIP 1.2 §4.10, KMIP 2.1 §6.1.7]. */
export const CheckRequest = struct(Tag.RequestPayload, {
  uniqueIdentifier: optional(uid(Tag.UniqueIdentifier)),
  usageLimitsCount: optional(longInteger(Tag.UsageLimitsCount)),
  cryptographicUsageMask: optional(mask(Tag.CryptographicUsageMask, CryptographicUsageMask)),
  leaseTime: optional(interval(Tag.LeaseTime)),
});
export type CheckRequest = Infer<typeof CheckRequest>;

/** Check response payload [KMIP 1.2 §4.10, KMIP 2.1 §6.1.7]. */
export const CheckResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: optional(responseUid(Tag.UniqueIdentifier)),
  usageLimitsCount: optional(longInteger(Tag.UsageLimitsCount)),
  cryptographicUsageMask: optional(mask(Tag.CryptographicUsageMask, CryptographicUsageMask)),
  leaseTime: optional(interval(Tag.LeaseTime)),
});
export type CheckResponse = Infer<typeof CheckResponse>;
