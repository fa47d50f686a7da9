/**
 * RNG Retrieve [KMIP 2.1 §6.1.49]: Returns random bytes from the server's RNG.
 */
import { Operation, type RNGRetrieveRequest, type RNGRetrieveResponse } from '@keyhold/protocol';
import type { CallOptions, OperationCaller } from '../call.js';

/**
 * Returns random bytes from the server's RNG. Rejects with a `KmipOperationError` carrying the server's Result Reason on failure.
 */
export function rngRetrieve(client: OperationCaller, request: RNGRetrieveRequest, options?: CallOptions): Promise<RNGRetrieveResponse> {
  return client.call(Operation.RNGRetrieve, request, options);
}
