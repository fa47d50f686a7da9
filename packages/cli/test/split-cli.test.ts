/**
 * `keyhold split` and `keyhold join` end to end against a spawned `keyhold serve`: a key split
 * 3-of-5 and joined from different parts gives the key back; XOR with --json; Secret Data; too
 * few parts is the server's Cryptographic Failure (exit 4); bad flags are usage errors (exit 2).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode } from '../src/errors.js';
import { run } from '../src/program.js';
import { useCliServer } from './helpers/run.js';

const { files, flags, ok, keyhold } = useCliServer('split');

describe('keyhold split / join', () => {
  test('3-of-5 GF(2^8): any three parts join back into the key; two are refused', () => {
    const id = ok(['key', 'create', '--alg', 'aes', '--length', '256', ...flags]).trim();
    const key = ok(['key', 'get', id, ...flags]).trim();
    const parts = ok(['split', id, '--parts', '5', '--threshold', '3', ...flags]).trim().split('\n');
    assert.equal(parts.length, 5);
    const a = ok(['join', parts[0] as string, parts[2] as string, parts[4] as string, '--name', 'joined-a', ...flags]).trim();
    const b = ok(['join', ...parts.slice(1, 4), ...flags]).trim();
    assert.equal(ok(['key', 'get', a, ...flags]).trim(), key);
    assert.equal(ok(['key', 'get', b, ...flags]).trim(), key);
    const refused = keyhold(['join', ...parts.slice(0, 2), ...flags]);
    assert.equal(refused.status, 4, refused.stderr);
    assert.match(refused.stderr, /Join Split Key with Result Reason Cryptographic Failure/);
  });

  test('--method xor with --json; Secret Data split with gf16 joins with --type secret-data', () => {
    const id = ok(['key', 'create', '--alg', 'aes', '--length', '128', ...flags]).trim();
    const key = ok(['key', 'get', id, ...flags]).trim();
    const { ids } = JSON.parse(ok(['split', id, '--parts', '3', '--method', 'xor', '--json', ...flags])) as { ids: string[] };
    assert.equal(ids.length, 3);
    const joined = JSON.parse(ok(['join', ...ids, '--json', ...flags])) as { id: string };
    assert.equal(ok(['key', 'get', joined.id, ...flags]).trim(), key);

    const file = join(files, 'secret.txt');
    writeFileSync(file, 'correct horse battery staple');
    const secret = ok(['secret', 'put', '--name', 'split-me', '--in', file, ...flags]).trim();
    const sparts = ok(['split', secret, '--parts', '2', '--threshold', '2', '--method', 'gf16', ...flags]).trim().split('\n');
    const back = ok(['join', ...sparts, '--type', 'secret-data', '--secret-type', 'password', ...flags]).trim();
    assert.equal(ok(['secret', 'get', back, ...flags]), 'correct horse battery staple');
  });

  test('usage errors (in-process): unknown method, missing threshold, --prime without prime, unknown type', async () => {
    for (const args of [
      ['split', 'x', '--parts', '3', '--threshold', '2', '--method', 'shamir'],
      ['split', 'x', '--parts', '3'],
      ['split', 'x', '--parts', 'three', '--threshold', '2'],
      ['split', 'x', '--parts', '3', '--threshold', '2', '--prime', '257'],
      ['join', 'a', 'b', '--type', 'private-key'],
      ['join', 'a', '--secret-type', 'password'],
    ]) {
      assert.equal(await run(['node', 'keyhold', ...args, ...flags]), ExitCode.Usage, args.join(' '));
    }
  });
});
