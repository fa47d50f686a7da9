/**
 * Strict hexadecimal <-> bytes, used by the text encodings and the CLI.
 */
import { TtlvError } from './errors.js';

const HEX_RE = /^[0-9a-fA-F]*$/;

/**
 * Parses hex digits into bytes. Whitespace is not allowed here (see {@link hexToBytesLoose}).
 * @throws TtlvError KMIP_ERR_HEX_SYNTAX on an odd length or a non-hex character.
 */
export function hexToBytes(hex: string): Buffer {
  if (hex.length % 2 !== 0) throw new TtlvError('KMIP_ERR_HEX_SYNTAX', `Hex string has an odd number of digits (${hex.length})`);
  if (!HEX_RE.test(hex)) {
    const at = hex.search(/[^0-9a-fA-F]/);
    throw new TtlvError('KMIP_ERR_HEX_SYNTAX', `Not a hex digit: ${JSON.stringify(hex[at])}`, at);
  }
  return Buffer.from(hex, 'hex');
}

/** Like {@link hexToBytes} but ignores whitespace, `|` separators and a leading `0x`. */
export function hexToBytesLoose(text: string): Buffer {
  return hexToBytes(text.replace(/^\s*0x/i, '').replace(/[\s|:]+/g, ''));
}

/** Lower-case hex of bytes. */
export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
