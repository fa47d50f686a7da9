/**
 * `keyhold cert certify --csr FILE [--public-key ID] [--name N]` and
 * `keyhold cert certify --public-key ID [--name N]`: Certify [KMIP 1.2 §4.7, 2.1 §6.1.6]. The
 * server's CA issues a certificate for the key of a PKCS#10 request (PEM or DER, told apart by the
 * file's first bytes) or for a Public Key it holds; the certificate is stored on the server and its
 * id printed (`keyhold cert get ID` fetches it).
 */
import type { Command } from 'commander';
import { attribute, CertificateRequestType, NameType, type CertifyRequest } from '@keyhold/protocol';
import { readInput, writeOutput } from '../../io.js';
import { CliError, ExitCode } from '../../errors.js';
import { printJson, withClient, withConnection, type ConnectionFlags } from '../connection.js';

interface Flags extends ConnectionFlags {
  csr?: string;
  publicKey?: string;
  name?: string;
}

/** The Certificate Request Type of a request file: PEM when it is text with a PEM header, else PKCS#10 DER. */
export function requestTypeOf(bytes: Uint8Array): CertificateRequestType {
  return Buffer.from(bytes.subarray(0, 64)).toString('latin1').trimStart().startsWith('-----BEGIN') ? CertificateRequestType.PEM : CertificateRequestType.PKCS_10;
}

/** Registers `cert certify`. */
export function registerCertCertify(cert: Command): void {
  withConnection(cert.command('certify').description('have the server\'s CA certify a certificate request or a public key it holds; prints the certificate id'))
    .option('--csr <file>', 'PKCS#10 certificate request, PEM or DER (- for standard input)')
    .option('--public-key <id>', 'Unique Identifier of a Public Key on the server (with --csr: the request must be for this key)')
    .option('--name <name>', 'Name attribute of the new certificate')
    .action(async (flags: Flags) => {
      if (flags.csr === undefined && flags.publicKey === undefined) throw new CliError('give --csr FILE, --public-key ID, or both', ExitCode.Usage);
      const request: CertifyRequest = {};
      if (flags.publicKey !== undefined) request.uniqueIdentifier = flags.publicKey;
      if (flags.csr !== undefined) {
        const bytes = await readInput(flags.csr);
        if (bytes.length === 0) throw new CliError(`the certificate request ${flags.csr} is empty`, ExitCode.BadInput);
        request.certificateRequestType = requestTypeOf(bytes);
        request.certificateRequestValue = bytes;
      }
      if (flags.name !== undefined) request.attributes = { attribute: [attribute('Name', { nameValue: flags.name, nameType: NameType.UninterpretedTextString })] };
      const res = await withClient(flags, (c) => c.certify(request));
      if (flags.json) await printJson({ id: res.uniqueIdentifier });
      else await writeOutput(`${String(res.uniqueIdentifier)}\n`);
    });
}
