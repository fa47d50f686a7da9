/**
 * Check [KMIP 2.1 §6.1.6]: Checks that an object could be used as described (usage limits, mask, lease).
 */
import { Operation, type CheckRequest, type CheckResponse } from '@keyhold/protocol';
import type { CallOptions, OperationCaller } from '../call.js';

/**
 * Checks that an object could be used as described (usage limits, mask, lease). Rejects with a `KmipOperationError` carrying the server's Result Reason on failure.
 */
export function check(client: OperationCaller, request: CheckRequest, options?: CallOptions): Promise<CheckResponse> {
  return client.call(Operation.Check, request, options);
}
