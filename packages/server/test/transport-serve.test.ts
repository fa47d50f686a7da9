/**
 * serve(): first start creates the PKI and logs how to connect; the admin client gets answers;
 * SIGTERM shuts down gracefully and closes the handler; configured TLS files are used as given.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { loadConfig } from '../src/config/index.js';
import { serve, type ServeHandler } from '../src/serve.js';
import { connectClient, FakeHandler, readClientPems, request, tryRequest } from './transport-helpers.js';

let root: string;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'keyhold-serve-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

class Lines extends Writable {
  readonly lines: Array<Record<string, unknown>> = [];
  override _write(chunk: Buffer, _e: BufferEncoding, cb: () => void): void {
    for (const l of chunk.toString('utf8').split('\n')) if (l !== '') this.lines.push(JSON.parse(l) as Record<string, unknown>);
    cb();
  }
}

function closableHandler(): FakeHandler & ServeHandler & { closedCount: number } {
  const h = Object.assign(new FakeHandler(), { closedCount: 0 });
  return Object.assign(h, {
    close(): void {
      h.closedCount++;
    },
  });
}

describe('serve', () => {
  test('first start: PKI, log lines with the files and the command; SIGTERM stops gracefully', async () => {
    const dataDir = join(root, 'data');
    const config = loadConfig({ env: {}, argv: ['--data-dir', dataDir, '--port', '0', '--host', '127.0.0.1'] });
    const logs = new Lines();
    const handler = closableHandler();
    let factoryConfig: unknown;
    const handle = await serve(
      config,
      (c) => {
        factoryConfig = c;
        return handler;
      },
      { logger: pino({ level: 'info' }, logs) },
    );
    assert.equal(factoryConfig, config);
    assert.ok(handle.pki);
    const pki = handle.pki;
    assert.equal(pki.dir, join(dataDir, 'pki'));
    const created = logs.lines.find((l) => typeof l['msg'] === 'string' && l['msg'].startsWith('first-start PKI created'));
    assert.ok(created, 'logs the PKI creation');
    assert.equal(created['clientCert'], pki.client.cert);
    assert.equal(created['caCert'], pki.caCert);
    const connect = logs.lines.find((l) => typeof l['msg'] === 'string' && l['msg'].startsWith('check TLS with: openssl s_client'));
    assert.ok(connect);
    assert.equal(connect['command'], `openssl s_client -connect 127.0.0.1:${handle.server.port} -CAfile ${pki.caCert} -cert ${pki.client.cert} -key ${pki.client.key}`);

    const creds = readClientPems({ ca: pki.caCert, cert: pki.client.cert, key: pki.client.key });
    const client = await connectClient(handle.server.port, creds);
    client.write(request(1, 300));
    while (handler.inFlight === 0) await new Promise((r) => setTimeout(r, 5));
    process.kill(process.pid, 'SIGTERM');
    assert.deepEqual(await client.waitFor(1), [{ seq: 1, text: 'keyhold-admin' }]);
    await handle.stopped;
    assert.equal(handler.closedCount, 1);
    assert.equal(process.listenerCount('SIGTERM'), 0, 'signal handlers removed');
    assert.ok(logs.lines.some((l) => l['msg'] === 'shutting down' && l['signal'] === 'SIGTERM'));
  });

  test('second start reuses the PKI; configured TLS files are used as they are', async () => {
    const dataDir = join(root, 'data');
    const logs = new Lines();
    const again = await serve(loadConfig({ env: {}, argv: ['--data-dir', dataDir, '--port', '0', '--host', '127.0.0.1'] }), () => new FakeHandler(), {
      logger: pino({ level: 'info' }, logs),
      handleSignals: false,
    });
    assert.deepEqual(again.pki?.created, []);
    assert.ok(logs.lines.some((l) => typeof l['msg'] === 'string' && l['msg'].startsWith('using the local PKI in')));
    await again.stop();

    const p = join(dataDir, 'pki');
    const configured = await serve(
      loadConfig({
        env: { KEYHOLD_TLS_CERT: join(p, 'server.crt'), KEYHOLD_TLS_KEY: join(p, 'server.key'), KEYHOLD_CLIENT_CA: join(p, 'ca.crt') },
        argv: ['--data-dir', join(root, 'other'), '--port', '0', '--host', '127.0.0.1'],
      }),
      () => new FakeHandler(),
      { logger: pino({ level: 'silent' }), handleSignals: false },
    );
    try {
      assert.equal(configured.pki, undefined);
      const creds = readClientPems({ ca: join(p, 'ca.crt'), cert: join(p, 'clients', 'keyhold-admin.crt'), key: join(p, 'clients', 'keyhold-admin.key') });
      assert.equal((await tryRequest(configured.server.port, creds)).outcome, 'accepted');
      assert.equal(readFileSync(join(p, 'ca.crt'), 'utf8').length > 0, true);
    } finally {
      await configured.stop();
    }
  });

  test('an unreadable TLS file is a clear error', async () => {
    const config = loadConfig({
      env: { KEYHOLD_TLS_CERT: '/nonexistent/s.crt', KEYHOLD_TLS_KEY: '/nonexistent/s.key', KEYHOLD_CLIENT_CA: '/nonexistent/ca.crt' },
      argv: ['--data-dir', join(root, 'bad'), '--port', '0'],
    });
    await assert.rejects(serve(config, () => new FakeHandler(), { logger: pino({ level: 'silent' }), handleSignals: false }), /Cannot read tls\.cert \(server certificate\) \/nonexistent\/s\.crt: ENOENT/);
  });
});
