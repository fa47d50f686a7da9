/**
 * Property tests and fuzzing of the TTLV codec with fast-check.
 *
 * (a) Arbitrary item trees round-trip: decode(encode(x)) equals x, encoding is deterministic and
 *     agrees with the independent naive encoder.
 * (b) Random bytes, (c) mutated valid encodings and (d) the framer fed valid or mutated streams in
 *     random chunks: the codec returns or throws a TtlvError, never anything else; whatever it
 *     accepts re-encodes to exactly the input bytes.
 *
 * "Never a hang": (b)–(d) run in a worker thread watched by this thread. The worker counts every
 * input and records the one it is working on in shared memory; if the count stops moving for
 * STALL_MS the worker is terminated and the test fails with that input in hex.
 *
 * Runs per property: KEYHOLD_FUZZ_RUNS (default DEFAULT_RUNS, a few seconds for the whole file;
 * `npm run test:fuzz` sets 200000). Reproduce a failure with KEYHOLD_FUZZ_SEED (and
 * KEYHOLD_FUZZ_PATH), both printed in the failure report.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { isMainThread, Worker, workerData, parentPort } from 'node:worker_threads';
import fc from 'fast-check';
import {
  decodeTtlv,
  decodeTtlvSequence,
  encodeTtlv,
  ItemType,
  TTLV_ERROR_CODES,
  TtlvError,
  TtlvFramer,
  type DecodeOptions,
  type TtlvNode,
} from '../src/index.js';
import { canon, naiveBigIntWidth, naiveEncode, toHex } from './helpers/naive-ttlv.js';

const DEFAULT_RUNS = 1000;
const STALL_MS = 10_000;
const INPUT_CAPACITY = 1 << 16;

function runs(): number {
  const raw = process.env.KEYHOLD_FUZZ_RUNS;
  if (raw === undefined || raw === '') return DEFAULT_RUNS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`KEYHOLD_FUZZ_RUNS must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

function params<Ts>(): fc.Parameters<Ts> {
  const p: { numRuns: number; seed?: number; path?: string } = { numRuns: runs() };
  const seed = process.env.KEYHOLD_FUZZ_SEED;
  const path = process.env.KEYHOLD_FUZZ_PATH;
  if (seed !== undefined && seed !== '') p.seed = Number(seed);
  if (path !== undefined && path !== '') p.path = path;
  return p;
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

/** fc.record without the occasional null-prototype object, so trees compare with deepStrictEqual. */
function rec<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true }) as fc.Arbitrary<T>;
}

const tagArb = fc.oneof(
  fc.integer({ min: 0x420000, max: 0x42ffff }),
  fc.integer({ min: 0x540000, max: 0x54ffff }),
  fc.integer({ min: 0, max: 0xffffff }),
);
const int64Arb = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const textArb = fc.oneof(
  fc.string({ maxLength: 24, size: 'medium' }),
  fc.string({ unit: 'binary', maxLength: 24, size: 'medium' }),
  fc.string({ unit: 'grapheme', maxLength: 8, size: 'medium' }),
);
const bigIntArb = fc.tuple(
  tagArb,
  fc.oneof(fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), fc.bigInt({ min: -(2n ** 2100n), max: 2n ** 2100n })),
  fc.nat({ max: 3 }),
).map(([tag, value, extra]): TtlvNode =>
  // `width` is present only when it exceeds the minimum, exactly as the reader reports it.
  extra === 0
    ? { tag, type: ItemType.BigInteger, value }
    : { tag, type: ItemType.BigInteger, value, width: naiveBigIntWidth(value) + 8 * extra },
);

const primitiveArb: fc.Arbitrary<TtlvNode> = fc.oneof(
  rec({ tag: tagArb, type: fc.constant(ItemType.Integer), value: fc.integer({ min: -0x80000000, max: 0x7fffffff }) }),
  rec({
    tag: tagArb,
    type: fc.constantFrom(ItemType.Enumeration, ItemType.Interval),
    value: fc.integer({ min: 0, max: 0xffffffff }),
  }),
  rec({
    tag: tagArb,
    type: fc.constantFrom(ItemType.LongInteger, ItemType.DateTime, ItemType.DateTimeExtended),
    value: int64Arb,
  }),
  bigIntArb,
  rec({ tag: tagArb, type: fc.constant(ItemType.Boolean), value: fc.boolean() }),
  rec({
    tag: tagArb,
    type: fc.constantFrom(ItemType.TextString, ItemType.Identifier, ItemType.Reference, ItemType.NameReference),
    value: textArb,
  }),
  rec({ tag: tagArb, type: fc.constant(ItemType.ByteString), value: fc.uint8Array({ maxLength: 40, size: 'medium' }) }),
);

const tree = fc.letrec<{ node: TtlvNode; structure: TtlvNode }>((tie) => ({
  node: fc.oneof({ maxDepth: 4, depthIdentifier: 'ttlv' }, primitiveArb, tie('structure')),
  structure: rec({
    tag: tagArb,
    type: fc.constant(ItemType.Structure),
    value: fc.array(tie('node'), { maxLength: 6, depthIdentifier: 'ttlv' }),
  }),
}));
/** Runs a property with the configured parameters; returns fast-check's failure report, or null. */
function check<Ts>(property: fc.IProperty<Ts>): string | null {
  const details = fc.check(property, params<Ts>());
  if (!details.failed) return null;
  const cause = details.errorInstance instanceof Error ? (details.errorInstance.stack ?? details.errorInstance.message) : String(details.errorInstance);
  return `${fc.defaultReportMessage(details) ?? 'property failed'}\nCause: ${cause}`;
}

/** Any item tree. */
const nodeArb = tree.node;
/** A tree whose top is a Structure: a message as the framer expects it. */
const messageArb = tree.structure;

/** Decode options: mostly the defaults, sometimes tight limits or copied Byte Strings. */
const optionsArb: fc.Arbitrary<DecodeOptions> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({}) },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        maxDepth: fc.integer({ min: 1, max: 6 }),
        maxItems: fc.integer({ min: 1, max: 40 }),
        maxMessageSize: fc.integer({ min: 0, max: 1024 }),
        copyByteStrings: fc.boolean(),
      },
      { requiredKeys: [] },
    ),
  },
);

type Mutation =
  | { kind: 'flip'; at: number; xor: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'delete'; at: number; n: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'duplicate'; from: number; n: number; at: number }
  | { kind: 'length'; item: number; delta: number }
  | { kind: 'set-length'; item: number; value: number }
  | { kind: 'type'; item: number; type: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }) },
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 24 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 24 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), from: fc.nat(), n: fc.integer({ min: 1, max: 48 }), at: fc.nat() }),
  fc.record({ kind: fc.constant('length' as const), item: fc.nat(), delta: fc.integer({ min: -24, max: 24 }) }),
  fc.record({ kind: fc.constant('set-length' as const), item: fc.nat(), value: fc.oneof(fc.nat({ max: 64 }), fc.integer({ min: 0, max: 0xffffffff })) }),
  fc.record({ kind: fc.constant('type' as const), item: fc.nat(), type: fc.oneof(fc.nat({ max: 0x10 }), fc.nat({ max: 0xff })) }),
);
/** One mutation half of the time (so that many mutants still decode), up to four otherwise. */
const mutationsArb = fc.oneof(
  fc.array(mutationArb, { minLength: 1, maxLength: 1 }),
  fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
);

/**
 * Applies mutations to a copy of `input`. Item headers always start at multiples of 8, so the
 * header mutations pick an 8-aligned offset (a header, or a value word that now reads as one).
 */
function mutate(input: Uint8Array, mutations: readonly Mutation[]): Buffer {
  let b = Buffer.from(input);
  for (const m of mutations) {
    const len = b.length;
    switch (m.kind) {
      case 'flip':
        if (len > 0) b[m.at % len] = (b[m.at % len] as number) ^ m.xor;
        break;
      case 'truncate':
        b = b.subarray(0, m.at % (len + 1));
        break;
      case 'delete': {
        const at = m.at % (len + 1);
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.n)]);
        break;
      }
      case 'insert': {
        const at = m.at % (len + 1);
        b = Buffer.concat([b.subarray(0, at), m.bytes, b.subarray(at)]);
        break;
      }
      case 'duplicate': {
        const from = m.from % (len + 1);
        const at = m.at % (len + 1);
        b = Buffer.concat([b.subarray(0, at), b.subarray(from, from + m.n), b.subarray(at)]);
        break;
      }
      case 'length':
      case 'set-length':
      case 'type': {
        const headers = Math.floor(len / 8);
        if (headers === 0) break;
        const at = (m.item % headers) * 8;
        if (m.kind === 'type') b[at + 3] = m.type;
        else if (m.kind === 'set-length') b.writeUInt32BE(m.value, at + 4);
        else b.writeUInt32BE((b.readUInt32BE(at + 4) + m.delta) >>> 0, at + 4);
        break;
      }
    }
  }
  return b;
}

/** Cut points (sorted, within 0..len) from arbitrary numbers. */
function cutsOf(seeds: readonly number[], len: number): number[] {
  return [...new Set(seeds.map((s) => s % (len + 1)))].sort((a, b) => a - b);
}

function chunks(stream: Buffer, cuts: readonly number[]): Buffer[] {
  const out: Buffer[] = [];
  let prev = 0;
  for (const c of [...cuts, stream.length]) {
    out.push(stream.subarray(prev, c));
    prev = c;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Hostile-input checks (run inside the watched worker)

/** Shared with the watching thread: [inputs started, length of the current input], then its bytes. */
let progress: Int32Array | undefined;
let current: Uint8Array | undefined;

/** Records `bytes` as the input being worked on (for the hang report) and counts it. */
function note(bytes: Uint8Array): void {
  if (progress === undefined || current === undefined) return;
  const n = Math.min(bytes.length, current.length);
  current.set(bytes.subarray(0, n));
  Atomics.store(progress, 1, bytes.length);
  Atomics.add(progress, 0, 1);
}

/** A thrown value must be a TtlvError with a known code and an offset inside the input. */
function checkFailure(err: unknown, input: Uint8Array): void {
  if (!(err instanceof TtlvError)) throw new Error(`not a TtlvError: ${String(err)}\n${err instanceof Error ? err.stack : ''}`);
  assert.ok(Object.hasOwn(TTLV_ERROR_CODES, err.code), `unknown code ${err.code}`);
  if (err.offset !== undefined) {
    assert.ok(Number.isInteger(err.offset) && err.offset >= 0 && err.offset <= input.length, `offset ${err.offset} outside the input`);
  }
}

/**
 * decodeTtlv and decodeTtlvSequence either return or throw a TtlvError; what they accept is
 * canonical: it re-encodes to exactly the input.
 */
function decodeOrTtlvError(bytes: Uint8Array, options: DecodeOptions): void {
  note(bytes);
  let node: TtlvNode | undefined;
  try {
    node = decodeTtlv(bytes, options);
  } catch (err) {
    checkFailure(err, bytes);
  }
  if (node !== undefined) {
    const again = encodeTtlv(node);
    assert.ok(again.equals(bytes), `accepted input does not re-encode identically:\n in  ${toHex(bytes)}\n out ${toHex(again)}`);
  }
  let nodes: TtlvNode[] | undefined;
  try {
    nodes = decodeTtlvSequence(bytes, options);
  } catch (err) {
    checkFailure(err, bytes);
  }
  if (nodes !== undefined) {
    const again = Buffer.concat(nodes.map((n) => encodeTtlv(n)));
    assert.ok(again.equals(bytes), 'accepted sequence does not re-encode identically');
  }
}

/**
 * Feeds `stream` to a framer in the given chunks. It either throws a TtlvError or returns
 * messages that are consecutive slices of the stream, each a whole Structure by its header.
 */
function frameOrTtlvError(stream: Buffer, cuts: readonly number[], maxMessageSize?: number): Buffer[] | undefined {
  note(stream);
  const framer = maxMessageSize === undefined ? new TtlvFramer() : new TtlvFramer(maxMessageSize);
  const out: Buffer[] = [];
  try {
    for (const c of chunks(stream, cuts)) out.push(...framer.push(Buffer.from(c)));
  } catch (err) {
    checkFailure(err, stream);
    return undefined;
  }
  let at = 0;
  for (const m of out) {
    assert.ok(m.length >= 8 && m[3] === ItemType.Structure && m.readUInt32BE(4) + 8 === m.length, 'framed message has a bad header');
    assert.ok(m.equals(stream.subarray(at, at + m.length)), 'framed message is not the next slice of the stream');
    at += m.length;
  }
  assert.equal(framer.pending, at < stream.length, 'pending disagrees with the bytes left over');
  for (const m of out) decodeOrTtlvError(m, {});
  return out;
}

const TASKS = {
  '(b) random bytes: decodeTtlv returns or throws a TtlvError': () =>
    check(fc.property(fc.oneof(fc.uint8Array({ maxLength: 32 }), fc.uint8Array({ maxLength: 600, size: 'large' })), optionsArb, (bytes, options) => decodeOrTtlvError(bytes, options))),

  '(b) random TTLV-shaped bytes (plausible headers): decodeTtlv returns or throws a TtlvError': () =>
    check(
      fc.property(
        fc.array(
          fc.record({
            tag: fc.constantFrom(0x420078, 0x420020, 0x540001),
            type: fc.oneof(fc.integer({ min: 1, max: 0x0e }), fc.nat({ max: 0xff })),
            len: fc.oneof(fc.nat({ max: 48 }), fc.integer({ min: 0, max: 0xffffffff })),
            body: fc.uint8Array({ maxLength: 48, size: 'medium' }),
          }),
          { maxLength: 8 },
        ),
        optionsArb,
        (items, options) => {
          const parts = items.map(({ tag, type, len, body }) => {
            const h = Buffer.alloc(8);
            h.writeUIntBE(tag, 0, 3);
            h[3] = type;
            h.writeUInt32BE(len, 4);
            return Buffer.concat([h, body]);
          });
          decodeOrTtlvError(Buffer.concat(parts), options);
        },
      ),
    ),

  '(c) mutated valid encodings (flips, truncation, splices, lengths, types): returns or throws a TtlvError': () =>
    check(
      fc.property(nodeArb, mutationsArb, optionsArb, (node, mutations, options) =>
        decodeOrTtlvError(mutate(encodeTtlv(node), mutations), options),
      ),
    ),

  '(d) framer: valid message streams in random chunks come out whole and byte-identical': () =>
    check(
      fc.property(fc.array(messageArb, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 12 }), (messages, seeds) => {
        const stream = Buffer.concat(messages.map((m) => encodeTtlv(m)));
        const out = frameOrTtlvError(stream, cutsOf(seeds, stream.length));
        assert.ok(out !== undefined, 'a valid stream was rejected');
        assert.equal(out.length, messages.length);
        out.forEach((m, i) => assert.deepStrictEqual(canon(decodeTtlv(m)), canon(messages[i] as TtlvNode)));
      }),
    ),

  '(d) framer: mutated streams in random chunks return messages or throw a TtlvError': () =>
    check(
      fc.property(
        fc.array(messageArb, { minLength: 1, maxLength: 3 }),
        mutationsArb,
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 512 }) }),
        (messages, mutations, seeds, max) => {
          const stream = mutate(Buffer.concat(messages.map((m) => encodeTtlv(m))), mutations);
          frameOrTtlvError(stream, cutsOf(seeds, stream.length), max);
        },
      ),
    ),
} as const;

type TaskName = keyof typeof TASKS;

interface Job {
  readonly task: TaskName;
  readonly shared: SharedArrayBuffer;
}

function isJob(data: unknown): data is Job {
  return typeof data === 'object' && data !== null && 'task' in data && 'shared' in data && (data.task as string) in TASKS;
}

// ---------------------------------------------------------------------------------------------
// Worker side: run one task, report the fast-check failure text (or null).

if (!isMainThread && isJob(workerData)) {
  progress = new Int32Array(workerData.shared, 0, 2);
  current = new Uint8Array(workerData.shared, 8);
  parentPort?.postMessage(TASKS[workerData.task]());
}

// ---------------------------------------------------------------------------------------------
// Main side

/** Runs a task in a worker; fails if it fails, or if it stops making progress for STALL_MS. */
function runWatched(task: TaskName): Promise<void> {
  const shared = new SharedArrayBuffer(8 + INPUT_CAPACITY);
  const counters = new Int32Array(shared, 0, 2);
  const bytes = new Uint8Array(shared, 8);
  const worker = new Worker(new URL(import.meta.url), { workerData: { task, shared } satisfies Job });
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    let last = -1;
    let since = Date.now();
    const finish = (err?: Error): void => {
      if (settled) return;
      settled = true;
      clearInterval(watchdog);
      if (err === undefined) resolve();
      else reject(err);
    };
    const watchdog = setInterval(() => {
      const count = Atomics.load(counters, 0);
      if (count !== last) {
        last = count;
        since = Date.now();
        return;
      }
      if (Date.now() - since < STALL_MS) return;
      const len = Atomics.load(counters, 1);
      const shown = toHex(bytes.subarray(0, Math.min(len, INPUT_CAPACITY)));
      void worker.terminate();
      finish(new Error(`no progress for ${STALL_MS} ms (a hang?) on input #${count} of ${len} bytes:\n${shown}`));
    }, 250);
    worker.on('message', (report: string | null) => finish(report === null ? undefined : new Error(report)));
    worker.on('error', (err) => finish(err));
    worker.on('exit', (code) => finish(new Error(`fuzz worker exited with code ${code} before reporting`)));
  });
}

if (isMainThread) {
  describe(`TTLV fuzz (${runs()} runs per property; KEYHOLD_FUZZ_RUNS)`, () => {
    test('(a) arbitrary item trees round-trip; encoding is deterministic and matches the naive encoder', () => {
      fc.assert(
        fc.property(nodeArb, (node) => {
          const bytes = encodeTtlv(node);
          assert.ok(encodeTtlv(node).equals(bytes), 'encoding is not deterministic');
          const naive = naiveEncode(node);
          assert.ok(naive.equals(bytes), `writer and naive encoder differ:\n writer ${toHex(bytes)}\n naive  ${toHex(naive)}`);
          assert.deepStrictEqual(canon(decodeTtlv(bytes)), canon(node));
        }),
        params(),
      );
    });

    test('(a) the arbitrary really covers every item type and nests Structures', () => {
      const seen = new Set<number>();
      let maxDepth = 0;
      const walk = (n: TtlvNode, depth: number): void => {
        seen.add(n.type);
        maxDepth = Math.max(maxDepth, depth);
        if (n.type === ItemType.Structure) for (const c of n.value) walk(c, depth + 1);
      };
      for (const n of fc.sample(nodeArb, { numRuns: 500, seed: 42 })) walk(n, 1);
      assert.deepStrictEqual([...seen].sort((a, b) => a - b), Object.values(ItemType).sort((a, b) => a - b));
      assert.ok(maxDepth >= 3, `deepest tree ${maxDepth}`);
    });

    for (const task of Object.keys(TASKS) as TaskName[]) test(task, () => runWatched(task));
  });
}
