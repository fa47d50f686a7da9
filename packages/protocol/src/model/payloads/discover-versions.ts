/**
 * Discover Versions payloads.
 */
import { Tag } from '../../generated/tags.js';
import { ProtocolVersionStructure } from '../common.js';
import { repeated, struct, type Infer } from '../schema.js';

/** Discover Versions request payload [KMIP 1.2 §4.26, KMIP 2.1 §6.2.1]. */
export const DiscoverVersionsRequest = struct(Tag.RequestPayload, {
  protocolVersion: repeated(ProtocolVersionStructure),
});
export type DiscoverVersionsRequest = Infer<typeof DiscoverVersionsRequest>;

/** Discover Versions response payload [KMIP 1.2 §4.26, KMIP 2.1 §6.2.1]. */
export const DiscoverVersionsResponse = struct(Tag.ResponsePayload, {
  protocolVersion: repeated(ProtocolVersionStructure),
});
export type DiscoverVersionsResponse = Infer<typeof DiscoverVersionsResponse>;
