/**
 * Query [KMIP 2.1 §6.2.4]: Asks the server what it supports (operations, object types, server information, …).
 */
import { Operation, type QueryRequest, type QueryResponse } from '@keyhold/protocol';
import type { CallOptions, OperationCaller } from '../call.js';

/**
 * Asks the server what it supports (operations, object types, server information, …). Rejects with a `KmipOperationError` carrying the server's Result Reason on failure.
 */
export function query(client: OperationCaller, request: QueryRequest, options?: CallOptions): Promise<QueryResponse> {
  return client.call(Operation.Query, request, options);
}
