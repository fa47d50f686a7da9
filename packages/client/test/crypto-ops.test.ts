/**
 * The typed cryptographic operations of @keyhold/client (operations/encrypt.ts … derive-key.ts)
 * against a spawned `keyhold serve`: Encrypt/Decrypt (single and multi-part), Sign/Signature
 * Verify, MAC/MAC Verify, Hash, RNG Retrieve, Derive Key.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  attribute,
  BlockCipherMode,
  CryptographicAlgorithm,
  CryptographicUsageMask,
  DerivationMethod,
  HashingAlgorithm,
  ObjectType,
  PaddingMethod,
  ValidityIndicator,
} from '@keyhold/protocol';
import { KmipClient, KmipOperationError } from '../src/index.js';
import { spawnServer, type SpawnedServer } from './helpers/server.js';

let server: SpawnedServer;
let client: KmipClient;

before(async () => {
  server = await spawnServer();
  client = await KmipClient.connect({ host: server.host, port: server.port, ca: server.ca, cert: server.cert, key: server.key, servername: 'localhost' });
});

after(async () => {
  await client?.close();
  await server?.stop();
});

async function activeKey(algorithm: CryptographicAlgorithm, length: number, mask: number): Promise<string> {
  const created = await client.create({
    objectType: ObjectType.SymmetricKey,
    attributes: {
      attribute: [attribute('Cryptographic Algorithm', algorithm), attribute('Cryptographic Length', length), attribute('Cryptographic Usage Mask', mask)],
    },
  });
  await client.activate({ uniqueIdentifier: created.uniqueIdentifier });
  return String(created.uniqueIdentifier);
}

describe('encrypt / decrypt', () => {
  test('AES-GCM round trip in one request', async () => {
    const id = await activeKey(CryptographicAlgorithm.AES, 256, CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt);
    const params = { blockCipherMode: BlockCipherMode.GCM, tagLength: 16 };
    const plain = Buffer.from('attack at dawn');
    const enc = await client.encrypt({ uniqueIdentifier: id, cryptographicParameters: params, data: plain });
    assert.ok(enc.data && enc.ivCounterNonce && enc.authenticatedEncryptionTag);
    const dec = await client.decrypt({
      uniqueIdentifier: id,
      cryptographicParameters: params,
      data: enc.data,
      ivCounterNonce: enc.ivCounterNonce,
      authenticatedEncryptionTag: enc.authenticatedEncryptionTag,
    });
    assert.deepEqual(Buffer.from(dec.data ?? []), plain);
  });

  test('AES-CBC multi-part round trip (Init Indicator, Correlation Value, Final Indicator)', async () => {
    const id = await activeKey(CryptographicAlgorithm.AES, 128, CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt);
    const params = { blockCipherMode: BlockCipherMode.CBC, paddingMethod: PaddingMethod.PKCS5 };
    const parts: [Buffer, Buffer, Buffer] = [Buffer.alloc(1000, 1), Buffer.alloc(777, 2), Buffer.alloc(5, 3)];
    const first = await client.encrypt({ uniqueIdentifier: id, cryptographicParameters: params, data: parts[0], initIndicator: true });
    assert.ok(first.correlationValue);
    const iv = first.ivCounterNonce;
    assert.ok(iv);
    const out: Buffer[] = [Buffer.from(first.data ?? [])];
    const mid = await client.encrypt({ uniqueIdentifier: id, data: parts[1], correlationValue: first.correlationValue });
    out.push(Buffer.from(mid.data ?? []));
    const last = await client.encrypt({ uniqueIdentifier: id, data: parts[2], correlationValue: mid.correlationValue ?? first.correlationValue, finalIndicator: true });
    out.push(Buffer.from(last.data ?? []));
    const dec = await client.decrypt({ uniqueIdentifier: id, cryptographicParameters: params, data: Buffer.concat(out), ivCounterNonce: iv });
    assert.deepEqual(Buffer.from(dec.data ?? []), Buffer.concat(parts));
  });
});

describe('sign / signature verify', () => {
  test('RSA signature verifies; a changed message does not', async () => {
    const pair = await client.createKeyPair({
      commonAttributes: { attribute: [attribute('Cryptographic Algorithm', CryptographicAlgorithm.RSA), attribute('Cryptographic Length', 2048)] },
      privateKeyAttributes: { attribute: [attribute('Cryptographic Usage Mask', CryptographicUsageMask.Sign)] },
      publicKeyAttributes: { attribute: [attribute('Cryptographic Usage Mask', CryptographicUsageMask.Verify)] },
    });
    await client.activate({ uniqueIdentifier: pair.privateKeyUniqueIdentifier });
    await client.activate({ uniqueIdentifier: pair.publicKeyUniqueIdentifier });
    const params = { paddingMethod: PaddingMethod.PKCS1V1_5, hashingAlgorithm: HashingAlgorithm.SHA_256 };
    const data = Buffer.from('signed message');
    const sig = await client.sign({ uniqueIdentifier: pair.privateKeyUniqueIdentifier, cryptographicParameters: params, data });
    assert.ok(sig.signatureData && sig.signatureData.length === 256);
    const ok = await client.signatureVerify({ uniqueIdentifier: pair.publicKeyUniqueIdentifier, cryptographicParameters: params, data, signatureData: sig.signatureData });
    assert.equal(ok.validityIndicator, ValidityIndicator.Valid);
    const bad = await client.signatureVerify({ uniqueIdentifier: pair.publicKeyUniqueIdentifier, cryptographicParameters: params, data: Buffer.from('other message'), signatureData: sig.signatureData });
    assert.equal(bad.validityIndicator, ValidityIndicator.Invalid);
  });
});

describe('mac / mac verify', () => {
  test('HMAC-SHA256 verifies; a changed MAC does not', async () => {
    const id = await activeKey(CryptographicAlgorithm.HMAC_SHA256, 256, CryptographicUsageMask.MACGenerate | CryptographicUsageMask.MACVerify);
    const data = Buffer.from('mac me');
    const mac = await client.mac({ uniqueIdentifier: id, data });
    assert.ok(mac.macData && mac.macData.length === 32);
    assert.equal((await client.macVerify({ uniqueIdentifier: id, data, macData: mac.macData })).validityIndicator, ValidityIndicator.Valid);
    const wrong = Buffer.from(mac.macData);
    wrong[0] = (wrong[0] ?? 0) ^ 1;
    assert.equal((await client.macVerify({ uniqueIdentifier: id, data, macData: wrong })).validityIndicator, ValidityIndicator.Invalid);
  });
});

describe('hash / rng retrieve / derive key', () => {
  test('SHA-256 hash matches node:crypto', async () => {
    const data = Buffer.from('hash me');
    const res = await client.hash({ cryptographicParameters: { hashingAlgorithm: HashingAlgorithm.SHA_256 }, data });
    assert.deepEqual(Buffer.from(res.data ?? []), createHash('sha256').update(data).digest());
  });

  test('RNG Retrieve returns the asked length', async () => {
    const res = await client.rngRetrieve({ dataLength: 48 });
    assert.equal(res.data.length, 48);
  });

  test('Derive Key answers with a new key or a KmipOperationError', async () => {
    const id = await activeKey(CryptographicAlgorithm.HMAC_SHA256, 256, CryptographicUsageMask.DeriveKey);
    try {
      const res = await client.deriveKey({
        objectType: ObjectType.SymmetricKey,
        uniqueIdentifier: [id],
        derivationMethod: DerivationMethod.HMAC,
        derivationParameters: { cryptographicParameters: { hashingAlgorithm: HashingAlgorithm.SHA_256 }, derivationData: [Buffer.from('info')] },
        attributes: { attribute: [attribute('Cryptographic Algorithm', CryptographicAlgorithm.AES), attribute('Cryptographic Length', 128)] },
      });
      assert.ok(String(res.uniqueIdentifier).length > 0);
    } catch (err) {
      assert.ok(err instanceof KmipOperationError, String(err));
    }
  });
});
