/**
 * Streamed input and output for `encrypt` and `decrypt`: a reader that cuts its input into
 * parts (holding back a trailer, such as a GCM tag at the end of a file), an output sink, and a
 * progress line on standard error.
 */
import { createReadStream } from 'node:fs';
import { open, stat, unlink, type FileHandle } from 'node:fs/promises';
import { CliError, ExitCode } from '../../errors.js';
import { writeOutput } from '../../io.js';

/** Bytes in one request: smaller inputs go in one request, larger ones in parts of this size. */
export const PART_SIZE = 1024 * 1024;

/** Cuts an async byte stream into parts. */
export class PartReader {
  private readonly source: AsyncIterator<unknown>;
  private buf: Buffer = Buffer.alloc(0);
  private done = false;
  /** Bytes handed out so far (parts and exact reads). */
  consumed = 0;
  /** The held-back bytes once the last part was read. */
  trailer: Buffer = Buffer.alloc(0);

  constructor(source: AsyncIterable<unknown>) {
    this.source = source[Symbol.asyncIterator]();
  }

  private async fill(n: number): Promise<void> {
    const chunks: Buffer[] = [this.buf];
    let have = this.buf.length;
    while (!this.done && have < n) {
      const r = await this.source.next();
      if (r.done === true) this.done = true;
      else {
        const b = Buffer.isBuffer(r.value) ? r.value : Buffer.from(String(r.value));
        chunks.push(b);
        have += b.length;
      }
    }
    if (chunks.length > 1) this.buf = Buffer.concat(chunks);
  }

  /** Exactly `n` bytes (bad input when the stream is shorter). */
  async readExact(n: number, what: string): Promise<Buffer> {
    await this.fill(n);
    if (this.buf.length < n) throw new CliError(`the input is too short: it ends inside the ${what}`, ExitCode.BadInput);
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    this.consumed += n;
    return out;
  }

  /**
   * The next part of at most `size` bytes; `last` when nothing but the `reserve` trailing bytes
   * follows it (those are then in {@link PartReader.trailer}).
   */
  async nextPart(size: number, reserve: number): Promise<{ data: Buffer; last: boolean }> {
    await this.fill(size + reserve + 1);
    if (this.buf.length <= size + reserve) {
      if (this.buf.length < reserve) throw new CliError(`the input is too short: it ends inside the ${reserve}-byte trailer`, ExitCode.BadInput);
      const data = this.buf.subarray(0, this.buf.length - reserve);
      this.trailer = this.buf.subarray(this.buf.length - reserve);
      this.buf = Buffer.alloc(0);
      this.consumed += data.length + reserve;
      return { data, last: true };
    }
    const data = this.buf.subarray(0, size);
    this.buf = this.buf.subarray(size);
    this.consumed += size;
    return { data, last: false };
  }
}

/** The input of `--in FILE|-` (standard input when absent or "-"), with its size when known. */
export async function openInput(path: string | undefined): Promise<{ reader: PartReader; size: number | undefined }> {
  if (path === undefined || path === '-') return { reader: new PartReader(process.stdin), size: undefined };
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (err) {
    throw new CliError(`cannot read ${path}: ${(err as Error).message.replace(/^\w+: /, '')}`, ExitCode.BadInput);
  }
  return { reader: new PartReader(createReadStream(path, { highWaterMark: 256 * 1024 })), size };
}

/** Where output goes: `--out FILE`, or standard output. */
export interface Sink {
  write(data: Uint8Array | undefined): Promise<void>;
  /** Closes; with `failed`, a file output is removed (no partial results are left behind). */
  close(failed: boolean): Promise<void>;
}

/** Opens `--out FILE` (created with `mode`) or standard output. */
export async function openSink(path: string | undefined, mode: number): Promise<Sink> {
  if (path === undefined || path === '-') {
    return { write: async (d) => (d !== undefined && d.length > 0 ? writeOutput(d) : undefined), close: async () => undefined };
  }
  const fh: FileHandle = await open(path, 'w', mode);
  return {
    write: async (d) => {
      if (d !== undefined && d.length > 0) await fh.write(d);
    },
    close: async (failed) => {
      await fh.close();
      if (failed) await unlink(path).catch(() => undefined);
    },
  };
}

/** A progress line on standard error (only when it is a terminal). */
export class Progress {
  private readonly on: boolean;
  constructor(
    private readonly label: string,
    private readonly total: number | undefined,
  ) {
    this.on = process.stderr.isTTY === true;
  }

  update(done: number): void {
    if (!this.on) return;
    const mib = (n: number): string => (n / (1024 * 1024)).toFixed(1);
    const pct = this.total !== undefined && this.total > 0 ? ` (${Math.min(100, Math.floor((done * 100) / this.total))}%)` : '';
    process.stderr.write(`\r${this.label}: ${mib(done)}${this.total !== undefined ? ` / ${mib(this.total)}` : ''} MiB${pct}`);
  }

  end(): void {
    if (this.on) process.stderr.write('\n');
  }
}
