/**
 * ObtainLease [KMIP 2.1 §6.1.36]: Obtains a lease on an object's use.
 */
import { Operation, type ObtainLeaseRequest, type ObtainLeaseResponse } from '@keyhold/protocol';
import type { CallOptions, OperationCaller } from '../call.js';

/**
 * Obtains a lease on an object's use. Rejects with a `KmipOperationError` carrying the server's Result Reason on failure.
 */
export function obtainLease(client: OperationCaller, request: ObtainLeaseRequest, options?: CallOptions): Promise<ObtainLeaseResponse> {
  return client.call(Operation.ObtainLease, request, options);
}
