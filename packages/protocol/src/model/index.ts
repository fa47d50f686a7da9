/**
 * The typed message model (design/STYLE.md §2.3-2.4, rules 3-5).
 *
 * - `schema.ts`: the combinators. `struct(tag, { field: required(…) | optional(…, {since,
 *   until}) | repeated(…) })`, primitives (`integer`, `longInteger`, `bigInteger`,
 *   `enumeration`, `mask`, `boolean`, `text`, `bytes`, `dateTime`, `dateTimeExtended`,
 *   `interval`), `uid`/`objectRef` (Unique Identifier as text, 2.x placeholder enumeration or
 *   index, 3.0 Identifier/Reference/Name Reference), `responseUid` (the identifier a response
 *   carries: text only, a `string`), `byVersion` (one value, a wire form per
 *   version), `custom` (the escape hatch). Every schema has `decode(node, ctx)` and
 *   `encode(value, ctx)`; `Infer<typeof X>` is its type.
 * - `common.ts`: shared structures (Cryptographic Parameters, Key Wrapping Specification,
 *   Credential, Name, Link, Digest, Revocation Reason, Usage Limits, …).
 * - `attributes.ts`: the canonical {@link Attribute} / {@link Attributes} for 1.x, 2.x and 3.0,
 *   the value schema of every standard attribute, Attribute Reference <-> name.
 * - `objects.ts`: managed objects ({@link ManagedObject}), Key Block with Key Material by Key
 *   Format Type, transparent keys.
 * - `messages.ts`: Request/Response Message, headers, batch items; payloads through the
 *   operation table, {@link RawPayload} for anything not typed.
 * - `payloads/`: one file per operation (composite pairs together), `payloads/index.ts` the
 *   explicit table `PAYLOADS` (Operation -> request/response schemas).
 * - `../errors.ts`: {@link KmipError} (a Result Reason per failure) and its factories.
 */
export * from '../errors.js';
export * from './schema.js';
export * from './common.js';
export * from './attributes.js';
export * from './objects.js';
export * from './messages.js';
export * from './payloads/index.js';
