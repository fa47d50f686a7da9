/**
 * Configuration loading: defaults, precedence (file < environment < flags), value syntax, path
 * resolution, and validation errors that name their source.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, defaultConfig, loadConfig, parseFlags, type LoadConfigOptions } from '../src/config/index.js';
import { DEFAULT_TRANSPORT_LIMITS } from '../src/transport/limits.js';

let root: string;
let cwd: string;
let n = 0;

before(() => {
  root = mkdtempSync(join(tmpdir(), 'keyhold-config-'));
  cwd = join(root, 'cwd');
  mkdirSync(cwd);
});
after(() => rmSync(root, { recursive: true, force: true }));

/** Writes a YAML file in a fresh directory; returns its path. */
function yamlFile(text: string): string {
  const dir = join(root, `conf${n++}`);
  mkdirSync(dir);
  const p = join(dir, 'keyhold.yaml');
  writeFileSync(p, text);
  return p;
}

const load = (o: LoadConfigOptions = {}): ReturnType<typeof loadConfig> => loadConfig({ env: {}, cwd, ...o });

/** The ConfigError thrown by `f`. */
function configError(f: () => unknown): ConfigError {
  try {
    f();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    assert.equal(err.code, 'KEYHOLD_ERR_CONFIG');
    return err;
  }
  assert.fail('expected a ConfigError');
}

describe('configuration defaults', () => {
  test('every default', () => {
    const c = defaultConfig(cwd);
    assert.deepEqual(c, {
      host: '0.0.0.0',
      port: 5696,
      dataDir: join(cwd, 'keyhold-data'),
      logLevel: 'info',
      pki: { serverNames: [], adminPrincipal: 'keyhold-admin' },
      limits: DEFAULT_TRANSPORT_LIMITS,
      store: { kind: 'sqlite', path: join(cwd, 'keyhold-data', 'keyhold.sqlite') },
      masterKeyFile: join(cwd, 'keyhold-data', 'master.key'),
    });
    assert.equal(c.tls, undefined);
    assert.equal(c.limits.maxMessageSize, 4 * 1024 * 1024);
    assert.equal(c.limits.idleTimeoutMs, 300_000);
    assert.equal(c.limits.slowClientTimeoutMs, 30_000);
  });

  test('store and master key follow the data directory unless given', () => {
    const c = load({ env: { KEYHOLD_DATA_DIR: '/srv/keyhold' } });
    assert.equal(c.store.path, '/srv/keyhold/keyhold.sqlite');
    assert.equal(c.masterKeyFile, '/srv/keyhold/master.key');
    const d = load({ env: { KEYHOLD_DATA_DIR: '/srv/keyhold', KEYHOLD_STORE_PATH: '/db/k.sqlite', KEYHOLD_MASTER_KEY_FILE: 'mk' } });
    assert.equal(d.store.path, '/db/k.sqlite');
    assert.equal(d.masterKeyFile, join(cwd, 'mk'));
  });
});

describe('configuration precedence: file < environment < flags', () => {
  const file = (): string => yamlFile('port: 1111\nhost: 127.0.0.1\nlogLevel: warn\nlimits:\n  maxConnections: 10\n');

  test('a flag beats the environment, which beats the file', () => {
    const f = file();
    assert.equal(load({ argv: ['--config', f] }).port, 1111);
    assert.equal(load({ argv: ['--config', f], env: { KEYHOLD_PORT: '2222' } }).port, 2222);
    assert.equal(load({ argv: ['--config', f, '--port', '3333'], env: { KEYHOLD_PORT: '2222' } }).port, 3333);
  });

  test('setting by setting: each comes from the latest source that gives it', () => {
    const c = load({
      env: { KEYHOLD_CONFIG: file(), KEYHOLD_LOG_LEVEL: 'debug', KEYHOLD_MAX_CONNECTIONS: '20' },
      argv: ['--max-connections=30'],
    });
    assert.equal(c.host, '127.0.0.1'); // file
    assert.equal(c.port, 1111); // file
    assert.equal(c.logLevel, 'debug'); // environment
    assert.equal(c.limits.maxConnections, 30); // flag
    assert.equal(c.limits.maxConnectionsPerClient, 100); // default
  });

  test('--config beats KEYHOLD_CONFIG', () => {
    const a = yamlFile('port: 1\n');
    const b = yamlFile('port: 2\n');
    const c = load({ env: { KEYHOLD_CONFIG: a }, argv: [`--config=${b}`] });
    assert.equal(c.port, 2);
    assert.equal(c.configFile, b);
  });

  test('flags as an object, by flag name or camelCase (as commander gives them); other keys ignored', () => {
    const c = load({ flags: { dataDir: '/data', 'log-level': 'error', maxMessageSize: '1MiB', port: 7000, verbose: true } });
    assert.equal(c.dataDir, '/data');
    assert.equal(c.logLevel, 'error');
    assert.equal(c.limits.maxMessageSize, 1024 * 1024);
    assert.equal(c.port, 7000);
  });
});

describe('configuration values', () => {
  test('a full file', () => {
    const f = yamlFile(
      [
        '# Keyhold',
        'host: "::"',
        'port: 15696',
        'dataDir: data',
        'logLevel: debug',
        'tls:',
        '  cert: tls/server.crt',
        '  key: /etc/keyhold/server.key',
        '  clientCa: tls/clients-ca.pem',
        'pki:',
        '  serverNames: [kms.example.test, 192.0.2.1]',
        '  adminPrincipal: root-admin',
        'limits:',
        '  maxMessageSize: 8MiB',
        '  maxConnections: 50',
        '  maxConnectionsPerClient: 5',
        '  idleTimeout: 2m',
        '  slowClientTimeout: 10',
        '  handshakeTimeout: 2.5s',
        '  shutdownTimeout: 0',
        'store:',
        '  kind: sqlite',
        '  path: db/objects.sqlite',
        'masterKeyFile: /run/secrets/master.key',
        '',
      ].join('\n'),
    );
    const dir = join(f, '..');
    const c = load({ argv: ['--config', f] });
    assert.deepEqual(c, {
      host: '::',
      port: 15696,
      dataDir: join(dir, 'data'),
      logLevel: 'debug',
      tls: { cert: join(dir, 'tls/server.crt'), key: '/etc/keyhold/server.key', clientCa: join(dir, 'tls/clients-ca.pem') },
      pki: { serverNames: ['kms.example.test', '192.0.2.1'], adminPrincipal: 'root-admin' },
      limits: {
        maxMessageSize: 8 * 1024 * 1024,
        maxConnections: 50,
        maxConnectionsPerClient: 5,
        idleTimeoutMs: 120_000,
        slowClientTimeoutMs: 10_000,
        handshakeTimeoutMs: 2500,
        shutdownTimeoutMs: 0,
      },
      store: { kind: 'sqlite', path: join(dir, 'db/objects.sqlite') },
      masterKeyFile: '/run/secrets/master.key',
      configFile: f,
    });
  });

  test('paths from the environment and flags are relative to the working directory', () => {
    const c = load({ env: { KEYHOLD_DATA_DIR: 'd1' } });
    assert.equal(c.dataDir, join(cwd, 'd1'));
    const t = load({ argv: ['--tls-cert', 'a.crt', '--tls-key', 'a.key', '--client-ca', 'ca.pem'] });
    assert.deepEqual(t.tls, { cert: join(cwd, 'a.crt'), key: join(cwd, 'a.key'), clientCa: join(cwd, 'ca.pem') });
  });

  test('sizes and durations', () => {
    const c = load({
      env: {
        KEYHOLD_MAX_MESSAGE_SIZE: '65536',
        KEYHOLD_IDLE_TIMEOUT: '250ms',
        KEYHOLD_SLOW_CLIENT_TIMEOUT: '0.5',
        KEYHOLD_HANDSHAKE_TIMEOUT: '1h',
        KEYHOLD_SHUTDOWN_TIMEOUT: '1.5m',
        KEYHOLD_SERVER_NAMES: 'a.example, 10.0.0.1 ,',
      },
    });
    assert.equal(c.limits.maxMessageSize, 65536);
    assert.equal(c.limits.idleTimeoutMs, 250);
    assert.equal(c.limits.slowClientTimeoutMs, 500);
    assert.equal(c.limits.handshakeTimeoutMs, 3_600_000);
    assert.equal(c.limits.shutdownTimeoutMs, 90_000);
    assert.deepEqual(c.pki.serverNames, ['a.example', '10.0.0.1']);
    assert.equal(load({ argv: ['--max-message-size', '512K'] }).limits.maxMessageSize, 512 * 1024);
    assert.equal(load({ argv: ['--max-message-size', '1G'] }).limits.maxMessageSize, 1024 ** 3);
  });

  test('an empty file, empty sections and keys without value are allowed', () => {
    assert.equal(load({ argv: ['--config', yamlFile('')] }).port, 5696);
    assert.equal(load({ argv: ['--config', yamlFile('# nothing\n')] }).port, 5696);
    const c = load({ argv: ['--config', yamlFile('tls:\nlimits:\nport:\n')] });
    assert.equal(c.port, 5696);
    assert.equal(c.tls, undefined);
  });
});

describe('configuration errors name their source', () => {
  test('a bad value in the file: path, line and column', () => {
    const f = yamlFile('host: 127.0.0.1\nlimits:\n  idleTimeout: soon\n');
    const e = configError(() => load({ argv: ['--config', f] }));
    assert.equal(e.issues.length, 1);
    assert.deepEqual(e.issues[0], { key: 'limits.idleTimeout', source: `file ${f}:3:16`, message: '"soon" is not a duration (seconds, or a number with ms, s, m or h)' });
    assert.match(e.message, new RegExp(`limits\\.idleTimeout: "soon" is not a duration .*\\(file ${f.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3:16\\)`));
  });

  test('a bad environment variable and a bad flag, reported together', () => {
    const e = configError(() => load({ env: { KEYHOLD_PORT: '70000' }, argv: ['--log-level', 'loud', '--max-connections', '0'] }));
    assert.deepEqual(
      e.issues.map((i) => [i.key, i.source]),
      [
        ['port', 'environment variable KEYHOLD_PORT'],
        ['logLevel', 'flag --log-level'],
        ['limits.maxConnections', 'flag --max-connections'],
      ],
    );
    assert.match(e.message, /port: "70000" is not a port number \(0 to 65535\) \(environment variable KEYHOLD_PORT\)/);
    assert.match(e.message, /logLevel: "loud" is not a log level/);
    assert.match(e.message, /limits\.maxConnections: "0" is not a positive whole number/);
  });

  test('a bad value is reported even when a later source overrides it', () => {
    const e = configError(() => load({ env: { KEYHOLD_PORT: 'x' }, argv: ['--port', '1'] }));
    assert.equal(e.issues[0]?.source, 'environment variable KEYHOLD_PORT');
  });

  test('value checks', () => {
    const bad: Array<[Record<string, string>, RegExp]> = [
      [{ KEYHOLD_HOST: 'not a host!' }, /is not an IP address or host name/],
      [{ KEYHOLD_PORT: '-1' }, /is not a port number/],
      [{ KEYHOLD_PORT: '5696.5' }, /is not a port number/],
      [{ KEYHOLD_MAX_MESSAGE_SIZE: '4MB' }, /is not a size/],
      [{ KEYHOLD_MAX_MESSAGE_SIZE: '100' }, /outside 1KiB to 1GiB/],
      [{ KEYHOLD_MAX_MESSAGE_SIZE: '2G' }, /outside 1KiB to 1GiB/],
      [{ KEYHOLD_IDLE_TIMEOUT: '-5s' }, /is not a duration/],
      [{ KEYHOLD_IDLE_TIMEOUT: '30d' }, /is not a duration/],
      [{ KEYHOLD_IDLE_TIMEOUT: '1000h' }, /longer than 24 days/],
      [{ KEYHOLD_HANDSHAKE_TIMEOUT: '0' }, /handshake timeout must be positive/],
      [{ KEYHOLD_STORE: 'postgres' }, /is not a store kind \(sqlite\)/],
      [{ KEYHOLD_ADMIN_PRINCIPAL: '../x' }, /is not a usable principal/],
      [{ KEYHOLD_SERVER_NAMES: 'ok.example,bad name' }, /"bad name" is not an IP address or DNS name/],
    ];
    for (const [env, re] of bad) {
      const e = configError(() => load({ env }));
      assert.match(e.message, re, JSON.stringify(env));
      assert.equal(e.issues[0]?.source, `environment variable ${Object.keys(env)[0] ?? ''}`);
    }
  });

  test('file values of the wrong type', () => {
    const f = yamlFile('port: true\nhost: [a, b]\ndataDir: 5\nlimits:\n  maxConnections: {a: 1}\n');
    const e = configError(() => load({ argv: ['--config', f] }));
    assert.deepEqual(
      e.issues.map((i) => [i.key, i.source.replace(f, 'F')]),
      [
        ['port', 'file F:1:7'],
        ['host', 'file F:2:7'],
        ['dataDir', 'file F:3:10'],
        ['limits.maxConnections', 'file F:5:19'],
      ],
    );
  });

  test('unknown keys in the file, with a suggestion', () => {
    const f = yamlFile('prot: 1\nlimits:\n  idle_timeout: 5\n  maxconnections: 3\nidleTimeout: 4\n');
    const e = configError(() => load({ argv: ['--config', f] }));
    assert.deepEqual(
      e.issues.map((i) => [i.key, i.source.replace(f, 'F'), i.message]),
      [
        ['prot', 'file F:1:1', 'unknown setting'],
        ['limits.idle_timeout', 'file F:3:3', 'unknown setting (did you mean limits.idleTimeout?)'],
        ['limits.maxconnections', 'file F:4:3', 'unknown setting (did you mean limits.maxConnections?)'],
        ['idleTimeout', 'file F:5:1', 'unknown setting (did you mean limits.idleTimeout?)'],
      ],
    );
  });

  test('YAML syntax errors, a file that is not a mapping, a missing file', () => {
    const syntax = yamlFile('port: 1\nhost: [unclosed\n');
    assert.match(configError(() => load({ argv: ['--config', syntax] })).message, new RegExp(`YAML: .*\\(file ${syntax.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+\\)`));
    const dup = yamlFile('port: 1\nport: 2\n');
    assert.match(configError(() => load({ argv: ['--config', dup] })).message, /YAML: Map keys must be unique/);
    const list = yamlFile('- port\n- 1\n');
    assert.match(configError(() => load({ argv: ['--config', list] })).message, /must be a mapping of settings/);
    const section = yamlFile('limits: 5\n');
    assert.match(configError(() => load({ argv: ['--config', section] })).message, /limits: expected a section/);
    const missing = join(root, 'nope.yaml');
    const e = configError(() => load({ env: { KEYHOLD_CONFIG: missing } }));
    assert.deepEqual(e.issues[0], { key: 'config', source: 'environment variable KEYHOLD_CONFIG', message: `cannot read ${missing}: no such file` });
  });

  test('TLS files: all three or none', () => {
    const f = yamlFile('tls:\n  cert: s.crt\n');
    const e = configError(() => load({ argv: ['--config', f, '--tls-key', 's.key'] }));
    assert.equal(e.issues.length, 1);
    assert.equal(e.issues[0]?.key, 'tls');
    assert.equal(e.issues[0]?.source, `file ${f}:2:9, flag --tls-key`);
    assert.match(e.message, /missing: tls\.clientCa \(KEYHOLD_CLIENT_CA, --client-ca\)/);
  });
});

describe('parseFlags', () => {
  test('--name value and --name=value', () => {
    assert.deepEqual(parseFlags(['--port', '1', '--host=::1', '--config', 'k.yaml', '--data-dir=']), { port: '1', host: '::1', config: 'k.yaml', 'data-dir': '' });
  });

  test('unknown flags, missing values and stray arguments are errors', () => {
    const e = configError(() => parseFlags(['--prot', '1', 'serve', '--host']));
    assert.deepEqual(
      e.issues.map((i) => [i.source, i.message]),
      [
        ['flag --prot', 'unknown flag'],
        ['argument "serve"', 'expected a flag such as --port 5696'],
        ['flag --host', 'needs a value'],
      ],
    );
  });
});
