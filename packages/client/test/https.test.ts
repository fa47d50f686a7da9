/**
 * @keyhold/client over KMIP HTTPS against a real server (`keyhold serve --https-port N` spawned):
 * negotiation, typed calls and batches with each body encoding (TTLV, XML, JSON), one kept-alive
 * connection, HTTP errors as KmipClientError, timeouts and cancellation, bad URLs, and the pool.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';
import { BlockCipherMode, Operation, PaddingMethod, QueryFunction, type TtlvNode } from '@keyhold/protocol';
import { batchItem, KmipClient, KmipClientError, KmipOperationError, KmipPool, parseKmipUrl } from '../src/index.js';
import { aesCreate } from './helpers/payloads.js';
import { freePort, spawnServer, type SpawnedServer } from './helpers/server.js';

let server: SpawnedServer;
let httpsPort: number;

before(async () => {
  httpsPort = await freePort();
  server = await spawnServer(['--https-port', String(httpsPort)]);
});

after(async () => {
  await server?.stop();
});

const url = (): string => `https://localhost:${httpsPort}/kmip`;
const tls = (): { ca: Buffer; cert: Buffer; key: Buffer } => ({ ca: server.ca, cert: server.cert, key: server.key });

const aes = aesCreate(128);
const cbc = { blockCipherMode: BlockCipherMode.CBC, paddingMethod: PaddingMethod.PKCS5 };

describe('KmipClient over HTTPS', () => {
  for (const encoding of ['ttlv', 'xml', 'json'] as const) {
    test(`${encoding}: negotiates, creates, encrypts, batches and fails like the TLS client`, async () => {
      const seen: string[] = [];
      const client = await KmipClient.connect({ transport: 'https', url: url(), encoding, ...tls(), onMessage: (d: 'request' | 'response', _m: TtlvNode) => seen.push(d) });
      try {
        assert.deepEqual(client.version, { major: 2, minor: 1 });
        assert.deepEqual(seen.slice(0, 2), ['request', 'response'], 'the messages are traced as trees');
        const created = await client.create(aes);
        const id = created.uniqueIdentifier as string;
        await client.activate({ uniqueIdentifier: id });
        const iv = Buffer.alloc(16, 7);
        const data = Buffer.from('over https, in ' + encoding);
        const enc = await client.encrypt({ uniqueIdentifier: id, cryptographicParameters: cbc, data, ivCounterNonce: iv });
        const dec = await client.decrypt({ uniqueIdentifier: id, cryptographicParameters: cbc, data: enc.data as Uint8Array, ivCounterNonce: iv });
        assert.deepEqual(Buffer.from(dec.data as Uint8Array), data);
        const results = await client.batch([batchItem(Operation.Query, { queryFunction: [QueryFunction.QueryOperations] }), batchItem(Operation.Get, { uniqueIdentifier: 'no-such-object' })], { errorContinuation: 'continue' });
        assert.equal(results[0].ok, true);
        assert.equal(results[1].ok, false);
        await assert.rejects(client.get({ uniqueIdentifier: 'no-such-object' }), KmipOperationError);
      } finally {
        await client.close();
      }
      assert.equal(client.closed, true);
      await assert.rejects(client.query({ queryFunction: [QueryFunction.QueryOperations] }), (err: unknown) => err instanceof KmipClientError && err.code === 'KMIP_CLIENT_CLOSED');
    });
  }

  test('multi-part Encrypt keeps its Correlation Value across requests of one connection', async () => {
    const client = await KmipClient.connect({ transport: 'https', url: url(), encoding: 'json', ...tls() });
    try {
      const id = (await client.create(aes)).uniqueIdentifier as string;
      await client.activate({ uniqueIdentifier: id });
      const iv = Buffer.alloc(16, 1);
      const first = await client.encrypt({ uniqueIdentifier: id, cryptographicParameters: cbc, ivCounterNonce: iv, data: Buffer.alloc(40, 1), initIndicator: true });
      assert.ok(first.correlationValue, 'a Correlation Value comes back');
      const last = await client.encrypt({ correlationValue: first.correlationValue, data: Buffer.alloc(8, 2), finalIndicator: true });
      assert.ok(last.data && last.data.length > 0);
    } finally {
      await client.close();
    }
  });

  test('requests made together are all answered (one after the other on the kept-alive connection)', async () => {
    const client = await KmipClient.connect({ transport: 'https', url: url(), ...tls(), version: { major: 1, minor: 4 } });
    try {
      const results = await Promise.all(Array.from({ length: 8 }, () => client.query({ queryFunction: [QueryFunction.QueryObjects] })));
      assert.equal(results.length, 8);
      assert.ok(results.every((r) => (r.objectType ?? []).length > 0));
    } finally {
      await client.close();
    }
  });

  test('an HTTP error status is a KmipClientError with the status and reason', async () => {
    const client = await KmipClient.connect({ transport: 'https', url: `https://localhost:${httpsPort}/elsewhere`, ...tls(), version: { major: 2, minor: 1 } });
    try {
      await assert.rejects(client.query({ queryFunction: [QueryFunction.QueryOperations] }), (err: unknown) => err instanceof KmipClientError && err.code === 'KMIP_CLIENT_PROTOCOL' && /HTTP 404: Not Found/.test(err.message));
    } finally {
      await client.close();
    }
  });

  test('a wrong CA fails the connection; bad URLs are refused up front', async () => {
    await assert.rejects(KmipClient.connect({ transport: 'https', url: url(), ca: server.cert, cert: server.cert, key: server.key }), (err: unknown) => err instanceof KmipClientError && err.code === 'KMIP_CLIENT_CONNECTION');
    for (const bad of ['http://localhost:1/kmip', 'not a url', 'https://user:pw@localhost/kmip']) {
      await assert.rejects(KmipClient.connect({ transport: 'https', url: bad, ...tls() }), KmipClientError, bad);
    }
    assert.deepEqual(parseKmipUrl('https://[::1]:5697'), { host: '::1', port: 5697, path: '/kmip' });
    assert.deepEqual(parseKmipUrl('https://kms.example/kmip/2_1'), { host: 'kms.example', port: 443, path: '/kmip/2_1' });
  });

  test('time-out and AbortSignal against a server that never answers', async () => {
    // A TLS server that reads requests and never responds.
    const silent = createHttpsServer({ cert: readPem(server, 'server.crt'), key: readPem(server, 'server.key') }, () => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const port = (silent.address() as { port: number }).port;
    const client = await KmipClient.connect({ transport: 'https', url: `https://localhost:${port}/kmip`, ...tls(), version: { major: 2, minor: 1 }, timeoutMs: 300 });
    try {
      await assert.rejects(client.query({ queryFunction: [QueryFunction.QueryOperations] }), (err: unknown) => err instanceof KmipClientError && err.code === 'KMIP_CLIENT_TIMEOUT');
      const ac = new AbortController();
      const p = client.query({ queryFunction: [QueryFunction.QueryOperations] }, { timeoutMs: 0, signal: ac.signal });
      setTimeout(() => ac.abort(), 50);
      await assert.rejects(p, (err: unknown) => err instanceof KmipClientError && err.code === 'KMIP_CLIENT_ABORTED');
      assert.equal(client.inFlight, 0);
    } finally {
      await client.close(0);
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  test('a response body that never ends is cut at the default message size limit, not buffered', async () => {
    // A TLS server that answers 200 and streams octets for ever.
    const chunk = Buffer.alloc(64 * 1024);
    const endless = createHttpsServer({ cert: readPem(server, 'server.crt'), key: readPem(server, 'server.key') }, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    await new Promise<void>((resolve) => endless.listen(0, '127.0.0.1', () => resolve()));
    const port = (endless.address() as { port: number }).port;
    const client = await KmipClient.connect({ transport: 'https', url: `https://localhost:${port}/kmip`, ...tls(), version: { major: 2, minor: 1 }, timeoutMs: 10_000 });
    try {
      await assert.rejects(client.query({ queryFunction: [QueryFunction.QueryOperations] }), (err: unknown) => err instanceof KmipClientError && err.code === 'KMIP_CLIENT_PROTOCOL' && /larger than 4194304 bytes/.test(err.message));
      assert.equal(client.inFlight, 0);
    } finally {
      await client.close(0);
      endless.closeAllConnections();
      await new Promise<void>((resolve) => endless.close(() => resolve()));
    }
  });

  test('KmipPool over HTTPS spreads requests over its connections', async () => {
    const pool = await KmipPool.connect({ transport: 'https', url: url(), encoding: 'xml', ...tls(), size: 2, pingIntervalMs: 0 });
    try {
      const results = await Promise.all(Array.from({ length: 6 }, () => pool.query({ queryFunction: [QueryFunction.QueryOperations] })));
      assert.equal(results.length, 6);
      assert.equal(pool.connections, 2);
    } finally {
      await pool.close();
    }
  });
});

function readPem(s: SpawnedServer, name: string): Buffer {
  // The first-start PKI keeps the server certificate and key beside the CA.
  return readFileSync(join(s.dataDir, 'pki', name));
}
