/**
 * The object store conformance suite (STYLE.md §2.7 item 5; MQTT.js `abstract_store`): one set of
 * tests every {@link ObjectStore} backend must pass. A backend's test file calls
 * `describeObjectStore(name, factory)`; `factory` returns a new, empty store for each test and the
 * suite closes it afterwards.
 */
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  CryptographicAlgorithm,
  encodeTtlv,
  HashingAlgorithm,
  ItemType,
  KeyFormatType,
  LinkType,
  NameType,
  ObjectType,
  Tag,
  type TtlvNode,
} from '@keyhold/protocol';
import { StoreConflictError, StoreError, type StoreErrorCode } from '../src/store/errors.js';
import type { ObjectFilter, ObjectRecord, ObjectStore, StoredAttribute } from '../src/store/types.js';

/** Creates a new, empty store. */
export type StoreFactory = () => Promise<ObjectStore>;

// ---- TTLV value builders ----

export const v = {
  int: (tag: number, value: number): TtlvNode => ({ tag, type: ItemType.Integer, value }),
  long: (tag: number, value: bigint): TtlvNode => ({ tag, type: ItemType.LongInteger, value }),
  big: (tag: number, value: bigint, width?: number): TtlvNode =>
    width === undefined ? { tag, type: ItemType.BigInteger, value } : { tag, type: ItemType.BigInteger, value, width },
  enum: (tag: number, value: number): TtlvNode => ({ tag, type: ItemType.Enumeration, value }),
  bool: (tag: number, value: boolean): TtlvNode => ({ tag, type: ItemType.Boolean, value }),
  text: (tag: number, value: string): TtlvNode => ({ tag, type: ItemType.TextString, value }),
  bytes: (tag: number, value: Uint8Array): TtlvNode => ({ tag, type: ItemType.ByteString, value }),
  date: (tag: number, value: bigint): TtlvNode => ({ tag, type: ItemType.DateTime, value }),
  interval: (tag: number, value: number): TtlvNode => ({ tag, type: ItemType.Interval, value }),
  dateExt: (tag: number, value: bigint): TtlvNode => ({ tag, type: ItemType.DateTimeExtended, value }),
  struct: (tag: number, value: TtlvNode[]): TtlvNode => ({ tag, type: ItemType.Structure, value }),
};

const AV = Tag.AttributeValue;

/** A Name attribute value. */
export function name(value: string, type: number = NameType.UninterpretedTextString): TtlvNode {
  return v.struct(Tag.Name, [v.text(Tag.NameValue, value), v.enum(Tag.NameType, type)]);
}

/** The TTLV encoding of a Symmetric Key object holding `key`. */
export function symmetricKey(key: Uint8Array): Buffer {
  return encodeTtlv(
    v.struct(Tag.SymmetricKey, [
      v.struct(Tag.KeyBlock, [
        v.enum(Tag.KeyFormatType, KeyFormatType.Raw),
        v.struct(Tag.KeyValue, [v.bytes(Tag.KeyMaterial, key)]),
        v.enum(Tag.CryptographicAlgorithm, CryptographicAlgorithm.AES),
        v.int(Tag.CryptographicLength, key.length * 8),
      ]),
    ]),
  );
}

/** A record to put (revision 0 unless given). */
export function record(
  uid: string,
  opts: { owner?: string; objectType?: number; object?: Uint8Array | null; attributes?: StoredAttribute[]; revision?: number } = {},
): ObjectRecord {
  return {
    uid,
    objectType: opts.objectType ?? ObjectType.SymmetricKey,
    owner: opts.owner ?? 'alice',
    object: opts.object === undefined ? symmetricKey(Buffer.alloc(32, 7)) : opts.object,
    attributes: opts.attributes ?? [],
    revision: opts.revision ?? 0,
  };
}

/** One attribute instance. */
export function attr(attrName: string, value: TtlvNode, index = 0): StoredAttribute {
  return { name: attrName, index, value };
}

/** A structurally comparable copy: byte arrays (Buffer or Uint8Array) become hex strings. */
export function plain(x: unknown): unknown {
  if (x instanceof Uint8Array) return `bytes:${Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString('hex')}`;
  if (Array.isArray(x)) return x.map(plain);
  if (typeof x === 'object' && x !== null) return Object.fromEntries(Object.entries(x).map(([k, val]) => [k, plain(val)]));
  return x;
}

function withRevision(r: ObjectRecord, revision: number): ObjectRecord {
  return { ...r, revision };
}

function isStoreError(code: StoreErrorCode): (err: unknown) => boolean {
  return (err) => {
    assert.ok(err instanceof StoreError, `expected a StoreError, got ${String(err)}`);
    assert.equal(err.code, code);
    return true;
  };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const tick = (ms = 2): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Every attribute shape the store must keep exactly. */
function everyKindOfAttribute(): StoredAttribute[] {
  return [
    attr('Cryptographic Algorithm', v.enum(Tag.CryptographicAlgorithm, CryptographicAlgorithm.AES)),
    attr('Cryptographic Length', v.int(Tag.CryptographicLength, 256)),
    attr('x-negative', v.int(AV, -2147483648)),
    attr('x-long', v.long(AV, -(1n << 62n) + 3n)),
    attr('x-long-max', v.long(AV, (1n << 63n) - 1n)),
    attr('x-big', v.big(AV, -12345678901234567890123n, 24)),
    attr('x-big-minimal', v.big(AV, 1n << 100n)),
    attr('x-flag', v.bool(AV, true)),
    attr('x-label', v.text(AV, 'Ünïcødé ✓ 鍵 — text')),
    attr('x-empty', v.text(AV, '')),
    attr('x-blob', v.bytes(AV, Uint8Array.from([0, 1, 2, 0xfe, 0xff]))),
    attr('Activation Date', v.date(Tag.ActivationDate, 1_700_000_000n)),
    attr('x-interval', v.interval(AV, 0xffffffff)),
    attr('x-date-ext', v.dateExt(AV, 1_700_000_000_123_456n)),
    attr('x-identifier', { tag: AV, type: ItemType.Identifier, value: 'id-1' }),
    attr('Name', name('first key')),
    attr('Name', name('https://example.com/k', NameType.URI), 1),
    attr('Link', v.struct(Tag.Link, [v.enum(Tag.LinkType, LinkType.PublicKeyLink), v.text(Tag.LinkedObjectIdentifier, 'pub-1')])),
    attr(
      'Digest',
      v.struct(Tag.Digest, [
        v.enum(Tag.HashingAlgorithm, HashingAlgorithm.SHA_256),
        v.bytes(Tag.DigestValue, Buffer.alloc(32, 0xab)),
        v.enum(Tag.KeyFormatType, KeyFormatType.Raw),
      ]),
    ),
    attr('x-nested', v.struct(AV, [v.struct(Tag.Name, [v.struct(Tag.Link, [v.int(Tag.CryptographicLength, 1)])]), v.text(Tag.NameValue, 'z')])),
    attr('x-secret-pin', v.text(AV, '1234-secret')),
  ];
}

/**
 * The find fixture: five records covering owners, types, a destroyed object, multi-instance
 * Names, type-distinct equal numbers and secret attributes.
 */
async function seed(store: ObjectStore): Promise<void> {
  const alpha = name('alpha');
  await store.put(
    record('k1', {
      owner: 'alice',
      attributes: [
        attr('Name', alpha),
        attr('Cryptographic Algorithm', v.enum(Tag.CryptographicAlgorithm, CryptographicAlgorithm.AES)),
        attr('Cryptographic Length', v.int(Tag.CryptographicLength, 128)),
        attr('Activation Date', v.date(Tag.ActivationDate, 1000n)),
        attr('x-tag', v.text(AV, 'blue')),
        attr('x-size', v.int(AV, 5)),
        attr('x-secret-pin', v.text(AV, 'p1')),
        attr('x-secret-level', v.int(AV, 3)),
      ],
    }),
  );
  await store.put(
    record('k2', {
      owner: 'alice',
      attributes: [
        attr('Name', name('beta')),
        attr('Cryptographic Algorithm', v.enum(Tag.CryptographicAlgorithm, CryptographicAlgorithm.AES)),
        attr('Cryptographic Length', v.int(Tag.CryptographicLength, 256)),
        attr('Activation Date', v.date(Tag.ActivationDate, 2000n)),
        attr('x-tag', v.text(AV, 'red')),
        attr('x-secret-pin', v.text(AV, 'p2')),
      ],
    }),
  );
  await store.put(
    record('k3', {
      owner: 'bob',
      objectType: ObjectType.PrivateKey,
      attributes: [
        attr('Name', name('gamma')),
        attr('Name', alpha, 1),
        attr('Cryptographic Algorithm', v.enum(Tag.CryptographicAlgorithm, CryptographicAlgorithm.RSA)),
        attr('Cryptographic Length', v.int(Tag.CryptographicLength, 2048)),
        attr('Activation Date', v.date(Tag.ActivationDate, 3000n)),
        attr('x-secret-level', v.int(AV, 7)),
      ],
    }),
  );
  await store.put(
    record('k4', {
      owner: 'bob',
      objectType: ObjectType.PublicKey,
      object: null,
      attributes: [
        attr('Name', name('delta')),
        attr('Cryptographic Algorithm', v.enum(Tag.CryptographicAlgorithm, CryptographicAlgorithm.RSA)),
        attr('Cryptographic Length', v.int(Tag.CryptographicLength, 2048)),
      ],
    }),
  );
  await store.put(
    record('k5', {
      owner: 'carol',
      objectType: ObjectType.Certificate,
      object: Buffer.from('certificate bytes'),
      attributes: [attr('Name', name('epsilon', NameType.URI)), attr('x-tag', v.text(AV, 'blue')), attr('x-size', v.long(AV, 5n))],
    }),
  );
}

/** Reads the x-count attribute (an Integer) of a record. */
function counter(r: ObjectRecord | undefined): number {
  const a = r?.attributes.find((x) => x.name === 'x-count');
  assert.ok(a !== undefined && a.value.type === ItemType.Integer);
  return a.value.value;
}

/** Registers the conformance suite for one backend. */
export function describeObjectStore(backend: string, factory: StoreFactory): void {
  describe(`ObjectStore conformance: ${backend}`, () => {
    let store: ObjectStore;
    beforeEach(async () => {
      store = await factory();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('records', () => {
      test('a record with attributes of every item type and nested structures round-trips exactly', async () => {
        const r = record('uid-1', { attributes: everyKindOfAttribute() });
        assert.equal(await store.put(r), 1);
        const got = await store.get('uid-1');
        assert.deepStrictEqual(plain(got), plain(withRevision(r, 1)));
        assert.equal(typeof store.kind, 'string');
      });

      test('a record without object bytes (destroyed) round-trips; unknown identifiers are undefined', async () => {
        const r = record('gone', { object: null, attributes: [attr('x-a', v.int(AV, 1))] });
        await store.put(r);
        assert.deepStrictEqual(plain(await store.get('gone')), plain(withRevision(r, 1)));
        assert.equal(await store.get('nope'), undefined);
        assert.equal(await store.remove('nope'), false);
      });

      test('attribute order is kept as put', async () => {
        const attributes = [attr('z', v.int(AV, 1)), attr('a', v.int(AV, 2)), attr('Name', name('n2'), 5), attr('Name', name('n1'), 2)];
        await store.put(record('o', { attributes }));
        const got = await store.get('o');
        assert.deepStrictEqual(
          got?.attributes.map((a) => `${a.name}#${a.index}`),
          ['z#0', 'a#0', 'Name#5', 'Name#2'],
        );
      });

      test('the store keeps its own copies: changing what was put or got changes nothing stored', async () => {
        const object = Buffer.alloc(16, 1);
        const blob = Buffer.alloc(4, 2);
        const attributes = [attr('x-blob', v.bytes(AV, blob))];
        await store.put(record('c', { object, attributes }));
        object.fill(9);
        blob.fill(9);
        attributes.push(attr('x-extra', v.int(AV, 1)));
        const got = await store.get('c');
        assert.ok(got?.object);
        got.object.fill(0);
        const gotBlob = got.attributes[0]?.value;
        assert.ok(gotBlob?.type === ItemType.ByteString);
        gotBlob.value.fill(0);
        const again = await store.get('c');
        assert.equal(plain(again?.object), `bytes:${'01'.repeat(16)}`);
        assert.deepStrictEqual(plain(again?.attributes), plain([attr('x-blob', v.bytes(AV, Buffer.alloc(4, 2)))]));
      });

      test('malformed records are refused with KEYHOLD_ERR_STORE_INVALID and nothing is written', async () => {
        const bad: ObjectRecord[] = [
          record(''),
          record('dup', { attributes: [attr('Name', name('a')), attr('Name', name('b'))] }),
          record('big', { attributes: [attr('x-int', v.int(AV, 2 ** 40))] }),
          record('neg', { attributes: [attr('x-int', v.int(AV, 1), -1)] }),
          record('noname', { attributes: [attr('', v.int(AV, 1))] }),
          { ...record('rev'), revision: -1 },
          { ...record('type'), objectType: 1.5 },
        ];
        for (const r of bad) await assert.rejects(store.put(r), isStoreError('KEYHOLD_ERR_STORE_INVALID'), r.uid);
        assert.equal(await store.count({}), 0);
      });

      test('a 1 MiB object round-trips and can be replaced', async () => {
        const big = randomBytes(1024 * 1024);
        await store.put(record('large', { object: big }));
        const got = await store.get('large');
        assert.ok(got?.object);
        assert.equal(Buffer.compare(Buffer.from(got.object), big), 0);
        const bigger = randomBytes(1024 * 1024 + 3);
        assert.equal(await store.put(record('large', { object: bigger, revision: 1 })), 2);
        assert.equal(Buffer.compare(Buffer.from((await store.get('large'))?.object ?? []), bigger), 0);
      });
    });

    describe('revisions', () => {
      test('an insert is revision 1 and every update increments it', async () => {
        assert.equal(await store.put(record('r')), 1);
        assert.equal(await store.put(record('r', { revision: 1, owner: 'bob' })), 2);
        assert.equal(await store.put(record('r', { revision: 2, owner: 'bob', attributes: [attr('x', v.int(AV, 1))] })), 3);
        const got = await store.get('r');
        assert.equal(got?.revision, 3);
        assert.equal(got?.owner, 'bob');
        assert.equal(got?.attributes.length, 1);
      });

      test('a stale revision is a StoreConflictError and changes nothing', async () => {
        await store.put(record('r', { attributes: [attr('x', v.int(AV, 1))] }));
        await store.put(record('r', { revision: 1, attributes: [attr('x', v.int(AV, 2))] }));
        await assert.rejects(store.put(record('r', { revision: 1, attributes: [attr('x', v.int(AV, 3))] })), (err: unknown) => {
          assert.ok(err instanceof StoreConflictError);
          assert.equal(err.code, 'KEYHOLD_ERR_STORE_CONFLICT');
          assert.equal(err.kind, 'stale');
          assert.equal(err.uid, 'r');
          assert.equal(err.expectedRevision, 1);
          assert.equal(err.actualRevision, 2);
          return true;
        });
        const got = await store.get('r');
        assert.equal(got?.revision, 2);
        assert.deepStrictEqual(plain(got?.attributes), plain([attr('x', v.int(AV, 2))]));
      });

      test('revision 0 for an existing identifier is a duplicate; revision > 0 for a missing one is gone', async () => {
        await store.put(record('r'));
        await assert.rejects(store.put(record('r')), (err: unknown) => err instanceof StoreConflictError && err.kind === 'duplicate');
        await assert.rejects(store.put(record('missing', { revision: 4 })), (err: unknown) => {
          assert.ok(err instanceof StoreConflictError);
          assert.equal(err.kind, 'gone');
          assert.equal(err.actualRevision, undefined);
          return true;
        });
        assert.equal(await store.get('missing'), undefined);
      });

      test('remove deletes the record; the identifier can be inserted again, last in creation order', async () => {
        await store.put(record('a'));
        await store.put(record('b', { attributes: [attr('Name', name('b'))] }));
        await store.put(record('c'));
        assert.equal(await store.remove('b'), true);
        assert.equal(await store.remove('b'), false);
        assert.equal(await store.get('b'), undefined);
        assert.deepStrictEqual(await store.find({}), ['a', 'c']);
        assert.deepStrictEqual(await store.find({ attributes: [{ name: 'Name', op: 'eq', value: name('b') }] }), []);
        await assert.rejects(store.put(record('b', { revision: 1 })), StoreConflictError);
        assert.equal(await store.put(record('b')), 1);
        assert.deepStrictEqual(await store.find({}), ['a', 'c', 'b']);
      });
    });

    describe('find and count', () => {
      beforeEach(async () => {
        await seed(store);
      });

      const cases: [string, ObjectFilter, string[]][] = [
        ['no criteria: everything in creation order', {}, ['k1', 'k2', 'k3', 'k4', 'k5']],
        ['owner', { owner: 'alice' }, ['k1', 'k2']],
        ['unknown owner', { owner: 'mallory' }, []],
        ['object types', { objectTypes: [ObjectType.PublicKey, ObjectType.PrivateKey] }, ['k3', 'k4']],
        ['no object types', { objectTypes: [] }, []],
        ['hasObject false', { hasObject: false }, ['k4']],
        ['hasObject true', { hasObject: true }, ['k1', 'k2', 'k3', 'k5']],
        ['eq text', { attributes: [{ name: 'x-tag', op: 'eq', value: v.text(AV, 'blue') }] }, ['k1', 'k5']],
        ['eq text differs by case', { attributes: [{ name: 'x-tag', op: 'eq', value: v.text(AV, 'Blue') }] }, []],
        [
          'eq enumeration',
          { attributes: [{ name: 'Cryptographic Algorithm', op: 'eq', value: v.enum(Tag.CryptographicAlgorithm, CryptographicAlgorithm.RSA) }] },
          ['k3', 'k4'],
        ],
        ['eq integer', { attributes: [{ name: 'Cryptographic Length', op: 'eq', value: v.int(Tag.CryptographicLength, 2048) }] }, ['k3', 'k4']],
        ['eq Name structure, any instance', { attributes: [{ name: 'Name', op: 'eq', value: name('alpha') }] }, ['k1', 'k3']],
        [
          'eq ignores the top-level tag',
          { attributes: [{ name: 'Name', op: 'eq', value: v.struct(AV, [v.text(Tag.NameValue, 'alpha'), v.enum(Tag.NameType, 1)]) }] },
          ['k1', 'k3'],
        ],
        ['eq compares every field of a structure', { attributes: [{ name: 'Name', op: 'eq', value: name('epsilon') }] }, []],
        ['eq is type-exact: Integer 5', { attributes: [{ name: 'x-size', op: 'eq', value: v.int(AV, 5) }] }, ['k1']],
        ['eq is type-exact: Long Integer 5', { attributes: [{ name: 'x-size', op: 'eq', value: v.long(AV, 5n) }] }, ['k5']],
        ['eq on another attribute name does not match', { attributes: [{ name: 'x-other', op: 'eq', value: v.text(AV, 'blue') }] }, []],
        ['ge Date-Time', { attributes: [{ name: 'Activation Date', op: 'ge', value: v.date(Tag.ActivationDate, 2000n) }] }, ['k2', 'k3']],
        ['le Date-Time', { attributes: [{ name: 'Activation Date', op: 'le', value: v.date(Tag.ActivationDate, 2000n) }] }, ['k1', 'k2']],
        [
          'ge and le: a range',
          {
            attributes: [
              { name: 'Activation Date', op: 'ge', value: v.date(Tag.ActivationDate, 1500n) },
              { name: 'Activation Date', op: 'le', value: v.date(Tag.ActivationDate, 2500n) },
            ],
          },
          ['k2'],
        ],
        [
          'ge compares only the same item type',
          { attributes: [{ name: 'Activation Date', op: 'ge', value: v.dateExt(Tag.ActivationDate, 0n) }] },
          [],
        ],
        ['ge integer', { attributes: [{ name: 'Cryptographic Length', op: 'ge', value: v.int(Tag.CryptographicLength, 256) }] }, ['k2', 'k3', 'k4']],
        ['le integer', { attributes: [{ name: 'Cryptographic Length', op: 'le', value: v.int(Tag.CryptographicLength, 128) }] }, ['k1']],
        ['ge enumeration', { attributes: [{ name: 'Cryptographic Algorithm', op: 'ge', value: v.enum(Tag.CryptographicAlgorithm, 4) }] }, ['k3', 'k4']],
        ['ge Long Integer', { attributes: [{ name: 'x-size', op: 'ge', value: v.long(AV, 0n) }] }, ['k5']],
        [
          'several criteria together',
          {
            owner: 'bob',
            hasObject: true,
            attributes: [
              { name: 'Cryptographic Algorithm', op: 'eq', value: v.enum(Tag.CryptographicAlgorithm, CryptographicAlgorithm.RSA) },
              { name: 'Cryptographic Length', op: 'ge', value: v.int(Tag.CryptographicLength, 1024) },
            ],
          },
          ['k3'],
        ],
        [
          'conditions on two attributes must both hold',
          {
            attributes: [
              { name: 'x-tag', op: 'eq', value: v.text(AV, 'blue') },
              { name: 'Cryptographic Length', op: 'eq', value: v.int(Tag.CryptographicLength, 128) },
            ],
          },
          ['k1'],
        ],
        ['offset and limit', { offset: 1, limit: 2 }, ['k2', 'k3']],
        ['offset past the end', { offset: 10 }, []],
        ['limit 0', { limit: 0 }, []],
        ['offset and limit after filtering', { owner: 'bob', offset: 1, limit: 5 }, ['k4']],
        ['eq on a secret attribute', { attributes: [{ name: 'x-secret-pin', op: 'eq', value: v.text(AV, 'p1') }] }, ['k1']],
        ['ge on a secret attribute', { attributes: [{ name: 'x-secret-level', op: 'ge', value: v.int(AV, 5) }] }, ['k3']],
        ['le on a secret attribute', { attributes: [{ name: 'x-secret-level', op: 'le', value: v.int(AV, 5) }] }, ['k1']],
        [
          'secret and plain conditions with offset and limit',
          {
            attributes: [
              { name: 'x-secret-level', op: 'ge', value: v.int(AV, 0) },
              { name: 'Cryptographic Length', op: 'ge', value: v.int(Tag.CryptographicLength, 0) },
            ],
            offset: 1,
            limit: 1,
          },
          ['k3'],
        ],
      ];
      for (const [title, filter, expected] of cases) {
        test(`find: ${title}`, async () => {
          assert.deepStrictEqual(await store.find(filter), expected);
        });
      }

      test('count gives the number of matches and ignores offset and limit', async () => {
        for (const [title, filter, expected] of cases) {
          if (filter.offset !== undefined || filter.limit !== undefined) continue;
          assert.equal(await store.count(filter), expected.length, title);
        }
        assert.equal(await store.count({ owner: 'alice', offset: 1, limit: 1 }), 2);
        assert.equal(await store.count({ attributes: [{ name: 'x-secret-level', op: 'ge', value: v.int(AV, 0) }], limit: 1 }), 2);
      });

      test('updates keep the creation order; find sees the new values', async () => {
        const k1 = await store.get('k1');
        assert.ok(k1);
        await store.put({ ...k1, attributes: [...k1.attributes.filter((a) => a.name !== 'x-tag'), attr('x-tag', v.text(AV, 'red'))] });
        assert.deepStrictEqual(await store.find({}), ['k1', 'k2', 'k3', 'k4', 'k5']);
        assert.deepStrictEqual(await store.find({ attributes: [{ name: 'x-tag', op: 'eq', value: v.text(AV, 'red') }] }), ['k1', 'k2']);
        assert.deepStrictEqual(await store.find({ attributes: [{ name: 'x-tag', op: 'eq', value: v.text(AV, 'blue') }] }), ['k5']);
      });

      test('malformed filters are refused with KEYHOLD_ERR_STORE_INVALID', async () => {
        const bad: ObjectFilter[] = [
          { attributes: [{ name: 'x-tag', op: 'ge', value: v.text(AV, 'a') }] },
          { attributes: [{ name: 'Name', op: 'le', value: name('a') }] },
          { attributes: [{ name: 'x-flag', op: 'ge', value: v.bool(AV, true) }] },
          { offset: -1 },
          { limit: 1.5 },
        ];
        for (const f of bad) {
          await assert.rejects(store.find(f), isStoreError('KEYHOLD_ERR_STORE_INVALID'));
          await assert.rejects(store.count(f), isStoreError('KEYHOLD_ERR_STORE_INVALID'));
        }
      });
    });

    describe('transactions', () => {
      test('commit: every write is applied and the callback result is returned', async () => {
        await store.put(record('a'));
        await store.put(record('b'));
        const result = await store.transaction(async (tx) => {
          await tx.put(record('c'));
          await tx.put(record('d'));
          await tx.put(record('a', { revision: 1, owner: 'zoe' }));
          assert.equal(await tx.remove('b'), true);
          return 'done';
        });
        assert.equal(result, 'done');
        assert.deepStrictEqual(await store.find({}), ['a', 'c', 'd']);
        assert.equal((await store.get('a'))?.owner, 'zoe');
      });

      test('a transaction sees its own writes; the store outside sees only committed state', async () => {
        await store.put(record('a'));
        await store.transaction(async (tx) => {
          await tx.put(record('n', { owner: 'bob' }));
          await tx.remove('a');
          assert.ok(await tx.get('n'));
          assert.equal(await tx.get('a'), undefined);
          assert.deepStrictEqual(await tx.find({}), ['n']);
          assert.equal(await tx.count({ owner: 'bob' }), 1);
          // The store itself (not the transaction): committed state.
          assert.equal(await store.get('n'), undefined);
          assert.ok(await store.get('a'));
          assert.deepStrictEqual(await store.find({}), ['a']);
        });
        assert.deepStrictEqual(await store.find({}), ['n']);
      });

      test('rollback: a throw undoes every write of the transaction and is re-thrown', async () => {
        await store.put(record('a', { attributes: [attr('x', v.int(AV, 1))] }));
        await store.put(record('b'));
        const boom = new Error('boom');
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.put(record('c'));
            await tx.put(record('d', { object: randomBytes(1000) }));
            await tx.put(record('a', { revision: 1, attributes: [attr('x', v.int(AV, 2))] }));
            await tx.remove('b');
            await tx.put(record('e'));
            throw boom;
          }),
          (err) => err === boom,
        );
        assert.deepStrictEqual(await store.find({}), ['a', 'b']);
        const a = await store.get('a');
        assert.equal(a?.revision, 1);
        assert.deepStrictEqual(plain(a?.attributes), plain([attr('x', v.int(AV, 1))]));
        assert.deepStrictEqual(await store.find({ attributes: [{ name: 'x', op: 'eq', value: v.int(AV, 2) }] }), []);
        assert.equal(await store.put(record('c')), 1);
        assert.deepStrictEqual(await store.find({}), ['a', 'b', 'c']);
      });

      test('a conflict inside a transaction rolls it back when it propagates, and not when caught', async () => {
        await store.put(record('a'));
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.put(record('b'));
            await tx.put(record('a'));
          }),
          StoreConflictError,
        );
        assert.deepStrictEqual(await store.find({}), ['a']);
        await store.transaction(async (tx) => {
          await tx.put(record('b'));
          await assert.rejects(tx.put(record('a', { revision: 7 })), StoreConflictError);
          await tx.put(record('c'));
        });
        assert.deepStrictEqual(await store.find({}), ['a', 'b', 'c']);
      });

      test('concurrent transactions are serialised', async () => {
        await store.put(record('ctr', { attributes: [attr('x-count', v.int(AV, 0))] }));
        const events: string[] = [];
        const increment = (id: string): Promise<void> =>
          store.transaction(async (tx) => {
            events.push(`start ${id}`);
            const cur = await tx.get('ctr');
            assert.ok(cur);
            await tick();
            await tx.put({ ...cur, attributes: [attr('x-count', v.int(AV, counter(cur) + 1))] });
            await tick();
            events.push(`end ${id}`);
          });
        await Promise.all([increment('1'), increment('2'), increment('3')]);
        assert.deepStrictEqual(events, ['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
        const final = await store.get('ctr');
        assert.equal(counter(final), 3);
        assert.equal(final?.revision, 4);
      });

      test('a write on the store waits for the running transaction and is not part of it', async () => {
        const started = deferred();
        const release = deferred();
        const tx = store.transaction(async (t) => {
          await t.put(record('in-tx'));
          started.resolve();
          await release.promise;
          assert.equal(await t.get('outside'), undefined);
          throw new Error('roll back');
        });
        await started.promise;
        let written = false;
        const outside = store.put(record('outside')).then(() => {
          written = true;
        });
        await tick(10);
        assert.equal(written, false);
        release.resolve();
        await assert.rejects(tx, /roll back/);
        await outside;
        assert.deepStrictEqual(await store.find({}), ['outside']);
      });

      test('nested transactions: an inner throw undoes only the inner writes', async () => {
        await store.transaction(async (tx) => {
          await tx.put(record('outer'));
          await assert.rejects(
            tx.transaction(async (inner) => {
              await inner.put(record('inner-1'));
              assert.ok(await inner.get('outer'));
              throw new Error('inner');
            }),
            /inner/,
          );
          assert.equal(await tx.get('inner-1'), undefined);
          const r = await tx.transaction(async (inner) => {
            await inner.put(record('inner-2'));
            return 42;
          });
          assert.equal(r, 42);
          assert.ok(await tx.get('inner-2'));
        });
        assert.deepStrictEqual(await store.find({}), ['outer', 'inner-2']);
      });

      test('nested transactions: an outer throw undoes the committed inner writes too', async () => {
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.transaction(async (inner) => {
              await inner.put(record('inner'));
              await inner.transaction(async (deeper) => {
                await deeper.put(record('deeper'));
              });
            });
            assert.deepStrictEqual(await tx.find({}), ['inner', 'deeper']);
            throw new Error('outer');
          }),
          /outer/,
        );
        assert.deepStrictEqual(await store.find({}), []);
      });

      test('calling the store inside its own transaction fails fast instead of deadlocking', async () => {
        await store.put(record('a'));
        await store.transaction(async (tx) => {
          await assert.rejects(store.put(record('b')), isStoreError('KEYHOLD_ERR_STORE_TX_MISUSE'));
          await assert.rejects(store.remove('a'), isStoreError('KEYHOLD_ERR_STORE_TX_MISUSE'));
          await assert.rejects(
            store.transaction(async () => undefined),
            isStoreError('KEYHOLD_ERR_STORE_TX_MISUSE'),
          );
          await tx.transaction(async () => {
            await assert.rejects(tx.put(record('c')), isStoreError('KEYHOLD_ERR_STORE_TX_MISUSE'));
            await assert.rejects(tx.get('a'), isStoreError('KEYHOLD_ERR_STORE_TX_MISUSE'));
          });
          await assert.rejects(store.close(), isStoreError('KEYHOLD_ERR_STORE_TX_MISUSE'));
          assert.ok(await store.get('a'), 'reads on the store see committed state');
          await tx.put(record('d'));
        });
        assert.deepStrictEqual(await store.find({}), ['a', 'd']);
      });

      test('a transaction handle cannot be used after the transaction ended', async () => {
        let kept: Parameters<Parameters<ObjectStore['transaction']>[0]>[0] | undefined;
        await store.transaction(async (tx) => {
          kept = tx;
        });
        assert.ok(kept);
        await assert.rejects(kept.put(record('late')), isStoreError('KEYHOLD_ERR_STORE_TX_MISUSE'));
        await assert.rejects(kept.get('late'), isStoreError('KEYHOLD_ERR_STORE_TX_MISUSE'));
        assert.equal(await store.get('late'), undefined);
      });

      test('work started in a transaction and not awaited is finished before it commits', async () => {
        await store.transaction(async (tx) => {
          void tx.put(record('unawaited'));
          void tx.transaction(async (inner) => {
            await tick();
            await inner.put(record('unawaited-nested'));
          });
        });
        assert.deepStrictEqual(await store.find({}), ['unawaited', 'unawaited-nested']);
      });

      test('close waits for the running transaction; later calls fail with KEYHOLD_ERR_STORE_CLOSED', async () => {
        const release = deferred();
        const tx = store.transaction(async (t) => {
          await release.promise;
          await t.put(record('last'));
        });
        await tick();
        const closing = store.close();
        release.resolve();
        await tx;
        await closing;
        await assert.rejects(store.get('last'), isStoreError('KEYHOLD_ERR_STORE_CLOSED'));
        await assert.rejects(store.put(record('x')), isStoreError('KEYHOLD_ERR_STORE_CLOSED'));
        await assert.rejects(store.transaction(async () => 1), isStoreError('KEYHOLD_ERR_STORE_CLOSED'));
      });
    });

    describe('many objects', () => {
      test('5,000 objects: find, count and paging stay correct', async () => {
        const N = 5000;
        const lengths = [128, 192, 256];
        const expected = new Map<string, { owner: string; type: number; length: number; date: bigint; level: number | undefined }>();
        await store.transaction(async (tx) => {
          for (let i = 0; i < N; i++) {
            const uid = `key-${String(i).padStart(5, '0')}`;
            const meta = {
              owner: `user-${i % 7}`,
              type: i % 3 === 0 ? ObjectType.PrivateKey : ObjectType.SymmetricKey,
              length: lengths[i % 3] ?? 0,
              date: 1_000_000_000n + BigInt(i) * 60n,
              level: i % 50 === 0 ? (i / 50) % 10 : undefined,
            };
            expected.set(uid, meta);
            const attributes = [
              attr('Name', name(`name-${i}`)),
              attr('Cryptographic Length', v.int(Tag.CryptographicLength, meta.length)),
              attr('Activation Date', v.date(Tag.ActivationDate, meta.date)),
            ];
            if (meta.level !== undefined) attributes.push(attr('x-secret-level', v.int(AV, meta.level)));
            await tx.put(record(uid, { owner: meta.owner, objectType: meta.type, object: i % 11 === 0 ? null : Buffer.of(i & 0xff), attributes }));
          }
        });
        const all = [...expected.keys()];
        const where = (p: (m: typeof expected extends Map<string, infer M> ? M : never) => boolean): string[] =>
          all.filter((uid) => {
            const m = expected.get(uid);
            return m !== undefined && p(m);
          });

        assert.deepStrictEqual(await store.find({}), all);
        assert.equal(await store.count({}), N);
        assert.deepStrictEqual(await store.find({ attributes: [{ name: 'Name', op: 'eq', value: name('name-4321') }] }), ['key-04321']);

        const filter: ObjectFilter = {
          owner: 'user-3',
          objectTypes: [ObjectType.SymmetricKey],
          attributes: [{ name: 'Cryptographic Length', op: 'eq', value: v.int(Tag.CryptographicLength, 256) }],
        };
        const want = where((m) => m.owner === 'user-3' && m.type === ObjectType.SymmetricKey && m.length === 256);
        assert.ok(want.length > 50);
        assert.deepStrictEqual(await store.find(filter), want);
        assert.equal(await store.count(filter), want.length);

        const range: ObjectFilter = {
          attributes: [
            { name: 'Activation Date', op: 'ge', value: v.date(Tag.ActivationDate, 1_000_000_000n + 1000n * 60n) },
            { name: 'Activation Date', op: 'le', value: v.date(Tag.ActivationDate, 1_000_000_000n + 1999n * 60n) },
          ],
        };
        const inRange = where((m) => m.date >= 1_000_000_000n + 60_000n && m.date <= 1_000_000_000n + 1999n * 60n);
        assert.equal(inRange.length, 1000);
        assert.deepStrictEqual(await store.find(range), inRange);

        const paged: string[] = [];
        for (let offset = 0; ; offset += 128) {
          const page = await store.find({ ...range, offset, limit: 128 });
          paged.push(...page);
          if (page.length < 128) break;
        }
        assert.deepStrictEqual(paged, inRange);

        assert.deepStrictEqual(await store.find({ hasObject: false, owner: 'user-0' }), all.filter((uid, i) => i % 11 === 0 && i % 7 === 0));

        const secret: ObjectFilter = { attributes: [{ name: 'x-secret-level', op: 'ge', value: v.int(AV, 5) }] };
        const secretWant = where((m) => m.level !== undefined && m.level >= 5);
        assert.deepStrictEqual(await store.find(secret), secretWant);
        assert.equal(await store.count(secret), secretWant.length);
        assert.deepStrictEqual(await store.find({ ...secret, offset: 1, limit: 2 }), secretWant.slice(1, 3));
      });
    });
  });
}
