/**
 * Set Endpoint Role [KMIP 2.1 §6.1.54; since 2.0]: the client asks the server to take a role —
 * Client or Server (Endpoint Role, §11.19) — "for subsequent requests and responses over the
 * current client-to-server communication channel"; after a change "the server assumes the client
 * role, and the client assumes the server role, but the communication channel remains as
 * established". The role is therefore a property of one connection, not of the server or of the
 * principal.
 *
 * Every connection starts with this server in the Server role, and Server is the only role it can
 * take: in the Client role it would have to send the server-to-client operations (2.1 §6.2:
 * Notify, Put, Query, Discover Versions, Set Endpoint Role) over the channel and read the
 * answers, and this server implements none of them. So:
 * - Server: accepted; nothing changes, and the response says Server (the role applied). There is
 *   no per-connection state to keep, since the role of every connection is always Server.
 * - Client: Feature Not Supported (the operation is served, this value is not). Accepting it
 *   without acting as a client would be a false success, and switching the channel without ever
 *   sending a request would leave the client waiting forever.
 * - Any other value: Invalid Field. Values that are not defined at all are refused when the
 *   payload is decoded (Invalid Field too); this check refuses the extension range 8XXXXXXX, for
 *   which this server defines no role.
 *
 * Result Reasons: Feature Not Supported; Invalid Field. KMIP 1.x has no Set Endpoint Role
 * (Operation Not Supported, from the executor).
 */
import { EndpointRole, KmipError, Operation, ResultReason } from '@keyhold/protocol';
import { defineOperation } from './context.js';

export const setEndpointRole = defineOperation(Operation.SetEndpointRole, async (req) => {
  const role: number = req.endpointRole;
  if (role === EndpointRole.Server) return { endpointRole: EndpointRole.Server };
  if (role === EndpointRole.Client) {
    throw new KmipError(ResultReason.FeatureNotSupported, 'this server cannot take the Client role: it sends no requests to its clients');
  }
  throw new KmipError(ResultReason.InvalidField, `Endpoint Role 0x${role.toString(16).padStart(8, '0')} is not a role this server knows (Client or Server)`);
});
