/**
 * Cancel payloads.
 */
import { CancellationResult } from '../../generated/enums.js';
import { Tag } from '../../generated/tags.js';
import { bytes, enumeration, required, struct, type Infer } from '../schema.js';

/** Cancel request payload [KMIP 1.2 §4.27, KMIP 2.1 §6.1.5]. */
export const CancelRequest = struct(Tag.RequestPayload, {
  asynchronousCorrelationValue: required(bytes(Tag.AsynchronousCorrelationValue)),
});
export type CancelRequest = Infer<typeof CancelRequest>;

/** Cancel response payload [KMIP 1.2 §4.27, KMIP 2.1 §6.1.5]. */
export const CancelResponse = struct(Tag.ResponsePayload, {
  asynchronousCorrelationValue: required(bytes(Tag.AsynchronousCorrelationValue)),
  cancellationResult: required(enumeration(Tag.CancellationResult, CancellationResult)),
});
export type CancelResponse = Infer<typeof CancelResponse>;
