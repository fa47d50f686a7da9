/**
 * KMIP protocol versions known to Keyhold and comparisons between them.
 */

/** A protocol version: Protocol Version Major and Minor. */
export interface ProtocolVersion {
  readonly major: number;
  readonly minor: number;
}

/** Every version the registry describes, oldest first. */
export const KNOWN_VERSIONS: readonly ProtocolVersion[] = [
  { major: 1, minor: 0 },
  { major: 1, minor: 1 },
  { major: 1, minor: 2 },
  { major: 1, minor: 3 },
  { major: 1, minor: 4 },
  { major: 2, minor: 0 },
  { major: 2, minor: 1 },
  { major: 3, minor: 0 },
];

/** Orders versions: negative when a < b. */
export function compareVersions(a: ProtocolVersion, b: ProtocolVersion): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

/** "2.1" -> {major: 2, minor: 1}. */
export function parseVersion(s: string): ProtocolVersion {
  const m = /^(\d+)\.(\d+)$/.exec(s.trim());
  if (!m) throw new RangeError(`Not a KMIP version: ${JSON.stringify(s)}`);
  return { major: Number(m[1]), minor: Number(m[2]) };
}

/** {major: 2, minor: 1} -> "2.1". */
export function formatVersion(v: ProtocolVersion): string {
  return `${v.major}.${v.minor}`;
}

const versionKey = (s: string): number => {
  const v = parseVersion(s);
  return v.major * 1000 + v.minor;
};

/** True when a registry entry with `since`/`until` exists in version `v`. */
export function definedIn(entry: { readonly since: string; readonly until?: string }, v: ProtocolVersion): boolean {
  const k = v.major * 1000 + v.minor;
  if (k < versionKey(entry.since)) return false;
  return entry.until === undefined || k <= versionKey(entry.until);
}

/** True when `v` falls in a registry range key such as "1.0-1.4", "2.0-2.1" or "3.0-draft". */
export function inRange(range: string, v: ProtocolVersion): boolean {
  const [lo, hi] = range.split('-');
  if (lo === undefined) return false;
  const k = v.major * 1000 + v.minor;
  if (k < versionKey(lo)) return false;
  if (hi === undefined || hi === 'draft') return hi === 'draft' ? v.major === parseVersion(lo).major : k === versionKey(lo);
  return k <= versionKey(hi);
}
