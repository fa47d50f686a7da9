/**
 * Activate [KMIP 2.1 §6.1.1]: Moves an object from Pre-Active to Active.
 */
import { Operation, type ActivateRequest, type ActivateResponse } from '@keyhold/protocol';
import type { CallOptions, OperationCaller } from '../call.js';

/**
 * Moves an object from Pre-Active to Active. Rejects with a `KmipOperationError` carrying the server's Result Reason on failure.
 */
export function activate(client: OperationCaller, request: ActivateRequest, options?: CallOptions): Promise<ActivateResponse> {
  return client.call(Operation.Activate, request, options);
}
