/**
 * Test fixture: PyKMIP's KMIP server (Debian python3-pykmip, run by /usr/bin/python3) on a free
 * 127.0.0.1 port, with its own throwaway CA, server and client certificates, configuration
 * (auth_suite TLS1.2, enable_tls_client_auth), SQLite database, policy directory and log file in a
 * temporary directory. The launcher is test/interop/pykmip-server/serve.py at the repository root;
 * it prints its port once the socket listens, and it kills itself and PyKMIP's helper processes
 * when its standard input closes (at {@link PykmipServer.stop}, or when this process dies).
 *
 * Used by this package's interop test and, through a computed import, by the CLI's.
 *
 * Without PyKMIP the tests are skipped with a message; with KEYHOLD_REQUIRE_PYKMIP=1 (CI) they
 * fail instead ({@link pykmipTestOptions}).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, afterEach, before } from 'node:test';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SpawnedServer } from './server.js';

const PYTHON = '/usr/bin/python3';
/** From dist/test/helpers five levels up is the repository root. */
const SERVE_SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../test/interop/pykmip-server/serve.py');
const START_TIMEOUT_MS = 60_000;

/** A running PyKMIP server and the files a client connects with (as for `keyhold serve`). */
export interface PykmipServer extends Omit<SpawnedServer, 'dataDir'> {
  /** The temporary directory: certificates, server.conf, pykmip.db, server.log. */
  readonly dir: string;
  /** The server's log file so far (PyKMIP logs every request and its errors there). */
  log(): string;
}

/** Why PyKMIP's server cannot run here, or undefined when it can. */
export function pykmipServerMissing(): string | undefined {
  if (!existsSync(PYTHON)) return `${PYTHON} does not exist`;
  const r = spawnSync(PYTHON, [SERVE_SCRIPT, '--check'], { encoding: 'utf8', timeout: 30_000 });
  if (r.error !== undefined) return `${PYTHON} could not run: ${r.error.message}`;
  if (r.status !== 0) return (r.stdout.trim() || r.stderr.trim().split('\n').pop() || `exit ${r.status}`).trim();
  return undefined;
}

/**
 * Options for the top-level test: skipped with a clear message when PyKMIP is absent, unless
 * KEYHOLD_REQUIRE_PYKMIP=1, where `fail` is set and the test must fail with it.
 */
export function pykmipTestOptions(): { skip?: string; fail?: string } {
  const missing = pykmipServerMissing();
  if (missing === undefined) return {};
  if (process.env['KEYHOLD_REQUIRE_PYKMIP'] === '1') return { fail: `KEYHOLD_REQUIRE_PYKMIP=1 but PyKMIP's server cannot run: ${missing}. Install it with: apt-get install python3-pykmip` };
  return { skip: `PyKMIP (Debian python3-pykmip) is not installed: interop test against its server skipped (${missing})` };
}

/** Starts the server; resolves once its port accepts connections. */
export async function startPykmipServer(): Promise<PykmipServer> {
  const dir = mkdtempSync(join(tmpdir(), 'keyhold-pykmip-server-'));
  const logFile = join(dir, 'server.log');
  const readLog = (): string => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const child: ChildProcess = spawn(PYTHON, [SERVE_SCRIPT, '--dir', dir], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1', PYTHONWARNINGS: 'ignore' },
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.stdin?.end(); // the launcher kills its process group when its stdin closes
      const timer = setTimeout(() => killGroup(child), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  let port: number;
  try {
    port = await new Promise<number>((resolvePort, reject) => {
      const timer = setTimeout(() => reject(new Error(`PyKMIP's server did not start in ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      child.stdout?.setEncoding('utf8').on('data', (s: string) => {
        stdout += s;
        const line = stdout.split('\n').find((l) => l.startsWith('{'));
        if (line === undefined) return;
        clearTimeout(timer);
        resolvePort((JSON.parse(line) as { port: number }).port);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`PyKMIP's server exited with ${code ?? signal}`));
      });
    });
  } catch (err) {
    const detail = `${(err as Error).message}\nstderr:\n${stderr}\nlog:\n${readLog()}`;
    await stop();
    throw new Error(detail);
  }
  const file = (name: string): string => join(dir, name);
  return {
    host: '127.0.0.1',
    port,
    dir,
    caFile: file('ca.crt'),
    certFile: file('client.crt'),
    keyFile: file('client.key'),
    ca: readFileSync(file('ca.crt')),
    cert: readFileSync(file('client.crt')),
    key: readFileSync(file('client.key')),
    log: readLog,
    stop, // kills the server (its whole process group) and removes the directory
  };
}

/** SIGKILL to the launcher's process group (it made itself a session leader). */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/** The last `lines` lines of a log without its DEBUG lines (TLS ciphers, message hex), for a failure report. */
function tail(log: string, lines = 80): string {
  return log
    .split('\n')
    .filter((l) => !l.includes(' - DEBUG - '))
    .slice(-lines)
    .join('\n');
}

/**
 * Registers the hooks of a suite that talks to PyKMIP's server: `before` starts it (not when
 * `skip`), `afterEach` notes a failed test, `after` prints the tail of the server's log when a test
 * failed, stops the server, then runs `cleanup`. Returns a getter of the running server.
 */
export function usePykmipServer(skip: boolean, cleanup?: () => void): () => PykmipServer {
  let server: PykmipServer | undefined;
  let failed = false;
  before(async () => {
    if (!skip) server = await startPykmipServer();
  });
  afterEach((t) => {
    // TestContext.passed exists at run time on Node 20; @types/node 20 does not declare it.
    if ((t as { passed?: boolean }).passed === false) failed = true;
  });
  after(async () => {
    if (failed && server !== undefined) process.stderr.write(`--- PyKMIP server log (${server.dir}, last lines) ---\n${tail(server.log())}\n--- end of PyKMIP server log ---\n`);
    await server?.stop();
    cleanup?.();
  });
  return () => {
    if (server === undefined) throw new Error("PyKMIP's server is not running");
    return server;
  };
}
