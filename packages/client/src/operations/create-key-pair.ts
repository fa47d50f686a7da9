/**
 * CreateKeyPair [KMIP 2.1 §6.1.9]: Creates a private/public key pair.
 */
import { Operation, type CreateKeyPairRequest, type CreateKeyPairResponse } from '@keyhold/protocol';
import type { CallOptions, OperationCaller } from '../call.js';

/**
 * Creates a private/public key pair. Rejects with a `KmipOperationError` carrying the server's Result Reason on failure.
 */
export function createKeyPair(client: OperationCaller, request: CreateKeyPairRequest, options?: CallOptions): Promise<CreateKeyPairResponse> {
  return client.call(Operation.CreateKeyPair, request, options);
}
