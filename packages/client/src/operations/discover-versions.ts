/**
 * DiscoverVersions [KMIP 2.1 §6.2.1]: Lists the protocol versions the server supports, in its order of preference (an empty request asks for all).
 */
import { Operation, type DiscoverVersionsRequest, type DiscoverVersionsResponse } from '@keyhold/protocol';
import type { CallOptions, OperationCaller } from '../call.js';

/**
 * Lists the protocol versions the server supports, in its order of preference (an empty request asks for all). Rejects with a `KmipOperationError` carrying the server's Result Reason on failure.
 */
export function discoverVersions(client: OperationCaller, request: DiscoverVersionsRequest, options?: CallOptions): Promise<DiscoverVersionsResponse> {
  return client.call(Operation.DiscoverVersions, request, options);
}
