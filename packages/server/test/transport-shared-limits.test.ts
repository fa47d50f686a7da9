/**
 * The connection limits are the server's, not each listener's (serve.ts gives the TLS port and
 * the HTTPS listener one ConnectionAdmission): a principal at its limit on one port is refused
 * on the other, and each listener still reports only its own connections.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;

before(async () => {
  server = await startTestServer({ argv: ['--https-port', '0', '--max-connections-per-client', '1'] });
});

after(async () => {
  await server.dispose();
});

function open(port: number): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const s = tlsConnect({ host: '127.0.0.1', port, servername: 'localhost', ca: server.admin.ca, cert: server.admin.cert, key: server.admin.key });
    s.once('secureConnect', () => resolve(s));
    s.once('error', reject);
  });
}

function closedWithin(s: TLSSocket, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (s.destroyed) return resolve(true);
    const t = setTimeout(() => resolve(false), ms);
    s.once('close', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

test('a principal at its connection limit on the TLS port is refused on the HTTPS listener, and the other way round', async () => {
  const ttlvPort = server.port;
  const httpsPort = server.handle.https?.port ?? 0;
  for (const [held, other] of [
    [ttlvPort, httpsPort],
    [httpsPort, ttlvPort],
  ] as const) {
    const first = await open(held);
    first.resume();
    first.on('error', () => undefined);
    try {
      const second = await open(other);
      second.resume();
      second.on('error', () => undefined);
      assert.equal(await closedWithin(second, 2_000), true, `a second connection (port ${other}) is closed at once`);
      assert.equal(first.destroyed, false);
      assert.equal(server.handle.server.connectionCount + (server.handle.https?.connectionCount ?? 0), 1, 'each listener counts its own connections');
    } finally {
      first.destroy();
      await closedWithin(first, 2_000);
    }
    // The released slot is free again: wait until the server has seen the close.
    for (let i = 0; i < 50 && server.handle.server.connectionCount + (server.handle.https?.connectionCount ?? 0) > 0; i++) await new Promise((r) => setTimeout(r, 20));
  }
});
