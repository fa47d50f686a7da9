/**
 * Re-Provision payloads.
 */
import { Tag } from '../../generated/tags.js';
import { Certificate, CertificateRequest } from '../objects.js';
import { optional, responseUid, struct, type Infer } from '../schema.js';

/** Re-Provision request payload [KMIP 2.1 §6.1.48]. */
export const ReProvisionRequest = struct(Tag.RequestPayload, {
  certificateRequest: optional(CertificateRequest),
  certificate: optional(Certificate),
});
export type ReProvisionRequest = Infer<typeof ReProvisionRequest>;

/** Re-Provision response payload [KMIP 2.1 §6.1.48]. */
export const ReProvisionResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: optional(responseUid(Tag.UniqueIdentifier)),
});
export type ReProvisionResponse = Infer<typeof ReProvisionResponse>;
