/**
 * Derive Key [KMIP 2.1 §6.1.14]: Derives a new key from managed objects.
 */
import { Operation, type DeriveKeyRequest, type DeriveKeyResponse } from '@keyhold/protocol';
import type { CallOptions, OperationCaller } from '../call.js';

/**
 * Derives a new key from managed objects. Rejects with a `KmipOperationError` carrying the server's Result Reason on failure.
 */
export function deriveKey(client: OperationCaller, request: DeriveKeyRequest, options?: CallOptions): Promise<DeriveKeyResponse> {
  return client.call(Operation.DeriveKey, request, options);
}
