/**
 * Re-key Key Pair payloads.
 */
import { Tag } from '../../generated/tags.js';
import { CommonAttributes, PrivateKeyAttributes, PublicKeyAttributes } from '../attributes.js';
import { CommonProtectionStorageMasks, PrivateProtectionStorageMasks, PublicProtectionStorageMasks } from '../common.js';
import { interval, optional, required, responseUid, struct, uid, type Infer } from '../schema.js';

/** Re-key Key Pair request payload [KMIP 1.2 §4.5, KMIP 2.1 §6.1.47]. */
export const ReKeyKeyPairRequest = struct(Tag.RequestPayload, {
  privateKeyUniqueIdentifier: optional(uid(Tag.PrivateKeyUniqueIdentifier)),
  offset: optional(interval(Tag.Offset)),
  commonAttributes: optional(CommonAttributes),
  privateKeyAttributes: optional(PrivateKeyAttributes),
  publicKeyAttributes: optional(PublicKeyAttributes),
  commonProtectionStorageMasks: optional(CommonProtectionStorageMasks),
  privateProtectionStorageMasks: optional(PrivateProtectionStorageMasks),
  publicProtectionStorageMasks: optional(PublicProtectionStorageMasks),
});
export type ReKeyKeyPairRequest = Infer<typeof ReKeyKeyPairRequest>;

/** Re-key Key Pair response payload [KMIP 1.2 §4.5, KMIP 2.1 §6.1.47]. */
export const ReKeyKeyPairResponse = struct(Tag.ResponsePayload, {
  privateKeyUniqueIdentifier: required(responseUid(Tag.PrivateKeyUniqueIdentifier)),
  publicKeyUniqueIdentifier: required(responseUid(Tag.PublicKeyUniqueIdentifier)),
  privateKeyAttributes: optional(PrivateKeyAttributes, { until: '1.4' }),
  publicKeyAttributes: optional(PublicKeyAttributes, { until: '1.4' }),
});
export type ReKeyKeyPairResponse = Infer<typeof ReKeyKeyPairResponse>;
