/**
 * What the end-to-end benchmarks (bench/crypto.mjs, bench/client.mjs) share: a real `keyhold serve`
 * started as a child process on a free port with a throw-away data directory, raw TLS connections
 * with one request in flight, response checks, and the summary and number formats.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { decodeResponseMessage, decodeTtlv, ResultStatus } from '../packages/protocol/dist/src/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export async function startServer() {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'keyhold-bench-'));
  const child = spawn(process.execPath, [join(ROOT, 'packages/cli/bin/keyhold.js'), 'serve', '--port', String(port), '--data-dir', dataDir, '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (s) => (out += s));
  child.stderr.setEncoding('utf8').on('data', (s) => (out += s));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`keyhold serve did not start within 30 s:\n${out}`)), 30_000);
    const onData = () => {
      if (out.includes('Stop with Ctrl-C')) {
        clearTimeout(timer);
        child.stderr.off('data', onData);
        resolve();
      }
    };
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`keyhold serve exited (${code ?? signal}):\n${out}`));
    });
  });
  const pki = join(dataDir, 'pki');
  const tls = {
    host: '127.0.0.1',
    port,
    servername: 'localhost',
    ca: readFileSync(join(pki, 'ca.crt')),
    cert: readFileSync(join(pki, 'clients/keyhold-admin.crt')),
    key: readFileSync(join(pki, 'clients/keyhold-admin.key')),
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { child, tls, stop, output: () => out };
}

export function openConnection(tls) {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ ...tls, minVersion: 'TLSv1.2' }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends `message` and resolves with the whole response (TTLV: 8-byte header, then the length). */
export function exchange(socket, state, message) {
  return new Promise((resolve, reject) => {
    state.resolve = resolve;
    state.reject = reject;
    socket.write(message);
  });
}

export function attach(socket) {
  const state = { chunks: [], size: 0, resolve: null, reject: null };
  socket.on('data', (chunk) => {
    state.chunks.push(chunk);
    state.size += chunk.length;
    if (state.size < 8) return;
    const head = state.chunks.length === 1 ? state.chunks[0] : Buffer.concat(state.chunks);
    const total = 8 + head.readUInt32BE(4);
    if (state.size < total) return;
    if (state.size > total) return state.reject?.(new Error('more bytes than one response: pipelining is not expected'));
    const whole = state.chunks.length === 1 ? state.chunks[0] : Buffer.concat(state.chunks, state.size);
    state.chunks = [];
    state.size = 0;
    const r = state.resolve;
    state.resolve = null;
    r?.(whole);
  });
  socket.on('error', (err) => state.reject?.(err));
  return state;
}

export function checkResponse(bytes, what) {
  const msg = decodeResponseMessage(decodeTtlv(bytes));
  const item = msg.batchItem[0];
  if (item?.resultStatus !== ResultStatus.Success) {
    throw new Error(`${what}: the server answered ${JSON.stringify({ status: item?.resultStatus, reason: item?.resultReason, message: item?.resultMessage })}`);
  }
  return item.responsePayload;
}

export function summarize(count, elapsedNs, latencies) {
  latencies.sort((a, b) => a - b);
  const pick = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { count, opsPerSec: (count * 1e9) / elapsedNs, p50: pick(0.5), p99: pick(0.99) };
}

export function fmtRate(x) {
  return x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1);
}

export function fmtUs(ns) {
  const us = ns / 1000;
  return us >= 100 ? Math.round(us).toLocaleString('en-US') : us.toFixed(1);
}
