/**
 * Errors of the client: {@link KmipOperationError} for a batch item the server answered with a
 * failure (its Result Status, Result Reason and Result Message), {@link KmipClientError} for
 * everything on this side of the wire (connection, timeout, cancellation, an undecodable reply).
 */
import { enumForTag, ResultReason, ResultStatus, Tag, type Operation } from '@keyhold/protocol';

/** The specification name of a Result Reason value ("Item Not Found"), or its hex value. */
export function resultReasonName(reason: number | undefined): string {
  if (reason === undefined) return 'no Result Reason';
  return enumForTag(Tag.ResultReason)?.byValue.get(reason)?.name ?? `0x${reason.toString(16).padStart(8, '0')}`;
}

/** The specification name of a Result Status value ("Operation Failed"). */
export function resultStatusName(status: number): string {
  return enumForTag(Tag.ResultStatus)?.byValue.get(status)?.name ?? `0x${status.toString(16)}`;
}

/** The specification name of an Operation value ("Create Key Pair"). */
export function operationName(operation: number | undefined): string {
  if (operation === undefined) return 'request';
  return enumForTag(Tag.Operation)?.byValue.get(operation)?.name ?? `operation 0x${operation.toString(16)}`;
}

/**
 * The server answered a batch item with Result Status Operation Failed (or Undone, or Pending
 * where the client expected a result) [KMIP 2.1 §9.1.3].
 */
export class KmipOperationError extends Error {
  /** Always `'KmipOperationError'`. */
  override readonly name = 'KmipOperationError';
  /** The operation of the failed batch item (when the server named it). */
  readonly operation: Operation | undefined;
  /** Result Status of the item. */
  readonly resultStatus: ResultStatus;
  /** Result Reason value (Item Not Found = 0x1, …); General Failure when the server gave none. */
  readonly resultReason: ResultReason;
  /** Specification name of {@link KmipOperationError.resultReason} ("Item Not Found"). */
  readonly resultReasonName: string;
  /** Result Message as sent by the server, when it sent one. */
  readonly resultMessage: string | undefined;

  /** Builds the error from the fields of a response batch item. */
  constructor(fields: { operation?: Operation | undefined; resultStatus: ResultStatus; resultReason?: ResultReason | undefined; resultMessage?: string | undefined }) {
    const reason = fields.resultReason ?? ResultReason.GeneralFailure;
    const reasonName = resultReasonName(reason);
    const what = operationName(fields.operation);
    const status = fields.resultStatus === ResultStatus.OperationFailed ? 'failed' : resultStatusName(fields.resultStatus);
    super(`${what} ${status}: ${reasonName}${fields.resultMessage ? ` (${fields.resultMessage})` : ''}`);
    this.operation = fields.operation;
    this.resultStatus = fields.resultStatus;
    this.resultReason = reason;
    this.resultReasonName = reasonName;
    this.resultMessage = fields.resultMessage;
  }
}

/** Codes of {@link KmipClientError}. */
export const KMIP_CLIENT_ERROR_CODES = {
  /** No answer within the request's timeout (the connection stays usable). */
  KMIP_CLIENT_TIMEOUT: 'the server did not answer in time',
  /** The caller's AbortSignal fired before the answer came. */
  KMIP_CLIENT_ABORTED: 'the request was aborted',
  /** The connection is closed (by close(), by the server, or after a transport error). */
  KMIP_CLIENT_CLOSED: 'the connection is closed',
  /** TLS or TCP failure while connecting or sending. */
  KMIP_CLIENT_CONNECTION: 'the connection failed',
  /** The server's reply could not be framed or decoded, or does not match the request. */
  KMIP_CLIENT_PROTOCOL: 'the server sent an unexpected reply',
  /** Version negotiation found no version both sides speak. */
  KMIP_CLIENT_NO_VERSION: 'no common protocol version',
  /** The request holds a tag, attribute or enumeration value its protocol version does not define (it was not sent). */
  KMIP_CLIENT_VERSION_MISMATCH: 'the request does not fit its protocol version',
} as const;

/** A code of {@link KMIP_CLIENT_ERROR_CODES}. */
export type KmipClientErrorCode = keyof typeof KMIP_CLIENT_ERROR_CODES;

/** A failure on the client side of the wire (see {@link KMIP_CLIENT_ERROR_CODES}). */
export class KmipClientError extends Error {
  /** Always `'KmipClientError'`. */
  override readonly name = 'KmipClientError';
  /** Stable code for programs. */
  readonly code: KmipClientErrorCode;
  /** Builds the error; `cause` is the underlying error, when there is one. */
  constructor(code: KmipClientErrorCode, message?: string, cause?: unknown) {
    super(message ?? KMIP_CLIENT_ERROR_CODES[code], cause === undefined ? undefined : { cause });
    this.code = code;
  }
}

/** True when `err` is a {@link KmipOperationError}. */
export function isKmipOperationError(err: unknown): err is KmipOperationError {
  return err instanceof KmipOperationError;
}
