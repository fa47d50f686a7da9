/**
 * Re-certify payloads.
 */
import { CertificateRequestType } from '../../generated/enums.js';
import { Tag } from '../../generated/tags.js';
import { TemplateAttributeOrAttributes } from '../attributes.js';
import { ProtectionStorageMasks } from '../common.js';
import { bytes, byVersion, enumeration, interval, optional, required, responseUid, struct, uid, type Infer } from '../schema.js';

/** Re-certify request payload [KMIP 1.2 §4.8, KMIP 2.1 §6.1.45]. */
export const ReCertifyRequest = struct(Tag.RequestPayload, {
  uniqueIdentifier: optional(uid(Tag.UniqueIdentifier)),
  certificateRequestUniqueIdentifier: optional(uid(Tag.CertificateRequestUniqueIdentifier)),
  certificateRequestType: optional(enumeration(Tag.CertificateRequestType, CertificateRequestType)),
  certificateRequestValue: optional(byVersion<Uint8Array>({ until: '1.4', schema: bytes(Tag.CertificateRequest) }, { since: '2.0', schema: bytes(Tag.CertificateRequestValue) })),
  offset: optional(interval(Tag.Offset)),
  attributes: optional(TemplateAttributeOrAttributes),
  protectionStorageMasks: optional(ProtectionStorageMasks),
});
export type ReCertifyRequest = Infer<typeof ReCertifyRequest>;

/** Re-certify response payload [KMIP 1.2 §4.8, KMIP 2.1 §6.1.45]. */
export const ReCertifyResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
  attributes: optional(TemplateAttributeOrAttributes, { until: '1.4' }),
});
export type ReCertifyResponse = Infer<typeof ReCertifyResponse>;
