/**
 * The typed methods added for the rest of KMIP 1.0–2.1 reach a spawned `keyhold serve` and come
 * back typed: Ping, RNG Seed, Log, Poll (hand-written: no asynchronous operation is outstanding,
 * so the server answers with a failure), and a method on a pool (whose keep-alive no longer
 * shadows `ping`).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ResultReason, ResultStatus } from '@keyhold/protocol';
import { KmipClient, KmipOperationError, KmipPool } from '../src/index.js';
import { connectOptions, spawnServer, type SpawnedServer } from './helpers/server.js';

let server: SpawnedServer;
let client: KmipClient;

before(async () => {
  server = await spawnServer();
  client = await KmipClient.connect(connectOptions(server));
});
after(async () => Promise.all([client?.close(), server?.stop()]));

test('ping resolves with an empty Ping response', async () => {
  assert.deepEqual(await client.ping({}), {});
});

test('rngSeed resolves with the number of seed bytes the server took', async () => {
  const res = await client.rngSeed({ data: new Uint8Array(32).fill(7) });
  assert.equal(typeof res.dataLength, 'number');
  assert.ok(res.dataLength >= 0 && res.dataLength <= 32);
});

test('log resolves with an empty Log response', async () => {
  assert.deepEqual(await client.log({ logMessage: 'client test' }), {});
});

test('poll of an unknown correlation value rejects with KmipOperationError (status, reason, message)', async () => {
  await assert.rejects(client.poll({ asynchronousCorrelationValue: new Uint8Array([1, 2, 3]) }), (err: unknown) => {
    assert.ok(err instanceof KmipOperationError);
    assert.equal(err.resultStatus, ResultStatus.OperationFailed);
    assert.equal(err.resultReason, ResultReason.InvalidAsynchronousCorrelationValue);
    assert.equal(typeof err.resultMessage, 'string');
    return true;
  });
});

test('a pool runs the generated methods too (ping is the Ping operation, not the keep-alive)', async () => {
  const pool = await KmipPool.connect({ ...connectOptions(server), size: 1, pingIntervalMs: 0 });
  try {
    assert.deepEqual(await pool.ping({}), {});
    const v = await pool.discoverVersions({});
    assert.ok((v.protocolVersion ?? []).length > 0);
  } finally {
    await pool.close();
  }
});
