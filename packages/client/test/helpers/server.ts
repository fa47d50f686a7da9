/**
 * Test fixture: a real Keyhold server, started as a user starts it (`keyhold serve`) on a free
 * port with a temporary data directory (the client package never imports the server).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** The `keyhold` launcher of the CLI package. */
export const KEYHOLD_BIN = join(here, '..', '..', '..', '..', 'cli', 'bin', 'keyhold.js');

/** A spawned server and the files a client connects with. */
export interface SpawnedServer {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  readonly ca: Buffer;
  readonly cert: Buffer;
  readonly key: Buffer;
  stop(): Promise<void>;
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Spawns `keyhold serve` (with `extraArgs`, e.g. `['--https-port', '5697']`) and resolves once it listens (its banner is printed). */
export async function spawnServer(extraArgs: readonly string[] = []): Promise<SpawnedServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'keyhold-client-test-'));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [KEYHOLD_BIN, 'serve', '--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir, '--log-level', 'error', ...extraArgs], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`keyhold serve did not start in 30 s:\n${stderr}`)), 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      if (stderr.includes('Stop with Ctrl-C')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`keyhold serve exited with ${code}:\n${stderr}`));
    });
  });
  const pki = join(dataDir, 'pki');
  const caFile = join(pki, 'ca.crt');
  const certFile = join(pki, 'clients', 'keyhold-admin.crt');
  const keyFile = join(pki, 'clients', 'keyhold-admin.key');
  return {
    host: '127.0.0.1',
    port,
    dataDir,
    caFile,
    certFile,
    keyFile,
    ca: readFileSync(caFile),
    cert: readFileSync(certFile),
    key: readFileSync(keyFile),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          rmSync(dataDir, { recursive: true, force: true });
          return resolve();
        }
        child.once('exit', () => {
          rmSync(dataDir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}

/** The TLS options a client of `server` connects with (admin certificate, name `localhost`). */
export function connectOptions(server: SpawnedServer): { host: string; port: number; ca: Buffer; cert: Buffer; key: Buffer; servername: string } {
  return { host: server.host, port: server.port, ca: server.ca, cert: server.cert, key: server.key, servername: 'localhost' };
}
