/**
 * Hash payloads.
 * The 1.3+ streaming fields apply in 1.x too (kmip-spec/ERRATA.md).
 */
import { Tag } from '../../generated/tags.js';
import { CryptographicParameters } from '../common.js';
import { boolean, bytes, optional, required, struct, type Infer } from '../schema.js';

/** Hash request payload [KMIP 1.2 §4.37, KMIP 2.1 §6.1.24]. */
export const HashRequest = struct(Tag.RequestPayload, {
  cryptographicParameters: required(CryptographicParameters),
  data: optional(bytes(Tag.Data)),
  correlationValue: optional(bytes(Tag.CorrelationValue)),
  initIndicator: optional(boolean(Tag.InitIndicator)),
  finalIndicator: optional(boolean(Tag.FinalIndicator)),
});
export type HashRequest = Infer<typeof HashRequest>;

/** Hash response payload [KMIP 1.2 §4.37, KMIP 2.1 §6.1.24]. */
export const HashResponse = struct(Tag.ResponsePayload, {
  data: optional(bytes(Tag.Data)),
  correlationValue: optional(bytes(Tag.CorrelationValue)),
});
export type HashResponse = Infer<typeof HashResponse>;
