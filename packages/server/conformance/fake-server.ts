/**
 * A stand-in KMIP server for testing the harness itself: it answers the n-th request on a
 * connection with the file's own n-th expected response, placeholders filled in as a server would
 * (fresh UUIDs for identifiers, the current time for `$NOW`, random bytes for server-generated
 * byte strings, the client's value for what the client sent). A `mutate` hook lets a test make it
 * deviate.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  ItemType,
  TtlvFramer,
  decodeTtlv,
  encodeTtlv,
  type TtlvNode,
  type TtlvPrimitive,
} from '@keyhold/protocol';
import { duplexPair } from './connect.js';
import { defaultVectorsDir, readTestCase, type ConformanceFile } from './manifest.js';
import type { Connector } from './runner.js';
import { isTextType, retype } from './state.js';
import { instantiate, type TNode, type TPlaceholder } from './testcase.js';

/** Where a response is in the conversation, for {@link FakeServerOptions.mutate}. */
export interface FakeExchange {
  readonly file: ConformanceFile;
  readonly step: number;
  /** The request as received. */
  readonly request: TtlvNode;
}

/** Options of {@link fakeServerConnector}. */
export interface FakeServerOptions {
  readonly vectorsDir?: string;
  /** Rewrites a response before it is sent. */
  readonly mutate?: (exchange: FakeExchange, response: TtlvNode) => TtlvNode;
  /** The clock for `$NOW`, seconds; default the system clock. */
  readonly now?: () => bigint;
}

/** Learns the client's values for placeholders by walking a request template beside the request received. */
function capture(t: TNode, n: TtlvNode, values: Map<string, TtlvPrimitive>): void {
  if (t.kind === 'structure') {
    if (n.type !== ItemType.Structure) return;
    t.children.forEach((c, i) => {
      const m = n.value[i];
      if (m && m.tag === c.tag) capture(c, m, values);
    });
    return;
  }
  if (t.kind === 'placeholder' && t.nowOffset === undefined && n.type !== ItemType.Structure && !values.has(t.name)) values.set(t.name, n);
}

function invent(t: TPlaceholder, now: bigint): TtlvPrimitive {
  if (isTextType(t.type)) return { tag: t.tag, type: t.type as typeof ItemType.TextString, value: randomUUID() };
  switch (t.type) {
    case ItemType.ByteString:
      return { tag: t.tag, type: t.type, value: randomBytes(16) };
    case ItemType.DateTime:
      return { tag: t.tag, type: t.type, value: now };
    case ItemType.DateTimeExtended:
      return { tag: t.tag, type: t.type, value: now * 1_000_000n };
    case ItemType.LongInteger:
    case ItemType.BigInteger:
      return { tag: t.tag, type: t.type, value: 0n };
    case ItemType.Boolean:
      return { tag: t.tag, type: t.type, value: false };
    default:
      return { tag: t.tag, type: t.type as typeof ItemType.Integer, value: 0 };
  }
}

/** A connector whose every connection is served by a fake server for the file being replayed. */
export function fakeServerConnector(options: FakeServerOptions = {}): Connector {
  const vectorsDir = options.vectorsDir ?? defaultVectorsDir();
  const clock = options.now ?? ((): bigint => BigInt(Math.floor(Date.now() / 1000)));
  return (file) => {
    const tc = readTestCase(file, vectorsDir);
    const [client, server] = duplexPair();
    const framer = new TtlvFramer();
    const values = new Map<string, TtlvPrimitive>();
    let step = 0;
    server.on('data', (chunk: Buffer) => {
      for (const msg of framer.push(chunk)) {
        const s = tc.steps[step];
        if (!s) {
          server.end();
          return;
        }
        const request = decodeTtlv(msg);
        capture(s.request, request, values);
        const now = clock();
        let response = instantiate(s.response, (leaf) => {
          if (leaf.kind === 'literal') return leaf.node;
          if (leaf.nowOffset !== undefined) return invent(leaf, now + leaf.nowOffset);
          let v = values.get(leaf.name);
          if (!v) values.set(leaf.name, (v = invent(leaf, now)));
          return retype(v, leaf.tag, leaf.type) ?? invent(leaf, now);
        });
        if (options.mutate) response = options.mutate({ file, step, request }, response);
        step++;
        server.write(encodeTtlv(response));
      }
    });
    server.on('end', () => server.end());
    server.on('error', () => server.destroy());
    return client;
  };
}
