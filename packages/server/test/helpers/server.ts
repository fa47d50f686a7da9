/**
 * An in-process Keyhold server for end-to-end tests, and a raw KMIP client for it.
 *
 * {@link startTestServer} runs the real thing: `serve()` with a configuration loaded as the CLI
 * loads it (port 0, a data directory of its own), so the first-start PKI, the SQLite store with
 * its master key and the executor behind the mutual-TLS transport are all the production ones.
 * Only a test clock (the executor's `clock` option) can be swapped in.
 *
 * {@link KmipTestClient} speaks KMIP over node:tls with the protocol model only: requests are
 * encoded with `encodeRequestMessage` + `encodeTtlv`, the stream is split with `TtlvFramer`, and
 * responses are decoded with `decodeResponseMessage` — no Keyhold client code in between.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import {
  decodeResponseMessage,
  decodeTtlv,
  encodeRequestMessage,
  encodeTtlv,
  requestBatchItem,
  TtlvFramer,
  type ProtocolVersion,
  type RequestBatchItem,
  type RequestHeader,
  type RequestMessage,
  type RequestPayloadOf,
  type ResponseMessage,
  type TtlvNode,
  type TypedOperation,
} from '@keyhold/protocol';
import { loadConfig, type ServerConfig } from '../../src/config/index.js';
import { Executor } from '../../src/executor.js';
import { createKeyholdHandler, KEYHOLD_FACTS } from '../../src/keyhold.js';
import { silentLogger, type Logger } from '../../src/logger.js';
import { issueClientCertificate, type BootstrapResult } from '../../src/pki/bootstrap.js';
import { serve, type ServeHandle, type ServeHandler } from '../../src/serve.js';
import { loadOrCreateMasterKey, openSqliteStore } from '../../src/store/index.js';

/** PEM contents a client connects with. */
export interface ClientCredentialPems {
  readonly principal: string;
  readonly ca: Buffer;
  readonly cert: Buffer;
  readonly key: Buffer;
  /** The files, for external clients (PyKMIP). */
  readonly files: { readonly ca: string; readonly cert: string; readonly key: string };
}

/** Options of {@link startTestServer}. */
export interface TestServerOptions {
  /** Data directory; default a new temporary one (removed by {@link TestServer.dispose}). */
  readonly dataDir?: string;
  /** Executor clock in milliseconds (default the real clock). */
  readonly clock?: () => number;
  /** Extra command-line flags for the configuration (`['--idle-timeout', '1s']`). */
  readonly argv?: readonly string[];
  /** Default: silent. */
  readonly logger?: Logger;
}

/** A running in-process server. */
export interface TestServer {
  readonly port: number;
  readonly dataDir: string;
  readonly config: ServerConfig;
  readonly pki: BootstrapResult;
  readonly handle: ServeHandle;
  /** The administrator's credentials (the first-start client certificate). */
  readonly admin: ClientCredentialPems;
  /** Issues (once per principal and data directory) a client certificate for another principal. */
  issueClient(principal: string): Promise<ClientCredentialPems>;
  /** Connects a raw KMIP client (default: as the administrator). */
  connect(creds?: ClientCredentialPems): Promise<KmipTestClient>;
  /** Graceful stop (closes the store); idempotent. */
  stop(): Promise<void>;
  /** Stops and, when the data directory was created here, removes it. */
  dispose(): Promise<void>;
}

/** Starts the real server in-process on 127.0.0.1, on a free port. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'keyhold-it-'));
  const config = loadConfig({ env: {}, argv: ['--data-dir', dataDir, '--port', '0', '--host', '127.0.0.1', ...(options.argv ?? [])] });
  const logger = options.logger ?? silentLogger();
  const clock = options.clock;
  const factory =
    clock === undefined
      ? createKeyholdHandler
      : async (c: ServerConfig): Promise<ServeHandler> => {
          // createKeyholdHandler with a test clock: the same store and executor, built the same way.
          const master = await loadOrCreateMasterKey({ file: c.masterKeyFile });
          const store = await openSqliteStore({ path: c.store.path, masterKey: master.key });
          master.key.fill(0);
          const executor = new Executor({ store, server: KEYHOLD_FACTS, logger, clock, limits: { maxMessageSize: c.limits.maxMessageSize } });
          return {
            handleMessage: (req, session) => executor.handleMessage(req, session),
            unframeableResponse: (reason) => executor.unframeableResponse(reason),
            close: () => store.close(),
          };
        };
  const handle = await serve(config, factory, { logger, handleSignals: false });
  const pki = handle.pki;
  if (pki === undefined) throw new Error('the test server expects the first-start PKI');
  const pems = (principal: string, files: { cert: string; key: string }): ClientCredentialPems => ({
    principal,
    ca: readFileSync(pki.caCert),
    cert: readFileSync(files.cert),
    key: readFileSync(files.key),
    files: { ca: pki.caCert, cert: files.cert, key: files.key },
  });
  const admin = pems(pki.client.principal, pki.client);
  const issued = new Map<string, ClientCredentialPems>();
  const port = handle.server.port;
  return {
    port,
    dataDir,
    config,
    pki,
    handle,
    admin,
    async issueClient(principal) {
      let creds = issued.get(principal);
      if (creds === undefined) {
        const files = await issueClientCertificate({ dataDir, principal, overwrite: true });
        creds = pems(principal, files);
        issued.set(principal, creds);
      }
      return creds;
    },
    connect: (creds = admin) => KmipTestClient.connect(port, creds),
    stop: () => handle.stop(),
    async dispose() {
      await handle.stop();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A raw KMIP client over mutual TLS: one request at a time, responses in order. */
export class KmipTestClient {
  private readonly framer = new TtlvFramer(64 * 1024 * 1024);
  private readonly responses: Buffer[] = [];
  private waiters: Array<() => void> = [];
  /** Resolves when the connection has closed (either side). */
  readonly closed: Promise<void>;
  /** True once the server ended its side of the stream. */
  ended = false;

  private constructor(readonly socket: TLSSocket) {
    socket.on('data', (chunk: Buffer) => {
      for (const m of this.framer.push(chunk)) this.responses.push(Buffer.from(m));
      this.notify();
    });
    socket.on('end', () => {
      this.ended = true;
      this.notify();
    });
    socket.on('error', () => this.notify());
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.notify();
        resolve();
      }),
    );
  }

  /** Connects and completes the TLS handshake (TLS 1.2 or 1.3, the server's choice). */
  static connect(port: number, creds: ClientCredentialPems): Promise<KmipTestClient> {
    return new Promise((resolve, reject) => {
      const socket = tlsConnect({ host: '127.0.0.1', port, servername: 'localhost', ca: creds.ca, cert: creds.cert, key: creds.key });
      const onError = (err: Error): void => reject(err);
      socket.once('error', onError);
      socket.once('secureConnect', () => {
        socket.off('error', onError);
        resolve(new KmipTestClient(socket));
      });
    });
  }

  private notify(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** The next response message's bytes (fails if the connection closes first, or on timeout). */
  async next(timeoutMs = 10_000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (this.responses.length === 0) {
      if (this.socket.destroyed || this.ended) throw new Error('the connection closed before a response arrived');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no response within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.responses.shift() as Buffer;
  }

  /** Sends bytes as they are and returns the next response's bytes. */
  async exchange(bytes: Uint8Array): Promise<Buffer> {
    this.socket.write(bytes);
    return this.next();
  }

  /** Sends a request message (encoded for the version of its header) and decodes the response. */
  async request(msg: RequestMessage): Promise<ResponseMessage> {
    return decodeResponse(await this.exchange(encodeRequest(msg)));
  }

  /** Shorthand: one message of `version` with these items and header fields. */
  send(version: ProtocolVersion, items: RequestBatchItem[], header: Partial<RequestHeader> = {}): Promise<ResponseMessage> {
    return this.request(requestMessage(version, items, header));
  }

  /** Closes the connection. */
  close(): void {
    this.socket.destroy();
  }
}

/** A request message of `version`. Batch Count is filled in on encode unless given. */
export function requestMessage(version: ProtocolVersion, items: RequestBatchItem[], header: Partial<RequestHeader> = {}): RequestMessage {
  return {
    requestHeader: { ...header, protocolVersion: { protocolVersionMajor: version.major, protocolVersionMinor: version.minor } },
    batchItem: items,
  };
}

/** A typed batch item (re-exported for tests). */
export const item = <O extends TypedOperation>(operation: O, payload: RequestPayloadOf<O>, extra: Omit<RequestBatchItem, 'operation' | 'requestPayload'> = {}): RequestBatchItem =>
  requestBatchItem(operation, payload, extra);

/** Encodes a request message to bytes. */
export function encodeRequest(msg: RequestMessage): Buffer {
  return Buffer.from(encodeTtlv(encodeRequestMessage(msg)));
}

/** The TTLV tree of a request message (for tests that edit it before sending). */
export function requestTree(msg: RequestMessage): TtlvNode {
  return encodeRequestMessage(msg);
}

/** Decodes response bytes (in the version of the response header). */
export function decodeResponse(bytes: Uint8Array): ResponseMessage {
  return decodeResponseMessage(decodeTtlv(bytes));
}
