/**
 * Ping payloads.
 */
import { Tag } from '../../generated/tags.js';
import { struct, type Infer } from '../schema.js';

/** Ping request payload [KMIP 2.1 §6.1.36]. */
export const PingRequest = struct(Tag.RequestPayload, {});
export type PingRequest = Infer<typeof PingRequest>;

/** Ping response payload [KMIP 2.1 §6.1.36]. */
export const PingResponse = struct(Tag.ResponsePayload, {});
export type PingResponse = Infer<typeof PingResponse>;
