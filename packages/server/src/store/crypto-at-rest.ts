/**
 * Encryption at rest for persistent stores.
 *
 * What is encrypted: the `object` bytes of every record (key material, certificates, secret data)
 * and the value of every attribute whose name is sensitive (see {@link SensitiveAttributePolicy}).
 * Everything else — identifiers, owners, object types, attribute names and non-sensitive values —
 * is stored in clear so that it can be indexed and searched.
 *
 * Format of a sealed value (version 1):
 *
 * ```
 * 0x01 | nonce (12 random bytes) | AES-256-GCM ciphertext | tag (16 bytes)
 * ```
 *
 * The AES key is derived from the 32-byte master key with HKDF-SHA-256 (info
 * "keyhold/store/aes-256-gcm/v1"), never used directly; a second HKDF output is stored as the key
 * check of the database (so that a wrong master key is refused when the store opens). The
 * additional authenticated data binds each ciphertext to its place: the version byte, the column
 * ("objects.object" or "attributes.value"), the unique identifier and, for attributes, the
 * attribute name and index — a ciphertext copied to another row or column fails authentication.
 *
 * Nonces are random (96 bits), so one master key should seal fewer than 2^32 values (NIST SP
 * 800-38D §8.3); every put() re-seals the record's object and sensitive attributes, so that is
 * four billion writes.
 */
import { createCipheriv, createDecipheriv, createSecretKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { StoreError, StoreIntegrityError } from './errors.js';

/** First byte of every sealed value. */
export const SEALED_VERSION = 0x01;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const MASTER_KEY_BYTES = 32;

/**
 * Which attribute values are encrypted at rest, by name.
 *
 * Default ({@link DEFAULT_SENSITIVE_ATTRIBUTES}): no standard KMIP attribute (none of them holds a
 * secret: key material lives in the object itself, which is always encrypted), and every custom
 * attribute whose name starts with `x-secret-` or `y-secret-` (client- and server-defined custom
 * attributes respectively, KMIP 1.x "x-" / "y-" naming). Matching is case-sensitive.
 *
 * A sensitive value is stored only as ciphertext: no searchable projection is kept, so `find`
 * conditions on it are evaluated after decryption (correct, but a scan of the records that carry
 * the attribute rather than an index lookup). Changing the policy of an existing database
 * re-seals or un-seals the affected attribute values when the store opens.
 */
export interface SensitiveAttributePolicy {
  /** Exact attribute names. */
  readonly names?: readonly string[];
  /** Name prefixes. */
  readonly prefixes?: readonly string[];
}

/** The default policy: custom attributes named `x-secret-*` and `y-secret-*`. */
export const DEFAULT_SENSITIVE_ATTRIBUTES: SensitiveAttributePolicy = Object.freeze({
  names: Object.freeze([]),
  prefixes: Object.freeze(['x-secret-', 'y-secret-']),
});

/** A compiled {@link SensitiveAttributePolicy}. */
export class SensitiveAttributes {
  private readonly names: ReadonlySet<string>;
  private readonly prefixes: readonly string[];

  constructor(policy: SensitiveAttributePolicy = DEFAULT_SENSITIVE_ATTRIBUTES) {
    this.names = new Set(policy.names ?? []);
    this.prefixes = [...(policy.prefixes ?? [])];
    for (const s of [...this.names, ...this.prefixes]) {
      if (typeof s !== 'string' || s.length === 0) {
        throw new StoreError('KEYHOLD_ERR_STORE_INVALID', 'Sensitive attribute names and prefixes must be non-empty strings');
      }
    }
  }

  /** True when values of this attribute are encrypted at rest. */
  has(name: string): boolean {
    return this.names.has(name) || this.prefixes.some((p) => name.startsWith(p));
  }

  /** A stable text form: a stored copy tells whether the policy changed since the last open. */
  fingerprint(): string {
    return JSON.stringify({ names: [...this.names].sort(), prefixes: [...this.prefixes].sort() });
  }
}

/** Where a sealed value lives; bound as additional authenticated data. */
export type SealContext =
  | { readonly column: 'objects.object'; readonly uid: string }
  | { readonly column: 'attributes.value'; readonly uid: string; readonly name: string; readonly index: number };

function lengthPrefixed(parts: readonly string[]): Buffer[] {
  const out: Buffer[] = [];
  for (const p of parts) {
    const bytes = Buffer.from(p, 'utf8');
    const len = Buffer.allocUnsafe(4);
    len.writeUInt32BE(bytes.length, 0);
    out.push(len, bytes);
  }
  return out;
}

function aad(ctx: SealContext): Buffer {
  const parts = ctx.column === 'objects.object' ? [ctx.column, ctx.uid] : [ctx.column, ctx.uid, ctx.name, String(ctx.index)];
  return Buffer.concat([Buffer.of(SEALED_VERSION), Buffer.from('keyhold-store', 'latin1'), ...lengthPrefixed(parts)]);
}

function describe(ctx: SealContext): string {
  return ctx.column === 'objects.object'
    ? `the object of ${JSON.stringify(ctx.uid)}`
    : `attribute ${JSON.stringify(ctx.name)} index ${ctx.index} of ${JSON.stringify(ctx.uid)}`;
}

/**
 * Checks that a master key is 32 bytes (the message never contains key bytes).
 * @throws StoreError KEYHOLD_ERR_MASTER_KEY_INVALID
 */
export function assertMasterKey(key: unknown): asserts key is Uint8Array {
  if (!(key instanceof Uint8Array) || key.byteLength !== MASTER_KEY_BYTES) {
    const got = key instanceof Uint8Array ? `${key.byteLength} bytes` : typeof key;
    throw new StoreError('KEYHOLD_ERR_MASTER_KEY_INVALID', `The master key must be ${MASTER_KEY_BYTES} bytes (got ${got})`);
  }
}

/** AES-256-GCM sealing of store values under keys derived from the master key. */
export class AtRestCipher {
  private readonly key: KeyObject;
  /** A value derived from the master key (not usable to recover it) that identifies it. */
  readonly keyCheck: Buffer;

  constructor(masterKey: Uint8Array) {
    assertMasterKey(masterKey);
    const derive = (info: string): Buffer => Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), info, 32));
    const aesKey = derive('keyhold/store/aes-256-gcm/v1');
    this.key = createSecretKey(aesKey);
    aesKey.fill(0);
    this.keyCheck = derive('keyhold/store/key-check/v1');
  }

  /** Encrypts `plaintext` for the given place. */
  seal(plaintext: Uint8Array, ctx: SealContext): Buffer {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(ctx));
    const body = cipher.update(plaintext);
    const final = cipher.final();
    return Buffer.concat([Buffer.of(SEALED_VERSION), nonce, body, final, cipher.getAuthTag()]);
  }

  /**
   * Decrypts and authenticates a sealed value.
   * @throws StoreIntegrityError when it was sealed under another key, for another place, or altered.
   */
  open(sealed: Uint8Array, ctx: SealContext): Buffer {
    if (sealed.byteLength < 1 + NONCE_BYTES + TAG_BYTES || sealed[0] !== SEALED_VERSION) throw new StoreIntegrityError(describe(ctx));
    const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
    const nonce = buf.subarray(1, 1 + NONCE_BYTES);
    const tag = buf.subarray(buf.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(ctx));
    decipher.setAuthTag(tag);
    const body = decipher.update(buf.subarray(1 + NONCE_BYTES, buf.length - TAG_BYTES));
    try {
      return Buffer.concat([body, decipher.final()]);
    } catch {
      body.fill(0);
      throw new StoreIntegrityError(describe(ctx));
    }
  }
}
