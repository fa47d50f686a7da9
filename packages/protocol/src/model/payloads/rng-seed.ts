/**
 * RNG Seed payloads.
 */
import { Tag } from '../../generated/tags.js';
import { bytes, integer, required, struct, type Infer } from '../schema.js';

/** RNG Seed request payload [KMIP 1.2 §4.36, KMIP 2.1 §6.1.50]. */
export const RNGSeedRequest = struct(Tag.RequestPayload, {
  data: required(bytes(Tag.Data)),
});
export type RNGSeedRequest = Infer<typeof RNGSeedRequest>;

/** RNG Seed response payload [KMIP 1.2 §4.36, KMIP 2.1 §6.1.50]. */
export const RNGSeedResponse = struct(Tag.ResponsePayload, {
  dataLength: required(integer(Tag.DataLength)),
});
export type RNGSeedResponse = Infer<typeof RNGSeedResponse>;
