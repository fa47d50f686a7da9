/**
 * What every client command shares: the connection flags, the profile file, the connection, and
 * output (`--json` or a table).
 *
 * Profile file: `$KEYHOLD_CLIENT_CONFIG`, else `$XDG_CONFIG_HOME/keyhold/config`, else
 * `~/.config/keyhold/config`. Plain `key = value` lines (`#` starts a comment); keys are the
 * long flag names without dashes: `server`, `ca`, `cert`, `key`, `kmip-version`, `servername`,
 * `timeout`, `encoding`. A `server` of the form `https://host:port[/kmip]` selects KMIP over HTTPS,
 * whose message bodies are TTLV, XML or JSON (`encoding`, default ttlv). A `[name]` line starts a
 * profile chosen with `--profile name`; lines before any
 * section are the defaults every profile starts from. Relative file paths are relative to the
 * profile file. Flags win over the file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { CLIENT_VERSIONS, KmipClient } from '@keyhold/client';
import { formatVersion, MESSAGE_ENCODINGS, parseVersion, toJson as toKmipJson, toXml as toKmipXml, type MessageEncoding, type ProtocolVersion, type TtlvNode } from '@keyhold/protocol';
import { CliError, ExitCode } from '../errors.js';
import { writeOutput } from '../io.js';

/** The connection flags as commander parses them. */
export interface ConnectionFlags {
  /** `--server HOST:PORT`, or `https://HOST:PORT[/kmip]` for KMIP over HTTPS. */
  server?: string;
  /** `--encoding ttlv|xml|json`: message bodies over HTTPS. */
  encoding?: string;
  /** `--ca FILE`: PEM CA certificate. */
  ca?: string;
  /** `--cert FILE`: PEM client certificate. */
  cert?: string;
  /** `--key FILE`: PEM client key. */
  key?: string;
  /** `--client-key FILE`: hidden alias of `--key` (older spelling). */
  clientKey?: string;
  /** `--kmip-version V`: `1.0` … `2.1` or `negotiate`. */
  kmipVersion?: string;
  /** `--servername NAME`: the name the server certificate must carry. */
  servername?: string;
  /** `--timeout MS`: per-request timeout. */
  timeout?: string;
  /** `--profile NAME`: a `[NAME]` section of the profile file. */
  profile?: string;
  /** `--json`: machine-readable output. */
  json?: boolean;
  /** `--debug`: every request and response message in KMIP JSON on standard error. */
  debug?: boolean;
  /** `--debug-format json|xml`: the encoding `--debug` prints (implies `--debug`). */
  debugFormat?: DebugFormat;
}

/** Encodings `--debug` can print a message in. */
export const DEBUG_FORMATS = ['json', 'xml'] as const;
/** One of {@link DEBUG_FORMATS}. */
export type DebugFormat = (typeof DEBUG_FORMATS)[number];

/** Keys a profile may set. */
export const PROFILE_KEYS = ['server', 'ca', 'cert', 'key', 'kmip-version', 'servername', 'timeout', 'encoding'] as const;
type ProfileKey = (typeof PROFILE_KEYS)[number];

/** Where the profile file is looked for. */
export function profilePath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KEYHOLD_CLIENT_CONFIG) return env.KEYHOLD_CLIENT_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'keyhold', 'config');
}

/** Parses a profile file's text: the settings of `profile` (defaults plus its section). */
export function parseProfile(text: string, profile: string | undefined, file: string): Partial<Record<ProfileKey, string>> {
  const out: Partial<Record<ProfileKey, string>> = {};
  let section: string | undefined;
  let found = profile === undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') return;
    const sec = /^\[([^\]]+)\]$/.exec(line);
    if (sec) {
      section = sec[1]?.trim();
      if (section === profile) found = true;
      return;
    }
    const eq = line.indexOf('=');
    if (eq < 0) throw new CliError(`${file}:${i + 1}: expected "key = value"`, ExitCode.Usage);
    const k = line.slice(0, eq).trim();
    const v = line.slice(eq + 1).trim();
    if (!(PROFILE_KEYS as readonly string[]).includes(k)) throw new CliError(`${file}:${i + 1}: unknown key "${k}" (known: ${PROFILE_KEYS.join(', ')})`, ExitCode.Usage);
    if (section === undefined || section === profile) out[k as ProfileKey] = v;
  });
  if (!found) throw new CliError(`profile "${profile}" is not in ${file}`, ExitCode.Usage);
  return out;
}

/** The `--kmip-version` values: every version the client speaks, and `negotiate`. */
export const KMIP_VERSION_CHOICES: readonly string[] = ['negotiate', ...CLIENT_VERSIONS.map(formatVersion)];

/**
 * Adds the connection flags and `--json` to a command: the same on every client command
 * (`--key` is always the TLS client key; a command that names a managed object takes `--id` or
 * an argument). `--client-key` is a hidden alias of `--key`.
 */
export function withConnection(cmd: Command): Command {
  return cmd
    .option('--server <host:port>', 'KMIP server (default port 5696), or https://host:port[/kmip] for KMIP over HTTPS')
    .option('--ca <file>', 'PEM CA certificate the server certificate must chain to')
    .option('--cert <file>', 'PEM client certificate')
    .option('--key <file>', 'PEM client private key')
    .addOption(new Option('--client-key <file>', 'PEM client private key (alias of --key)').hideHelp())
    .addOption(new Option('--kmip-version <v>', 'protocol version (1.0 … 2.1) or "negotiate" (default)').choices(KMIP_VERSION_CHOICES))
    .option('--servername <name>', 'name the server certificate must carry (default: the host)')
    .option('--timeout <ms>', 'request timeout in milliseconds (default 30000)')
    .addOption(new Option('--encoding <encoding>', 'message encoding over HTTPS (default ttlv)').choices(MESSAGE_ENCODINGS))
    .option('--profile <name>', 'profile section of the config file')
    .addOption(new Option('--json', 'machine-readable JSON output'))
    .addOption(new Option('--debug', 'print each request and response message (KMIP JSON) on standard error'))
    .addOption(new Option('--debug-format <format>', 'encoding of the --debug output (implies --debug)').choices(DEBUG_FORMATS));
}

function resolvePath(p: string | undefined, base: string): string | undefined {
  return p === undefined ? undefined : resolve(base, p);
}

/** Reads a PEM file named by a flag, with a one-sentence error. */
function readPem(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new CliError(`cannot read the ${what} file ${file}: ${(err as Error).message.replace(/^\w+: /, '')}`, ExitCode.BadInput);
  }
}

/** Splits HOST:PORT (IPv6 as [addr]:port); the port defaults to 5696. */
export function parseServer(s: string): { host: string; port: number } {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(s) ?? /^([^:]+)(?::(\d+))?$/.exec(s);
  if (!m || m[1] === undefined) throw new CliError(`--server must be HOST:PORT, not "${s}"`, ExitCode.Usage);
  const port = m[2] === undefined ? 5696 : Number(m[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new CliError(`--server port must be 1-65535, not "${m[2]}"`, ExitCode.Usage);
  return { host: m[1], port };
}

/** The transport `--server` names: an `https://` URL (with `--encoding`) or HOST:PORT for TTLV over TLS. */
export function serverTransport(server: string, encoding: string | undefined): { host: string; port: number } | { transport: 'https'; url: string; encoding: MessageEncoding } {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(server)) {
    if (!/^https:\/\//i.test(server)) throw new CliError(`--server: only https:// URLs are served (KMIP over HTTPS), or HOST:PORT for TTLV over TLS; not "${server}"`, ExitCode.Usage);
    const enc = encoding ?? 'ttlv';
    if (!(MESSAGE_ENCODINGS as readonly string[]).includes(enc)) throw new CliError(`--encoding must be ${MESSAGE_ENCODINGS.join(', ')}, not "${enc}"`, ExitCode.Usage);
    return { transport: 'https', url: server, encoding: enc as MessageEncoding };
  }
  if (encoding !== undefined) throw new CliError('--encoding applies to KMIP over HTTPS only: give --server https://HOST:PORT/kmip', ExitCode.Usage);
  return parseServer(server);
}

/** Connects with the flags and profile of `flags`. */
export async function connectClient(flags: ConnectionFlags): Promise<KmipClient> {
  const file = profilePath();
  const profile = existsSync(file) ? parseProfile(readFileSync(file, 'utf8'), flags.profile, file) : flags.profile === undefined ? {} : undefined;
  if (profile === undefined) throw new CliError(`--profile ${flags.profile} given but there is no config file ${file}`, ExitCode.Usage);
  const base = dirname(file);
  const server = flags.server ?? profile.server;
  const ca = flags.ca ?? resolvePath(profile.ca, base);
  const cert = flags.cert ?? resolvePath(profile.cert, base);
  const key = flags.clientKey ?? flags.key ?? resolvePath(profile.key, base);
  const missing = [server === undefined && '--server', ca === undefined && '--ca', cert === undefined && '--cert', key === undefined && '--key'].filter(Boolean);
  if (server === undefined || ca === undefined || cert === undefined || key === undefined) {
    throw new CliError(`missing ${missing.join(', ')}: give the flags or set them in ${file}`, ExitCode.Usage);
  }
  // The profile's encoding goes with an https server: a --server HOST:PORT flag (TTLV over TLS)
  // wins over the profile's https server and its encoding alike.
  const ttlvFlag = flags.server !== undefined && !/^[a-z][a-z0-9+.-]*:\/\//i.test(flags.server);
  const transport = serverTransport(server, flags.encoding ?? (ttlvFlag ? undefined : profile.encoding));
  const v = flags.kmipVersion ?? profile['kmip-version'] ?? 'negotiate';
  let version: ProtocolVersion | 'negotiate';
  try {
    version = v === 'negotiate' ? 'negotiate' : parseVersion(v);
  } catch {
    throw new CliError(`--kmip-version must be like 2.1 or "negotiate", not "${v}"`, ExitCode.Usage);
  }
  const t = flags.timeout ?? profile.timeout;
  const timeoutMs = t === undefined ? 30_000 : Number(t);
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0) throw new CliError(`--timeout must be milliseconds, not "${t}"`, ExitCode.Usage);
  const servername = flags.servername ?? profile.servername;
  return KmipClient.connect({
    ...transport,
    ca: readPem(ca, 'CA certificate'),
    cert: readPem(cert, 'client certificate'),
    key: readPem(key, 'client key'),
    version,
    timeoutMs,
    ...(servername === undefined ? {} : { servername }),
    ...(flags.debug === true || flags.debugFormat !== undefined ? { onMessage: debugPrinter(flags.debugFormat ?? 'json') } : {}),
  });
}

/**
 * `--debug` output: for each message a marker line (`keyhold: --> request` or
 * `keyhold: <-- response`), then the message in KMIP JSON on one line (or, with
 * `--debug-format xml`, in KMIP XML).
 */
export function debugPrinter(format: DebugFormat): (direction: 'request' | 'response', message: TtlvNode) => void {
  return (direction, message) => {
    const text = format === 'xml' ? toKmipXml(message).trimEnd() : toKmipJson(message);
    process.stderr.write(`keyhold: ${direction === 'request' ? '-->' : '<--'} ${direction}\n${text}\n`);
  };
}

/** Connects, runs `fn`, and closes the connection whatever happens. */
export async function withClient<T>(flags: ConnectionFlags, fn: (client: KmipClient) => Promise<T>): Promise<T> {
  const client = await connectClient(flags);
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

/** JSON with bigint as decimal strings and bytes as hex. */
export function toJson(value: unknown): string {
  return (
    JSON.stringify(
      value,
      (_k, v: unknown) => {
        if (typeof v === 'bigint') return v.toString();
        if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
        // Buffer#toJSON runs before the replacer: { type: 'Buffer', data: [...] }.
        if (typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data)) {
          return Buffer.from((v as { data: number[] }).data).toString('hex');
        }
        return v;
      },
      2,
    ) + '\n'
  );
}

/** Prints `value` as JSON. */
export function printJson(value: unknown): Promise<void> {
  return writeOutput(toJson(value));
}

/** Prints rows as a left-aligned table with a header line. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): Promise<void> {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: readonly string[]): string => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return writeOutput([fmt(header), ...rows.map(fmt)].join('\n') + '\n');
}

/**
 * The value of an `as const` enumeration named loosely by a user ("aes", "cessation-of-operation",
 * "PreActive"): case, dashes, underscores and spaces are ignored.
 */
export function enumFromName<E extends Readonly<Record<string, number>>>(table: E, input: string, what: string): E[keyof E] {
  const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const want = norm(input);
  for (const [k, v] of Object.entries(table)) if (norm(k) === want) return v as E[keyof E];
  throw new CliError(`unknown ${what} "${input}"`, ExitCode.Usage);
}
