/**
 * Validate payloads.
 */
import { ValidityIndicator } from '../../generated/enums.js';
import { Tag } from '../../generated/tags.js';
import { Certificate } from '../objects.js';
import { dateTime, enumeration, optional, repeated, required, struct, uid, type Infer } from '../schema.js';

/** Validate request payload [KMIP 1.2 §4.24, KMIP 2.1 §6.1.57]. */
export const ValidateRequest = struct(Tag.RequestPayload, {
  certificate: repeated(Certificate),
  uniqueIdentifier: repeated(uid(Tag.UniqueIdentifier)),
  validityDate: optional(dateTime(Tag.ValidityDate)),
});
export type ValidateRequest = Infer<typeof ValidateRequest>;

/** Validate response payload [KMIP 1.2 §4.24, KMIP 2.1 §6.1.57]. */
export const ValidateResponse = struct(Tag.ResponsePayload, {
  validityIndicator: required(enumeration(Tag.ValidityIndicator, ValidityIndicator)),
});
export type ValidateResponse = Infer<typeof ValidateResponse>;
