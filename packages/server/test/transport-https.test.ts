/**
 * The KMIP HTTPS listener of the real server (`serve()` with `--https-port 0`: first-start PKI,
 * SQLite store, executor), driven with node:https and raw TLS: TTLV, XML and JSON bodies answered
 * in their own encoding (the OASIS MSGENC messages sent verbatim), keep-alive, mutual TLS, and
 * the hostile cases — wrong path, method and media type, undecodable and oversized bodies, slow
 * clients — each with its HTTP status, and Query naming the message profiles.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Agent, request as httpsRequest, type RequestOptions } from 'node:https';
import { connect as tlsConnect } from 'node:tls';
import {
  decodeMessageBody,
  decodeResponseMessage,
  decodeTtlv,
  encodeMessageBody,
  Operation,
  ProfileName,
  QueryFunction,
  responsePayloadAs,
  ResultReason,
  ResultStatus,
  type MessageEncoding,
  type ResponseMessage,
} from '@keyhold/protocol';
import { encodeRequest, item, requestMessage, requestTree, startTestServer, type ClientCredentialPems, type TestServer } from './helpers/server.js';

/** Compiled to packages/server/dist/test/: the repository root is four levels up. */
const ROOT = new URL('../../../../', import.meta.url);

interface StepsFile {
  messages: { message: string; xml: string | null; json_text: string | null; ttlv_hex: string | null; http_hexdump: string | null }[];
}
const steps = (name: string): StepsFile => JSON.parse(readFileSync(new URL(`test/vectors/oasis/v1.2/mandatory/${name}.steps.json`, ROOT), 'utf8')) as StepsFile;

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
  readonly reusedSocket: boolean;
}

let server: TestServer;
let port: number;
let agent: Agent;

function post(body: Buffer | string, contentType: string | undefined, extra: Partial<RequestOptions> & { agent?: Agent | false; creds?: ClientCredentialPems } = {}): Promise<Reply> {
  const creds = extra.creds ?? server.admin;
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port,
        servername: 'localhost',
        method: 'POST',
        path: '/kmip',
        ca: creds.ca,
        cert: creds.cert,
        key: creds.key,
        agent: extra.agent ?? agent,
        ...extra,
        headers: { ...(contentType === undefined ? {} : { 'Content-Type': contentType }), 'Content-Length': String(bytes.length), ...(extra.headers as Record<string, string> | undefined) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), reusedSocket: req.reusedSocket }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(bytes);
  });
}

const V21 = { major: 2, minor: 1 };
const queryOps = (max?: number): ReturnType<typeof requestMessage> =>
  requestMessage(V21, [item(Operation.Query, { queryFunction: [QueryFunction.QueryOperations, QueryFunction.QueryObjects] })], max === undefined ? {} : { maximumResponseSize: max });

function decodeReply(reply: Reply, encoding: MessageEncoding): ResponseMessage {
  return decodeResponseMessage(decodeMessageBody(reply.body, encoding));
}

before(async () => {
  server = await startTestServer({ argv: ['--https-port', '0', '--max-message-size', '64K', '--slow-client-timeout', '1s'] });
  assert.ok(server.handle.https, 'the HTTPS listener runs');
  port = server.handle.https.port;
  agent = new Agent({ keepAlive: true, maxSockets: 1 });
});

after(async () => {
  agent.destroy();
  await server.dispose();
});

describe('KMIP over HTTPS', () => {
  for (const encoding of ['ttlv', 'xml', 'json'] as const) {
    const type = { ttlv: 'application/octet-stream', xml: 'text/xml', json: 'application/json' }[encoding];
    test(`${encoding}: a request is answered in its encoding, with its Content-Type, on a kept-alive connection`, async () => {
      const body = encodeMessageBody(requestTree(queryOps(256)), encoding);
      const tooLarge = await post(body, type);
      assert.equal(tooLarge.status, 200);
      assert.equal(tooLarge.headers['content-type'], type);
      assert.equal(Number(tooLarge.headers['content-length']), tooLarge.body.length);
      const failed = decodeReply(tooLarge, encoding).batchItem[0];
      assert.equal(failed?.resultStatus, ResultStatus.OperationFailed);
      assert.equal(failed?.resultReason, ResultReason.ResponseTooLarge);

      const ok = await post(encodeMessageBody(requestTree(queryOps(8192)), encoding), type);
      assert.equal(ok.status, 200);
      assert.equal(ok.reusedSocket, true, 'the second request reuses the connection');
      const it = decodeReply(ok, encoding).batchItem[0];
      assert.equal(it?.resultStatus, ResultStatus.Success);
      const payload = it === undefined ? undefined : responsePayloadAs(it, Operation.Query);
      assert.ok(payload?.operation?.includes(Operation.Query));
    });
  }

  test('application/xml is read as XML and echoed', async () => {
    const reply = await post(encodeMessageBody(requestTree(queryOps()), 'xml'), 'application/xml; charset=utf-8');
    assert.equal(reply.status, 200);
    assert.equal(reply.headers['content-type'], 'application/xml');
    assert.equal(decodeReply(reply, 'xml').batchItem[0]?.resultStatus, ResultStatus.Success);
  });

  test('the OASIS MSGENC-XML-M-1-12 and MSGENC-JSON-M-1-12 requests, sent as printed, get the expected answers', async () => {
    for (const [file, encoding, type] of [
      ['MSGENC-XML-M-1-12', 'xml', 'text/xml'],
      ['MSGENC-JSON-M-1-12', 'json', 'application/json'],
    ] as const) {
      const requests = steps(file).messages.filter((m) => m.message === 'RequestMessage');
      const texts = requests.map((m) => (encoding === 'xml' ? m.xml : m.json_text));
      assert.equal(texts.length, 2);
      const first = decodeReply(await post(texts[0] ?? '', type), encoding);
      assert.equal(first.responseHeader.protocolVersion.protocolVersionMinor, 2, file);
      assert.equal(first.batchItem[0]?.resultReason, ResultReason.ResponseTooLarge, file);
      const second = decodeReply(await post(texts[1] ?? '', type), encoding);
      assert.equal(second.batchItem[0]?.resultStatus, ResultStatus.Success, file);
    }
  });

  test('the OASIS MSGENC-HTTPS-M-1-12 HTTP/1.0 request, byte for byte, gets an HTTP 200 TTLV answer', async () => {
    const message = steps('MSGENC-HTTPS-M-1-12').messages.find((m) => m.message === 'RequestMessage');
    // "00000000: 50 4f 53 54 20   2f 6b 6d-69 …   POST /kmip HTTP/": the hex columns of each line.
    const hex = (message?.http_hexdump ?? '')
      .split('\n')
      .map((line) => line.slice(10, 60).replace(/[^0-9a-f]/gi, ''))
      .join('');
    const dumped = Buffer.from(hex, 'hex');
    // The headers as printed (HTTP/1.0, Pragma, keep-alive, "Content-Length: 152       "); the
    // printed body has two stray bytes after its first two, so the body is the file's TTLV.
    const head = dumped.subarray(0, dumped.indexOf('\r\n\r\n') + 4);
    const raw = Buffer.concat([head, Buffer.from(message?.ttlv_hex ?? '', 'hex')]);
    assert.ok(raw.toString('latin1').startsWith('POST /kmip HTTP/1.0\r\n'));
    assert.match(head.toString('latin1'), /Content-Length: 152 +\r\n/);
    assert.equal(raw.length - head.length, 152);
    const socket = tlsConnect({ host: '127.0.0.1', port, servername: 'localhost', ca: server.admin.ca, cert: server.admin.cert, key: server.admin.key });
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    await new Promise<void>((resolve) => socket.once('secureConnect', () => resolve()));
    socket.write(raw);
    // HTTP/1.0 with "Connection: keep-alive": wait for the whole response, then close.
    const deadline = Date.now() + 5_000;
    let text = '';
    while (Date.now() < deadline) {
      text = Buffer.concat(chunks).toString('latin1');
      const m = /Content-Length: (\d+)\r\n/i.exec(text);
      const headEnd = text.indexOf('\r\n\r\n');
      if (m && headEnd >= 0 && text.length >= headEnd + 4 + Number(m[1])) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    socket.destroy();
    assert.match(text, /^HTTP\/1\.1 200 OK\r\n/);
    assert.match(text, /\r\nContent-Type: application\/octet-stream\r\n/i);
    const body = Buffer.concat(chunks).subarray(text.indexOf('\r\n\r\n') + 4);
    const res = decodeResponseMessage(decodeTtlv(body));
    assert.equal(res.batchItem[0]?.resultReason, ResultReason.ResponseTooLarge);
  });

  test('Query Profiles names the HTTPS, JSON and XML server profiles', async () => {
    const reply = await post(encodeRequest(requestMessage(V21, [item(Operation.Query, { queryFunction: [QueryFunction.QueryProfiles] })])), 'application/octet-stream');
    const it = decodeReply(reply, 'ttlv').batchItem[0];
    const names = (it === undefined ? undefined : responsePayloadAs(it, Operation.Query))?.profileInformation?.map((p) => p.profileName) ?? [];
    for (const p of [ProfileName.HTTPSServer, ProfileName.JSONServer, ProfileName.XMLServer]) assert.ok(names.includes(p), `profile 0x${p.toString(16)} listed`);
  });

  test('wrong path 404, wrong method 405 with Allow, unsupported type 415 — each text/plain', async () => {
    const body = encodeRequest(queryOps());
    const notFound = await post(body, 'application/octet-stream', { path: '/other' });
    assert.equal(notFound.status, 404);
    assert.match(String(notFound.headers['content-type']), /^text\/plain/);
    const get = await post('', undefined, { method: 'GET' });
    assert.equal(get.status, 405);
    assert.equal(get.headers['allow'], 'POST');
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'text/xml; charset=iso-8859-1']) {
      const r = await post(body, type);
      assert.equal(r.status, 415, type);
      assert.match(r.body.toString(), /application\/octet-stream/);
    }
    const none = await post(body, undefined);
    assert.equal(none.status, 415);
  });

  test('undecodable XML and JSON, and empty bodies: 400 with a reason; the connection stays usable', async () => {
    const cases: [string, string, RegExp][] = [
      ['<RequestMessage><RequestHeader>', 'text/xml', /not closed/],
      ['<RequestMessage><NoSuchTag type="Integer" value="1"/></RequestMessage>', 'text/xml', /NoSuchTag/],
      ['{"tag":"RequestMessage","value":[', 'application/json', /JSON/],
      ['{"tag":"RequestMessage","value":[{"tag":"BatchCount","type":"Integer","value":"many"}]}', 'application/json', /many|Integer|value/i],
      ['', 'application/octet-stream', /empty/],
      ['{"tag":"RequestMessage","value":['.repeat(5000) + ']}'.repeat(5000), 'application/json', /nested too deeply/],
      ['<RequestMessage>'.repeat(100) + '</RequestMessage>'.repeat(100), 'text/xml', /nested deeper than 64/],
      ['<!DOCTYPE x [<!ENTITY a "b">]><RequestMessage/>', 'text/xml', /DOCTYPE/],
    ];
    for (const [text, type, reason] of cases) {
      const r = await post(text, type);
      assert.equal(r.status, 400, text);
      assert.match(r.body.toString(), reason, text);
    }
    const invalidUtf8 = await post(Buffer.from([0x3c, 0xff, 0xfe, 0x3e]), 'text/xml');
    assert.equal(invalidUtf8.status, 400);
    assert.match(invalidUtf8.body.toString(), /UTF-8/);
    const after = await post(encodeRequest(queryOps()), 'application/octet-stream');
    assert.equal(after.status, 200);
    assert.equal(after.reusedSocket, true);
  });

  test('TTLV bytes that are no KMIP message get the Invalid Message response, as on the TTLV port', async () => {
    const r = await post(Buffer.from('42007801000000ff0000', 'hex'), 'application/octet-stream');
    assert.equal(r.status, 200);
    assert.equal(decodeReply(r, 'ttlv').batchItem[0]?.resultReason, ResultReason.InvalidMessage);
    // A well-formed XML item that is not a request message: a KMIP failure in XML.
    const x = await post('<ProtocolVersionMajor type="Integer" value="1"/>', 'text/xml');
    assert.equal(x.status, 200);
    assert.equal(decodeReply(x, 'xml').batchItem[0]?.resultReason, ResultReason.InvalidMessage);
  });

  test('bodies over the limit: 413 and the connection is closed, announced or chunked', async () => {
    const big = Buffer.alloc(65 * 1024, 0x42);
    const announced = await post(big, 'application/octet-stream', { agent: false });
    assert.equal(announced.status, 413);
    assert.equal(announced.headers['connection'], 'close');
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = httpsRequest(
        { host: '127.0.0.1', port, servername: 'localhost', method: 'POST', path: '/kmip', ca: server.admin.ca, cert: server.admin.cert, key: server.admin.key, agent: false, headers: { 'Content-Type': 'text/xml' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      // XML may be 4 × 64 KiB: send more, in pieces, without a Content-Length.
      for (let i = 0; i < 20; i++) req.write(Buffer.alloc(16 * 1024, 0x20));
      req.end();
    });
    assert.equal(chunked, 413);
  });

  test('a client without a certificate is refused during the handshake', async () => {
    await assert.rejects(
      new Promise((resolve, reject) => {
        const req = httpsRequest({ host: '127.0.0.1', port, servername: 'localhost', method: 'POST', path: '/kmip', ca: server.admin.ca, agent: false }, resolve);
        req.on('error', reject);
        req.end(encodeRequest(queryOps()));
      }),
    );
  });

  test('a client that stops sending mid-request is disconnected after the slow-client timeout', async () => {
    const socket = tlsConnect({ host: '127.0.0.1', port, servername: 'localhost', ca: server.admin.ca, cert: server.admin.cert, key: server.admin.key });
    await new Promise<void>((resolve) => socket.once('secureConnect', () => resolve()));
    const started = Date.now();
    socket.write('POST /kmip HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\nContent-Length: 100\r\n\r\n0123');
    socket.resume();
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const waited = Date.now() - started;
    assert.ok(waited >= 800 && waited < 5_000, `closed after ${waited} ms`);
  });
});

describe('KMIP over HTTPS: connection limits, idle keep-alive, shutdown', () => {
  let limited: TestServer;
  let limitedPort: number;

  before(async () => {
    limited = await startTestServer({ argv: ['--https-port', '0', '--max-connections-per-client', '1', '--idle-timeout', '500ms', '--shutdown-timeout', '20s'] });
    limitedPort = limited.handle.https?.port ?? 0;
  });

  after(async () => {
    await limited.dispose();
  });

  const open = (): Promise<import('node:tls').TLSSocket> =>
    new Promise((resolve, reject) => {
      const s = tlsConnect({ host: '127.0.0.1', port: limitedPort, servername: 'localhost', ca: limited.admin.ca, cert: limited.admin.cert, key: limited.admin.key });
      s.once('secureConnect', () => resolve(s));
      s.once('error', reject);
    });
  const closed = (s: import('node:tls').TLSSocket): Promise<number> => {
    const t = Date.now();
    return new Promise((resolve) => {
      if (s.destroyed) resolve(0);
      else s.once('close', () => resolve(Date.now() - t));
    });
  };

  test('a second connection of a principal over its limit is closed after the handshake', async () => {
    const first = await open();
    first.resume();
    try {
      const second = await open();
      second.resume();
      const waited = await closed(second);
      assert.ok(waited < 2_000, 'the second connection is closed at once');
      assert.equal(first.destroyed, false);
    } finally {
      first.destroy();
      await closed(first);
    }
  });

  test('an idle kept-alive connection is closed after the idle time-out', async () => {
    const s = await open();
    s.resume();
    const body = encodeRequest(queryOps());
    s.write(`POST /kmip HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\nContent-Length: ${body.length}\r\n\r\n`);
    s.write(body);
    const waited = await closed(s);
    assert.ok(waited >= 400 && waited < 5_000, `closed after ${waited} ms`);
  });

  test('stop() does not wait for idle kept-alive connections', async () => {
    const s = await open();
    s.resume();
    const started = Date.now();
    await limited.stop();
    assert.ok(Date.now() - started < 5_000, 'stopped well before the shutdown time-out');
    assert.ok(s.destroyed || (await closed(s)) >= 0);
  });
});
