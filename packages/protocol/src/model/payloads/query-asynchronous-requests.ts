/**
 * Query Asynchronous Requests payloads.
 */
import { Tag } from '../../generated/tags.js';
import { AsynchronousCorrelationValues, AsynchronousRequest, Operations } from '../common.js';
import { optional, repeated, struct, type Infer } from '../schema.js';

/** Query Asynchronous Requests request payload [KMIP 2.1 §6.1.41]. */
export const QueryAsynchronousRequestsRequest = struct(Tag.RequestPayload, {
  asynchronousCorrelationValues: optional(AsynchronousCorrelationValues),
  operations: optional(Operations),
});
export type QueryAsynchronousRequestsRequest = Infer<typeof QueryAsynchronousRequestsRequest>;

/** Query Asynchronous Requests response payload [KMIP 2.1 §6.1.41]. */
export const QueryAsynchronousRequestsResponse = struct(Tag.ResponsePayload, {
  asynchronousRequest: repeated(AsynchronousRequest),
});
export type QueryAsynchronousRequestsResponse = Infer<typeof QueryAsynchronousRequestsResponse>;
