/**
 * Request and response messages, headers and batch items [KMIP 1.2 §6-7, KMIP 2.1 §8-9,
 * kmip-spec/NOTES.md §3].
 *
 * Payloads: a batch item's payload is decoded through the operation table (payloads/index.ts)
 * into its typed form. When the operation has no schema (or the response batch item carries no
 * Operation), or when the payload does not decode as its schema, the payload is a
 * {@link RawPayload}: the generic tree exactly as received, plus the {@link KmipError} that
 * explains why (a server answers that item with the error's Result Reason). Nothing is lost
 * either way: a raw payload is written back as it came.
 *
 * Versions: a message is decoded with the version of its own header and encoded for the version
 * in its header (Batch Count, Batch Order Option and Unique Batch Item ID are omitted in 3.0;
 * 1.4-only header fields are omitted for older versions, …). Batch Count is filled in from the
 * number of batch items when unset.
 */
import { AsynchronousIndicator, BatchErrorContinuationOption, AttestationType, Ephemeral, Operation, ResultReason, ResultStatus } from '../generated/enums.js';
import { Tag } from '../generated/tags.js';
import { KmipError, invalidMessage, isKmipError } from '../errors.js';
import type { ProtocolVersion as Version } from '../registry/versions.js';
import { ItemType, type TtlvNode } from '../ttlv/types.js';
import { Authentication, MessageExtension, Nonce, ProtocolVersionStructure } from './common.js';
import { payloadCodecs, type AnyRequestPayload, type AnyResponsePayload, type RequestPayloadOf, type ResponsePayloadOf, type TypedOperation } from './payloads/index.js';
import {
  boolean,
  bytes,
  childPath,
  custom,
  dateTime,
  enumeration,
  formatPath,
  integer,
  optional,
  raw,
  repeated,
  required,
  struct,
  text,
  wrongType,
  type CodecContext,
  type Infer,
  type Path,
  type Schema,
} from './schema.js';

// ---------------------------------------------------------------------------------------------
// Boolean-or-Enumeration fields (Asynchronous Indicator, Ephemeral)
// ---------------------------------------------------------------------------------------------

/**
 * A field that is a Boolean in one version range and an Enumeration in another (Asynchronous
 * Indicator: Boolean in 1.x, Enumeration in 2.x; Ephemeral: Boolean in 2.x, Enumeration in 3.0).
 * Decoding takes either item type; encoding writes the JavaScript type given (a `boolean` as a
 * Boolean, a number as an Enumeration): the caller supplies the form of its version.
 */
function booleanOrEnum<E extends Readonly<Record<string, number>>>(tag: number, enumObj: E): Schema<boolean | E[keyof E]> {
  const b = boolean(tag);
  const e = enumeration(tag, enumObj);
  return custom<boolean | E[keyof E]>({
    kind: 'booleanOrEnumeration',
    tag,
    itemTypes: [ItemType.Boolean, ItemType.Enumeration],
    decode(node, ctx, path) {
      if (node.type === ItemType.Boolean) return b.decode(node, ctx, path);
      if (node.type === ItemType.Enumeration) return e.decode(node, ctx, path);
      throw wrongType(node, 'Boolean or Enumeration', path);
    },
    encode: (value, ctx, t) => (typeof value === 'boolean' ? b.encode(value, ctx, t) : e.encode(value, ctx, t)),
  });
}

/**
 * Asynchronous Indicator: a Boolean in 1.x, an Enumeration (Mandatory/Optional/Prohibited) in
 * 2.x+. Both decode; encoding converts to the version's form (1.x `true` = the client accepts
 * asynchronous responses = 2.x Optional; `false` = Prohibited; Mandatory and Optional are `true`
 * for a 1.x peer).
 */
const AsynchronousIndicatorField: Schema<boolean | AsynchronousIndicator> = (() => {
  const either = booleanOrEnum(Tag.AsynchronousIndicator, AsynchronousIndicator);
  return custom<boolean | AsynchronousIndicator>({
    kind: 'booleanOrEnumeration',
    tag: Tag.AsynchronousIndicator,
    itemTypes: [ItemType.Boolean, ItemType.Enumeration],
    decode: (node, ctx, path) => either.decode(node, ctx, path),
    encode(value, ctx, t) {
      let v = value;
      if (ctx.version.major >= 2 && typeof v === 'boolean') v = v ? AsynchronousIndicator.Optional : AsynchronousIndicator.Prohibited;
      if (ctx.version.major < 2 && typeof v === 'number') v = v !== AsynchronousIndicator.Prohibited;
      return either.encode(v, ctx, t);
    },
  });
})();

// ---------------------------------------------------------------------------------------------
// Headers
// ---------------------------------------------------------------------------------------------

/**
 * Request Header [1.2 §6, 2.1 §8]. `batchCount` may be left unset: encoding fills it in (for
 * versions before 3.0, which have none).
 */
export const RequestHeader = struct(Tag.RequestHeader, {
  protocolVersion: required(ProtocolVersionStructure),
  maximumResponseSize: optional(integer(Tag.MaximumResponseSize)),
  clientCorrelationValue: optional(text(Tag.ClientCorrelationValue)),
  serverCorrelationValue: optional(text(Tag.ServerCorrelationValue)),
  asynchronousIndicator: optional(AsynchronousIndicatorField),
  attestationCapableIndicator: optional(boolean(Tag.AttestationCapableIndicator)),
  attestationType: repeated(enumeration(Tag.AttestationType, AttestationType)),
  authentication: optional(Authentication),
  batchErrorContinuationOption: optional(enumeration(Tag.BatchErrorContinuationOption, BatchErrorContinuationOption)),
  batchOrderOption: optional(boolean(Tag.BatchOrderOption)),
  timeStamp: optional(dateTime(Tag.TimeStamp)),
  batchCount: optional(integer(Tag.BatchCount)),
});
export type RequestHeader = Infer<typeof RequestHeader>;

/** Response Header [1.2 §6, 2.1 §8]. `batchCount` is filled in on encode when unset. */
export const ResponseHeader = struct(Tag.ResponseHeader, {
  protocolVersion: required(ProtocolVersionStructure),
  timeStamp: required(dateTime(Tag.TimeStamp)),
  nonce: optional(Nonce),
  serverHashedPassword: optional(bytes(Tag.ServerHashedPassword)),
  attestationType: repeated(enumeration(Tag.AttestationType, AttestationType)),
  clientCorrelationValue: optional(text(Tag.ClientCorrelationValue)),
  serverCorrelationValue: optional(text(Tag.ServerCorrelationValue)),
  batchCount: optional(integer(Tag.BatchCount)),
});
export type ResponseHeader = Infer<typeof ResponseHeader>;

// ---------------------------------------------------------------------------------------------
// Payloads
// ---------------------------------------------------------------------------------------------

/**
 * A payload kept as the generic tree: the operation has no schema in the model (`error`
 * undefined), or the payload failed to decode as its schema (`error` says why, with the Result
 * Reason to answer).
 */
export interface RawPayload {
  readonly kind: 'raw';
  readonly node: TtlvNode;
  readonly error?: KmipError;
}

/** A request payload: typed, or raw. */
export type RequestPayload = AnyRequestPayload | RawPayload;
/** A response payload: typed, or raw. */
export type ResponsePayload = AnyResponsePayload | RawPayload;

/** True when a payload is the generic-tree fallback. */
export function isRawPayload(p: unknown): p is RawPayload {
  return typeof p === 'object' && p !== null && (p as { kind?: unknown }).kind === 'raw' && 'node' in p;
}

/** Wraps a tree as a raw payload. */
export function rawPayload(node: TtlvNode, error?: KmipError): RawPayload {
  return error === undefined ? { kind: 'raw', node } : { kind: 'raw', node, error };
}

function decodePayload(side: 'request' | 'response', operation: number | undefined, node: TtlvNode, ctx: CodecContext, path: Path): unknown {
  const s = operation === undefined ? undefined : payloadCodecs(operation)?.[side];
  if (s === undefined) return rawPayload(node);
  try {
    return s.decode(node, ctx, path);
  } catch (err) {
    if (isKmipError(err)) return rawPayload(node, err);
    throw err;
  }
}

function encodePayload(side: 'request' | 'response', operation: number | undefined, payload: unknown, ctx: CodecContext, tag: number): TtlvNode {
  if (isRawPayload(payload)) return payload.node;
  const s = operation === undefined ? undefined : payloadCodecs(operation)?.[side];
  if (s === undefined) {
    throw new KmipError(ResultReason.OperationNotSupported, `no ${side} payload schema for operation ${operation ?? '(none)'}; pass a RawPayload`);
  }
  return s.encode(payload, ctx, tag);
}

// ---------------------------------------------------------------------------------------------
// Batch items
// ---------------------------------------------------------------------------------------------

/** The Request Batch Item structure with the payload as a generic tree (introspection). */
export const RequestBatchItemBase = struct(Tag.BatchItem, {
  operation: required(enumeration(Tag.Operation, Operation)),
  ephemeral: optional(booleanOrEnum(Tag.Ephemeral, Ephemeral)),
  uniqueBatchItemID: optional(bytes(Tag.UniqueBatchItemID)),
  requestPayload: required(raw(Tag.RequestPayload)),
  messageExtension: repeated(MessageExtension),
});

/** The Response Batch Item structure with the payload as a generic tree (introspection). */
export const ResponseBatchItemBase = struct(Tag.BatchItem, {
  operation: optional(enumeration(Tag.Operation, Operation)),
  uniqueBatchItemID: optional(bytes(Tag.UniqueBatchItemID)),
  resultStatus: required(enumeration(Tag.ResultStatus, ResultStatus)),
  resultReason: optional(enumeration(Tag.ResultReason, ResultReason)),
  resultMessage: optional(text(Tag.ResultMessage)),
  asynchronousCorrelationValue: optional(bytes(Tag.AsynchronousCorrelationValue)),
  responsePayload: optional(raw(Tag.ResponsePayload)),
  messageExtension: repeated(MessageExtension),
});

type RequestItemBase = Infer<typeof RequestBatchItemBase>;
type ResponseItemBase = Infer<typeof ResponseBatchItemBase>;

/**
 * A request batch item. `requestPayload` is the typed payload of `operation` or a
 * {@link RawPayload}; use {@link requestPayloadAs} to get it typed.
 */
export type RequestBatchItem = Omit<RequestItemBase, 'requestPayload'> & { requestPayload: RequestPayload };

/** A response batch item; `responsePayload` as for requests ({@link responsePayloadAs}). */
export type ResponseBatchItem = Omit<ResponseItemBase, 'responsePayload'> & { responsePayload?: ResponsePayload };

/** Schema of a request batch item (payload through the operation table). */
export const RequestBatchItem: Schema<RequestBatchItem> = custom<RequestBatchItem>({
  kind: 'requestBatchItem',
  tag: Tag.BatchItem,
  itemTypes: [ItemType.Structure],
  decode(node, ctx, path) {
    const here = path ?? childPath(undefined, node.tag);
    const base = RequestBatchItemBase.decode(node, ctx, here);
    const payload = decodePayload('request', base.operation, base.requestPayload, ctx, childPath(here, Tag.RequestPayload));
    return { ...base, requestPayload: payload as RequestPayload };
  },
  encode(item, ctx, tag) {
    const node = encodePayload('request', item.operation, item.requestPayload, ctx, Tag.RequestPayload);
    return RequestBatchItemBase.encode({ ...item, requestPayload: node }, ctx, tag);
  },
});

/** Schema of a response batch item (payload through the operation table). */
export const ResponseBatchItem: Schema<ResponseBatchItem> = custom<ResponseBatchItem>({
  kind: 'responseBatchItem',
  tag: Tag.BatchItem,
  itemTypes: [ItemType.Structure],
  decode(node, ctx, path) {
    const here = path ?? childPath(undefined, node.tag);
    const { responsePayload, ...base } = ResponseBatchItemBase.decode(node, ctx, here);
    if (responsePayload === undefined) return base;
    const payload = decodePayload('response', base.operation, responsePayload, ctx, childPath(here, Tag.ResponsePayload));
    return { ...base, responsePayload: payload as ResponsePayload };
  },
  encode(item, ctx, tag) {
    const { responsePayload, ...base } = item;
    if (responsePayload === undefined) return ResponseBatchItemBase.encode(base, ctx, tag);
    const node = encodePayload('response', item.operation, responsePayload, ctx, Tag.ResponsePayload);
    return ResponseBatchItemBase.encode({ ...base, responsePayload: node }, ctx, tag);
  },
});

/**
 * The typed request payload of `item` for operation `op`. Throws the decode error of a raw
 * payload (with its Result Reason), or Invalid Message when the item is another operation.
 */
export function requestPayloadAs<O extends TypedOperation>(item: RequestBatchItem, op: O): RequestPayloadOf<O> {
  if (item.operation !== op) throw invalidMessage(`batch item is operation ${item.operation}, not ${op}`);
  const p = item.requestPayload;
  if (isRawPayload(p)) throw p.error ?? invalidMessage('payload was not decoded');
  return p as RequestPayloadOf<O>;
}

/** The typed response payload of `item` for operation `op` (see {@link requestPayloadAs}). */
export function responsePayloadAs<O extends TypedOperation>(item: ResponseBatchItem, op: O): ResponsePayloadOf<O> | undefined {
  if (item.operation !== undefined && item.operation !== op) throw invalidMessage(`batch item is operation ${item.operation}, not ${op}`);
  const p = item.responsePayload;
  if (p === undefined) return undefined;
  if (isRawPayload(p)) throw p.error ?? invalidMessage('payload was not decoded');
  return p as ResponsePayloadOf<O>;
}

/** A request batch item for a typed operation (payload type checked against the operation). */
export function requestBatchItem<O extends TypedOperation>(
  operation: O,
  requestPayload: RequestPayloadOf<O>,
  extra: Omit<RequestBatchItem, 'operation' | 'requestPayload'> = {},
): RequestBatchItem {
  return { ...extra, operation: operation as unknown as Operation, requestPayload: requestPayload as RequestPayload };
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

/** A request message: header and one or more batch items. */
export interface RequestMessage {
  requestHeader: RequestHeader;
  batchItem: RequestBatchItem[];
  extensions?: TtlvNode[];
}

/** A response message: header and one or more batch items. */
export interface ResponseMessage {
  responseHeader: ResponseHeader;
  batchItem: ResponseBatchItem[];
  extensions?: TtlvNode[];
}

const requestShell = struct(Tag.RequestMessage, {
  requestHeader: required(RequestHeader),
  batchItem: repeated(raw(Tag.BatchItem)),
});
const responseShell = struct(Tag.ResponseMessage, {
  responseHeader: required(ResponseHeader),
  batchItem: repeated(raw(Tag.BatchItem)),
});

function versionOf(pv: ProtocolVersionStructure): Version {
  return { major: pv.protocolVersionMajor, minor: pv.protocolVersionMinor };
}

/** Options of the message codecs. */
export interface MessageCodecOptions {
  /** Overrides the version taken from the header (for decoding and encoding the items). */
  readonly version?: Version;
}

function checkTag(node: TtlvNode, tag: number, what: string): void {
  if (node.tag !== tag || node.type !== ItemType.Structure) throw invalidMessage(`not a ${what}`, formatPath(childPath(undefined, node.tag)));
}

/** Decodes a Request Message tree. Message-level failures throw a {@link KmipError} (Invalid Message / Invalid Field). */
export function decodeRequestMessage(node: TtlvNode, options: MessageCodecOptions = {}): RequestMessage {
  checkTag(node, Tag.RequestMessage, 'Request Message');
  const root = childPath(undefined, node.tag);
  // Headers decode the same in every version; the items use the header's version.
  const shell = requestShell.decode(node, { version: options.version ?? { major: 2, minor: 1 } }, root);
  const ctx: CodecContext = { version: options.version ?? versionOf(shell.requestHeader.protocolVersion) };
  const items = (shell.batchItem ?? []).map((b, i) => RequestBatchItem.decode(b, ctx, childPath(root, Tag.BatchItem, i)));
  const msg: RequestMessage = { requestHeader: shell.requestHeader, batchItem: items };
  if (shell.extensions) msg.extensions = shell.extensions;
  return msg;
}

/** Decodes a Response Message tree. */
export function decodeResponseMessage(node: TtlvNode, options: MessageCodecOptions = {}): ResponseMessage {
  checkTag(node, Tag.ResponseMessage, 'Response Message');
  const root = childPath(undefined, node.tag);
  const shell = responseShell.decode(node, { version: options.version ?? { major: 2, minor: 1 } }, root);
  const ctx: CodecContext = { version: options.version ?? versionOf(shell.responseHeader.protocolVersion) };
  const items = (shell.batchItem ?? []).map((b, i) => ResponseBatchItem.decode(b, ctx, childPath(root, Tag.BatchItem, i)));
  const msg: ResponseMessage = { responseHeader: shell.responseHeader, batchItem: items };
  if (shell.extensions) msg.extensions = shell.extensions;
  return msg;
}

/** Encodes a Request Message for the version in its header (or `options.version`). */
export function encodeRequestMessage(msg: RequestMessage, options: MessageCodecOptions = {}): TtlvNode {
  const ctx: CodecContext = { version: options.version ?? versionOf(msg.requestHeader.protocolVersion) };
  const header = msg.requestHeader.batchCount === undefined ? { ...msg.requestHeader, batchCount: msg.batchItem.length } : msg.requestHeader;
  const children: TtlvNode[] = [RequestHeader.encode(header, ctx)];
  for (const item of msg.batchItem) children.push(RequestBatchItem.encode(item, ctx));
  if (msg.extensions) children.push(...msg.extensions);
  return { tag: Tag.RequestMessage, type: ItemType.Structure, value: children };
}

/** Encodes a Response Message for the version in its header (or `options.version`). */
export function encodeResponseMessage(msg: ResponseMessage, options: MessageCodecOptions = {}): TtlvNode {
  const ctx: CodecContext = { version: options.version ?? versionOf(msg.responseHeader.protocolVersion) };
  const header = msg.responseHeader.batchCount === undefined ? { ...msg.responseHeader, batchCount: msg.batchItem.length } : msg.responseHeader;
  const children: TtlvNode[] = [ResponseHeader.encode(header, ctx)];
  for (const item of msg.batchItem) children.push(ResponseBatchItem.encode(item, ctx));
  if (msg.extensions) children.push(...msg.extensions);
  return { tag: Tag.ResponseMessage, type: ItemType.Structure, value: children };
}

/** Schema of a Request Message (the version comes from its header; `ctx` is not used). */
export const RequestMessage: Schema<RequestMessage> = custom<RequestMessage>({
  kind: 'requestMessage',
  tag: Tag.RequestMessage,
  itemTypes: [ItemType.Structure],
  decode: (node) => decodeRequestMessage(node),
  encode: (msg) => encodeRequestMessage(msg),
});

/** Schema of a Response Message (the version comes from its header; `ctx` is not used). */
export const ResponseMessage: Schema<ResponseMessage> = custom<ResponseMessage>({
  kind: 'responseMessage',
  tag: Tag.ResponseMessage,
  itemTypes: [ItemType.Structure],
  decode: (node) => decodeResponseMessage(node),
  encode: (msg) => encodeResponseMessage(msg),
});

/** The protocol version of a message header. */
export function messageVersion(msg: RequestMessage | ResponseMessage): Version {
  return versionOf('requestHeader' in msg ? msg.requestHeader.protocolVersion : msg.responseHeader.protocolVersion);
}

/** Default Result Reason for a failed item whose payload did not decode. */
export function payloadErrorReason(p: RawPayload): ResultReason {
  return p.error?.reason ?? ResultReason.OperationNotSupported;
}
