/**
 * Destroy [KMIP 2.1 §6.1.16]: Destroys an object's key material (the object must not be Active).
 */
import { Operation, type DestroyRequest, type DestroyResponse } from '@keyhold/protocol';
import type { CallOptions, OperationCaller } from '../call.js';

/**
 * Destroys an object's key material (the object must not be Active). Rejects with a `KmipOperationError` carrying the server's Result Reason on failure.
 */
export function destroy(client: OperationCaller, request: DestroyRequest, options?: CallOptions): Promise<DestroyResponse> {
  return client.call(Operation.Destroy, request, options);
}
