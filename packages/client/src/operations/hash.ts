/**
 * Hash [KMIP 2.1 §6.1.24]: Hashes data on the server.
 */
import { Operation, type HashRequest, type HashResponse } from '@keyhold/protocol';
import type { CallOptions, OperationCaller } from '../call.js';

/**
 * Hashes data on the server. Rejects with a `KmipOperationError` carrying the server's Result Reason on failure.
 */
export function hash(client: OperationCaller, request: HashRequest, options?: CallOptions): Promise<HashResponse> {
  return client.call(Operation.Hash, request, options);
}
