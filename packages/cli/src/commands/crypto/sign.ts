/**
 * `keyhold sign --id UID [--alg A] [--in FILE|-] [--out FILE]` and
 * `keyhold verify --id UID --signature FILE [--alg A] [--in FILE|-]`: Sign and Signature Verify
 * [KMIP 2.1 §6.1.55, §6.1.56]. The whole input goes in one request. `verify` exits 0 when the
 * signature is valid and 6 (ExitCode.InvalidSignature) when it is not or the server cannot tell.
 * As on every client command, `--key` is the TLS client key; the managed key is `--id`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { CryptographicAlgorithm, DigitalSignatureAlgorithm, HashingAlgorithm, PaddingMethod, ValidityIndicator, type CryptographicParameters } from '@keyhold/protocol';
import { CliError, ExitCode } from '../../errors.js';
import { readInput, writeOutput } from '../../io.js';
import { printJson, withClient, withConnection, type ConnectionFlags } from '../connection.js';

interface Flags extends ConnectionFlags {
  id: string;
  alg?: string;
  in?: string;
  out?: string;
  signature?: string;
}

/**
 * The `--alg` names. The RSA ones name the Cryptographic Algorithm too: optional in the spec, but
 * servers that take nothing from the key's own attributes (PyKMIP) refuse Sign without it.
 */
export const SIGNATURE_ALGORITHMS: Record<string, CryptographicParameters> = {
  'rsa-pkcs1-sha256': { cryptographicAlgorithm: CryptographicAlgorithm.RSA, paddingMethod: PaddingMethod.PKCS1V1_5, hashingAlgorithm: HashingAlgorithm.SHA_256 },
  'rsa-pss-sha256': { cryptographicAlgorithm: CryptographicAlgorithm.RSA, paddingMethod: PaddingMethod.PSS, hashingAlgorithm: HashingAlgorithm.SHA_256, maskGenerator: 1, maskGeneratorHashingAlgorithm: HashingAlgorithm.SHA_256, saltLength: 32 },
  'ecdsa-sha256': { digitalSignatureAlgorithm: DigitalSignatureAlgorithm.ECDSAWithSHA256 },
};

function paramsOf(alg: string | undefined): CryptographicParameters {
  const p = SIGNATURE_ALGORITHMS[alg ?? 'rsa-pkcs1-sha256'];
  if (p === undefined) throw new CliError(`--alg must be one of ${Object.keys(SIGNATURE_ALGORITHMS).join(', ')}, not "${alg}"`, ExitCode.Usage);
  return p;
}

/** A signature file: raw bytes, or hex text (as `sign` prints without --out). */
export function signatureBytes(file: Buffer): Buffer {
  const text = file.toString('latin1').trim();
  if (text.length > 0 && text.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(text)) return Buffer.from(text, 'hex');
  return file;
}

/** Registers `sign` and `verify`. */
export function registerSignVerify(program: Command): void {
  withConnection(program.command('sign').description('sign a file or standard input with a private key on the server'))
    .requiredOption('--id <uid>', 'Unique Identifier of the private key')
    .option('--alg <alg>', `signature algorithm: ${Object.keys(SIGNATURE_ALGORITHMS).join(', ')} (default rsa-pkcs1-sha256)`)
    .option('--in <file>', 'input file, or - for standard input (the default)')
    .option('--out <file>', 'write the raw signature to this file (default: hex on standard output)')
    .action(async (flags: Flags) => {
      const params = paramsOf(flags.alg);
      const data = await readInput(flags.in);
      const res = await withClient(flags, (c) => c.sign({ uniqueIdentifier: flags.id, cryptographicParameters: params, data }));
      const sig = res.signatureData;
      if (sig === undefined) throw new CliError("the server's answer has no Signature Data", ExitCode.KmipFailure);
      if (flags.out !== undefined) await writeFile(flags.out, sig);
      if (flags.json) await printJson({ id: flags.id, signature: Buffer.from(sig).toString('hex') });
      else if (flags.out === undefined) await writeOutput(`${Buffer.from(sig).toString('hex')}\n`);
    });

  withConnection(program.command('verify').description('check a signature with a public key on the server (exit 0: valid, 6: not valid)'))
    .requiredOption('--id <uid>', 'Unique Identifier of the public key')
    .requiredOption('--signature <file>', 'the signature: raw bytes or hex text')
    .option('--alg <alg>', `signature algorithm: ${Object.keys(SIGNATURE_ALGORITHMS).join(', ')} (default rsa-pkcs1-sha256)`)
    .option('--in <file>', 'input file, or - for standard input (the default)')
    .action(async (flags: Flags) => {
      const params = paramsOf(flags.alg);
      const signatureFile = flags.signature as string;
      let sigFile: Buffer;
      try {
        sigFile = await readFile(signatureFile);
      } catch (err) {
        throw new CliError(`cannot read the signature file ${signatureFile}: ${(err as Error).message.replace(/^\w+: /, '')}`, ExitCode.BadInput);
      }
      const data = await readInput(flags.in);
      const res = await withClient(flags, (c) => c.signatureVerify({ uniqueIdentifier: flags.id, cryptographicParameters: params, data, signatureData: signatureBytes(sigFile) }));
      const valid = res.validityIndicator === ValidityIndicator.Valid;
      const word = valid ? 'valid' : res.validityIndicator === ValidityIndicator.Invalid ? 'invalid' : 'unknown';
      if (flags.json) await printJson({ id: flags.id, validity: word });
      else await writeOutput(`signature ${word}\n`);
      if (!valid) throw new CliError(`the signature is ${word === 'unknown' ? 'of unknown validity' : 'not valid'}`, ExitCode.InvalidSignature);
    });
}
