/**
 * `keyhold ttlv decode [file]`: prints TTLV (binary or hex) as a readable indented dump with tag
 * names, item types and enumeration names — or as XML/JSON with --to.
 */
import type { Command } from 'commander';
import { CliError, ExitCode } from '../../errors.js';
import { runConversion } from './convert.js';

/** Registers `decode` under the `ttlv` command. */
export function registerDecode(ttlv: Command): void {
  ttlv
    .command('decode')
    .description('show TTLV (binary or hex) as a readable dump, or as XML or JSON')
    .argument('[file]', 'input file (default: standard input)')
    .option('--hex', 'the input is hex text (default: detected)')
    .option('-t, --to <format>', 'dump|xml|json', 'dump')
    .action(async (file: string | undefined, opts: { hex?: boolean; to: string }) => {
      if (!['dump', 'xml', 'json'].includes(opts.to)) throw new CliError(`decode writes dump, xml or json, not "${opts.to}"`, ExitCode.Usage);
      await runConversion(file, opts.hex ? 'hex' : undefined, opts.to as 'dump' | 'xml' | 'json');
    });
}
