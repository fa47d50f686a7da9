/**
 * Sign [KMIP 2.1 §6.1.55]: Signs data (or digested data) with a managed private key.
 */
import { Operation, type SignRequest, type SignResponse } from '@keyhold/protocol';
import type { CallOptions, OperationCaller } from '../call.js';

/**
 * Signs data (or digested data) with a managed private key. Rejects with a `KmipOperationError` carrying the server's Result Reason on failure.
 */
export function sign(client: OperationCaller, request: SignRequest, options?: CallOptions): Promise<SignResponse> {
  return client.call(Operation.Sign, request, options);
}
