/**
 * GetAttributeList [KMIP 2.1 §6.1.21]: Returns the names (references) of the attributes an object has.
 */
import { Operation, type GetAttributeListRequest, type GetAttributeListResponse } from '@keyhold/protocol';
import type { CallOptions, OperationCaller } from '../call.js';

/**
 * Returns the names (references) of the attributes an object has. Rejects with a `KmipOperationError` carrying the server's Result Reason on failure.
 */
export function getAttributeList(client: OperationCaller, request: GetAttributeListRequest, options?: CallOptions): Promise<GetAttributeListResponse> {
  return client.call(Operation.GetAttributeList, request, options);
}
