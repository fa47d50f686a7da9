/**
 * The one method the per-operation functions need from a client (so that each
 * `operations/<operation>.ts` file depends on this small interface, not on the client class).
 */
import type { RequestPayloadOf, ResponsePayloadOf, TypedOperation } from '@keyhold/protocol';

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
