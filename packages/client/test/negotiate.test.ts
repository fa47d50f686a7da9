/**
 * Version negotiation and the request queue against a scripted TLS peer (certificates from a
 * spawned `keyhold serve`): the client takes 2.1 when offered, else the best version the server
 * lists; retries Discover Versions in 1.1 when the 2.1 header is refused; fails with
 * KMIP_CLIENT_NO_VERSION when nothing matches; and keeps responses paired after a timeout.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import {
  decodeRequestMessage,
  decodeTtlv,
  encodeResponseMessage,
  encodeTtlv,
  Operation,
  ResultReason,
  ResultStatus,
  TtlvFramer,
  type RequestMessage,
  type ResponseBatchItem,
} from '@keyhold/protocol';
import { KmipClient, KmipClientError } from '../src/index.js';
import { spawnServer } from './helpers/server.js';

interface Pki {
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
  serverCert: Buffer;
  serverKey: Buffer;
}
let pki: Pki;

before(async () => {
  const s = await spawnServer();
  pki = {
    ca: s.ca,
    cert: s.cert,
    key: s.key,
    serverCert: readFileSync(join(s.dataDir, 'pki', 'server.crt')),
    serverKey: readFileSync(join(s.dataDir, 'pki', 'server.key')),
  };
  await s.stop();
});

/** A reply: batch items, or a delay before them, or no reply at all (`undefined`). */
type Script = (req: RequestMessage, n: number) => { items: ResponseBatchItem[]; delayMs?: number } | undefined;

const servers: Server[] = [];
after(() => {
  for (const s of servers) s.close();
});

async function scripted(script: Script): Promise<KmipClientOptionsBase> {
  let n = 0;
  const server = createServer({ key: pki.serverKey, cert: pki.serverCert, ca: pki.ca, requestCert: true, rejectUnauthorized: true }, (sock) => {
    const framer = new TtlvFramer();
    sock.on('error', () => {});
    sock.on('data', (chunk: Buffer) => {
      for (const frame of framer.push(chunk)) {
        const req = decodeRequestMessage(decodeTtlv(frame));
        const reply = script(req, n++);
        if (reply === undefined) continue;
        const bytes = encodeTtlv(
          encodeResponseMessage({ responseHeader: { protocolVersion: req.requestHeader.protocolVersion, timeStamp: BigInt(Math.floor(Date.now() / 1000)) }, batchItem: reply.items }),
        );
        if (reply.delayMs) setTimeout(() => sock.write(bytes), reply.delayMs);
        else sock.write(bytes);
      }
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  return { host: '127.0.0.1', port, ca: pki.ca, cert: pki.cert, key: pki.key };
}
type KmipClientOptionsBase = Parameters<typeof KmipClient.connect>[0];

const versions = (...vs: [number, number][]): ResponseBatchItem => ({
  operation: Operation.DiscoverVersions,
  resultStatus: ResultStatus.Success,
  responsePayload: { protocolVersion: vs.map(([major, minor]) => ({ protocolVersionMajor: major, protocolVersionMinor: minor })) },
});

describe('negotiation', () => {
  test('2.1 when the server offers it, whatever its order', async () => {
    const c = await KmipClient.connect(await scripted(() => ({ items: [versions([1, 4], [2, 1], [2, 0])] })));
    assert.deepEqual(c.version, { major: 2, minor: 1 });
    assert.equal(c.serverVersions?.length, 3);
    await c.close();
  });

  test('otherwise the best version the server offers', async () => {
    const c = await KmipClient.connect(await scripted(() => ({ items: [versions([1, 2], [1, 4])] })));
    assert.deepEqual(c.version, { major: 1, minor: 4 });
    await c.close();
  });

  test('a refused 2.1 header: Discover Versions again in 1.1', async () => {
    const seen: string[] = [];
    const c = await KmipClient.connect(
      await scripted((req) => {
        const v = req.requestHeader.protocolVersion;
        seen.push(`${v.protocolVersionMajor}.${v.protocolVersionMinor}`);
        if (v.protocolVersionMajor >= 2) return { items: [{ resultStatus: ResultStatus.OperationFailed, resultReason: ResultReason.InvalidMessage, resultMessage: 'unsupported version' }] };
        return { items: [versions([1, 3], [1, 2])] };
      }),
    );
    assert.deepEqual(seen, ['2.1', '1.1']);
    assert.deepEqual(c.version, { major: 1, minor: 3 });
    await c.close();
  });

  test('no common version: KMIP_CLIENT_NO_VERSION', async () => {
    await assert.rejects(
      KmipClient.connect(await scripted(() => ({ items: [versions([9, 9])] }))),
      (err: unknown) => err instanceof KmipClientError && err.code === 'KMIP_CLIENT_NO_VERSION',
    );
  });
});

describe('request queue', () => {
  test('a timed-out request keeps its place: the next response goes to the next request', async () => {
    const opts = await scripted((req, n) => {
      const item = req.batchItem[0];
      if (item?.operation === Operation.DiscoverVersions) return { items: [versions([2, 1])], delayMs: n === 0 ? 300 : 0 };
      return undefined;
    });
    const c = await KmipClient.connect({ ...opts, version: { major: 2, minor: 1 } });
    await assert.rejects(c.discoverVersions({}, { timeoutMs: 50 }), (err: unknown) => err instanceof KmipClientError && err.code === 'KMIP_CLIENT_TIMEOUT');
    const second = await c.discoverVersions({}, { timeoutMs: 2_000 });
    assert.equal(second.protocolVersion?.length, 1);
    assert.equal(c.closed, false);
    await c.close(0);
  });

  test('a server that never answers: the default timeout applies', async () => {
    const c = await KmipClient.connect({ ...(await scripted(() => undefined)), version: { major: 2, minor: 1 }, timeoutMs: 100 });
    await assert.rejects(c.query({ queryFunction: [1] }), (err: unknown) => err instanceof KmipClientError && err.code === 'KMIP_CLIENT_TIMEOUT');
    await c.close(0);
  });
});
