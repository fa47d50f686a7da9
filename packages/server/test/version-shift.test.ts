/**
 * What the version-shifted OASIS replay (conformance-version-shift.test.ts) found, pinned down
 * through the executor: an enumeration value inside an attribute value exists only from the
 * version that introduced it. A 1.3 request may not set a Link of type PKCS#12 Certificate Link
 * (a 1.4 value: Invalid Field in 1.x, Invalid Attribute Value in 2.x for a retired value), and a
 * 1.3 client never sees one that a 1.4 client set. Also: a 2.0 request is answered in 2.0, and
 * every enumeration value has versions (the PKCS#11 values had none, which made `definedIn` throw).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { definedIn, ENUM_DEFS, enumForTag, LinkType, MASK_DEFS, Operation, ResultReason, ResultStatus, Tag, type Attribute, type AttributeValue } from '@keyhold/protocol';
import { aesKeyRequest, assertReason, attr, InProcessKmip, item, V1_3, V1_4, V2_0 } from './helpers/kmip.js';

const link = (linkType: number, target: string): Attribute => attr('Link', { linkType, linkedObjectIdentifier: target } as AttributeValue);

test('Add Attribute of a 1.4 Link Type in 1.3: Invalid Field; in 1.4 it is added', async () => {
  const kmip = new InProcessKmip();
  const uid = await kmip.createKey(V1_3);
  const f = await kmip.fail(V1_3, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: link(LinkType.PKCS_12CertificateLink, 'c1') });
  assertReason(f, ResultReason.InvalidField);
  assert.match(f.message, /PKCS#12 Certificate Link.*KMIP 1\.3/);
  assert.deepEqual(await kmip.stored(uid, 'Link'), []);
  const ok = await kmip.ok(V1_4, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: link(LinkType.PKCS_12CertificateLink, 'c1') });
  assert.deepEqual(ok.attribute, link(LinkType.PKCS_12CertificateLink, 'c1'));
  // Links of 1.0 types stay fine in 1.3.
  await kmip.ok(V1_3, Operation.AddAttribute, { uniqueIdentifier: uid, newAttribute: link(LinkType.CertificateLink, 'c2') });
});

test('Create with a 1.4 Link Type in 1.3: Invalid Field', async () => {
  const kmip = new InProcessKmip();
  const f = await kmip.fail(V1_3, Operation.Create, aesKeyRequest([link(LinkType.PKCS_12PasswordLink, 'p1')]));
  assertReason(f, ResultReason.InvalidField);
  await kmip.ok(V1_4, Operation.Create, aesKeyRequest([link(LinkType.PKCS_12PasswordLink, 'p1')]));
});

test('Get Attributes in 1.3 leaves out a Link whose type 1.3 does not define', async () => {
  const kmip = new InProcessKmip();
  const uid = await kmip.createKey(V1_4, [link(LinkType.PKCS_12CertificateLink, 'c1'), link(LinkType.CertificateLink, 'c2')]);
  const links = async (v: typeof V1_3): Promise<unknown[]> =>
    ((await kmip.ok(v, Operation.GetAttributes, { uniqueIdentifier: uid, attributeReference: ['Link'] })).attributes?.attribute ?? []).map((a) => a.value);
  assert.deepEqual(await links(V1_4), [
    { linkType: LinkType.PKCS_12CertificateLink, linkedObjectIdentifier: 'c1' },
    { linkType: LinkType.CertificateLink, linkedObjectIdentifier: 'c2' },
  ]);
  assert.deepEqual(await links(V1_3), [{ linkType: LinkType.CertificateLink, linkedObjectIdentifier: 'c2' }]);
});

test('a 2.0 request is answered in 2.0, and 2.1 operations are Operation Not Supported there', async () => {
  const kmip = new InProcessKmip();
  const res = await kmip.send(V2_0, [item(Operation.Create, aesKeyRequest()), item(Operation.Ping, {})]);
  assert.deepEqual(res.responseHeader.protocolVersion, { protocolVersionMajor: 2, protocolVersionMinor: 0 });
  assert.equal(res.batchItem[0]?.resultStatus, ResultStatus.Success);
  assert.equal(res.batchItem[1]?.resultReason, ResultReason.OperationNotSupported);
});

test('every enumeration value and mask bit has versions (the PKCS#11 values take their enumeration’s, 2.0)', () => {
  for (const e of ENUM_DEFS) for (const v of e.values) assert.doesNotThrow(() => definedIn(v, V2_0), `${e.name} ${v.name}`);
  for (const m of MASK_DEFS) for (const b of m.bits) assert.doesNotThrow(() => definedIn(b, V2_0), `${m.name} ${b.name}`);
  const initialize = enumForTag(Tag.PKCS_11Function)?.byValue.get(1);
  assert.ok(initialize !== undefined);
  assert.equal(definedIn(initialize, V2_0), true);
  assert.equal(definedIn(initialize, V1_4), false);
});
