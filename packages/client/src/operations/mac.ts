/**
 * MAC [KMIP 2.1 §6.1.32]: Computes a MAC over data with a managed key.
 */
import { Operation, type MACRequest, type MACResponse } from '@keyhold/protocol';
import type { CallOptions, OperationCaller } from '../call.js';

/**
 * Computes a MAC over data with a managed key. Rejects with a `KmipOperationError` carrying the server's Result Reason on failure.
 */
export function mac(client: OperationCaller, request: MACRequest, options?: CallOptions): Promise<MACResponse> {
  return client.call(Operation.MAC, request, options);
}
