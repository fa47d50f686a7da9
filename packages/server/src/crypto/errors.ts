/**
 * Failures of the key-material layer.
 *
 * A {@link KeyMaterialError} is a {@link KmipError}, so the server's one error-mapping function
 * reports it with the Result Reason chosen here from its `kind` — no extra case is needed there.
 * Messages name the algorithm, the format or the length at fault and never contain key bytes,
 * component values or digests of them (STYLE.md §2.5): they are safe for logs, and a server may
 * still decide to put only a generic text into Result Message.
 */
import { KmipError, ResultReason } from '@keyhold/protocol';

/**
 * The kinds of {@link KeyMaterialError}, each with what it means and the KMIP Result Reason it
 * maps to [KMIP 2.1 §11, Table 205].
 */
export const KEY_MATERIAL_ERROR_KINDS = {
  'invalid-length': {
    reason: ResultReason.InvalidField,
    description: 'The Cryptographic Length (or the length of the key bytes) is not valid for the algorithm.',
  },
  'unsupported-algorithm': {
    reason: ResultReason.InvalidField,
    description: 'The Cryptographic Algorithm cannot be generated, imported or converted by this server.',
  },
  'unsupported-curve': {
    reason: ResultReason.InvalidField,
    description: 'The Recommended Curve is unknown, not supported by the runtime, or inconsistent with the algorithm.',
  },
  'unsupported-format': {
    reason: ResultReason.KeyFormatTypeNotSupported,
    description: 'The Key Format Type does not apply to this kind of key, or the conversion is not supported.',
  },
  'unsupported-compression': {
    reason: ResultReason.KeyCompressionTypeNotSupported,
    description: 'The Key Compression Type does not apply to this key or curve.',
  },
  'invalid-parameter': {
    reason: ResultReason.InvalidField,
    description: 'A generation parameter other than the length (RSA public exponent, DSA Q length) is invalid.',
  },
  'bad-key-data': {
    reason: ResultReason.InvalidField,
    description: 'The Key Material is malformed, inconsistent or not a valid key of the stated type.',
  },
  'missing-data': {
    reason: ResultReason.MissingData,
    description: 'Information needed to interpret the key (algorithm, curve, key components) is absent.',
  },
  mismatch: {
    reason: ResultReason.InvalidField,
    description: 'The stated Cryptographic Algorithm, Length or curve disagrees with the value of the key.',
  },
  'crypto-failure': {
    reason: ResultReason.CryptographicFailure,
    description: 'The cryptographic library refused or failed an operation on valid input.',
  },
} as const satisfies Readonly<Record<string, { readonly reason: ResultReason; readonly description: string }>>;

/** One of the {@link KEY_MATERIAL_ERROR_KINDS}. */
export type KeyMaterialErrorKind = keyof typeof KEY_MATERIAL_ERROR_KINDS;

/**
 * A key-material failure: invalid length or algorithm, unsupported curve/format/compression,
 * malformed key data. `reason` (from {@link KmipError}) is derived from `kind`.
 */
export class KeyMaterialError extends KmipError {
  readonly kind: KeyMaterialErrorKind;

  /**
   * @param kind what went wrong
   * @param message a description without any key material
   * @param cause the underlying (node:crypto) error, kept for logs; it never carries key bytes
   *   because this layer only passes DER and raw buffers to node:crypto, whose errors are OpenSSL
   *   reason strings
   */
  constructor(kind: KeyMaterialErrorKind, message: string, cause?: unknown) {
    super(KEY_MATERIAL_ERROR_KINDS[kind].reason, message, cause === undefined ? {} : { cause });
    this.kind = kind;
    // KmipError declares `name` as the literal 'KmipError'; report the subclass in stack traces.
    Object.defineProperty(this, 'name', { value: 'KeyMaterialError', enumerable: false });
  }
}

/** True when `err` is a {@link KeyMaterialError} (optionally of the given kind). */
export function isKeyMaterialError(err: unknown, kind?: KeyMaterialErrorKind): err is KeyMaterialError {
  return err instanceof KeyMaterialError && (kind === undefined || err.kind === kind);
}
