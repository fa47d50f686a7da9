/**
 * Recover [KMIP 2.1 §6.1.40]: Brings an archived object back.
 */
import { Operation, type RecoverRequest, type RecoverResponse } from '@keyhold/protocol';
import type { CallOptions, OperationCaller } from '../call.js';

/**
 * Brings an archived object back. Rejects with a `KmipOperationError` carrying the server's Result Reason on failure.
 */
export function recover(client: OperationCaller, request: RecoverRequest, options?: CallOptions): Promise<RecoverResponse> {
  return client.call(Operation.Recover, request, options);
}
