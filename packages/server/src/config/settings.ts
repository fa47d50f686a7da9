/**
 * The server's settings: one table, from which the loader, the flag parser and the
 * documentation test all work. Each setting has a key in the YAML file (dotted: `limits.idleTimeout`
 * is `idleTimeout:` under `limits:`), an environment variable and a command-line flag.
 */
import { isIP } from 'node:net';
import { LOG_LEVELS, type LogLevel } from '../logger.js';

/** How a setting's text is read. */
export type SettingKind = 'host' | 'port' | 'path' | 'logLevel' | 'size' | 'count' | 'duration' | 'names' | 'principal' | 'storeKind';

/** One setting: where it can be given, how it is read, its default and meaning. */
export interface SettingSpec {
  /** Key in the configuration file; a dot separates section and name. */
  readonly key: string;
  /** Environment variable. */
  readonly env: string;
  /** Command-line flag, without the leading `--`. */
  readonly flag: string;
  readonly kind: SettingKind;
  /** The default, as documented. */
  readonly default: string;
  readonly description: string;
}

/** Every setting, in documentation order. `--config` / KEYHOLD_CONFIG (the file itself) is not in it. */
export const SETTINGS: readonly SettingSpec[] = [
  { key: 'host', env: 'KEYHOLD_HOST', flag: 'host', kind: 'host', default: '0.0.0.0', description: 'Address to listen on (an IP address or host name; `::` for all IPv6 and IPv4 addresses).' },
  { key: 'port', env: 'KEYHOLD_PORT', flag: 'port', kind: 'port', default: '5696', description: 'TCP port (5696 is the KMIP port registered with IANA; 0 picks a free port).' },
  { key: 'dataDir', env: 'KEYHOLD_DATA_DIR', flag: 'data-dir', kind: 'path', default: './keyhold-data', description: 'Directory for the database, the master key and the first-start PKI; created (mode 0700) if missing.' },
  { key: 'logLevel', env: 'KEYHOLD_LOG_LEVEL', flag: 'log-level', kind: 'logLevel', default: 'info', description: `Minimum level of the JSON log lines on standard output: ${LOG_LEVELS.join(', ')}.` },
  { key: 'tls.cert', env: 'KEYHOLD_TLS_CERT', flag: 'tls-cert', kind: 'path', default: '(first-start PKI)', description: 'Server certificate (PEM; may be followed by its intermediate CA certificates).' },
  { key: 'tls.key', env: 'KEYHOLD_TLS_KEY', flag: 'tls-key', kind: 'path', default: '(first-start PKI)', description: 'Private key of the server certificate (PEM, unencrypted).' },
  { key: 'tls.clientCa', env: 'KEYHOLD_CLIENT_CA', flag: 'client-ca', kind: 'path', default: '(first-start PKI)', description: 'CA certificate(s) (PEM) that client certificates must chain to.' },
  { key: 'https.port', env: 'KEYHOLD_HTTPS_PORT', flag: 'https-port', kind: 'port', default: '(disabled)', description: 'Port of the KMIP HTTPS listener (POST /kmip with TTLV, XML or JSON bodies, same mutual TLS and limits as the TTLV port); off unless given. 5697 is the suggested port; 0 picks a free port.' },
  { key: 'pki.serverNames', env: 'KEYHOLD_SERVER_NAMES', flag: 'server-names', kind: 'names', default: '(none)', description: 'First-start PKI only: extra DNS names and IP addresses for the server certificate, besides localhost, 127.0.0.1, ::1 and the host name (comma-separated in the environment and flags).' },
  { key: 'pki.adminPrincipal', env: 'KEYHOLD_ADMIN_PRINCIPAL', flag: 'admin-principal', kind: 'principal', default: 'keyhold-admin', description: 'First-start PKI only: the principal (subject CN) of the client certificate created on first start.' },
  { key: 'pki.certifyDays', env: 'KEYHOLD_CERTIFY_DAYS', flag: 'certify-days', kind: 'count', default: '365', description: 'Validity in days of the certificates that Certify and Re-certify issue from the certification CA, `<dataDir>/pki/certify-ca.crt` (never beyond the CA\'s own expiry).' },
  { key: 'limits.maxMessageSize', env: 'KEYHOLD_MAX_MESSAGE_SIZE', flag: 'max-message-size', kind: 'size', default: '4MiB', description: 'Largest request message accepted, header included; a client announcing a larger one is disconnected before its body is read.' },
  { key: 'limits.maxConnections', env: 'KEYHOLD_MAX_CONNECTIONS', flag: 'max-connections', kind: 'count', default: '1000', description: 'Most client connections open at once; further ones are closed right after their TLS handshake.' },
  { key: 'limits.maxConnectionsPerClient', env: 'KEYHOLD_MAX_CONNECTIONS_PER_CLIENT', flag: 'max-connections-per-client', kind: 'count', default: '100', description: 'Most connections open at once for one client principal; further ones are closed right after their TLS handshake.' },
  { key: 'limits.idleTimeout', env: 'KEYHOLD_IDLE_TIMEOUT', flag: 'idle-timeout', kind: 'duration', default: '5m', description: 'A connection that sends nothing for this long between requests is closed (0: never).' },
  { key: 'limits.slowClientTimeout', env: 'KEYHOLD_SLOW_CLIENT_TIMEOUT', flag: 'slow-client-timeout', kind: 'duration', default: '30s', description: 'A request must arrive whole within this time of its first byte, and a response must be read by the client within this time; otherwise the connection is closed (0: never).' },
  { key: 'limits.handshakeTimeout', env: 'KEYHOLD_HANDSHAKE_TIMEOUT', flag: 'handshake-timeout', kind: 'duration', default: '10s', description: 'A TLS handshake must finish within this time (must be positive).' },
  { key: 'limits.shutdownTimeout', env: 'KEYHOLD_SHUTDOWN_TIMEOUT', flag: 'shutdown-timeout', kind: 'duration', default: '30s', description: 'On SIGINT/SIGTERM, how long to wait for in-flight requests and their responses before closing the connections anyway (0: wait as long as it takes).' },
  { key: 'store.kind', env: 'KEYHOLD_STORE', flag: 'store', kind: 'storeKind', default: 'sqlite', description: 'Object store backend. `sqlite` is the one available.' },
  { key: 'store.path', env: 'KEYHOLD_STORE_PATH', flag: 'store-path', kind: 'path', default: '<dataDir>/keyhold.sqlite', description: 'SQLite database file.' },
  { key: 'masterKeyFile', env: 'KEYHOLD_MASTER_KEY_FILE', flag: 'master-key-file', kind: 'path', default: '<dataDir>/master.key', description: 'File holding the master key that encrypts key material at rest (created on first start).' },
];

/** The file names its own location: `--config` / KEYHOLD_CONFIG. */
export const CONFIG_FILE_ENV = 'KEYHOLD_CONFIG';
export const CONFIG_FILE_FLAG = 'config';

/** Object store backends. */
export const STORE_KINDS = ['sqlite'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

/** A setting's parsed value. */
export type SettingValue = string | number | readonly string[];

const DNS_NAME_RE = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const PRINCIPAL_RE = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
/** setTimeout's largest delay. */
const MAX_DURATION_MS = 2 ** 31 - 1;
const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kib: 1024, m: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gib: 1024 ** 3 };
const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, '': 1000, m: 60_000, h: 3_600_000 };
/** Bounds of the maximum message size: a KMIP message needs more than a few bytes; 1 GiB is surely a mistake. */
const MIN_MESSAGE_SIZE = 1024;
const MAX_MESSAGE_SIZE = 1024 ** 3;

/**
 * Reads one raw value (text from the environment or a flag, a YAML scalar or sequence from the
 * file) as `kind`. Returns the value, or an error message (without the source, which the caller adds).
 */
export function parseSetting(spec: SettingSpec, raw: unknown): { value: SettingValue } | { error: string } {
  const shown = typeof raw === 'string' ? JSON.stringify(raw) : Array.isArray(raw) ? 'a list' : String(raw);
  const text = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : undefined;
  switch (spec.kind) {
    case 'host': {
      if (text === undefined || text === '') return { error: `expected an IP address or host name, got ${shown}` };
      if (isIP(text) === 0 && !DNS_NAME_RE.test(text)) return { error: `${shown} is not an IP address or host name` };
      return { value: text };
    }
    case 'port': {
      if (text === undefined || !/^\d+$/.test(text) || Number(text) > 65535) return { error: `${shown} is not a port number (0 to 65535)` };
      return { value: Number(text) };
    }
    case 'path': {
      if (typeof raw !== 'string' || text === '') return { error: `expected a path, got ${shown}` };
      return { value: raw };
    }
    case 'logLevel': {
      if (text === undefined || !(LOG_LEVELS as readonly string[]).includes(text)) return { error: `${shown} is not a log level (${LOG_LEVELS.join(', ')})` };
      return { value: text as LogLevel };
    }
    case 'storeKind': {
      if (text === undefined || !(STORE_KINDS as readonly string[]).includes(text)) return { error: `${shown} is not a store kind (${STORE_KINDS.join(', ')})` };
      return { value: text };
    }
    case 'principal': {
      if (text === undefined || !PRINCIPAL_RE.test(text)) return { error: `${shown} is not a usable principal (1 to 64 letters, digits, '.', '_', '@', '-', starting with a letter or digit)` };
      return { value: text };
    }
    case 'count': {
      if (text === undefined || !/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) return { error: `${shown} is not a positive whole number` };
      return { value: Number(text) };
    }
    case 'size': {
      const m = text === undefined ? null : /^(\d+)\s*([A-Za-z]*)$/.exec(text);
      const unit = SIZE_UNITS[(m?.[2] ?? '').toLowerCase()];
      if (m === null || unit === undefined) return { error: `${shown} is not a size (bytes, or a number with K, KiB, M, MiB, G or GiB — all powers of 1024)` };
      const bytes = Number(m[1]) * unit;
      if (bytes < MIN_MESSAGE_SIZE || bytes > MAX_MESSAGE_SIZE) return { error: `${shown} is outside 1KiB to 1GiB` };
      return { value: bytes };
    }
    case 'duration': {
      const m = text === undefined ? null : /^(\d+(?:\.\d+)?)\s*([a-z]*)$/.exec(text);
      const unit = DURATION_UNITS[m?.[2] ?? ''];
      if (m === null || unit === undefined) return { error: `${shown} is not a duration (seconds, or a number with ms, s, m or h)` };
      const ms = Math.round(Number(m[1]) * unit);
      if (ms > MAX_DURATION_MS) return { error: `${shown} is longer than 24 days` };
      if (spec.key === 'limits.handshakeTimeout' && ms === 0) return { error: `the handshake timeout must be positive` };
      return { value: ms };
    }
    case 'names': {
      const items = Array.isArray(raw) ? (raw as unknown[]) : typeof raw === 'string' ? raw.split(',') : undefined;
      if (items === undefined) return { error: `expected a list of names, got ${shown}` };
      const names: string[] = [];
      for (const item of items) {
        const n = typeof item === 'string' ? item.trim() : undefined;
        if (n === '' && !Array.isArray(raw)) continue;
        if (n === undefined || (isIP(n) === 0 && !DNS_NAME_RE.test(n))) return { error: `${typeof item === 'string' ? JSON.stringify(item) : String(item)} is not an IP address or DNS name` };
        names.push(n);
      }
      return { value: names };
    }
  }
}

/** The setting with this file key. */
export function settingByKey(key: string): SettingSpec | undefined {
  return SETTINGS.find((s) => s.key === key);
}
