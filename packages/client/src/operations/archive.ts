/**
 * Archive [KMIP 2.1 §6.1.4]: Moves an object to archival storage.
 */
import { Operation, type ArchiveRequest, type ArchiveResponse } from '@keyhold/protocol';
import type { CallOptions, OperationCaller } from '../call.js';

/**
 * Moves an object to archival storage. Rejects with a `KmipOperationError` carrying the server's Result Reason on failure.
 */
export function archive(client: OperationCaller, request: ArchiveRequest, options?: CallOptions): Promise<ArchiveResponse> {
  return client.call(Operation.Archive, request, options);
}
