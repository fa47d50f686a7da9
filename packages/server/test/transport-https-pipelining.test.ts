/**
 * The HTTPS listener (src/transport/https.ts) with a fake executor: pipelined HTTP/1.1 requests
 * are handled one at a time and answered in order, an XML or JSON response larger than the
 * request limits is still sent, and the idle time-out does not cut a request being handled.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { encodeTtlv, ItemType } from '@keyhold/protocol';
import { bootstrapPki, type BootstrapResult } from '../src/pki/bootstrap.js';
import { startHttpsServer } from '../src/transport/https.js';
import type { TransportLimits } from '../src/transport/limits.js';
import type { MessageHandler } from '../src/transport/session.js';
import { FakeHandler, parseReply, readClientPems, request, TAG_RESPONSE, type ClientPems } from './transport-helpers.js';

let dir: string;
let pki: BootstrapResult;
let admin: Required<ClientPems>;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keyhold-https-pipe-'));
  pki = await bootstrapPki({ dataDir: dir });
  admin = readClientPems({ ca: pki.caCert, cert: pki.client.cert, key: pki.client.key });
});

after(() => rmSync(dir, { recursive: true, force: true }));

function start(handler: MessageHandler, limits: Partial<TransportLimits> = {}): ReturnType<typeof startHttpsServer> {
  return startHttpsServer(
    { port: 0, host: '127.0.0.1', cert: readFileSync(pki.serverCert), key: readFileSync(pki.serverKey), clientCa: readFileSync(pki.caCert), limits: { maxMessageSize: 64 * 1024, ...limits } },
    handler,
  );
}

function open(port: number): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const s = tlsConnect({ host: '127.0.0.1', port, servername: 'localhost', ca: admin.ca, cert: admin.cert, key: admin.key });
    s.once('secureConnect', () => resolve(s));
    s.once('error', reject);
  });
}

function post(contentType: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`POST /kmip HTTP/1.1\r\nHost: localhost\r\nContent-Type: ${contentType}\r\nContent-Length: ${body.length}\r\n\r\n`, 'latin1'), body]);
}

/** Reads `n` HTTP responses (Content-Length framed) from the socket: status and body of each. */
function readResponses(s: TLSSocket, n: number): Promise<{ status: number; body: Buffer }[]> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const out: { status: number; body: Buffer }[] = [];
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString('latin1');
        const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 'NaN');
        if (buf.length < end + 4 + length) return;
        out.push({ status: Number(head.split(' ')[1]), body: buf.subarray(end + 4, end + 4 + length) });
        buf = buf.subarray(end + 4 + length);
        if (out.length === n) {
          s.off('data', onData);
          resolve(out);
          return;
        }
      }
    };
    s.on('data', onData);
    s.once('close', () => reject(new Error(`closed after ${out.length} of ${n} responses`)));
  });
}

test('pipelined requests on one connection are handled one at a time and answered in order', async () => {
  const handler = new FakeHandler();
  let most = 0;
  const counting: MessageHandler = {
    handleMessage: (req, session) => {
      const p = handler.handleMessage(req, session);
      most = Math.max(most, handler.inFlight);
      return p;
    },
    unframeableResponse: (reason) => handler.unframeableResponse(reason),
  };
  const server = await start(counting);
  const s = await open(server.port);
  try {
    const n = 6;
    const replies = readResponses(s, n);
    s.write(Buffer.concat(Array.from({ length: n }, (_, i) => post('application/octet-stream', request(i, 30)))));
    const got = await replies;
    assert.deepEqual(
      got.map((r) => r.status),
      Array.from({ length: n }, () => 200),
    );
    assert.deepEqual(
      got.map((r) => parseReply(r.body).seq),
      Array.from({ length: n }, (_, i) => i),
    );
    assert.equal(most, 1, 'at most one request of the connection in the executor at a time');
  } finally {
    s.destroy();
    await server.close();
  }
});

test('a JSON response larger than the request size limit and the default TTLV limit is sent (200)', async () => {
  // 5 MiB: over this server's maxMessageSize (64 KiB) and the codec's default 4 MiB.
  const big = encodeTtlv({ tag: TAG_RESPONSE, type: ItemType.Structure, value: [{ tag: 0x540003, type: ItemType.ByteString, value: new Uint8Array(5 * 1024 * 1024) }] });
  const server = await start({ handleMessage: () => Promise.resolve(big), unframeableResponse: () => undefined });
  const s = await open(server.port);
  try {
    const replies = readResponses(s, 1);
    s.write(post('application/json', Buffer.from(JSON.stringify({ tag: 'RequestMessage', value: [{ tag: '0x540001', type: 'Integer', value: 1 }] }))));
    const [reply] = await replies;
    assert.equal(reply?.status, 200);
    assert.ok((reply?.body.length ?? 0) > 10 * 1024 * 1024, 'the byte string in hex');
  } finally {
    s.destroy();
    await server.close();
  }
});

test('a request handled for longer than the idle time-out is answered, on the first request and later ones', async () => {
  const server = await start(new FakeHandler(), { idleTimeoutMs: 200 });
  const s = await open(server.port);
  try {
    for (const seq of [1, 2]) {
      const replies = readResponses(s, 1);
      s.write(post('application/octet-stream', request(seq, 500)));
      const [reply] = await replies;
      assert.equal(reply?.status, 200);
      assert.equal(parseReply(reply?.body ?? Buffer.alloc(0)).seq, seq);
    }
  } finally {
    s.destroy();
    await server.close();
  }
});
