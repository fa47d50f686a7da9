// Cryptographic services through the whole server path, against the same crypto called directly.
//
//   npm run bench:crypto               build, then run everything (about a minute)
//   node bench/crypto.mjs --quick      shorter rounds, for a smoke run (after npm run build)
//   node bench/crypto.mjs --markdown   also print the table as Markdown (docs/PERFORMANCE.md)
//
// What is measured, per workload (Encrypt AES-256-GCM of 64 B and of 64 KiB, Sign Ed25519 and
// Sign RSA-2048 PKCS#1 v1.5 SHA-256 of 64 B):
//   server: a real `keyhold serve` (a child process: node packages/cli/bin/keyhold.js serve, a
//           fresh temporary data directory, its first-start PKI) driven over mutual TLS by C
//           connections (C = 1 and 16), each sending one pre-built request message (KMIP 2.1 TTLV,
//           encoded once) and waiting for the whole response before sending the next: one request
//           in flight per connection. Latency = request written -> last response byte read.
//   direct: the same operation through node:crypto in this process, one call after the other,
//           with a KeyObject made once (createCipheriv + update + final + getAuthTag with a fresh
//           random 12-byte nonce, the server's default; crypto.sign).
// The ratio is server ops/s / direct ops/s: the share of the bare crypto throughput that is left
// once TLS, TTLV, the executor, the key store, policy checks and logging are added.
import { createCipheriv, createPrivateKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { KmipClient } from '../packages/client/dist/src/index.js';
import {
  BlockCipherMode,
  CryptographicAlgorithm,
  CryptographicUsageMask,
  DigitalSignatureAlgorithm,
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
const SERVER_MS = quick ? 600 : 3000;
const DIRECT_MS = quick ? 400 : 2000;
const WARMUP_MS = quick ? 200 : 500;
const CONCURRENCY = [1, 16];
const V2_1 = { protocolVersionMajor: 2, protocolVersionMinor: 1 };

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------



// ---------------------------------------------------------------------------------------------
// Load generator: C TLS connections, one pre-built request in flight on each
// ---------------------------------------------------------------------------------------------





async function driveServer(tls, message, concurrency, durationMs, warmupMs, what) {
  const conns = [];
  for (let i = 0; i < concurrency; i++) {
    const socket = await openConnection(tls);
    conns.push({ socket, state: attach(socket) });
  }
  // One checked exchange per connection: a failure is an error, never a fast benchmark.
  for (const c of conns) checkResponse(await exchange(c.socket, c.state, message), what);
  let phase = 'warmup';
  const latencies = [];
  let count = 0;
  const loop = async (c) => {
    while (phase !== 'done') {
      const t0 = process.hrtime.bigint();
      const reply = await exchange(c.socket, c.state, message);
      const t1 = process.hrtime.bigint();
      if (phase === 'timed') {
        latencies.push(Number(t1 - t0));
        count++;
        // Spot-check about one response in 256 (decoding every one would load the client side).
        if ((count & 255) === 0) checkResponse(reply, what);
      }
    }
  };
  const running = conns.map(loop);
  await sleep(warmupMs);
  phase = 'timed';
  const start = process.hrtime.bigint();
  await sleep(durationMs);
  phase = 'done';
  const elapsed = Number(process.hrtime.bigint() - start);
  await Promise.all(running);
  for (const c of conns) c.socket.destroy();
  return summarize(count, elapsed, latencies);
}

function driveDirect(fn, durationMs, warmupMs) {
  const until = (ms) => process.hrtime.bigint() + BigInt(Math.round(ms * 1e6));
  let sink = 0;
  for (const end = until(warmupMs); process.hrtime.bigint() < end; ) sink += fn().length;
  const latencies = [];
  const start = process.hrtime.bigint();
  const end = start + BigInt(durationMs * 1e6);
  let t = start;
  while (t < end) {
    sink += fn().length;
    const t1 = process.hrtime.bigint();
    latencies.push(Number(t1 - t));
    t = t1;
  }
  const r = summarize(latencies.length, Number(t - start), latencies);
  r.sink = sink;
  return r;
}


const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Workloads
// ---------------------------------------------------------------------------------------------

function requestMessage(operation, payload) {
  const node = encodeRequestMessage({ requestHeader: { protocolVersion: V2_1 }, batchItem: [requestBatchItem(operation, payload)] });
  return encodeTtlv(node);
}

async function registerActive(client, objectType, format, material, algorithm, length, mask) {
  const res = await client.call(Operation.Register, {
    objectType,
    attributes: { attribute: [{ name: 'Cryptographic Usage Mask', value: mask }] },
    object: { objectType, keyBlock: { keyFormatType: format, keyValue: { keyMaterial: material }, cryptographicAlgorithm: algorithm, cryptographicLength: length } },
  });
  await client.call(Operation.Activate, { uniqueIdentifier: res.uniqueIdentifier });
  return res.uniqueIdentifier;
}

async function workloads(tls) {
  const client = await KmipClient.connect({ ...tls, version: { major: 2, minor: 1 } });
  try {
    const aesKey = randomBytes(32);
    const aesUid = await registerActive(client, ObjectType.SymmetricKey, KeyFormatType.Raw, aesKey, CryptographicAlgorithm.AES, 256, CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt);
    const ed = generateKeyPairSync('ed25519').privateKey;
    const edDer = ed.export({ format: 'der', type: 'pkcs8' });
    const edUid = await registerActive(client, ObjectType.PrivateKey, KeyFormatType.PKCS_8, edDer, CryptographicAlgorithm.Ed25519, 256, CryptographicUsageMask.Sign);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const rsaDer = rsa.export({ format: 'der', type: 'pkcs8' });
    const rsaUid = await registerActive(client, ObjectType.PrivateKey, KeyFormatType.PKCS_8, rsaDer, CryptographicAlgorithm.RSA, 2048, CryptographicUsageMask.Sign);

    const small = randomBytes(64);
    const large = randomBytes(64 * 1024);
    const gcm = { blockCipherMode: BlockCipherMode.GCM, tagLength: 16 };
    const direct = {
      gcm: (data) => () => {
        const c = createCipheriv('aes-256-gcm', aesKey, randomBytes(12));
        const out = Buffer.concat([c.update(data), c.final()]);
        c.getAuthTag();
        return out;
      },
      ed: (() => {
        const key = createPrivateKey({ key: edDer, format: 'der', type: 'pkcs8' });
        return () => sign(null, small, key);
      })(),
      rsa: (() => {
        const key = createPrivateKey({ key: rsaDer, format: 'der', type: 'pkcs8' });
        return () => sign('sha256', small, key);
      })(),
    };
    const list = [
      {
        name: 'Encrypt AES-256-GCM, 64 B',
        message: requestMessage(Operation.Encrypt, { uniqueIdentifier: aesUid, cryptographicParameters: gcm, data: small }),
        direct: direct.gcm(small),
        expect: (p) => p.data?.length === 64 && p.authenticatedEncryptionTag?.length === 16 && p.ivCounterNonce?.length === 12,
      },
      {
        name: 'Encrypt AES-256-GCM, 64 KiB',
        message: requestMessage(Operation.Encrypt, { uniqueIdentifier: aesUid, cryptographicParameters: gcm, data: large }),
        direct: direct.gcm(large),
        expect: (p) => p.data?.length === 65536 && p.authenticatedEncryptionTag?.length === 16,
      },
      {
        name: 'Sign Ed25519, 64 B',
        message: requestMessage(Operation.Sign, { uniqueIdentifier: edUid, data: small }),
        direct: direct.ed,
        expect: (p) => Buffer.from(p.signatureData ?? []).equals(direct.ed()),
      },
      {
        name: 'Sign RSA-2048 PKCS#1 v1.5 SHA-256, 64 B',
        message: requestMessage(Operation.Sign, { uniqueIdentifier: rsaUid, cryptographicParameters: { digitalSignatureAlgorithm: DigitalSignatureAlgorithm.SHA_256WithRSAEncryption }, data: small }),
        direct: direct.rsa,
        expect: (p) => Buffer.from(p.signatureData ?? []).equals(direct.rsa()),
      },
    ];
    // The server's answer to each pre-built message is checked once, through the typed client path
    // too: Ed25519 and RSA PKCS#1 v1.5 are deterministic, so the signatures must equal node's.
    for (const w of list) {
      const socket = await openConnection(tls);
      const payload = checkResponse(await exchange(socket, attach(socket), w.message), w.name);
      socket.destroy();
      if (!w.expect(payload)) throw new Error(`${w.name}: unexpected response payload`);
    }
    return list;
  } finally {
    await client.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Run
// ---------------------------------------------------------------------------------------------

const m = describeMachine();
console.log('Keyhold cryptographic services benchmark: server over mutual TLS vs node:crypto directly');
console.log(`  node ${m.node} (V8 ${m.v8}), ${m.platform}`);
console.log(`  ${m.cores} x ${m.cpu}, ${m.memory}`);
console.log(`  server: ${SERVER_MS} ms timed after ${WARMUP_MS} ms warm-up per row; direct: ${DIRECT_MS} ms after ${WARMUP_MS} ms\n`);

const started = Date.now();
const server = await startServer();
const rows = [];
let failed = false;
try {
  const list = await workloads(server.tls);
  for (const w of list) {
    console.log(`${w.name} (request ${w.message.length.toLocaleString('en-US')} B)`);
    const d = driveDirect(w.direct, DIRECT_MS, WARMUP_MS);
    rows.push({ w, side: 'direct', clients: 1, r: d, ratio: 1 });
    printRow(rows.at(-1));
    for (const c of CONCURRENCY) {
      const r = await driveServer(server.tls, w.message, c, SERVER_MS, WARMUP_MS, w.name);
      rows.push({ w, side: 'server', clients: c, r, ratio: r.opsPerSec / d.opsPerSec });
      printRow(rows.at(-1));
    }
    console.log('');
  }
} catch (err) {
  failed = true;
  console.error(err);
  console.error(`server output:\n${server.output()}`);
} finally {
  await server.stop();
}
console.log(`server stopped; total ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (failed) process.exit(1);

function printRow(x) {
  const who = x.side === 'direct' ? 'node:crypto direct   ' : `server, ${String(x.clients).padStart(2)} client${x.clients === 1 ? ' ' : 's'}`;
  console.log(
    `  ${who} ${fmtRate(x.r.opsPerSec).padStart(9)} ops/s  p50 ${fmtUs(x.r.p50).padStart(7)} µs  p99 ${fmtUs(x.r.p99).padStart(7)} µs` +
      (x.side === 'server' ? `  server/direct ${x.ratio.toFixed(3)}` : ''),
  );
}

if (args.has('--markdown')) {
  console.log('\n| Operation | Path | Clients | ops/s | p50 µs | p99 µs | server/direct |');
  console.log('|---|---|--:|--:|--:|--:|--:|');
  for (const x of rows) {
    console.log(
      `| ${x.w.name} | ${x.side === 'direct' ? 'node:crypto' : 'server (mTLS)'} | ${x.side === 'direct' ? '–' : x.clients} | ${fmtRate(x.r.opsPerSec)} | ${fmtUs(x.r.p50)} | ${fmtUs(x.r.p99)} | ${x.side === 'direct' ? '–' : `**${x.ratio.toFixed(3)}**`} |`,
    );
  }
}
