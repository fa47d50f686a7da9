/**
 * DeleteAttribute [KMIP 2.1 §6.1.15]: Deletes an attribute value of an object.
 */
import { Operation, type DeleteAttributeRequest, type DeleteAttributeResponse } from '@keyhold/protocol';
import type { CallOptions, OperationCaller } from '../call.js';

/**
 * Deletes an attribute value of an object. Rejects with a `KmipOperationError` carrying the server's Result Reason on failure.
 */
export function deleteAttribute(client: OperationCaller, request: DeleteAttributeRequest, options?: CallOptions): Promise<DeleteAttributeResponse> {
  return client.call(Operation.DeleteAttribute, request, options);
}
