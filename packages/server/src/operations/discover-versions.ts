/**
 * Discover Versions [KMIP 1.2 §4.26, 2.1 §6.1.17]: the protocol versions this server speaks,
 * newest first; when the client lists its versions, only those the server also speaks, in the
 * client's order. An empty response means none in common.
 *
 * Result Reasons: none of its own.
 */
import { Operation } from '@keyhold/protocol';
import { defineOperation } from './context.js';

export const discoverVersions = defineOperation(Operation.DiscoverVersions, async (req, ctx) => {
  const served = ctx.server.versions;
  const asked = req.protocolVersion ?? [];
  const list =
    asked.length === 0
      ? served.map((v) => ({ protocolVersionMajor: v.major, protocolVersionMinor: v.minor }))
      : asked.filter((a) => served.some((v) => v.major === a.protocolVersionMajor && v.minor === a.protocolVersionMinor));
  return list.length === 0 ? {} : { protocolVersion: list };
});
