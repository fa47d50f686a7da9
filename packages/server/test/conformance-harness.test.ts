/**
 * The conformance harness end to end, without the real server: a fake server answers each request
 * with the test case's own expected response (placeholders filled in as a server would), so every
 * file must pass; made to deviate, it must make the right file fail with the right reason. Then the
 * report, the passing list, and the command line over mutual TLS.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import { ItemType, Operation, ResultReason, ResultStatus, Tag, type TtlvNode } from '@keyhold/protocol';
import {
  checkPassing,
  loadManifest,
  main,
  readPassing,
  renderReport,
  runConformance,
  selectFiles,
  updatedPassing,
  writePassing,
  type ConformanceFile,
  type ConformanceRun,
  type FileResult,
} from '../conformance/index.js';
import { fakeServerConnector, type FakeExchange } from '../conformance/fake-server.js';
import { createCa, issueCertificate } from '../src/pki/certificates.js';

const manifest = loadManifest();
const byId = (id: string): ConformanceFile => {
  const f = manifest.find((x) => x.id === id);
  assert.ok(f, `no test case ${id}`);
  return f;
};

// ---- tree editing for the deviating fake ---------------------------------------------------------

type Edit = (n: TtlvNode) => TtlvNode | undefined;

/** Applies `edit` to the first item reached through `tags` (undefined removes it). */
function editAt(node: TtlvNode, tags: readonly number[], edit: Edit): TtlvNode {
  if (tags.length === 0) return edit(node) ?? node;
  if (node.type !== ItemType.Structure) throw new Error('not a structure');
  const [first, ...rest] = tags;
  const i = node.value.findIndex((c) => c.tag === first);
  if (i < 0) throw new Error(`no child 0x${(first as number).toString(16)}`);
  const value = [...node.value];
  if (rest.length === 0) {
    const replaced = edit(value[i] as TtlvNode);
    if (replaced) value[i] = replaced;
    else value.splice(i, 1);
  } else value[i] = editAt(value[i] as TtlvNode, rest, edit);
  return { ...node, value };
}
const remove: Edit = () => undefined;
const setValue =
  (value: number | string): Edit =>
  (n) =>
    ({ ...n, value }) as TtlvNode;
const PAYLOAD = [Tag.BatchItem, Tag.ResponsePayload];

/** A fake that deviates at one step of one file. */
function deviating(id: string, step: number, change: (r: TtlvNode) => TtlvNode): ReturnType<typeof fakeServerConnector> {
  return fakeServerConnector({ mutate: (x: FakeExchange, r) => (x.file.id === id && x.step === step ? change(r) : r) });
}

async function runOne(id: string, connect = fakeServerConnector()): Promise<FileResult> {
  const run = await runConformance({ connect, files: [byId(id)], manifest });
  const r = run.results.find((x) => x.file.id === id);
  assert.ok(r);
  return r;
}

function assertFails(r: FileResult, reason: RegExp): void {
  assert.equal(r.passed, false, `${r.file.id} should fail`);
  assert.match(r.reason ?? '', reason);
}

// ---- tests ---------------------------------------------------------------------------------------

describe('conformance harness against a faithful fake server', () => {
  let run: ConformanceRun;
  before(async () => {
    run = await runConformance({ connect: fakeServerConnector(), files: manifest, manifest });
  });

  test('every file of every version passes', () => {
    const failed = run.results.filter((r) => !r.passed).map((r) => `${r.file.path}: ${r.reason ?? ''}`);
    assert.deepEqual(failed, []);
    assert.equal(run.results.length, manifest.length);
    assert.deepEqual([...new Set(run.results.map((r) => r.file.version))].sort(), ['1.0', '1.1', '1.2', '1.4', '2.1', '3.0']);
    for (const r of run.results) {
      assert.equal(r.stepsRun, r.steps, r.file.id);
      assert.ok(r.items.length >= r.steps, r.file.id);
    }
  });

  test('chained files run right after the file whose objects they use', () => {
    const order = run.results.map((r) => r.file.id);
    for (const v of ['10', '11', '12', '14', '21', '30']) {
      for (const [first, second] of [
        ['TL-M-2', 'TL-M-3'],
        ['SASED-M-2', 'SASED-M-3'],
      ] as const) {
        const a = order.indexOf(`${first}-${v}`);
        const b = order.indexOf(`${second}-${v}`);
        assert.ok(a >= 0 && b === a + 1, `${second}-${v} right after ${first}-${v}`);
        assert.equal(run.results[b]?.dependsOn, `${first}-${v}`);
      }
    }
    assert.equal(run.results.find((r) => r.file.id === 'TC-CREG-3-14')?.dependsOn, 'TC-CREG-2-14');
    assert.equal(run.results.find((r) => r.file.id === 'TC-CREG-2-14')?.dependsOn, 'TC-CREG-1-14');
    // Locating pre-provisioned objects is no chain.
    assert.equal(run.results.find((r) => r.file.id === 'TC-OTP-2-14')?.dependsOn, undefined);
    const deps = run.results.filter((r) => r.dependsOn !== undefined).length;
    assert.equal(deps, 14);
  });

  test('operations and batch item outcomes are recorded', () => {
    const r = run.results.find((x) => x.file.id === 'SKLC-M-1-21');
    assert.deepEqual(r?.operations, ['Create', 'GetAttributes', 'Destroy']);
    assert.deepEqual(
      r?.items.map((i) => [i.step, i.operation, i.status, i.operationNotSupported]),
      [
        [0, 'Create', 'Success', false],
        [1, 'GetAttributes', 'Success', false],
        [2, 'Destroy', 'Success', false],
      ],
    );
  });

  test('a selected chained file brings its prerequisite along', async () => {
    const r = await runConformance({ connect: fakeServerConnector(), files: [byId('TL-M-3-14')], manifest });
    assert.deepEqual(
      r.results.map((x) => [x.file.id, x.passed]),
      [
        ['TL-M-2-14', true],
        ['TL-M-3-14', true],
      ],
    );
  });
});

describe('conformance harness against a deviating fake server', () => {
  test('a wrong enumeration (2.1)', async () => {
    const r = await runOne('SKLC-M-1-21', deviating('SKLC-M-1-21', 0, (m) => editAt(m, [...PAYLOAD, Tag.ObjectType], setValue(4))));
    assertFails(r, /^step 0, ResponseMessage\/BatchItem\[0\]\/ResponsePayload\/ObjectType: value differs \(expected SymmetricKey, got PrivateKey\)$/);
    assert.equal(r.difference?.step, 0);
    assert.equal(r.difference?.path, 'ResponseMessage/BatchItem[0]/ResponsePayload/ObjectType');
  });

  test('a missing required field (1.4)', async () => {
    const r = await runOne('SKLC-M-1-14', deviating('SKLC-M-1-14', 0, (m) => editAt(m, [...PAYLOAD, Tag.UniqueIdentifier], remove)));
    assertFails(r, /^step 0, ResponseMessage\/BatchItem\[0\]\/ResponsePayload\/UniqueIdentifier: missing UniqueIdentifier/);
  });

  test('a Unique Identifier other than the one bound (3.0)', async () => {
    const r = await runOne('SKLC-M-1-30', deviating('SKLC-M-1-30', 2, (m) => editAt(m, [...PAYLOAD, Tag.UniqueIdentifier], setValue('not-the-key'))));
    assertFails(r, /^step 2, ResponseMessage\/BatchItem\[0\]\/ResponsePayload\/UniqueIdentifier: differs from \$UNIQUE_IDENTIFIER_0, bound at step 0 \(expected "[0-9a-f-]{36}", got "not-the-key"\)$/);
  });

  test('a wrong Result Status, with the server reason (1.0)', async () => {
    const fail = (m: TtlvNode): TtlvNode =>
      editAt(
        editAt(m, [Tag.BatchItem, Tag.ResultStatus], setValue(ResultStatus.OperationFailed)),
        [Tag.BatchItem],
        (item) =>
          item.type === ItemType.Structure
            ? {
                ...item,
                value: [
                  ...item.value.filter((c) => c.tag !== Tag.ResponsePayload),
                  { tag: Tag.ResultReason, type: ItemType.Enumeration, value: ResultReason.ItemNotFound },
                  { tag: Tag.ResultMessage, type: ItemType.TextString, value: 'gone' },
                ],
              }
            : item,
      );
    const r = await runOne('SKLC-M-1-10', deviating('SKLC-M-1-10', 1, fail));
    assertFails(r, /^step 1, ResponseMessage\/BatchItem\[0\]\/ResultStatus: value differs \(expected Success, got OperationFailed\) — server answered OperationFailed \/ ItemNotFound "gone"$/);
    assert.equal(r.difference?.server, 'OperationFailed / ItemNotFound "gone"');
  });

  test('a wrong value in a field that must not vary (2.1 Cryptographic Length)', async () => {
    const r = await runOne('SKLC-M-1-21', deviating('SKLC-M-1-21', 1, (m) => editAt(m, [...PAYLOAD, Tag.Attributes, Tag.CryptographicLength], setValue(128))));
    assertFails(r, /^step 1, ResponseMessage\/BatchItem\[0\]\/ResponsePayload\/Attributes\/CryptographicLength: value differs \(expected 256, got 128\)$/);
  });

  test('a missing expected attribute (2.1 and 1.4)', async () => {
    const r21 = await runOne('SKLC-M-1-21', deviating('SKLC-M-1-21', 1, (m) => editAt(m, [...PAYLOAD, Tag.Attributes, Tag.State], remove)));
    assertFails(r21, /^step 1, ResponseMessage\/BatchItem\[0\]\/ResponsePayload\/Attributes\/State: missing State \(expected PreActive, got \(absent; present: /);
    const r14 = await runOne('SKLC-M-1-14', deviating('SKLC-M-1-14', 1, (m) => editAt(m, [...PAYLOAD, Tag.Attribute], remove)));
    assertFails(r14, /^step 1, ResponseMessage\/BatchItem\[0\]\/ResponsePayload\/Attribute\[State\]: missing attribute State/);
  });

  test('permitted variations pass: attributes reordered and added, Result Message, another Time Stamp', async () => {
    const vary = (m: TtlvNode): TtlvNode => {
      let out = editAt(m, [...PAYLOAD, Tag.Attributes], (attrs) =>
        attrs.type === ItemType.Structure
          ? { ...attrs, value: [{ tag: Tag.ObjectGroup, type: ItemType.TextString, value: 'extra' }, ...[...attrs.value].reverse()] }
          : attrs,
      );
      out = editAt(out, [Tag.ResponseHeader, Tag.TimeStamp], setValue(0));
      out = editAt(out, [Tag.BatchItem], (item) =>
        item.type === ItemType.Structure ? { ...item, value: [...item.value.slice(0, 2), { tag: Tag.ResultMessage, type: ItemType.TextString, value: 'fine' }, ...item.value.slice(2)] } : item,
      );
      return out;
    };
    const fixTime = (m: TtlvNode): TtlvNode => editAt(m, [Tag.ResponseHeader, Tag.TimeStamp], (t) => ({ ...t, type: ItemType.DateTime, value: 1n }) as TtlvNode);
    const r = await runOne('SKLC-M-1-21', deviating('SKLC-M-1-21', 1, (m) => fixTime(vary(m))));
    assert.equal(r.passed, true, r.reason);
    assert.ok((r.rules['attributes-bag'] ?? 0) > 0 && (r.rules['result-message'] ?? 0) > 0);
  });

  test('server-generated key material may differ; registered or derived-from-registered key material may not', async () => {
    const changeKeys = (id: string): ReturnType<typeof fakeServerConnector> =>
      fakeServerConnector({ mutate: (x, r) => (x.file.id === id ? flipKeyMaterial(r) : r) });
    // TL-M-2-14 creates its key (Create) and reads it back (Get): the Key Material is the server's.
    const created = await runOne('TL-M-2-14', changeKeys('TL-M-2-14'));
    assert.equal(created.passed, true, created.reason);
    assert.ok((created.rules['key-material-server-generated'] ?? 0) > 0);
    // BL-M-6-21 registers its key: the bytes read back must be the registered ones.
    assertFails(await runOne('BL-M-6-21', changeKeys('BL-M-6-21')), /KeyMaterial: value differs/);
    // TC-DERIVEKEY-1-14 derives from a registered key: deterministic, compared.
    assertFails(await runOne('TC-DERIVEKEY-1-14', changeKeys('TC-DERIVEKEY-1-14')), /KeyMaterial: value differs/);
  });

  test('Operation Not Supported is recorded per batch item with the server reason', async () => {
    const unsupported = (x: FakeExchange, m: TtlvNode): TtlvNode =>
      x.file.id === 'SKLC-M-1-21' && x.step === 1
        ? editAt(m, [Tag.BatchItem], (item) =>
            item.type === ItemType.Structure
              ? {
                  ...item,
                  value: [
                    item.value[0] as TtlvNode,
                    { tag: Tag.ResultStatus, type: ItemType.Enumeration, value: ResultStatus.OperationFailed },
                    { tag: Tag.ResultReason, type: ItemType.Enumeration, value: ResultReason.OperationNotSupported },
                    { tag: Tag.ResultMessage, type: ItemType.TextString, value: 'Get Attributes is not implemented' },
                  ],
                }
              : item,
          )
        : m;
    const r = await runOne('SKLC-M-1-21', fakeServerConnector({ mutate: unsupported }));
    assertFails(r, /server answered OperationFailed \/ OperationNotSupported "Get Attributes is not implemented"/);
    assert.deepEqual(
      r.items.filter((i) => i.operationNotSupported).map((i) => [i.step, i.operation, i.reason, i.message]),
      [[1, 'GetAttributes', 'OperationNotSupported', 'Get Attributes is not implemented']],
    );
    assert.equal(r.stepsRun, 3, 'the rest of the conversation (clean-up) still runs');
  });

  test('objects a file (or chain) leaves behind are destroyed before the next file', async () => {
    const connections = new Map<string, number>();
    const cleanupRequests: { file: string; op: unknown; uid: unknown }[] = [];
    const created = new Map<string, unknown>();
    const fake = fakeServerConnector({
      mutate: (x, r) => {
        const item = r.type === ItemType.Structure ? r.value.find((c) => c.tag === Tag.BatchItem) : undefined;
        const payload = item?.type === ItemType.Structure ? item.value.find((c) => c.tag === Tag.ResponsePayload) : undefined;
        const reqItem = x.request.type === ItemType.Structure ? x.request.value.find((c) => c.tag === Tag.BatchItem) : undefined;
        const reqPayload = reqItem?.type === ItemType.Structure ? reqItem.value.find((c) => c.tag === Tag.RequestPayload) : undefined;
        const op = reqItem?.type === ItemType.Structure ? reqItem.value.find((c) => c.tag === Tag.Operation)?.value : undefined;
        if ((connections.get(x.file.id) ?? 0) > 1) {
          const uid = reqPayload?.type === ItemType.Structure ? reqPayload.value.find((c) => c.tag === Tag.UniqueIdentifier)?.value : undefined;
          cleanupRequests.push({ file: x.file.id, op, uid });
        } else if ((op === Operation.Register || op === Operation.Create) && payload?.type === ItemType.Structure) {
          created.set(x.file.id, payload.value.find((c) => c.tag === Tag.UniqueIdentifier)?.value);
        }
        return r;
      },
    });
    const connect = (f: ConformanceFile): ReturnType<typeof fake> => {
      connections.set(f.id, (connections.get(f.id) ?? 0) + 1);
      return fake(f);
    };
    // BL-M-6-21 registers a key and never destroys it. TL-M-2-14 creates a key that TL-M-3-14 should
    // find and destroy; the fake, which knows no state across connections, hands TL-M-3-14 another
    // identifier, so TL-M-2-14's key is left — and removed after the chain, not between its files.
    const run = await runConformance({ connect, files: [byId('BL-M-6-21'), byId('TL-M-3-14')], manifest });
    assert.deepEqual(
      run.results.map((r) => [r.file.id, r.passed, r.cleanup]),
      [
        ['TL-M-2-14', true, undefined],
        ['TL-M-3-14', true, { objects: 1, destroyed: 1 }],
        ['BL-M-6-21', true, { objects: 1, destroyed: 1 }],
      ],
    );
    assert.deepEqual(cleanupRequests, [
      { file: 'TL-M-3-14', op: Operation.Destroy, uid: created.get('TL-M-2-14') },
      { file: 'BL-M-6-21', op: Operation.Destroy, uid: created.get('BL-M-6-21') },
    ]);
    assert.equal(connections.get('TL-M-2-14'), 1, 'no clean-up between the files of a chain');
  });

  test('a connection that cannot be opened, or a server that goes silent, fails the file', async () => {
    const r = await runOne('SKLC-M-1-21', () => {
      throw new Error('ECONNREFUSED');
    });
    assertFails(r, /^error: cannot connect: ECONNREFUSED$/);
    const silent = await runConformance({
      connect: fakeServerConnector({ mutate: (x, m) => (x.step === 1 ? { tag: Tag.ResponseMessage, type: ItemType.Structure, value: [] } : m) }),
      files: [byId('SKLC-M-1-21')],
      manifest,
      responseTimeoutMs: 2000,
    });
    assertFails(silent.results[0] as FileResult, /^step 1, ResponseMessage\/ResponseHeader: missing ResponseHeader/);
  });
});

/** Flips the first byte of every byte-string Key Material. */
function flipKeyMaterial(r: TtlvNode): TtlvNode {
  const walk = (n: TtlvNode): TtlvNode => {
    if (n.tag === Tag.KeyMaterial && n.type === ItemType.ByteString) {
      const b = Buffer.from(n.value);
      b[0] = (b[0] ?? 0) ^ 0xff;
      return { ...n, value: b };
    }
    return n.type === ItemType.Structure ? { ...n, value: n.value.map(walk) } : n;
  };
  return walk(r);
}

describe('report and passing list', () => {
  const results = async (): Promise<ConformanceRun> =>
    runConformance({
      connect: fakeServerConnector({
        mutate: (x, m) =>
          x.file.id === 'SKLC-M-1-21' && x.step === 1
            ? editAt(m, [Tag.BatchItem], (item) =>
                item.type === ItemType.Structure
                  ? {
                      ...item,
                      value: [
                        item.value[0] as TtlvNode,
                        { tag: Tag.ResultStatus, type: ItemType.Enumeration, value: ResultStatus.OperationFailed },
                        { tag: Tag.ResultReason, type: ItemType.Enumeration, value: ResultReason.OperationNotSupported },
                        { tag: Tag.ResultMessage, type: ItemType.TextString, value: 'not | here' },
                      ],
                    }
                  : item,
              )
            : m,
      }),
      files: selectFiles(manifest, { ids: ['SKLC-M-1-*', 'TL-M-3-21'] }),
      manifest,
    });

  test('the generated report has every section', async () => {
    const run = await results();
    const md = renderReport(run, { serverVersion: 'Fake KMIP 9.9', command: 'npm run conformance -- --host h --port 1' });
    assert.match(md, /^<!-- GENERATED FILE/);
    assert.match(md, /against \*\*Fake KMIP 9\.9\*\*/);
    assert.match(md, /This report came from: `npm run conformance -- --host h --port 1`/);
    assert.match(md, /```sh\nnpm start {2,}# keyhold serve/);
    assert.match(md, /\| \*\*all\*\* \| \*\*\d+\*\* \| \*\*\d+\*\* \| \*\*1\*\* \|/);
    assert.match(md, /## Profile families × versions[\s\S]*\| SKLC \| 1\/1 \| 1\/1 \| 1\/1 \| 1\/1 \| 0\/1 \| 1\/1 \|/);
    assert.match(md, /\| GetAttributes \| 1\/1 \| 1\/1 \| 1\/1 \| 1\/1 \| 1\/2 \*\*NS\*\* \| 1\/1 \|/);
    assert.match(md, /\| GetAttributes \| 2\.1 \| "not \\\| here" \| SKLC-M-1-21 \|/);
    assert.match(md, /\| `v2\.1\/mandatory\/SKLC-M-1-21\.xml` \| \*\*FAIL\*\* \| step 1, ResponseMessage\/BatchItem\[0\]\/ResultStatus/);
    assert.match(md, /`v2\.1\/mandatory\/TL-M-3-21\.xml` \(after TL-M-2-21\) \| pass/);
    assert.match(md, /## Comparison rules[\s\S]*`attributes-bag` \| \d+ \|/);
  });

  test('CI check: regressions and newly passing files; update keeps files not run', async () => {
    const run = await results();
    const check = checkPassing(run.results, ['SKLC-M-1-21', 'SKLC-M-1-14', 'BL-M-1-21']);
    assert.deepEqual(
      check.regressions.map((r) => r.file.id),
      ['SKLC-M-1-21'],
    );
    assert.ok(check.newlyPassing.includes('SKLC-M-1-10') && !check.newlyPassing.includes('SKLC-M-1-14'));
    const updated = updatedPassing(['SKLC-M-1-21', 'BL-M-1-21'], run.results);
    assert.ok(updated.includes('BL-M-1-21') && updated.includes('SKLC-M-1-14') && !updated.includes('SKLC-M-1-21'));
    const dir = mkdtempSync(join(tmpdir(), 'keyhold-passing-'));
    try {
      const p = join(dir, 'passing.json');
      assert.deepEqual(readPassing(p), []);
      writePassing(p, ['b-2', 'b-10', 'a-1']);
      assert.deepEqual(readPassing(p), ['a-1', 'b-2', 'b-10']);
      writeFileSync(p, '{"x":1}');
      assert.throws(() => readPassing(p), /JSON array/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the committed passing list is a list of manifest IDs', () => {
    const listed = readPassing(join(import.meta.dirname ?? '.', '..', '..', '..', '..', 'test', 'conformance', 'passing.json'));
    const ids = new Set(manifest.map((f) => f.id));
    for (const id of listed) assert.ok(ids.has(id), id);
  });
});

describe('command line over mutual TLS', () => {
  let dir: string;
  let server: Server;
  let port: number;
  const io = { out: '', err: '' };
  const sink = { stdout: { write: (s: string) => (io.out += s) }, stderr: { write: (s: string) => (io.err += s) } };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'keyhold-conformance-'));
    const ca = await createCa({ commonName: 'conformance test CA' });
    const srv = await issueCertificate(ca.issuer, { commonName: 'localhost', usage: 'server', altNames: ['localhost', '127.0.0.1'] });
    const cli = await issueCertificate(ca.issuer, { commonName: 'tester', usage: 'client' });
    writeFileSync(join(dir, 'ca.pem'), ca.certPem);
    writeFileSync(join(dir, 'client.pem'), cli.certPem);
    writeFileSync(join(dir, 'client.key'), cli.keyPem);
    // Every connection is served by a fake for SKLC-M-1-21.
    const fake = fakeServerConnector();
    server = createServer({ cert: srv.certPem, key: srv.keyPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: true }, (socket: TLSSocket) => {
      void Promise.resolve(fake(byId('SKLC-M-1-21'))).then((d) => {
        socket.pipe(d);
        d.pipe(socket);
        socket.on('error', () => d.destroy());
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const addr = server.address();
    port = typeof addr === 'object' && addr ? addr.port : 0;
  });
  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const flags = (): string[] => [
    '--host',
    '127.0.0.1',
    '--servername',
    'localhost',
    '--port',
    String(port),
    '--ca',
    join(dir, 'ca.pem'),
    '--cert',
    join(dir, 'client.pem'),
    '--key',
    join(dir, 'client.key'),
    '--server-version',
    'Fake over TLS',
  ];

  test('replays over TLS, writes the report, and passes CI when nothing regressed', async () => {
    const passing = join(dir, 'passing.json');
    writePassing(passing, ['SKLC-M-1-21']);
    const out = join(dir, 'CONFORMANCE.md');
    const code = await main([...flags(), '--file', 'SKLC-M-1-21', '--out', out, '--passing', passing, '--ci'], sink);
    assert.equal(code, 0, io.out + io.err);
    assert.match(io.out, /1\/1 files passed/);
    const md = readFileSync(out, 'utf8');
    assert.match(md, /against \*\*Fake over TLS\*\*/);
    assert.match(md, /Selection: only --file 'SKLC-M-1-21'/);
    assert.match(md, /`v2\.1\/mandatory\/SKLC-M-1-21\.xml` \| pass/);
  });

  test('--ci exits 1 on a regression; --update-passing rewrites the list', async () => {
    const passing = join(dir, 'passing2.json');
    writePassing(passing, ['SKLC-M-2-21', 'AKLC-M-1-21']);
    io.out = '';
    // The TLS fake always plays SKLC-M-1-21, so SKLC-M-2-21 fails.
    const code = await main([...flags(), '--file', 'SKLC-M-1-21', '--file', 'SKLC-M-2-21', '--no-doc', '--passing', passing, '--ci', '--update-passing'], sink);
    assert.equal(code, 1);
    assert.match(io.out, /1 regression\(s\): listed as passing but failed:\n {2}SKLC-M-2-21: step /);
    assert.match(io.out, /passing file\(s\) not in [^\n]*:\n {2}SKLC-M-1-21\n/);
    assert.deepEqual(readPassing(passing), ['AKLC-M-1-21', 'SKLC-M-1-21']);
  });

  test('an unreachable server is a usage error, and the report is left alone', async () => {
    io.err = '';
    const code = await main(['--host', '127.0.0.1', '--port', '1', '--no-doc'], sink);
    assert.equal(code, 2);
    assert.match(io.err, /Cannot reach a KMIP server at 127\.0\.0\.1:1/);
  });
});
