/**
 * {@link KmipClient}: a typed KMIP client over one mutual-TLS connection (design/STYLE.md §1:
 * client.ts connection.ts batch.ts operations/<operation>.ts).
 *
 * - Pipelining: requests are sent as soon as they are made; the server answers in order.
 * - Versions: `version: 'negotiate'` (the default) runs Discover Versions first and speaks 2.1
 *   when the server offers it, otherwise the best version both sides know [KMIP 2.1 §6.2.1].
 * - Failures: a failed batch item rejects with {@link KmipOperationError} (Result Status, Result
 *   Reason, Result Message); transport problems with {@link KmipClientError}.
 */
import {
  BatchErrorContinuationOption,
  compareVersions,
  decodeResponseMessage,
  encodeRequestMessage,
  formatVersion,
  isKmipError,
  ItemType,
  KNOWN_VERSIONS,
  Operation,
  payloadCodecs,
  requestBatchItem,
  responsePayloadAs,
  ResultReason,
  ResultStatus,
  Tag,
  type ProtocolVersion,
  type RequestBatchItem,
  type RequestHeader,
  type RequestPayloadOf,
  type ResponseBatchItem,
  type ResponseMessage,
  type ResponsePayloadOf,
  type TypedOperation,
  type TtlvNode,
} from '@keyhold/protocol';
import type { BatchItem, BatchOptions, BatchResult, BatchResults } from './batch.js';
import type { CallOptions, OperationCaller } from './call.js';
import { KmipConnection, type ConnectionOptions, type MessageConnection, type SendOptions } from './connection.js';
import { KmipClientError, KmipOperationError } from './errors.js';
import { HttpsConnection, type HttpsConnectionOptions } from './https.js';
import { OperationMethods } from './methods.js';
import { findVersionViolation, versionViolationMessage } from './version-check.js';

/**
 * Options of {@link KmipClient.connect}: the connection — TTLV over TLS (`host`, `port`; the
 * default) or KMIP over HTTPS (`transport: 'https'`, `url`, `encoding`) — and the client's own.
 */
export type ClientOptions = (ConnectionOptions | HttpsConnectionOptions) & ClientSettings;

/** The settings of {@link ClientOptions} that do not depend on the transport. */
export interface ClientSettings {
  /** Protocol version to speak, or `'negotiate'` (default) to ask the server with Discover Versions. */
  readonly version?: ProtocolVersion | 'negotiate';
  /** Default per-request timeout in milliseconds (default 30 000; 0 waits for ever). */
  readonly timeoutMs?: number;
  /** Sees every request message before it is sent and every response message received (for tracing, e.g. `keyhold --debug`). */
  readonly onMessage?: (direction: 'request' | 'response', message: TtlvNode) => void;
}

/** Versions the client offers when negotiating, most preferred first. */
export const CLIENT_VERSIONS: readonly ProtocolVersion[] = [
  { major: 2, minor: 1 },
  { major: 2, minor: 0 },
  { major: 1, minor: 4 },
  { major: 1, minor: 3 },
  { major: 1, minor: 2 },
  { major: 1, minor: 1 },
  { major: 1, minor: 0 },
];

const sameVersion = (a: ProtocolVersion, b: ProtocolVersion): boolean => compareVersions(a, b) === 0;

/** A connected KMIP client (see the module comment). Create it with {@link KmipClient.connect}. */
export class KmipClient extends OperationMethods implements OperationCaller {
  private readonly connection: MessageConnection;
  private readonly defaultTimeoutMs: number;
  private onMessage: ClientOptions['onMessage'];
  private currentVersion: ProtocolVersion;
  private offered: readonly ProtocolVersion[] | undefined;

  private constructor(connection: MessageConnection, version: ProtocolVersion, timeoutMs: number) {
    super();
    this.connection = connection;
    this.currentVersion = version;
    this.defaultTimeoutMs = timeoutMs;
  }

  /** Opens the connection and, with `version: 'negotiate'`, agrees on a protocol version. */
  static async connect(options: ClientOptions): Promise<KmipClient> {
    const connection: MessageConnection = options.transport === 'https' ? await HttpsConnection.open(options) : await KmipConnection.open(options);
    const requested = options.version ?? 'negotiate';
    const client = new KmipClient(connection, requested === 'negotiate' ? { major: 2, minor: 1 } : requested, options.timeoutMs ?? 30_000);
    client.onMessage = options.onMessage;
    if (requested === 'negotiate') {
      try {
        await client.negotiate();
      } catch (err) {
        await connection.close(0);
        throw err;
      }
    }
    return client;
  }

  /** The protocol version of the requests this client sends. */
  get version(): ProtocolVersion {
    return this.currentVersion;
  }

  /** The versions the server listed during negotiation (undefined when the version was fixed). */
  get serverVersions(): readonly ProtocolVersion[] | undefined {
    return this.offered;
  }

  /** True once {@link KmipClient.close} was called or the connection was lost. */
  get closed(): boolean {
    return this.connection.closed;
  }

  /** Number of requests sent on the connection and not yet answered. */
  get inFlight(): number {
    return this.connection.inFlight;
  }

  private async negotiate(): Promise<void> {
    const request = { protocolVersion: CLIENT_VERSIONS.map((v) => ({ protocolVersionMajor: v.major, protocolVersionMinor: v.minor })) };
    let offered: ProtocolVersion[];
    try {
      offered = await this.discover(request);
    } catch (err) {
      // A 1.x-only server may refuse a 2.1 header: ask again in 1.1 (Discover Versions is 1.1+,
      // answered in a version the server accepts).
      if (!(err instanceof KmipOperationError)) throw err;
      this.currentVersion = { major: 1, minor: 1 };
      offered = await this.discover(request);
    }
    this.offered = offered;
    const chosen = CLIENT_VERSIONS.find((v) => offered.some((o) => sameVersion(o, v))) ?? offered.find((o) => KNOWN_VERSIONS.some((k) => sameVersion(k, o)));
    if (chosen === undefined) {
      throw new KmipClientError('KMIP_CLIENT_NO_VERSION', `the server offers ${offered.map(formatVersion).join(', ') || 'no version'}; the client speaks ${CLIENT_VERSIONS.map(formatVersion).join(', ')}`);
    }
    this.currentVersion = chosen;
  }

  private async discover(request: RequestPayloadOf<typeof Operation.DiscoverVersions>): Promise<ProtocolVersion[]> {
    const res = await this.call(Operation.DiscoverVersions, request);
    return (res.protocolVersion ?? []).map((p) => ({ major: p.protocolVersionMajor, minor: p.protocolVersionMinor }));
  }

  /** Sends request batch items as one message and resolves with the decoded response message. */
  async send(items: RequestBatchItem[], header: Partial<Omit<RequestHeader, 'protocolVersion'>> = {}, options: CallOptions = {}): Promise<ResponseMessage> {
    const requestHeader: RequestHeader = {
      ...header,
      protocolVersion: { protocolVersionMajor: this.currentVersion.major, protocolVersionMinor: this.currentVersion.minor },
    };
    const node = encodeRequestMessage({ requestHeader, batchItem: items });
    const violation = findVersionViolation(node, this.currentVersion);
    if (violation !== undefined) throw new KmipClientError('KMIP_CLIENT_VERSION_MISMATCH', versionViolationMessage(violation, this.currentVersion));
    const sendOptions: SendOptions = {
      timeoutMs: options.timeoutMs ?? this.defaultTimeoutMs,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    };
    this.onMessage?.('request', node);
    const reply = await this.connection.send(node, sendOptions);
    this.onMessage?.('response', reply);
    try {
      return decodeResponseMessage(reply);
    } catch (err) {
      throw new KmipClientError('KMIP_CLIENT_PROTOCOL', `undecodable response message: ${(err as Error).message}`, err);
    }
  }

  /** Runs one operation with a typed payload; resolves with the typed response payload. */
  override async call<O extends TypedOperation>(operation: O, payload: RequestPayloadOf<O>, options?: CallOptions): Promise<ResponsePayloadOf<O>> {
    const response = await this.send([requestBatchItem(operation, payload)], {}, options);
    const item = response.batchItem[0];
    if (item === undefined) throw new KmipClientError('KMIP_CLIENT_PROTOCOL', 'the response has no batch item');
    return resultOf(item, operation);
  }

  /**
   * Runs several operations in one request message; resolves with one result per item, in the
   * order of `items`, each typed by its operation. A failed item is a result with `ok: false`
   * (the promise rejects only for transport problems).
   */
  async batch<const T extends readonly BatchItem[]>(items: T, options: BatchOptions = {}): Promise<BatchResults<T>> {
    const requestItems = items.map((it, i) => requestBatchItem(it.operation, it.payload, items.length > 1 ? { uniqueBatchItemID: batchId(i) } : {}));
    const header: Partial<RequestHeader> = {};
    if (options.errorContinuation !== undefined) header.batchErrorContinuationOption = CONTINUATION[options.errorContinuation];
    if (options.order !== undefined) header.batchOrderOption = options.order;
    const callOptions: CallOptions = {
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    };
    const response = await this.send(requestItems, header, callOptions);
    const byId = new Map<string, ResponseBatchItem>();
    for (const r of response.batchItem) if (r.uniqueBatchItemID !== undefined) byId.set(Buffer.from(r.uniqueBatchItemID).toString('hex'), r);
    // A message-level failure comes back as one item without an operation: it applies to all.
    const only = response.batchItem.length === 1 && items.length > 1 ? response.batchItem[0] : undefined;
    const results = items.map((it, i): BatchResult => {
      const r = items.length === 1 ? response.batchItem[0] : (byId.get(Buffer.from(batchId(i)).toString('hex')) ?? (byId.size === 0 ? response.batchItem[i] : undefined) ?? only);
      if (r === undefined) {
        return {
          ok: false,
          operation: it.operation,
          error: new KmipOperationError({ operation: it.operation as unknown as Operation, resultStatus: ResultStatus.OperationFailed, resultReason: ResultReason.OperationCanceledByRequester, resultMessage: 'the response has no item for this request item' }),
        };
      }
      try {
        return { ok: true, operation: it.operation, payload: resultOf(r, it.operation) };
      } catch (err) {
        if (err instanceof KmipOperationError) return { ok: false, operation: it.operation, error: err };
        throw err;
      }
    });
    return results as unknown as BatchResults<T>;
  }

  /** Closes the connection after the requests in flight are answered (at most `graceMs`). */
  close(graceMs?: number): Promise<void> {
    return this.connection.close(graceMs);
  }
}

const CONTINUATION = {
  stop: BatchErrorContinuationOption.Stop,
  continue: BatchErrorContinuationOption.Continue,
  undo: BatchErrorContinuationOption.Undo,
} as const;

function batchId(i: number): Uint8Array {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(i + 1);
  return b;
}

/** The typed payload of a successful response item, or its failure as a {@link KmipOperationError}. */
function resultOf<O extends TypedOperation>(item: ResponseBatchItem, operation: O): ResponsePayloadOf<O> {
  if (item.resultStatus !== ResultStatus.Success) {
    throw new KmipOperationError({
      operation: item.operation ?? (operation as unknown as Operation),
      resultStatus: item.resultStatus,
      resultReason: item.resultReason,
      resultMessage: item.resultMessage,
    });
  }
  try {
    const payload = responsePayloadAs(item, operation);
    if (payload !== undefined) return payload;
    // No Response Payload: decode an empty one (fails when the schema requires fields).
    const schema = payloadCodecs(operation)?.response;
    if (schema === undefined) throw new KmipClientError('KMIP_CLIENT_PROTOCOL', 'the operation has no response payload');
    return schema.decode({ tag: Tag.ResponsePayload, type: ItemType.Structure, value: [] }, { version: { major: 2, minor: 1 } }) as ResponsePayloadOf<O>;
  } catch (err) {
    if (isKmipError(err)) throw new KmipClientError('KMIP_CLIENT_PROTOCOL', `bad response payload: ${err.message}`, err);
    throw err;
  }
}
