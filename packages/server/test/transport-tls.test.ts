/**
 * The TLS transport against a fake message handler, driven by node:tls clients: framing across
 * writes, response order, mutual authentication, protocol versions, unframeable and oversized
 * input, timeouts, connection limits and graceful shutdown.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { connect as netConnect } from 'node:net';
import { encodeTtlv, ItemType } from '@keyhold/protocol';
import { pino } from 'pino';
import { generateKeyPairSync } from 'node:crypto';
import { certificateAuthority, loadLocalCertificateAuthority } from '../src/pki/authority.js';
import { loadIssuer } from '../src/pki/certificates.js';
import { bootstrapPki, issueClientCertificate, pkiPaths, type BootstrapResult } from '../src/pki/bootstrap.js';
import { x509 } from '../src/pki/x509.js';
import { startTlsServer, type RunningServer } from '../src/transport/tls.js';
import type { TransportLimits } from '../src/transport/limits.js';
import { connectClient, FakeHandler, readClientPems, request, sleep, tryRequest, type ClientPems } from './transport-helpers.js';

let dir: string;
let otherDir: string;
let pki: BootstrapResult;
let admin: Required<ClientPems>;
let alice: Required<ClientPems>;
let stranger: Required<ClientPems>;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keyhold-transport-'));
  otherDir = mkdtempSync(join(tmpdir(), 'keyhold-transport-other-'));
  pki = await bootstrapPki({ dataDir: dir });
  admin = readClientPems({ ca: pki.caCert, cert: pki.client.cert, key: pki.client.key });
  const a = await issueClientCertificate({ dataDir: dir, principal: 'alice' });
  alice = readClientPems({ ca: pki.caCert, cert: a.cert, key: a.key });
  const other = await bootstrapPki({ dataDir: otherDir });
  // A certificate from another CA, for a client that trusts our server.
  stranger = readClientPems({ ca: pki.caCert, cert: other.client.cert, key: other.client.key });
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(otherDir, { recursive: true, force: true });
});

/** Captured log lines. */
class LogSink extends Writable {
  readonly lines: Array<Record<string, unknown>> = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    for (const line of chunk.toString('utf8').split('\n')) if (line !== '') this.lines.push(JSON.parse(line) as Record<string, unknown>);
    cb();
  }
  has(msg: string): boolean {
    return this.lines.some((l) => typeof l['msg'] === 'string' && l['msg'].includes(msg));
  }
}

async function start(limits: Partial<TransportLimits> = {}, handler = new FakeHandler()): Promise<{ server: RunningServer; handler: FakeHandler; logs: LogSink }> {
  const logs = new LogSink();
  const server = await startTlsServer(
    {
      host: '127.0.0.1',
      port: 0,
      cert: readFileSync(pki.serverCert),
      key: readFileSync(pki.serverKey),
      clientCa: readFileSync(pki.caCert),
      limits,
      logger: pino({ level: 'debug' }, logs),
    },
    handler,
  );
  return { server, handler, logs };
}

describe('TLS transport', () => {
  test('request and response; the session carries the client principal and fingerprint', async () => {
    const { server, handler, logs } = await start();
    try {
      assert.ok(server.port > 0);
      const client = await connectClient(server.port, admin);
      client.write(request(7));
      const [reply] = await client.waitFor(1);
      assert.deepEqual(reply, { seq: 7, text: 'keyhold-admin' });
      const session = handler.sessions[0];
      assert.ok(session);
      assert.equal(session.peer.principal, 'keyhold-admin');
      assert.match(session.peer.certificateFingerprint ?? '', /^[0-9a-f]{64}$/);
      assert.equal(session.peer.remoteAddress, '127.0.0.1');
      assert.equal(session.signal.aborted, false);
      client.close();
      await client.closed;
      await sleep(50);
      assert.equal(session.signal.aborted, true, 'the session signal is aborted when the connection closes');
      assert.ok(logs.has('connection opened') && logs.has('connection closed'));
      assert.ok(
        logs.lines.some((l) => l['msg'] === 'connection opened' && l['principal'] === 'keyhold-admin' && l['remote'] === '127.0.0.1'),
        'open log names principal and remote address',
      );
    } finally {
      await server.close();
    }
  });

  test('a message split into 1-byte writes', async () => {
    const { server } = await start();
    try {
      const client = await connectClient(server.port, admin);
      client.socket.setNoDelay(true);
      const msg = request(3, 0, 40);
      for (const b of msg) {
        client.write(Uint8Array.of(b));
        await new Promise((r) => setImmediate(r));
      }
      assert.deepEqual(await client.waitFor(1), [{ seq: 3, text: 'keyhold-admin' }]);
      client.close();
    } finally {
      await server.close();
    }
  });

  test('two messages in one write get two responses, in order, even when the first is slower', async () => {
    const { server } = await start();
    try {
      const client = await connectClient(server.port, admin);
      client.write(Buffer.concat([request(1, 150), request(2, 0), request(3, 20)]));
      const replies = await client.waitFor(3);
      assert.deepEqual(replies.map((r) => r.seq), [1, 2, 3]);
      client.close();
    } finally {
      await server.close();
    }
  });

  test('50 pipelined requests, some of 100 KB (reading pauses while the queue is full), keep their order', async () => {
    const { server } = await start();
    try {
      const client = await connectClient(server.port, admin);
      const msgs = Array.from({ length: 50 }, (_, i) => request(i, 0, i % 5 === 0 ? 100_000 : 0));
      client.write(Buffer.concat(msgs));
      const replies = await client.waitFor(50, 10_000);
      assert.deepEqual(replies.map((r) => r.seq), msgs.map((_, i) => i));
      client.close();
    } finally {
      await server.close();
    }
  });

  test('a client without a certificate is rejected', async () => {
    const { server, handler } = await start();
    try {
      const r = await tryRequest(server.port, { ca: admin.ca });
      assert.equal(r.outcome, 'rejected');
      assert.equal(r.code, 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED');
      const r12 = await tryRequest(server.port, { ca: admin.ca }, { maxVersion: 'TLSv1.2' });
      assert.equal(r12.outcome, 'rejected');
      assert.equal(handler.handled, 0);
    } finally {
      await server.close();
    }
  });

  test('a client with a certificate from another CA is rejected', async () => {
    const { server, handler, logs } = await start();
    try {
      const r = await tryRequest(server.port, stranger);
      assert.equal(r.outcome, 'rejected');
      assert.equal(handler.handled, 0);
      await sleep(20);
      assert.ok(logs.has('TLS handshake failed'));
    } finally {
      await server.close();
    }
  });

  test('a certificate Certify issues (CN=keyhold-admin, asking for clientAuth) is refused: another CA, and no clientAuth', async () => {
    const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const order = {
      publicKey: keys.publicKey.export({ type: 'spki', format: 'der' }),
      subject: new Uint8Array(new x509.Name('CN=keyhold-admin').toArrayBuffer()),
      extensions: [new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth])],
      now: new Date(),
    };
    const key = Buffer.from(keys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const pemOf = (der: Uint8Array): Buffer => Buffer.from(new x509.X509Certificate(der).toString('pem'));
    // What Certify really issues: signed by the certification CA, which the TLS port does not trust.
    const certified = { ca: admin.ca, cert: pemOf(await (await loadLocalCertificateAuthority(dir)).issue(order)), key };
    // Were the TLS CA itself to sign for Certify, the missing clientAuth would still keep it out.
    const paths = pkiPaths(dir);
    const tlsCa = certificateAuthority(await loadIssuer(readFileSync(paths.caCert, 'utf8'), readFileSync(paths.caKey, 'utf8')));
    const sameCa = { ca: admin.ca, cert: pemOf(await tlsCa.issue(order)), key };
    const { server, handler, logs } = await start();
    try {
      assert.equal((await tryRequest(server.port, certified)).outcome, 'rejected');
      const r = await tryRequest(server.port, sameCa);
      assert.equal(r.outcome, 'rejected');
      assert.equal(handler.handled, 0);
      await sleep(20);
      assert.ok(logs.has('connection refused: client not authenticated'));
    } finally {
      await server.close();
    }
  });

  test('TLS 1.1 is refused; TLS 1.2 and 1.3 are accepted', async () => {
    const { server } = await start();
    try {
      // SECLEVEL=0 lets this OpenSSL offer TLS 1.1 at all, so the refusal is the server's.
      const old = await tryRequest(server.port, admin, { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' });
      assert.equal(old.outcome, 'rejected');
      assert.equal(old.code, 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'the server answers with a protocol_version alert');
      assert.equal((await tryRequest(server.port, admin, { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' })).outcome, 'accepted');
      assert.equal((await tryRequest(server.port, admin, { minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' })).outcome, 'accepted');
    } finally {
      await server.close();
    }
  });

  test('unframeable bytes: answered requests first, then the unframeable response, then close', async () => {
    const { server, logs } = await start();
    try {
      const client = await connectClient(server.port, admin);
      // A good request, then an Integer where a message (a Structure) must start.
      client.write(Buffer.concat([request(1, 30), Buffer.from('4200780200000004000000010000000000', 'hex')]));
      const replies = await client.waitFor(2);
      assert.equal(replies[0]?.seq, 1);
      assert.match(replies[1]?.text ?? '', /^unframeable: .*Structure/);
      await client.closed;
      assert.ok(client.ended, 'the server ended the stream');
      assert.ok(logs.lines.some((l) => l['msg'] === 'unframeable input' && l['code'] === 'KMIP_ERR_TTLV_NOT_A_MESSAGE'));
    } finally {
      await server.close();
    }
  });

  test('unframeable bytes when the handler has no response: the connection just closes', async () => {
    const handler = new FakeHandler();
    handler.unframeableResponse = () => undefined;
    const { server } = await start({}, handler);
    try {
      const client = await connectClient(server.port, admin);
      client.write(Buffer.alloc(16, 0xff));
      await client.closed;
      assert.equal(client.responses.length, 0);
    } finally {
      await server.close();
    }
  });

  test('a client that ends its side after a request still gets the response', async () => {
    const { server } = await start();
    try {
      const client = await connectClient(server.port, admin);
      client.socket.end(request(11, 100));
      assert.equal((await client.waitFor(1))[0]?.seq, 11);
      await client.closed;
    } finally {
      await server.close();
    }
  });

  test('a message larger than the limit closes the connection before its body is read', async () => {
    const { server, handler } = await start({ maxMessageSize: 4096 });
    try {
      const client = await connectClient(server.port, admin);
      // Only the header, announcing 1 MiB; the server must not wait for the body.
      const header = Buffer.from('42007801' + (1024 * 1024).toString(16).padStart(8, '0'), 'hex');
      client.write(header);
      const [reply] = await client.waitFor(1);
      assert.match(reply?.text ?? '', /^unframeable: .*exceeds the maximum of 4096/);
      await client.closed;
      assert.equal(handler.handled, 0);
      // A message within the limit still works on a new connection.
      const c2 = await connectClient(server.port, admin);
      c2.write(request(9, 0, 3000));
      assert.equal((await c2.waitFor(1))[0]?.seq, 9);
      c2.close();
    } finally {
      await server.close();
    }
  });

  test('idle timeout closes a connection that sends nothing', async () => {
    const { server, logs } = await start({ idleTimeoutMs: 200 });
    try {
      const client = await connectClient(server.port, admin);
      client.write(request(1));
      await client.waitFor(1);
      const t0 = Date.now();
      await client.closed;
      const waited = Date.now() - t0;
      assert.ok(waited >= 150 && waited < 2000, `closed after ${waited} ms`);
      assert.ok(logs.has('idle timeout'));
    } finally {
      await server.close();
    }
  });

  test('the idle timer does not run while a request is being handled', async () => {
    const { server } = await start({ idleTimeoutMs: 150 });
    try {
      const client = await connectClient(server.port, admin);
      client.write(request(1, 400));
      assert.equal((await client.waitFor(1))[0]?.seq, 1);
      client.close();
    } finally {
      await server.close();
    }
  });

  test('slow-client timeout closes a connection whose message does not complete', async () => {
    const { server, handler, logs } = await start({ slowClientTimeoutMs: 200, idleTimeoutMs: 10_000 });
    try {
      const client = await connectClient(server.port, admin);
      const msg = request(1, 0, 64);
      client.write(msg.subarray(0, 20));
      const t0 = Date.now();
      // Keep trickling bytes, but never the whole message: the timer counts from the first byte.
      const trickle = setInterval(() => {
        if (!client.socket.destroyed) client.write(Uint8Array.of(0));
      }, 50);
      await client.closed;
      clearInterval(trickle);
      const waited = Date.now() - t0;
      assert.ok(waited >= 150 && waited < 2000, `closed after ${waited} ms`);
      assert.equal(handler.handled, 0);
      assert.ok(logs.has('slow client'));
    } finally {
      await server.close();
    }
  });

  test('a client that does not read its response is closed after the slow-client timeout', async () => {
    const handler = new FakeHandler();
    // 32 MiB: more than loopback socket buffers absorb.
    const big = encodeTtlv({ tag: 0x42007b, type: ItemType.Structure, value: [{ tag: 0x540005, type: ItemType.ByteString, value: new Uint8Array(32 * 1024 * 1024) }] });
    handler.handleMessage = () => Promise.resolve(big);
    const { server, logs } = await start({ slowClientTimeoutMs: 300, idleTimeoutMs: 10_000 }, handler);
    try {
      const client = await connectClient(server.port, admin);
      client.socket.pause();
      client.socket.removeAllListeners('data');
      client.write(request(1));
      const t0 = Date.now();
      await new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (logs.has('client does not read its response')) {
            clearInterval(poll);
            resolve();
          }
        }, 20);
      });
      const waited = Date.now() - t0;
      assert.ok(waited >= 250 && waited < 3000, `closed after ${waited} ms`);
      client.close();
      await sleep(20);
      assert.equal(server.connectionCount, 0);
    } finally {
      await server.close();
    }
  });

  test('a TCP connection that never completes its handshake is dropped after the handshake timeout', async () => {
    const { server, logs } = await start({ handshakeTimeoutMs: 200 });
    try {
      const sock = netConnect(server.port, '127.0.0.1');
      sock.on('error', () => undefined);
      const t0 = Date.now();
      await new Promise((resolve) => sock.once('close', resolve));
      const waited = Date.now() - t0;
      assert.ok(waited >= 150 && waited < 2000, `closed after ${waited} ms`);
      assert.ok(logs.has('TLS handshake failed'));
    } finally {
      await server.close();
    }
  });

  test('shutdown drops connections still in their handshake at once', async () => {
    const { server } = await start({ handshakeTimeoutMs: 10_000 });
    const sock = netConnect(server.port, '127.0.0.1');
    sock.on('error', () => undefined);
    await new Promise((resolve) => sock.once('connect', resolve));
    await sleep(20);
    const t0 = Date.now();
    await server.close();
    assert.ok(Date.now() - t0 < 1000);
    sock.destroy();
  });

  test('per-client connection limit: the third connection of a principal is refused, others still accepted', async () => {
    const { server, logs } = await start({ maxConnectionsPerClient: 2 });
    try {
      const c1 = await connectClient(server.port, admin);
      const c2 = await connectClient(server.port, admin);
      c1.write(request(1));
      c2.write(request(2));
      await c1.waitFor(1);
      await c2.waitFor(1);
      assert.equal((await tryRequest(server.port, admin)).outcome, 'rejected');
      assert.ok(logs.lines.some((l) => l['msg'] === 'connection refused: too many connections for this client' && l['principal'] === 'keyhold-admin'));
      assert.equal((await tryRequest(server.port, alice)).outcome, 'accepted', 'another principal is not affected');
      c1.close();
      await c1.closed;
      await sleep(50);
      assert.equal((await tryRequest(server.port, admin)).outcome, 'accepted', 'a slot frees when a connection closes');
      c2.close();
    } finally {
      await server.close();
    }
  });

  test('total connection limit', async () => {
    const { server } = await start({ maxConnections: 1 });
    try {
      const c1 = await connectClient(server.port, admin);
      c1.write(request(1));
      await c1.waitFor(1);
      assert.equal((await tryRequest(server.port, alice)).outcome, 'rejected');
      c1.close();
    } finally {
      await server.close();
    }
  });

  test('graceful shutdown waits for an in-flight slow request and delivers its response; idle connections close', async () => {
    const { server, handler } = await start();
    const busy = await connectClient(server.port, admin);
    const idle = await connectClient(server.port, alice);
    idle.write(request(5));
    await idle.waitFor(1);
    busy.write(request(42, 400));
    while (handler.inFlight === 0) await sleep(5);
    const t0 = Date.now();
    const closing = server.close();
    await idle.closed;
    assert.equal(busy.responses.length, 0, 'the idle connection is closed at once, before the in-flight request ends');
    assert.deepEqual(await busy.waitFor(1), [{ seq: 42, text: 'keyhold-admin' }]);
    await busy.closed;
    await closing;
    assert.ok(Date.now() - t0 >= 350, 'close() waited for the in-flight request');
    assert.equal(handler.abortedDuring, 0, 'the in-flight request was not cut');
    // No new connections once closed.
    await assert.rejects(connectClient(server.port, admin));
  });

  test('graceful shutdown has a deadline', async () => {
    const { server, handler } = await start({ shutdownTimeoutMs: 150 });
    const client = await connectClient(server.port, admin);
    client.write(request(1, 2000));
    while (handler.inFlight === 0) await sleep(5);
    const t0 = Date.now();
    await server.close();
    await client.closed;
    assert.ok(Date.now() - t0 < 1500, 'closed at the deadline');
    assert.equal(client.responses.length, 0);
  });

  test('a handler rejection closes the connection', async () => {
    const handler = new FakeHandler();
    handler.handleMessage = () => Promise.reject(new Error('boom'));
    const { server, logs } = await start({}, handler);
    try {
      const client = await connectClient(server.port, admin);
      client.write(request(1));
      await client.closed;
      assert.equal(client.responses.length, 0);
      assert.ok(logs.has('message handler failed'));
    } finally {
      await server.close();
    }
  });

  test('logs never carry message bytes', async () => {
    const { server, logs } = await start();
    try {
      const client = await connectClient(server.port, admin);
      client.write(request(0x5eed, 0, 16));
      await client.waitFor(1);
      client.close();
      await client.closed;
      await sleep(30);
    } finally {
      await server.close();
    }
    const text = JSON.stringify(logs.lines);
    assert.ok(!text.includes(request(0x5eed, 0, 16).toString('hex')));
    assert.ok(!text.includes(request(0x5eed, 0, 16).toString('base64')));
  });
});
