/**
 * Test fixture of the CLI tests that run `keyhold` as a user runs it: a `keyhold serve` for the
 * test file (./serve.ts), the connection flags that reach it, a scratch directory, and `keyhold`
 * spawned with node, without a client profile file unless the test's environment names one.
 *
 * ```ts
 * const { flags, ok, keyhold } = useCliServer('rotate');
 * test('…', () => {
 *   const id = ok(['key', 'create', '--alg', 'aes', '--length', '256', ...flags]).trim();
 *   assert.equal(keyhold(['key', 'rotate', 'no-such-key', ...flags]).status, 4);
 * });
 * ```
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { BIN, startCliServer, type CliServer } from './serve.js';

/** What one run of `keyhold` gave: the exit status, standard output (text or bytes), standard error. */
export interface CliResult<Out extends string | Buffer> {
  readonly status: number | null;
  readonly stdout: Out;
  readonly stderr: string;
}

/** Options of one run. */
export interface RunOptions {
  /** The environment; default {@link CliFixture.env}. */
  readonly env?: NodeJS.ProcessEnv;
  /** Standard input. */
  readonly input?: string | Buffer;
}

/** What {@link useCliServer} gives a test file. */
export interface CliFixture {
  /** Scratch directory of the tests' files (the server's data directory is separate); removed at the end. */
  readonly files: string;
  /** The default environment of runs: the client profile file named in it does not exist. */
  readonly env: NodeJS.ProcessEnv;
  /** `--server`, `--ca`, `--cert`, `--key` of the server; filled in once it runs (the array stays the same). */
  readonly flags: string[];
  /** The running server (in tests and hooks registered after {@link useCliServer}). */
  readonly server: CliServer;
  /** Runs `keyhold args`; standard output as UTF-8 text. */
  keyhold(args: readonly string[], options?: RunOptions): CliResult<string>;
  /** Runs `keyhold args`, asserts it exits 0 and returns its standard output as text. */
  ok(args: readonly string[], options?: RunOptions): string;
  /** Runs `keyhold args`; standard output as bytes. */
  keyholdBytes(args: readonly string[], options?: RunOptions): CliResult<Buffer>;
  /** Runs `keyhold args`, asserts it exits 0 and returns its standard output as bytes. */
  okBytes(args: readonly string[], options?: RunOptions): Buffer;
}

/** Standard output a run may print (the encrypt tests print a few MiB). */
const MAX_OUTPUT = 256 * 1024 * 1024;

/**
 * Registers `before` and `after` hooks that start `keyhold serve` (with `serveArgs`) for the
 * tests of this file and stop it, and returns the fixture; `name` names the temporary directories.
 */
export function useCliServer(name: string, serveArgs: readonly string[] = []): CliFixture {
  const files = mkdtempSync(join(tmpdir(), `keyhold-${name}-cli-files-`));
  const env = { ...process.env, KEYHOLD_CLIENT_CONFIG: join(files, 'no-such-config') };
  const flags: string[] = [];
  let server: CliServer | undefined;

  before(async () => {
    server = await startCliServer(`keyhold-${name}-cli-`, serveArgs);
    flags.push('--server', `localhost:${server.port}`, '--ca', server.ca, '--cert', server.cert, '--key', server.key);
  });

  after(async () => {
    await server?.stop();
    rmSync(files, { recursive: true, force: true });
  });

  const keyholdBytes = (args: readonly string[], options: RunOptions = {}): CliResult<Buffer> => {
    const r = spawnSync(process.execPath, [BIN, ...args], { env: options.env ?? env, maxBuffer: MAX_OUTPUT, ...(options.input === undefined ? {} : { input: options.input }) });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
  };
  const okBytes = (args: readonly string[], options?: RunOptions): Buffer => {
    const r = keyholdBytes(args, options);
    assert.equal(r.status, 0, `keyhold ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };

  return {
    files,
    env,
    flags,
    get server(): CliServer {
      assert.ok(server !== undefined, 'the server is started in a before hook');
      return server;
    },
    keyholdBytes,
    okBytes,
    keyhold: (args, options) => {
      const r = keyholdBytes(args, options);
      return { ...r, stdout: r.stdout.toString('utf8') };
    },
    ok: (args, options) => okBytes(args, options).toString('utf8'),
  };
}
