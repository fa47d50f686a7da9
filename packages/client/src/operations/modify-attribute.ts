/**
 * ModifyAttribute [KMIP 2.1 §6.1.33]: Changes an attribute value of an object.
 */
import { Operation, type ModifyAttributeRequest, type ModifyAttributeResponse } from '@keyhold/protocol';
import type { CallOptions, OperationCaller } from '../call.js';

/**
 * Changes an attribute value of an object. Rejects with a `KmipOperationError` carrying the server's Result Reason on failure.
 */
export function modifyAttribute(client: OperationCaller, request: ModifyAttributeRequest, options?: CallOptions): Promise<ModifyAttributeResponse> {
  return client.call(Operation.ModifyAttribute, request, options);
}
