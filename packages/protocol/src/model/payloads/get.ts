/**
 * Get payloads.
 * Key Wrap Type follows Key Format Type in every version (the 1.4 and 2.x order).
 */
import { KeyCompressionType, KeyFormatType, KeyWrapType, ObjectType } from '../../generated/enums.js';
import { Tag } from '../../generated/tags.js';
import { KeyWrappingSpecification } from '../common.js';
import { ManagedObject } from '../objects.js';
import { enumeration, optional, required, responseUid, struct, uid, type Infer } from '../schema.js';

/** Get request payload [KMIP 1.2 §4.11, KMIP 2.1 §6.1.19]. */
export const GetRequest = struct(Tag.RequestPayload, {
  uniqueIdentifier: optional(uid(Tag.UniqueIdentifier)),
  keyFormatType: optional(enumeration(Tag.KeyFormatType, KeyFormatType)),
  keyWrapType: optional(enumeration(Tag.KeyWrapType, KeyWrapType)),
  keyCompressionType: optional(enumeration(Tag.KeyCompressionType, KeyCompressionType)),
  keyWrappingSpecification: optional(KeyWrappingSpecification),
});
export type GetRequest = Infer<typeof GetRequest>;

/** Get response payload [KMIP 1.2 §4.11, KMIP 2.1 §6.1.19]. */
export const GetResponse = struct(Tag.ResponsePayload, {
  objectType: required(enumeration(Tag.ObjectType, ObjectType)),
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
  object: required(ManagedObject),
});
export type GetResponse = Infer<typeof GetResponse>;
