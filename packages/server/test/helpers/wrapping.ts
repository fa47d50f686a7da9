/** Helpers of the key wrapping tests (operations-wrapping*.test.ts). */
import assert from 'node:assert/strict';
import { CryptographicAlgorithm, KeyFormatType, Operation, type Attribute, type KeyBlock, type ManagedObject, type ProtocolVersion } from '@keyhold/protocol';
import { attr, uidOf, type InProcessKmip } from './kmip.js';

export const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** A Raw key block of these bytes (AES unless told otherwise). */
export function rawBlock(key: Uint8Array, algorithm: number = CryptographicAlgorithm.AES): KeyBlock {
  return { keyFormatType: KeyFormatType.Raw, keyValue: { keyMaterial: key }, cryptographicAlgorithm: algorithm as CryptographicAlgorithm, cryptographicLength: key.length * 8 };
}

/** Registers a key object (Active from an hour ago) and returns its Unique Identifier. */
export async function registerKeyBlock(kmip: InProcessKmip, v: ProtocolVersion, objectType: number, block: KeyBlock, mask: number, extra: Attribute[] = []): Promise<string> {
  const attribute = [attr('Cryptographic Usage Mask', mask), attr('Activation Date', kmip.nowSeconds - 3600n), ...extra];
  const res = await kmip.ok(v, Operation.Register, { objectType: objectType as never, attributes: { attribute }, object: { objectType, keyBlock: block } as ManagedObject });
  return uidOf(res.uniqueIdentifier);
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
