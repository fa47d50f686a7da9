/**
 * Obliterate payloads.
 */
import { Tag } from '../../generated/tags.js';
import { required, struct, uid, type Infer } from '../schema.js';

/** Obliterate request payload [KMIP 3.0 draft]. */
export const ObliterateRequest = struct(Tag.RequestPayload, {
  uniqueIdentifier: required(uid(Tag.UniqueIdentifier)),
});
export type ObliterateRequest = Infer<typeof ObliterateRequest>;

/** Obliterate response payload [KMIP 3.0 draft]. */
export const ObliterateResponse = struct(Tag.ResponsePayload, {});
export type ObliterateResponse = Infer<typeof ObliterateResponse>;
