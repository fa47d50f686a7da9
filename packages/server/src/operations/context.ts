/**
 * What an operation handler receives besides its request payload, and the shape of a handler.
 * Handlers never see the transport; they see one store transaction, the caller's identity, the
 * batch state and the server's fixed facts.
 */
import type { ProtocolVersion, RequestPayloadOf, ResponsePayloadOf, TypedOperation } from '@keyhold/protocol';
import type { BatchState } from '../objects/batch-state.js';
import type { ObjectRepository } from '../objects/repository.js';
import type { CertificateAuthority } from '../pki/authority.js';

/** Facts about this server that some operations report (Query, Discover Versions). */
export interface ServerFacts {
  /** Vendor Identification reported by Query. */
  readonly vendorIdentification: string;
  /** Product version, for Server Information. */
  readonly productVersion: string;
  /** Protocol versions served, newest first. */
  readonly versions: readonly ProtocolVersion[];
  /** True when the KMIP HTTPS listener runs (XML and JSON bodies included): Query then names the HTTPS, XML and JSON server profiles. */
  readonly https?: boolean;
}

/** The context of one batch item. */
export interface OperationContext {
  /** The protocol version the response will be encoded in. */
  readonly version: ProtocolVersion;
  /** The authenticated client. */
  readonly principal: string;
  /** Current time, seconds since the epoch (one value for the whole message). */
  readonly now: bigint;
  /** Objects, in this item's (or, with Undo, the batch's) transaction. */
  readonly objects: ObjectRepository;
  /** ID Placeholder and earlier results of the batch. */
  readonly batch: BatchState;
  /** Server facts. */
  readonly server: ServerFacts;
  /** The operations this server implements (for Query). */
  readonly supportedOperations: () => readonly number[];
  /** The server log, for operations whose effect is a log entry (Log, Interop); absent when the server logs nothing. */
  readonly logger?: OperationLogger;
  /** The CA that signs the certificates of Certify and Re-certify; absent when the server has none. */
  readonly certificateAuthority?: CertificateAuthority;
}

/** What an operation may write to the server log (pino-compatible). */
export interface OperationLogger {
  info(obj: object, msg?: string): void;
}

/** An operation handler: typed request payload in, typed response payload out. */
export type OperationHandler<O extends TypedOperation> = (request: RequestPayloadOf<O>, ctx: OperationContext) => Promise<ResponsePayloadOf<O>>;

/** One entry of the operation table. */
export interface OperationEntry {
  readonly operation: number;
  readonly handle: (request: unknown, ctx: OperationContext) => Promise<unknown>;
}

/** Registers a typed handler in the untyped table (the payload types are checked here, once). */
export function defineOperation<O extends TypedOperation>(operation: O, handle: OperationHandler<O>): OperationEntry {
  return { operation, handle: handle as (request: unknown, ctx: OperationContext) => Promise<unknown> };
}
