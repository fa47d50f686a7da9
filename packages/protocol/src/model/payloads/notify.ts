/**
 * Notify payloads.
 */
import { Tag } from '../../generated/tags.js';
import { AttributeReference, inlineAttributes } from '../attributes.js';
import { repeated, required, struct, uid, type Infer } from '../schema.js';

/** Notify request payload [KMIP 1.2 §5.1, KMIP 2.1 §6.2.2]. */
export const NotifyRequest = struct(Tag.RequestPayload, {
  uniqueIdentifier: required(uid(Tag.UniqueIdentifier)),
  attributes: inlineAttributes(),
  attributeReference: repeated(AttributeReference),
});
export type NotifyRequest = Infer<typeof NotifyRequest>;

/** Notify response payload [KMIP 1.2 §5.1, KMIP 2.1 §6.2.2]. */
export const NotifyResponse = struct(Tag.ResponsePayload, {});
export type NotifyResponse = Infer<typeof NotifyResponse>;
