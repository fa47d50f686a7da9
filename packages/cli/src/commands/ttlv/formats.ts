/**
 * The formats `keyhold ttlv` reads and writes, and the conversions between them.
 *
 * - ttlv: binary TTLV; a file may hold several messages back to back.
 * - hex:  TTLV as hexadecimal text (whitespace, `|` and `:` ignored); one message per line on output.
 * - xml:  KMIP XML; a `<KMIP>` (or `<KmipTestCase>`) root holds several messages, as in the
 *         OASIS test-case files.
 * - json: KMIP JSON; a JSON array holds several messages.
 * - dump: (output only) a readable indented listing with tag, type and enumeration names.
 *
 * Placeholders of the OASIS test cases ($NOW, $UNIQUE_IDENTIFIER_0, $DATA…) are text in the
 * XML/JSON files but stand for values of other types. Converting between XML and JSON keeps them
 * as they are. TTLV has no way to spell them, so converting to ttlv, hex or dump substitutes
 * them (see {@link Placeholders}) and says so on stderr.
 */
import {
  decodeTtlvSequence,
  dumpTtlv,
  encodeTtlv,
  hexToBytesLoose,
  ItemType,
  ITEM_TYPE_NAMES,
  jsonItemToTtlv,
  parseXml,
  stringifyJsonItem,
  toJsonItem,
  toXml,
  TtlvError,
  xmlElementToTtlv,
  type JsonItem,
  type TtlvNode,
  type TtlvPrimitive,
} from '@keyhold/protocol';
import { randomBytes } from 'node:crypto';
import { CliError } from '../../errors.js';

/** Input formats. */
export const INPUT_FORMATS = ['ttlv', 'hex', 'xml', 'json'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];
/** Output formats. */
export const OUTPUT_FORMATS = ['ttlv', 'hex', 'xml', 'json', 'dump'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const PLACEHOLDER_RE = /^\$[A-Z][A-Z0-9_]*([+-][0-9]+)?$/;
const INT64_MIN = -(1n << 63n);
const NONCE_SIZE = 16;

/**
 * Keeps or substitutes test-case placeholders across one conversion.
 *
 * keep mode: a placeholder in a Date-Time, Long Integer or Date Time Extended item is carried as
 * a reserved sentinel value (the most negative int64 values, which no real date uses), one in a
 * Byte String as a random per-run 16-byte prefix followed by its name; the writer turns them back
 * into the placeholder text. Sentinels never reach TTLV output: conversions to ttlv, hex and dump
 * always substitute.
 * substitute mode: `$NOW±s` becomes the current time ± s seconds and a Byte String placeholder
 * the ASCII bytes of its own name.
 */
export class Placeholders {
  private readonly bigSentinels = new Map<bigint, string>();
  private readonly byteSentinels = new Map<Uint8Array, string>();
  private readonly nonce = randomBytes(NONCE_SIZE);
  readonly substituted: string[] = [];
  constructor(private readonly mode: 'keep' | 'substitute') {}

  /** The valueHook for the XML/JSON readers. */
  readonly valueHook = (type: ItemType, tagName: string, value: string): string | undefined => {
    if (!PLACEHOLDER_RE.test(value)) return undefined;
    switch (type) {
      case ItemType.TextString:
      case ItemType.Identifier:
      case ItemType.Reference:
      case ItemType.NameReference:
        return undefined; // valid text as it is
      case ItemType.DateTime:
      case ItemType.DateTimeExtended:
      case ItemType.LongInteger: {
        if (this.mode === 'substitute') {
          const m = /^\$NOW([+-][0-9]+)?$/.exec(value);
          if (!m) break;
          this.substituted.push(value);
          const secs = BigInt(Math.floor(Date.now() / 1000)) + BigInt(m[1] ?? 0);
          return '0x' + BigInt.asUintN(64, type === ItemType.DateTimeExtended ? secs * 1_000_000n : secs).toString(16);
        }
        const sentinel = INT64_MIN + BigInt(this.bigSentinels.size);
        this.bigSentinels.set(sentinel, value);
        return '0x' + BigInt.asUintN(64, sentinel).toString(16);
      }
      case ItemType.ByteString: {
        if (this.mode === 'substitute') {
          this.substituted.push(value);
          return Buffer.from(value, 'utf8').toString('hex');
        }
        return this.nonce.toString('hex') + Buffer.from(value, 'utf8').toString('hex');
      }
      default:
        break;
    }
    throw new CliError(`${tagName}: placeholder ${value} cannot stand for a value of type ${ITEM_TYPE_NAMES[type]}`);
  };

  /** Records the Byte Strings that carry a kept placeholder (they start with the nonce). */
  private markBytes(node: TtlvNode): void {
    if (this.mode !== 'keep') return;
    if (node.type === ItemType.Structure) {
      for (const c of node.value) this.markBytes(c);
      return;
    }
    if (node.type === ItemType.ByteString && node.value.length > NONCE_SIZE) {
      const v = Buffer.from(node.value.buffer, node.value.byteOffset, node.value.byteLength);
      if (v.subarray(0, NONCE_SIZE).equals(this.nonce)) this.byteSentinels.set(node.value, v.subarray(NONCE_SIZE).toString('utf8'));
    }
  }

  /** Call on every tree read from XML/JSON. */
  track(nodes: TtlvNode[]): TtlvNode[] {
    for (const n of nodes) this.markBytes(n);
    return nodes;
  }

  /** The formatHook for the XML/JSON writers. */
  readonly formatHook = (node: TtlvPrimitive): string | undefined => {
    if (node.type === ItemType.ByteString) return this.byteSentinels.get(node.value);
    if (typeof node.value === 'bigint' && node.type !== ItemType.BigInteger) return this.bigSentinels.get(node.value);
    return undefined;
  };

}

/** Guesses the input format from the first bytes. */
export function sniffFormat(input: Buffer): InputFormat {
  const head = input.subarray(0, 64).toString('latin1').replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('<')) return 'xml';
  if (head.startsWith('{') || head.startsWith('[')) return 'json';
  if (/^[0-9a-fA-F]{2}/.test(head) && /^[0-9a-fA-F\s|:]*$/.test(input.subarray(0, 4096).toString('latin1'))) return 'hex';
  return 'ttlv';
}

/** Parses input of a format into messages (or items). */
export function readItems(input: Buffer, format: InputFormat, placeholders: Placeholders): TtlvNode[] {
  switch (format) {
    case 'ttlv':
      return decodeTtlvSequence(input);
    case 'hex':
      return decodeTtlvSequence(hexToBytesLoose(input.toString('latin1')));
    case 'xml': {
      const text = input.toString('utf8');
      const isTestCase = /^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<(KMIP|KmipTestCase)[\s>]/.test(text.replace(/^(\s*#[^\n]*\n)+/, ''));
      if (isTestCase) {
        const cleaned = text
          .split('\n')
          .filter((l) => !l.trimStart().startsWith('#'))
          .join('\n')
          .replace(/(<\/KMIP>)(\s*<\/KMIP>)+\s*$/, '$1');
        const root = parseXml(cleaned, { ignoreText: true });
        return placeholders.track(root.children.map((c) => xmlElementToTtlv(c, { valueHook: placeholders.valueHook })));
      }
      return placeholders.track([xmlElementToTtlv(parseXml(text), { valueHook: placeholders.valueHook })]);
    }
    case 'json': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(input.toString('utf8'));
      } catch (err) {
        throw new TtlvError('KMIP_ERR_JSON_SYNTAX', `Not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
      }
      const items = Array.isArray(parsed) ? parsed : [parsed];
      return placeholders.track(items.map((it, i) => jsonItemToTtlv(it, { valueHook: placeholders.valueHook }, Array.isArray(parsed) ? `$[${i}]` : '$')));
    }
  }
}

/** Formats messages (or items) for output. */
export function writeItems(items: TtlvNode[], format: OutputFormat, placeholders: Placeholders): string | Buffer {
  const formatHook = placeholders.formatHook;
  switch (format) {
    case 'ttlv':
      return Buffer.concat(items.map((n) => encodeTtlv(n)));
    case 'hex':
      return items.map((n) => encodeTtlv(n).toString('hex') + '\n').join('');
    case 'dump':
      return items.map((n) => dumpTtlv(n)).join('\n');
    case 'xml':
      if (items.length === 1) return toXml(items[0] as TtlvNode, { formatHook });
      return `<KMIP>\n${items.map((n) => toXml(n, { formatHook })).join('\n')}</KMIP>\n`;
    case 'json': {
      const json = items.map((n) => toJsonItem(n, { formatHook }));
      if (json.length === 1) return stringifyJsonItem(json[0] as JsonItem);
      return `[\n${json.map((j) => stringifyJsonItem(j).trimEnd()).join(',\n')}\n]\n`;
    }
  }
}
