/**
 * `keyhold key rotate` and `keyhold key-pair rotate` end to end against a spawned `keyhold serve`:
 * the new ids printed as `key create` / `key-pair create` print them, the Name moved to the new
 * key, `--offset`, `--json`, and the exit codes of a bad offset and an unknown id.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useCliServer } from './helpers/run.js';

const { flags, keyhold, ok } = useCliServer('rotate');

describe('keyhold key rotate', () => {
  test('prints the new id; the Name moves to the new key; the old key stays as it was', () => {
    const old = ok(['key', 'create', '--alg', 'aes', '--length', '256', '--name', 'rotate-me', ...flags]).trim();
    ok(['key', 'activate', old, ...flags]);
    const fresh = ok(['key', 'rotate', old, ...flags]).trim();
    assert.match(fresh, /^\S+$/);
    assert.notEqual(fresh, old);
    const table = ok(['key', 'list', '--name', 'rotate-me', ...flags]);
    assert.match(table, new RegExp(`${fresh}\\s+Symmetric Key\\s+AES\\s+256\\s+Active\\s+rotate-me`));
    assert.doesNotMatch(table, new RegExp(old));
    assert.notEqual(ok(['key', 'get', fresh, ...flags]).trim(), ok(['key', 'get', old, ...flags]).trim(), 'new key material');
    const state = JSON.parse(ok(['attributes', 'get', old, 'State', '--json', ...flags])) as { attributes: Record<string, string> };
    assert.equal(state.attributes['State'], 'Active');
  });

  test('--offset and --json: the new key activates later', () => {
    const old = ok(['key', 'create', '--alg', 'aes', '--length', '128', ...flags]).trim();
    const out = JSON.parse(ok(['key', 'rotate', old, '--offset', '3600', '--json', ...flags])) as { id: string; replaces: string };
    assert.equal(out.replaces, old);
    const attrs = JSON.parse(ok(['attributes', 'get', out.id, 'State', '--json', ...flags])) as { attributes: Record<string, string> };
    assert.equal(attrs.attributes['State'], 'Pre-Active');
  });

  test('a bad --offset is a usage error (exit 2); an unknown id exits 4 naming the Result Reason', () => {
    for (const bad of ['-1', '1.5', 'soon', '4294967296']) {
      const r = keyhold(['key', 'rotate', 'any', '--offset', bad, ...flags]);
      assert.equal(r.status, 2, `--offset ${bad}: ${r.stderr}`);
      assert.match(r.stderr, /--offset must be a whole number of seconds/);
    }
    const missing = keyhold(['key', 'rotate', 'no-such-key', ...flags]);
    assert.equal(missing.status, 4, missing.stderr);
    assert.match(missing.stderr, /Re-key with Result Reason Object Not Found/);
  });
});

describe('keyhold key-pair rotate', () => {
  test('prints both new ids as key-pair create does; --json too', () => {
    const created = ok(['key-pair', 'create', '--alg', 'ec', '--length', '256', '--name', 'rotating-signer', ...flags]);
    const priv = /^private (\S+)\n/.exec(created)?.[1];
    assert.ok(priv !== undefined, created);
    const out = ok(['key-pair', 'rotate', priv, ...flags]);
    assert.match(out, /^private \S+\npublic {2}\S+\n$/);
    const newPriv = /^private (\S+)\n/.exec(out)?.[1] ?? '';
    assert.notEqual(newPriv, priv);
    assert.match(ok(['key', 'list', '--name', 'rotating-signer', ...flags]), new RegExp(newPriv));
    const json = JSON.parse(ok(['key-pair', 'rotate', newPriv, '--offset', '60', '--json', ...flags])) as { privateKeyId: string; publicKeyId: string; replaces: string };
    assert.equal(json.replaces, newPriv);
    assert.notEqual(json.privateKeyId, json.publicKeyId);
  });

  test('a symmetric key is not a key pair: exit 4', () => {
    const id = ok(['key', 'create', '--alg', 'aes', '--length', '128', ...flags]).trim();
    const r = keyhold(['key-pair', 'rotate', id, ...flags]);
    assert.equal(r.status, 4, r.stderr);
    assert.match(r.stderr, /Re-key Key Pair with Result Reason Invalid Object Type/);
  });
});
