/**
 * Get [KMIP 2.1 §6.1.19]: Returns a managed object (optionally in another key format or wrapped).
 */
import { Operation, type GetRequest, type GetResponse } from '@keyhold/protocol';
import type { CallOptions, OperationCaller } from '../call.js';

/**
 * Returns a managed object (optionally in another key format or wrapped). Rejects with a `KmipOperationError` carrying the server's Result Reason on failure.
 */
export function get(client: OperationCaller, request: GetRequest, options?: CallOptions): Promise<GetResponse> {
  return client.call(Operation.Get, request, options);
}
