/**
 * Interop payloads.
 */
import { InteropFunction } from '../../generated/enums.js';
import { Tag } from '../../generated/tags.js';
import { enumeration, required, struct, text, type Infer } from '../schema.js';

/** Interop request payload [KMIP 2.1 §6.1.26]. */
export const InteropRequest = struct(Tag.RequestPayload, {
  interopFunction: required(enumeration(Tag.InteropFunction, InteropFunction)),
  interopIdentifier: required(text(Tag.InteropIdentifier)),
});
export type InteropRequest = Infer<typeof InteropRequest>;

/** Interop response payload [KMIP 2.1 §6.1.26]. */
export const InteropResponse = struct(Tag.ResponsePayload, {});
export type InteropResponse = Infer<typeof InteropResponse>;
