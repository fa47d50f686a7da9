/**
 * Create User payloads.
 */
import { Tag } from '../../generated/tags.js';
import { AttributesStructure } from '../attributes.js';
import { required, responseUid, struct, type Infer } from '../schema.js';

/** Create User request payload [KMIP 3.0 draft]. */
export const CreateUserRequest = struct(Tag.RequestPayload, {
  attributes: required(AttributesStructure),
});
export type CreateUserRequest = Infer<typeof CreateUserRequest>;

/** Create User response payload [KMIP 3.0 draft]. */
export const CreateUserResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
});
export type CreateUserResponse = Infer<typeof CreateUserResponse>;
