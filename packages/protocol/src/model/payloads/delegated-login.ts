/**
 * Delegated Login payloads.
 */
import { Tag } from '../../generated/tags.js';
import { Rights, Ticket, UsageLimits } from '../common.js';
import { integer, interval, optional, required, struct, type Infer } from '../schema.js';

/** Delegated Login request payload [KMIP 2.1 §6.1.12]. */
export const DelegatedLoginRequest = struct(Tag.RequestPayload, {
  leaseTime: optional(interval(Tag.LeaseTime)),
  requestCount: optional(integer(Tag.RequestCount)),
  usageLimits: optional(UsageLimits),
  rights: required(Rights),
});
export type DelegatedLoginRequest = Infer<typeof DelegatedLoginRequest>;

/** Delegated Login response payload [KMIP 2.1 §6.1.12]. */
export const DelegatedLoginResponse = struct(Tag.ResponsePayload, {
  ticket: required(Ticket),
});
export type DelegatedLoginResponse = Infer<typeof DelegatedLoginResponse>;
