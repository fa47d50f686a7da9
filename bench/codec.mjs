// TTLV codec benchmark: decode and encode of three representative KMIP 2.1 messages, against
// native JSON.parse / JSON.stringify of the same messages in the KMIP JSON encoding.
//
//   npm run bench:codec                 build, then run everything (about a minute)
//   node bench/codec.mjs --quick        shorter rounds, for a smoke run
//   node bench/codec.mjs --only=locate  one message (get | locate | encrypt)
//   node bench/codec.mjs --markdown     also print the table as Markdown (docs/PERFORMANCE.md)
//   node bench/codec.mjs --no-alloc     skip the allocation check
//
// What is compared, per message:
//   decode: decodeTtlv(bytes)  -> TtlvNode tree     vs  JSON.parse(text)       -> plain objects
//           (Byte Strings are views into `bytes`; a second row copies them: copyByteStrings)
//   encode: encodeTtlv(tree)   -> Buffer (owned)    vs  JSON.stringify(object) -> string
// `text` is what our toJson() produces for the tree; `object` is what toJsonItem() returns. The
// JSON side is the native C++ parser/serializer only: the KMIP-JSON <-> tree conversion
// (fromJson/toJsonItem: names, hex, dates) is *not* timed, which favours the baseline.
// MB/s is 10^6 bytes per second of each side's own encoded size (TTLV bytes, JSON UTF-8 bytes).
import {
  decodeTtlv,
  encodeTtlv,
  toJson,
  toJsonItem,
} from '../packages/protocol/dist/src/index.js';
import { clearSink, compare, describeMachine, sinkChecksum } from './harness.mjs';
import { allMessages, countItems } from './messages.mjs';
import { runAllocationCheck } from './codec-alloc.mjs';
import { isDeepStrictEqual } from 'node:util';

const args = new Set(process.argv.slice(2));
const only = [...args].find((a) => a.startsWith('--only='))?.slice('--only='.length);
const quick = args.has('--quick');
const opts = quick ? { roundMs: 100, rounds: 5, warmupMs: 200 } : { roundMs: 300, rounds: 9, warmupMs: 1000 };

const m = describeMachine();
console.log('Keyhold TTLV codec benchmark');
console.log(`  node ${m.node} (V8 ${m.v8}), ${m.platform}`);
console.log(`  ${m.cores} x ${m.cpu}, ${m.memory}`);
console.log(`  ${opts.rounds} alternating rounds of >= ${opts.roundMs} ms after >= ${opts.warmupMs} ms warm-up; median reported\n`);

const rows = [];
for (const msg of allMessages()) {
  if (only && msg.short !== only) continue;
  const tree = msg.tree;
  const bytes = encodeTtlv(tree);
  const object = toJsonItem(tree);
  const text = toJson(tree);
  const ttlvSize = bytes.length;
  const jsonSize = Buffer.byteLength(text, 'utf8');

  // Sanity: both sides do the real work and agree with each other.
  if (!encodeTtlv(decodeTtlv(bytes)).equals(bytes)) throw new Error(`${msg.short}: TTLV round trip differs`);
  if (!isDeepStrictEqual(JSON.parse(text), object)) throw new Error(`${msg.short}: JSON round trip differs`);
  if (JSON.stringify(object) !== text) throw new Error(`${msg.short}: JSON text differs`);
  if (!encodeTtlv(decodeTtlv(bytes, { copyByteStrings: true })).equals(bytes)) throw new Error(`${msg.short}: copy round trip differs`);
  const items = countItems(tree);
  console.log(`${msg.name}: ${items} items, TTLV ${ttlvSize.toLocaleString('en-US')} B, JSON ${jsonSize.toLocaleString('en-US')} B`);

  const [dT, dJ] = compare([() => decodeTtlv(bytes), () => JSON.parse(text)], opts);
  rows.push({ msg, dir: 'decode', items, ttlvSize, jsonSize, ttlv: dT, json: dJ });
  printRow(rows[rows.length - 1]);
  // The same decode with every Byte String copied into a buffer of its own (STYLE.md §2.6: key
  // material in an owned buffer that can be wiped and does not pin the input): its price.
  const copy = { copyByteStrings: true };
  const [cT, cJ] = compare([() => decodeTtlv(bytes, copy), () => JSON.parse(text)], opts);
  rows.push({ msg, dir: 'decode, copied Byte Strings', items, ttlvSize, jsonSize, ttlv: cT, json: cJ });
  printRow(rows[rows.length - 1]);
  const [eT, eJ] = compare([() => encodeTtlv(tree), () => JSON.stringify(object)], opts);
  rows.push({ msg, dir: 'encode', items, ttlvSize, jsonSize, ttlv: eT, json: eJ });
  printRow(rows[rows.length - 1]);
  console.log('');
}

function fmtRate(x) {
  return x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1);
}
function mbps(ops, size) {
  const v = (ops * size) / 1e6;
  return v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1);
}
/** Half the min-max range of the rounds, relative to the median. */
function spread(r) {
  return `±${(((r.max - r.min) / 2 / r.opsPerSec) * 100).toFixed(0)}%`;
}

function printRow(r) {
  const ratio = r.ttlv.opsPerSec / r.json.opsPerSec;
  const side = (x, size) =>
    `${fmtRate(x.opsPerSec).padStart(9)} msg/s ${spread(x).padStart(4)} ${mbps(x.opsPerSec, size).padStart(9)} MB/s`;
  console.log(
    `  ${r.dir.padEnd(28)} TTLV ${side(r.ttlv, r.ttlvSize)} | JSON ${side(r.json, r.jsonSize)} | ` +
      `TTLV/JSON ${ratio.toFixed(2)}${ratio >= 1 ? '' : '  <-- below target'}`,
  );
}

console.log('Summary (TTLV/JSON, >1 means TTLV faster):');
for (const r of rows) {
  console.log(`  ${r.msg.short.padEnd(8)} ${r.dir.padEnd(28)} ${(r.ttlv.opsPerSec / r.json.opsPerSec).toFixed(2)}`);
}

if (args.has('--markdown')) {
  console.log('\n| Message | Direction | TTLV msg/s | TTLV MB/s | JSON msg/s | JSON MB/s | TTLV/JSON |');
  console.log('|---|---|--:|--:|--:|--:|--:|');
  for (const r of rows) {
    console.log(
      `| ${r.msg.short} | ${r.dir} | ${fmtRate(r.ttlv.opsPerSec)} ${spread(r.ttlv)} | ${mbps(r.ttlv.opsPerSec, r.ttlvSize)} | ` +
        `${fmtRate(r.json.opsPerSec)} ${spread(r.json)} | ${mbps(r.json.opsPerSec, r.jsonSize)} | **${(r.ttlv.opsPerSec / r.json.opsPerSec).toFixed(2)}** |`,
    );
  }
}

console.log(`\n(sink checksum ${sinkChecksum()})`);
clearSink();
if (!args.has('--no-alloc')) await runAllocationCheck({ quiet: false });
