/**
 * One KMIP conversation over a byte stream: write a request, wait for the one response message
 * (framed by the TTLV header), with a timeout.
 */
import type { Duplex } from 'node:stream';
import { TtlvFramer } from '@keyhold/protocol';

/** Request/response exchange over a duplex stream. */
export class MessageChannel {
  private readonly framer = new TtlvFramer();
  private readonly queue: Buffer[] = [];
  private waiting: { resolve: (b: Buffer) => void; reject: (e: Error) => void } | undefined;
  private failure: Error | undefined;

  constructor(private readonly stream: Duplex) {
    stream.on('data', (chunk: Buffer) => {
      let msgs: Buffer[];
      try {
        msgs = this.framer.push(chunk);
      } catch (err) {
        this.fail(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      for (const m of msgs) {
        const w = this.waiting;
        if (w) {
          this.waiting = undefined;
          w.resolve(Buffer.from(m));
        } else this.queue.push(Buffer.from(m));
      }
    });
    stream.on('error', (err: Error) => this.fail(err));
    stream.on('end', () => this.fail(new Error('the server closed the connection')));
    stream.on('close', () => this.fail(new Error('the connection was closed')));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    const w = this.waiting;
    this.waiting = undefined;
    w?.reject(this.failure);
  }

  /** Sends one request message and resolves to the next response message. */
  exchange(request: Uint8Array, timeoutMs: number): Promise<Buffer> {
    const queued = this.queue.shift();
    if (queued) return Promise.reject(new Error('the server sent a message that answered no request'));
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        reject(new Error(`no response within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting = {
        resolve: (b) => {
          clearTimeout(timer);
          resolve(b);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.stream.write(request, (err) => {
        if (err) this.fail(err);
      });
    });
  }

  /** Ends the conversation. */
  close(): void {
    this.stream.end();
    // A server that keeps its side open must not keep the run alive.
    setTimeout(() => this.stream.destroy(), 1000).unref();
  }
}
