/**
 * Poll [KMIP 2.1 §6.1.38, 1.2 §4.28] (since KMIP 1.0): Asks for the result of an asynchronous
 * operation named by its Asynchronous Correlation Value (from a response item with Result Status
 * Operation Pending). Hand-written (see HAND_WRITTEN in scripts/gen-client.mjs): the response
 * item carries the polled operation and its payload, not a Poll payload, so this goes through
 * {@link MessageSender.send} instead of `call`.
 */
import { Operation, ResultStatus, requestBatchItem, type PollRequest } from '@keyhold/protocol';
import type { CallOptions, MessageSender, PollResult } from '../call.js';
import { KmipClientError, KmipOperationError } from '../errors.js';

/**
 * Asks for the result of an asynchronous operation; resolves with the polled operation and its
 * response payload. Rejects with a `KmipOperationError` carrying the server's Result Status,
 * Result Reason and Result Message on failure (also when the operation is still pending: Result
 * Status Operation Pending).
 */
export async function poll(client: MessageSender, request: PollRequest, options?: CallOptions): Promise<PollResult> {
  const response = await client.send([requestBatchItem(Operation.Poll, request)], {}, options);
  const item = response.batchItem[0];
  if (item === undefined) throw new KmipClientError('KMIP_CLIENT_PROTOCOL', 'the response has no batch item');
  if (item.resultStatus !== ResultStatus.Success) {
    throw new KmipOperationError({
      operation: item.operation ?? Operation.Poll,
      resultStatus: item.resultStatus,
      resultReason: item.resultReason,
      resultMessage: item.resultMessage,
    });
  }
  return { operation: item.operation, payload: item.responsePayload };
}
