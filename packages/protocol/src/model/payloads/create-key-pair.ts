/**
 * Create Key Pair payloads.
 */
import { Tag } from '../../generated/tags.js';
import { CommonAttributes, PrivateKeyAttributes, PublicKeyAttributes } from '../attributes.js';
import { CommonProtectionStorageMasks, PrivateProtectionStorageMasks, PublicProtectionStorageMasks } from '../common.js';
import { optional, required, responseUid, struct, type Infer } from '../schema.js';

/** Create Key Pair request payload [KMIP 1.2 §4.2, KMIP 2.1 §6.1.9]. */
export const CreateKeyPairRequest = struct(Tag.RequestPayload, {
  commonAttributes: optional(CommonAttributes),
  privateKeyAttributes: optional(PrivateKeyAttributes),
  publicKeyAttributes: optional(PublicKeyAttributes),
  commonProtectionStorageMasks: optional(CommonProtectionStorageMasks),
  privateProtectionStorageMasks: optional(PrivateProtectionStorageMasks),
  publicProtectionStorageMasks: optional(PublicProtectionStorageMasks),
});
export type CreateKeyPairRequest = Infer<typeof CreateKeyPairRequest>;

/** Create Key Pair response payload [KMIP 1.2 §4.2, KMIP 2.1 §6.1.9]. */
export const CreateKeyPairResponse = struct(Tag.ResponsePayload, {
  privateKeyUniqueIdentifier: required(responseUid(Tag.PrivateKeyUniqueIdentifier)),
  publicKeyUniqueIdentifier: required(responseUid(Tag.PublicKeyUniqueIdentifier)),
  privateKeyAttributes: optional(PrivateKeyAttributes, { until: '1.4' }),
  publicKeyAttributes: optional(PublicKeyAttributes, { until: '1.4' }),
});
export type CreateKeyPairResponse = Infer<typeof CreateKeyPairResponse>;
