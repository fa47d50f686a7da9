/**
 * `keyhold ttlv encode [file]`: encodes KMIP XML or JSON as TTLV (binary, or hex with --hex).
 */
import type { Command } from 'commander';
import { CliError } from '../../errors.js';
import { runConversion } from './convert.js';
import { readInput } from '../../io.js';
import { sniffFormat } from './formats.js';

/** Registers `encode` under the `ttlv` command. */
export function registerEncode(ttlv: Command): void {
  ttlv
    .command('encode')
    .description('encode KMIP XML or JSON as TTLV')
    .argument('[file]', 'input file (default: standard input)')
    .option('--hex', 'write hex text instead of binary')
    .action(async (file: string | undefined, opts: { hex?: boolean }) => {
      const input = await readInput(file);
      const format = sniffFormat(input);
      if (format !== 'xml' && format !== 'json') throw new CliError('encode reads KMIP XML or JSON; this input looks like TTLV (use `keyhold ttlv decode`)');
      await runConversion(input, format, opts.hex ? 'hex' : 'ttlv');
    });
}
