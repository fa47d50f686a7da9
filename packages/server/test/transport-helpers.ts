/**
 * Test helpers for the TLS transport: a fake message handler, test messages, and a node:tls
 * client that collects framed responses.
 */
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { readFileSync } from 'node:fs';
import { decodeTtlv, encodeTtlv, ItemType, TtlvFramer, type TtlvNode } from '@keyhold/protocol';
import type { MessageHandler, Session } from '../src/transport/session.js';

export const TAG_REQUEST = 0x420078;
export const TAG_RESPONSE = 0x42007b;
const TAG_SEQ = 0x540001;
const TAG_DELAY = 0x540002;
const TAG_PAD = 0x540003;
const TAG_TEXT = 0x540004;

/** A request: Structure { seq, delay in ms (the handler waits that long), padding bytes }. */
export function request(seq: number, delayMs = 0, padBytes = 0): Buffer {
  const value: TtlvNode[] = [
    { tag: TAG_SEQ, type: ItemType.Integer, value: seq },
    { tag: TAG_DELAY, type: ItemType.Integer, value: delayMs },
  ];
  if (padBytes > 0) value.push({ tag: TAG_PAD, type: ItemType.ByteString, value: new Uint8Array(padBytes) });
  return encodeTtlv({ tag: TAG_REQUEST, type: ItemType.Structure, value });
}

/** What a response says: its sequence number, or `unframeable: reason`, or the principal. */
export interface Reply {
  readonly seq?: number;
  readonly text?: string;
}

export function parseReply(bytes: Buffer): Reply {
  const node = decodeTtlv(bytes);
  if (node.type !== ItemType.Structure) throw new Error('response is not a structure');
  let seq: number | undefined;
  let text: string | undefined;
  for (const child of node.value) {
    if (child.tag === TAG_SEQ && child.type === ItemType.Integer) seq = child.value;
    if (child.tag === TAG_TEXT && child.type === ItemType.TextString) text = child.value;
  }
  return { ...(seq === undefined ? {} : { seq }), ...(text === undefined ? {} : { text }) };
}

function response(children: TtlvNode[]): Buffer {
  return encodeTtlv({ tag: TAG_RESPONSE, type: ItemType.Structure, value: children });
}

/** The fake executor: answers { seq, principal } after the request's delay; records sessions. */
export class FakeHandler implements MessageHandler {
  readonly sessions: Session[] = [];
  handled = 0;
  inFlight = 0;
  /** Aborted signals seen at the end of a handled request. */
  abortedDuring = 0;

  async handleMessage(req: Buffer, session: Session): Promise<Buffer> {
    if (!this.sessions.includes(session)) this.sessions.push(session);
    this.inFlight++;
    try {
      const node = decodeTtlv(req);
      if (node.type !== ItemType.Structure) throw new Error('not a structure');
      let seq = -1;
      let delay = 0;
      for (const c of node.value) {
        if (c.tag === TAG_SEQ && c.type === ItemType.Integer) seq = c.value;
        if (c.tag === TAG_DELAY && c.type === ItemType.Integer) delay = c.value;
      }
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      if (session.signal.aborted) this.abortedDuring++;
      this.handled++;
      return response([
        { tag: TAG_SEQ, type: ItemType.Integer, value: seq },
        { tag: TAG_TEXT, type: ItemType.TextString, value: session.peer.principal },
      ]);
    } finally {
      this.inFlight--;
    }
  }

  unframeableResponse(reason: string): Buffer | undefined {
    return response([{ tag: TAG_TEXT, type: ItemType.TextString, value: `unframeable: ${reason}` }]);
  }
}

/** Client credentials as PEM contents. */
export interface ClientPems {
  readonly ca: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
}

export function readClientPems(paths: { ca: string; cert: string; key: string }): Required<ClientPems> {
  return { ca: readFileSync(paths.ca), cert: readFileSync(paths.cert), key: readFileSync(paths.key) };
}

/** A connected test client: collects every response the server sends, and how the stream ended. */
export class TestClient {
  readonly responses: Buffer[] = [];
  readonly closed: Promise<void>;
  error: NodeJS.ErrnoException | undefined;
  ended = false;
  private readonly framer = new TtlvFramer(64 * 1024 * 1024);
  private waiters: Array<() => void> = [];

  constructor(readonly socket: TLSSocket) {
    socket.on('data', (chunk: Buffer) => {
      for (const m of this.framer.push(chunk)) this.responses.push(m);
      this.notify();
    });
    socket.on('end', () => {
      this.ended = true;
      this.notify();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.error = err;
    });
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        resolve();
        this.notify();
      }),
    );
  }

  private notify(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Waits until `n` responses have arrived (fails on close or after `timeoutMs`). */
  async waitFor(n: number, timeoutMs = 5000): Promise<Reply[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.responses.length < n) {
      if (this.socket.destroyed) throw new Error(`connection closed after ${this.responses.length} of ${n} responses`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${this.responses.length} of ${n} responses`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.responses.slice(0, n).map(parseReply);
  }

  write(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Connects and waits for the handshake; rejects on a handshake error. */
export function connectClient(port: number, creds: ClientPems, extra: Partial<ConnectionOptions> = {}): Promise<TestClient> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({
      host: '127.0.0.1',
      port,
      servername: 'localhost',
      ca: creds.ca,
      ...(creds.cert === undefined ? {} : { cert: creds.cert }),
      ...(creds.key === undefined ? {} : { key: creds.key }),
      ...extra,
    });
    const onError = (err: Error): void => reject(err);
    socket.once('error', onError);
    socket.once('secureConnect', () => {
      socket.off('error', onError);
      resolve(new TestClient(socket));
    });
  });
}

/**
 * Whether the server accepts a client: connects, sends a request, and reports whether a
 * response came back ('accepted') or the connection failed or closed first ('rejected'), with
 * the error code seen, if any.
 */
export async function tryRequest(port: number, creds: ClientPems, extra: Partial<ConnectionOptions> = {}): Promise<{ outcome: 'accepted' | 'rejected'; code?: string }> {
  let client: TestClient;
  try {
    client = await connectClient(port, creds, extra);
  } catch (err) {
    return { outcome: 'rejected', code: (err as NodeJS.ErrnoException).code ?? (err as Error).message };
  }
  client.write(request(1));
  try {
    await client.waitFor(1, 3000);
    client.close();
    return { outcome: 'accepted' };
  } catch {
    await client.closed;
    return { outcome: 'rejected', ...(client.error?.code === undefined ? {} : { code: client.error.code }) };
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
