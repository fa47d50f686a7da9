/**
 * Placeholder syntax of the OASIS KMIP test cases (test/vectors/oasis/README.md §3 "Values that
 * vary between runs"): `$UNIQUE_IDENTIFIER_n`, `$NOW±s`, `$MAC_DATA`, … written in the `value`
 * attribute instead of a literal.
 */

/** A placeholder value text: `$` + UPPER_SNAKE name, optionally `+s`/`-s` (only `$NOW` uses it). */
const PLACEHOLDER_RE = /^\$[A-Z][A-Z0-9_]*(?:[+-][0-9]+)?$/;
const NOW_RE = /^\$NOW(?:([+-])([0-9]+))?$/;

/** True when a value text is a placeholder rather than a literal. */
export function isPlaceholder(text: string): boolean {
  return PLACEHOLDER_RE.test(text.trim());
}

/** For `$NOW`, `$NOW+s`, `$NOW-s`: the offset in seconds; otherwise undefined. */
export function nowOffset(text: string): bigint | undefined {
  const m = NOW_RE.exec(text.trim());
  if (!m) return undefined;
  const s = BigInt(m[2] ?? '0');
  return m[1] === '-' ? -s : s;
}

/**
 * The binding name of a placeholder. README §3: "`$UNIQUE_IDENTIFIER` (no index) … treat like
 * _0", so both spellings bind the same value.
 */
export function placeholderName(text: string): string {
  const t = text.trim();
  return t === '$UNIQUE_IDENTIFIER' ? '$UNIQUE_IDENTIFIER_0' : t;
}

/**
 * README §3: `$UNIQUE_IDENTIFIER_RANDOM_n` / `$SHORT_UNIQUE_IDENTIFIER_RANDOM_n` — "client must
 * invent a fresh unique value and reuse it consistently".
 */
export function isClientInvented(name: string): boolean {
  return /_RANDOM(?:_[0-9]+)?$/.test(name);
}

/**
 * README §3 / §4: `$SERVER_CORRELATION_VALUE` stands for "any value" (Server Correlation Value
 * is a variable item).
 */
export function isAnyValue(name: string): boolean {
  return name === '$SERVER_CORRELATION_VALUE';
}
