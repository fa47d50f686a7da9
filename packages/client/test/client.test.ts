/**
 * @keyhold/client against a real server (`keyhold serve` spawned on a free port): connection,
 * negotiation, the key life cycle, batches with the ID Placeholder, failures as
 * KmipOperationError, timeouts and cancellation.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  attribute,
  CryptographicAlgorithm,
  CryptographicUsageMask,
  NameType,
  ObjectType,
  QueryFunction,
  Operation,
  ResultReason,
  ResultStatus,
  RevocationReasonCode,
  State,
  attributeValue,
} from '@keyhold/protocol';
import { batchItem, KmipClient, KmipClientError, KmipOperationError, operations } from '../src/index.js';
import { aesCreate } from './helpers/payloads.js';
import { spawnServer, type SpawnedServer } from './helpers/server.js';

let server: SpawnedServer;
let client: KmipClient;

function options(): Parameters<typeof KmipClient.connect>[0] {
  return { host: server.host, port: server.port, ca: server.ca, cert: server.cert, key: server.key, servername: 'localhost' };
}

const aes256 = (name: string) => aesCreate(256, [attribute('Name', { nameValue: name, nameType: NameType.UninterpretedTextString })]);

before(async () => {
  server = await spawnServer();
  client = await KmipClient.connect(options());
});

after(async () => {
  await client?.close();
  await server?.stop();
});

describe('connect', () => {
  test('negotiates 2.1 with Discover Versions', () => {
    assert.deepEqual(client.version, { major: 2, minor: 1 });
    assert.ok(client.serverVersions && client.serverVersions.length > 0);
  });

  test('a fixed version is used as given', async () => {
    const c = await KmipClient.connect({ ...options(), version: { major: 1, minor: 4 } });
    try {
      assert.deepEqual(c.version, { major: 1, minor: 4 });
      const q = await c.query({ queryFunction: [QueryFunction.QueryOperations] });
      assert.ok((q.operation ?? []).includes(Operation.Create));
    } finally {
      await c.close();
    }
  });

  test('the server name is checked', async () => {
    await assert.rejects(KmipClient.connect({ ...options(), servername: 'not-the-server.example' }), (err: unknown) => {
      assert.ok(err instanceof KmipClientError);
      assert.equal(err.code, 'KMIP_CLIENT_CONNECTION');
      return true;
    });
  });

  test('a server certificate that does not chain to the given CA is refused', async () => {
    await assert.rejects(KmipClient.connect({ ...options(), ca: server.cert }), KmipClientError);
  });
});

describe('operations', () => {
  test('create, get, locate, get attributes, activate, revoke, destroy', async () => {
    const name = `test-key-${process.pid}`;
    const created = await client.create(aes256(name));
    assert.equal(created.objectType, ObjectType.SymmetricKey);
    const id = created.uniqueIdentifier;
    assert.equal(typeof id, 'string');

    const got = await client.get({ uniqueIdentifier: id });
    assert.equal(got.object.objectType, ObjectType.SymmetricKey);

    const found = await client.locate({ attributes: { attribute: [attribute('Name', { nameValue: name, nameType: NameType.UninterpretedTextString })] } });
    assert.deepEqual(found.uniqueIdentifier, [id]);

    const attrs = await client.getAttributes({ uniqueIdentifier: id, attributeReference: ['State'] });
    assert.equal(attributeValue(attrs.attributes, 'State'), State.PreActive);

    await client.activate({ uniqueIdentifier: id });
    await client.revoke({ uniqueIdentifier: id, revocationReason: { revocationReasonCode: RevocationReasonCode.CessationOfOperation } });
    const destroyed = await operations.destroy(client, { uniqueIdentifier: id });
    assert.equal(destroyed.uniqueIdentifier, id);
  });

  test('requests are pipelined on one connection', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => client.create(aes256(`pipelined-${process.pid}-${i}`))));
    assert.equal(new Set(results.map((r) => r.uniqueIdentifier)).size, 10);
  });

  // KMIP 2.x names a missing object Object Not Found (1.x: Item Not Found).
  test('a failure is a KmipOperationError with the Result Reason', async () => {
    await assert.rejects(client.get({ uniqueIdentifier: 'no-such-object' }), (err: unknown) => {
      assert.ok(err instanceof KmipOperationError);
      assert.equal(err.resultStatus, ResultStatus.OperationFailed);
      assert.equal(err.resultReason, ResultReason.ObjectNotFound);
      assert.equal(err.resultReasonName, 'Object Not Found');
      assert.equal(err.operation, Operation.Get);
      return true;
    });
  });
});

describe('batch', () => {
  test('Create then Activate and Get Attributes through the ID Placeholder', async () => {
    const [c, a, g] = await client.batch([
      batchItem(Operation.Create, aes256(`batch-${process.pid}`)),
      batchItem(Operation.Activate, {}),
      batchItem(Operation.GetAttributes, { attributeReference: ['State'] }),
    ]);
    assert.ok(c.ok && a.ok && g.ok);
    assert.equal(a.payload.uniqueIdentifier, c.payload.uniqueIdentifier);
    assert.equal(attributeValue(g.payload.attributes, 'State'), State.Active);
  });

  test('a failed item with Continue: the others still succeed', async () => {
    const [bad, good] = await client.batch([batchItem(Operation.Get, { uniqueIdentifier: 'missing' }), batchItem(Operation.Query, { queryFunction: [QueryFunction.QueryOperations] })], {
      errorContinuation: 'continue',
    });
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.equal(bad.error.resultReason, ResultReason.ObjectNotFound);
    assert.equal(good.ok, true);
  });
});

describe('timeouts and cancellation', () => {
  test('an aborted request rejects with KMIP_CLIENT_ABORTED and the connection stays usable', async () => {
    const ac = new AbortController();
    const p = client.query({ queryFunction: [QueryFunction.QueryOperations] }, { signal: ac.signal });
    ac.abort();
    await assert.rejects(p, (err: unknown) => err instanceof KmipClientError && err.code === 'KMIP_CLIENT_ABORTED');
    const q = await client.query({ queryFunction: [QueryFunction.QueryOperations] });
    assert.ok((q.operation ?? []).length > 0);
  });

  test('an already aborted signal rejects at once', async () => {
    await assert.rejects(client.query({ queryFunction: [QueryFunction.QueryOperations] }, { signal: AbortSignal.abort() }), (err: unknown) => err instanceof KmipClientError && err.code === 'KMIP_CLIENT_ABORTED');
  });

  test('a timeout rejects with KMIP_CLIENT_TIMEOUT; the late answer is dropped, later ones still match', async () => {
    // 1 ms is shorter than any TLS round trip with RSA key generation on the server.
    const slow = client.createKeyPair(
      {
        commonAttributes: {
          attribute: [attribute('Cryptographic Algorithm', CryptographicAlgorithm.RSA), attribute('Cryptographic Length', 2048)],
        },
        privateKeyAttributes: { attribute: [attribute('Cryptographic Usage Mask', CryptographicUsageMask.Sign)] },
        publicKeyAttributes: { attribute: [attribute('Cryptographic Usage Mask', CryptographicUsageMask.Verify)] },
      },
      { timeoutMs: 1 },
    );
    await assert.rejects(slow, (err: unknown) => err instanceof KmipClientError && err.code === 'KMIP_CLIENT_TIMEOUT');
    const created = await client.create(aes256(`after-timeout-${process.pid}`));
    assert.equal(created.objectType, ObjectType.SymmetricKey);
  });

  test('close waits for the requests in flight', async () => {
    const c = await KmipClient.connect(options());
    const pending = c.query({ queryFunction: [QueryFunction.QueryOperations] });
    await c.close();
    assert.ok(((await pending).operation ?? []).length > 0);
  });

  test('after close, calls reject with KMIP_CLIENT_CLOSED', async () => {
    const c = await KmipClient.connect(options());
    await c.close();
    assert.equal(c.closed, true);
    await assert.rejects(c.query({ queryFunction: [QueryFunction.QueryOperations] }), (err: unknown) => err instanceof KmipClientError && err.code === 'KMIP_CLIENT_CLOSED');
  });
});
