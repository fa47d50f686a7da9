/**
 * `keyhold key revoke ID --reason R [--message M]`: Revoke [KMIP 2.1 §6.1.44].
 */
import type { Command } from 'commander';
import { RevocationReasonCode } from '@keyhold/protocol';
import { enumFromName, printJson, withClient, withConnection, type ConnectionFlags } from '../connection.js';
import { writeOutput } from '../../io.js';

interface Flags extends ConnectionFlags {
  reason: string;
  message?: string;
}

/** Registers `key revoke`. */
export function registerKeyRevoke(key: Command): void {
  withConnection(key.command('revoke').description('revoke an object').argument('<id>', 'Unique Identifier'))
    .requiredOption('--reason <reason>', 'unspecified, key-compromise, ca-compromise, affiliation-changed, superseded, cessation-of-operation, privilege-withdrawn')
    .option('--message <text>', 'Revocation Message')
    .action(async (id: string, flags: Flags) => {
      const code = enumFromName(RevocationReasonCode, flags.reason, 'revocation reason');
      const res = await withClient(flags, (c) =>
        c.revoke({ uniqueIdentifier: id, revocationReason: { revocationReasonCode: code, ...(flags.message === undefined ? {} : { revocationMessage: flags.message }) } }),
      );
      if (flags.json) await printJson({ id: res.uniqueIdentifier, revoked: true });
      else await writeOutput(`revoked ${String(res.uniqueIdentifier)}\n`);
    });
}
