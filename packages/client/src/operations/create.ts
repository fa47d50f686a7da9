/**
 * Create [KMIP 2.1 §6.1.8]: Creates a symmetric key (or secret data) with the given attributes.
 */
import { Operation, type CreateRequest, type CreateResponse } from '@keyhold/protocol';
import type { CallOptions, OperationCaller } from '../call.js';

/**
 * Creates a symmetric key (or secret data) with the given attributes. Rejects with a `KmipOperationError` carrying the server's Result Reason on failure.
 */
export function create(client: OperationCaller, request: CreateRequest, options?: CallOptions): Promise<CreateResponse> {
  return client.call(Operation.Create, request, options);
}
