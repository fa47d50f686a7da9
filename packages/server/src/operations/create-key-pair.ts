/**
 * Create Key Pair [KMIP 1.2 §4.2, 2.1 §6.1.9]: generates a public/private key pair — RSA
 * 1024–4096 bits, DSA, EC/ECDSA/ECDH/ECMQV on the NIST curves P-192…P-521 (and the other curves
 * the runtime has), Ed25519, Ed448, X25519, X448 (see ../crypto/keypair.ts) — and registers both
 * halves as new objects.
 *
 * Attributes: the 1.x Common/Private Key/Public Key Template-Attribute and the 2.x Common/Private
 * Key/Public Key Attributes. Each half gets the union of the multi-instance attributes of the
 * common set and of its own set, and for single-instance attributes its own value over the common
 * one (1.2 Table 139). Cryptographic Algorithm, Length, Domain Parameters and Parameters must
 * agree between the halves (Table 141). The curve comes from the Cryptographic Domain Parameters'
 * Recommended Curve, or else from the Cryptographic Length (P-192…P-521), or else is P-256.
 *
 * Both keys are stored in the default Key Format Type of KMIP 2.1 Table 81 — PKCS#1 for RSA,
 * Transparent EC Private/Public Key for EC, Transparent DSA for DSA, PKCS#8 / X.509 for the
 * Edwards and Montgomery keys — which is what Get returns without a requested format and what the
 * OASIS AKLC test cases show (Digest over the PKCS#1 key). The private key gets a Link (Public Key
 * Link) to the public key and the public key a Link (Private Key Link) to the private key; Links
 * the client gave are kept. The ID Placeholder becomes the private key's identifier; the batch
 * records the private key under the Unique Identifier enumerations Create Key Pair and Create Key
 * Pair Private Key, the public key under Create Key Pair Public Key.
 *
 * Result Reasons: Invalid Field (no or an unsupported Cryptographic Algorithm, an impossible
 * length or curve, attributes the halves disagree on — 1.2 Table 292 "Incorrect attribute
 * value(s)"); Invalid Attribute Value (a Random Number Generator the server does not use);
 * Attribute Read Only, Attribute Single Valued, Invalid Attribute, Non Unique Name Attribute (1.x
 * Invalid Field, also when both halves would get the same Name); Item Not Found (1.x template
 * names); Private / Public Protection Storage Unavailable (Protection Storage Masks that exclude
 * Software, the only protection storage here); Feature Not Supported (Quantum Safe required:
 * ../objects/creation.ts refuseQuantumSafe); Cryptographic Failure (the generator failed).
 */
import { Operation, UniqueIdentifier } from '@keyhold/protocol';
import { refuseQuantumSafe } from '../objects/creation.js';
import { defineOperation } from './context.js';
import { checkPairStorage, mergeHalf, newKeyPairRecords, requestedKeyAttributes, storeKeyPair } from './key-generation.js';

export const createKeyPair = defineOperation(Operation.CreateKeyPair, async (req, ctx) => {
  const privAttrs = await requestedKeyAttributes(mergeHalf(req.commonAttributes, req.privateKeyAttributes), ctx);
  const pubAttrs = await requestedKeyAttributes(mergeHalf(req.commonAttributes, req.publicKeyAttributes), ctx);
  refuseQuantumSafe(privAttrs, pubAttrs);

  checkPairStorage(req);
  const records = await newKeyPairRecords(ctx, privAttrs, pubAttrs, 'Create Key Pair');
  return storeKeyPair(ctx, records, {
    pair: UniqueIdentifier.CreateKeyPair,
    privateKey: UniqueIdentifier.CreateKeyPairPrivateKey,
    publicKey: UniqueIdentifier.CreateKeyPairPublicKey,
  });
});
