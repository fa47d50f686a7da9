/**
 * PKCS#11 payloads.
 */
import { PKCS_11Function, PKCS_11ReturnCode } from '../../generated/enums.js';
import { Tag } from '../../generated/tags.js';
import { bytes, enumeration, optional, required, struct, text, type Infer } from '../schema.js';

/** PKCS#11 request payload [KMIP 2.1 §6.1.37]. */
export const PKCS_11Request = struct(Tag.RequestPayload, {
  pkcs_11Interface: optional(text(Tag.PKCS_11Interface)),
  pkcs_11Function: required(enumeration(Tag.PKCS_11Function, PKCS_11Function)),
  correlationValue: optional(bytes(Tag.CorrelationValue)),
  pkcs_11InputParameters: optional(bytes(Tag.PKCS_11InputParameters)),
});
export type PKCS_11Request = Infer<typeof PKCS_11Request>;

/** PKCS#11 response payload [KMIP 2.1 §6.1.37]. */
export const PKCS_11Response = struct(Tag.ResponsePayload, {
  pkcs_11Interface: optional(text(Tag.PKCS_11Interface)),
  pkcs_11Function: required(enumeration(Tag.PKCS_11Function, PKCS_11Function)),
  correlationValue: optional(bytes(Tag.CorrelationValue)),
  pkcs_11OutputParameters: optional(bytes(Tag.PKCS_11OutputParameters)),
  pkcs_11ReturnCode: required(enumeration(Tag.PKCS_11ReturnCode, PKCS_11ReturnCode)),
});
export type PKCS_11Response = Infer<typeof PKCS_11Response>;
