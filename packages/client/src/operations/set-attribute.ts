/**
 * SetAttribute [KMIP 2.1 §6.1.52]: Sets a single-valued attribute (2.x; a 1.x server answers Operation Not Supported).
 */
import { Operation, type SetAttributeRequest, type SetAttributeResponse } from '@keyhold/protocol';
import type { CallOptions, OperationCaller } from '../call.js';

/**
 * Sets a single-valued attribute (2.x; a 1.x server answers Operation Not Supported). Rejects with a `KmipOperationError` carrying the server's Result Reason on failure.
 */
export function setAttribute(client: OperationCaller, request: SetAttributeRequest, options?: CallOptions): Promise<SetAttributeResponse> {
  return client.call(Operation.SetAttribute, request, options);
}
