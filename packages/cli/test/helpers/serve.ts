/**
 * Test fixture of the CLI tests: `keyhold serve` spawned as a user starts it, on a free port with a
 * temporary data directory, and stopped (directory removed) at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `keyhold` launcher. */
export const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'bin', 'keyhold.js');

/** A running server and the files of its first-start PKI. */
export interface CliServer {
  readonly port: number;
  readonly dataDir: string;
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
  /** What the server printed on standard error up to its banner's last line. */
  readonly banner: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a !== null ? a.port : 0));
    });
  });
}

/** Spawns `keyhold serve` (with `extraArgs`, e.g. `['--https-port', '0']`) and resolves once its banner says it listens. */
export async function startCliServer(prefix: string, extraArgs: readonly string[] = []): Promise<CliServer> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir, '--log-level', 'error', ...extraArgs], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${err}`)), 30_000);
    child.stderr?.on('data', (c: Buffer) => {
      err += c.toString('utf8');
      if (err.includes('Stop with Ctrl-C')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}:\n${err}`)));
  });
  const pki = join(dataDir, 'pki');
  return {
    port,
    dataDir,
    ca: join(pki, 'ca.crt'),
    cert: join(pki, 'clients', 'keyhold-admin.crt'),
    key: join(pki, 'clients', 'keyhold-admin.key'),
    banner: err,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
