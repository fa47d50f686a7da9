/**
 * The one method the per-operation functions need from a client (so that each
 * `operations/<operation>.ts` file depends on this small interface, not on the client class).
 */
import type { Operation, RequestBatchItem, RequestHeader, RequestPayloadOf, ResponseMessage, ResponsePayload, ResponsePayloadOf, TypedOperation } from '@keyhold/protocol';

/** Per-call options. */
export interface CallOptions {
  /** Milliseconds to wait for the response (default: the client's `timeoutMs`). */
  readonly timeoutMs?: number;
  /** Cancels the wait (the server may still execute the request). */
  readonly signal?: AbortSignal;
}

/** Something that runs one typed operation: {@link KmipClient} implements it. */
export interface OperationCaller {
  /** Sends `payload` as a one-item request and resolves with the typed response payload. */
  call<O extends TypedOperation>(operation: O, payload: RequestPayloadOf<O>, options?: CallOptions): Promise<ResponsePayloadOf<O>>;
}

/** Something that sends whole request messages: {@link KmipClient} and {@link KmipPool} implement it. */
export interface MessageSender {
  /** Sends request batch items as one message and resolves with the decoded response message. */
  send(items: RequestBatchItem[], header?: Partial<Omit<RequestHeader, 'protocolVersion'>>, options?: CallOptions): Promise<ResponseMessage>;
}

/**
 * The outcome of a successful Poll [KMIP 2.1 §6.1.38]: the response batch item names the
 * operation that was pending and carries that operation's response payload.
 */
export interface PollResult {
  /** The operation that was pending (undefined when the server did not name it). */
  readonly operation: Operation | undefined;
  /** Its response payload: typed when the model knows the operation, else the raw tree; undefined when the server sent none. */
  readonly payload: ResponsePayload | undefined;
}
