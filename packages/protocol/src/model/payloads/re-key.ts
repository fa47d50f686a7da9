/**
 * Re-key payloads.
 */
import { Tag } from '../../generated/tags.js';
import { TemplateAttributeOrAttributes } from '../attributes.js';
import { ProtectionStorageMasks } from '../common.js';
import { interval, optional, required, responseUid, struct, uid, type Infer } from '../schema.js';

/** Re-key request payload [KMIP 1.2 §4.4, KMIP 2.1 §6.1.46]. */
export const ReKeyRequest = struct(Tag.RequestPayload, {
  uniqueIdentifier: optional(uid(Tag.UniqueIdentifier)),
  offset: optional(interval(Tag.Offset)),
  attributes: optional(TemplateAttributeOrAttributes),
  protectionStorageMasks: optional(ProtectionStorageMasks),
});
export type ReKeyRequest = Infer<typeof ReKeyRequest>;

/** Re-key response payload [KMIP 1.2 §4.4, KMIP 2.1 §6.1.46]. */
export const ReKeyResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
  attributes: optional(TemplateAttributeOrAttributes, { until: '1.4' }),
});
export type ReKeyResponse = Infer<typeof ReKeyResponse>;
