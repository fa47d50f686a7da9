/**
 * `keyhold ttlv convert --from F --to G [file]`: converts between TTLV, hex, KMIP XML and KMIP
 * JSON (and a readable dump), losslessly.
 */
import type { Command } from 'commander';
import { readInput, writeOutput } from '../../io.js';
import { CliError, ExitCode } from '../../errors.js';
import {
  INPUT_FORMATS,
  OUTPUT_FORMATS,
  Placeholders,
  readItems,
  sniffFormat,
  writeItems,
  type InputFormat,
  type OutputFormat,
} from './formats.js';

function pick<T extends string>(value: string | undefined, allowed: readonly T[], what: string): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CliError(`unknown ${what} format "${value}" (one of: ${allowed.join(', ')})`, ExitCode.Usage);
}

/** Runs one conversion of a file, standard input or given bytes; shared by decode, encode and convert. */
export async function runConversion(source: string | undefined | Buffer, from: InputFormat | undefined, to: OutputFormat): Promise<void> {
  const input = Buffer.isBuffer(source) ? source : await readInput(source);
  if (input.length === 0) throw new CliError('the input is empty');
  const format = from ?? sniffFormat(input);
  const placeholders = new Placeholders(to === 'xml' || to === 'json' ? 'keep' : 'substitute');
  const items = readItems(input, format, placeholders);
  const out = writeItems(items, to, placeholders);
  if (placeholders.substituted.length > 0) {
    const unique = [...new Set(placeholders.substituted)];
    process.stderr.write(
      `keyhold: note: TTLV cannot spell test-case placeholders; substituted ${unique.length} (${unique.slice(0, 5).join(', ')}${unique.length > 5 ? ', …' : ''}): $NOW by the current time, byte-string placeholders by their own name's bytes\n`,
    );
  }
  if (to === 'ttlv' && process.stdout.isTTY) {
    throw new CliError('refusing to write binary TTLV to a terminal; redirect the output or use --to hex', ExitCode.Usage);
  }
  await writeOutput(out);
}

/** Registers `convert` under the `ttlv` command. */
export function registerConvert(ttlv: Command): void {
  ttlv
    .command('convert')
    .description('convert between TTLV, hex, KMIP XML and KMIP JSON (several messages allowed)')
    .argument('[file]', 'input file (default: standard input)')
    .option('-f, --from <format>', `input format: ${INPUT_FORMATS.join('|')} (default: detected)`)
    .requiredOption('-t, --to <format>', `output format: ${OUTPUT_FORMATS.join('|')}`)
    .addHelpText(
      'after',
      `
Examples:
  keyhold ttlv convert --from xml --to ttlv SKLC-M-1-21.xml > sklc.ttlv
  keyhold ttlv convert --to json sklc.ttlv
  echo 42000d0200000004000000010000000 | keyhold ttlv convert --from hex --to xml

OASIS test-case placeholders ($NOW, $DATA, …) are kept between XML and JSON; TTLV cannot spell
them, so --to ttlv|hex|dump substitutes them and says so on stderr.`,
    )
    .action(async (file: string | undefined, opts: { from?: string; to: string }) => {
      const from = pick(opts.from, INPUT_FORMATS, 'input');
      const to = pick(opts.to, OUTPUT_FORMATS, 'output') as OutputFormat;
      await runConversion(file, from, to);
    });
}
