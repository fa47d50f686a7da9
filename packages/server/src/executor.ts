/**
 * The batch executor: KMIP message semantics between the transport and the operation handlers
 * [KMIP 1.2 §6-7 and §11.1, 2.1 §8-9].
 *
 * - Versions: 1.0-1.4 and 2.0-2.1 are served; the response is in the request's version. A request
 *   of a newer minor version of a served major version is processed as the newest minor version
 *   served (the specification's backward compatibility within a major version) and answered in
 *   it; another major version gets Unsupported Protocol Version (1.x: Invalid Message) in a
 *   response without Operation.
 * - Header: Batch Count must match the batch items (Invalid Message); Maximum Response Size turns
 *   an oversized response into Response Too Large items; Client and Server Correlation Values are
 *   echoed; the Time Stamp is the server's. Asynchronous Indicator Mandatory is refused (Feature
 *   Not Supported: this server answers synchronously, which the other values allow).
 * - Batch: items run in order (which Batch Order Option false also allows). Batch Error
 *   Continuation Option Stop (the default) ends the batch at the first failure, later items are
 *   not answered; Continue goes on; Undo runs the whole batch in one store transaction and, on a
 *   failure, rolls it back and answers the earlier items Operation Undone, with the payload they
 *   produced (2.1 §8.6: a Response Payload unless the item failed). Without Undo each item runs in
 *   its own transaction, so a failed item never leaves half its writes behind.
 * - ID Placeholder and the 2.x Unique Identifier enumeration/Integer forms: ../objects/batch-state.ts.
 * - Errors: ./errors/to-result.ts maps every failure; internal ones are logged, never disclosed.
 */
import {
  BatchErrorContinuationOption,
  decodeRequestMessage,
  decodeTtlv,
  encodeResponseMessage,
  encodeTtlv,
  isRawPayload,
  ItemType,
  KmipError,
  AsynchronousIndicator,
  operationDef,
  definedIn,
  ResultReason,
  ResultStatus,
  Tag,
  invalidMessage,
  type ProtocolVersion,
  type RequestBatchItem,
  type RequestMessage,
  type ResponseBatchItem,
  type ResponseMessage,
  type TtlvLimits,
  type TtlvNode,
} from '@keyhold/protocol';
import { failureFor } from './errors/to-result.js';
import { reasonForVersion } from './errors/reason-fallback.js';
import { BatchState } from './objects/batch-state.js';
import { ObjectRepository } from './objects/repository.js';
import type { OperationContext, OperationEntry, OperationLogger, ServerFacts } from './operations/context.js';
import { OPERATIONS } from './operations/index.js';
import type { CertificateAuthority } from './pki/authority.js';
import type { ObjectStore, StoreTransaction } from './store/types.js';
import type { MessageHandler, Session } from './transport/session.js';

/** Minimal logger interface (pino-compatible). */
export interface ExecutorLogger {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  /** Entries the client asks for (Log, Interop); not written when absent. */
  info?(obj: object, msg?: string): void;
}

/** Dependencies of the {@link Executor}. */
export interface ExecutorOptions {
  readonly store: ObjectStore;
  readonly server: ServerFacts;
  readonly logger?: ExecutorLogger;
  /** Clock in milliseconds (tests set it). Default Date.now. */
  readonly clock?: () => number;
  /** Decoding limits of request messages. */
  readonly limits?: Partial<TtlvLimits>;
  /** Most batch items accepted in one request (Invalid Message beyond). Default 1000. */
  readonly maxBatchItems?: number;
  /** Operation table (tests may narrow it). Default: every implemented operation. */
  readonly operations?: ReadonlyMap<number, OperationEntry>;
  /** The CA behind Certify and Re-certify (../pki/authority.ts); without it they are refused. */
  readonly certificateAuthority?: CertificateAuthority;
}

/** Versions served, newest first. */
export const SERVED_VERSIONS: readonly ProtocolVersion[] = [
  { major: 2, minor: 1 },
  { major: 2, minor: 0 },
  { major: 1, minor: 4 },
  { major: 1, minor: 3 },
  { major: 1, minor: 2 },
  { major: 1, minor: 1 },
  { major: 1, minor: 0 },
];

/** The version to answer a request of `v` in, or undefined when its major version is not served. */
export function negotiateVersion(v: ProtocolVersion): ProtocolVersion | undefined {
  const same = SERVED_VERSIONS.filter((s) => s.major === v.major);
  if (same.length === 0) return undefined;
  return same.find((s) => s.minor === v.minor) ?? (v.minor > (same[0] as ProtocolVersion).minor ? same[0] : undefined);
}

/** Reads Protocol Version Major/Minor from the first bytes of a message, when they are there. */
export function sniffVersion(bytes: Uint8Array): ProtocolVersion | undefined {
  // RequestMessage(8) RequestHeader(8) ProtocolVersion(8) Major(16) Minor(16)
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 56) return undefined;
  if (b.readUIntBE(24, 3) !== Tag.ProtocolVersionMajor || b.readUIntBE(40, 3) !== Tag.ProtocolVersionMinor) return undefined;
  return { major: b.readInt32BE(32), minor: b.readInt32BE(48) };
}

class UndoSignal extends Error {}

/** An Operation value the decoder accepts (an extension value) and no operation has. */
const UNKNOWN_OPERATION_STAND_IN = 0xffffffff;

/**
 * A batch item whose Operation is not a defined value is answered Operation Not Supported, like
 * any operation this server does not implement — not an Invalid Message for the whole batch, which
 * the strict enumeration decoding would make of it. Such Operation values are replaced by a stand-in
 * before decoding and recorded in `unknown` (batch item index -> value) to be put back after.
 */
function maskUnknownOperations(node: TtlvNode, unknown: Map<number, number>): TtlvNode {
  if (node.type !== ItemType.Structure) return node;
  let index = -1;
  let changed = false;
  const value = node.value.map((child) => {
    if (child.tag !== Tag.BatchItem || child.type !== ItemType.Structure) return child;
    index++;
    const op = child.value.find((n) => n.tag === Tag.Operation);
    if (op?.type !== ItemType.Enumeration || operationDef(op.value) !== undefined || op.value >= 0x80000000) return child;
    unknown.set(index, op.value);
    changed = true;
    return { ...child, value: child.value.map((n) => (n === op ? { ...op, value: UNKNOWN_OPERATION_STAND_IN } : n)) };
  });
  return changed ? { ...node, value } : node;
}

/** The KMIP message processor behind every transport. */
export class Executor implements MessageHandler {
  private readonly opts: ExecutorOptions;
  private readonly operations: ReadonlyMap<number, OperationEntry>;
  private readonly operationLogger: OperationLogger | undefined;

  constructor(options: ExecutorOptions) {
    this.opts = options;
    this.operations = options.operations ?? OPERATIONS;
    const logger = options.logger;
    if (logger?.info !== undefined) this.operationLogger = { info: (obj, msg) => logger.info?.(obj, msg) };
  }

  private nowSeconds(): bigint {
    return BigInt(Math.floor((this.opts.clock ?? Date.now)() / 1000));
  }

  /** Operations this server implements. */
  supportedOperations = (): number[] => [...this.operations.keys()].sort((a, b) => a - b);

  async handleMessage(request: Buffer, session: Session): Promise<Buffer> {
    const now = this.nowSeconds();
    let node: TtlvNode;
    try {
      node = decodeTtlv(request, this.opts.limits ?? {});
    } catch (err) {
      return this.messageFailure(sniffVersion(request), ResultReason.InvalidMessage, failureFor(err, { major: 1, minor: 0 }).message, now);
    }
    const asked = this.headerVersion(node) ?? sniffVersion(request);
    const version = asked === undefined ? undefined : negotiateVersion(asked);
    if (asked === undefined) return this.messageFailure(undefined, ResultReason.InvalidMessage, 'not a KMIP Request Message', now);
    if (version === undefined) {
      return this.messageFailure(undefined, ResultReason.UnsupportedProtocolVersion, `protocol version ${asked.major}.${asked.minor} is not supported`, now);
    }
    let msg: RequestMessage;
    const unknownOps = new Map<number, number>();
    try {
      msg = decodeRequestMessage(maskUnknownOperations(node, unknownOps), { version });
    } catch (err) {
      return this.messageFailure(version, ResultReason.InvalidMessage, failureFor(err, version).message, now);
    }
    for (const [i, op] of unknownOps) {
      const it = msg.batchItem[i];
      if (it !== undefined) it.operation = op as RequestBatchItem['operation'];
    }
    const header = msg.requestHeader;
    const items = msg.batchItem;
    if (items.length === 0) return this.messageFailure(version, ResultReason.InvalidMessage, 'a request needs at least one batch item', now);
    if (items.length > (this.opts.maxBatchItems ?? 1000)) return this.messageFailure(version, ResultReason.InvalidMessage, 'too many batch items', now);
    if (header.batchCount !== undefined && header.batchCount !== items.length) {
      return this.messageFailure(version, ResultReason.InvalidMessage, `Batch Count ${header.batchCount} does not match the ${items.length} batch items`, now);
    }
    if (header.asynchronousIndicator === AsynchronousIndicator.Mandatory) {
      return this.messageFailure(version, ResultReason.FeatureNotSupported, 'asynchronous operations are not supported: send the request without a mandatory Asynchronous Indicator', now);
    }

    const responses = await this.runBatch(items, header.batchErrorContinuationOption ?? BatchErrorContinuationOption.Stop, version, session, now);
    const response: ResponseMessage = {
      responseHeader: {
        protocolVersion: { protocolVersionMajor: version.major, protocolVersionMinor: version.minor },
        timeStamp: now,
        ...(header.clientCorrelationValue !== undefined ? { clientCorrelationValue: header.clientCorrelationValue } : {}),
        ...(header.serverCorrelationValue !== undefined ? { serverCorrelationValue: header.serverCorrelationValue } : {}),
      },
      batchItem: responses,
    };
    let bytes = this.encode(response, version);
    const max = header.maximumResponseSize;
    if (max !== undefined && bytes.length > max) {
      response.batchItem = responses.map((r) => this.failedItem(r, ResultReason.ResponseTooLarge, `the response of ${bytes.length} bytes exceeds the Maximum Response Size of ${max}`, version));
      bytes = this.encode(response, version);
    }
    return bytes;
  }

  private encode(response: ResponseMessage, version: ProtocolVersion): Buffer {
    return encodeTtlv(encodeResponseMessage(response, { version }));
  }

  private headerVersion(node: TtlvNode): ProtocolVersion | undefined {
    if (node.type !== ItemType.Structure || node.tag !== Tag.RequestMessage) return undefined;
    const header = node.value.find((n) => n.tag === Tag.RequestHeader);
    const pv = header?.type === ItemType.Structure ? header.value.find((n) => n.tag === Tag.ProtocolVersion) : undefined;
    if (pv?.type !== ItemType.Structure) return undefined;
    const major = pv.value.find((n) => n.tag === Tag.ProtocolVersionMajor);
    const minor = pv.value.find((n) => n.tag === Tag.ProtocolVersionMinor);
    if (major?.type !== ItemType.Integer || minor?.type !== ItemType.Integer) return undefined;
    return { major: major.value, minor: minor.value };
  }

  private async runBatch(items: RequestBatchItem[], option: number, version: ProtocolVersion, session: Session, now: bigint): Promise<ResponseBatchItem[]> {
    const batch = new BatchState();
    const principal = session.peer.principal;
    const store = this.opts.store;
    const out: ResponseBatchItem[] = [];
    if (option === BatchErrorContinuationOption.Undo) {
      let failedAt = -1;
      try {
        await store.transaction(async (tx) => {
          for (let i = 0; i < items.length; i++) {
            const r = await this.runItem(items[i] as RequestBatchItem, tx, batch, principal, version, now);
            out.push(r);
            if (r.resultStatus !== ResultStatus.Success) {
              failedAt = i;
              throw new UndoSignal();
            }
          }
        });
      } catch (err) {
        if (!(err instanceof UndoSignal)) throw err;
      }
      if (failedAt >= 0) {
        // An undone item keeps its response payload: only a failure has none [2.1 §8.6].
        return out.map((r, i) => (i < failedAt ? { ...r, resultStatus: ResultStatus.OperationUndone } : r));
      }
      return out;
    }
    for (const item of items) {
      const r = await store.transaction((tx) => this.runItem(item, tx, batch, principal, version, now));
      out.push(r);
      if (r.resultStatus !== ResultStatus.Success && option !== BatchErrorContinuationOption.Continue) break;
    }
    return out;
  }

  /** Runs one batch item; failures become failed response items (and roll back the item's writes). */
  private async runItem(item: RequestBatchItem, tx: StoreTransaction, batch: BatchState, principal: string, version: ProtocolVersion, now: bigint): Promise<ResponseBatchItem> {
    try {
      return await tx.transaction(async (inner) => {
        const ctx: OperationContext = {
          version,
          principal,
          now,
          objects: new ObjectRepository(inner, principal, now),
          batch,
          server: this.opts.server,
          supportedOperations: this.supportedOperations,
          ...(this.operationLogger !== undefined ? { logger: this.operationLogger } : {}),
          ...(this.opts.certificateAuthority !== undefined ? { certificateAuthority: this.opts.certificateAuthority } : {}),
        };
        const payload = await this.dispatch(item, ctx);
        return {
          operation: item.operation,
          ...(item.uniqueBatchItemID !== undefined ? { uniqueBatchItemID: item.uniqueBatchItemID } : {}),
          resultStatus: ResultStatus.Success,
          responsePayload: payload as ResponseBatchItem['responsePayload'],
        } as ResponseBatchItem;
      });
    } catch (err) {
      const f = failureFor(err, version);
      if (f.internal) this.opts.logger?.error({ err, operation: item.operation }, 'operation failed with an internal error');
      return this.failedItem({ operation: item.operation, ...(item.uniqueBatchItemID !== undefined ? { uniqueBatchItemID: item.uniqueBatchItemID } : {}), resultStatus: ResultStatus.OperationFailed }, f.reason, f.message, version);
    }
  }

  private async dispatch(item: RequestBatchItem, ctx: OperationContext): Promise<unknown> {
    const critical = (item.messageExtension ?? []).find((e) => e.criticalityIndicator);
    if (critical !== undefined) throw new KmipError(ResultReason.FeatureNotSupported, `critical message extension of vendor ${JSON.stringify(critical.vendorIdentification)} is not understood`);
    const def = operationDef(item.operation);
    const entry = this.operations.get(item.operation);
    if (def === undefined || !definedIn(def, ctx.version) || entry === undefined) {
      const name = def?.name ?? `0x${item.operation.toString(16).padStart(8, '0')}`;
      throw new KmipError(ResultReason.OperationNotSupported, `${name} is not supported${def !== undefined && !definedIn(def, ctx.version) ? ` in KMIP ${ctx.version.major}.${ctx.version.minor}` : ''}`);
    }
    if (isRawPayload(item.requestPayload)) throw item.requestPayload.error ?? invalidMessage('the request payload could not be decoded');
    return entry.handle(item.requestPayload, ctx);
  }

  private bare(r: ResponseBatchItem): ResponseBatchItem {
    return {
      ...(r.operation !== undefined ? { operation: r.operation } : {}),
      ...(r.uniqueBatchItemID !== undefined ? { uniqueBatchItemID: r.uniqueBatchItemID } : {}),
      resultStatus: r.resultStatus,
    };
  }

  private failedItem(r: ResponseBatchItem, reason: ResultReason, message: string, version: ProtocolVersion): ResponseBatchItem {
    return { ...this.bare(r), resultStatus: ResultStatus.OperationFailed, resultReason: reasonForVersion(reason, version), resultMessage: message };
  }

  /** A response without Operation, for a message that could not be processed at all. */
  private messageFailure(version: ProtocolVersion | undefined, reason: ResultReason, message: string, now: bigint): Buffer {
    const v = version !== undefined ? (negotiateVersion(version) ?? (SERVED_VERSIONS[0] as ProtocolVersion)) : (SERVED_VERSIONS[0] as ProtocolVersion);
    const response: ResponseMessage = {
      responseHeader: { protocolVersion: { protocolVersionMajor: v.major, protocolVersionMinor: v.minor }, timeStamp: now },
      batchItem: [{ resultStatus: ResultStatus.OperationFailed, resultReason: reasonForVersion(reason, v), resultMessage: message }],
    };
    return this.encode(response, v);
  }

  unframeableResponse(reason: string): Buffer | undefined {
    return this.messageFailure(undefined, ResultReason.InvalidMessage, `the bytes received are not a KMIP message: ${reason}`, this.nowSeconds());
  }
}
