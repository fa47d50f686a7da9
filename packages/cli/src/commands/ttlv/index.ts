/** `keyhold ttlv …`: the codec on the command line. */
import type { Command } from 'commander';
import { registerConvert } from './convert.js';
import { registerDecode } from './decode.js';
import { registerEncode } from './encode.js';

/** Registers the `ttlv` command and its subcommands. */
export function registerTtlv(program: Command): void {
  const ttlv = program.command('ttlv').description('decode, encode and convert KMIP messages (TTLV, hex, XML, JSON)');
  registerDecode(ttlv);
  registerEncode(ttlv);
  registerConvert(ttlv);
}
