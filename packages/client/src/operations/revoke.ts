/**
 * Revoke [KMIP 2.1 §6.1.44]: Revokes an object with a Revocation Reason.
 */
import { Operation, type RevokeRequest, type RevokeResponse } from '@keyhold/protocol';
import type { CallOptions, OperationCaller } from '../call.js';

/**
 * Revokes an object with a Revocation Reason. Rejects with a `KmipOperationError` carrying the server's Result Reason on failure.
 */
export function revoke(client: OperationCaller, request: RevokeRequest, options?: CallOptions): Promise<RevokeResponse> {
  return client.call(Operation.Revoke, request, options);
}
