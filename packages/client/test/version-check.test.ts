/**
 * Outgoing requests carry only what their protocol version defines (src/version-check.ts): an
 * attribute, tag, enumeration value or mask bit of another version is refused with
 * KMIP_CLIENT_VERSION_MISMATCH before the message is sent; the same request in a version that
 * defines it goes out.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  attribute,
  CryptographicAlgorithm,
  CryptographicUsageMask,
  encodeRequestMessage,
  ItemType,
  ObjectType,
  Operation,
  requestBatchItem,
  Tag,
  type Attribute,
  type ProtocolVersion,
  type RequestBatchItem,
  type TtlvNode,
} from '@keyhold/protocol';
import { batchItem, KmipClient, KmipClientError } from '../src/index.js';
import { findVersionViolation, versionViolationMessage } from '../src/version-check.js';
import { connectOptions, spawnServer, type SpawnedServer } from './helpers/server.js';

const V10: ProtocolVersion = { major: 1, minor: 0 };
const V13: ProtocolVersion = { major: 1, minor: 3 };
const V14: ProtocolVersion = { major: 1, minor: 4 };
const V20: ProtocolVersion = { major: 2, minor: 0 };
const V21: ProtocolVersion = { major: 2, minor: 1 };

const policy = (): Attribute => ({ name: 'Operation Policy Name', value: 'default' });

function aesAttrs(extra: Attribute[] = [], mask: number = CryptographicUsageMask.Encrypt, alg: number = CryptographicAlgorithm.AES): Attribute[] {
  return [attribute('Cryptographic Algorithm', alg as CryptographicAlgorithm), attribute('Cryptographic Length', 256), attribute('Cryptographic Usage Mask', mask), ...extra];
}

function message(version: ProtocolVersion, items: RequestBatchItem[]): TtlvNode {
  return encodeRequestMessage({ requestHeader: { protocolVersion: { protocolVersionMajor: version.major, protocolVersionMinor: version.minor } }, batchItem: items }, { version });
}

function createMessage(version: ProtocolVersion, attrs: Attribute[]): TtlvNode {
  return message(version, [requestBatchItem(Operation.Create, { objectType: ObjectType.SymmetricKey, attributes: { attribute: attrs } })]);
}

const violation = (version: ProtocolVersion, node: TtlvNode): string | undefined => {
  const v = findVersionViolation(node, version);
  return v === undefined ? undefined : versionViolationMessage(v, version);
};

test('Operation Policy Name (KMIP 1.0–1.4) is refused in a 2.0 and 2.1 Create, accepted in 1.0 and 1.4', () => {
  for (const v of [V20, V21]) {
    assert.equal(
      violation(v, createMessage(v, aesAttrs([policy()]))),
      `the request carries attribute Operation Policy Name, which KMIP ${v.major}.${v.minor} does not define (defined in KMIP 1.0 to 1.4); it was not sent`,
    );
  }
  for (const v of [V10, V14]) assert.equal(violation(v, createMessage(v, aesAttrs([policy()]))), undefined);
  for (const v of [V10, V14, V20, V21]) assert.equal(violation(v, createMessage(v, aesAttrs())), undefined);
});

test('an attribute newer than the version is refused by its 1.x Attribute Name (Create, Get Attributes)', () => {
  const quantumSafe = attribute('Quantum Safe', true);
  assert.match(violation(V14, createMessage(V14, aesAttrs([quantumSafe]))) ?? '', /attribute Quantum Safe, which KMIP 1\.4 does not define \(defined in KMIP 2\.0 and later\)/);
  assert.equal(violation(V20, createMessage(V20, aesAttrs([quantumSafe]))), undefined);
  assert.match(violation(V13, createMessage(V13, aesAttrs([attribute('Sensitive', true)]))) ?? '', /attribute Sensitive, which KMIP 1\.3 does not define \(defined in KMIP 1\.4 and later\)/);
  const get = (v: ProtocolVersion, names: string[]): TtlvNode => message(v, [requestBatchItem(Operation.GetAttributes, { uniqueIdentifier: 'k', attributeReference: names })]);
  assert.match(violation(V14, get(V14, ['State', 'Quantum Safe'])) ?? '', /attribute Quantum Safe/);
  assert.match(violation(V21, get(V21, ['State', 'Operation Policy Name'])) ?? '', /Operation Policy Name.*KMIP 2\.1 does not define/);
  assert.equal(violation(V14, get(V14, ['State', 'Operation Policy Name'])), undefined);
  // Custom attributes have no version.
  assert.equal(violation(V10, createMessage(V10, aesAttrs([{ name: 'x-purpose', value: 'test' }]))), undefined);
});

test('an enumeration value newer than the version is refused, in 2.x Attributes and in a 1.x Attribute Value', () => {
  assert.equal(violation(V20, createMessage(V20, aesAttrs([], CryptographicUsageMask.Encrypt, CryptographicAlgorithm.ARIA))), undefined);
  assert.match(violation(V14, createMessage(V14, aesAttrs([], CryptographicUsageMask.Encrypt, CryptographicAlgorithm.ARIA))) ?? '', /Cryptographic Algorithm value ARIA, which KMIP 1\.4 does not define \(defined in KMIP 2\.0 and later\)/);
  assert.match(violation(V13, createMessage(V13, aesAttrs([], CryptographicUsageMask.Encrypt, CryptographicAlgorithm.ChaCha20))) ?? '', /value ChaCha20, which KMIP 1\.3/);
  assert.equal(violation(V14, createMessage(V14, aesAttrs([], CryptographicUsageMask.Encrypt, CryptographicAlgorithm.ChaCha20))), undefined);
});

test('an operation newer than the version is refused (Set Attribute in 1.4)', () => {
  const set = (v: ProtocolVersion): TtlvNode => message(v, [requestBatchItem(Operation.SetAttribute, { uniqueIdentifier: 'k', newAttribute: attribute('Object Group', 'g') })]);
  assert.match(violation(V14, set(V14)) ?? '', /Operation value Set Attribute, which KMIP 1\.4 does not define/);
  assert.equal(violation(V20, set(V20)), undefined);
});

test('a mask bit the version does not define is refused (Authenticate before 2.0, Export after 1.4)', () => {
  assert.match(violation(V14, createMessage(V14, aesAttrs([], CryptographicUsageMask.Authenticate))) ?? '', /Cryptographic Usage Mask bit Authenticate, which KMIP 1\.4/);
  assert.equal(violation(V20, createMessage(V20, aesAttrs([], CryptographicUsageMask.Authenticate))), undefined);
  assert.match(violation(V21, createMessage(V21, aesAttrs([], CryptographicUsageMask.Export))) ?? '', /bit Export, which KMIP 2\.1 does not define \(defined in KMIP 1\.0 to 1\.4\)/);
  assert.equal(violation(V14, createMessage(V14, aesAttrs([], CryptographicUsageMask.Export))), undefined);
});

test('unknown (vendor extension) tags and enumeration values pass', () => {
  const vendor: TtlvNode = { tag: 0x540001, type: ItemType.Structure, value: [{ tag: 0x540002, type: ItemType.Enumeration, value: 0x80000001 }] };
  assert.equal(findVersionViolation(vendor, V10), undefined);
  const unknownValue: TtlvNode = { tag: Tag.CryptographicAlgorithm, type: ItemType.Enumeration, value: 0x80000001 };
  assert.equal(findVersionViolation(unknownValue, V10), undefined);
});

let server: SpawnedServer;
before(async () => {
  server = await spawnServer();
});
after(async () => server?.stop());

test('a 2.0 client refuses a Create with Operation Policy Name before sending it; the connection stays usable', async () => {
  const sent: TtlvNode[] = [];
  const c = await KmipClient.connect({ ...connectOptions(server), version: V20, onMessage: (dir, m) => (dir === 'request' ? sent.push(m) : undefined) });
  try {
    await assert.rejects(c.create({ objectType: ObjectType.SymmetricKey, attributes: { attribute: aesAttrs([policy()]) } }), (err: unknown) => {
      assert.ok(err instanceof KmipClientError);
      assert.equal(err.code, 'KMIP_CLIENT_VERSION_MISMATCH');
      assert.match(err.message, /Operation Policy Name.*KMIP 2\.0/);
      return true;
    });
    // A batch is checked as a whole: nothing of it is sent.
    await assert.rejects(
      c.batch([batchItem(Operation.Create, { objectType: ObjectType.SymmetricKey, attributes: { attribute: aesAttrs() } }), batchItem(Operation.GetAttributes, { attributeReference: ['Operation Policy Name'] })]),
      (err: unknown) => err instanceof KmipClientError && err.code === 'KMIP_CLIENT_VERSION_MISMATCH',
    );
    assert.equal(sent.length, 0);
    const created = await c.create({ objectType: ObjectType.SymmetricKey, attributes: { attribute: aesAttrs() } });
    assert.equal(typeof created.uniqueIdentifier, 'string');
    assert.equal(sent.length, 1);
  } finally {
    await c.close();
  }
});

test('a 1.4 client sends Operation Policy Name (1.4 defines it)', async () => {
  const c = await KmipClient.connect({ ...connectOptions(server), version: V14 });
  try {
    const created = await c.create({ objectType: ObjectType.SymmetricKey, attributes: { attribute: aesAttrs([policy()]) } });
    assert.equal(typeof created.uniqueIdentifier, 'string');
  } finally {
    await c.close();
  }
});
