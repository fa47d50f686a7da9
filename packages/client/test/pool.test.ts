/**
 * KmipPool against a spawned `keyhold serve`, reached through a local TCP relay so that the
 * test can count connections and drop them: size limit, spreading, reconnect after a dropped
 * connection (requests in flight fail with KmipClientError, new ones use a fresh connection),
 * keep-alive pings.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { QueryFunction } from '@keyhold/protocol';
import { KmipClientError, KmipPool, type ClientSettings, type ConnectionOptions, type PoolOptions, type PoolSettings } from '../src/index.js';
import { spawnServer, type SpawnedServer } from './helpers/server.js';

/** A TCP relay to the server that records its connections and can drop them. */
interface Relay {
  readonly port: number;
  readonly accepted: number;
  readonly open: Set<Socket>;
  /** Bytes the client side sent since the last reset. */
  clientBytes: number;
  /** When set, the next client→server chunk is not forwarded: both sockets are destroyed. */
  dropOnNextRequest: boolean;
  dropAll(): void;
  close(): Promise<void>;
}

function startRelay(target: number): Promise<Relay> {
  const open = new Set<Socket>();
  let accepted = 0;
  const relay: Relay = {
    port: 0,
    get accepted() {
      return accepted;
    },
    open,
    clientBytes: 0,
    dropOnNextRequest: false,
    dropAll: () => {
      for (const s of open) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        relay.dropAll();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((down) => {
    accepted += 1;
    const up = connect(target, '127.0.0.1');
    open.add(down);
    const drop = (): void => {
      open.delete(down);
      down.destroy();
      up.destroy();
    };
    let handshakeDone = false;
    up.on('data', (chunk: Buffer) => {
      handshakeDone = true;
      down.write(chunk);
    });
    down.on('data', (chunk: Buffer) => {
      relay.clientBytes += chunk.length;
      if (relay.dropOnNextRequest && handshakeDone && chunk.length > 0 && (chunk[0] ?? 0) === 0x17) {
        relay.dropOnNextRequest = false;
        drop();
        return;
      }
      up.write(chunk);
    });
    down.on('close', drop);
    up.on('close', drop);
    down.on('error', drop);
    up.on('error', drop);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      (relay as { port: number }).port = typeof a === 'object' && a !== null ? a.port : 0;
      resolve(relay);
    });
  });
}

let server: SpawnedServer;

before(async () => {
  server = await spawnServer();
});

after(async () => {
  await server?.stop();
});

function poolOptions(relay: Relay, extra: Partial<ConnectionOptions & ClientSettings & PoolSettings> = {}): PoolOptions {
  return { host: '127.0.0.1', port: relay.port, ca: server.ca, cert: server.cert, key: server.key, servername: 'localhost', ...extra };
}

const query = { queryFunction: [QueryFunction.QueryOperations] };

describe('KmipPool', () => {
  test('spreads concurrent requests over connections up to the size limit', async () => {
    const relay = await startRelay(server.port);
    const pool = await KmipPool.connect(poolOptions(relay, { size: 3 }));
    try {
      assert.equal(pool.connections, 1);
      const results = await Promise.all(Array.from({ length: 12 }, () => pool.query(query)));
      assert.equal(results.length, 12);
      assert.equal(pool.connections, 3);
      assert.equal(relay.accepted, 3);
      // A second wave reuses the open connections.
      await Promise.all(Array.from({ length: 12 }, () => pool.query(query)));
      assert.equal(relay.accepted, 3);
      assert.ok(pool.connections <= pool.maxSize);
    } finally {
      await pool.close();
      await relay.close();
    }
  });

  test('sequential requests reuse one idle connection', async () => {
    const relay = await startRelay(server.port);
    const pool = await KmipPool.connect(poolOptions(relay, { size: 4 }));
    try {
      for (let i = 0; i < 5; i++) await pool.query(query);
      assert.equal(relay.accepted, 1);
    } finally {
      await pool.close();
      await relay.close();
    }
  });

  test('a request in flight on a dropped connection fails with KmipClientError; the next one uses a fresh connection', async () => {
    const relay = await startRelay(server.port);
    const pool = await KmipPool.connect(poolOptions(relay, { size: 1 }));
    try {
      relay.dropOnNextRequest = true;
      await assert.rejects(pool.query(query), (err: unknown) => {
        assert.ok(err instanceof KmipClientError, String(err));
        assert.ok(err.code === 'KMIP_CLIENT_CLOSED' || err.code === 'KMIP_CLIENT_CONNECTION');
        assert.match(err.message, /connection was lost with this request in flight/);
        return true;
      });
      const res = await pool.query(query);
      assert.ok((res.operation ?? []).length > 0);
      assert.equal(relay.accepted, 2);
      assert.equal(pool.connections, 1);
    } finally {
      await pool.close();
      await relay.close();
    }
  });

  test('an idle connection dropped by the peer is replaced on demand', async () => {
    const relay = await startRelay(server.port);
    const pool = await KmipPool.connect(poolOptions(relay, { size: 2 }));
    try {
      relay.dropAll();
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(pool.connections, 0);
      await pool.query(query);
      assert.equal(pool.connections, 1);
      assert.equal(relay.accepted, 2);
    } finally {
      await pool.close();
      await relay.close();
    }
  });

  test('keep-alive: idle connections are pinged', async () => {
    const relay = await startRelay(server.port);
    const pool = await KmipPool.connect(poolOptions(relay, { pingIntervalMs: 50 }));
    try {
      relay.clientBytes = 0;
      await new Promise((r) => setTimeout(r, 300));
      assert.ok(relay.clientBytes > 0, 'no ping was sent');
      assert.equal(pool.connections, 1);
    } finally {
      await pool.close();
      await relay.close();
    }
  });

  test('multi-part requests stay on one connection with withClient', async () => {
    const relay = await startRelay(server.port);
    const pool = await KmipPool.connect(poolOptions(relay, { size: 2 }));
    try {
      const v = await pool.withClient(async (c) => {
        await c.query(query);
        return c.version;
      });
      assert.deepEqual(v, pool.version);
    } finally {
      await pool.close();
      await relay.close();
    }
  });

  test('after close, calls reject with KMIP_CLIENT_CLOSED', async () => {
    const relay = await startRelay(server.port);
    const pool = await KmipPool.connect(poolOptions(relay));
    await pool.close();
    await assert.rejects(pool.query(query), (err: unknown) => err instanceof KmipClientError && err.code === 'KMIP_CLIENT_CLOSED');
    await relay.close();
  });

  test('a size below 1 is refused', async () => {
    await assert.rejects(KmipPool.connect({ host: '127.0.0.1', port: 1, ca: '', cert: '', key: '', size: 0 }), RangeError);
  });
});
