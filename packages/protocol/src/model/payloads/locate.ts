/**
 * Locate payloads.
 * Field order follows the 1.4 test cases and 2.x (Offset Items after Maximum Items; Located Items first), see kmip-spec/ERRATA.md.
 */
import { ObjectGroupMember } from '../../generated/enums.js';
import { ObjectClassMask, StorageStatusMask } from '../../generated/masks.js';
import { Tag } from '../../generated/tags.js';
import { inlineAttributes } from '../attributes.js';
import { enumeration, integer, mask, optional, repeated, responseUid, struct, type Infer } from '../schema.js';

/** Locate request payload [KMIP 1.2 §4.9, KMIP 2.1 §6.1.28]. */
export const LocateRequest = struct(Tag.RequestPayload, {
  maximumItems: optional(integer(Tag.MaximumItems)),
  offsetItems: optional(integer(Tag.OffsetItems)),
  storageStatusMask: optional(mask(Tag.StorageStatusMask, StorageStatusMask)),
  objectGroupMember: optional(enumeration(Tag.ObjectGroupMember, ObjectGroupMember)),
  objectClassMask: optional(mask(Tag.ObjectClassMask, ObjectClassMask)),
  attributes: inlineAttributes(),
});
export type LocateRequest = Infer<typeof LocateRequest>;

/** Locate response payload [KMIP 1.2 §4.9, KMIP 2.1 §6.1.28]. */
export const LocateResponse = struct(Tag.ResponsePayload, {
  locatedItems: optional(integer(Tag.LocatedItems)),
  uniqueIdentifier: repeated(responseUid(Tag.UniqueIdentifier)),
});
export type LocateResponse = Infer<typeof LocateResponse>;
