/**
 * The keys a key wrap uses — the encryption key of the Encryption Key Information and the MAC /
 * signing key of the MAC/Signature Key Information [KMIP 1.2 §2.1.5-2.1.6, 2.1 §2.1.5-2.1.6]:
 * loading them with the errors of the wrapping key, and choosing their Cryptographic Parameters.
 *
 * The key must exist (Wrapping Object Not Found; 1.x Item Not Found), not be archived (Wrapping
 * Object Archived) or destroyed (Wrapping Object Destroyed; 1.x Permission Denied). The encryption
 * key then goes through the key-use policy of every cryptographic use (crypto/usage.ts, use
 * `wrap` or `unwrap`): Wrap Key in its Cryptographic Usage Mask to wrap, Unwrap Key or Wrap Key
 * to unwrap (Incompatible Cryptographic Usage Mask; 1.x Permission Denied); Active and before its
 * Protect Stop Date to wrap, Active / Deactivated / Compromised and from its Process Start Date on
 * to unwrap (Wrong Key Lifecycle State; 1.x Permission Denied); a wrap takes its units off the
 * key's Usage Limits (see {@link takeWrapUsage}; Permission Denied when used up). The MAC/signature
 * key goes through the same policy as MAC / Sign / Verify (./key-wrapping-mac.ts).
 */
import { KmipError, LinkType, ResultReason, State, type CryptographicParameters } from '@keyhold/protocol';
import { checkKeyUse, takeUsage } from '../crypto/usage.js';
import { kmipError } from '../errors/kmip.js';
import type { ManagedRecord } from '../objects/managed.js';
import type { OperationContext } from './context.js';

/** Wrapping (Get, Export) or unwrapping (Key Wrap Type Not Wrapped, Import, rewrapping). */
export type Direction = 'wrap' | 'unwrap';

/**
 * Loads the key `uid` of a key wrap and checks it may be used (see the module comment). `policy`:
 * apply the key-use policy of crypto/usage.ts for `direction` now (false: the caller applies the
 * policy of another use later, as the MAC/signature key does).
 */
export async function wrappingKeyRecord(ctx: OperationContext, uid: string, direction: Direction, policy: boolean, use: string): Promise<ManagedRecord> {
  let rec: ManagedRecord;
  try {
    rec = await ctx.objects.load(uid, { archived: 'allow' });
  } catch (e) {
    if (e instanceof KmipError && e.reason === ResultReason.ObjectNotFound) {
      throw kmipError(ResultReason.WrappingObjectNotFound, `no ${use} key with the Unique Identifier of the Key Wrapping Specification or Data`, ResultReason.ItemNotFound);
    }
    throw e;
  }
  if (rec.find('Archive Date') !== undefined) throw new KmipError(ResultReason.WrappingObjectArchived, `the ${use} key is archived`);
  if (rec.object === null || rec.state === State.Destroyed || rec.state === State.DestroyedCompromised) {
    throw new KmipError(ResultReason.WrappingObjectDestroyed, `the ${use} key has been destroyed`);
  }
  if (policy) checkKeyUse(ctx, rec, direction, `the ${use} key`);
  return rec;
}

/**
 * A wrap under `rec` of `bytes` plaintext bytes takes its units off the key's Usage Limits (one
 * per wrap, or the bytes for the Byte unit), in the item's transaction.
 * @throws KmipError Permission Denied when the Usage Limits are used up.
 */
export function takeWrapUsage(ctx: OperationContext, rec: ManagedRecord, bytes: number): Promise<ManagedRecord> {
  return takeUsage(ctx, rec, 'wrap', bytes);
}

/** The Unique Identifier `rec` links to with `linkType`, if any. */
export function linkedUid(rec: ManagedRecord, linkType: number): string | undefined {
  const link = rec.all('Link').map((a) => a.value as { linkType: number; linkedObjectIdentifier: unknown }).find((l) => l.linkType === linkType);
  return typeof link?.linkedObjectIdentifier === 'string' ? link.linkedObjectIdentifier : undefined;
}

/** The private key of a key pair, through the public key's Private Key Link. */
export function privateKeyLink(rec: ManagedRecord, what: string): string {
  const uid = linkedUid(rec, LinkType.PrivateKeyLink);
  if (uid === undefined) throw new KmipError(ResultReason.WrappingObjectNotFound, `the server holds no private key to ${what} with`);
  return uid;
}

/** True when every field `given` sets has the same value in `stored`. */
function paramsMatch(given: CryptographicParameters, stored: CryptographicParameters): boolean {
  const s = stored as Record<string, unknown>;
  return Object.entries(given).every(([k, v]) => v === undefined || (v instanceof Uint8Array ? s[k] instanceof Uint8Array && Buffer.from(v).equals(s[k]) : s[k] === v));
}

/**
 * The parameters to wrap with [1.2 §2.1.6]: the request's, which must match an instance of the
 * key's Cryptographic Parameters attribute (Bad Cryptographic Parameters), else the key's first
 * instance (none: the defaults of the method).
 */
export function wrappingParameters(rec: ManagedRecord, given: CryptographicParameters | undefined): CryptographicParameters {
  const stored = rec.all('Cryptographic Parameters').map((a) => a.value as CryptographicParameters);
  if (given === undefined || Object.values(given).every((v) => v === undefined)) return stored[0] ?? {};
  if (!stored.some((s) => paramsMatch(given, s))) {
    throw new KmipError(ResultReason.BadCryptographicParameters, 'the Cryptographic Parameters of the Key Wrapping Specification match no Cryptographic Parameters attribute of the key');
  }
  return given;
}

/** The parameters to unwrap with: those of the Key Wrapping Data, completed from the key's first Cryptographic Parameters. */
export function unwrappingParameters(rec: ManagedRecord, given: CryptographicParameters | undefined): CryptographicParameters {
  const stored = rec.all('Cryptographic Parameters')[0]?.value as CryptographicParameters | undefined;
  return { ...(stored ?? {}), ...Object.fromEntries(Object.entries(given ?? {}).filter(([, v]) => v !== undefined)) } as CryptographicParameters;
}
