/**
 * GetAttributes [KMIP 2.1 §6.1.20]: Returns attributes of an object (all, or the ones named).
 */
import { Operation, type GetAttributesRequest, type GetAttributesResponse } from '@keyhold/protocol';
import type { CallOptions, OperationCaller } from '../call.js';

/**
 * Returns attributes of an object (all, or the ones named). Rejects with a `KmipOperationError` carrying the server's Result Reason on failure.
 */
export function getAttributes(client: OperationCaller, request: GetAttributesRequest, options?: CallOptions): Promise<GetAttributesResponse> {
  return client.call(Operation.GetAttributes, request, options);
}
