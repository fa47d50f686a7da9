/**
 * The stream framer: a socket may deliver a message split at any byte, or several messages (and
 * part of the next) in one chunk. Every split of a realistic two-message stream must yield
 * exactly the two messages, byte for byte (pg-protocol's split tests), and a bad header must be
 * rejected as soon as its 8 bytes have arrived.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTtlv, encodeTtlv, ItemType, Tag, TtlvError, TtlvFramer, type TtlvErrorCode, type TtlvNode } from '../src/index.js';
import { canon, cat, hex, naiveEncode, toHex } from './helpers/naive-ttlv.js';

const int = (tag: number, value: number): TtlvNode => ({ tag, type: ItemType.Integer, value });
const enm = (tag: number, value: number): TtlvNode => ({ tag, type: ItemType.Enumeration, value });
const txt = (tag: number, value: string): TtlvNode => ({ tag, type: ItemType.TextString, value });
const byt = (tag: number, value: Uint8Array): TtlvNode => ({ tag, type: ItemType.ByteString, value });
const st = (tag: number, ...value: TtlvNode[]): TtlvNode => ({ tag, type: ItemType.Structure, value });
const attr = (name: string, value: TtlvNode): TtlvNode => st(Tag.Attribute, txt(Tag.AttributeName, name), value);

/** A KMIP 1.4 Request Message: header with credentials, a Create and a Register batch item. */
const REQUEST: TtlvNode = st(
  Tag.RequestMessage,
  st(
    Tag.RequestHeader,
    st(Tag.ProtocolVersion, int(Tag.ProtocolVersionMajor, 1), int(Tag.ProtocolVersionMinor, 4)),
    int(Tag.MaximumResponseSize, 4096),
    st(
      Tag.Authentication,
      st(
        Tag.Credential,
        enm(Tag.CredentialType, 1),
        st(Tag.CredentialValue, txt(Tag.Username, 'Fred'), txt(Tag.Password, 'pässwörd-Ω')),
      ),
    ),
    { tag: Tag.TimeStamp, type: ItemType.DateTime, value: 1205495800n },
    int(Tag.BatchCount, 2),
  ),
  st(
    Tag.BatchItem,
    enm(Tag.Operation, 0x01),
    byt(Tag.UniqueBatchItemID, Uint8Array.from([0x01])),
    st(
      Tag.RequestPayload,
      enm(Tag.ObjectType, 2),
      st(
        Tag.TemplateAttribute,
        attr('Cryptographic Algorithm', enm(Tag.AttributeValue, 3)),
        attr('Cryptographic Length', int(Tag.AttributeValue, 256)),
        attr('Cryptographic Usage Mask', int(Tag.AttributeValue, 12)),
        attr('Name', st(Tag.AttributeValue, txt(Tag.NameValue, 'framer-test-key'), enm(Tag.NameType, 1))),
      ),
    ),
  ),
  st(
    Tag.BatchItem,
    enm(Tag.Operation, 0x03),
    byt(Tag.UniqueBatchItemID, Uint8Array.from([0x02])),
    st(
      Tag.RequestPayload,
      enm(Tag.ObjectType, 2),
      st(Tag.TemplateAttribute, attr('x-comment', txt(Tag.AttributeValue, 'a key for the framer test'))),
      st(
        Tag.SymmetricKey,
        st(
          Tag.KeyBlock,
          enm(Tag.KeyFormatType, 1),
          st(Tag.KeyValue, byt(Tag.KeyMaterial, Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff))),
          enm(Tag.CryptographicAlgorithm, 3),
          int(Tag.CryptographicLength, 256),
        ),
      ),
    ),
  ),
);

const MSG = naiveEncode(REQUEST);
const L = MSG.length;
const STREAM = cat(MSG, MSG);

/** Feeds `chunks` to a fresh framer and returns every message it produced. */
function frame(chunks: readonly Uint8Array[], framer = new TtlvFramer()): Buffer[] {
  const out: Buffer[] = [];
  for (const c of chunks) out.push(...framer.push(c));
  return out;
}

/** Exactly two messages, each byte-identical to MSG. */
function assertTwo(out: readonly Buffer[], where: string): void {
  assert.equal(out.length, 2, `${where}: ${out.length} messages`);
  for (const m of out) assert.ok(m.equals(MSG), `${where}: message differs`);
}

/** Copies a slice so that no test depends on the framer keeping views of the caller's chunk. */
const piece = (from: number, to: number): Buffer => Buffer.from(STREAM.subarray(from, to));

describe('TtlvFramer: splitting', () => {
  test('the test message is realistic: several hundred bytes, the writer agrees, it decodes back', () => {
    assert.ok(L >= 400 && L <= 1000, `message is ${L} bytes`);
    assert.equal(toHex(encodeTtlv(REQUEST)), toHex(MSG));
    assert.deepStrictEqual(canon(decodeTtlv(MSG)), canon(REQUEST));
  });

  test('one chunk holding both messages', () => assertTwo(frame([STREAM]), 'whole'));

  test('two messages split into two chunks at every offset', () => {
    for (let i = 0; i <= STREAM.length; i++) {
      const f = new TtlvFramer();
      const first = f.push(piece(0, i));
      assert.equal(f.pending, i % L !== 0, `pending after ${i} bytes`);
      const out = [...first, ...f.push(piece(i, STREAM.length))];
      assert.equal(f.pending, false);
      assertTwo(out, `split at ${i}`);
    }
  });

  test('two messages fed one byte at a time', () => {
    const f = new TtlvFramer();
    const out: Buffer[] = [];
    for (let i = 0; i < STREAM.length; i++) {
      const got = f.push(piece(i, i + 1));
      // A message completes exactly on its last byte, never earlier or later.
      assert.equal(got.length, (i + 1) % L === 0 ? 1 : 0, `byte ${i}`);
      out.push(...got);
      assert.equal(f.pending, (i + 1) % L !== 0);
    }
    assertTwo(out, 'byte by byte');
  });

  test('three chunks at many offset pairs (all pairs near headers and boundaries, a grid elsewhere)', () => {
    const interesting = new Set<number>();
    for (const base of [0, L, STREAM.length]) for (let d = -12; d <= 20; d++) interesting.add(base + d);
    for (let i = 0; i <= STREAM.length; i += 13) interesting.add(i);
    const cuts = [...interesting].filter((i) => i >= 0 && i <= STREAM.length).sort((a, b) => a - b);
    let pairs = 0;
    for (const i of cuts) {
      for (const j of cuts) {
        if (j < i) continue;
        assertTwo(frame([piece(0, i), piece(i, j), piece(j, STREAM.length)]), `cuts ${i}/${j}`);
        pairs++;
      }
    }
    assert.ok(pairs > 5000, `${pairs} pairs`);
  });

  test('messages already returned are not altered by later pushes', () => {
    const f = new TtlvFramer();
    const first = f.push(piece(0, L + 3)); // a whole message (from the fast path) and 3 bytes more
    const reassembled = f.push(piece(L + 3, L + 100));
    const last = f.push(piece(L + 100, STREAM.length));
    assert.equal(first.length, 1);
    assert.equal(reassembled.length, 0);
    assertTwo([...first, ...last], 'ownership');
    f.push(Buffer.from(MSG.subarray(0, 50)));
    assertTwo([...first, ...last], 'after another partial message');
  });

  test('a chunk holding two whole messages and part of a third', () => {
    const three = cat(MSG, MSG, MSG);
    const f = new TtlvFramer();
    const cut = 2 * L + 37;
    const out = f.push(three.subarray(0, cut));
    assertTwo(out, 'first chunk');
    assert.equal(f.pending, true);
    const rest = f.push(three.subarray(cut));
    assert.equal(rest.length, 1);
    assert.ok(rest[0]?.equals(MSG));
    assert.equal(f.pending, false);
  });

  test('several small messages, including an empty Structure, in one chunk', () => {
    const empty = hex('42 00 7B | 01 | 00 00 00 00');
    const small = naiveEncode(st(Tag.ResponseMessage, int(Tag.BatchCount, 0)));
    const out = frame([cat(empty, small, empty, MSG)]);
    assert.deepStrictEqual(
      out.map((m) => toHex(m)),
      [empty, small, empty, MSG].map((m) => toHex(m)),
    );
  });

  test('an empty Structure split inside its header', () => {
    const empty = hex('42 00 7B | 01 | 00 00 00 00');
    for (let i = 0; i <= 8; i++) {
      const out = frame([empty.subarray(0, i), empty.subarray(i)]);
      assert.deepStrictEqual(out.map((m) => toHex(m)), [toHex(empty)], `split at ${i}`);
    }
  });

  test('empty chunks change nothing', () => {
    const f = new TtlvFramer();
    assert.deepStrictEqual(f.push(new Uint8Array(0)), []);
    assert.equal(f.pending, false);
    f.push(piece(0, 5));
    assert.deepStrictEqual(f.push(new Uint8Array(0)), []);
    assert.equal(f.pending, true);
    assertTwo(f.push(piece(5, STREAM.length)), 'after empty chunks');
  });

  test('plain Uint8Array chunks (not Buffers), at non-zero byte offsets', () => {
    const backing = new Uint8Array(STREAM.length + 16);
    backing.set(STREAM, 16);
    const i = L - 100;
    const out = frame([new Uint8Array(backing.buffer, 16, i), new Uint8Array(backing.buffer, 16 + i, STREAM.length - i)]);
    assertTwo(out, 'Uint8Array chunks');
  });
});

describe('TtlvFramer: pending', () => {
  test('false initially, true with part of a header or body, false when the message completes', () => {
    const f = new TtlvFramer();
    assert.equal(f.pending, false);
    f.push(piece(0, 3));
    assert.equal(f.pending, true, 'part of a header');
    f.push(piece(3, 8));
    assert.equal(f.pending, true, 'a whole header, no body');
    f.push(piece(8, L - 1));
    assert.equal(f.pending, true, 'all but one byte');
    assert.equal(f.push(piece(L - 1, L)).length, 1);
    assert.equal(f.pending, false, 'message complete');
  });
});

/** `push` must throw a TtlvError with `code` at stream offset `offset`. */
function pushRejects(f: TtlvFramer, chunk: Uint8Array, code: TtlvErrorCode, offset: number): void {
  let caught: unknown;
  try {
    f.push(chunk);
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof TtlvError, `expected ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.equal(caught.offset, offset, caught.message);
}

describe('TtlvFramer: bad headers', () => {
  test('KMIP_ERR_TTLV_NOT_A_MESSAGE: a first item that is not a Structure', () => {
    pushRejects(new TtlvFramer(), hex('42 00 20 | 02 | 00 00 00 04 | 00 00 00 08 00 00 00 00'), 'KMIP_ERR_TTLV_NOT_A_MESSAGE', 0);
  });

  test('KMIP_ERR_TTLV_NOT_A_MESSAGE: after a good message, the offset is in stream bytes', () => {
    const f = new TtlvFramer();
    assert.equal(f.push(MSG).length, 1);
    pushRejects(f, hex('42 00 78 | 07 | 00 00 00 00'), 'KMIP_ERR_TTLV_NOT_A_MESSAGE', L);
  });

  test('KMIP_ERR_TTLV_NOT_A_MESSAGE: a bad header split across chunks, following a good message in the same chunk', () => {
    const f = new TtlvFramer();
    assert.equal(f.push(cat(MSG, hex('42 00 78'))).length, 1);
    pushRejects(f, hex('08 | 00 00 00 00'), 'KMIP_ERR_TTLV_NOT_A_MESSAGE', L);
  });

  test('KMIP_ERR_TTLV_BAD_LENGTH: a message length that is not a multiple of 8', () => {
    pushRejects(new TtlvFramer(), cat(hex('42 00 78 | 01 | 00 00 00 0C'), new Uint8Array(12)), 'KMIP_ERR_TTLV_BAD_LENGTH', 0);
  });

  test('KMIP_ERR_TTLV_TOO_LARGE: raised as soon as the 8 header bytes arrive, before any body', () => {
    pushRejects(new TtlvFramer(1024), hex('42 00 78 | 01 | 00 00 04 00'), 'KMIP_ERR_TTLV_TOO_LARGE', 0);
  });

  test('KMIP_ERR_TTLV_TOO_LARGE: a header trickling in byte by byte is rejected on its 8th byte', () => {
    const f = new TtlvFramer(1024);
    const header = hex('42 00 78 | 01 | 00 00 04 00');
    for (let i = 0; i < 7; i++) assert.deepStrictEqual(f.push(header.subarray(i, i + 1)), []);
    pushRejects(f, header.subarray(7), 'KMIP_ERR_TTLV_TOO_LARGE', 0);
  });

  test('KMIP_ERR_TTLV_TOO_LARGE: the default maximum rejects a header claiming 1 GiB', () => {
    pushRejects(new TtlvFramer(), hex('42 00 78 | 01 | 40 00 00 00'), 'KMIP_ERR_TTLV_TOO_LARGE', 0);
  });

  test('a message of exactly maxMessageSize is accepted', () => {
    const out = frame([MSG.subarray(0, 10), MSG.subarray(10)], new TtlvFramer(L));
    assert.equal(out.length, 1);
    pushRejects(new TtlvFramer(L - 8), MSG, 'KMIP_ERR_TTLV_TOO_LARGE', 0);
  });
});
