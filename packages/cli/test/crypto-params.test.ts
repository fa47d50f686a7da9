/**
 * The Cryptographic Parameters `keyhold encrypt`/`decrypt` and `sign`/`verify` send name their
 * algorithm: optional in the spec, but a server that takes nothing from the key's own attributes
 * (PyKMIP: "Encryption algorithm is required", interop-pykmip-server.test.ts) refuses the
 * operation without it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BlockCipherMode, CryptographicAlgorithm, DigitalSignatureAlgorithm, PaddingMethod } from '@keyhold/protocol';
import { MODES, paramsFor } from '../src/commands/crypto/framing.js';
import { SIGNATURE_ALGORITHMS } from '../src/commands/crypto/sign.js';

test('encrypt/decrypt parameters name AES for every mode, with the mode and its padding or tag', () => {
  for (const mode of MODES) assert.equal(paramsFor(mode).cryptographicAlgorithm, CryptographicAlgorithm.AES, mode);
  assert.deepEqual(paramsFor('gcm'), { cryptographicAlgorithm: CryptographicAlgorithm.AES, blockCipherMode: BlockCipherMode.GCM, tagLength: 16 });
  assert.deepEqual(paramsFor('cbc'), { cryptographicAlgorithm: CryptographicAlgorithm.AES, blockCipherMode: BlockCipherMode.CBC, paddingMethod: PaddingMethod.PKCS5 });
});

test('the RSA signature algorithms name RSA; ECDSA stays a Digital Signature Algorithm', () => {
  for (const name of ['rsa-pkcs1-sha256', 'rsa-pss-sha256']) assert.equal(SIGNATURE_ALGORITHMS[name]?.cryptographicAlgorithm, CryptographicAlgorithm.RSA, name);
  assert.equal(SIGNATURE_ALGORITHMS['rsa-pkcs1-sha256']?.paddingMethod, PaddingMethod.PKCS1V1_5);
  assert.deepEqual(SIGNATURE_ALGORITHMS['ecdsa-sha256'], { digitalSignatureAlgorithm: DigitalSignatureAlgorithm.ECDSAWithSHA256 });
});
