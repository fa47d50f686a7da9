/**
 * Create Group payloads.
 */
import { Tag } from '../../generated/tags.js';
import { AttributesStructure } from '../attributes.js';
import { required, responseUid, struct, type Infer } from '../schema.js';

/** Create Group request payload [KMIP 3.0 draft]. */
export const CreateGroupRequest = struct(Tag.RequestPayload, {
  attributes: required(AttributesStructure),
});
export type CreateGroupRequest = Infer<typeof CreateGroupRequest>;

/** Create Group response payload [KMIP 3.0 draft]. */
export const CreateGroupResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
});
export type CreateGroupResponse = Infer<typeof CreateGroupResponse>;
