/**
 * Poll payloads.
 * Poll has no response payload of its own: the response batch item carries the polled operation and its payload.
 */
import { Tag } from '../../generated/tags.js';
import { bytes, required, struct, type Infer } from '../schema.js';

/** Poll request payload [KMIP 1.2 §4.28, KMIP 2.1 §6.1.38]. */
export const PollRequest = struct(Tag.RequestPayload, {
  asynchronousCorrelationValue: required(bytes(Tag.AsynchronousCorrelationValue)),
});
export type PollRequest = Infer<typeof PollRequest>;
