/**
 * `npm run conformance` (scripts/conformance.mjs): replays the OASIS test cases against a running
 * KMIP server over mutual TLS, writes docs/CONFORMANCE.md, and in `--ci` mode fails on a
 * regression of test/conformance/passing.json.
 */
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { ItemType, QueryFunction, Operation, Tag, decodeTtlv, encodeTtlv, type TtlvNode } from '@keyhold/protocol';
import { MessageChannel } from './channel.js';
import { tlsConnector } from './connect.js';
import { defaultRepoRoot, loadManifest, selectFiles, type ConformanceFile } from './manifest.js';
import { checkPassing, readKnownFailures, readPassing, updatedPassing, writePassing } from './passing.js';
import { renderReport } from './report.js';
import { runConformance, type Connector } from './runner.js';
import { child, textOf } from './tree.js';

const USAGE = `Usage: npm run conformance -- [options]

Replays the OASIS KMIP test cases (test/vectors/oasis) against a running KMIP server over mutual
TLS and writes docs/CONFORMANCE.md. Starts no server itself.

Connection (flags, or the environment variables in brackets):
  --host <name>            server host [KMIP_HOST] (default localhost)
  --port <n>               server port [KMIP_PORT] (default 5696)
  --ca <file>              PEM CA certificate(s) of the server [KMIP_CA]
  --cert <file>            PEM client certificate [KMIP_CERT]
  --key <file>             PEM client private key [KMIP_KEY]
  --servername <name>      TLS server name (default: the host) [KMIP_SERVERNAME]
  --timeout <ms>           per-response timeout (default 30000)
  --no-cleanup             keep the objects a file leaves (by default they are destroyed
                           after each file or chain, as the test cases assume a fresh server)

Selection (repeatable; default every file):
  --version <v>            1.0 1.1 1.2 1.4 2.1 3.0
  --family <f>             BL, SKLC, CS-BC, TC-… (as in manifest.json)
  --file <id>              test-case ID, '*' wildcards allowed (SKLC-M-1-21, 'CS-BC-*')

Output:
  --out <file>             report path (default docs/CONFORMANCE.md)
  --no-doc                 do not write the report
  --server-version <text>  server identification for the report [KMIP_SERVER_VERSION]
                           (default: the Vendor Identification the server returns to Query)
  --quiet                  print failures and the summary only

CI:
  --ci                     exit 1 when a file listed in test/conformance/passing.json fails
  --update-passing         rewrite test/conformance/passing.json from this run
  --passing <file>         the list (default test/conformance/passing.json)
`;

function queryRequest(major: number, minor: number): TtlvNode {
  const int = (tag: number, value: number): TtlvNode => ({ tag, type: ItemType.Integer, value });
  const en = (tag: number, value: number): TtlvNode => ({ tag, type: ItemType.Enumeration, value });
  const st = (tag: number, value: TtlvNode[]): TtlvNode => ({ tag, type: ItemType.Structure, value });
  return st(Tag.RequestMessage, [
    st(Tag.RequestHeader, [st(Tag.ProtocolVersion, [int(Tag.ProtocolVersionMajor, major), int(Tag.ProtocolVersionMinor, minor)]), int(Tag.BatchCount, 1)]),
    st(Tag.BatchItem, [en(Tag.Operation, Operation.Query), st(Tag.RequestPayload, [en(Tag.QueryFunction, QueryFunction.QueryServerInformation)])]),
  ]);
}

const PROBE: ConformanceFile = { id: 'server-information', version: '2.1', family: '-', mo: '-', path: '-', operations: ['Query'], kind: 'probe' };

/**
 * Asks the server who it is (Query Server Information, in KMIP 2.1 then 1.4). Rejects when the
 * server cannot be reached; resolves to undefined when it answers without a Vendor Identification.
 */
export async function queryServerVersion(connect: Connector, timeoutMs = 10_000): Promise<string | undefined> {
  for (const [major, minor] of [
    [2, 1],
    [1, 4],
  ] as const) {
    const channel = new MessageChannel(await connect(PROBE));
    try {
      const resp = decodeTtlv(await channel.exchange(encodeTtlv(queryRequest(major, minor)), timeoutMs));
      const vendor = textOf(child(child(child(resp, Tag.BatchItem), Tag.ResponsePayload), Tag.VendorIdentification));
      if (vendor !== undefined) return vendor;
    } finally {
      channel.close();
    }
  }
  return undefined;
}

function env(name: string): string | undefined {
  const v = process.env[name];
  return v === undefined || v === '' ? undefined : v;
}

/** Where the command line writes (tests pass their own). */
export interface CliOutput {
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown };
}

/** Runs the command line; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliOutput = process): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        ca: { type: 'string' },
        cert: { type: 'string' },
        key: { type: 'string' },
        servername: { type: 'string' },
        timeout: { type: 'string' },
        version: { type: 'string', multiple: true },
        family: { type: 'string', multiple: true },
        file: { type: 'string', multiple: true },
        out: { type: 'string' },
        'no-doc': { type: 'boolean' },
        'no-cleanup': { type: 'boolean' },
        'server-version': { type: 'string' },
        quiet: { type: 'boolean' },
        ci: { type: 'boolean' },
        'update-passing': { type: 'boolean' },
        passing: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    io.stderr.write(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const root = defaultRepoRoot();
  const host = values.host ?? env('KMIP_HOST') ?? 'localhost';
  const port = Number(values.port ?? env('KMIP_PORT') ?? '5696');
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    io.stderr.write(`Bad port ${String(values.port ?? env('KMIP_PORT'))}\n`);
    return 2;
  }
  const ca = values.ca ?? env('KMIP_CA');
  const cert = values.cert ?? env('KMIP_CERT');
  const key = values.key ?? env('KMIP_KEY');
  const servername = values.servername ?? env('KMIP_SERVERNAME');
  const timeout = Number(values.timeout ?? '30000');
  const connect = tlsConnector({
    host,
    port,
    ...(ca !== undefined ? { ca } : {}),
    ...(cert !== undefined ? { cert } : {}),
    ...(key !== undefined ? { key } : {}),
    ...(servername !== undefined ? { servername } : {}),
  });

  let serverVersion = values['server-version'] ?? env('KMIP_SERVER_VERSION');
  try {
    const vendor = await queryServerVersion(connect, timeout);
    serverVersion ??= vendor ?? `unidentified server at ${host}:${port}`;
  } catch (err) {
    io.stderr.write(`Cannot reach a KMIP server at ${host}:${port}: ${err instanceof Error ? err.message : String(err)}\n`);
    io.stderr.write('Start the server first (npm start), or give --host/--port/--ca/--cert/--key. See --help.\n');
    return 2;
  }

  const manifest = loadManifest();
  const selection = {
    ...(values.file ? { ids: values.file } : {}),
    ...(values.version ? { versions: values.version } : {}),
    ...(values.family ? { families: values.family } : {}),
  };
  const files = selectFiles(manifest, selection);
  if (files.length === 0) {
    io.stderr.write('No test-case file matches the selection.\n');
    return 2;
  }
  const quiet = values.quiet ?? false;
  io.stdout.write(`Replaying ${files.length} OASIS test-case file(s) against ${serverVersion} at ${host}:${port}\n`);
  const run = await runConformance({
    connect,
    files,
    manifest,
    responseTimeoutMs: timeout,
    cleanup: !values['no-cleanup'],
    onResult: (r, i, total) => {
      if (r.passed && quiet) return;
      const line = `${String(i + 1).padStart(String(total).length)}/${total} ${r.passed ? 'PASS' : 'FAIL'} ${r.file.version} ${r.file.id}`;
      io.stdout.write(r.passed ? `${line}\n` : `${line}: ${r.reason ?? ''}\n`);
    },
  });
  const passed = run.results.filter((r) => r.passed).length;
  io.stdout.write(`\n${passed}/${run.results.length} files passed.\n`);

  if (!values['no-doc']) {
    const out = values.out ?? join(root, 'docs', 'CONFORMANCE.md');
    const flags = [`--host ${host}`, `--port ${port}`];
    if (ca !== undefined) flags.push(`--ca ${ca}`);
    if (cert !== undefined) flags.push(`--cert ${cert}`);
    if (key !== undefined) flags.push(`--key ${key}`);
    const sel = [...(values.version ?? []).map((v) => `--version ${v}`), ...(values.family ?? []).map((f) => `--family ${f}`), ...(values.file ?? []).map((f) => `--file '${f}'`)];
    writeFileSync(
      out,
      renderReport(run, {
        serverVersion,
        command: `npm run conformance -- ${[...flags, ...sel].join(' ')}`,
        ...(sel.length ? { selection: `only ${sel.join(' ')} (${run.results.length} of ${manifest.length} files)` } : {}),
        knownFailures: readKnownFailures(join(root, 'test', 'conformance', 'known-failures.json')),
      }),
    );
    io.stdout.write(`Wrote ${relative(process.cwd(), out) || out}\n`);
  }

  const passingPath = values.passing ?? join(root, 'test', 'conformance', 'passing.json');
  const listed = readPassing(passingPath);
  const check = checkPassing(run.results, listed);
  if (check.newlyPassing.length) {
    io.stdout.write(`\n${check.newlyPassing.length} passing file(s) not in ${relative(process.cwd(), passingPath)}:\n`);
    for (const id of check.newlyPassing) io.stdout.write(`  ${id}\n`);
    if (!values['update-passing']) io.stdout.write('Add them with: npm run conformance -- --update-passing (plus the connection flags)\n');
  }
  if (values['update-passing']) {
    writePassing(passingPath, updatedPassing(listed, run.results));
    io.stdout.write(`Updated ${relative(process.cwd(), passingPath)}\n`);
  }
  if (check.regressions.length) {
    io.stdout.write(`\n${check.regressions.length} regression(s): listed as passing but failed:\n`);
    for (const r of check.regressions) io.stdout.write(`  ${r.file.id}: ${r.reason ?? ''}\n`);
    if (values.ci) return 1;
  }
  return 0;
}
