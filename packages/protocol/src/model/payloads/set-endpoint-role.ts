/**
 * Set Endpoint Role payloads.
 */
import { EndpointRole } from '../../generated/enums.js';
import { Tag } from '../../generated/tags.js';
import { enumeration, required, struct, type Infer } from '../schema.js';

/** Set Endpoint Role request payload [KMIP 2.1 §6.2.5]. */
export const SetEndpointRoleRequest = struct(Tag.RequestPayload, {
  endpointRole: required(enumeration(Tag.EndpointRole, EndpointRole)),
});
export type SetEndpointRoleRequest = Infer<typeof SetEndpointRoleRequest>;

/** Set Endpoint Role response payload [KMIP 2.1 §6.2.5]. */
export const SetEndpointRoleResponse = struct(Tag.ResponsePayload, {
  endpointRole: required(enumeration(Tag.EndpointRole, EndpointRole)),
});
export type SetEndpointRoleResponse = Infer<typeof SetEndpointRoleResponse>;
