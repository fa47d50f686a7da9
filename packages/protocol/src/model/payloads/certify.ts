/**
 * Certify payloads.
 */
import { CertificateRequestType } from '../../generated/enums.js';
import { Tag } from '../../generated/tags.js';
import { TemplateAttributeOrAttributes } from '../attributes.js';
import { ProtectionStorageMasks } from '../common.js';
import { bytes, byVersion, enumeration, optional, required, responseUid, struct, uid, type Infer } from '../schema.js';

/** Certify request payload [KMIP 1.2 §4.7, KMIP 2.1 §6.1.6]. */
export const CertifyRequest = struct(Tag.RequestPayload, {
  uniqueIdentifier: optional(uid(Tag.UniqueIdentifier)),
  certificateRequestType: optional(enumeration(Tag.CertificateRequestType, CertificateRequestType)),
  certificateRequestValue: optional(byVersion<Uint8Array>({ until: '1.4', schema: bytes(Tag.CertificateRequest) }, { since: '2.0', schema: bytes(Tag.CertificateRequestValue) })),
  attributes: optional(TemplateAttributeOrAttributes),
  protectionStorageMasks: optional(ProtectionStorageMasks),
});
export type CertifyRequest = Infer<typeof CertifyRequest>;

/** Certify response payload [KMIP 1.2 §4.7, KMIP 2.1 §6.1.6]. */
export const CertifyResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
  attributes: optional(TemplateAttributeOrAttributes, { until: '1.4' }),
});
export type CertifyResponse = Infer<typeof CertifyResponse>;
