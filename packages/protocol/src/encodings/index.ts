/** Text encodings of TTLV trees: KMIP XML, KMIP JSON, and a readable dump. */
export * from './xml.js';
export * from './json.js';
export * from './dump.js';
export * from './message-body.js';
export { parseXml, type XmlElement, type XmlParseOptions } from './xml-parser.js';
export {
  formatDateTime,
  formatDateTimeExtended,
  parseDateTime,
  parseDateTimeExtended,
  formatEnum,
  parseEnum,
  formatMask,
  parseMask,
} from './text-values.js';
