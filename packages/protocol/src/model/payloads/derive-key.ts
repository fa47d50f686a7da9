/**
 * Derive Key payloads.
 */
import { DerivationMethod, ObjectType } from '../../generated/enums.js';
import { Tag } from '../../generated/tags.js';
import { TemplateAttributeOrAttributes } from '../attributes.js';
import { DerivationParameters } from '../common.js';
import { enumeration, optional, repeated, required, responseUid, struct, uid, type Infer } from '../schema.js';

/** Derive Key request payload [KMIP 1.2 §4.6, KMIP 2.1 §6.1.14]. */
export const DeriveKeyRequest = struct(Tag.RequestPayload, {
  objectType: required(enumeration(Tag.ObjectType, ObjectType)),
  uniqueIdentifier: repeated(uid(Tag.UniqueIdentifier), { min: 1 }),
  derivationMethod: required(enumeration(Tag.DerivationMethod, DerivationMethod)),
  derivationParameters: required(DerivationParameters),
  attributes: required(TemplateAttributeOrAttributes),
});
export type DeriveKeyRequest = Infer<typeof DeriveKeyRequest>;

/** Derive Key response payload [KMIP 1.2 §4.6, KMIP 2.1 §6.1.14]. */
export const DeriveKeyResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
  attributes: optional(TemplateAttributeOrAttributes, { until: '1.4' }),
});
export type DeriveKeyResponse = Infer<typeof DeriveKeyResponse>;
