/**
 * RSA encodings done here on top of node:crypto's raw RSA operations (RSA_NO_PADDING, which
 * OpenSSL computes with blinding and in constant time), where node:crypto cannot do them:
 *
 * - MGF1 [RFC 8017 §B.2.1];
 * - RSAES-PKCS1-v1_5 decryption [RFC 8017 §7.2.2] with implicit rejection: node refuses
 *   RSA_PKCS1_PADDING in privateDecrypt since CVE-2023-46809 (the Marvin attack). The padding is
 *   checked here without branching on secret bytes, and a ciphertext whose padding is wrong
 *   decrypts to a synthetic message derived from the private key and the ciphertext instead of an
 *   error — the "implicit rejection" of OpenSSL 3.2+ and draft-irtf-cfrg-rsa-guidance: a key
 *   derivation key KDK = HMAC-SHA256(SHA-256(d), ciphertext), then PRF(KDK, "message") for the
 *   synthetic bytes and PRF(KDK, "length") for its length. A client cannot tell a wrong padding
 *   from a right one, so there is no padding oracle; the same ciphertext always gives the same
 *   answer. (JavaScript gives no hard constant-time guarantee; the code avoids data-dependent
 *   branches and indexing on the decrypted block, and the output length is public anyway.) The
 *   construction follows the draft's; the synthetic bytes have not been compared with OpenSSL's
 *   (the OpenSSL here is 3.0) — nothing depends on that, a synthetic message is only ever garbage.
 * - EMSA-PSS encoding and verification [RFC 8017 §9.1] over a digest the client computed
 *   (KMIP Digested Data), which node:crypto's sign/verify would hash again.
 */
import { constants, createHash, createHmac, privateEncrypt, privateDecrypt, publicDecrypt, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import { KmipError, ResultReason } from '@keyhold/protocol';

/** MGF1 [RFC 8017 §B.2.1]. */
export function mgf1(hash: string, seed: Uint8Array, length: number): Buffer {
  const out: Buffer[] = [];
  let have = 0;
  for (let counter = 0; have < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter, 0);
    const block = createHash(hash).update(seed).update(c).digest();
    out.push(block);
    have += block.length;
  }
  return Buffer.concat(out).subarray(0, length);
}

/** a ^= b, byte by byte over a's length. */
export function xorInto(a: Buffer, b: Uint8Array): void {
  for (let i = 0; i < a.length; i++) a[i] = (a[i] ?? 0) ^ (b[i] ?? 0);
}

/** The modulus length of an RSA key, in bits. */
export function modulusBits(key: KeyObject): number {
  return key.asymmetricKeyDetails?.modulusLength ?? 0;
}

/** The modulus length of an RSA key, in bytes. */
export function modulusBytes(key: KeyObject): number {
  return Math.ceil(modulusBits(key) / 8);
}

const decryptFailure = (): KmipError => new KmipError(ResultReason.CryptographicFailure, 'the data could not be decrypted');

/** 0xffffffff when a === b, else 0 (a, b in 0..0xffff), without a branch. */
function eqMask(a: number, b: number): number {
  return (((a ^ b) - 1) >> 31) | 0;
}

/** 0xffffffff when a < b, else 0 (a, b in 0..0x7fffffff), without a branch. */
function ltMask(a: number, b: number): number {
  return ((a - b) >> 31) | 0;
}

/** HMAC-SHA256 PRF of the implicit rejection: blocks HMAC(KDK, be16(i) || label || be16(bits)). */
function prf(kdk: Buffer, label: string, bits: number): Buffer {
  const bytes = bits / 8;
  const blocks: Buffer[] = [];
  const tail = Buffer.alloc(2);
  tail.writeUInt16BE(bits, 0);
  for (let i = 0, have = 0; have < bytes; i++, have += 32) {
    const counter = Buffer.alloc(2);
    counter.writeUInt16BE(i, 0);
    blocks.push(createHmac('sha256', kdk).update(counter).update(label, 'latin1').update(tail).digest());
  }
  return Buffer.concat(blocks).subarray(0, bytes);
}

/** The key derivation key of the implicit rejection: HMAC-SHA256(SHA-256(d as k bytes), ciphertext). */
function rejectionKey(key: KeyObject, k: number, ciphertext: Buffer): Buffer {
  const jwk = key.export({ format: 'jwk' });
  const d = Buffer.from(jwk.d ?? '', 'base64url');
  const padded = Buffer.alloc(k);
  d.copy(padded, k - d.length);
  const dHash = createHash('sha256').update(padded).digest();
  d.fill(0);
  padded.fill(0);
  const kdk = createHmac('sha256', dHash).update(ciphertext).digest();
  dHash.fill(0);
  return kdk;
}

/**
 * RSAES-PKCS1-v1_5 decryption with implicit rejection (see the module comment). A ciphertext of
 * the wrong length or not below the modulus is Cryptographic Failure (public facts); any padding
 * error gives the synthetic message.
 */
export function pkcs1v15Decrypt(key: KeyObject, data: Uint8Array): Buffer {
  const k = modulusBytes(key);
  if (k < 11 || data.length > k || data.length === 0) throw decryptFailure();
  const ciphertext = Buffer.alloc(k);
  Buffer.from(data).copy(ciphertext, k - data.length);
  let em: Buffer;
  try {
    em = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, ciphertext);
  } catch {
    throw decryptFailure();
  }
  const kdk = rejectionKey(key, k, ciphertext);
  const synthetic = prf(kdk, 'message', k * 8);
  const candidates = prf(kdk, 'length', 128 * 16);
  kdk.fill(0);
  // The synthetic length: the last candidate below the largest message length plus one, masked to
  // the bits of that bound.
  const maxSepOffset = k - 2 - 8;
  let mask = maxSepOffset;
  for (let s = 1; s < 32; s <<= 1) mask |= mask >> s;
  let syntheticLength = 0;
  for (let i = 0; i < candidates.length; i += 2) {
    const len = (((candidates[i] ?? 0) << 8) | (candidates[i + 1] ?? 0)) & mask;
    const take = ltMask(len, maxSepOffset);
    syntheticLength = (len & take) | (syntheticLength & ~take);
  }
  // EM = 0x00 || 0x02 || PS (at least 8 non-zero bytes) || 0x00 || M, checked over every byte.
  let good = eqMask(em[0] ?? 1, 0) & eqMask(em[1] ?? 0, 2);
  let found = 0;
  let zeroIndex = 0;
  for (let i = 2; i < k; i++) {
    const isZero = eqMask(em[i] ?? 1, 0);
    const first = isZero & ~found;
    zeroIndex = (i & first) | (zeroIndex & ~first);
    found |= isZero;
  }
  good &= found & ~ltMask(zeroIndex, 2 + 8);
  const realLength = k - zeroIndex - 1;
  const length = (realLength & good) | (syntheticLength & ~good);
  // Both candidates are right-aligned in a k-byte buffer: pick byte by byte, then keep the tail.
  const out = Buffer.alloc(k);
  for (let i = 0; i < k; i++) out[i] = ((em[i] ?? 0) & good & 0xff) | ((synthetic[i] ?? 0) & ~good & 0xff);
  em.fill(0);
  synthetic.fill(0);
  const message = Buffer.from(out.subarray(k - length));
  out.fill(0);
  return message;
}

/** The hash length of a node digest name. */
function hashLength(hash: string): number {
  return createHash(hash).digest().length;
}

/**
 * EMSA-PSS-ENCODE [RFC 8017 §9.1.1] of a digest `mHash` with a random salt of `saltLength` bytes
 * (default: the hash length), then the RSA private operation: the RSASSA-PSS signature.
 */
export function pssSignDigest(key: KeyObject, hash: string, mHash: Uint8Array, saltLength?: number): Buffer {
  const hLen = hashLength(hash);
  if (mHash.length !== hLen) throw new KmipError(ResultReason.InvalidField, `Digested Data for RSA-PSS is the ${String(hLen)}-byte hash`);
  const sLen = saltLength ?? hLen;
  const emBits = modulusBits(key) - 1;
  const emLen = Math.ceil(emBits / 8);
  if (sLen < 0 || emLen < hLen + sLen + 2) throw new KmipError(ResultReason.InvalidField, 'the Salt Length is too long for this key and hash');
  const salt = randomBytes(sLen);
  const h = createHash(hash).update(Buffer.alloc(8)).update(mHash).update(salt).digest();
  const db = Buffer.alloc(emLen - hLen - 1);
  db[emLen - sLen - hLen - 2] = 1;
  salt.copy(db, emLen - sLen - hLen - 1);
  xorInto(db, mgf1(hash, h, db.length));
  db[0] = (db[0] ?? 0) & (0xff >> (8 * emLen - emBits));
  const em = Buffer.concat([db, h, Buffer.from([0xbc])]);
  const k = modulusBytes(key);
  const block = Buffer.alloc(k);
  em.copy(block, k - emLen);
  return privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, block);
}

/**
 * RSASSA-PSS verification over a digest [RFC 8017 §8.1.2, §9.1.2]: the RSA public operation,
 * then EMSA-PSS-VERIFY. `saltLength` undefined accepts any salt length (recovered from the
 * encoding, as OpenSSL's RSA_PSS_SALTLEN_AUTO). False for any mismatch.
 */
export function pssVerifyDigest(key: KeyObject, hash: string, mHash: Uint8Array, signature: Uint8Array, saltLength?: number): boolean {
  const hLen = hashLength(hash);
  const k = modulusBytes(key);
  if (mHash.length !== hLen || signature.length !== k) return false;
  let block: Buffer;
  try {
    block = publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, signature);
  } catch {
    return false;
  }
  const emBits = modulusBits(key) - 1;
  const emLen = Math.ceil(emBits / 8);
  if (block.length !== k || block.subarray(0, k - emLen).some((b) => b !== 0)) return false;
  const em = block.subarray(k - emLen);
  if (emLen < hLen + 2 || em[emLen - 1] !== 0xbc) return false;
  const db = Buffer.from(em.subarray(0, emLen - hLen - 1));
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  const topMask = 0xff >> (8 * emLen - emBits);
  if (((db[0] ?? 0) & ~topMask & 0xff) !== 0) return false;
  xorInto(db, mgf1(hash, h, db.length));
  db[0] = (db[0] ?? 0) & topMask;
  const one = db.indexOf(1);
  if (one < 0 || db.subarray(0, one).some((b) => b !== 0)) return false;
  const salt = db.subarray(one + 1);
  if (saltLength !== undefined && salt.length !== saltLength) return false;
  const h2 = createHash(hash).update(Buffer.alloc(8)).update(mHash).update(salt).digest();
  return timingSafeEqual(h, h2);
}
