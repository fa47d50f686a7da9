/**
 * The Keyhold executor in-process, driven with real KMIP messages: requests are built with the
 * protocol model and encoded to TTLV bytes (`encodeRequestMessage` + `encodeTtlv`), the executor
 * answers bytes, and the response is decoded (`decodeTtlv` + `decodeResponseMessage`) — the same
 * path as over TLS, without sockets. For the real server with TLS, see ./server.ts.
 *
 * ```ts
 * const kmip = new InProcessKmip();
 * const { uniqueIdentifier } = await kmip.ok(V2_1, Operation.Create, aesKeyRequest());
 * const failure = await kmip.fail(V1_4, Operation.ModifyAttribute, { uniqueIdentifier, newAttribute: attribute('State', State.Active) });
 * assert.equal(failure.reason, ResultReason.PermissionDenied);
 * ```
 */
import assert from 'node:assert/strict';
import {
  CryptographicAlgorithm,
  CryptographicUsageMask,
  decodeResponseMessage,
  decodeTtlv,
  ENUM_DEFS,
  encodeRequestMessage,
  encodeTtlv,
  isRawPayload,
  NameType,
  ObjectType,
  Operation,
  requestBatchItem,
  ResultStatus,
  type Attribute,
  type AttributeValue,
  type ProtocolVersion,
  type RequestBatchItem,
  type RequestHeader,
  type RequestMessage,
  type RequestPayloadOf,
  type ResponseBatchItem,
  type ResponseMessage,
  type ResponsePayloadOf,
  type ResultReason,
  type TypedOperation,
} from '@keyhold/protocol';
import { Executor } from '../../src/executor.js';
import { KEYHOLD_FACTS } from '../../src/keyhold.js';
import { fromStoredAttribute } from '../../src/objects/stored-form.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { ObjectRecord, ObjectStore } from '../../src/store/types.js';
import type { Session } from '../../src/transport/session.js';

/** Protocol versions, for readable tests. */
export const V1_0: ProtocolVersion = { major: 1, minor: 0 };
export const V1_1: ProtocolVersion = { major: 1, minor: 1 };
export const V1_2: ProtocolVersion = { major: 1, minor: 2 };
export const V1_3: ProtocolVersion = { major: 1, minor: 3 };
export const V1_4: ProtocolVersion = { major: 1, minor: 4 };
export const V2_0: ProtocolVersion = { major: 2, minor: 0 };
export const V2_1: ProtocolVersion = { major: 2, minor: 1 };

/** Every version the server serves, oldest first. */
export const ALL_VERSIONS: readonly ProtocolVersion[] = [V1_0, V1_1, V1_2, V1_3, V1_4, V2_0, V2_1];

/** "1.4", for test names. */
export const versionName = (v: ProtocolVersion): string => `${v.major}.${v.minor}`;

const reasonNames = new Map<number, string>((ENUM_DEFS.find((e) => e.name === 'Result Reason')?.values ?? []).map((v) => [v.value, v.name]));

/** The specification name of a Result Reason ("Attribute Read Only"), for messages. */
export function reasonName(reason: number | undefined): string {
  return reason === undefined ? '(none)' : (reasonNames.get(reason) ?? `0x${reason.toString(16)}`);
}

/** A typed request batch item. */
export function item<O extends TypedOperation>(operation: O, payload: RequestPayloadOf<O>, extra: Omit<RequestBatchItem, 'operation' | 'requestPayload'> = {}): RequestBatchItem {
  return requestBatchItem(operation, payload, extra);
}

/** A request message of `version` (Batch Count is filled in on encode). */
export function requestMessage(version: ProtocolVersion, items: RequestBatchItem[], header: Partial<RequestHeader> = {}): RequestMessage {
  return { requestHeader: { ...header, protocolVersion: { protocolVersionMajor: version.major, protocolVersionMinor: version.minor } }, batchItem: items };
}

/** A failed batch item's outcome. */
export interface Failure {
  readonly reason: ResultReason;
  readonly message: string;
  readonly item: ResponseBatchItem;
}

/** Options of {@link InProcessKmip}. */
export interface InProcessKmipOptions {
  /** Default: a new {@link MemoryStore}. */
  readonly store?: ObjectStore;
  /** The client's principal (default 'alice'). */
  readonly principal?: string;
  /** Fixed server time in milliseconds (default: the real clock); see {@link InProcessKmip.setTime}. */
  readonly timeMs?: number;
}

/** The server's clock, shared by the clients of one {@link InProcessKmip}. */
interface Clock {
  ms: number | undefined;
}

/** A client of an in-process executor. */
export class InProcessKmip {
  readonly store: ObjectStore;
  readonly executor: Executor;
  readonly session: Session;
  private readonly clock: Clock;

  constructor(options: InProcessKmipOptions = {}, shared?: { store: ObjectStore; executor: Executor; clock: Clock }) {
    this.clock = shared?.clock ?? { ms: options.timeMs };
    this.store = shared?.store ?? options.store ?? new MemoryStore();
    const clock = this.clock;
    this.executor = shared?.executor ?? new Executor({ store: this.store, server: KEYHOLD_FACTS, clock: () => clock.ms ?? Date.now() });
    const principal = options.principal ?? 'alice';
    this.session = { id: `test-${principal}`, peer: { principal, remoteAddress: '127.0.0.1' }, signal: new AbortController().signal };
  }

  /** Another client (principal) of the same server. */
  as(principal: string): InProcessKmip {
    return new InProcessKmip({ principal }, { store: this.store, executor: this.executor, clock: this.clock });
  }

  /** The server's current time in seconds (what it stamps dates with). */
  get nowSeconds(): bigint {
    return BigInt(Math.floor((this.clock.ms ?? Date.now()) / 1000));
  }

  /** Fixes the server's clock at `seconds` since the epoch (undefined: back to the real clock). */
  setTime(seconds: bigint | undefined): void {
    this.clock.ms = seconds === undefined ? undefined : Number(seconds) * 1000;
  }

  /** Moves the server's clock forward (fixing it first at the current time). */
  advance(seconds: number): void {
    this.setTime(this.nowSeconds + BigInt(seconds));
  }

  /** Sends raw request bytes; returns the decoded response. */
  async sendBytes(bytes: Uint8Array): Promise<ResponseMessage> {
    const out = await this.executor.handleMessage(Buffer.from(bytes), this.session);
    return decodeResponseMessage(decodeTtlv(out));
  }

  /** Sends one request message of `version` with these batch items. */
  send(version: ProtocolVersion, items: RequestBatchItem[], header: Partial<RequestHeader> = {}): Promise<ResponseMessage> {
    return this.sendBytes(encodeTtlv(encodeRequestMessage(requestMessage(version, items, header))));
  }

  /** Sends one operation; returns its response batch item (whatever its status). */
  async call<O extends TypedOperation>(version: ProtocolVersion, operation: O, payload: RequestPayloadOf<O>): Promise<ResponseBatchItem> {
    const res = await this.send(version, [item(operation, payload)]);
    assert.equal(res.batchItem.length, 1, 'one response batch item');
    return res.batchItem[0] as ResponseBatchItem;
  }

  /** Sends one operation, asserts it succeeded and returns its typed response payload. */
  async ok<O extends TypedOperation>(version: ProtocolVersion, operation: O, payload: RequestPayloadOf<O>): Promise<ResponsePayloadOf<O>> {
    return successPayload(await this.call(version, operation, payload), operation);
  }

  /** Sends one operation, asserts it failed and returns the reason and message. */
  async fail<O extends TypedOperation>(version: ProtocolVersion, operation: O, payload: RequestPayloadOf<O>): Promise<Failure> {
    return failure(await this.call(version, operation, payload));
  }

  /** The stored record, read from the store directly (no date-driven refresh, no ownership check). */
  async record(uid: string): Promise<ObjectRecord | undefined> {
    return this.store.get(uid);
  }

  /** The stored attributes of an object in canonical form (read as {@link record} does). */
  async storedAttributes(uid: string): Promise<Attribute[]> {
    const rec = await this.record(uid);
    assert.ok(rec !== undefined, `object ${uid} is stored`);
    return rec.attributes.map(fromStoredAttribute);
  }

  /** The stored instances of one attribute. */
  async stored(uid: string, name: string): Promise<Attribute[]> {
    return (await this.storedAttributes(uid)).filter((a) => a.name === name);
  }

  /** Creates an AES key (256 bits, Encrypt|Decrypt unless `attributes` say otherwise) and returns its Unique Identifier. */
  async createKey(version: ProtocolVersion = V2_1, attributes: Attribute[] = []): Promise<string> {
    const res = await this.ok(version, Operation.Create, aesKeyRequest(attributes));
    assert.equal(typeof res.uniqueIdentifier, 'string');
    return res.uniqueIdentifier as string;
  }
}

/** An attribute (with its index when given), for short test payloads. */
export const attr = (name: string, value: AttributeValue, index?: number): Attribute => (index === undefined ? { name, value } : { name, index, value });
/** A Name attribute of type Uninterpreted Text String. */
export const nameAttr = (value: string): Attribute => attr('Name', { nameValue: value, nameType: NameType.UninterpretedTextString });
/** The Attributes structure of these attributes. */
export const set = (...attribute: Attribute[]): { attribute: Attribute[] } => ({ attribute });

/** Asserts a response's Unique Identifier is there (a string) and returns it. */
export function uidOf(ref: unknown): string {
  assert.equal(typeof ref, 'string');
  return ref as string;
}

/** A Create request payload for an AES-256 key with these extra attributes (the same names override the defaults). */
export function aesKeyRequest(attributes: Attribute[] = []): RequestPayloadOf<typeof Operation.Create> {
  const defaults: Attribute[] = [
    { name: 'Cryptographic Algorithm', value: CryptographicAlgorithm.AES },
    { name: 'Cryptographic Length', value: 256 },
    { name: 'Cryptographic Usage Mask', value: CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt },
  ];
  const given = new Set(attributes.map((a) => a.name));
  return { objectType: ObjectType.SymmetricKey, attributes: { attribute: [...defaults.filter((a) => !given.has(a.name)), ...attributes] } };
}

/** Asserts a response batch item succeeded and returns its typed payload. */
export function successPayload<O extends TypedOperation>(r: ResponseBatchItem, operation: O): ResponsePayloadOf<O> {
  assert.equal(r.resultStatus, ResultStatus.Success, `expected success, got ${reasonName(r.resultReason)}: ${r.resultMessage ?? ''}`);
  assert.equal(r.operation, operation);
  const p = r.responsePayload;
  assert.ok(p !== undefined && !isRawPayload(p), 'a decoded response payload');
  return p as ResponsePayloadOf<O>;
}

/** Asserts a response batch item failed and returns the reason and message. */
export function failure(r: ResponseBatchItem): Failure {
  assert.equal(r.resultStatus, ResultStatus.OperationFailed, `expected a failure, got status ${r.resultStatus}`);
  assert.ok(r.resultReason !== undefined, 'a failed item has a Result Reason');
  return { reason: r.resultReason, message: r.resultMessage ?? '', item: r };
}

/** Asserts `f` has `reason` (with readable names in the message). */
export function assertReason(f: Failure, reason: ResultReason, context = ''): void {
  assert.equal(f.reason, reason, `${context}expected ${reasonName(reason)}, got ${reasonName(f.reason)} (${f.message})`);
}

/** Expects the same failure in several versions, each with its own reason. */
export async function expectReasons(run: (v: ProtocolVersion) => Promise<Failure>, reasons: readonly (readonly [ProtocolVersion, ResultReason])[]): Promise<void> {
  for (const [v, reason] of reasons) assertReason(await run(v), reason, `KMIP ${versionName(v)}: `);
}
