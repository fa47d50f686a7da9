/**
 * Readable hex goldens for every TTLV item type (STYLE.md §2.7, kmip-go style).
 *
 * Each golden is checked three ways: the reader decodes the bytes to the expected tree, the
 * writer encodes the tree to exactly those bytes, and the independent naive encoder in
 * `helpers/naive-ttlv.ts` agrees — so a wrong golden, a wrong writer and a wrong reader would all
 * have to be wrong the same way to pass.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTtlv, decodeTtlvSequence, encodeTtlv, ItemType, TtlvWriter, type TtlvNode } from '../src/index.js';
import { canon, hex, naiveEncode, toHex } from './helpers/naive-ttlv.js';

const TAG = 0x420020; // the tag of the spec's worked examples (KMIP 1.2 §9.1.2)

interface Golden {
  readonly name: string;
  readonly hex: string;
  readonly node: TtlvNode;
}

function checkGolden(g: Golden): void {
  const bytes = hex(g.hex);
  assert.deepStrictEqual(canon(decodeTtlv(bytes)), canon(g.node), 'decode');
  assert.equal(toHex(encodeTtlv(g.node)), toHex(bytes), 'encodeTtlv');
  assert.equal(toHex(naiveEncode(g.node)), toHex(bytes), 'naive encoder');
}

/** The worked examples of NOTES.md §1, byte for byte. */
const SPEC_EXAMPLES: readonly Golden[] = [
  {
    name: 'Integer 8',
    hex: '42 00 20 | 02 | 00 00 00 04 | 00 00 00 08 00 00 00 00',
    node: { tag: TAG, type: ItemType.Integer, value: 8 },
  },
  {
    name: 'Long Integer 123456789000000000',
    hex: '42 00 20 | 03 | 00 00 00 08 | 01 B6 9B 4B A5 74 92 00',
    node: { tag: TAG, type: ItemType.LongInteger, value: 123456789000000000n },
  },
  {
    name: 'Big Integer 1234567890000000000000000000 (sign-extended to 16 bytes)',
    hex: '42 00 20 | 04 | 00 00 00 10 | 00 00 00 00 03 FD 35 EB 6B C2 DF 46 18 08 00 00',
    node: { tag: TAG, type: ItemType.BigInteger, value: 1234567890000000000000000000n },
  },
  {
    name: 'Enumeration 255',
    hex: '42 00 20 | 05 | 00 00 00 04 | 00 00 00 FF 00 00 00 00',
    node: { tag: TAG, type: ItemType.Enumeration, value: 255 },
  },
  {
    name: 'Boolean true',
    hex: '42 00 20 | 06 | 00 00 00 08 | 00 00 00 00 00 00 00 01',
    node: { tag: TAG, type: ItemType.Boolean, value: true },
  },
  {
    name: 'Text String "Hello World" (length 11, 5 bytes padding)',
    hex: '42 00 20 | 07 | 00 00 00 0B | 48 65 6C 6C 6F 20 57 6F 72 6C 64 00 00 00 00 00',
    node: { tag: TAG, type: ItemType.TextString, value: 'Hello World' },
  },
  {
    name: 'Byte String 01 02 03',
    hex: '42 00 20 | 08 | 00 00 00 03 | 01 02 03 00 00 00 00 00',
    node: { tag: TAG, type: ItemType.ByteString, value: new Uint8Array([1, 2, 3]) },
  },
  {
    name: 'Date-Time 2008-03-14T11:56:40Z',
    hex: '42 00 20 | 09 | 00 00 00 08 | 00 00 00 00 47 DA 67 F8',
    node: { tag: TAG, type: ItemType.DateTime, value: BigInt(Date.parse('2008-03-14T11:56:40Z') / 1000) },
  },
  {
    name: 'Interval 10 days (864000 s)',
    hex: '42 00 20 | 0A | 00 00 00 04 | 00 0D 2F 00 00 00 00 00',
    node: { tag: TAG, type: ItemType.Interval, value: 10 * 24 * 3600 },
  },
  {
    name: 'Structure holding Enumeration 254 and Integer 255 (outer length 0x20, no padding of its own)',
    hex:
      '42 00 20 | 01 | 00 00 00 20 |' +
      ' 42 00 04 | 05 | 00 00 00 04 | 00 00 00 FE 00 00 00 00 |' +
      ' 42 00 05 | 02 | 00 00 00 04 | 00 00 00 FF 00 00 00 00',
    node: {
      tag: TAG,
      type: ItemType.Structure,
      value: [
        { tag: 0x420004, type: ItemType.Enumeration, value: 254 },
        { tag: 0x420005, type: ItemType.Integer, value: 255 },
      ],
    },
  },
];

/** Edge values of each type. */
const EDGES: readonly Golden[] = [
  {
    name: 'Integer -1 (two\'s complement)',
    hex: '42 00 20 | 02 | 00 00 00 04 | FF FF FF FF 00 00 00 00',
    node: { tag: TAG, type: ItemType.Integer, value: -1 },
  },
  {
    name: 'Integer minimum -2^31',
    hex: '42 00 20 | 02 | 00 00 00 04 | 80 00 00 00 00 00 00 00',
    node: { tag: TAG, type: ItemType.Integer, value: -0x80000000 },
  },
  {
    name: 'Integer maximum 2^31-1',
    hex: '42 00 20 | 02 | 00 00 00 04 | 7F FF FF FF 00 00 00 00',
    node: { tag: TAG, type: ItemType.Integer, value: 0x7fffffff },
  },
  {
    name: 'Enumeration 0xFFFFFFFF (unsigned, not -1)',
    hex: '42 00 20 | 05 | 00 00 00 04 | FF FF FF FF 00 00 00 00',
    node: { tag: TAG, type: ItemType.Enumeration, value: 0xffffffff },
  },
  {
    name: 'Enumeration extension value 0x80000001',
    hex: '42 00 20 | 05 | 00 00 00 04 | 80 00 00 01 00 00 00 00',
    node: { tag: TAG, type: ItemType.Enumeration, value: 0x80000001 },
  },
  {
    name: 'Interval maximum 0xFFFFFFFF',
    hex: '42 00 20 | 0A | 00 00 00 04 | FF FF FF FF 00 00 00 00',
    node: { tag: TAG, type: ItemType.Interval, value: 0xffffffff },
  },
  {
    name: 'Long Integer minimum -2^63',
    hex: '42 00 20 | 03 | 00 00 00 08 | 80 00 00 00 00 00 00 00',
    node: { tag: TAG, type: ItemType.LongInteger, value: -(2n ** 63n) },
  },
  {
    name: 'Long Integer maximum 2^63-1',
    hex: '42 00 20 | 03 | 00 00 00 08 | 7F FF FF FF FF FF FF FF',
    node: { tag: TAG, type: ItemType.LongInteger, value: 2n ** 63n - 1n },
  },
  {
    name: 'Long Integer -1',
    hex: '42 00 20 | 03 | 00 00 00 08 | FF FF FF FF FF FF FF FF',
    node: { tag: TAG, type: ItemType.LongInteger, value: -1n },
  },
  {
    name: 'Big Integer 0 (8 bytes, never length 0)',
    hex: '42 00 20 | 04 | 00 00 00 08 | 00 00 00 00 00 00 00 00',
    node: { tag: TAG, type: ItemType.BigInteger, value: 0n },
  },
  {
    name: 'Big Integer -1234567890000000000000000000 (sign extension 0xFF)',
    hex: '42 00 20 | 04 | 00 00 00 10 | FF FF FF FF FC 02 CA 14 94 3D 20 B9 E7 F8 00 00',
    node: { tag: TAG, type: ItemType.BigInteger, value: -1234567890000000000000000000n },
  },
  {
    name: 'Big Integer -1',
    hex: '42 00 20 | 04 | 00 00 00 08 | FF FF FF FF FF FF FF FF',
    node: { tag: TAG, type: ItemType.BigInteger, value: -1n },
  },
  {
    name: 'Big Integer -2^63 fits in 8 bytes',
    hex: '42 00 20 | 04 | 00 00 00 08 | 80 00 00 00 00 00 00 00',
    node: { tag: TAG, type: ItemType.BigInteger, value: -(2n ** 63n) },
  },
  {
    name: 'Big Integer 2^63 needs 16 bytes (the sign bit)',
    hex: '42 00 20 | 04 | 00 00 00 10 | 00 00 00 00 00 00 00 00 80 00 00 00 00 00 00 00',
    node: { tag: TAG, type: ItemType.BigInteger, value: 2n ** 63n },
  },
  {
    name: 'Big Integer 65537 with redundant sign extension keeps its width 16',
    hex: '42 00 20 | 04 | 00 00 00 10 | 00 00 00 00 00 00 00 00 00 00 00 00 00 01 00 01',
    node: { tag: TAG, type: ItemType.BigInteger, value: 65537n, width: 16 },
  },
  {
    name: 'Big Integer -2 with redundant 0xFF sign extension keeps its width 24',
    hex: '42 00 20 | 04 | 00 00 00 18 | FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FE',
    node: { tag: TAG, type: ItemType.BigInteger, value: -2n, width: 24 },
  },
  {
    name: 'Boolean false',
    hex: '42 00 20 | 06 | 00 00 00 08 | 00 00 00 00 00 00 00 00',
    node: { tag: TAG, type: ItemType.Boolean, value: false },
  },
  {
    name: 'Text "Ω€😀": Length counts UTF-8 bytes (9), not UTF-16 units (4)',
    hex: '42 00 20 | 07 | 00 00 00 09 | CE A9 E2 82 AC F0 9F 98 80 00 00 00 00 00 00 00',
    node: { tag: TAG, type: ItemType.TextString, value: 'Ω€😀' },
  },
  {
    name: 'Text of exactly 8 bytes has no padding',
    hex: '42 00 20 | 07 | 00 00 00 08 | 41 42 43 44 45 46 47 48',
    node: { tag: TAG, type: ItemType.TextString, value: 'ABCDEFGH' },
  },
  {
    name: 'Text starting with a byte order mark keeps it',
    hex: '42 00 20 | 07 | 00 00 00 04 | EF BB BF 41 00 00 00 00',
    node: { tag: TAG, type: ItemType.TextString, value: '\uFEFFA' },
  },
  {
    name: 'Empty Text String: length 0, no padding',
    hex: '42 00 20 | 07 | 00 00 00 00',
    node: { tag: TAG, type: ItemType.TextString, value: '' },
  },
  {
    name: 'Empty Byte String: length 0, no padding',
    hex: '42 00 20 | 08 | 00 00 00 00',
    node: { tag: TAG, type: ItemType.ByteString, value: new Uint8Array(0) },
  },
  {
    name: 'Byte String of 9 bytes pads to 16',
    hex: '42 00 20 | 08 | 00 00 00 09 | 00 FF 00 FF 00 FF 00 FF 80 00 00 00 00 00 00 00',
    node: { tag: TAG, type: ItemType.ByteString, value: new Uint8Array([0, 255, 0, 255, 0, 255, 0, 255, 128]) },
  },
  {
    name: 'Date-Time before 1970 (negative seconds)',
    hex: '42 00 20 | 09 | 00 00 00 08 | FF FF FF FF FF FF FF FF',
    node: { tag: TAG, type: ItemType.DateTime, value: -1n },
  },
  {
    name: 'Date Time Extended 2008-03-14T11:56:40.123456Z in microseconds',
    hex: '42 00 20 | 0B | 00 00 00 08 | 00 04 48 64 5C F1 D0 40',
    node: {
      tag: TAG,
      type: ItemType.DateTimeExtended,
      value: BigInt(Date.parse('2008-03-14T11:56:40Z')) * 1000n + 123456n,
    },
  },
  {
    name: '3.0 Identifier (0x0C) is encoded as UTF-8 text',
    hex: '42 00 94 | 0C | 00 00 00 05 | 6B 65 79 2D 31 00 00 00',
    node: { tag: 0x420094, type: ItemType.Identifier, value: 'key-1' },
  },
  {
    name: '3.0 Reference (0x0D) is encoded as UTF-8 text',
    hex: '42 00 20 | 0D | 00 00 00 0A | 72 C3 A9 66 C3 A9 72 65 6E 63 00 00 00 00 00 00',
    node: { tag: TAG, type: ItemType.Reference, value: 'référenc' },
  },
  {
    name: '3.0 Name Reference (0x0E) is encoded as UTF-8 text',
    hex: '42 00 20 | 0E | 00 00 00 08 | 6D 79 2D 6B 65 79 2D 31',
    node: { tag: TAG, type: ItemType.NameReference, value: 'my-key-1' },
  },
  {
    name: 'Vendor extension tag 0x540001 decodes and re-encodes unchanged',
    hex: '54 00 01 | 07 | 00 00 00 02 | 6E 61 00 00 00 00 00 00',
    node: { tag: 0x540001, type: ItemType.TextString, value: 'na' },
  },
  {
    name: 'Unassigned KMIP tag 0x42FFFF decodes and re-encodes unchanged',
    hex: '42 FF FF | 02 | 00 00 00 04 | 00 00 00 2A 00 00 00 00',
    node: { tag: 0x42ffff, type: ItemType.Integer, value: 42 },
  },
  {
    name: 'Tags outside the KMIP ranges (0x000000, 0xFFFFFF) are kept as numbers',
    hex:
      'FF FF FF | 01 | 00 00 00 10 |' +
      ' 00 00 00 | 06 | 00 00 00 08 | 00 00 00 00 00 00 00 01',
    node: { tag: 0xffffff, type: ItemType.Structure, value: [{ tag: 0, type: ItemType.Boolean, value: true }] },
  },
  {
    name: 'Empty Structure',
    hex: '42 00 78 | 01 | 00 00 00 00',
    node: { tag: 0x420078, type: ItemType.Structure, value: [] },
  },
  {
    name: 'Nested Structures: lengths include the children\'s padding',
    hex:
      '42 00 78 | 01 | 00 00 00 38 |' +
      ' 42 00 77 | 01 | 00 00 00 18 |' +
      '  42 00 A1 | 07 | 00 00 00 01 | 78 00 00 00 00 00 00 00 |' +
      '  42 00 0F | 01 | 00 00 00 00 |' +
      ' 42 00 93 | 08 | 00 00 00 0C | 01 02 03 04 05 06 07 08 09 0A 0B 0C 00 00 00 00',
    node: {
      tag: 0x420078,
      type: ItemType.Structure,
      value: [
        {
          tag: 0x420077,
          type: ItemType.Structure,
          value: [
            { tag: 0x4200a1, type: ItemType.TextString, value: 'x' },
            { tag: 0x42000f, type: ItemType.Structure, value: [] },
          ],
        },
        { tag: 0x420093, type: ItemType.ByteString, value: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) },
      ],
    },
  },
];

describe('TTLV goldens: the worked examples of KMIP 1.2 §9.1.2 (NOTES.md §1)', () => {
  for (const g of SPEC_EXAMPLES) test(g.name, () => checkGolden(g));
});

describe('TTLV goldens: edge values', () => {
  for (const g of EDGES) test(g.name, () => checkGolden(g));
});

describe('Big Integer width', () => {
  test('a minimally encoded Big Integer decodes without a width property', () => {
    const node = decodeTtlv(hex('42 00 20 | 04 | 00 00 00 08 | 00 00 00 00 00 01 00 01'));
    assert.deepStrictEqual(node, { tag: TAG, type: ItemType.BigInteger, value: 65537n });
    assert.equal('width' in node, false);
  });

  test('a decoded Big Integer with redundant sign-extension bytes re-encodes byte-exactly', () => {
    // A 2048-bit RSA public exponent as some clients send it: 256 bytes for the value 65537.
    const value = Buffer.alloc(256);
    value.writeUInt32BE(65537, 252);
    const bytes = Buffer.concat([hex('42 00 20 | 04 | 00 00 01 00'), value]);
    const node = decodeTtlv(bytes);
    assert.deepStrictEqual(node, { tag: TAG, type: ItemType.BigInteger, value: 65537n, width: 256 });
    assert.equal(toHex(encodeTtlv(node)), toHex(bytes));
  });

  test('dropping the width re-encodes minimally', () => {
    const node = decodeTtlv(hex('42 00 20 | 04 | 00 00 00 10 | FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FE'));
    assert.ok(node.type === ItemType.BigInteger);
    assert.equal(node.value, -2n);
    assert.equal(
      toHex(encodeTtlv({ tag: node.tag, type: node.type, value: node.value })),
      toHex(hex('42 00 20 | 04 | 00 00 00 08 | FF FF FF FF FF FF FF FE')),
    );
  });

  test('a 4096-bit Big Integer round-trips', () => {
    const v = (1n << 4095n) + 12345678901234567890n;
    const node: TtlvNode = { tag: TAG, type: ItemType.BigInteger, value: v };
    const bytes = encodeTtlv(node);
    assert.equal(bytes.readUInt32BE(4), 520); // 4096 bits + a sign bit -> 513 bytes -> 520
    assert.deepStrictEqual(decodeTtlv(bytes), node);
    assert.equal(toHex(bytes), toHex(naiveEncode(node)));
  });
});

describe('Byte String ownership on decode', () => {
  const bytes = hex('42 00 20 | 08 | 00 00 00 03 | 0A 0B 0C 00 00 00 00 00');

  test('by default a Byte String is a view into the input', () => {
    const input = Buffer.from(bytes);
    const node = decodeTtlv(input);
    assert.ok(node.type === ItemType.ByteString);
    input[8] = 0xee;
    assert.deepStrictEqual(Array.from(node.value), [0xee, 0x0b, 0x0c]);
  });

  test('with copyByteStrings the value is an owned copy that can be wiped without touching the input', () => {
    const input = Buffer.from(bytes);
    const node = decodeTtlv(input, { copyByteStrings: true });
    assert.ok(node.type === ItemType.ByteString);
    input[8] = 0xee;
    assert.deepStrictEqual(Array.from(node.value), [0x0a, 0x0b, 0x0c]);
    node.value.fill(0);
    assert.equal(toHex(input), toHex(hex('42 00 20 | 08 | 00 00 00 03 | EE 0B 0C 00 00 00 00 00')));
  });

  test('a plain Uint8Array input (not a Buffer) at an odd byteOffset decodes correctly', () => {
    const message = hex(
      '42 00 78 | 01 | 00 00 00 28 |' +
        ' 42 00 20 | 08 | 00 00 00 03 | 0A 0B 0C 00 00 00 00 00 |' +
        ' 42 00 20 | 04 | 00 00 00 10 | FF FF FF FF FC 02 CA 14 94 3D 20 B9 E7 F8 00 00',
    );
    const backing = new Uint8Array(message.length + 5);
    backing.set(message, 5);
    const view = new Uint8Array(backing.buffer, 5, message.length);
    assert.deepStrictEqual(canon(decodeTtlv(view)), {
      tag: 0x420078,
      type: ItemType.Structure,
      value: [
        { tag: TAG, type: ItemType.ByteString, value: new Uint8Array([10, 11, 12]) },
        { tag: TAG, type: ItemType.BigInteger, value: -1234567890000000000000000000n },
      ],
    });
  });
});

describe('Writer buffer ownership', () => {
  const big = (fill: number): TtlvNode => ({
    tag: 0x420078,
    type: ItemType.Structure,
    value: [{ tag: 0x420043, type: ItemType.ByteString, value: new Uint8Array(40_000).fill(fill) }],
  });
  const small = (fill: number): TtlvNode => ({
    tag: 0x420078,
    type: ItemType.Structure,
    value: [{ tag: 0x420043, type: ItemType.ByteString, value: new Uint8Array(100).fill(fill) }],
  });

  for (const [name, make] of [['small (copied out)', small], ['large (buffer handed over)', big]] as const) {
    test(`bytes returned for a ${name} message are not overwritten by the next encodes`, () => {
      const first = encodeTtlv(make(0xaa));
      const copy = Buffer.from(first);
      encodeTtlv(make(0xbb));
      encodeTtlv(big(0xcc));
      encodeTtlv(small(0xdd));
      assert.ok(first.equals(copy));
    });
  }

  test('a TtlvWriter writes several items and is reusable after finish()', () => {
    const w = new TtlvWriter(16); // tiny initial buffer: forces growth
    w.startStructure(0x420078).integer(0x42006a, 1).text(0x4200a1, 'Ω'.repeat(40)).endStructure();
    const first = w.finish();
    w.boolean(TAG, false);
    const second = w.finish();
    assert.equal(
      toHex(first),
      toHex(
        naiveEncode({
          tag: 0x420078,
          type: ItemType.Structure,
          value: [
            { tag: 0x42006a, type: ItemType.Integer, value: 1 },
            { tag: 0x4200a1, type: ItemType.TextString, value: 'Ω'.repeat(40) },
          ],
        }),
      ),
    );
    assert.equal(toHex(second), '42 00 20 06 00 00 00 08 00 00 00 00 00 00 00 00');
  });
});

describe('decodeTtlvSequence', () => {
  test('decodes items laid end to end', () => {
    const a: TtlvNode = { tag: TAG, type: ItemType.Integer, value: 8 };
    const b: TtlvNode = { tag: 0x420078, type: ItemType.Structure, value: [{ tag: TAG, type: ItemType.TextString, value: 'hi' }] };
    assert.deepStrictEqual(decodeTtlvSequence(Buffer.concat([naiveEncode(a), naiveEncode(b), naiveEncode(a)])), [a, b, a]);
    assert.deepStrictEqual(decodeTtlvSequence(new Uint8Array(0)), []);
  });
});
