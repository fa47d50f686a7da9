/**
 * `keyhold completion bash|zsh|fish`: the scripts complete sub-commands, flags and flag values,
 * and the values come from the tables the commands validate against. The bash script is run in
 * a real bash with COMP_WORDS set as bash sets them. Also: the connection flags are the same on
 * every client command.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { CryptographicAlgorithm, CryptographicUsageMask, ObjectType, RevocationReasonCode, State } from '@keyhold/protocol';
import { bashScript, cliName, completionTable, enumNames, fishScript, OPTION_VALUES, SHELLS, zshScript } from '../src/commands/completion.js';
import { enumFromName, KMIP_VERSION_CHOICES } from '../src/commands/connection.js';
import { MODES, parseMode } from '../src/commands/crypto/framing.js';
import { SIGNATURE_ALGORITHMS } from '../src/commands/crypto/sign.js';
import { createProgram } from '../src/program.js';

const program = createProgram();
const bash = bashScript(program);
const hasBash = spawnSync('bash', ['--version']).error === undefined;

/** What the bash completion offers after `words` (the last one is the word being completed). */
function complete(words: string[], cwd?: string): string[] {
  const script = `${bash}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _keyhold; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync('bash', ['--norc', '--noprofile'], { input: script, encoding: 'utf8', ...(cwd === undefined ? {} : { cwd }) });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter((s) => s !== '');
}

function find(path: string): Command {
  let cmd: Command = program;
  for (const name of path.split(' ').filter(Boolean)) {
    const next = cmd.commands.find((c) => c.name() === name);
    assert.ok(next, `no command "${path}"`);
    cmd = next;
  }
  return cmd;
}

test('bash: sub-commands, flags, and flag values from the validating tables', { skip: !hasBash && 'bash is not installed' }, () => {
  assert.equal(spawnSync('bash', ['-n'], { input: bash }).status, 0);
  assert.deepEqual(complete(['keyhold', 'key', '']).sort(), find('key').commands.map((c) => c.name()).sort());
  assert.deepEqual(complete(['keyhold', 'key', 'create', '--alg', '']), enumNames(CryptographicAlgorithm));
  assert.deepEqual(complete(['keyhold', 'key', 'create', '--alg', 'ae']), ['aes']);
  assert.deepEqual(complete(['keyhold', 'key', 'revoke', 'some-id', '--reason', 'c']), ['ca-compromise', 'cessation-of-operation']);
  assert.deepEqual(complete(['keyhold', 'key', 'list', '--state', 'pre']), ['pre-active']);
  assert.deepEqual(complete(['keyhold', 'encrypt', '--kmip-version', '']), [...KMIP_VERSION_CHOICES]);
  assert.deepEqual(complete(['keyhold', 'ping', '--kmip-version', '1.']), ['1.4', '1.3', '1.2', '1.1', '1.0']);
  assert.deepEqual(complete(['keyhold', 'encrypt', '--mode', '']), [...MODES]);
  assert.deepEqual(complete(['keyhold', 'verify', '--alg', '']), Object.keys(SIGNATURE_ALGORITHMS));
  assert.deepEqual(complete(['keyhold', 'ttlv', 'convert', '-t', 'x']), ['xml']);
  assert.deepEqual(complete(['keyhold', 'completion', '']), [...SHELLS]);
  assert.deepEqual(complete(['keyhold', 'sign', '--i']).sort(), ['--id', '--in']);
  // Hidden aliases are not offered; a flag whose value is a file completes file names.
  assert.ok(!complete(['keyhold', 'encrypt', '--']).includes('--client-key'));
  const dir = mkdtempSync(join(tmpdir(), 'keyhold-completion-'));
  try {
    writeFileSync(join(dir, 'client.pem'), '');
    assert.deepEqual(complete(['keyhold', 'encrypt', '--key', 'cl'], dir), ['client.pem']);
    assert.deepEqual(complete(['keyhold', 'key', 'create', '--alg', 'aes', '--ca', 'cl'], dir), ['client.pem']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('zsh wraps the bash script; fish completes the same values', () => {
  assert.match(zshScript(program), /^#compdef keyhold\n[\s\S]*bashcompinit[\s\S]*complete -F _keyhold keyhold/);
  const fish = fishScript(program);
  assert.match(fish, /^complete -c keyhold -n '__keyhold_at \\'key create\\'' -l alg -x -a 'des des3 aes /m);
  assert.match(fish, /^complete -c keyhold -n '__keyhold_at \\'encrypt\\'' -l kmip-version -x -a 'negotiate 2\.1 2\.0 1\.4 1\.3 1\.2 1\.1 1\.0'/m);
  assert.match(fish, /^complete -c keyhold -n '__keyhold_at \\'encrypt\\'' -l key -r -F /m);
  assert.match(fish, /^complete -c keyhold -n '__keyhold_at \\'completion\\'' -a 'bash zsh fish'$/m);
  assert.doesNotMatch(fish, /client-key/);
  const fishBin = spawnSync('fish', ['--version']);
  if (fishBin.error === undefined) assert.equal(spawnSync('fish', ['-n'], { input: fish }).status, 0);
});

test('every value list names an option that exists and takes a value; enumeration names parse back', () => {
  const table = completionTable(program);
  for (const [path, flags] of Object.entries(OPTION_VALUES)) {
    const entry = table.find((e) => e.path === path);
    assert.ok(entry, `OPTION_VALUES names a command "${path}" that does not exist`);
    for (const flag of Object.keys(flags)) {
      const values = entry.values.get(flag);
      assert.ok(values !== undefined && values.length > 0, `"${path}" has no option ${flag} taking a value`);
    }
  }
  for (const t of [CryptographicAlgorithm, CryptographicUsageMask, ObjectType, RevocationReasonCode, State] as Readonly<Record<string, number>>[]) {
    for (const [key, value] of Object.entries(t)) assert.equal(enumFromName(t, cliName(key), 'value'), value, `${key} -> ${cliName(key)}`);
  }
  for (const m of MODES) assert.equal(parseMode(m), m);
  assert.equal(cliName('PreActive'), 'pre-active');
  assert.equal(cliName('HMAC_SHA256'), 'hmac-sha256');
  assert.equal(cliName('CACompromise'), 'ca-compromise');
});

test('the connection flags are the same on every client command; --key is always the TLS client key', () => {
  const clients = completionTable(program).filter((e) => e.options.some((o) => o.long === '--server'));
  assert.ok(clients.length >= 15, `only ${clients.length} client commands`);
  for (const path of ['encrypt', 'decrypt', 'sign', 'verify', 'key create', 'ping']) assert.ok(clients.some((e) => e.path === path), path);
  for (const e of clients) {
    for (const flag of ['--server', '--ca', '--cert', '--key', '--kmip-version', '--servername', '--timeout', '--profile', '--json', '--debug']) {
      assert.ok(e.opts.includes(flag), `keyhold ${e.path} has no ${flag}`);
    }
    const key = find(e.path).options.find((o) => o.long === '--key');
    assert.equal(key?.description, 'PEM client private key', `keyhold ${e.path}: --key must be the TLS client key`);
    assert.ok(find(e.path).options.find((o) => o.long === '--client-key')?.hidden, `keyhold ${e.path}: --client-key is a hidden alias`);
  }
});
