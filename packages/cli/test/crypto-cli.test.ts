/**
 * `keyhold encrypt`/`decrypt` (one request and streamed multi-part), `sign`/`verify`, `secret
 * put`/`get`, `--debug` and `completion`, end to end against a spawned `keyhold serve`.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useCliServer } from './helpers/run.js';
import { fromJson, Tag } from '@keyhold/protocol';

const cli = useCliServer('crypto');
/** Scratch files of the tests (the server's own data directory is separate). */
const { files: dataDir, flags, keyholdBytes: keyhold, okBytes: ok } = cli;

/** The KMIP JSON messages of --debug output, with their direction. */
function debugMessages(stderr: string): { direction: string; operations: string[] }[] {
  const lines = stderr.split('\n');
  const out: { direction: string; operations: string[] }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^keyhold: (-->|<--) (request|response)$/.exec(lines[i] ?? '');
    if (!m) continue;
    const node = fromJson(lines[i + 1] ?? '');
    assert.equal(node.tag, m[2] === 'request' ? Tag.RequestMessage : Tag.ResponseMessage);
    const json = JSON.parse(lines[i + 1] ?? '') as { value: { tag: string; value: { tag: string; value: unknown }[] }[] };
    const ops = json.value.filter((v) => v.tag === 'BatchItem').map((b) => String(b.value.find((x) => x.tag === 'Operation')?.value));
    out.push({ direction: m[2] ?? '', operations: ops });
  }
  return out;
}

function aesKey(): string {
  const id = ok(['key', 'create', '--alg', 'aes', '--length', '256', ...flags]).toString('utf8').trim();
  ok(['key', 'activate', id, ...flags]);
  return id;
}

describe('keyhold encrypt / decrypt', () => {
  test('a 3 MiB file round trips through the streamed (multi-part) path, GCM and CBC', () => {
    const id = aesKey();
    const plain = randomBytes(3 * 1024 * 1024);
    const inFile = join(dataDir, 'big.bin');
    writeFileSync(inFile, plain);
    for (const mode of ['gcm', 'cbc']) {
      const enc = join(dataDir, `big.${mode}.enc`);
      const dec = join(dataDir, `big.${mode}.dec`);
      ok(['encrypt', '--id', id, '--mode', mode, '--in', inFile, '--out', enc, ...flags]);
      const framed = readFileSync(enc);
      assert.equal(framed.subarray(0, 4).toString('ascii'), 'KHE1');
      assert.equal(framed[4], mode === 'gcm' ? 1 : 2);
      ok(['decrypt', '--id', id, '--in', enc, '--out', dec, ...flags]);
      assert.ok(readFileSync(dec).equals(plain), `${mode} round trip`);
    }
  });

  test('the streamed path uses Init Indicator … Final Indicator (seen with --debug)', () => {
    const id = aesKey();
    const inFile = join(dataDir, 'two-parts.bin');
    writeFileSync(inFile, randomBytes(1024 * 1024 + 10));
    const r = keyhold(['encrypt', '--id', id, '--in', inFile, '--out', join(dataDir, 'two.enc'), '--debug', ...flags]);
    assert.equal(r.status, 0, r.stderr);
    const requests = debugMessages(r.stderr).filter((m) => m.direction === 'request' && m.operations.includes('Encrypt'));
    assert.equal(requests.length, 2);
    assert.match(r.stderr, /"InitIndicator"/);
    assert.match(r.stderr, /"FinalIndicator"/);
    assert.match(r.stderr, /"CorrelationValue"/);
  });

  test('small input in one request through stdin/stdout', () => {
    const id = aesKey();
    const plain = Buffer.from('a small secret message');
    const enc = ok(['encrypt', '--id', id, ...flags], { input: plain });
    assert.ok(enc.length > plain.length);
    assert.ok(ok(['decrypt', '--id', id, ...flags], { input: enc }).equals(plain));
  });

  test('a tampered GCM file fails (exit 4) and leaves no output file', () => {
    const id = aesKey();
    const enc = ok(['encrypt', '--id', id, ...flags], { input: Buffer.from('integrity matters') });
    enc[enc.length - 1] = (enc[enc.length - 1] ?? 0) ^ 1;
    const bad = join(dataDir, 'bad.enc');
    writeFileSync(bad, enc);
    const out = join(dataDir, 'bad.dec');
    const r = keyhold(['decrypt', '--id', id, '--in', bad, '--out', out, ...flags]);
    assert.equal(r.status, 4, r.stderr);
    assert.equal(existsSync(out), false);
  });

  test('input that is not keyhold encrypt output is bad input (exit 1)', () => {
    const id = aesKey();
    const r = keyhold(['decrypt', '--id', id, ...flags], { input: Buffer.from('not a KHE1 file') });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /KHE1/);
  });
});

describe('keyhold sign / verify', () => {
  test('a valid signature exits 0, an invalid one exits 6', () => {
    const pair = ok(['key-pair', 'create', '--alg', 'rsa', '--length', '2048', ...flags]).toString('utf8');
    const priv = /private\s+(\S+)/.exec(pair)?.[1];
    const pub = /public\s+(\S+)/.exec(pair)?.[1];
    assert.ok(priv && pub, pair);
    ok(['key', 'activate', priv, ...flags]);
    ok(['key', 'activate', pub, ...flags]);
    const msg = join(dataDir, 'msg.txt');
    writeFileSync(msg, 'sign me');
    const sigHex = join(dataDir, 'msg.sig.hex');
    writeFileSync(sigHex, ok(['sign', '--id', priv, '--in', msg, ...flags]));
    assert.match(readFileSync(sigHex, 'utf8').trim(), /^[0-9a-f]{512}$/);
    assert.match(ok(['verify', '--id', pub, '--signature', sigHex, '--in', msg, ...flags]).toString('utf8'), /signature valid/);
    const sigBin = join(dataDir, 'msg.sig');
    ok(['sign', '--id', priv, '--in', msg, '--out', sigBin, ...flags]);
    ok(['verify', '--id', pub, '--signature', sigBin, '--in', msg, ...flags]);

    const other = join(dataDir, 'other.txt');
    writeFileSync(other, 'something else');
    const r = keyhold(['verify', '--id', pub, '--signature', sigHex, '--in', other, ...flags]);
    assert.equal(r.status, 6, r.stderr);
    assert.match(r.stdout.toString('utf8'), /signature invalid/);
  });
});

describe('connection flags are the same on every command', () => {
  test('--key is the TLS client key on encrypt/sign too; --client-key is a hidden alias; the managed key is --id', () => {
    const id = aesKey();
    const aliased = flags.map((f) => (f === '--key' ? '--client-key' : f));
    const enc = ok(['encrypt', '--id', id, ...aliased], { input: Buffer.from('alias') });
    assert.equal(ok(['decrypt', '--id', id, ...flags], { input: enc }).toString('utf8'), 'alias');
    const help = ok(['encrypt', '--help']).toString('utf8');
    assert.match(help, /--id <uid>/);
    assert.match(help, /--key <file>\s+PEM client private key/);
    assert.doesNotMatch(help, /--client-key/);
    // The old spelling (--key ID) no longer names the managed key: --id is required.
    const old = keyhold(['encrypt', '--key', id, '--server', `localhost:${cli.server.port}`], { input: Buffer.from('x') });
    assert.equal(old.status, 2);
    assert.match(old.stderr, /--id/);
  });
});

describe('keyhold secret', () => {
  test('put then get returns the same bytes', () => {
    const value = Buffer.from('hunter2\u0000binary\u00ff');
    const id = ok(['secret', 'put', '--name', 'db-password', ...flags], { input: value }).toString('utf8').trim();
    assert.match(id, /^\S+$/);
    assert.ok(ok(['secret', 'get', id, ...flags]).equals(value));
    const file = join(dataDir, 'secret.in');
    writeFileSync(file, 'from a file');
    const id2 = ok(['secret', 'put', '--name', 'token', '--in', file, ...flags]).toString('utf8').trim();
    assert.equal(ok(['secret', 'get', id2, ...flags]).toString('utf8'), 'from a file');
  });
});

describe('--debug', () => {
  test('prints every request and response as KMIP JSON on stderr', () => {
    const r = keyhold(['query', '--debug', ...flags]);
    assert.equal(r.status, 0, r.stderr);
    const msgs = debugMessages(r.stderr);
    assert.ok(msgs.length >= 4, r.stderr);
    assert.deepEqual(
      msgs.map((m) => m.direction),
      msgs.map((_, i) => (i % 2 === 0 ? 'request' : 'response')),
    );
    assert.ok(msgs.some((m) => m.operations.includes('Query')));
  });
});

describe('keyhold completion', () => {
  test('bash and zsh scripts name the commands; bash -n accepts the bash one', () => {
    const bash = ok(['completion', 'bash']).toString('utf8');
    for (const word of ['encrypt', 'decrypt', 'sign', 'verify', 'secret', 'completion', '--debug', 'complete -F _keyhold keyhold']) assert.ok(bash.includes(word), word);
    const check = spawnSync('bash', ['-n'], { input: bash });
    if (check.error === undefined) assert.equal(check.status, 0, check.stderr.toString());
    assert.match(ok(['completion', 'zsh']).toString('utf8'), /^#compdef keyhold/);
    assert.equal(keyhold(['completion', 'tcsh']).status, 2);
  });
});
