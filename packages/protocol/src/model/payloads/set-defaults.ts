/**
 * Set Defaults payloads.
 */
import { Tag } from '../../generated/tags.js';
import { DefaultsInformation } from './query.js';
import { optional, struct, type Infer } from '../schema.js';

/** Set Defaults request payload [KMIP 2.1 §6.1.53]. */
export const SetDefaultsRequest = struct(Tag.RequestPayload, {
  defaultsInformation: optional(DefaultsInformation),
});
export type SetDefaultsRequest = Infer<typeof SetDefaultsRequest>;

/** Set Defaults response payload [KMIP 2.1 §6.1.53]. */
export const SetDefaultsResponse = struct(Tag.ResponsePayload, {});
export type SetDefaultsResponse = Infer<typeof SetDefaultsResponse>;
