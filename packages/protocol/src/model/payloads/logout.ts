/**
 * Logout payloads.
 */
import { Tag } from '../../generated/tags.js';
import { Ticket } from '../common.js';
import { required, struct, type Infer } from '../schema.js';

/** Logout request payload [KMIP 2.1 §6.1.31]. */
export const LogoutRequest = struct(Tag.RequestPayload, {
  ticket: required(Ticket),
});
export type LogoutRequest = Infer<typeof LogoutRequest>;

/** Logout response payload [KMIP 2.1 §6.1.31]. */
export const LogoutResponse = struct(Tag.ResponsePayload, {});
export type LogoutResponse = Infer<typeof LogoutResponse>;
