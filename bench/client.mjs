// The client library's own overhead: Get through a pooled KmipClient against the same Get sent as
// pre-encoded bytes on raw TLS sockets, in the same run, against the same local server.
//
//   npm run bench:client              build, then run everything (about 40 s)
//   node bench/client.mjs --quick     shorter rounds, for a smoke run (after npm run build)
//   node bench/client.mjs --markdown  also print the table as Markdown (docs/PERFORMANCE.md)
//
// What is measured, for C = 1, 16 and 64 concurrent callers:
//   client: one KmipPool (size 8, KMIP 2.1 fixed, no pings) shared by C async callers; each caller
//           awaits pool.get({ uniqueIdentifier }) in a loop (request built and TTLV-encoded per
//           call, response decoded into typed objects). With C > 8 the pool pipelines requests
//           on its 8 connections.
//   raw:    C TLS connections, one per caller, each sending one pre-built Get request message
//           (KMIP 2.1 TTLV, encoded once) and waiting for the whole response before sending the
//           next: one request in flight per socket; responses are not decoded (1 in 256 checked).
// The server is a real `keyhold serve` (a child process with a fresh temporary data directory and
// its first-start PKI, as in bench/crypto.mjs), the object an AES-256 key of 32 bytes registered
// once. Latency = call (or write) -> promise resolved (or last response byte read).
// The ratio is client ops/s / raw ops/s.
import { randomBytes } from 'node:crypto';
import { KmipClient, KmipPool } from '../packages/client/dist/src/index.js';
import {
  CryptographicAlgorithm,
  CryptographicUsageMask,
  encodeRequestMessage,
  encodeTtlv,
  KeyFormatType,
  ObjectType,
  Operation,
  requestBatchItem,
  } from '../packages/protocol/dist/src/index.js';
import { describeMachine } from './harness.mjs';
import { attach, checkResponse, exchange, fmtRate, fmtUs, openConnection, startServer, summarize } from './server-harness.mjs';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const TIMED_MS = quick ? 500 : 3000;
const WARMUP_MS = quick ? 200 : 500;
const CONCURRENCY = [1, 16, 64];
const POOL_SIZE = 8;
const V2_1 = { protocolVersionMajor: 2, protocolVersionMinor: 1 };

// ---------------------------------------------------------------------------------------------
// The server (as in bench/crypto.mjs)
// ---------------------------------------------------------------------------------------------



// ---------------------------------------------------------------------------------------------
// Raw side: C TLS connections, one pre-built request in flight on each
// ---------------------------------------------------------------------------------------------





/** Runs `step` in C concurrent loops: warm-up, then a timed window; returns ops/s, p50, p99. */
async function drive(concurrency, step, durationMs, warmupMs) {
  let phase = 'warmup';
  const latencies = [];
  let count = 0;
  const loop = async (i) => {
    while (phase !== 'done') {
      const t0 = process.hrtime.bigint();
      await step(i, phase === 'timed' ? count + 1 : 0);
      const t1 = process.hrtime.bigint();
      if (phase === 'timed') {
        latencies.push(Number(t1 - t0));
        count++;
      }
    }
  };
  const running = Array.from({ length: concurrency }, (_, i) => loop(i));
  await sleep(warmupMs);
  phase = 'timed';
  const start = process.hrtime.bigint();
  await sleep(durationMs);
  phase = 'done';
  const elapsed = Number(process.hrtime.bigint() - start);
  await Promise.all(running);
  return summarize(count, elapsed, latencies);
}

async function driveRaw(tls, message, concurrency) {
  const conns = [];
  try {
    for (let i = 0; i < concurrency; i++) {
      const socket = await openConnection(tls);
      conns.push({ socket, state: attach(socket) });
    }
    // One checked exchange per connection: a failure is an error, never a fast benchmark.
    for (const c of conns) checkResponse(await exchange(c.socket, c.state, message), 'Get (raw)');
    return await drive(
      concurrency,
      async (i, n) => {
        const reply = await exchange(conns[i].socket, conns[i].state, message);
        // Spot-check about one response in 256 (decoding every one would load this side).
        if ((n & 255) === 1) checkResponse(reply, 'Get (raw)');
      },
      TIMED_MS,
      WARMUP_MS,
    );
  } finally {
    for (const c of conns) c.socket.destroy();
  }
}

async function driveClient(pool, uid, concurrency) {
  const res = await pool.get({ uniqueIdentifier: uid });
  if (res.uniqueIdentifier !== uid || res.objectType !== ObjectType.SymmetricKey) throw new Error('Get (client): unexpected response');
  return drive(concurrency, () => pool.get({ uniqueIdentifier: uid }), TIMED_MS, WARMUP_MS);
}


const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Run
// ---------------------------------------------------------------------------------------------

async function registerKey(tls) {
  const client = await KmipClient.connect({ ...tls, version: { major: 2, minor: 1 } });
  try {
    const objectType = ObjectType.SymmetricKey;
    const res = await client.call(Operation.Register, {
      objectType,
      attributes: { attribute: [{ name: 'Cryptographic Usage Mask', value: CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt }] },
      object: { objectType, keyBlock: { keyFormatType: KeyFormatType.Raw, keyValue: { keyMaterial: randomBytes(32) }, cryptographicAlgorithm: CryptographicAlgorithm.AES, cryptographicLength: 256 } },
    });
    await client.call(Operation.Activate, { uniqueIdentifier: res.uniqueIdentifier });
    return res.uniqueIdentifier;
  } finally {
    await client.close();
  }
}

const m = describeMachine();
console.log('Keyhold client benchmark: Get through KmipPool vs pre-encoded Get on raw TLS sockets');
console.log(`  node ${m.node} (V8 ${m.v8}), ${m.platform}`);
console.log(`  ${m.cores} x ${m.cpu}, ${m.memory}`);
console.log(`  ${TIMED_MS} ms timed after ${WARMUP_MS} ms warm-up per row; pool size ${POOL_SIZE}\n`);

const started = Date.now();
const rows = [];
let failed = false;
let server;
let pool;
try {
  server = await startServer();
  const uid = await registerKey(server.tls);
  const message = encodeTtlv(encodeRequestMessage({ requestHeader: { protocolVersion: V2_1 }, batchItem: [requestBatchItem(Operation.Get, { uniqueIdentifier: uid })] }));
  console.log(`Get of a 256-bit AES key (request ${message.length} B)`);
  pool = await KmipPool.connect({ ...server.tls, version: { major: 2, minor: 1 }, size: POOL_SIZE, pingIntervalMs: 0 });
  for (const c of CONCURRENCY) {
    // Raw first, then the client, for each C: drift in the machine's load hits both alike.
    const raw = await driveRaw(server.tls, message, c);
    const client = await driveClient(pool, uid, c);
    const row = { clients: c, raw, client, ratio: client.opsPerSec / raw.opsPerSec };
    rows.push(row);
    printRow('raw TLS', c, raw);
    printRow(`KmipPool(${POOL_SIZE})`, c, client, row.ratio);
  }
} catch (err) {
  failed = true;
  console.error(err);
  if (server) console.error(`server output:\n${server.output()}`);
} finally {
  try {
    await pool?.close(1000);
  } catch (err) {
    console.error(err);
  }
  await server?.stop();
}
console.log(`\nserver stopped; total ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (failed) process.exit(1);

function printRow(who, c, r, ratio) {
  console.log(
    `  ${who.padEnd(12)} ${String(c).padStart(2)} caller${c === 1 ? ' ' : 's'} ${fmtRate(r.opsPerSec).padStart(9)} ops/s  p50 ${fmtUs(r.p50).padStart(7)} µs  p99 ${fmtUs(r.p99).padStart(7)} µs` +
      (ratio === undefined ? '' : `  client/raw ${ratio.toFixed(3)}`),
  );
}

if (args.has('--markdown')) {
  console.log('\n| Callers | Path | ops/s | p50 µs | p99 µs | client/raw |');
  console.log('|--:|---|--:|--:|--:|--:|');
  for (const x of rows) {
    console.log(`| ${x.clients} | raw TLS (1 socket per caller) | ${fmtRate(x.raw.opsPerSec)} | ${fmtUs(x.raw.p50)} | ${fmtUs(x.raw.p99)} | – |`);
    console.log(`| ${x.clients} | KmipPool (size ${POOL_SIZE}) | ${fmtRate(x.client.opsPerSec)} | ${fmtUs(x.client.p50)} | ${fmtUs(x.client.p99)} | **${x.ratio.toFixed(3)}** |`);
  }
}
