/**
 * Register [KMIP 2.1 §6.1.41]: Registers an object the client supplies.
 */
import { Operation, type RegisterRequest, type RegisterResponse } from '@keyhold/protocol';
import type { CallOptions, OperationCaller } from '../call.js';

/**
 * Registers an object the client supplies. Rejects with a `KmipOperationError` carrying the server's Result Reason on failure.
 */
export function register(client: OperationCaller, request: RegisterRequest, options?: CallOptions): Promise<RegisterResponse> {
  return client.call(Operation.Register, request, options);
}
