/** crypto/key-cache.ts: hits only for the same bytes, bounded, expiring; and its use through Sign. */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { CryptographicAlgorithm, CryptographicUsageMask as M, Operation, ResultReason, ValidityIndicator } from '@keyhold/protocol';
import { KeyCache, keyFingerprint } from '../src/crypto/key-cache.js';
import { privateKey } from './crypto-kmip.js';
import { assertReason, InProcessKmip, V2_1 } from './helpers/kmip.js';

const { privateKey: key } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const der = key.export({ format: 'der', type: 'pkcs8' });

describe('KeyCache', () => {
  it('the fingerprint covers the bytes and how they are read', () => {
    const base = keyFingerprint(4, 4, 6, 256, der);
    assert.deepEqual(keyFingerprint(4, 4, 6, 256, Buffer.from(der)), base);
    const other = Buffer.from(der);
    other[other.length - 1] = (other[other.length - 1] ?? 0) ^ 1;
    for (const f of [keyFingerprint(4, 4, 6, 256, other), keyFingerprint(3, 4, 6, 256, der), keyFingerprint(4, 1, 6, 256, der), keyFingerprint(4, 4, 0x1a, 256, der), keyFingerprint(4, 4, 6, undefined, der)]) {
      assert.notDeepEqual(f, base);
    }
  });

  it('hits for the same uid and bytes only; other bytes miss and drop the entry', () => {
    const cache = new KeyCache();
    const f = keyFingerprint(4, 4, 6, 256, der);
    assert.equal(cache.get('a', f), undefined);
    cache.set('a', f, key);
    assert.equal(cache.get('a', f), key);
    assert.equal(cache.get('b', f), undefined);
    assert.equal(cache.get('a', keyFingerprint(4, 4, 6, 384, der)), undefined);
    assert.equal(cache.get('a', f), undefined, 'dropped after a mismatch');
  });

  it('entries expire a fixed time after they were parsed, however often used', () => {
    let now = 0;
    const cache = new KeyCache(10, 100, () => now);
    const f = keyFingerprint(4, 4, 6, 256, der);
    cache.set('a', f, key);
    now = 60;
    assert.equal(cache.get('a', f), key);
    now = 100;
    assert.equal(cache.get('a', f), undefined);
    assert.equal(cache.size, 0);
  });

  it('holds at most its bound, the least recently used out first', () => {
    const cache = new KeyCache(3, 1000, () => 0);
    const f = keyFingerprint(4, 4, 6, 256, der);
    for (const uid of ['a', 'b', 'c']) cache.set(uid, f, key);
    assert.equal(cache.get('a', f), key);
    cache.set('d', f, key);
    assert.equal(cache.size, 3);
    assert.equal(cache.get('b', f), undefined, 'b was the least recently used');
    for (const uid of ['a', 'c', 'd']) assert.equal(cache.get(uid, f), key, uid);
  });
});

describe('the key cache under Sign', () => {
  it('repeated Signs verify; the policy still runs on the stored object (Revoke stops Sign at once)', async () => {
    const kmip = new InProcessKmip();
    const uid = await privateKey(kmip, der, CryptographicAlgorithm.ECDSA, 256, M.Sign | M.Verify);
    for (let i = 0; i < 3; i++) {
      const s = await kmip.ok(V2_1, Operation.Sign, { uniqueIdentifier: uid, data: Buffer.from([i]) });
      const v = await kmip.ok(V2_1, Operation.SignatureVerify, { uniqueIdentifier: uid, data: Buffer.from([i]), signatureData: s.signatureData ?? new Uint8Array() });
      assert.equal(v.validityIndicator, ValidityIndicator.Valid);
    }
    await kmip.ok(V2_1, Operation.Revoke, { uniqueIdentifier: uid, revocationReason: { revocationReasonCode: 1 } } as never);
    assertReason(await kmip.fail(V2_1, Operation.Sign, { uniqueIdentifier: uid, data: Buffer.from('x') }), ResultReason.WrongKeyLifecycleState);
    await kmip.ok(V2_1, Operation.Destroy, { uniqueIdentifier: uid });
    assertReason(await kmip.fail(V2_1, Operation.SignatureVerify, { uniqueIdentifier: uid, data: Buffer.from('x'), signatureData: Buffer.alloc(64) }), ResultReason.WrongKeyLifecycleState, 'a destroyed key verifies nothing');
  });
});
