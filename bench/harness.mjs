// A small, explicit benchmark harness (no external library):
//  * calibration: the batch size is grown until one batch takes about `roundMs`;
//  * warm-up: each function runs for at least `warmupMs` before anything is timed, so it is
//    optimised by TurboFan before it is measured;
//  * timing: `rounds` timed rounds of one batch each, measured with process.hrtime.bigint();
//    when two functions are compared their rounds alternate (A B A B ...) so that drift in the
//    machine's load (the CI box has 2 cores and other jobs) hits both sides alike;
//  * the reported figure is the median round; min and max are kept to show the spread;
//  * every result is stored in a sink that is read at the end, so the optimiser cannot drop
//    the work as dead code.
import os from 'node:os';

const SINK_SIZE = 64;
const sink = new Array(SINK_SIZE).fill(null);
let sinkIndex = 0;

/** Runs `fn` `n` times, keeping results alive; returns elapsed nanoseconds. */
function batch(fn, n) {
  let i = sinkIndex;
  const t0 = process.hrtime.bigint();
  for (let k = 0; k < n; k++) {
    sink[i] = fn();
    i = (i + 1) & (SINK_SIZE - 1);
  }
  const t1 = process.hrtime.bigint();
  sinkIndex = i;
  return Number(t1 - t0);
}

/** Finds a batch size whose run takes about `roundMs`, warming `fn` up for at least `warmupMs`. */
function calibrate(fn, roundMs, warmupMs) {
  const start = process.hrtime.bigint();
  let n = 1;
  let ns = batch(fn, n);
  // Grow geometrically until a batch is long enough to time precisely (>= 20 ms).
  while (ns < 20e6) {
    n *= ns < 1e6 ? 10 : 2;
    ns = batch(fn, n);
  }
  // Keep running until the warm-up budget is spent (the JIT settles during this time).
  while (Number(process.hrtime.bigint() - start) < warmupMs * 1e6) batch(fn, n);
  ns = batch(fn, n);
  return Math.max(1, Math.ceil((n * roundMs * 1e6) / ns));
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Measures several functions with alternating rounds.
 * @param {Array<() => unknown>} fns
 * @returns {Array<{opsPerSec: number, min: number, max: number, n: number, rounds: number}>}
 */
export function compare(fns, { roundMs = 300, rounds = 7, warmupMs = 500 } = {}) {
  const sizes = fns.map((fn) => calibrate(fn, roundMs, warmupMs));
  const rates = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let f = 0; f < fns.length; f++) {
      const ns = batch(fns[f], sizes[f]);
      rates[f].push((sizes[f] * 1e9) / ns);
    }
  }
  return rates.map((rs, f) => ({
    opsPerSec: median(rs),
    min: Math.min(...rs),
    max: Math.max(...rs),
    n: sizes[f],
    rounds,
  }));
}

/** Something derived from the sink, printed at the end so no result is dead. */
export function sinkChecksum() {
  let c = 0;
  for (const v of sink) c += v === null ? 0 : typeof v === 'object' ? 1 : String(v).length;
  return c;
}

/** Drops the kept results (call after {@link sinkChecksum}, before measuring memory). */
export function clearSink() {
  sink.fill(null);
}

/** One line describing the machine and runtime. */
export function describeMachine() {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  const mhz = cpus[0]?.speed ? ` @ ${cpus[0].speed} MHz` : '';
  return {
    node: process.version,
    v8: process.versions.v8,
    cpu: `${model}${mhz}`,
    cores: cpus.length,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
  };
}
