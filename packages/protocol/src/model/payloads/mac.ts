/**
 * MAC and MAC Verify payloads.
 * The 1.3+ streaming fields apply to MAC and MAC Verify in 1.x too (kmip-spec/ERRATA.md).
 */
import { ValidityIndicator } from '../../generated/enums.js';
import { Tag } from '../../generated/tags.js';
import { CryptographicParameters } from '../common.js';
import { boolean, bytes, enumeration, optional, required, responseUid, struct, uid, type Infer } from '../schema.js';

/** MAC request payload [KMIP 1.2 §4.33, KMIP 2.1 §6.1.32]. */
export const MACRequest = struct(Tag.RequestPayload, {
  uniqueIdentifier: optional(uid(Tag.UniqueIdentifier)),
  cryptographicParameters: optional(CryptographicParameters),
  data: optional(bytes(Tag.Data)),
  correlationValue: optional(bytes(Tag.CorrelationValue)),
  initIndicator: optional(boolean(Tag.InitIndicator)),
  finalIndicator: optional(boolean(Tag.FinalIndicator)),
});
export type MACRequest = Infer<typeof MACRequest>;

/** MAC response payload [KMIP 1.2 §4.33, KMIP 2.1 §6.1.32]. */
export const MACResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
  macData: optional(bytes(Tag.MACData)),
  correlationValue: optional(bytes(Tag.CorrelationValue)),
});
export type MACResponse = Infer<typeof MACResponse>;

/** MAC Verify request payload [KMIP 1.2 §4.34, KMIP 2.1 §6.1.33]. */
export const MACVerifyRequest = struct(Tag.RequestPayload, {
  uniqueIdentifier: optional(uid(Tag.UniqueIdentifier)),
  cryptographicParameters: optional(CryptographicParameters),
  data: optional(bytes(Tag.Data)),
  macData: optional(bytes(Tag.MACData)),
  correlationValue: optional(bytes(Tag.CorrelationValue)),
  initIndicator: optional(boolean(Tag.InitIndicator)),
  finalIndicator: optional(boolean(Tag.FinalIndicator)),
});
export type MACVerifyRequest = Infer<typeof MACVerifyRequest>;

/** MAC Verify response payload [KMIP 1.2 §4.34, KMIP 2.1 §6.1.33]. */
export const MACVerifyResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
  validityIndicator: optional(enumeration(Tag.ValidityIndicator, ValidityIndicator)),
  correlationValue: optional(bytes(Tag.CorrelationValue)),
});
export type MACVerifyResponse = Infer<typeof MACVerifyResponse>;
