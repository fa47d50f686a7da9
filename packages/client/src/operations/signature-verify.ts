/**
 * Signature Verify [KMIP 2.1 §6.1.56]: Verifies a signature with a managed public key; the Validity Indicator tells the outcome.
 */
import { Operation, type SignatureVerifyRequest, type SignatureVerifyResponse } from '@keyhold/protocol';
import type { CallOptions, OperationCaller } from '../call.js';

/**
 * Verifies a signature with a managed public key; the Validity Indicator tells the outcome. Rejects with a `KmipOperationError` carrying the server's Result Reason on failure.
 */
export function signatureVerify(client: OperationCaller, request: SignatureVerifyRequest, options?: CallOptions): Promise<SignatureVerifyResponse> {
  return client.call(Operation.SignatureVerify, request, options);
}
