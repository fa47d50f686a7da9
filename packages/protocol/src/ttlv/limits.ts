/**
 * Decoding limits, checked before any allocation that depends on attacker-controlled lengths.
 */

/** Limits applied by the reader and the framer. */
export interface TtlvLimits {
  /** Largest message accepted, in bytes, header included. */
  readonly maxMessageSize: number;
  /** Deepest Structure nesting accepted; the top-level message is depth 1. */
  readonly maxDepth: number;
  /** Most items (of any type) accepted in one message. */
  readonly maxItems: number;
}

/**
 * Defaults: 4 MiB holds a 1 MiB Encrypt request or response with room to spare (and the Locate
 * response of 100 000 identifiers); depth 64 is far beyond any structure the spec defines (the
 * deepest is about 10); 500 000 items is the most a 4 MiB message of 8-byte items could need.
 */
export const DEFAULT_LIMITS: TtlvLimits = Object.freeze({
  maxMessageSize: 4 * 1024 * 1024,
  maxDepth: 64,
  maxItems: 500_000,
});

/** Defaults overridden by the given fields. */
export function resolveLimits(partial?: Partial<TtlvLimits>): TtlvLimits {
  if (partial === undefined) return DEFAULT_LIMITS;
  // An explicit `undefined` (possible from JavaScript callers) must not switch a limit off.
  return {
    maxMessageSize: partial.maxMessageSize ?? DEFAULT_LIMITS.maxMessageSize,
    maxDepth: partial.maxDepth ?? DEFAULT_LIMITS.maxDepth,
    maxItems: partial.maxItems ?? DEFAULT_LIMITS.maxItems,
  };
}
