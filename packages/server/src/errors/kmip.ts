/**
 * Server-side KMIP errors that name, besides their (most specific, 2.x) Result Reason, the reason
 * KMIP 1.x prescribes for one particular situation.
 *
 * Most 1.x reasons follow from the 2.x one by the step-by-step table of ./reason-fallback.ts. A few
 * do not, because the 1.x error tables chose differently per operation: a Name already used by
 * another object is Invalid Field for Create and Register (1.2 Tables 291-293) but Illegal
 * Operation for Add and Modify Attribute (Tables 304, 305); an attribute the object does not have is
 * Item Not Found for Delete Attribute (Table 306) but Invalid Field for Modify Attribute (Table
 * 305). Such errors carry `legacyReason`, which ./to-result.ts uses for 1.x responses (still made
 * valid for the exact 1.x minor version by the fallback table).
 */
import { KmipError, type ResultReason } from '@keyhold/protocol';

/** A {@link KmipError} with the Result Reason KMIP 1.x prescribes for this situation. */
export class VersionedKmipError extends KmipError {
  /** The reason for 1.x responses (the 2.x `reason` applies to 2.x responses). */
  readonly legacyReason: ResultReason;

  constructor(reason: ResultReason, legacyReason: ResultReason, message: string) {
    super(reason, message);
    this.legacyReason = legacyReason;
  }
}

/**
 * A KMIP error with `reason` in 2.x and, when given, `legacy` in 1.x (otherwise the 1.x reason
 * comes from the fallback table).
 */
export function kmipError(reason: ResultReason, message: string, legacy?: ResultReason): KmipError {
  return legacy === undefined ? new KmipError(reason, message) : new VersionedKmipError(reason, legacy, message);
}
