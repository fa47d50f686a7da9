/**
 * Locate [KMIP 2.1 §6.1.28]: Finds the identifiers of the objects whose attributes match.
 */
import { Operation, type LocateRequest, type LocateResponse } from '@keyhold/protocol';
import type { CallOptions, OperationCaller } from '../call.js';

/**
 * Finds the identifiers of the objects whose attributes match. Rejects with a `KmipOperationError` carrying the server's Result Reason on failure.
 */
export function locate(client: OperationCaller, request: LocateRequest, options?: CallOptions): Promise<LocateResponse> {
  return client.call(Operation.Locate, request, options);
}
