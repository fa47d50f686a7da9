/**
 * RNG Retrieve payloads.
 */
import { Tag } from '../../generated/tags.js';
import { bytes, integer, required, struct, type Infer } from '../schema.js';

/** RNG Retrieve request payload [KMIP 1.2 §4.35, KMIP 2.1 §6.1.49]. */
export const RNGRetrieveRequest = struct(Tag.RequestPayload, {
  dataLength: required(integer(Tag.DataLength)),
});
export type RNGRetrieveRequest = Infer<typeof RNGRetrieveRequest>;

/** RNG Retrieve response payload [KMIP 1.2 §4.35, KMIP 2.1 §6.1.49]. */
export const RNGRetrieveResponse = struct(Tag.ResponsePayload, {
  data: required(bytes(Tag.Data)),
});
export type RNGRetrieveResponse = Infer<typeof RNGRetrieveResponse>;
