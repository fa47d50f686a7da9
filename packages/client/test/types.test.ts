/**
 * Compile-time checks of the public API: this file passes when `tsc -b packages/client` accepts
 * it (each `@ts-expect-error` must really be an error). The functions are never called.
 *
 * The last test compiles a user's program the way a user would: importing only the published
 * `@keyhold/client` and `@keyhold/protocol` entry points (their emitted .d.ts, through the
 * packages' `exports`), with strict options and library checking on, and asserts that misuse
 * fails to compile.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { Operation, ObjectType, type CreateResponse, type GetResponse, type LocateResponse, type ResultReason } from '@keyhold/protocol';
import { batchItem, KmipClient, KmipOperationError, operations, type BatchResult } from '../src/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_ok?: T): void {}

export async function typedOperations(client: KmipClient): Promise<void> {
  const created = await client.create({ objectType: ObjectType.SymmetricKey, attributes: { attribute: [] } });
  expectType<Equal<typeof created, CreateResponse>>();
  // A response carries the identifier itself: plain `string`, no narrowing (requests take an ObjectRef).
  const id: string = created.uniqueIdentifier;
  expectType<Equal<typeof created.uniqueIdentifier, string>>();
  expectType<Equal<LocateResponse['uniqueIdentifier'], string[] | undefined>>();
  const _pair = await client.createKeyPair({});
  expectType<Equal<typeof _pair.privateKeyUniqueIdentifier | typeof _pair.publicKeyUniqueIdentifier, string>>();
  await client.activate({ uniqueIdentifier: id });
  const _got = await operations.get(client, { uniqueIdentifier: created.uniqueIdentifier });
  expectType<Equal<typeof _got, GetResponse>>();
  const _viaCall = await client.call(Operation.Locate, {});
  expectType<Equal<typeof _viaCall, LocateResponse>>();

  // @ts-expect-error — Get takes no Object Type
  await client.get({ objectType: ObjectType.SymmetricKey });
  // @ts-expect-error — the payload must match the operation
  await client.call(Operation.Activate, { objectType: ObjectType.SymmetricKey, attributes: { attribute: [] } });
  // @ts-expect-error — Revoke requires a Revocation Reason
  await client.revoke({ uniqueIdentifier: 'x' });
}

export async function typedBatch(client: KmipClient): Promise<void> {
  const [c, a] = await client.batch([batchItem(Operation.Create, { objectType: ObjectType.SymmetricKey, attributes: { attribute: [] } }), batchItem(Operation.Activate, {})], {
    errorContinuation: 'stop',
  });
  expectType<Equal<typeof c, BatchResult<typeof Operation.Create>>>();
  if (c.ok) expectType<Equal<typeof c.payload, CreateResponse>>();
  if (!a.ok) {
    expectType<Equal<typeof a.error, KmipOperationError>>();
    expectType<Equal<typeof a.error.resultReason, ResultReason>>();
  }
  // @ts-expect-error — not an option value
  await client.batch([], { errorContinuation: 'retry' });
}

test('the public API type-checks (see the compile-time assertions above)', () => {
  assert.equal(typeof typedOperations, 'function');
  assert.equal(typeof typedBatch, 'function');
});

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/** A user's program: the imports every snippet shares. */
const PRELUDE = `
import { KmipClient, KmipPool, KmipOperationError, batchItem, type BatchResult, type PollResult } from '@keyhold/client';
import { Operation, ObjectType, CryptographicAlgorithm, CryptographicUsageMask, attribute, type CreateResponse, type GetResponse, type EncryptResponse, type ObjectRef } from '@keyhold/protocol';
declare const client: KmipClient;
declare const pool: KmipPool;
`;

/** Correct uses: must compile without a diagnostic. */
const GOOD = `
export async function main(): Promise<void> {
  const c = await KmipClient.connect({ host: 'localhost', port: 5696, ca: 'ca.pem', cert: 'c.pem', key: 'k.pem' });
  const created: CreateResponse = await c.create({
    objectType: ObjectType.SymmetricKey,
    attributes: { attribute: [attribute('Cryptographic Algorithm', CryptographicAlgorithm.AES), attribute('Cryptographic Length', 256), attribute('Cryptographic Usage Mask', CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt)] },
  });
  const id: string = created.uniqueIdentifier;
  const direct: string = (await c.create({ objectType: ObjectType.SymmetricKey, attributes: { attribute: [] } })).uniqueIdentifier;
  const pair: { priv: string; pub: string } = await c.createKeyPair({}).then((r) => ({ priv: r.privateKeyUniqueIdentifier, pub: r.publicKeyUniqueIdentifier }));
  const ref: ObjectRef = id;
  await c.activate({ uniqueIdentifier: ref });
  const got: GetResponse = await c.get({ uniqueIdentifier: id });
  const enc: EncryptResponse = await c.encrypt({ uniqueIdentifier: id, data: new Uint8Array(16) });
  const ct: Uint8Array | undefined = enc.data;
  const [r1, r2] = await c.batch([batchItem(Operation.Create, { objectType: ObjectType.SymmetricKey, attributes: { attribute: [] } }), batchItem(Operation.Locate, {})], { errorContinuation: 'continue' });
  const one: BatchResult<typeof Operation.Create> = r1;
  if (r2.ok) { const ids: string[] | undefined = r2.payload.uniqueIdentifier; void ids; }
  else if (r2.error instanceof KmipOperationError) { const reason: number = r2.error.resultReason; void reason; }
  await pool.ping({});
  await c.reKey({ uniqueIdentifier: id });
  const polled: PollResult = await c.poll({ asynchronousCorrelationValue: new Uint8Array(4) });
  void got; void ct; void one; void polled; void direct; void pair;
  await c.close();
}
`;

/** Misuses: each must fail to compile, with a diagnostic matching the pattern. */
const BAD: Record<string, { code: string; expect: RegExp }> = {
  'wrong payload for the operation': { code: 'export const x = client.call(Operation.Activate, { objectType: ObjectType.SymmetricKey });', expect: /objectType/ },
  'batch item payload of another operation': { code: 'export const x = batchItem(Operation.Get, { dataLength: 16 });', expect: /dataLength/ },
  'missing required field': { code: "export const x = client.revoke({ uniqueIdentifier: 'x' });", expect: /revocationReason/ },
  'string where bytes are needed': { code: "export const x = client.encrypt({ uniqueIdentifier: 'x', data: 'plain' });", expect: /Uint8Array/ },
  'unknown option value': { code: "export const x = client.batch([], { errorContinuation: 'retry' });", expect: /retry/ },
  'result is not any': { code: 'export async function f(): Promise<number> { return (await client.create({ objectType: ObjectType.SymmetricKey, attributes: { attribute: [] } })).uniqueIdentifier; }', expect: /not assignable to type 'number'/ },
  'no server-to-client method': { code: "export const x = client.notify({ uniqueIdentifier: 'x' });", expect: /notify/ },
  'deep import of internals': { code: "import { OperationMethods } from '@keyhold/client/dist/src/methods.js';\nexport const x = OperationMethods;", expect: /methods\.js|not exported|Cannot find/ },
};

test('a strict user program compiles against the published @keyhold/client and @keyhold/protocol, and misuse does not', () => {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts'],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    noImplicitAny: true,
    skipLibCheck: false,
    types: ['node'],
    noEmit: true,
  };
  const files = new Map<string, string>([[join(repoRoot, 'api-check', 'good.mts'), PRELUDE + GOOD]]);
  const badFiles = new Map<string, string>();
  for (const [i, name] of Object.keys(BAD).entries()) {
    const file = join(repoRoot, 'api-check', `bad${i}.mts`);
    files.set(file, PRELUDE + BAD[name]!.code + '\nvoid client; void pool;\n');
    badFiles.set(file, name);
  }
  const host = ts.createCompilerHost(options);
  const baseGet = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, lang, onError, create) => {
    const text = files.get(fileName);
    return text !== undefined ? ts.createSourceFile(fileName, text, lang) : baseGet(fileName, lang, onError, create);
  };
  const baseExists = host.fileExists.bind(host);
  host.fileExists = (f) => files.has(f) || baseExists(f);
  const program = ts.createProgram([...files.keys()], options, host);
  const text = (d: ts.Diagnostic): string => ts.flattenDiagnosticMessageText(d.messageText, '\n');
  const good = [...files.keys()][0]!;
  const goodDiags = [...program.getSyntacticDiagnostics(program.getSourceFile(good)), ...program.getSemanticDiagnostics(program.getSourceFile(good))];
  assert.deepEqual(goodDiags.map(text), [], 'the correct program must compile');
  // The published declaration files themselves type-check under these options (skipLibCheck off).
  const libDiags = program.getSourceFiles().filter((f) => /[\\/]packages[\\/](client|protocol)[\\/]dist[\\/]/.test(f.fileName)).flatMap((f) => program.getSemanticDiagnostics(f));
  assert.deepEqual(libDiags.map(text), []);
  for (const [file, name] of badFiles) {
    const diags = program.getSemanticDiagnostics(program.getSourceFile(file)).map(text);
    assert.ok(diags.length > 0, `misuse "${name}" compiled`);
    assert.ok(diags.some((d) => BAD[name]!.expect.test(d)), `misuse "${name}": unexpected diagnostics ${diags.join(' | ')}`);
  }
});
