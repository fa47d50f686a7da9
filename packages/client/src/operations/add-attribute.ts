/**
 * AddAttribute [KMIP 2.1 §6.1.2]: Adds an attribute value to an object.
 */
import { Operation, type AddAttributeRequest, type AddAttributeResponse } from '@keyhold/protocol';
import type { CallOptions, OperationCaller } from '../call.js';

/**
 * Adds an attribute value to an object. Rejects with a `KmipOperationError` carrying the server's Result Reason on failure.
 */
export function addAttribute(client: OperationCaller, request: AddAttributeRequest, options?: CallOptions): Promise<AddAttributeResponse> {
  return client.call(Operation.AddAttribute, request, options);
}
