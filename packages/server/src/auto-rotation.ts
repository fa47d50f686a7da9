/**
 * Automatic rotation [KMIP 2.1 §4.48 Rotate Automatic, §4.51 Rotate Interval, §4.54 Rotate
 * Offset]: a key whose Rotate Automatic is True is rotated by the server, "via the equivalent of
 * the ReKey, ReKeyKeyPair or ReCertify operation", once its Initial Date lies Rotate Interval or
 * more in the past, with Rotate Offset as the Offset. The server runs the Re-key handler (Symmetric
 * Keys) or the Re-key Key Pair handler (Private Keys; the public key is rotated with it) as the
 * key's owner, in one store transaction per key, so the replacement is exactly what a client's
 * Re-key would make: it takes over the Rotate attributes (the rotation goes on with it) and becomes
 * the Rotate Latest, the rotated key no longer is — only a key whose Rotate Latest is not False is
 * rotated, so each key is rotated once.
 *
 * Not rotated: keys without Rotate Interval (nothing says when), Public Keys (rotated with their
 * private key), other objects (Re-certify of certificates is not automatic here), archived keys and
 * keys without key value (the handler refuses them; the refusal is logged and the key left alone).
 * Keys are looked for every {@link AUTO_ROTATION_PERIOD_MS} while the server runs.
 */
import { ObjectType, type ProtocolVersion } from '@keyhold/protocol';
import type { Logger } from './logger.js';
import { BatchState } from './objects/batch-state.js';
import { ObjectRepository } from './objects/repository.js';
import { toStoredAttribute } from './objects/stored-form.js';
import { OPERATIONS, type OperationContext, type ServerFacts } from './operations/index.js';
import { reKey } from './operations/re-key.js';
import { reKeyKeyPair } from './operations/re-key-key-pair.js';
import type { ObjectStore } from './store/types.js';

/** How often the server looks for keys due for rotation. */
export const AUTO_ROTATION_PERIOD_MS = 60_000;

/** The version the server acts in (the Rotate attributes are 2.1's). */
const V2_1: ProtocolVersion = { major: 2, minor: 1 };

/** Options of {@link rotateDueKeys} and {@link startAutoRotation}. */
export interface AutoRotationOptions {
  readonly store: ObjectStore;
  readonly server: ServerFacts;
  /** Current time in milliseconds (default: the real clock). */
  readonly clock?: () => number;
  readonly logger?: Logger;
}

/** One automatic rotation done. */
export interface Rotation {
  /** The rotated key (a Symmetric Key or the Private Key of a pair). */
  readonly uid: string;
  /** The replacement (for a pair: its private key). */
  readonly replacement: string;
}

/** True when a key's Rotate Interval has passed since its Initial Date and it is the latest of its rotations. */
function due(rotateInterval: unknown, initialDate: unknown, rotateLatest: unknown, now: bigint): boolean {
  if (typeof rotateInterval !== 'number' || rotateInterval <= 0 || typeof initialDate !== 'bigint') return false;
  return rotateLatest !== false && initialDate + BigInt(rotateInterval) <= now;
}

/** Rotates every key that is due at this moment; returns what was rotated. */
export async function rotateDueKeys(options: AutoRotationOptions): Promise<Rotation[]> {
  const now = BigInt(Math.floor((options.clock ?? Date.now)() / 1000));
  const uids = await options.store.find({
    objectTypes: [ObjectType.SymmetricKey, ObjectType.PrivateKey],
    hasObject: true,
    attributes: [{ name: 'Rotate Automatic', op: 'eq', value: toStoredAttribute({ name: 'Rotate Automatic', value: true }).value }],
  });
  const done: Rotation[] = [];
  for (const uid of uids) {
    try {
      const replacement = await options.store.transaction(async (tx) => {
        const owner = (await tx.get(uid))?.owner;
        if (owner === undefined) return undefined;
        const ctx: OperationContext = {
          version: V2_1,
          principal: owner,
          now,
          objects: new ObjectRepository(tx, owner, now),
          batch: new BatchState(),
          server: options.server,
          supportedOperations: () => [...OPERATIONS.keys()],
        };
        const key = await ctx.objects.load(uid, { archived: 'allow' });
        if (key.find('Archive Date') !== undefined) return undefined;
        if (!due(key.value('Rotate Interval'), key.value('Initial Date'), key.value('Rotate Latest'), now)) return undefined;
        const offset = key.value('Rotate Offset');
        const withOffset = typeof offset === 'number' ? { offset } : {};
        if (key.objectType === ObjectType.SymmetricKey) {
          const res = (await reKey.handle({ uniqueIdentifier: uid, ...withOffset }, ctx)) as { uniqueIdentifier: string };
          return res.uniqueIdentifier;
        }
        const res = (await reKeyKeyPair.handle({ privateKeyUniqueIdentifier: uid, ...withOffset }, ctx)) as { privateKeyUniqueIdentifier: string };
        return res.privateKeyUniqueIdentifier;
      });
      if (replacement !== undefined) {
        done.push({ uid, replacement });
        options.logger?.info({ uid, replacement }, 'rotated a key automatically (Rotate Automatic)');
      }
    } catch (err) {
      options.logger?.warn({ uid, reason: err instanceof Error ? err.message : String(err) }, 'automatic rotation of a key failed; it is left as it is');
    }
  }
  return done;
}

/** A running rotation timer. */
export interface AutoRotationHandle {
  /** Stops the timer and waits for a sweep in progress. */
  stop(): Promise<void>;
}

/** Looks for due keys every `periodMs` (default {@link AUTO_ROTATION_PERIOD_MS}) until stopped. */
export function startAutoRotation(options: AutoRotationOptions, periodMs: number = AUTO_ROTATION_PERIOD_MS): AutoRotationHandle {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => rotateDueKeys(options)).catch((err: unknown) => options.logger?.error({ err }, 'automatic rotation sweep failed'));
  }, periodMs);
  timer.unref();
  return {
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
    },
  };
}
