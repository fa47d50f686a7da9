/**
 * Hostile and malformed input: one test (or a few) per TtlvError code that the reader, writer,
 * framer and hex helpers can raise. Each asserts the stable `code`, that the failure is a
 * TtlvError and nothing else, and — for decoding — that `offset` points at the offending item
 * (or, for padding, Boolean and UTF-8 errors, at the offending bytes).
 *
 * Framer-specific errors are in ttlv-framer.test.ts; random malformations in fuzz.test.ts.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeTtlv,
  decodeTtlvSequence,
  encodeTtlv,
  hexToBytes,
  hexToBytesLoose,
  ItemType,
  TtlvError,
  TtlvWriter,
  type DecodeOptions,
  type TtlvErrorCode,
  type TtlvLimits,
  type TtlvNode,
} from '../src/index.js';
import { cat, hex, naiveEncode, naiveHeader, toHex } from './helpers/naive-ttlv.js';

const TAG = 0x420020;

/** Runs `fn`, which must throw a TtlvError with `code`; returns it. */
function throwsTtlv(fn: () => unknown, code: TtlvErrorCode): TtlvError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught !== undefined, `expected ${code}, but nothing was thrown`);
  assert.ok(caught instanceof TtlvError, `expected a TtlvError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  return caught;
}

/** decodeTtlv(bytes) must fail with `code` found at byte `offset`. */
function rejects(bytes: Uint8Array, code: TtlvErrorCode, offset: number, options?: DecodeOptions): void {
  const err = throwsTtlv(() => decodeTtlv(bytes, options), code);
  assert.equal(err.offset, offset, `offset of ${code}: ${err.message}`);
}

/** A top-level Structure around `children`, with the correct length. */
function struct(...children: ReadonlyArray<Uint8Array | readonly number[]>): Buffer {
  const body = cat(...children);
  return cat(naiveHeader(0x420078, ItemType.Structure, body.length), body);
}

/** `n` Structures nested inside each other (the innermost empty). */
function nested(n: number): TtlvNode {
  let node: TtlvNode = { tag: 0x420001, type: ItemType.Structure, value: [] };
  for (let i = 1; i < n; i++) node = { tag: 0x420001, type: ItemType.Structure, value: [node] };
  return node;
}

const INT8 = hex('42 00 20 | 02 | 00 00 00 04 | 00 00 00 08 00 00 00 00');
const INT8_NODE: TtlvNode = { tag: TAG, type: ItemType.Integer, value: 8 };

describe('KMIP_ERR_TTLV_TRUNCATED: the input ends inside the item it announces', () => {
  test('empty input', () => rejects(new Uint8Array(0), 'KMIP_ERR_TTLV_TRUNCATED', 0));

  test('truncated header (4 of 8 bytes)', () => rejects(hex('42 00 20 | 02'), 'KMIP_ERR_TTLV_TRUNCATED', 0));

  test('truncated header (7 of 8 bytes)', () => rejects(hex('42 00 20 | 02 | 00 00 00'), 'KMIP_ERR_TTLV_TRUNCATED', 0));

  test('Integer missing its padding', () =>
    rejects(hex('42 00 20 | 02 | 00 00 00 04 | 00 00 00 08'), 'KMIP_ERR_TTLV_TRUNCATED', 0));

  test('Long Integer with 7 of 8 value bytes', () =>
    rejects(hex('42 00 20 | 03 | 00 00 00 08 | 01 B6 9B 4B A5 74 92'), 'KMIP_ERR_TTLV_TRUNCATED', 0));

  test('Text String missing its padding', () =>
    rejects(hex('42 00 20 | 07 | 00 00 00 0B | 48 65 6C 6C 6F 20 57 6F 72 6C 64'), 'KMIP_ERR_TTLV_TRUNCATED', 0));

  test('Byte String shorter than its length', () =>
    rejects(hex('42 00 20 | 08 | 00 00 00 20 | 01 02 03 04 05 06 07 08'), 'KMIP_ERR_TTLV_TRUNCATED', 0));

  test('Big Integer shorter than its length', () =>
    rejects(hex('42 00 20 | 04 | 00 00 00 10 | 00 00 00 00 03 FD 35 EB'), 'KMIP_ERR_TTLV_TRUNCATED', 0));

  test('top-level Structure whose body is cut short', () => {
    const whole = naiveEncode({
      tag: 0x420078,
      type: ItemType.Structure,
      value: [
        { tag: TAG, type: ItemType.Integer, value: 1 },
        { tag: TAG, type: ItemType.TextString, value: 'abc' },
      ],
    });
    for (let cut = 8; cut < whole.length; cut++) {
      rejects(whole.subarray(0, cut), 'KMIP_ERR_TTLV_TRUNCATED', 0);
    }
  });
});

describe('KMIP_ERR_TTLV_BAD_LENGTH: a length that is wrong for its type or its container', () => {
  test('Integer with length 8', () =>
    rejects(hex('42 00 20 | 02 | 00 00 00 08 | 00 00 00 08 00 00 00 00'), 'KMIP_ERR_TTLV_BAD_LENGTH', 0));

  test('Integer with length 8 inside a Structure: offset of the Integer, not of the Structure', () =>
    rejects(struct(INT8, hex('42 00 21 | 02 | 00 00 00 08 | 00 00 00 08 00 00 00 00')), 'KMIP_ERR_TTLV_BAD_LENGTH', 24));

  test('Long Integer with length 4', () =>
    rejects(hex('42 00 20 | 03 | 00 00 00 04 | 00 00 00 08 00 00 00 00'), 'KMIP_ERR_TTLV_BAD_LENGTH', 0));

  test('Boolean with length 4', () =>
    rejects(hex('42 00 20 | 06 | 00 00 00 04 | 00 00 00 01 00 00 00 00'), 'KMIP_ERR_TTLV_BAD_LENGTH', 0));

  test('Enumeration with length 0', () => rejects(hex('42 00 20 | 05 | 00 00 00 00'), 'KMIP_ERR_TTLV_BAD_LENGTH', 0));

  test('Interval with length 8', () =>
    rejects(hex('42 00 20 | 0A | 00 00 00 08 | 00 0D 2F 00 00 00 00 00'), 'KMIP_ERR_TTLV_BAD_LENGTH', 0));

  test('Date-Time with length 4', () =>
    rejects(hex('42 00 20 | 09 | 00 00 00 04 | 47 DA 67 F8 00 00 00 00'), 'KMIP_ERR_TTLV_BAD_LENGTH', 0));

  test('Date Time Extended with length 16', () =>
    rejects(hex('42 00 20 | 0B | 00 00 00 10 | 00 00 00 00 00 00 00 00 00 04 48 64 5C F1 D0 40'), 'KMIP_ERR_TTLV_BAD_LENGTH', 0));

  test('Big Integer with length 0', () => rejects(hex('42 00 20 | 04 | 00 00 00 00'), 'KMIP_ERR_TTLV_BAD_LENGTH', 0));

  test('Big Integer with length 12 (not a multiple of 8)', () =>
    rejects(hex('42 00 20 | 04 | 00 00 00 0C | 03 FD 35 EB 6B C2 DF 46 18 08 00 00 00 00 00 00'), 'KMIP_ERR_TTLV_BAD_LENGTH', 0));

  test('Structure length not a multiple of 8', () =>
    rejects(hex('42 00 78 | 01 | 00 00 00 0C | 42 00 20 | 02 | 00 00 00 04 | 00 00 00 08 00 00 00 00'), 'KMIP_ERR_TTLV_BAD_LENGTH', 0));

  test('nested Structure length not a multiple of 8', () =>
    rejects(struct(hex('42 00 77 | 01 | 00 00 00 04'), INT8), 'KMIP_ERR_TTLV_BAD_LENGTH', 8));

  test('nested Structure whose length overruns its parent (the bytes exist, outside the parent)', () => {
    // Outer length 0x18 = the inner header + one Integer; the inner Structure claims 0x20.
    const bytes = hex(
      '42 00 78 | 01 | 00 00 00 18 |' +
        ' 42 00 77 | 01 | 00 00 00 20 | 42 00 20 | 02 | 00 00 00 04 | 00 00 00 08 00 00 00 00 |' +
        ' 42 00 20 | 02 | 00 00 00 04 | 00 00 00 08 00 00 00 00',
    );
    rejects(bytes, 'KMIP_ERR_TTLV_BAD_LENGTH', 8);
  });

  test('Text String whose length overruns its parent Structure', () =>
    rejects(struct(hex('42 00 20 | 07 | 00 00 00 64 | 41 42 43 44 45 46 47 48')), 'KMIP_ERR_TTLV_BAD_LENGTH', 8));

  test('Integer whose value lies outside its parent Structure', () => {
    // The parent's length (8) covers only the Integer's header.
    const bytes = hex('42 00 78 | 01 | 00 00 00 08 | 42 00 20 | 02 | 00 00 00 04 | 00 00 00 08 00 00 00 00');
    rejects(bytes, 'KMIP_ERR_TTLV_BAD_LENGTH', 8);
  });
});

describe('KMIP_ERR_TTLV_BAD_PADDING: non-zero padding, offset of the first bad byte', () => {
  for (let k = 0; k < 4; k++) {
    test(`Integer padding byte ${k} non-zero`, () => {
      const bytes = Buffer.from(INT8);
      bytes[12 + k] = 0x01;
      rejects(bytes, 'KMIP_ERR_TTLV_BAD_PADDING', 12 + k);
    });
  }

  test('Enumeration padding non-zero', () =>
    rejects(hex('42 00 20 | 05 | 00 00 00 04 | 00 00 00 FF 00 00 00 80'), 'KMIP_ERR_TTLV_BAD_PADDING', 15));

  test('Interval padding non-zero', () =>
    rejects(hex('42 00 20 | 0A | 00 00 00 04 | 00 0D 2F 00 FF 00 00 00'), 'KMIP_ERR_TTLV_BAD_PADDING', 12));

  test('Text String padding non-zero', () =>
    rejects(hex('42 00 20 | 07 | 00 00 00 0B | 48 65 6C 6C 6F 20 57 6F 72 6C 64 00 00 20 00 00'), 'KMIP_ERR_TTLV_BAD_PADDING', 21));

  test('Byte String padding non-zero, inside a Structure', () =>
    rejects(struct(INT8, hex('42 00 20 | 08 | 00 00 00 03 | 01 02 03 00 00 00 00 01')), 'KMIP_ERR_TTLV_BAD_PADDING', 8 + 16 + 8 + 7));

  test('3.0 Identifier padding non-zero', () =>
    rejects(hex('42 00 94 | 0C | 00 00 00 05 | 6B 65 79 2D 31 00 2E 00'), 'KMIP_ERR_TTLV_BAD_PADDING', 14));
});

describe('KMIP_ERR_TTLV_BAD_BOOLEAN: a Boolean other than 0 or 1, offset of the value', () => {
  test('value 2', () => rejects(hex('42 00 20 | 06 | 00 00 00 08 | 00 00 00 00 00 00 00 02'), 'KMIP_ERR_TTLV_BAD_BOOLEAN', 8));

  test('high word non-zero', () =>
    rejects(hex('42 00 20 | 06 | 00 00 00 08 | 00 00 00 01 00 00 00 01'), 'KMIP_ERR_TTLV_BAD_BOOLEAN', 8));

  test('all ones', () => rejects(hex('42 00 20 | 06 | 00 00 00 08 | FF FF FF FF FF FF FF FF'), 'KMIP_ERR_TTLV_BAD_BOOLEAN', 8));

  test('inside a Structure', () =>
    rejects(struct(INT8, hex('42 00 20 | 06 | 00 00 00 08 | 80 00 00 00 00 00 00 00')), 'KMIP_ERR_TTLV_BAD_BOOLEAN', 32));
});

describe('KMIP_ERR_TTLV_BAD_UTF8: text that is not valid UTF-8, offset of the value', () => {
  const cases: ReadonlyArray<readonly [string, string]> = [
    ['overlong "/" (C0 AF)', 'C0 AF'],
    ['overlong 3-byte (E0 80 AF)', 'E0 80 AF'],
    ['lone continuation byte (80)', '41 80 42'],
    ['UTF-16 surrogate half (ED A0 80)', 'ED A0 80'],
    ['sequence cut short (E2 82)', '41 E2 82'],
    ['code point above U+10FFFF (F4 90 80 80)', 'F4 90 80 80'],
    ['byte FF', 'FF'],
  ];
  for (const [name, bad] of cases) {
    test(name, () => {
      const value = hex(bad);
      rejects(cat(naiveHeader(TAG, ItemType.TextString, value.length), value, new Array<number>((8 - (value.length % 8)) % 8).fill(0)), 'KMIP_ERR_TTLV_BAD_UTF8', 8);
    });
  }

  test('invalid bytes after 64 valid ASCII bytes (past any short-string fast path)', () => {
    const value = cat(Buffer.from('A'.repeat(70)), hex('ED A0 80'));
    const padded = cat(value, new Array<number>((8 - (value.length % 8)) % 8).fill(0));
    rejects(struct(INT8, cat(naiveHeader(TAG, ItemType.TextString, value.length), padded)), 'KMIP_ERR_TTLV_BAD_UTF8', 32);
  });

  for (const [name, type] of [
    ['Identifier', ItemType.Identifier],
    ['Reference', ItemType.Reference],
    ['Name Reference', ItemType.NameReference],
  ] as const) {
    test(`3.0 ${name} is checked as UTF-8 too`, () =>
      rejects(cat(naiveHeader(TAG, type, 3), hex('ED A0 80 00 00 00 00 00')), 'KMIP_ERR_TTLV_BAD_UTF8', 8));
  }
});

describe('KMIP_ERR_TTLV_BAD_TYPE: unknown item type, offset of the type byte', () => {
  for (const type of [0x00, 0x0f, 0x10, 0x80, 0xff]) {
    test(`type 0x${type.toString(16).padStart(2, '0')}`, () =>
      rejects(cat(naiveHeader(TAG, type, 4), hex('00 00 00 08 00 00 00 00')), 'KMIP_ERR_TTLV_BAD_TYPE', 3));
  }

  test('unknown type inside a Structure', () =>
    rejects(struct(INT8, cat(naiveHeader(TAG, 0x0f, 0))), 'KMIP_ERR_TTLV_BAD_TYPE', 8 + 16 + 3));
});

describe('KMIP_ERR_TTLV_DEPTH: Structures nested deeper than maxDepth', () => {
  test('depth 64 (the default limit) is accepted', () => {
    const node = nested(64);
    assert.deepStrictEqual(decodeTtlv(naiveEncode(node)), node);
  });

  test('depth 64 with primitive items in the innermost Structure is accepted', () => {
    let node: TtlvNode = { tag: 0x420001, type: ItemType.Structure, value: [{ tag: TAG, type: ItemType.Integer, value: 8 }] };
    for (let i = 1; i < 64; i++) node = { tag: 0x420001, type: ItemType.Structure, value: [node] };
    assert.deepStrictEqual(decodeTtlv(naiveEncode(node)), node);
  });

  test('depth 65 is rejected at the 65th Structure', () =>
    rejects(naiveEncode(nested(65)), 'KMIP_ERR_TTLV_DEPTH', 64 * 8));

  test('a configured maxDepth of 2', () => {
    decodeTtlv(naiveEncode(nested(2)), { maxDepth: 2 });
    rejects(naiveEncode(nested(3)), 'KMIP_ERR_TTLV_DEPTH', 16, { maxDepth: 2 });
  });

  test('deep nesting (100 000 levels) is rejected, not a stack overflow', () =>
    rejects(naiveHeaderChain(100_000), 'KMIP_ERR_TTLV_DEPTH', 64 * 8));
});

/** `n` Structure headers, each claiming the rest of the input (built without recursion). */
function naiveHeaderChain(n: number): Buffer {
  const out = Buffer.alloc(n * 8);
  for (let i = 0; i < n; i++) {
    out.set([0x42, 0x00, 0x01, 0x01], i * 8);
    out.writeUInt32BE((n - i - 1) * 8, i * 8 + 4);
  }
  return out;
}

describe('KMIP_ERR_TTLV_TOO_MANY_ITEMS: more items than maxItems', () => {
  const four = struct(INT8, INT8, INT8); // the Structure and three Integers

  test('exactly maxItems is accepted', () => {
    decodeTtlv(four, { maxItems: 4 });
  });

  test('one more is rejected at the item that exceeds the limit', () =>
    rejects(four, 'KMIP_ERR_TTLV_TOO_MANY_ITEMS', 8 + 16 + 16, { maxItems: 3 }));
});

describe('KMIP_ERR_TTLV_TOO_LARGE: a message larger than maxMessageSize', () => {
  test('a header claiming 1 GiB with only 8 bytes present is TOO_LARGE, not TRUNCATED', () =>
    rejects(hex('42 00 78 | 01 | 40 00 00 00'), 'KMIP_ERR_TTLV_TOO_LARGE', 0));

  test('a header claiming more than a configured maximum, body partly present', () =>
    rejects(cat(hex('42 00 78 | 01 | 00 00 01 00'), new Uint8Array(64)), 'KMIP_ERR_TTLV_TOO_LARGE', 0, { maxMessageSize: 128 }));

  test('complete input longer than maxMessageSize', () =>
    rejects(struct(INT8, INT8), 'KMIP_ERR_TTLV_TOO_LARGE', 0, { maxMessageSize: 32 }));

  test('a message of exactly maxMessageSize is accepted', () => {
    decodeTtlv(struct(INT8, INT8), { maxMessageSize: 40 });
  });

  test('decodeTtlvSequence checks each message header', () => {
    const err = throwsTtlv(
      () => decodeTtlvSequence(cat(struct(INT8), hex('42 00 78 | 01 | 40 00 00 00')), { maxMessageSize: 1024 }),
      'KMIP_ERR_TTLV_TOO_LARGE',
    );
    assert.equal(err.offset, 24);
  });
});

describe('KMIP_ERR_TTLV_TRAILING: bytes after the top-level item', () => {
  test('one stray byte', () => rejects(cat(INT8, [0]), 'KMIP_ERR_TTLV_TRAILING', 16));

  test('a second whole item', () => rejects(cat(struct(INT8), INT8), 'KMIP_ERR_TTLV_TRAILING', 24));
});

describe('writer errors: KMIP_ERR_TTLV_BAD_VALUE and KMIP_ERR_TTLV_BAD_TAG', () => {
  /** encodeTtlv(node) must fail with `code`, and the shared writer must still work afterwards. */
  function encodeRejects(node: TtlvNode, code: TtlvErrorCode): void {
    throwsTtlv(() => encodeTtlv(node), code);
    assert.equal(toHex(encodeTtlv({ tag: TAG, type: ItemType.Integer, value: 8 })), toHex(INT8));
  }
  /** Values that a caller without type checking (JSON input, plain JS) might pass. */
  function unchecked(node: { tag: number; type: number; value: unknown; width?: number }): TtlvNode {
    return node as unknown as TtlvNode;
  }

  const cases: ReadonlyArray<readonly [string, TtlvNode, TtlvErrorCode]> = [
    ['Integer 2^31', { tag: TAG, type: ItemType.Integer, value: 2 ** 31 }, 'KMIP_ERR_TTLV_BAD_VALUE'],
    ['Integer -2^31-1', { tag: TAG, type: ItemType.Integer, value: -(2 ** 31) - 1 }, 'KMIP_ERR_TTLV_BAD_VALUE'],
    ['Integer 1.5 (not an integer)', { tag: TAG, type: ItemType.Integer, value: 1.5 }, 'KMIP_ERR_TTLV_BAD_VALUE'],
    ['Integer NaN', { tag: TAG, type: ItemType.Integer, value: NaN }, 'KMIP_ERR_TTLV_BAD_VALUE'],
    ['Integer as a bigint', unchecked({ tag: TAG, type: ItemType.Integer, value: 8n }), 'KMIP_ERR_TTLV_BAD_VALUE'],
    ['Enumeration -1', { tag: TAG, type: ItemType.Enumeration, value: -1 }, 'KMIP_ERR_TTLV_BAD_VALUE'],
    ['Enumeration 2^32', { tag: TAG, type: ItemType.Enumeration, value: 2 ** 32 }, 'KMIP_ERR_TTLV_BAD_VALUE'],
    ['Interval -1', { tag: TAG, type: ItemType.Interval, value: -1 }, 'KMIP_ERR_TTLV_BAD_VALUE'],
    ['Interval Infinity', { tag: TAG, type: ItemType.Interval, value: Infinity }, 'KMIP_ERR_TTLV_BAD_VALUE'],
    ['Long Integer 2^63', { tag: TAG, type: ItemType.LongInteger, value: 2n ** 63n }, 'KMIP_ERR_TTLV_BAD_VALUE'],
    ['Long Integer -2^63-1', { tag: TAG, type: ItemType.LongInteger, value: -(2n ** 63n) - 1n }, 'KMIP_ERR_TTLV_BAD_VALUE'],
    ['Long Integer as a number', unchecked({ tag: TAG, type: ItemType.LongInteger, value: 5 }), 'KMIP_ERR_TTLV_BAD_VALUE'],
    ['Date-Time beyond int64', { tag: TAG, type: ItemType.DateTime, value: 2n ** 64n }, 'KMIP_ERR_TTLV_BAD_VALUE'],
    ['Date Time Extended beyond int64', { tag: TAG, type: ItemType.DateTimeExtended, value: -(2n ** 63n) - 1n }, 'KMIP_ERR_TTLV_BAD_VALUE'],
    ['Big Integer as a number', unchecked({ tag: TAG, type: ItemType.BigInteger, value: 5 }), 'KMIP_ERR_TTLV_BAD_VALUE'],
    ['Big Integer 2^63 with width 8 (too small)', { tag: TAG, type: ItemType.BigInteger, value: 2n ** 63n, width: 8 }, 'KMIP_ERR_TTLV_BAD_VALUE'],
    ['Big Integer -2^63-1 with width 8 (too small)', { tag: TAG, type: ItemType.BigInteger, value: -(2n ** 63n) - 1n, width: 8 }, 'KMIP_ERR_TTLV_BAD_VALUE'],
    ['Big Integer with width 12 (not a multiple of 8)', { tag: TAG, type: ItemType.BigInteger, value: 1n, width: 12 }, 'KMIP_ERR_TTLV_BAD_VALUE'],
    ['Big Integer with width 0', { tag: TAG, type: ItemType.BigInteger, value: 0n, width: 0 }, 'KMIP_ERR_TTLV_BAD_VALUE'],
    ['Text String not a string', unchecked({ tag: TAG, type: ItemType.TextString, value: 42 }), 'KMIP_ERR_TTLV_BAD_VALUE'],
    ['Text String with a lone surrogate (not encodable as UTF-8)', { tag: TAG, type: ItemType.TextString, value: 'a\uD800b' }, 'KMIP_ERR_TTLV_BAD_VALUE'],
    ['Name Reference with a lone low surrogate', { tag: TAG, type: ItemType.NameReference, value: '\uDC00' }, 'KMIP_ERR_TTLV_BAD_VALUE'],
    ['Byte String not a Uint8Array', unchecked({ tag: TAG, type: ItemType.ByteString, value: [1, 2, 3] }), 'KMIP_ERR_TTLV_BAD_VALUE'],
    ['unknown item type 0x0F', unchecked({ tag: TAG, type: 0x0f, value: 1 }), 'KMIP_ERR_TTLV_BAD_VALUE'],
    ['tag 0x1000000 (more than 3 bytes)', { tag: 0x1000000, type: ItemType.Integer, value: 1 }, 'KMIP_ERR_TTLV_BAD_TAG'],
    ['tag -1', { tag: -1, type: ItemType.Integer, value: 1 }, 'KMIP_ERR_TTLV_BAD_TAG'],
    ['tag 1.5', { tag: 1.5, type: ItemType.Boolean, value: true }, 'KMIP_ERR_TTLV_BAD_TAG'],
    ['Structure tag too large', { tag: 0x1420078, type: ItemType.Structure, value: [] }, 'KMIP_ERR_TTLV_BAD_TAG'],
  ];
  for (const [name, node, code] of cases) test(name, () => encodeRejects(node, code));

  test('an error deep inside a Structure leaves the shared writer clean for the next message', () =>
    encodeRejects(
      {
        tag: 0x420078,
        type: ItemType.Structure,
        value: [
          { tag: 0x420077, type: ItemType.Structure, value: [INT8_NODE, { tag: TAG, type: ItemType.Integer, value: 2 ** 40 }] },
        ],
      },
      'KMIP_ERR_TTLV_BAD_VALUE',
    ));

  test('a Text String whose surrogate pairs are all paired is accepted', () => {
    const node: TtlvNode = { tag: TAG, type: ItemType.TextString, value: '\uD83D\uDE00' };
    assert.deepStrictEqual(decodeTtlv(encodeTtlv(node)), node);
  });

  test('TtlvWriter: endStructure() without startStructure()', () => {
    throwsTtlv(() => new TtlvWriter().endStructure(), 'KMIP_ERR_TTLV_BAD_VALUE');
  });

  test('TtlvWriter: finish() with a Structure still open', () => {
    const w = new TtlvWriter();
    w.startStructure(0x420078).integer(TAG, 1);
    throwsTtlv(() => w.finish(), 'KMIP_ERR_TTLV_BAD_VALUE');
    w.reset();
    assert.equal(toHex(w.integer(TAG, 8).finish()), toHex(INT8));
  });
});

describe('KMIP_ERR_HEX_SYNTAX', () => {
  test('odd number of digits', () => {
    throwsTtlv(() => hexToBytes('abc'), 'KMIP_ERR_HEX_SYNTAX');
  });

  test('non-hex character, offset of the character', () => {
    assert.equal(throwsTtlv(() => hexToBytes('00zz'), 'KMIP_ERR_HEX_SYNTAX').offset, 2);
  });

  test('the loose form accepts spaces, | and a 0x prefix but not other characters', () => {
    assert.deepStrictEqual([...hexToBytesLoose('0x42 00 20 | 02')], [0x42, 0x00, 0x20, 0x02]);
    throwsTtlv(() => hexToBytesLoose('42 00 2g'), 'KMIP_ERR_HEX_SYNTAX');
  });
});

test('an explicit undefined limit keeps the default (JavaScript callers)', () => {
  let deep: TtlvNode = { tag: 0x420020, type: ItemType.Integer, value: 1 };
  for (let i = 0; i < 70; i++) deep = { tag: 0x420020, type: ItemType.Structure, value: [deep] };
  const bytes = encodeTtlv(deep);
  const loose = { maxDepth: undefined, maxItems: undefined, maxMessageSize: undefined } as unknown as Partial<TtlvLimits>;
  assert.throws(() => decodeTtlv(bytes, loose), { code: 'KMIP_ERR_TTLV_DEPTH' });
});
