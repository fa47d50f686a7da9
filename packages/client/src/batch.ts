/**
 * Batches: several operations in one request message [KMIP 2.1 §9.1.1 Batch Item, §9.1.2.7 Batch
 * Error Continuation Option, §9.1.2.8 Batch Order Option]. A later item may act on the object an
 * earlier one created by leaving its Unique Identifier out (the server's ID Placeholder).
 */
import type { RequestPayloadOf, ResponsePayloadOf, TypedOperation } from '@keyhold/protocol';
import type { KmipOperationError } from './errors.js';

/** One operation of a batch: build it with {@link batchItem} to keep operation and payload paired. */
export interface BatchItem<O extends TypedOperation = TypedOperation> {
  /** The operation. */
  readonly operation: O;
  /** Its request payload. */
  readonly payload: RequestPayloadOf<O>;
}

/** A batch item, typed by its operation. */
export function batchItem<O extends TypedOperation>(operation: O, payload: RequestPayloadOf<O>): BatchItem<O> {
  return { operation, payload };
}

/** The outcome of one batch item: its typed response payload, or the server's failure. */
export type BatchResult<O extends TypedOperation = TypedOperation> =
  | { readonly ok: true; readonly operation: O; readonly payload: ResponsePayloadOf<O> }
  | { readonly ok: false; readonly operation: O; readonly error: KmipOperationError };

/** Results of a batch, position by position, each typed by the operation of its item. */
export type BatchResults<T extends readonly BatchItem[]> = { -readonly [K in keyof T]: T[K] extends BatchItem<infer O> ? BatchResult<O> : never };

/** How the server runs a batch. */
export interface BatchOptions {
  /**
   * What the server does after a failed item: `stop` (default: the rest are canceled), `continue`
   * (the rest run) or `undo` (everything is rolled back).
   */
  readonly errorContinuation?: 'stop' | 'continue' | 'undo';
  /** `true` (default): items run in order; `false`: the server may run them in any order. */
  readonly order?: boolean;
  /** Milliseconds to wait for the response (default: the client's). */
  readonly timeoutMs?: number;
  /** Cancels the wait. */
  readonly signal?: AbortSignal;
}
