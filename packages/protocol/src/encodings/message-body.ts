/**
 * KMIP messages as HTTP bodies (KMIP HTTPS profile; "KMIP Additional Message Encodings" §2.4):
 * the three encodings a KMIP request or response may travel in over HTTPS, their media types, and
 * the conversion of a message between its item tree and the bytes of a body. The client and the
 * server both use these, so the media types are spelled in one place.
 */
import { TtlvError } from '../ttlv/errors.js';
import { decodeTtlv, type DecodeOptions } from '../ttlv/reader.js';
import type { TtlvNode } from '../ttlv/types.js';
import { encodeTtlv } from '../ttlv/writer.js';
import { fromJson, stringifyJsonItem, toJsonItem } from './json.js';
import { fromXml, toXml } from './xml.js';

/** How a message body is encoded. */
export type MessageEncoding = 'ttlv' | 'xml' | 'json';

/** The encodings, in documentation order. */
export const MESSAGE_ENCODINGS: readonly MessageEncoding[] = ['ttlv', 'xml', 'json'];

/** The media type a body of each encoding is sent with. */
export const MESSAGE_MEDIA_TYPES: Readonly<Record<MessageEncoding, string>> = {
  ttlv: 'application/octet-stream',
  xml: 'text/xml',
  json: 'application/json',
};

/** Media types read as each encoding: the ones above, and `application/xml` for XML. */
const READ_AS: ReadonlyMap<string, MessageEncoding> = new Map([
  ['application/octet-stream', 'ttlv'],
  ['text/xml', 'xml'],
  ['application/xml', 'xml'],
  ['application/json', 'json'],
]);

/**
 * The encoding of a `Content-Type` header value and its media type (lower case, without
 * parameters), or undefined when it names no KMIP encoding. A `charset` parameter other than
 * UTF-8 is refused too: the XML and JSON encodings are read as UTF-8.
 */
export function encodingOfContentType(contentType: string | undefined): { readonly encoding: MessageEncoding; readonly mediaType: string } | undefined {
  if (contentType === undefined) return undefined;
  const [type = '', ...params] = contentType.split(';').map((p) => p.trim().toLowerCase());
  const encoding = READ_AS.get(type);
  if (encoding === undefined) return undefined;
  for (const p of params) {
    const m = /^charset\s*=\s*"?([^"]*)"?$/.exec(p);
    if (m !== null && m[1] !== 'utf-8' && m[1] !== 'utf8') return undefined;
  }
  return { encoding, mediaType: type };
}

/** The bytes of a body carrying `message` in `encoding` (XML and JSON in UTF-8). */
export function encodeMessageBody(message: TtlvNode, encoding: MessageEncoding): Buffer {
  switch (encoding) {
    case 'ttlv':
      return encodeTtlv(message);
    case 'xml':
      return Buffer.from(toXml(message), 'utf8');
    case 'json':
      return Buffer.from(stringifyJsonItem(toJsonItem(message)), 'utf8');
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * The message a body carries. TTLV is read with `options` (size, depth and item limits); XML and
 * JSON must be UTF-8 text holding one item.
 * @throws TtlvError when the body is not one item in `encoding`.
 */
export function decodeMessageBody(body: Uint8Array, encoding: MessageEncoding, options: DecodeOptions = {}): TtlvNode {
  if (encoding === 'ttlv') return decodeTtlv(body, options);
  let text: string;
  try {
    text = UTF8.decode(body);
  } catch {
    throw new TtlvError(encoding === 'xml' ? 'KMIP_ERR_XML_SYNTAX' : 'KMIP_ERR_JSON_SYNTAX', `The ${encoding.toUpperCase()} body is not valid UTF-8`);
  }
  return encoding === 'xml' ? fromXml(text) : fromJson(text);
}
