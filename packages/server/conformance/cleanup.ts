/**
 * Leaves the server as the next file expects it. The test cases "assume one server session per
 * file, fresh state" (test/vectors/oasis/README.md §1), but every file runs against the same
 * server; so after a file (or a chain of files such as TL-M-2, TL-M-3) the objects it created and
 * did not destroy are revoked if need be and destroyed. Without this, a file that fails half-way
 * leaves objects whose Names or Object Groups make later files fail (a Name "already in use", a
 * Locate that finds two objects). These requests are not part of any test case and are not judged.
 */
import { ItemType, Operation, ResultStatus, RevocationReasonCode, Tag, decodeTtlv, encodeTtlv, type TtlvNode } from '@keyhold/protocol';
import { MessageChannel } from './channel.js';
import type { ConformanceFile } from './manifest.js';
import type { Connector } from './runner.js';
import { child, numberOf, parseVersion } from './tree.js';

/** What the clean-up did. */
export interface CleanupOutcome {
  /** Objects left by the file(s). */
  readonly objects: number;
  /** Of those, destroyed now. */
  readonly destroyed: number;
}

function request(version: string, operation: number, payload: TtlvNode[]): TtlvNode {
  const [major, minor] = parseVersion(version);
  const st = (tag: number, value: TtlvNode[]): TtlvNode => ({ tag, type: ItemType.Structure, value });
  const int = (tag: number, value: number): TtlvNode => ({ tag, type: ItemType.Integer, value });
  const header = [st(Tag.ProtocolVersion, [int(Tag.ProtocolVersionMajor, major), int(Tag.ProtocolVersionMinor, minor)])];
  if (major < 3) header.push(int(Tag.BatchCount, 1));
  return st(Tag.RequestMessage, [
    st(Tag.RequestHeader, header),
    st(Tag.BatchItem, [{ tag: Tag.Operation, type: ItemType.Enumeration, value: operation }, st(Tag.RequestPayload, payload)]),
  ]);
}

/** Destroys the objects (newest first), revoking those the server will not destroy as they are. */
export async function removeObjects(
  connect: Connector,
  file: ConformanceFile,
  uids: readonly string[],
  protocolVersion: string,
  timeoutMs: number,
): Promise<CleanupOutcome> {
  let destroyed = 0;
  let channel: MessageChannel;
  try {
    channel = new MessageChannel(await connect(file));
  } catch {
    return { objects: uids.length, destroyed };
  }
  const succeeds = async (operation: number, payload: TtlvNode[]): Promise<boolean> => {
    const resp = decodeTtlv(await channel.exchange(encodeTtlv(request(protocolVersion, operation, payload)), timeoutMs));
    return numberOf(child(child(resp, Tag.BatchItem), Tag.ResultStatus)) === ResultStatus.Success;
  };
  try {
    for (const uid of [...uids].reverse()) {
      const id: TtlvNode = { tag: Tag.UniqueIdentifier, type: ItemType.TextString, value: uid };
      if (await succeeds(Operation.Destroy, [id])) {
        destroyed++;
        continue;
      }
      const reason: TtlvNode = {
        tag: Tag.RevocationReason,
        type: ItemType.Structure,
        value: [{ tag: Tag.RevocationReasonCode, type: ItemType.Enumeration, value: RevocationReasonCode.Unspecified }],
      };
      await succeeds(Operation.Revoke, [id, reason]);
      if (await succeeds(Operation.Destroy, [id])) destroyed++;
    }
  } catch {
    // The server went away or cannot speak this version: nothing more to do.
  } finally {
    channel.close();
  }
  return { objects: uids.length, destroyed };
}
