/**
 * Unit tests of the schema machinery and the message codecs: the Unique Identifier union,
 * version-filtered encoding, strict decoding with the right Result Reasons, extensions kept.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AsynchronousIndicator,
  GetRequest,
  ItemType,
  KeyFormatType,
  KeyWrapType,
  KmipError,
  LocateRequest,
  Operation,
  ResultReason,
  ResultStatus,
  RevokeRequest,
  Tag,
  UniqueIdentifier,
  decodeRequestMessage,
  decodeResponseMessage,
  encodeRequestMessage,
  encodeResponseMessage,
  encodeTtlv,
  isKmipError,
  isRawPayload,
  link30,
  requestBatchItem,
  requestPayloadAs,
  responsePayloadAs,
  responseUid,
  uid,
  type CodecContext,
  type RequestMessage,
  type ResponseMessage,
  type TtlvNode,
} from '../src/index.js';

const v = (major: number, minor: number): CodecContext => ({ version: { major, minor } });
const V10 = v(1, 0);
const V12 = v(1, 2);
const V14 = v(1, 4);
const V21 = v(2, 1);
const V30 = v(3, 0);

const s = (children: TtlvNode[], tag: number = Tag.RequestPayload): TtlvNode => ({ tag, type: ItemType.Structure, value: children });
const txt = (tag: number, value: string): TtlvNode => ({ tag, type: ItemType.TextString, value });
const int = (tag: number, value: number): TtlvNode => ({ tag, type: ItemType.Integer, value });
const enm = (tag: number, value: number): TtlvNode => ({ tag, type: ItemType.Enumeration, value });

function kmipErrorOf(fn: () => unknown): KmipError {
  try {
    fn();
  } catch (err) {
    if (isKmipError(err)) return err;
    throw err;
  }
  assert.fail('expected a KmipError');
}

test('Unique Identifier: text, ID placeholder enumeration, integer index, 3.0 item types', () => {
  const u = uid(Tag.UniqueIdentifier);
  assert.equal(u.decode(txt(Tag.UniqueIdentifier, 'abc'), V21), 'abc');
  assert.deepEqual(u.decode(enm(Tag.UniqueIdentifier, UniqueIdentifier.IDPlaceholder), V21), { placeholder: UniqueIdentifier.IDPlaceholder });
  assert.deepEqual(u.decode(int(Tag.UniqueIdentifier, -1), V21), { index: -1 });
  assert.equal(u.decode({ tag: Tag.UniqueIdentifier, type: ItemType.Identifier, value: 'id-3' }, V30), 'id-3');
  assert.deepEqual(u.decode({ tag: Tag.UniqueIdentifier, type: ItemType.NameReference, value: 'my-key' }, V30), { nameReference: 'my-key' });

  assert.deepEqual(u.encode('abc', V14), txt(Tag.UniqueIdentifier, 'abc'));
  assert.deepEqual(u.encode('abc', V30), { tag: Tag.UniqueIdentifier, type: ItemType.Identifier, value: 'abc' });
  assert.deepEqual(u.encode({ placeholder: UniqueIdentifier.Create }, V21), enm(Tag.UniqueIdentifier, UniqueIdentifier.Create));
  assert.deepEqual(u.encode({ index: 2 }, V21), int(Tag.UniqueIdentifier, 2));
  assert.deepEqual(link30(Tag.NextLink).encode('x', V30), { tag: Tag.NextLink, type: ItemType.Reference, value: 'x' });

  const e = kmipErrorOf(() => u.decode({ tag: Tag.UniqueIdentifier, type: ItemType.Boolean, value: true }, V21));
  assert.equal(e.reason, ResultReason.InvalidField);
});

test('response Unique Identifier: only the identifier itself (Text String, 3.0 Identifier) decodes, as a string', () => {
  const u = responseUid(Tag.UniqueIdentifier);
  assert.equal(u.decode(txt(Tag.UniqueIdentifier, 'abc'), V21), 'abc');
  assert.equal(u.decode({ tag: Tag.UniqueIdentifier, type: ItemType.Identifier, value: 'id-3' }, V30), 'id-3');
  assert.deepEqual(u.encode('abc', V14), txt(Tag.UniqueIdentifier, 'abc'));
  assert.deepEqual(u.encode('abc', V30), { tag: Tag.UniqueIdentifier, type: ItemType.Identifier, value: 'abc' });
  for (const requestOnly of [
    enm(Tag.UniqueIdentifier, UniqueIdentifier.IDPlaceholder),
    int(Tag.UniqueIdentifier, -1),
    { tag: Tag.UniqueIdentifier, type: ItemType.NameReference, value: 'my-key' } as TtlvNode,
  ]) {
    assert.equal(kmipErrorOf(() => u.decode(requestOnly, V30)).reason, ResultReason.InvalidField);
  }

  // In a message, such a payload stays a lossless raw tree; the typed view refuses it.
  const payload = s([enm(Tag.ObjectType, 2), enm(Tag.UniqueIdentifier, UniqueIdentifier.IDPlaceholder)], Tag.ResponsePayload);
  const msg = s(
    [
      s([s([int(Tag.ProtocolVersionMajor, 2), int(Tag.ProtocolVersionMinor, 1)], Tag.ProtocolVersion), { tag: Tag.TimeStamp, type: ItemType.DateTime, value: 1_700_000_000n }, int(Tag.BatchCount, 1)], Tag.ResponseHeader),
      s([enm(Tag.Operation, Operation.Create), enm(Tag.ResultStatus, ResultStatus.Success), payload], Tag.BatchItem),
    ],
    Tag.ResponseMessage,
  );
  const m = decodeResponseMessage(msg);
  const p = m.batchItem[0]?.responsePayload;
  assert.ok(isRawPayload(p));
  assert.equal(p.error?.reason, ResultReason.InvalidField);
  assert.equal(kmipErrorOf(() => responsePayloadAs(m.batchItem[0]!, Operation.Create)).reason, ResultReason.InvalidField);
  assert.deepEqual(encodeTtlv(encodeResponseMessage(m)), encodeTtlv(msg));
});

test('version-filtered encoding: a 1.4 field is omitted for 1.0, written for 1.4', () => {
  const req: GetRequest = { uniqueIdentifier: 'k1', keyFormatType: KeyFormatType.Raw, keyWrapType: KeyWrapType.AsRegistered };
  const at10 = GetRequest.encode(req, V10);
  assert.deepEqual(at10, s([txt(Tag.UniqueIdentifier, 'k1'), enm(Tag.KeyFormatType, KeyFormatType.Raw)]));
  const at14 = GetRequest.encode(req, V14);
  assert.deepEqual(at14, s([txt(Tag.UniqueIdentifier, 'k1'), enm(Tag.KeyFormatType, KeyFormatType.Raw), enm(Tag.KeyWrapType, KeyWrapType.AsRegistered)]));
  // Decoding is lenient about versions: the 1.4 field decodes in a 1.0 context.
  assert.deepEqual(GetRequest.decode(at14, V10), req);
  // Locate: Offset Items (1.3) and Object Group Member (1.1-2.1) vs Object Class Mask (3.0).
  const locate: LocateRequest = { maximumItems: 1, offsetItems: 2, objectGroupMember: 1, objectClassMask: 1, attributes: { attribute: [] } };
  const tags = (n: TtlvNode): number[] => (n.type === ItemType.Structure ? n.value.map((c) => c.tag) : []);
  assert.deepEqual(tags(LocateRequest.encode(locate, V10)), [Tag.MaximumItems]);
  assert.deepEqual(tags(LocateRequest.encode(locate, V12)), [Tag.MaximumItems, Tag.ObjectGroupMember]);
  assert.deepEqual(tags(LocateRequest.encode(locate, V21)), [Tag.MaximumItems, Tag.OffsetItems, Tag.ObjectGroupMember, Tag.Attributes]);
  assert.deepEqual(tags(LocateRequest.encode(locate, V30)), [Tag.MaximumItems, Tag.OffsetItems, Tag.ObjectClassMask, Tag.Attributes]);
});

function message(major: number, minor: number): RequestMessage {
  return {
    requestHeader: {
      protocolVersion: { protocolVersionMajor: major, protocolVersionMinor: minor },
      clientCorrelationValue: 'c-1',
      batchOrderOption: true,
    },
    batchItem: [
      requestBatchItem(Operation.Activate, { uniqueIdentifier: 'k1' }, { uniqueBatchItemID: Uint8Array.of(1) }),
      requestBatchItem(Operation.Destroy, { uniqueIdentifier: 'k1' }, { uniqueBatchItemID: Uint8Array.of(2) }),
    ],
  };
}

test('messages: Batch Count filled in before 3.0 and absent in 3.0; 1.4 header fields omitted in 1.2', () => {
  const headerTags = (m: TtlvNode): number[] => {
    const h = m.type === ItemType.Structure ? m.value[0] : undefined;
    return h?.type === ItemType.Structure ? h.value.map((c) => c.tag) : [];
  };
  const at21 = encodeRequestMessage(message(2, 1));
  assert.deepEqual(headerTags(at21), [Tag.ProtocolVersion, Tag.ClientCorrelationValue, Tag.BatchOrderOption, Tag.BatchCount]);
  const decoded21 = decodeRequestMessage(at21);
  assert.equal(decoded21.requestHeader.batchCount, 2);
  assert.deepEqual(decoded21.batchItem[1]?.uniqueBatchItemID, Uint8Array.of(2));

  const at12 = encodeRequestMessage(message(1, 2));
  assert.deepEqual(headerTags(at12), [Tag.ProtocolVersion, Tag.BatchOrderOption, Tag.BatchCount]);

  const at30 = encodeRequestMessage(message(3, 0));
  assert.deepEqual(headerTags(at30), [Tag.ProtocolVersion, Tag.ClientCorrelationValue]);
  const decoded30 = decodeRequestMessage(at30);
  assert.equal(decoded30.requestHeader.batchCount, undefined);
  // 3.0 has no Unique Batch Item ID; Unique Identifiers are Identifier items.
  const item = at30.type === ItemType.Structure ? at30.value[1] : undefined;
  assert.ok(item?.type === ItemType.Structure);
  assert.deepEqual(item.value.map((c) => c.tag), [Tag.Operation, Tag.RequestPayload]);
  const payload = item.value[1];
  assert.ok(payload?.type === ItemType.Structure);
  assert.equal(payload.value[0]?.type, ItemType.Identifier);
  assert.deepEqual(requestPayloadAs(decoded30.batchItem[0]!, Operation.Activate), { uniqueIdentifier: 'k1' });
});

test('a wrong item type is Invalid Field; the payload falls back to the generic tree with that error', () => {
  const bad = s([txt(Tag.UniqueIdentifier, 'k1'), txt(Tag.KeyFormatType, 'Raw')]);
  const e = kmipErrorOf(() => GetRequest.decode(bad, V21));
  assert.equal(e.reason, ResultReason.InvalidField);
  assert.match(e.message, /KeyFormatType/);

  const msg = s(
    [
      s([s([int(Tag.ProtocolVersionMajor, 2), int(Tag.ProtocolVersionMinor, 1)], Tag.ProtocolVersion), int(Tag.BatchCount, 1)], Tag.RequestHeader),
      s([enm(Tag.Operation, Operation.Get), bad], Tag.BatchItem),
    ],
    Tag.RequestMessage,
  );
  const decoded = decodeRequestMessage(msg);
  const p = decoded.batchItem[0]?.requestPayload;
  assert.ok(isRawPayload(p));
  assert.equal(p.error?.reason, ResultReason.InvalidField);
  assert.equal(kmipErrorOf(() => requestPayloadAs(decoded.batchItem[0]!, Operation.Get)).reason, ResultReason.InvalidField);
  // Nothing is lost: the raw payload is written back as it came.
  assert.deepEqual(encodeTtlv(encodeRequestMessage(decoded)), encodeTtlv(msg));
});

test('an undefined enumeration value is Invalid Field; extension values (8XXXXXXX) pass', () => {
  assert.equal(kmipErrorOf(() => GetRequest.decode(s([enm(Tag.KeyFormatType, 0x7777)]), V21)).reason, ResultReason.InvalidField);
  assert.deepEqual(GetRequest.decode(s([enm(Tag.KeyFormatType, 0x80000001)]), V21), { keyFormatType: 0x80000001 });
});

test('missing, repeated and misplaced fields are Invalid Message', () => {
  const missing = kmipErrorOf(() => RevokeRequest.decode(s([txt(Tag.UniqueIdentifier, 'k1')]), V21));
  assert.equal(missing.reason, ResultReason.InvalidMessage);
  assert.match(missing.message, /revocationReason/);
  const noPayload = kmipErrorOf(() =>
    decodeRequestMessage(
      s(
        [
          s([s([int(Tag.ProtocolVersionMajor, 1), int(Tag.ProtocolVersionMinor, 4)], Tag.ProtocolVersion)], Tag.RequestHeader),
          s([enm(Tag.Operation, Operation.Get), s([])], Tag.BatchItem),
          s([enm(Tag.Operation, Operation.Get)], Tag.BatchItem),
        ],
        Tag.RequestMessage,
      ),
    ),
  );
  assert.equal(noPayload.reason, ResultReason.InvalidMessage); // batch item without Request Payload
  const dup = kmipErrorOf(() => GetRequest.decode(s([txt(Tag.UniqueIdentifier, 'a'), txt(Tag.UniqueIdentifier, 'b')]), V21));
  assert.equal(dup.reason, ResultReason.InvalidMessage);
  assert.match(dup.message, /more than once/);
  const order = kmipErrorOf(() => GetRequest.decode(s([enm(Tag.KeyFormatType, 1), txt(Tag.UniqueIdentifier, 'a')]), V21));
  assert.equal(order.reason, ResultReason.InvalidMessage);
  assert.match(order.message, /out of order/);
});

test('unknown and extension tags are kept in `extensions` and written back', () => {
  const ext: TtlvNode = { tag: 0x540001, type: ItemType.TextString, value: 'vendor' };
  const node = s([txt(Tag.UniqueIdentifier, 'k1'), ext]);
  const decoded = GetRequest.decode(node, V21);
  assert.deepEqual(decoded, { uniqueIdentifier: 'k1', extensions: [ext] });
  assert.deepEqual(GetRequest.encode(decoded, V21), node);
  // An extension between declared fields stays in place for an unmodified decoded value.
  const middle = s([txt(Tag.UniqueIdentifier, 'k1'), ext, enm(Tag.KeyFormatType, KeyFormatType.Raw)]);
  const m1 = GetRequest.decode(middle, V21);
  assert.deepEqual(GetRequest.encode(m1, V21), middle);
  // A value built by hand writes its extensions after the declared fields.
  assert.deepEqual(
    GetRequest.encode({ uniqueIdentifier: 'k1', keyFormatType: KeyFormatType.Raw, extensions: [ext] }, V21),
    s([txt(Tag.UniqueIdentifier, 'k1'), enm(Tag.KeyFormatType, KeyFormatType.Raw), ext]),
  );
  // A known tag that this structure does not declare is an extension too.
  const other = s([txt(Tag.UniqueIdentifier, 'k1'), int(Tag.CryptographicLength, 128)]);
  assert.deepEqual(GetRequest.decode(other, V21).extensions, [int(Tag.CryptographicLength, 128)]);
  // Inside the message: an unknown message-level item and unknown header items.
  const msg = s(
    [
      s([s([int(Tag.ProtocolVersionMajor, 2), int(Tag.ProtocolVersionMinor, 1)], Tag.ProtocolVersion), int(Tag.BatchCount, 1), ext], Tag.RequestHeader),
      s([enm(Tag.Operation, Operation.Activate), s([txt(Tag.UniqueIdentifier, 'k1'), ext])], Tag.BatchItem),
    ],
    Tag.RequestMessage,
  );
  const m = decodeRequestMessage(msg);
  assert.deepEqual(m.requestHeader.extensions, [ext]);
  assert.deepEqual(requestPayloadAs(m.batchItem[0]!, Operation.Activate).extensions, [ext]);
  assert.deepEqual(encodeTtlv(encodeRequestMessage(m)), encodeTtlv(msg));
});

test('an operation without a schema keeps its payload as a raw tree without error', () => {
  const vendorOp = 0x80000010;
  const payload = s([txt(0x540002, 'x')]);
  const msg = s(
    [
      s([s([int(Tag.ProtocolVersionMajor, 2), int(Tag.ProtocolVersionMinor, 1)], Tag.ProtocolVersion), int(Tag.BatchCount, 1)], Tag.RequestHeader),
      s([enm(Tag.Operation, vendorOp), payload], Tag.BatchItem),
    ],
    Tag.RequestMessage,
  );
  const m = decodeRequestMessage(msg);
  const p = m.batchItem[0]?.requestPayload;
  assert.ok(isRawPayload(p));
  assert.equal(p.error, undefined);
  assert.deepEqual(p.node, payload);
  assert.deepEqual(encodeTtlv(encodeRequestMessage(m)), encodeTtlv(msg));
});

test('response messages: failed items without payload, typed payloads, Operation Pending', () => {
  const resp: ResponseMessage = {
    responseHeader: { protocolVersion: { protocolVersionMajor: 1, protocolVersionMinor: 4 }, timeStamp: 1_700_000_000n },
    batchItem: [
      { operation: Operation.Get, resultStatus: ResultStatus.OperationFailed, resultReason: ResultReason.ItemNotFound, resultMessage: 'nope' },
      { operation: Operation.Activate, resultStatus: ResultStatus.Success, responsePayload: { uniqueIdentifier: 'k1' } },
      { operation: Operation.Locate, resultStatus: ResultStatus.OperationPending, asynchronousCorrelationValue: Uint8Array.of(9) },
    ],
  };
  const node = encodeResponseMessage(resp);
  const back = decodeResponseMessage(node);
  assert.equal(back.responseHeader.batchCount, 3);
  assert.equal(back.batchItem[0]?.resultReason, ResultReason.ItemNotFound);
  assert.equal(back.batchItem[0]?.responsePayload, undefined);
  assert.deepEqual(responsePayloadAs(back.batchItem[1]!, Operation.Activate), { uniqueIdentifier: 'k1' });
  assert.deepEqual(back.batchItem[2]?.asynchronousCorrelationValue, Uint8Array.of(9));
  assert.deepEqual(encodeTtlv(encodeResponseMessage(back)), encodeTtlv(node));
});

test('Asynchronous Indicator: Boolean in 1.x, Enumeration in 2.x; both decode', () => {
  const header = (ai: TtlvNode): TtlvNode =>
    s(
      [
        s([s([int(Tag.ProtocolVersionMajor, 1), int(Tag.ProtocolVersionMinor, 4)], Tag.ProtocolVersion), ai, int(Tag.BatchCount, 1)], Tag.RequestHeader),
        s([enm(Tag.Operation, Operation.Activate), s([])], Tag.BatchItem),
      ],
      Tag.RequestMessage,
    );
  assert.equal(decodeRequestMessage(header({ tag: Tag.AsynchronousIndicator, type: ItemType.Boolean, value: true })).requestHeader.asynchronousIndicator, true);
  assert.equal(decodeRequestMessage(header(enm(Tag.AsynchronousIndicator, 2))).requestHeader.asynchronousIndicator, 2);
  // Encoding converts to the version's form.
  const asyncItem = (major: number, ai: boolean | AsynchronousIndicator): TtlvNode | undefined => {
    const m = message(major, major === 1 ? 4 : 1);
    m.requestHeader.asynchronousIndicator = ai;
    const node = encodeRequestMessage(m);
    const h = node.type === ItemType.Structure ? node.value[0] : undefined;
    return h?.type === ItemType.Structure ? h.value.find((c) => c.tag === Tag.AsynchronousIndicator) : undefined;
  };
  assert.deepEqual(asyncItem(2, true), enm(Tag.AsynchronousIndicator, AsynchronousIndicator.Optional));
  assert.deepEqual(asyncItem(2, false), enm(Tag.AsynchronousIndicator, AsynchronousIndicator.Prohibited));
  assert.deepEqual(asyncItem(1, AsynchronousIndicator.Mandatory), { tag: Tag.AsynchronousIndicator, type: ItemType.Boolean, value: true });
  assert.deepEqual(asyncItem(1, AsynchronousIndicator.Prohibited), { tag: Tag.AsynchronousIndicator, type: ItemType.Boolean, value: false });
});
