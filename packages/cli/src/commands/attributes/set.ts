/**
 * `keyhold attributes set ID NAME VALUE`: Set Attribute [KMIP 2.1 §6.1.52] (KMIP 2.x; a 1.x
 * connection is answered Operation Not Supported). VALUE is parsed by the attribute's type: text,
 * a number, a date (ISO 8601), true/false, an enumeration or mask name, hex bytes; custom
 * attributes (x-…, y-…) are text.
 */
import type { Command } from 'commander';
import { attributeTagForName, attributeValueSchema, enumForTag, maskForTag, NameType, type AttributeValue } from '@keyhold/protocol';
import { CliError, ExitCode } from '../../errors.js';
import { printJson, withClient, withConnection, type ConnectionFlags } from '../connection.js';
import { writeOutput } from '../../io.js';

const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Parses a command-line attribute value for attribute `name`. */
export function parseAttributeValue(name: string, text: string): AttributeValue {
  if (/^[xy]-/i.test(name)) return text;
  const schema = attributeValueSchema(name);
  const tag = attributeTagForName(name);
  if (schema === undefined || tag === undefined) throw new CliError(`unknown attribute "${name}"`, ExitCode.Usage);
  const bad = (what: string): CliError => new CliError(`${name} takes ${what}, not "${text}"`, ExitCode.Usage);
  switch (schema.kind) {
    case 'text':
      return text;
    case 'integer':
    case 'interval': {
      const n = Number(text);
      if (!Number.isInteger(n)) throw bad('a whole number');
      return n;
    }
    case 'boolean':
      if (text !== 'true' && text !== 'false') throw bad('true or false');
      return text === 'true';
    case 'dateTime': {
      const ms = Date.parse(text);
      if (Number.isNaN(ms)) throw bad('a date (ISO 8601)');
      return BigInt(Math.floor(ms / 1000));
    }
    case 'bytes':
      if (!/^([0-9a-f]{2})*$/i.test(text)) throw bad('hex bytes');
      return Buffer.from(text, 'hex');
    case 'enumeration': {
      const table = enumForTag(tag);
      const hit = table && [...table.byValue.values()].find((v) => norm(v.name) === norm(text));
      if (!hit) throw bad(`one of ${table ? [...table.byValue.values()].map((v) => v.name).join(', ') : 'its values'}`);
      return hit.value;
    }
    case 'mask': {
      const table = maskForTag(tag);
      let m = 0;
      for (const part of text.split(/[|,]/)) {
        const hit = table && [...table.byValue.values()].find((v) => norm(v.name) === norm(part));
        if (!hit) throw bad('mask names separated by "|" or ","');
        m |= hit.value;
      }
      return m;
    }
    default:
      if (name === 'Name') return { nameValue: text, nameType: NameType.UninterpretedTextString };
      throw new CliError(`attributes set cannot parse a value of ${name} (a structure); use the library's setAttribute`, ExitCode.Unavailable);
  }
}

/** Registers `attributes set`. */
export function registerAttributesSet(attributes: Command): void {
  withConnection(
    attributes.command('set').description('set an attribute of an object (KMIP 2.x Set Attribute)').argument('<id>', 'Unique Identifier').argument('<name>', 'attribute name').argument('<value>', 'value'),
  ).action(async (id: string, name: string, text: string, flags: ConnectionFlags) => {
    const value = parseAttributeValue(name, text);
    const res = await withClient(flags, (c) => c.setAttribute({ uniqueIdentifier: id, newAttribute: { name, value } }));
    if (flags.json) await printJson({ id: res.uniqueIdentifier, attribute: name, value: text });
    else await writeOutput(`set ${name} of ${String(res.uniqueIdentifier)}\n`);
  });
}
