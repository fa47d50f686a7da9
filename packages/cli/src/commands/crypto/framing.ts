/**
 * The file format of `keyhold encrypt` (read back by `keyhold decrypt`):
 *
 * | offset | bytes | content |
 * |---|---|---|
 * | 0 | 4 | magic `KHE1` (ASCII) |
 * | 4 | 1 | mode: 1 = AES-GCM, 2 = AES-CBC with PKCS#5 padding |
 * | 5 | 1 | IV length n |
 * | 6 | n | IV / nonce as the server returned it |
 * | 6+n | 1 | tag length t (16 for GCM, 0 for CBC) |
 * | 7+n | … | ciphertext |
 * | end−t | t | GCM authentication tag (at the end, so that encryption can stream) |
 */
import { BlockCipherMode, CryptographicAlgorithm, PaddingMethod, type CryptographicParameters } from '@keyhold/protocol';
import { CliError, ExitCode } from '../../errors.js';
import type { PartReader } from './stream.js';

export const MAGIC = Buffer.from('KHE1', 'ascii');

/** The cipher modes of `--mode` (what `parseMode` accepts, and what shell completion offers). */
export const MODES = ['gcm', 'cbc'] as const;

/** A cipher mode of `--mode`. */
export type Mode = (typeof MODES)[number];

const MODE_BYTE: Record<Mode, number> = { gcm: 1, cbc: 2 };

/** GCM tag length in bytes. */
export const GCM_TAG = 16;

/** `--mode` value to a mode. */
export function parseMode(s: string | undefined): Mode {
  const m = MODES.find((x) => x === (s ?? 'gcm').toLowerCase());
  if (m === undefined) throw new CliError(`--mode must be ${MODES.join(' or ')}, not "${s}"`, ExitCode.Usage);
  return m;
}

/**
 * Cryptographic Parameters for a mode. They name the algorithm (AES) too: optional in the spec, but
 * servers that take nothing from the key's own attributes (PyKMIP) refuse Encrypt without it.
 */
export function paramsFor(mode: Mode): CryptographicParameters {
  const aes = { cryptographicAlgorithm: CryptographicAlgorithm.AES };
  return mode === 'gcm' ? { ...aes, blockCipherMode: BlockCipherMode.GCM, tagLength: GCM_TAG } : { ...aes, blockCipherMode: BlockCipherMode.CBC, paddingMethod: PaddingMethod.PKCS5 };
}

/** Tag bytes at the end of the file for a mode. */
export function tagLength(mode: Mode): number {
  return mode === 'gcm' ? GCM_TAG : 0;
}

/** The header bytes. */
export function header(mode: Mode, iv: Uint8Array): Buffer {
  if (iv.length > 255) throw new CliError('the server returned an IV longer than 255 bytes', ExitCode.KmipFailure);
  return Buffer.concat([MAGIC, Buffer.from([MODE_BYTE[mode], iv.length]), Buffer.from(iv), Buffer.from([tagLength(mode)])]);
}

/** Reads and checks the header. */
export async function readHeader(reader: PartReader): Promise<{ mode: Mode; iv: Buffer; tagLength: number }> {
  const magic = await reader.readExact(4, 'header');
  if (!magic.equals(MAGIC)) throw new CliError('the input is not keyhold encrypt output (no KHE1 header)', ExitCode.BadInput);
  const [modeByte, ivLen] = await reader.readExact(2, 'header');
  const mode = (Object.keys(MODE_BYTE) as Mode[]).find((m) => MODE_BYTE[m] === modeByte);
  if (mode === undefined) throw new CliError(`unknown cipher mode byte ${modeByte} in the header`, ExitCode.BadInput);
  const iv = Buffer.from(await reader.readExact(ivLen ?? 0, 'IV'));
  const [t] = await reader.readExact(1, 'header');
  if (t !== tagLength(mode)) throw new CliError(`tag length ${t} in the header does not fit ${mode}`, ExitCode.BadInput);
  return { mode, iv, tagLength: t };
}
