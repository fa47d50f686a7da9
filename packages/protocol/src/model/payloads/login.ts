/**
 * Login payloads.
 */
import { Tag } from '../../generated/tags.js';
import { Ticket, UsageLimits } from '../common.js';
import { integer, interval, optional, required, struct, type Infer } from '../schema.js';

/** Login request payload [KMIP 2.1 §6.1.30]. */
export const LoginRequest = struct(Tag.RequestPayload, {
  leaseTime: optional(interval(Tag.LeaseTime)),
  requestCount: optional(integer(Tag.RequestCount)),
  usageLimits: optional(UsageLimits),
});
export type LoginRequest = Infer<typeof LoginRequest>;

/** Login response payload [KMIP 2.1 §6.1.30]. */
export const LoginResponse = struct(Tag.ResponsePayload, {
  ticket: required(Ticket),
});
export type LoginResponse = Infer<typeof LoginResponse>;
