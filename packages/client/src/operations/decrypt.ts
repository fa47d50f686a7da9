/**
 * Decrypt [KMIP 2.1 §6.1.11]: Decrypts data with a managed key (single request, or one part of a multi-part stream).
 */
import { Operation, type DecryptRequest, type DecryptResponse } from '@keyhold/protocol';
import type { CallOptions, OperationCaller } from '../call.js';

/**
 * Decrypts data with a managed key (single request, or one part of a multi-part stream). Rejects with a `KmipOperationError` carrying the server's Result Reason on failure.
 */
export function decrypt(client: OperationCaller, request: DecryptRequest, options?: CallOptions): Promise<DecryptResponse> {
  return client.call(Operation.Decrypt, request, options);
}
