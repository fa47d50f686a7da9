/**
 * Adjust Attribute payloads.
 * Adjustment Value's type depends on the referenced attribute; it is kept as a generic value (see genericValue).
 */
import { AdjustmentType } from '../../generated/enums.js';
import { Tag } from '../../generated/tags.js';
import { AttributeReference, genericValue } from '../attributes.js';
import { enumeration, optional, required, responseUid, struct, uid, type Infer } from '../schema.js';

/** Adjust Attribute request payload [KMIP 2.1 §6.1.3]. */
export const AdjustAttributeRequest = struct(Tag.RequestPayload, {
  uniqueIdentifier: optional(uid(Tag.UniqueIdentifier)),
  attributeReference: required(AttributeReference),
  adjustmentType: required(enumeration(Tag.AdjustmentType, AdjustmentType)),
  adjustmentValue: optional(genericValue(Tag.AdjustmentValue)),
});
export type AdjustAttributeRequest = Infer<typeof AdjustAttributeRequest>;

/** Adjust Attribute response payload [KMIP 2.1 §6.1.3]. */
export const AdjustAttributeResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
});
export type AdjustAttributeResponse = Infer<typeof AdjustAttributeResponse>;
