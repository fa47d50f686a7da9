/** Shared helpers of the crypto-*.test.ts suites. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { KeyMaterialError, type KeyMaterialErrorKind } from '../src/crypto/index.js';

/** Asserts that `fn` throws a KeyMaterialError of `kind` and returns it. */
export function throwsKind(fn: () => unknown, kind: KeyMaterialErrorKind, message?: string): KeyMaterialError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof KeyMaterialError, `${message ?? 'expected a KeyMaterialError'}: got ${String(caught)}`);
  assert.equal(caught.kind, kind, `${message ?? ''} (${caught.message})`);
  return caught;
}

/** Async variant of {@link throwsKind}. */
export async function rejectsKind(p: Promise<unknown>, kind: KeyMaterialErrorKind): Promise<KeyMaterialError> {
  let caught: unknown;
  try {
    await p;
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof KeyMaterialError, `expected a KeyMaterialError: got ${String(caught)}`);
  assert.equal(caught.kind, kind, caught.message);
  return caught;
}

/** Compiled to packages/server/dist/test/: the repository root is four levels up. */
const ROOT = new URL('../../../../', import.meta.url);

/** The text of an OASIS test-case file, e.g. `v1.2/testcases/TC-182-12.xml`. */
export function oasis(path: string): string {
  return readFileSync(new URL(`test/vectors/oasis/${path}`, ROOT), 'utf8');
}

/** The `value` of every `<name type="…" value="…"/>` element in `xml`, in order. */
export function values(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name} type="[A-Za-z]+" value="([^"]*)"`, 'g'))].map((m) => m[1] as string);
}

/** The one (first) value of `name` in `xml`. */
export function value(xml: string, name: string): string {
  const v = values(xml, name)[0];
  assert.ok(v !== undefined, `no <${name}> in the test case`);
  return v;
}

/** Hex to Buffer. */
export function hex(s: string): Buffer {
  return Buffer.from(s.replace(/[\s|]/g, ''), 'hex');
}

/** A JWK base64url field as an unsigned bigint. */
export function b64uInt(s: string | undefined): bigint {
  assert.ok(s !== undefined, 'missing JWK field');
  return BigInt(`0x${Buffer.from(s, 'base64url').toString('hex')}`);
}
