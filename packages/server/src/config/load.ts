/**
 * Loading the server configuration: defaults, then the YAML file (`--config` or KEYHOLD_CONFIG),
 * then environment variables, then command-line flags — a later source wins, setting by setting.
 * Every value is validated; all problems are reported at once in a {@link ConfigError}, each naming
 * its source (`file /etc/keyhold.yaml:7:9`, `environment variable KEYHOLD_PORT`, `flag --port`).
 *
 * Relative paths are resolved against the configuration file's directory for values from the
 * file, and against the working directory for the environment, flags and defaults. Paths under
 * the data directory (store, master key) follow it unless given themselves.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type Pair } from 'yaml';
import type { LogLevel } from '../logger.js';
import { DEFAULT_TRANSPORT_LIMITS, type TransportLimits } from '../transport/limits.js';
import { CONFIG_FILE_ENV, CONFIG_FILE_FLAG, SETTINGS, parseSetting, type SettingSpec, type SettingValue, type StoreKind } from './settings.js';

/** The three files of a TLS configuration (absolute paths). */
export interface TlsFiles {
  /** Server certificate chain, PEM. */
  readonly cert: string;
  /** Server private key, PEM. */
  readonly key: string;
  /** CA certificate(s) that client certificates must chain to, PEM. */
  readonly clientCa: string;
}

/** Where objects are stored. */
export interface StoreConfig {
  readonly kind: StoreKind;
  /** SQLite database file (absolute). */
  readonly path: string;
}

/** Settings of the first-start PKI (used only when {@link ServerConfig.tls} is absent). */
export interface PkiConfig {
  /** Extra server certificate names (DNS names or IP addresses). */
  readonly serverNames: readonly string[];
  /** Principal of the client certificate created on first start. */
  readonly adminPrincipal: string;
  /** Validity in days of certificates issued by Certify / Re-certify; absent: the default (365). */
  readonly certifyDays?: number;
}

/** The server configuration, every value validated and every path absolute. */
export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  /** Absent: the first-start PKI in `<dataDir>/pki` provides the certificates. */
  readonly tls?: TlsFiles;
  /** The KMIP HTTPS listener (on `host`, with the TLS files and limits above); absent: off. */
  readonly https?: { readonly port: number };
  readonly pki: PkiConfig;
  readonly limits: TransportLimits;
  readonly store: StoreConfig;
  readonly masterKeyFile: string;
  /** The configuration file that was read, if any. */
  readonly configFile?: string;
}

/** One invalid setting. */
export interface ConfigIssue {
  /** The setting's file key (`limits.idleTimeout`), or `tls` / `config` for cross-setting problems. */
  readonly key: string;
  /** Where the value came from: `file PATH:LINE:COL`, `environment variable NAME`, `flag --name`. */
  readonly source: string;
  readonly message: string;
}

/** The configuration cannot be used; `issues` lists every problem found. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'KEYHOLD_ERR_CONFIG';
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(
      issues.length === 1 && issues[0] !== undefined
        ? `Invalid configuration: ${formatIssue(issues[0])}`
        : `Invalid configuration:\n${issues.map((i) => `  - ${formatIssue(i)}`).join('\n')}`,
    );
    this.issues = issues;
  }
}

function formatIssue(i: ConfigIssue): string {
  return `${i.key}: ${i.message} (${i.source})`;
}

/** Flag values: keyed by flag name (`data-dir`) or its camelCase form (`dataDir`, as commander gives). */
export type FlagValues = Readonly<Record<string, unknown>>;

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Raw command-line flags (`--port 5697 --data-dir=/srv/k`); parsed with {@link parseFlags}. */
  readonly argv?: readonly string[];
  /** Flags already parsed (e.g. commander's `opts()`); keys that are not settings are ignored. */
  readonly flags?: FlagValues;
  /** Environment; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Working directory for relative paths; default `process.cwd()`. */
  readonly cwd?: string;
}

interface Sourced {
  readonly value: SettingValue;
  readonly source: string;
  /** Directory that relative paths in this value are relative to. */
  readonly base: string;
}

/**
 * Parses `--name value` and `--name=value` flags into a record keyed by flag name. Only the
 * settings' flags and `--config` are known; anything else is a {@link ConfigError}.
 */
export function parseFlags(argv: readonly string[]): Record<string, string> {
  const known = new Set([CONFIG_FILE_FLAG, ...SETTINGS.map((s) => s.flag)]);
  const out: Record<string, string> = {};
  const issues: ConfigIssue[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const m = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/s.exec(arg);
    if (m === null || m[1] === undefined) {
      issues.push({ key: 'config', source: `argument ${JSON.stringify(arg)}`, message: 'expected a flag such as --port 5696' });
      continue;
    }
    const name = m[1];
    if (!known.has(name)) {
      issues.push({ key: 'config', source: `flag --${name}`, message: 'unknown flag' });
      if (m[2] === undefined && i + 1 < argv.length && !(argv[i + 1] ?? '').startsWith('--')) i++;
      continue;
    }
    let value = m[2];
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        issues.push({ key: name, source: `flag --${name}`, message: 'needs a value' });
        continue;
      }
      value = next;
      i++;
    }
    out[name] = value;
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return out;
}

/** Looks a flag up by its name or its camelCase form. */
function flagValue(flags: FlagValues, flag: string): unknown {
  if (Object.hasOwn(flags, flag)) return flags[flag];
  const camel = flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  return Object.hasOwn(flags, camel) ? flags[camel] : undefined;
}

/**
 * Loads and validates the configuration from defaults, file, environment and flags.
 * @throws ConfigError listing every invalid value, with its source.
 */
export function loadConfig(options: LoadConfigOptions = {}): ServerConfig {
  const env = options.env ?? process.env;
  const cwd = resolve(options.cwd ?? process.cwd());
  const flags: Record<string, unknown> = { ...(options.argv === undefined ? {} : parseFlags(options.argv)), ...(options.flags ?? {}) };
  const issues: ConfigIssue[] = [];
  const values = new Map<string, Sourced>();

  const set = (spec: SettingSpec, raw: unknown, source: string, base: string): void => {
    const r = parseSetting(spec, raw);
    if ('error' in r) issues.push({ key: spec.key, source, message: r.error });
    else values.set(spec.key, { value: r.value, source, base });
  };

  // 1. The file.
  const fileFlag = flagValue(flags, CONFIG_FILE_FLAG);
  const envFile = env[CONFIG_FILE_ENV];
  let configFile: string | undefined;
  if (fileFlag !== undefined && fileFlag !== '') {
    if (typeof fileFlag !== 'string') issues.push({ key: 'config', source: `flag --${CONFIG_FILE_FLAG}`, message: 'expected a path' });
    else configFile = resolve(cwd, fileFlag);
  } else if (envFile !== undefined && envFile !== '') {
    configFile = resolve(cwd, envFile);
  }
  if (configFile !== undefined) {
    const source = fileFlag !== undefined && fileFlag !== '' ? `flag --${CONFIG_FILE_FLAG}` : `environment variable ${CONFIG_FILE_ENV}`;
    readConfigFile(configFile, source, issues, (spec, raw, where) => set(spec, raw, where, dirname(configFile as string)));
  }

  // 2. The environment.
  for (const spec of SETTINGS) {
    const raw = env[spec.env];
    if (raw !== undefined && raw !== '') set(spec, raw, `environment variable ${spec.env}`, cwd);
  }

  // 3. The flags.
  for (const spec of SETTINGS) {
    const raw = flagValue(flags, spec.flag);
    if (raw === undefined) continue;
    if (typeof raw !== 'string' && typeof raw !== 'number') {
      issues.push({ key: spec.key, source: `flag --${spec.flag}`, message: `expected a value, got ${typeof raw}` });
      continue;
    }
    set(spec, typeof raw === 'number' ? String(raw) : raw, `flag --${spec.flag}`, cwd);
  }

  const get = <T extends SettingValue>(key: string): T | undefined => values.get(key)?.value as T | undefined;
  const path = (key: string): string | undefined => {
    const v = values.get(key);
    return v === undefined ? undefined : resolve(v.base, v.value as string);
  };

  // Either all three TLS files or none.
  const tlsKeys = ['tls.cert', 'tls.key', 'tls.clientCa'];
  const given = tlsKeys.filter((k) => values.has(k));
  if (given.length > 0 && given.length < 3) {
    const missing = tlsKeys.filter((k) => !values.has(k)).map((k) => describeSetting(k));
    issues.push({
      key: 'tls',
      source: given.map((k) => values.get(k)?.source ?? '').join(', '),
      message: `give the server certificate, its key and the client CA together, or none of them (then the first-start PKI provides them); missing: ${missing.join('; ')}`,
    });
  }

  if (issues.length > 0) throw new ConfigError(issues);

  const dataDir = path('dataDir') ?? resolve(cwd, 'keyhold-data');
  const d = DEFAULT_TRANSPORT_LIMITS;
  const cert = path('tls.cert');
  const key = path('tls.key');
  const clientCa = path('tls.clientCa');
  const httpsPort = get<number>('https.port');
  const certifyDays = get<number>('pki.certifyDays');
  return {
    host: get<string>('host') ?? '0.0.0.0',
    port: get<number>('port') ?? 5696,
    dataDir,
    logLevel: get<LogLevel>('logLevel') ?? 'info',
    ...(cert !== undefined && key !== undefined && clientCa !== undefined ? { tls: { cert, key, clientCa } } : {}),
    ...(httpsPort === undefined ? {} : { https: { port: httpsPort } }),
    pki: {
      serverNames: get<readonly string[]>('pki.serverNames') ?? [],
      adminPrincipal: get<string>('pki.adminPrincipal') ?? 'keyhold-admin',
      ...(certifyDays === undefined ? {} : { certifyDays }),
    },
    limits: {
      maxMessageSize: get<number>('limits.maxMessageSize') ?? d.maxMessageSize,
      maxConnections: get<number>('limits.maxConnections') ?? d.maxConnections,
      maxConnectionsPerClient: get<number>('limits.maxConnectionsPerClient') ?? d.maxConnectionsPerClient,
      idleTimeoutMs: get<number>('limits.idleTimeout') ?? d.idleTimeoutMs,
      slowClientTimeoutMs: get<number>('limits.slowClientTimeout') ?? d.slowClientTimeoutMs,
      handshakeTimeoutMs: get<number>('limits.handshakeTimeout') ?? d.handshakeTimeoutMs,
      shutdownTimeoutMs: get<number>('limits.shutdownTimeout') ?? d.shutdownTimeoutMs,
    },
    store: { kind: get<StoreKind>('store.kind') ?? 'sqlite', path: path('store.path') ?? join(dataDir, 'keyhold.sqlite') },
    masterKeyFile: path('masterKeyFile') ?? join(dataDir, 'master.key'),
    ...(configFile === undefined ? {} : { configFile }),
  };
}

/** The configuration with nothing given: every default, relative to `cwd`. */
export function defaultConfig(cwd?: string): ServerConfig {
  return loadConfig({ env: {}, ...(cwd === undefined ? {} : { cwd }) });
}

function describeSetting(key: string): string {
  const s = SETTINGS.find((x) => x.key === key);
  return s === undefined ? key : `${key} (${s.env}, --${s.flag})`;
}

/**
 * Reads the YAML file, reporting syntax errors and unknown keys with their line, and hands every
 * known setting's value to `onValue` with its `file PATH:LINE:COL` source.
 */
function readConfigFile(
  file: string,
  namedBy: string,
  issues: ConfigIssue[],
  onValue: (spec: SettingSpec, raw: unknown, source: string) => void,
): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    issues.push({ key: 'config', source: namedBy, message: `cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}` });
    return;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (node: YamlNode | null | undefined): string => {
    const offset = node?.range?.[0];
    if (offset === undefined) return `file ${file}`;
    const { line, col } = lineCounter.linePos(offset);
    return `file ${file}:${line}:${col}`;
  };
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const { line, col } = lineCounter.linePos(e.pos[0]);
      issues.push({ key: 'config', source: `file ${file}:${line}:${col}`, message: `YAML: ${e.message.split('\n')[0] ?? e.code}` });
    }
    return;
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return; // empty file
  if (!isMap(root)) {
    issues.push({ key: 'config', source: at(root), message: 'the file must be a mapping of settings (key: value)' });
    return;
  }
  const sections = new Set(SETTINGS.filter((s) => s.key.includes('.')).map((s) => s.key.split('.')[0] ?? ''));
  const visit = (pairs: readonly Pair[], prefix: string): void => {
    for (const pair of pairs) {
      const keyNode = pair.key as YamlNode | null;
      const name = isScalar(keyNode) ? String(keyNode.value) : undefined;
      const full = prefix + (name ?? '');
      const valueNode = pair.value as YamlNode | null;
      if (name === undefined) {
        issues.push({ key: 'config', source: at(keyNode), message: 'keys must be plain names' });
        continue;
      }
      if (prefix === '' && sections.has(name)) {
        if (valueNode === null || (isScalar(valueNode) && valueNode.value === null)) continue; // empty section
        if (!isMap(valueNode)) {
          issues.push({ key: full, source: at(valueNode), message: `expected a section (a mapping of ${name}.* settings)` });
          continue;
        }
        visit(valueNode.items as Pair[], `${name}.`);
        continue;
      }
      const spec = SETTINGS.find((s) => s.key === full);
      if (spec === undefined) {
        const hint = suggest(full);
        issues.push({ key: full, source: at(keyNode), message: `unknown setting${hint === undefined ? '' : ` (did you mean ${hint}?)`}` });
        continue;
      }
      if (valueNode === null || (isScalar(valueNode) && valueNode.value === null)) continue; // key without value: not set
      let raw: unknown;
      if (isScalar(valueNode)) raw = valueNode.value;
      else if (isSeq(valueNode) && spec.kind === 'names') raw = valueNode.items.map((n) => (isScalar(n) ? n.value : n));
      else raw = isSeq(valueNode) ? [] : {};
      if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
        issues.push({ key: full, source: at(valueNode), message: 'expected a single value' });
        continue;
      }
      onValue(spec, raw, at(valueNode));
    }
  };
  visit(root.items as Pair[], '');
}

/** A known key close to an unknown one (same name, other case or section), for the error message. */
function suggest(key: string): string | undefined {
  const last = (key.split('.').pop() ?? key).toLowerCase().replace(/[-_]/g, '');
  return SETTINGS.find((s) => (s.key.split('.').pop() ?? '').toLowerCase() === last)?.key;
}

