/**
 * The one total function from any failure to a batch item's Result Reason and Result Message
 * (design/STYLE.md rule 7). KMIP errors keep their reason (made valid for the response's version);
 * codec errors are Invalid Message; anything else is an internal failure, reported as General
 * Failure with a generic message — the details go to the log only, so no internal text and no key
 * byte can reach a client.
 */
import { isKmipError, isTtlvError, ResultReason, type ProtocolVersion } from '@keyhold/protocol';
import { reasonForVersion } from './reason-fallback.js';

/** A failure as a response batch item carries it. */
export interface FailureResult {
  readonly reason: ResultReason;
  readonly message: string;
  /** True when the failure is a server fault (to be logged with its details). */
  readonly internal: boolean;
}

/** Result Reason and Result Message for `err`, valid in `version`. */
export function failureFor(err: unknown, version: ProtocolVersion): FailureResult {
  if (isKmipError(err)) {
    const legacy = (err as { legacyReason?: ResultReason }).legacyReason;
    const reason = version.major < 2 && legacy !== undefined ? legacy : err.reason;
    return {
      reason: reasonForVersion(reason, version),
      message: err.message,
      // A KmipError is always a deliberate answer with a message written by Keyhold (General
      // Failure included: the Quantum Safe refusal); it is a server fault only when it says so.
      internal: err.reason === ResultReason.InternalServerError,
    };
  }
  if (isTtlvError(err)) return { reason: reasonForVersion(ResultReason.InvalidMessage, version), message: err.message, internal: false };
  return { reason: ResultReason.GeneralFailure, message: 'internal server error', internal: true };
}
