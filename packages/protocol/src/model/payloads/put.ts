/**
 * Put payloads.
 */
import { PutFunction } from '../../generated/enums.js';
import { Tag } from '../../generated/tags.js';
import { inlineAttributes } from '../attributes.js';
import { ManagedObject } from '../objects.js';
import { enumeration, optional, required, struct, uid, type Infer } from '../schema.js';

/** Put request payload [KMIP 1.2 §5.2, KMIP 2.1 §6.2.3]. */
export const PutRequest = struct(Tag.RequestPayload, {
  uniqueIdentifier: required(uid(Tag.UniqueIdentifier)),
  putFunction: required(enumeration(Tag.PutFunction, PutFunction)),
  replacedUniqueIdentifier: optional(uid(Tag.ReplacedUniqueIdentifier)),
  object: required(ManagedObject),
  attributes: inlineAttributes(),
});
export type PutRequest = Infer<typeof PutRequest>;

/** Put response payload [KMIP 1.2 §5.2, KMIP 2.1 §6.2.3]. */
export const PutResponse = struct(Tag.ResponsePayload, {});
export type PutResponse = Infer<typeof PutResponse>;
