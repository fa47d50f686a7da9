/**
 * The MAC/sign half of key wrapping [KMIP 1.2 §2.1.5-2.1.6, 2.1 §2.1.5-2.1.6]: the MAC/Signature
 * of the Key Wrapping Data, made with the key the MAC/Signature Key Information names and checked
 * when the server unwraps.
 *
 * - A Symmetric Key MACs: HMAC (an HMAC key, or a Hashing Algorithm) or AES-CMAC (Block Cipher
 *   Mode CMAC), as the MAC operation computes them (./mac.ts); it needs MAC Generate to wrap and
 *   MAC Verify to unwrap.
 * - A Private Key signs: RSA PKCS#1 v1.5 or PSS, ECDSA (DER), EdDSA, as the Sign operation
 *   (./sign-verify.ts); it needs Sign. The specification lets the MAC/Signature Key Information
 *   name "the Private Key (or its corresponding Public Key)": a public key named for wrapping signs
 *   with the private key of its Private Key Link; verifying uses the public key — the one named, or
 *   the Public Key Link of the private key named (else the private key's public half) — which needs Verify.
 *
 * The key is loaded with the errors of a wrapping key (./wrapping-key.ts), then goes through the
 * key-use policy of crypto/usage.ts (usage mask, lifecycle, Usage Limits). A MAC or signature that
 * does not verify is Cryptographic Failure.
 */
import { createPublicKey, sign, timingSafeEqual, verify } from 'node:crypto';
import { KmipError, LinkType, ObjectType, ResultReason, type CryptographicParameters } from '@keyhold/protocol';
import { keyForUse, type KeyUse, type UsableKey } from '../crypto/usage.js';
import type { OperationContext } from './context.js';
import { startMac } from './mac.js';
import { keyOptions, plan } from './sign-verify.js';
import { linkedUid, privateKeyLink, unwrappingParameters, wrappingKeyRecord, wrappingParameters, type Direction } from './wrapping-key.js';

const KEY_TYPES = new Set<number>([ObjectType.SymmetricKey, ObjectType.PrivateKey, ObjectType.PublicKey]);

/** The key (cleared by crypto/usage.ts) that MACs or signs (`wrap`) or verifies (`unwrap`). */
async function macSignKey(ctx: OperationContext, uid: string, given: CryptographicParameters | undefined, direction: Direction, units: number): Promise<UsableKey> {
  let rec = await wrappingKeyRecord(ctx, uid, direction, false, 'MAC/signature');
  if (!KEY_TYPES.has(rec.objectType)) throw new KmipError(ResultReason.InvalidObjectType, 'a MAC/signature key is a Symmetric Key, a Private Key or a Public Key');
  if (direction === 'wrap' && rec.objectType === ObjectType.PublicKey) {
    rec = await wrappingKeyRecord(ctx, privateKeyLink(rec, 'sign'), direction, false, 'MAC/signature');
  } else if (direction === 'unwrap' && rec.objectType === ObjectType.PrivateKey) {
    const pub = linkedUid(rec, LinkType.PublicKeyLink);
    if (pub !== undefined) rec = await wrappingKeyRecord(ctx, pub, direction, false, 'MAC/signature');
  }
  const params = direction === 'wrap' ? wrappingParameters(rec, given) : unwrappingParameters(rec, given);
  const symmetric = rec.objectType === ObjectType.SymmetricKey;
  const use: KeyUse = direction === 'wrap' ? (symmetric ? 'mac' : 'sign') : symmetric ? 'mac-verify' : 'verify';
  return keyForUse(ctx, rec.uid, use, params, units);
}

/**
 * The MAC or signature of `data` with the key `uid` (see the module comment).
 * @throws KmipError the wrapping key's errors; Incompatible Cryptographic Usage Mask (no MAC Generate / Sign);
 * Invalid Object Type; Bad Cryptographic Parameters; Feature Not Supported (a MAC or signature scheme the server lacks).
 */
export async function macOrSign(ctx: OperationContext, uid: string, given: CryptographicParameters | undefined, data: Uint8Array): Promise<Buffer> {
  const k = await macSignKey(ctx, uid, given, 'wrap', data.length);
  if (k.key.type === 'secret') {
    const mac = startMac(k);
    mac.update(data);
    return mac.digest();
  }
  if (k.key.type !== 'private') throw new KmipError(ResultReason.InvalidObjectType, 'signing needs a private key');
  const pl = plan(k, k.params);
  try {
    return sign(pl.hash, data, keyOptions(pl, k.key));
  } catch {
    throw new KmipError(ResultReason.CryptographicFailure, 'the Key Value could not be signed with this key and these parameters');
  }
}

/**
 * Checks the MAC/Signature of `data` with the key `uid`.
 * @throws KmipError Cryptographic Failure when it does not verify; the errors of {@link macOrSign} (MAC Verify / Verify).
 */
export async function verifyMacOrSignature(ctx: OperationContext, uid: string, given: CryptographicParameters | undefined, data: Uint8Array, signature: Uint8Array): Promise<void> {
  const k = await macSignKey(ctx, uid, given, 'unwrap', data.length);
  let valid: boolean;
  if (k.key.type === 'secret') {
    const mac = startMac(k);
    mac.update(data);
    const expected = mac.digest();
    valid = expected.length === signature.length && timingSafeEqual(expected, signature);
  } else {
    const pl = plan(k, k.params);
    const key = k.key.type === 'private' ? createPublicKey(k.key) : k.key;
    try {
      valid = verify(pl.hash, data, keyOptions(pl, key, true), signature);
    } catch {
      valid = false;
    }
  }
  if (!valid) throw new KmipError(ResultReason.CryptographicFailure, 'the MAC/Signature of the wrapped key does not verify');
}
