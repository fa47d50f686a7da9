/**
 * `keyhold encrypt --id UID [--mode gcm|cbc] [--in FILE|-] [--out FILE]` and `keyhold decrypt`:
 * Encrypt / Decrypt [KMIP 2.1 §6.1.17, §6.1.11] with a symmetric key on the server. Inputs under
 * {@link PART_SIZE} go in one request; larger ones are streamed in parts with the multi-part form
 * (Init Indicator, Correlation Value, Final Indicator), with a progress line on standard error
 * when it is a terminal. The output format is in `framing.ts` (and docs/client.md). As on every
 * client command, `--key` is the TLS client key; the managed key is `--id`.
 */
import type { Command } from 'commander';
import type { KmipClient } from '@keyhold/client';
import { CliError, ExitCode } from '../../errors.js';
import { withClient, withConnection, type ConnectionFlags } from '../connection.js';
import { header, MODES, paramsFor, parseMode, readHeader, tagLength } from './framing.js';
import { openInput, openSink, PART_SIZE, Progress, type PartReader, type Sink } from './stream.js';

interface Flags extends ConnectionFlags {
  id: string;
  mode?: string;
  in?: string;
  out?: string;
}

function need<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new CliError(`the server's answer has no ${what}`, ExitCode.KmipFailure);
  return v;
}

async function encrypt(c: KmipClient, flags: Flags, reader: PartReader, size: number | undefined, sink: Sink): Promise<void> {
  const mode = parseMode(flags.mode);
  const params = paramsFor(mode);
  const first = await reader.nextPart(PART_SIZE, 0);
  if (first.last) {
    const r = await c.encrypt({ uniqueIdentifier: flags.id, cryptographicParameters: params, data: first.data });
    await sink.write(header(mode, need(r.ivCounterNonce, 'IV')));
    await sink.write(r.data);
    if (mode === 'gcm') await sink.write(need(r.authenticatedEncryptionTag, 'Authenticated Encryption Tag'));
    return;
  }
  const progress = new Progress('encrypting', size);
  let r = await c.encrypt({ uniqueIdentifier: flags.id, cryptographicParameters: params, data: first.data, initIndicator: true });
  await sink.write(header(mode, need(r.ivCounterNonce, 'IV')));
  await sink.write(r.data);
  let correlation = need(r.correlationValue, 'Correlation Value');
  progress.update(reader.consumed);
  for (;;) {
    const part = await reader.nextPart(PART_SIZE, 0);
    r = await c.encrypt({ uniqueIdentifier: flags.id, data: part.data, correlationValue: correlation, ...(part.last ? { finalIndicator: true } : {}) });
    await sink.write(r.data);
    correlation = r.correlationValue ?? correlation;
    progress.update(reader.consumed);
    if (part.last) break;
  }
  progress.end();
  if (mode === 'gcm') await sink.write(need(r.authenticatedEncryptionTag, 'Authenticated Encryption Tag'));
}

async function decrypt(c: KmipClient, flags: Flags, reader: PartReader, size: number | undefined, sink: Sink): Promise<void> {
  const h = await readHeader(reader);
  if (flags.mode !== undefined && parseMode(flags.mode) !== h.mode) throw new CliError(`--mode ${flags.mode} but the input was encrypted with ${h.mode}`, ExitCode.BadInput);
  const params = paramsFor(h.mode);
  const gcm = h.mode === 'gcm';
  const first = await reader.nextPart(PART_SIZE, tagLength(h.mode));
  if (first.last) {
    const r = await c.decrypt({ uniqueIdentifier: flags.id, cryptographicParameters: params, data: first.data, ivCounterNonce: h.iv, ...(gcm ? { authenticatedEncryptionTag: reader.trailer } : {}) });
    await sink.write(r.data);
    return;
  }
  const progress = new Progress('decrypting', size);
  let r = await c.decrypt({ uniqueIdentifier: flags.id, cryptographicParameters: params, data: first.data, ivCounterNonce: h.iv, initIndicator: true });
  await sink.write(r.data);
  let correlation = need(r.correlationValue, 'Correlation Value');
  progress.update(reader.consumed);
  for (;;) {
    const part = await reader.nextPart(PART_SIZE, tagLength(h.mode));
    const final = part.last ? { finalIndicator: true, ...(gcm ? { authenticatedEncryptionTag: reader.trailer } : {}) } : {};
    r = await c.decrypt({ uniqueIdentifier: flags.id, data: part.data, correlationValue: correlation, ...final });
    await sink.write(r.data);
    correlation = r.correlationValue ?? correlation;
    progress.update(reader.consumed);
    if (part.last) break;
  }
  progress.end();
}

function register(program: Command, name: 'encrypt' | 'decrypt', description: string, run: typeof encrypt, fileMode: number): void {
  withConnection(program.command(name).description(description))
    .requiredOption('--id <uid>', 'Unique Identifier of the symmetric key')
    .option('--mode <mode>', name === 'encrypt' ? `${MODES.join(' or ')} (default gcm)` : `${MODES.join(' or ')} (default: as recorded in the input)`)
    .option('--in <file>', 'input file, or - for standard input (the default)')
    .option('--out <file>', 'output file (default: standard output)')
    .action(async (flags: Flags) => {
      const { reader, size } = await openInput(flags.in);
      await withClient(flags, async (c) => {
        const sink = await openSink(flags.out, fileMode);
        let failed = true;
        try {
          await run(c, flags, reader, size, sink);
          failed = false;
        } finally {
          await sink.close(failed);
        }
      });
    });
}

/** Registers `encrypt` and `decrypt`. */
export function registerEncryptDecrypt(program: Command): void {
  register(program, 'encrypt', 'encrypt a file or standard input with a key on the server (AES-GCM or AES-CBC; streamed above 1 MiB)', encrypt, 0o644);
  register(program, 'decrypt', 'decrypt the output of keyhold encrypt (streamed above 1 MiB)', decrypt, 0o600);
}
