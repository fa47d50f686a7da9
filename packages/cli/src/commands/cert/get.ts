/**
 * `keyhold cert get ID [--out FILE] [--pem]`: Get [KMIP 2.1 §6.1.19] of a Certificate object. The
 * certificate is written as DER (or PEM with `--pem`) to standard output or a file; `--json` prints
 * its subject, issuer, serial number and validity with the PEM (or the file written).
 */
import { X509Certificate } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { enumForTag, ObjectType, Tag } from '@keyhold/protocol';
import { writeOutput } from '../../io.js';
import { CliError, ExitCode } from '../../errors.js';
import { printJson, withClient, withConnection, type ConnectionFlags } from '../connection.js';

interface Flags extends ConnectionFlags {
  out?: string;
  pem?: boolean;
}

/** PEM text of a DER certificate. */
export function certificatePem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}-----END CERTIFICATE-----\n`;
}

/** What `--json` tells about a certificate (node's reading of it; undefined for what it cannot parse). */
function describe(der: Uint8Array): Record<string, string> | undefined {
  try {
    const c = new X509Certificate(der);
    return { subject: c.subject.split('\n').reverse().join(','), issuer: c.issuer.split('\n').reverse().join(','), serialNumber: c.serialNumber, validFrom: new Date(c.validFrom).toISOString(), validTo: new Date(c.validTo).toISOString() };
  } catch {
    return undefined;
  }
}

/** Registers `cert get`. */
export function registerCertGet(cert: Command): void {
  withConnection(cert.command('get').description('write a certificate (DER, or PEM with --pem) to standard output or a file').argument('<id>', 'Unique Identifier of the certificate'))
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--pem', 'PEM text instead of DER')
    .action(async (id: string, flags: Flags) => {
      const res = await withClient(flags, (c) => c.get({ uniqueIdentifier: id }));
      const o = res.object;
      if (o.objectType !== ObjectType.Certificate) {
        throw new CliError(`${id} is a ${enumForTag(Tag.ObjectType)?.byValue.get(o.objectType)?.name ?? 'object'}, not a certificate`, ExitCode.BadInput);
      }
      const der = o.certificateValue;
      const data = flags.pem === true ? certificatePem(der) : der;
      if (flags.out !== undefined) await writeFile(flags.out, data);
      if (flags.json) {
        await printJson({
          id: res.uniqueIdentifier,
          certificateType: enumForTag(Tag.CertificateType)?.byValue.get(o.certificateType)?.name,
          ...describe(der),
          ...(flags.out === undefined ? { pem: certificatePem(der) } : { out: flags.out }),
        });
      } else if (flags.out === undefined) await writeOutput(data);
    });
}
