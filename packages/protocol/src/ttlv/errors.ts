/**
 * Codec errors. Every failure of the TTLV reader, writer or framer, and of the XML and JSON
 * encodings, is a {@link TtlvError} with a stable code; `docs/errors.md` lists them all and a test
 * keeps that list and this table in step.
 */

/** Stable codes of codec failures, with the one-line meaning documented for users. */
export const TTLV_ERROR_CODES = {
  KMIP_ERR_TTLV_TRUNCATED: 'The input ends before the item it announces is complete.',
  KMIP_ERR_TTLV_BAD_LENGTH:
    'An item length is wrong for its type (fixed-size types, structures not a multiple of 8, children overrunning their structure).',
  KMIP_ERR_TTLV_BAD_PADDING: 'Padding bytes after a value are not zero.',
  KMIP_ERR_TTLV_BAD_BOOLEAN: 'A Boolean value is neither 0 nor 1.',
  KMIP_ERR_TTLV_BAD_UTF8: 'A Text String (or 3.0 text-like item) is not valid UTF-8.',
  KMIP_ERR_TTLV_BAD_TYPE: 'An item type byte is not a known TTLV item type.',
  KMIP_ERR_TTLV_TOO_LARGE: 'A message is larger than the configured maximum message size.',
  KMIP_ERR_TTLV_DEPTH: 'Structures are nested deeper than the configured maximum depth.',
  KMIP_ERR_TTLV_TOO_MANY_ITEMS: 'A message holds more items than the configured maximum.',
  KMIP_ERR_TTLV_TRAILING: 'Bytes follow the end of the top-level item.',
  KMIP_ERR_TTLV_NOT_A_MESSAGE: 'A framed message does not start with a Structure item.',
  KMIP_ERR_TTLV_BAD_VALUE: 'A value cannot be encoded in its item type (out of range or wrong JavaScript type).',
  KMIP_ERR_TTLV_BAD_TAG: 'A tag is not a 3-byte value.',
  KMIP_ERR_XML_SYNTAX: 'The XML text is not well-formed.',
  KMIP_ERR_JSON_SYNTAX: 'The JSON text is not valid JSON or not a KMIP JSON item.',
  KMIP_ERR_TEXT_UNKNOWN_TAG: 'An XML element or JSON tag name is not a known KMIP tag and not a hex tag.',
  KMIP_ERR_TEXT_BAD_TYPE: 'An XML or JSON item type name is unknown.',
  KMIP_ERR_TEXT_BAD_VALUE: 'An XML or JSON value does not parse for its item type (including unknown enumeration or mask names).',
  KMIP_ERR_HEX_SYNTAX: 'Hexadecimal input has an odd number of digits or a non-hex character.',
} as const;

/** One of the codec's stable error codes. */
export type TtlvErrorCode = keyof typeof TTLV_ERROR_CODES;

/**
 * A codec failure. `offset` is the byte offset in the TTLV input (or, for text encodings, the
 * character offset) where the problem was found, when known.
 */
export class TtlvError extends Error {
  override readonly name = 'TtlvError';
  readonly code: TtlvErrorCode;
  readonly offset: number | undefined;

  constructor(code: TtlvErrorCode, message: string, offset?: number) {
    super(offset === undefined ? message : `${message} (at offset ${offset})`);
    this.code = code;
    this.offset = offset;
  }
}

/** True when `err` is a {@link TtlvError}. */
export function isTtlvError(err: unknown): err is TtlvError {
  return err instanceof TtlvError;
}
