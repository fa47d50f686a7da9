/**
 * Process payloads.
 */
import { Tag } from '../../generated/tags.js';
import { bytes, required, struct, type Infer } from '../schema.js';

/** Process request payload [KMIP 2.1 §6.1.39]. */
export const ProcessRequest = struct(Tag.RequestPayload, {
  asynchronousCorrelationValue: required(bytes(Tag.AsynchronousCorrelationValue)),
});
export type ProcessRequest = Infer<typeof ProcessRequest>;

/** Process response payload [KMIP 2.1 §6.1.39]. */
export const ProcessResponse = struct(Tag.ResponsePayload, {});
export type ProcessResponse = Infer<typeof ProcessResponse>;
