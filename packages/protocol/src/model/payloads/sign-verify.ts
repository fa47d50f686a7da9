/**
 * Sign and Signature Verify payloads.
 * Digested Data precedes Signature Data (the 1.4 test cases and 2.x order; see kmip-spec/ERRATA.md).
 */
import { ValidityIndicator } from '../../generated/enums.js';
import { Tag } from '../../generated/tags.js';
import { CryptographicParameters } from '../common.js';
import { boolean, bytes, enumeration, optional, required, responseUid, struct, uid, type Infer } from '../schema.js';

/** Sign request payload [KMIP 1.2 §4.31, KMIP 2.1 §6.1.55]. */
export const SignRequest = struct(Tag.RequestPayload, {
  uniqueIdentifier: optional(uid(Tag.UniqueIdentifier)),
  cryptographicParameters: optional(CryptographicParameters),
  data: optional(bytes(Tag.Data)),
  digestedData: optional(bytes(Tag.DigestedData)),
  correlationValue: optional(bytes(Tag.CorrelationValue)),
  initIndicator: optional(boolean(Tag.InitIndicator)),
  finalIndicator: optional(boolean(Tag.FinalIndicator)),
});
export type SignRequest = Infer<typeof SignRequest>;

/** Sign response payload [KMIP 1.2 §4.31, KMIP 2.1 §6.1.55]. */
export const SignResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
  signatureData: optional(bytes(Tag.SignatureData)),
  correlationValue: optional(bytes(Tag.CorrelationValue)),
});
export type SignResponse = Infer<typeof SignResponse>;

/** Signature Verify request payload [KMIP 1.2 §4.32, KMIP 2.1 §6.1.56]. */
export const SignatureVerifyRequest = struct(Tag.RequestPayload, {
  uniqueIdentifier: optional(uid(Tag.UniqueIdentifier)),
  cryptographicParameters: optional(CryptographicParameters),
  data: optional(bytes(Tag.Data)),
  digestedData: optional(bytes(Tag.DigestedData)),
  signatureData: optional(bytes(Tag.SignatureData)),
  correlationValue: optional(bytes(Tag.CorrelationValue)),
  initIndicator: optional(boolean(Tag.InitIndicator)),
  finalIndicator: optional(boolean(Tag.FinalIndicator)),
});
export type SignatureVerifyRequest = Infer<typeof SignatureVerifyRequest>;

/** Signature Verify response payload [KMIP 1.2 §4.32, KMIP 2.1 §6.1.56]. */
export const SignatureVerifyResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
  validityIndicator: optional(enumeration(Tag.ValidityIndicator, ValidityIndicator)),
  data: optional(bytes(Tag.Data)),
  correlationValue: optional(bytes(Tag.CorrelationValue)),
});
export type SignatureVerifyResponse = Infer<typeof SignatureVerifyResponse>;
