/**
 * `keyhold attributes set ID NAME VALUE`: Set Attribute [KMIP 2.1 §6.1.52] over KMIP 2.x; over
 * 1.x (which has no Set Attribute) Modify Attribute when the object has the attribute, else Add
 * Attribute [KMIP 1.2 §4.14-4.15]. VALUE is parsed by the attribute's type: text,
 * a number, a date (ISO 8601), true/false, an enumeration or mask name, hex bytes; custom
 * attributes (x-…, y-…) are text.
 */
import type { Command } from 'commander';
import { attributeTagForName, attributeValueSchema, enumForTag, findAttribute, maskForTag, NameType, type AttributeValue } from '@keyhold/protocol';
import type { KmipClient } from '@keyhold/client';
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

/** Sets one attribute: Set Attribute in 2.x, Modify or Add Attribute in 1.x. */
export async function setAttribute(c: KmipClient, id: string, name: string, value: AttributeValue): Promise<string> {
  if (c.version.major >= 2) return (await c.setAttribute({ uniqueIdentifier: id, newAttribute: { name, value } })).uniqueIdentifier;
  const current = await c.getAttributes({ uniqueIdentifier: id, attributeReference: [name] });
  const request = { uniqueIdentifier: id, newAttribute: { name, value } };
  const res = findAttribute(current.attributes, name) === undefined ? await c.addAttribute(request) : await c.modifyAttribute(request);
  return res.uniqueIdentifier;
}

/** Registers `attributes set`. */
export function registerAttributesSet(attributes: Command): void {
  withConnection(
    attributes.command('set').description('set an attribute of an object (Set Attribute; Modify/Add Attribute over KMIP 1.x)').argument('<id>', 'Unique Identifier').argument('<name>', 'attribute name').argument('<value>', 'value'),
  ).action(async (id: string, name: string, text: string, flags: ConnectionFlags) => {
    const value = parseAttributeValue(name, text);
    const uid = await withClient(flags, (c) => setAttribute(c, id, name, value));
    if (flags.json) await printJson({ id: uid, attribute: name, value: text });
    else await writeOutput(`set ${name} of ${String(uid)}\n`);
  });
}
