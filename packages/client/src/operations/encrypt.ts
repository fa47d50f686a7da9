/**
 * Encrypt [KMIP 2.1 §6.1.17]: Encrypts data with a managed key (single request, or one part of a multi-part stream with Init Indicator / Correlation Value / Final Indicator).
 */
import { Operation, type EncryptRequest, type EncryptResponse } from '@keyhold/protocol';
import type { CallOptions, OperationCaller } from '../call.js';

/**
 * Encrypts data with a managed key (single request, or one part of a multi-part stream with Init Indicator / Correlation Value / Final Indicator). Rejects with a `KmipOperationError` carrying the server's Result Reason on failure.
 */
export function encrypt(client: OperationCaller, request: EncryptRequest, options?: CallOptions): Promise<EncryptResponse> {
  return client.call(Operation.Encrypt, request, options);
}
