/**
 * Archive payloads.
 */
import { Tag } from '../../generated/tags.js';
import { optional, required, responseUid, struct, uid, type Infer } from '../schema.js';

/** Archive request payload [KMIP 1.2 §4.22, KMIP 2.1 §6.1.4]. */
export const ArchiveRequest = struct(Tag.RequestPayload, {
  uniqueIdentifier: optional(uid(Tag.UniqueIdentifier)),
});
export type ArchiveRequest = Infer<typeof ArchiveRequest>;

/** Archive response payload [KMIP 1.2 §4.22, KMIP 2.1 §6.1.4]. */
export const ArchiveResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
});
export type ArchiveResponse = Infer<typeof ArchiveResponse>;
