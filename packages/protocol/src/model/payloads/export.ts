/**
 * Export payloads.
 */
import { KeyCompressionType, KeyFormatType, KeyWrapType, ObjectType } from '../../generated/enums.js';
import { Tag } from '../../generated/tags.js';
import { inlineAttributes } from '../attributes.js';
import { KeyWrappingSpecification } from '../common.js';
import { ManagedObject } from '../objects.js';
import { enumeration, optional, required, responseUid, struct, uid, type Infer } from '../schema.js';

/** Export request payload [KMIP 2.1 §6.1.18]. */
export const ExportRequest = struct(Tag.RequestPayload, {
  uniqueIdentifier: optional(uid(Tag.UniqueIdentifier)),
  keyFormatType: optional(enumeration(Tag.KeyFormatType, KeyFormatType)),
  keyWrapType: optional(enumeration(Tag.KeyWrapType, KeyWrapType)),
  keyCompressionType: optional(enumeration(Tag.KeyCompressionType, KeyCompressionType)),
  keyWrappingSpecification: optional(KeyWrappingSpecification),
});
export type ExportRequest = Infer<typeof ExportRequest>;

/** Export response payload [KMIP 2.1 §6.1.18]. */
export const ExportResponse = struct(Tag.ResponsePayload, {
  objectType: required(enumeration(Tag.ObjectType, ObjectType)),
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
  attributes: inlineAttributes(),
  object: required(ManagedObject),
});
export type ExportResponse = Infer<typeof ExportResponse>;
