/**
 * Get Constraints payloads.
 */
import { Tag } from '../../generated/tags.js';
import { Constraints } from './set-constraints.js';
import { required, struct, type Infer } from '../schema.js';

/** Get Constraints request payload [KMIP 2.1 §6.1.22]. */
export const GetConstraintsRequest = struct(Tag.RequestPayload, {});
export type GetConstraintsRequest = Infer<typeof GetConstraintsRequest>;

/** Get Constraints response payload [KMIP 2.1 §6.1.22]. */
export const GetConstraintsResponse = struct(Tag.ResponsePayload, {
  constraints: required(Constraints),
});
export type GetConstraintsResponse = Infer<typeof GetConstraintsResponse>;
