/**
 * Protocol-level failures: every error the typed model (and, above it, the client and server)
 * raises for a KMIP reason is a {@link KmipError} carrying the Result Reason to report
 * [KMIP 1.2 §11 "Error Handling", KMIP 2.1 §11 "Message Errors"].
 *
 * Which reason the model uses for decode failures (KMIP 1.2 §11.1, Table 290):
 * - a field with the wrong item type, an enumeration value that is not defined, a value out of
 *   range: **Invalid Field**;
 * - a payload, header or batch item that cannot be parsed (a required field missing, a field
 *   repeated that may occur once, fields out of the mandated order, a Structure where a primitive
 *   is required): **Invalid Message**.
 */
import { ResultReason } from './generated/enums.js';

/** Stable codes of {@link KmipError}s, with the meaning documented for users. */
export const KMIP_ERROR_CODES = {
  KMIP_ERR_INVALID_FIELD: 'A field has the wrong item type or an invalid value.',
  KMIP_ERR_INVALID_MESSAGE: 'A message, batch item or payload cannot be parsed (missing, repeated or misplaced fields).',
  KMIP_ERR_MISSING_DATA: 'The operation requires information that the request does not carry.',
  KMIP_ERR_ITEM_NOT_FOUND: 'No object with the given identifier exists.',
  KMIP_ERR_PERMISSION_DENIED: 'The client is not allowed to perform the operation.',
  KMIP_ERR_OPERATION_NOT_SUPPORTED: 'The operation is not supported.',
  KMIP_ERR_FEATURE_NOT_SUPPORTED: 'A feature the request relies on is not supported.',
  KMIP_ERR_WRONG_KEY_LIFECYCLE_STATE: 'The object is not in a state that allows the operation.',
  KMIP_ERR_UNSUPPORTED_PROTOCOL_VERSION: 'The protocol version is not supported.',
  KMIP_ERR_GENERAL_FAILURE: 'Any other failure.',
  KMIP_ERR_OTHER: 'A failure with a Result Reason that has no dedicated code.',
} as const;

/** One of the stable {@link KmipError} codes. */
export type KmipErrorCode = keyof typeof KMIP_ERROR_CODES;

const CODE_BY_REASON: ReadonlyMap<number, KmipErrorCode> = new Map<number, KmipErrorCode>([
  [ResultReason.InvalidField, 'KMIP_ERR_INVALID_FIELD'],
  [ResultReason.InvalidMessage, 'KMIP_ERR_INVALID_MESSAGE'],
  [ResultReason.MissingData, 'KMIP_ERR_MISSING_DATA'],
  [ResultReason.ItemNotFound, 'KMIP_ERR_ITEM_NOT_FOUND'],
  [ResultReason.PermissionDenied, 'KMIP_ERR_PERMISSION_DENIED'],
  [ResultReason.OperationNotSupported, 'KMIP_ERR_OPERATION_NOT_SUPPORTED'],
  [ResultReason.FeatureNotSupported, 'KMIP_ERR_FEATURE_NOT_SUPPORTED'],
  [ResultReason.WrongKeyLifecycleState, 'KMIP_ERR_WRONG_KEY_LIFECYCLE_STATE'],
  [ResultReason.UnsupportedProtocolVersion, 'KMIP_ERR_UNSUPPORTED_PROTOCOL_VERSION'],
  [ResultReason.GeneralFailure, 'KMIP_ERR_GENERAL_FAILURE'],
]);

/** Options of a {@link KmipError}. */
export interface KmipErrorOptions {
  /** Where in the message the problem was found, e.g. `RequestPayload/TemplateAttribute/Attribute[2]`. */
  readonly path?: string;
  /** The underlying error, if any. */
  readonly cause?: unknown;
}

/**
 * A failure that maps to a KMIP Result Reason. `reason` is what a server puts in the batch item's
 * Result Reason; `message` is for logs (a server decides what, if anything, goes into Result
 * Message). `path` locates the offending item for decode errors.
 */
export class KmipError extends Error {
  override readonly name = 'KmipError';
  readonly reason: ResultReason;
  readonly code: KmipErrorCode;
  readonly path: string | undefined;

  constructor(reason: ResultReason, message: string, options: KmipErrorOptions = {}) {
    super(options.path === undefined ? message : `${message} (at ${options.path})`, options.cause === undefined ? undefined : { cause: options.cause });
    this.reason = reason;
    this.code = CODE_BY_REASON.get(reason) ?? 'KMIP_ERR_OTHER';
    this.path = options.path;
  }
}

/** True when `err` is a {@link KmipError}. */
export function isKmipError(err: unknown): err is KmipError {
  return err instanceof KmipError;
}

/** Invalid Field: a data item has the wrong item type or an invalid value. */
export function invalidField(path: string, detail = 'invalid field'): KmipError {
  return new KmipError(ResultReason.InvalidField, detail, { path });
}

/** Invalid Message: the message (or a batch item, or a payload) cannot be parsed. */
export function invalidMessage(detail: string, path?: string): KmipError {
  return new KmipError(ResultReason.InvalidMessage, detail, path === undefined ? {} : { path });
}

/** Missing Data: the operation requires information the request does not carry. */
export function missingData(detail: string, path?: string): KmipError {
  return new KmipError(ResultReason.MissingData, detail, path === undefined ? {} : { path });
}

/** Item Not Found: no object with this identifier. */
export function itemNotFound(id?: string): KmipError {
  return new KmipError(ResultReason.ItemNotFound, id === undefined ? 'object not found' : `object not found: ${id}`);
}

/** Permission Denied. */
export function permissionDenied(detail = 'permission denied'): KmipError {
  return new KmipError(ResultReason.PermissionDenied, detail);
}

/** Operation Not Supported: `op` is the Operation enumeration value. */
export function operationNotSupported(op: number): KmipError {
  return new KmipError(ResultReason.OperationNotSupported, `operation 0x${op.toString(16).padStart(8, '0')} is not supported`);
}

/** Feature Not Supported. */
export function featureNotSupported(detail: string): KmipError {
  return new KmipError(ResultReason.FeatureNotSupported, detail);
}

/** Wrong Key Lifecycle State: `state` is the State enumeration value of the object. */
export function wrongKeyLifecycleState(state: number): KmipError {
  return new KmipError(ResultReason.WrongKeyLifecycleState, `operation not allowed in state 0x${state.toString(16)}`);
}

/** Unsupported Protocol Version (2.x) for `major.minor`. */
export function unsupportedProtocolVersion(major: number, minor: number): KmipError {
  return new KmipError(ResultReason.UnsupportedProtocolVersion, `protocol version ${major}.${minor} is not supported`);
}

/** General Failure, with a message meant for logs only. */
export function generalFailure(detail = 'general failure', cause?: unknown): KmipError {
  return new KmipError(ResultReason.GeneralFailure, detail, cause === undefined ? {} : { cause });
}
