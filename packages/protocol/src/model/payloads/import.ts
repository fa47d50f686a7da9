/**
 * Import payloads.
 */
import { KeyWrapType, ObjectType } from '../../generated/enums.js';
import { Tag } from '../../generated/tags.js';
import { inlineAttributes } from '../attributes.js';
import { ManagedObject } from '../objects.js';
import { boolean, enumeration, optional, required, responseUid, struct, uid, type Infer } from '../schema.js';

/** Import request payload [KMIP 2.1 §6.1.25]. */
export const ImportRequest = struct(Tag.RequestPayload, {
  uniqueIdentifier: required(uid(Tag.UniqueIdentifier)),
  objectType: required(enumeration(Tag.ObjectType, ObjectType)),
  replaceExisting: optional(boolean(Tag.ReplaceExisting)),
  keyWrapType: optional(enumeration(Tag.KeyWrapType, KeyWrapType)),
  attributes: inlineAttributes(),
  object: required(ManagedObject),
});
export type ImportRequest = Infer<typeof ImportRequest>;

/** Import response payload [KMIP 2.1 §6.1.25]. */
export const ImportResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
});
export type ImportResponse = Infer<typeof ImportResponse>;
