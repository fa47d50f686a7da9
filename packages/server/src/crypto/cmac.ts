/**
 * AES-CMAC [NIST SP 800-38B; RFC 4493] on node:crypto's AES-ECB (node:crypto has no CMAC):
 *
 * - subkeys: L = AES-K(0^128); K1 = dbl(L), K2 = dbl(K1), where dbl shifts left one bit and XORs
 *   R_128 = 0x87 into the last byte when the shifted-out bit is 1 (SP 800-38B §6.1);
 * - the message is CBC-chained block by block from a zero block; the last block (kept back while
 *   streaming, since only the end of the message tells which it is) is XORed with K1 when complete,
 *   else padded with 10* and XORed with K2; the empty message is one padded block (§6.2).
 *
 * Incremental: {@link AesCmac.update} may be called any number of times (multi-part MAC), the tag
 * is the full 128-bit block. Only AES (128-bit block) keys: TDEA CMAC is not implemented.
 */
import { createCipheriv, type Cipher, type KeyObject } from 'node:crypto';
import { KmipError, ResultReason } from '@keyhold/protocol';

const BLOCK = 16;

/** dbl(): one-bit left shift in GF(2^128) with R_128 = 0x87. */
function dbl(b: Buffer): Buffer {
  const out = Buffer.alloc(BLOCK);
  let carry = 0;
  for (let i = BLOCK - 1; i >= 0; i--) {
    const v = b[i] ?? 0;
    out[i] = ((v << 1) | carry) & 0xff;
    carry = v >> 7;
  }
  if (((b[0] ?? 0) & 0x80) !== 0) out[BLOCK - 1] = (out[BLOCK - 1] ?? 0) ^ 0x87;
  return out;
}

function xorInto(target: Buffer, src: Uint8Array, offset = 0): void {
  for (let i = 0; i < BLOCK; i++) target[i] = (target[i] ?? 0) ^ (src[offset + i] ?? 0);
}

/** An AES-CMAC computation under one key. */
export class AesCmac {
  readonly #ecb: Cipher;
  readonly #k1: Buffer;
  readonly #k2: Buffer;
  /** The CBC chaining value. */
  #x: Buffer = Buffer.alloc(BLOCK);
  /** Data not yet chained: at most one block (the possibly last one). */
  #pending: Buffer = Buffer.alloc(0);
  #done = false;

  /** @throws KmipError Bad Cryptographic Parameters when `key` is not 128, 192 or 256 bits long. */
  constructor(key: KeyObject | Uint8Array) {
    const size = key instanceof Uint8Array ? key.length : (key.symmetricKeySize ?? 0);
    if (size !== 16 && size !== 24 && size !== 32) throw new KmipError(ResultReason.BadCryptographicParameters, 'an AES CMAC key is 128, 192 or 256 bits long');
    this.#ecb = createCipheriv(`aes-${size * 8}-ecb`, key, null).setAutoPadding(false);
    const l = this.#block(Buffer.alloc(BLOCK));
    this.#k1 = dbl(l);
    this.#k2 = dbl(this.#k1);
    l.fill(0);
  }

  #block(input: Buffer): Buffer {
    const out = this.#ecb.update(input);
    if (out.length !== BLOCK) throw new Error('AES-ECB returned a partial block');
    return out;
  }

  /** Adds `data` to the message. */
  update(data: Uint8Array): this {
    if (this.#done) throw new Error('CMAC already finished');
    const buf = this.#pending.length === 0 ? Buffer.from(data) : Buffer.concat([this.#pending, data]);
    let off = 0;
    // Chain every full block but the last one (it may be the final block).
    while (buf.length - off > BLOCK) {
      xorInto(this.#x, buf, off);
      this.#x = this.#block(this.#x);
      off += BLOCK;
    }
    this.#pending = Buffer.from(buf.subarray(off));
    return this;
  }

  /** The 16-byte tag. */
  digest(): Buffer {
    if (this.#done) throw new Error('CMAC already finished');
    this.#done = true;
    const last = Buffer.alloc(BLOCK);
    this.#pending.copy(last);
    if (this.#pending.length === BLOCK) {
      xorInto(last, this.#k1);
    } else {
      last[this.#pending.length] = 0x80;
      xorInto(last, this.#k2);
    }
    xorInto(this.#x, last);
    const tag = this.#block(this.#x);
    this.#ecb.final();
    this.#k1.fill(0);
    this.#k2.fill(0);
    this.#pending.fill(0);
    return tag;
  }
}
