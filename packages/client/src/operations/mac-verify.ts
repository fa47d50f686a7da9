/**
 * MAC Verify [KMIP 2.1 §6.1.33]: Verifies a MAC with a managed key; the Validity Indicator tells the outcome.
 */
import { Operation, type MACVerifyRequest, type MACVerifyResponse } from '@keyhold/protocol';
import type { CallOptions, OperationCaller } from '../call.js';

/**
 * Verifies a MAC with a managed key; the Validity Indicator tells the outcome. Rejects with a `KmipOperationError` carrying the server's Result Reason on failure.
 */
export function macVerify(client: OperationCaller, request: MACVerifyRequest, options?: CallOptions): Promise<MACVerifyResponse> {
  return client.call(Operation.MACVerify, request, options);
}
