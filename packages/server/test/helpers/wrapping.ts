/** Helpers of the key wrapping tests (operations-wrapping*.test.ts). */
import assert from 'node:assert/strict';
import type { Attribute, AttributeValue, KeyBlock, ManagedObject } from '@keyhold/protocol';

export const attr = (name: string, value: AttributeValue): Attribute => ({ name, value });
export const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** The Unique Identifier of a response, which must be a text string. */
export function uidOf(u: unknown): string {
  assert.equal(typeof u, 'string');
  return u as string;
}

/** The Key Block of a key object. */
export function keyBlockOf(obj: ManagedObject): KeyBlock {
  assert.ok('keyBlock' in obj, 'a key object');
  return obj.keyBlock;
}

/** The wrapped Key Value of a key block, which must be a Byte String. */
export function wrappedValue(kb: KeyBlock): Buffer {
  assert.ok(kb.keyValue instanceof Uint8Array, 'the wrapped Key Value is a Byte String');
  return Buffer.from(kb.keyValue);
}
