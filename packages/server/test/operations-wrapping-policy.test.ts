/**
 * The wrapping key goes through the key-use policy of every cryptographic use (crypto/usage.ts)
 * [KMIP 1.2 §2.1.5, §3.19, §3.21, §3.22, §3.25-3.26; 2.1 §2.1.5, §4.19, §4.57, §4.44, §4.47, §4.61]:
 * wrap (Get with a Key Wrapping Specification) only with an Active key before its Protect Stop
 * Date, with Wrap Key in its mask, taking one unit of its Usage Limits per wrap; unwrap (Get with
 * Key Wrap Type Not Wrapped) also with a Deactivated key, with Unwrap Key or Wrap Key, counting
 * nothing. Reasons per version: 2.x Wrong Key Lifecycle State / Incompatible Cryptographic Usage
 * Mask, 1.x Permission Denied; Usage Limits used up is Permission Denied in every version.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  BatchErrorContinuationOption,
  BlockCipherMode,
  CryptographicUsageMask as U,
  EncodingOption,
  KeyWrapType,
  ObjectType,
  Operation,
  ResultReason,
  ResultStatus,
  RevocationReasonCode,
  UsageLimitsUnit,
  WrappingMethod,
  type Attribute,
  type KeyBlock,
  type KeyWrappingSpecification,
} from '@keyhold/protocol';
import { assertReason, attr, expectReasons, InProcessKmip, item, V1_2, V1_4, V2_1 } from './helpers/kmip.js';
import { keyBlockOf, rawBlock, registerKeyBlock } from './helpers/wrapping.js';

const R = ResultReason;

function registerAes(kmip: InProcessKmip, key: Uint8Array, mask: number, extra: Attribute[] = [], block: KeyBlock = rawBlock(key)): Promise<string> {
  return registerKeyBlock(kmip, V2_1, ObjectType.SymmetricKey, block, mask, extra);
}

const spec = (kek: string): KeyWrappingSpecification => ({
  wrappingMethod: WrappingMethod.Encrypt,
  encryptionKeyInformation: { uniqueIdentifier: kek, cryptographicParameters: { blockCipherMode: BlockCipherMode.NISTKeyWrap } },
  encodingOption: EncodingOption.NoEncoding,
  attributeName: [],
});

const nistKeyWrap = attr('Cryptographic Parameters', { blockCipherMode: BlockCipherMode.NISTKeyWrap });

/** A key to wrap. */
function keyToWrap(kmip: InProcessKmip): Promise<string> {
  return registerAes(kmip, randomBytes(32), U.Encrypt | U.Decrypt);
}

/** Registers a copy of `key` wrapped under `kek` (as Get returned it) and returns its Unique Identifier. */
async function registerWrappedCopy(kmip: InProcessKmip, key: string, kek: string, unwrapWith: string = kek): Promise<string> {
  const kb = keyBlockOf((await kmip.ok(V2_1, Operation.Get, { uniqueIdentifier: key, keyWrappingSpecification: spec(kek) })).object);
  const data = kb.keyWrappingData;
  assert.ok(data?.encryptionKeyInformation !== undefined);
  const block: KeyBlock = { ...kb, keyWrappingData: { ...data, encryptionKeyInformation: { ...data.encryptionKeyInformation, uniqueIdentifier: unwrapWith } } };
  return registerAes(kmip, Buffer.alloc(0), U.Encrypt | U.Decrypt, [], block);
}

describe('the wrapping key goes through the key-use policy', () => {
  test('wrap with a Deactivated key is Wrong Key Lifecycle State (1.x Permission Denied); unwrap with it is allowed', async () => {
    const kmip = new InProcessKmip();
    const key = await keyToWrap(kmip);
    const kek = await registerAes(kmip, randomBytes(16), U.WrapKey | U.UnwrapKey, [nistKeyWrap]);
    const copy = await registerWrappedCopy(kmip, key, kek);
    await kmip.ok(V2_1, Operation.Revoke, { uniqueIdentifier: kek, revocationReason: { revocationReasonCode: RevocationReasonCode.CessationOfOperation } });
    await expectReasons((v) => kmip.fail(v, Operation.Get, { uniqueIdentifier: key, keyWrappingSpecification: spec(kek) }), [
      [V2_1, R.WrongKeyLifecycleState],
      [V1_2, R.PermissionDenied],
    ]);
    const plain = keyBlockOf((await kmip.ok(V2_1, Operation.Get, { uniqueIdentifier: copy, keyWrapType: KeyWrapType.NotWrapped })).object);
    assert.equal(plain.keyWrappingData, undefined);
  });

  test('wrap after the Protect Stop Date is Wrong Key Lifecycle State; unwrap then is allowed; unwrap before the Process Start Date is not', async () => {
    const kmip = new InProcessKmip();
    const key = await keyToWrap(kmip);
    const bytes = randomBytes(16);
    const kek = await registerAes(kmip, bytes, U.WrapKey | U.UnwrapKey, [nistKeyWrap]);
    const copy = await registerWrappedCopy(kmip, key, kek);
    const stopped = await registerAes(kmip, bytes, U.WrapKey | U.UnwrapKey, [nistKeyWrap, attr('Protect Stop Date', kmip.nowSeconds - 60n)]);
    await expectReasons((v) => kmip.fail(v, Operation.Get, { uniqueIdentifier: key, keyWrappingSpecification: spec(stopped) }), [
      [V2_1, R.WrongKeyLifecycleState],
      [V1_2, R.PermissionDenied],
    ]);
    const viaStopped = await registerWrappedCopy(kmip, key, kek, stopped);
    await kmip.ok(V2_1, Operation.Get, { uniqueIdentifier: viaStopped, keyWrapType: KeyWrapType.NotWrapped });
    const notYet = await registerAes(kmip, bytes, U.WrapKey | U.UnwrapKey, [nistKeyWrap, attr('Process Start Date', kmip.nowSeconds + 3600n)]);
    const viaNotYet = await registerWrappedCopy(kmip, key, kek, notYet);
    assertReason(await kmip.fail(V2_1, Operation.Get, { uniqueIdentifier: viaNotYet, keyWrapType: KeyWrapType.NotWrapped }), R.WrongKeyLifecycleState);
    await kmip.ok(V2_1, Operation.Get, { uniqueIdentifier: copy, keyWrapType: KeyWrapType.NotWrapped });
  });

  test('a wrapped Get takes one unit of the wrapping key\'s Usage Limits; used up is Permission Denied; unwrapping counts nothing', async () => {
    const kmip = new InProcessKmip();
    const key = await keyToWrap(kmip);
    const limits = { usageLimitsTotal: 2n, usageLimitsCount: 2n, usageLimitsUnit: UsageLimitsUnit.Object };
    const kek = await registerAes(kmip, randomBytes(16), U.WrapKey | U.UnwrapKey, [nistKeyWrap, attr('Usage Limits', limits)]);
    const count = async (): Promise<bigint | undefined> => ((await kmip.stored(kek, 'Usage Limits'))[0]?.value as { usageLimitsCount?: bigint } | undefined)?.usageLimitsCount;
    assert.equal(await count(), 2n);
    const copy = await registerWrappedCopy(kmip, key, kek);
    assert.equal(await count(), 1n, 'the wrapped Get took one unit');
    await kmip.ok(V2_1, Operation.Get, { uniqueIdentifier: copy, keyWrapType: KeyWrapType.NotWrapped });
    assert.equal(await count(), 1n, 'unwrapping counts nothing');
    await kmip.ok(V1_2, Operation.Get, { uniqueIdentifier: key, keyWrappingSpecification: spec(kek) });
    assert.equal(await count(), 0n);
    await expectReasons((v) => kmip.fail(v, Operation.Get, { uniqueIdentifier: key, keyWrappingSpecification: spec(kek) }), [
      [V2_1, R.PermissionDenied],
      [V1_2, R.PermissionDenied],
    ]);
    assert.equal(await count(), 0n);
    await kmip.ok(V2_1, Operation.Get, { uniqueIdentifier: copy, keyWrapType: KeyWrapType.NotWrapped });
  });

  test('the Usage Limits taken by a wrap are given back when the batch is undone', async () => {
    const kmip = new InProcessKmip();
    const key = await keyToWrap(kmip);
    const kek = await registerAes(kmip, randomBytes(16), U.WrapKey, [nistKeyWrap, attr('Usage Limits', { usageLimitsTotal: 5n, usageLimitsCount: 5n, usageLimitsUnit: UsageLimitsUnit.Object })]);
    const res = await kmip.send(
      V2_1,
      [item(Operation.Get, { uniqueIdentifier: key, keyWrappingSpecification: spec(kek) }), item(Operation.Get, { uniqueIdentifier: 'no-such-object' })],
      { batchErrorContinuationOption: BatchErrorContinuationOption.Undo },
    );
    assert.deepEqual(res.batchItem.map((b) => b.resultStatus), [ResultStatus.OperationUndone, ResultStatus.OperationFailed]);
    assert.equal(((await kmip.stored(kek, 'Usage Limits'))[0]?.value as { usageLimitsCount?: bigint }).usageLimitsCount, 5n);
  });

  test('a wrapping key without Wrap Key is Incompatible Cryptographic Usage Mask (1.x Permission Denied); Unwrap Key or Wrap Key unwraps', async () => {
    const kmip = new InProcessKmip();
    const key = await keyToWrap(kmip);
    const bytes = randomBytes(16);
    const kek = await registerAes(kmip, bytes, U.WrapKey, [nistKeyWrap]);
    const encryptOnly = await registerAes(kmip, bytes, U.Encrypt | U.Decrypt, [nistKeyWrap]);
    const unwrapOnly = await registerAes(kmip, bytes, U.UnwrapKey, [nistKeyWrap]);
    await expectReasons((v) => kmip.fail(v, Operation.Get, { uniqueIdentifier: key, keyWrappingSpecification: spec(encryptOnly) }), [
      [V2_1, R.IncompatibleCryptographicUsageMask],
      [V1_2, R.PermissionDenied],
    ]);
    assertReason(await kmip.fail(V2_1, Operation.Get, { uniqueIdentifier: key, keyWrappingSpecification: spec(unwrapOnly) }), R.IncompatibleCryptographicUsageMask);
    await kmip.ok(V2_1, Operation.Get, { uniqueIdentifier: await registerWrappedCopy(kmip, key, kek, unwrapOnly), keyWrapType: KeyWrapType.NotWrapped });
    await kmip.ok(V2_1, Operation.Get, { uniqueIdentifier: await registerWrappedCopy(kmip, key, kek), keyWrapType: KeyWrapType.NotWrapped });
    const viaEncryptOnly = await registerWrappedCopy(kmip, key, kek, encryptOnly);
    // Key Wrap Type is a 1.4 field.
    await expectReasons((v) => kmip.fail(v, Operation.Get, { uniqueIdentifier: viaEncryptOnly, keyWrapType: KeyWrapType.NotWrapped }), [
      [V2_1, R.IncompatibleCryptographicUsageMask],
      [V1_4, R.PermissionDenied],
    ]);
  });
});
