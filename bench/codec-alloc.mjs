// Demonstrates "no per-field buffer allocation on encode" (STYLE.md §2.6, rule 8).
//
// Method: every static Buffer factory (alloc, allocUnsafe, allocUnsafeSlow, from, concat) is
// wrapped with a counter, then message (a) — the Get response, 43 items — is encoded N times
// with one reused TtlvWriter. The counter must read exactly N: the one copy-out per finished
// message (messages up to 16 KiB are copied out of the writer's backing buffer so the caller owns
// them), and nothing per field. As a control that the counter does see allocations, a naive
// per-field encoder (one Buffer per header, per value, per padding and a Buffer.concat per
// Structure, the pattern STYLE.md calls the counter-example) is counted the same way. The
// process's ArrayBuffer memory (process.memoryUsage().arrayBuffers) is sampled before and
// after, after a forced GC, to show nothing is retained either.
//
// Run on its own with `node bench/codec-alloc.mjs` (after `npm run build`), or as the last
// section of `npm run bench:codec`.
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fileURLToPath } from 'node:url';
import { ItemType, TtlvWriter } from '../packages/protocol/dist/src/index.js';
import { countItems, encryptRequest, getResponse } from './messages.mjs';

/** A GC function without needing --expose-gc on the command line. */
function getGc() {
  if (typeof globalThis.gc === 'function') return globalThis.gc;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc');
}

const FACTORIES = ['alloc', 'allocUnsafe', 'allocUnsafeSlow', 'from', 'concat'];

/**
 * Runs `fn` with every Buffer factory counted; returns the count per factory. Only outermost
 * calls count (Buffer.concat calls Buffer.allocUnsafe internally: that is one buffer, not two).
 */
function countBufferAllocations(fn) {
  const counts = Object.fromEntries(FACTORIES.map((k) => [k, 0]));
  const originals = {};
  let depth = 0;
  for (const k of FACTORIES) {
    const orig = Buffer[k];
    originals[k] = orig;
    Buffer[k] = function counted(...args) {
      if (depth === 0) counts[k]++;
      depth++;
      try {
        return orig.apply(this, args);
      } finally {
        depth--;
      }
    };
  }
  try {
    fn();
  } finally {
    for (const k of FACTORIES) Buffer[k] = originals[k];
  }
  return counts;
}

const total = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);
const show = (counts) =>
  Object.entries(counts)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ') || 'none';

/** The counter-example: one Buffer per header, per value and per padding, concat per Structure. */
function naiveEncode(n) {
  const header = (tag, type, len) => {
    const h = Buffer.alloc(8);
    h.writeUIntBE(tag, 0, 3);
    h[3] = type;
    h.writeUInt32BE(len, 4);
    return h;
  };
  const padded = (value) => {
    const pad = (8 - (value.length % 8)) % 8;
    return pad ? Buffer.concat([value, Buffer.alloc(pad)]) : value;
  };
  switch (n.type) {
    case ItemType.Structure: {
      const body = Buffer.concat(n.value.map(naiveEncode));
      return Buffer.concat([header(n.tag, n.type, body.length), body]);
    }
    case ItemType.Integer:
    case ItemType.Enumeration:
    case ItemType.Interval: {
      const v = Buffer.alloc(8);
      if (n.type === ItemType.Integer) v.writeInt32BE(n.value, 0);
      else v.writeUInt32BE(n.value, 0);
      return Buffer.concat([header(n.tag, n.type, 4), v]);
    }
    case ItemType.Boolean: {
      const v = Buffer.alloc(8);
      v[7] = n.value ? 1 : 0;
      return Buffer.concat([header(n.tag, n.type, 8), v]);
    }
    case ItemType.LongInteger:
    case ItemType.DateTime:
    case ItemType.DateTimeExtended: {
      const v = Buffer.alloc(8);
      v.writeBigInt64BE(n.value, 0);
      return Buffer.concat([header(n.tag, n.type, 8), v]);
    }
    case ItemType.TextString: {
      const v = Buffer.from(n.value, 'utf8');
      return Buffer.concat([header(n.tag, n.type, v.length), padded(v)]);
    }
    case ItemType.ByteString: {
      const v = Buffer.from(n.value);
      return Buffer.concat([header(n.tag, n.type, v.length), padded(v)]);
    }
    default:
      throw new Error(`naive encoder: type ${n.type} not needed by the benchmark`);
  }
}

/**
 * JS heap bytes allocated per call of `fn`: used heap growth over `n` calls after a full GC,
 * median of 5 tries after a warm-up (a try during which a scavenge ran shows a drop and is discarded).
 */
function heapBytesPerCall(gc, fn, n) {
  // Warm up for >= 300 ms: only optimised code keeps numbers in registers, and on a busy machine
  // the background compiler may take a while to install it.
  const start = process.hrtime.bigint();
  while (process.hrtime.bigint() - start < 300_000_000n) for (let i = 0; i < n; i++) fn();
  const tries = [];
  for (let t = 0; t < 7 && tries.length < 5; t++) {
    gc();
    const before = getHeapStatistics().used_heap_size;
    for (let i = 0; i < n; i++) fn();
    const grown = getHeapStatistics().used_heap_size - before;
    if (grown >= 0) tries.push(grown / n);
  }
  tries.sort((a, b) => a - b);
  return tries[tries.length >> 1] ?? NaN;
}

async function settle(gc) {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 10));
  gc();
}

/** Measures and returns the allocation figures; prints them unless `quiet`. */
export async function runAllocationCheck({ n = 10_000, quiet = false } = {}) {
  const gc = getGc();
  const tree = getResponse();
  const items = countItems(tree);
  const writer = new TtlvWriter();
  const encodeOnce = () => {
    writer.reset();
    writer.node(tree);
    return writer.finish();
  };
  const reference = encodeOnce();
  if (!naiveEncode(tree).equals(reference)) throw new Error('naive encoder disagrees with TtlvWriter');
  for (let i = 0; i < 2000; i++) encodeOnce(); // warm up (and let the writer reach its final size)

  // 1. Buffer factory calls per message.
  let last;
  const writerCounts = countBufferAllocations(() => {
    for (let i = 0; i < n; i++) last = encodeOnce();
  });
  if (!last.equals(reference)) throw new Error('encode result changed');
  const naiveCounts = countBufferAllocations(() => {
    for (let i = 0; i < n; i++) last = naiveEncode(tree);
  });

  // 1b. Writing into the writer without finishing: zero Buffer calls at all.
  const noFinishCounts = countBufferAllocations(() => {
    for (let i = 0; i < n; i++) {
      writer.reset();
      writer.node(tree);
    }
  });
  writer.reset();

  // 1c. JS heap (objects, numbers, arrays) allocated per message by node() alone and with finish().
  const heapNodeOnly = heapBytesPerCall(gc, () => {
    writer.reset();
    writer.node(tree);
  }, 5000);
  const heapWithFinish = heapBytesPerCall(gc, encodeOnce, 5000);
  const heapNaive = heapBytesPerCall(gc, () => naiveEncode(tree), 20);

  // 2. ArrayBuffer memory retained after N encodes (external memory, after a full GC; the
  //    backing stores of collected buffers are released after a turn of the event loop).
  await settle(gc);
  const ab0 = process.memoryUsage().arrayBuffers;
  for (let i = 0; i < n; i++) last = encodeOnce();
  const abPeak = process.memoryUsage().arrayBuffers;
  await settle(gc);
  const ab1 = process.memoryUsage().arrayBuffers;

  // 3. Large message: the 1 MiB Encrypt request is handed over, never copied (one fresh backing
  //    buffer of the writer's capacity per message instead of a copy of the message).
  const big = encryptRequest();
  const bigWriter = new TtlvWriter();
  bigWriter.node(big);
  bigWriter.finish(); // grow once
  const bigN = 50;
  const bigCounts = countBufferAllocations(() => {
    for (let i = 0; i < bigN; i++) {
      bigWriter.node(big);
      last = bigWriter.finish();
    }
  });

  const result = {
    messageItems: items,
    messageBytes: reference.length,
    n,
    writerCalls: total(writerCounts),
    writerDetail: show(writerCounts),
    writerNoFinishCalls: total(noFinishCounts),
    heapNodeOnly,
    heapWithFinish,
    heapNaive,
    naiveCalls: total(naiveCounts),
    naiveDetail: show(naiveCounts),
    arrayBuffersBefore: ab0,
    arrayBuffersEnd: abPeak,
    arrayBuffersAfter: ab1,
    bigN,
    bigItems: countItems(big),
    bigBytes: last.length,
    bigCalls: total(bigCounts),
    bigDetail: show(bigCounts),
  };
  if (!quiet) printAllocation(result);
  return result;
}

export function printAllocation(r) {
  const per = (calls, n) => (calls / n).toFixed(2);
  console.log(`\nAllocation on encode: message (a), ${r.messageItems} items, ${r.messageBytes} bytes, ${r.n} encodes with one reused TtlvWriter`);
  console.log(`  TtlvWriter node()+finish(): ${r.writerCalls} Buffer factory calls = ${per(r.writerCalls, r.n)} per message (${r.writerDetail}; the copy-out of the finished message)`);
  console.log(`  TtlvWriter node() only:     ${r.writerNoFinishCalls} Buffer factory calls = ${per(r.writerNoFinishCalls, r.n)} per message`);
  console.log(`  naive per-field encoder:    ${r.naiveCalls} Buffer factory calls = ${per(r.naiveCalls, r.n)} per message (${r.naiveDetail}) [control]`);
  console.log(
    `  JS heap allocated per message: node() only ${r.heapNodeOnly.toFixed(0)} B, node()+finish() ${r.heapWithFinish.toFixed(0)} B (the Buffer object of the copy-out), naive ${r.heapNaive.toFixed(0)} B`,
  );
  const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;
  console.log(
    `  process.memoryUsage().arrayBuffers: ${kib(r.arrayBuffersBefore)} before, ${kib(r.arrayBuffersEnd)} right after ${r.n} encodes (garbage copy-outs not yet collected), ${kib(r.arrayBuffersAfter)} after GC`,
  );
  console.log(`  Encrypt request (${r.bigItems} items, ${r.bigBytes} bytes) x ${r.bigN}: ${r.bigCalls} Buffer factory calls = ${per(r.bigCalls, r.bigN)} per message (${r.bigDetail}; hand-over, the message is not copied)`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runAllocationCheck();
