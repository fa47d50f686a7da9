/**
 * The canonical attribute model: 1.x Template-Attribute / Attribute{Name, Index, Value} and 2.x
 * Attributes / vendor Attribute / Attribute Reference convert to one form and back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttributeReference,
  AttributeStructure,
  CreateRequest,
  CryptographicAlgorithm,
  CryptographicUsageMask,
  DeleteAttributeRequest,
  GetAttributeListResponse,
  GetAttributesRequest,
  GetAttributesResponse,
  ItemType,
  LinkType,
  NameType,
  ObjectType,
  ResultReason,
  Tag,
  ATTRIBUTE_DEFS,
  attribute,
  attributeNameForTag,
  attributeNameToReference,
  attributeTagForName,
  attributeValueSchema,
  attributeReferenceToName,
  attributeValue,
  attributesFromTtlv,
  attributesToTtlv,
  findAttribute,
  isKmipError,
  type Attributes,
  type CodecContext,
  type CreateRequest as CreateRequestType,
  type TtlvNode,
} from '../src/index.js';

const V14: CodecContext = { version: { major: 1, minor: 4 } };
const V21: CodecContext = { version: { major: 2, minor: 1 } };
const V30: CodecContext = { version: { major: 3, minor: 0 } };

const st = (tag: number, value: TtlvNode[]): TtlvNode => ({ tag, type: ItemType.Structure, value });
const txt = (tag: number, value: string): TtlvNode => ({ tag, type: ItemType.TextString, value });
const int = (tag: number, value: number): TtlvNode => ({ tag, type: ItemType.Integer, value });
const enm = (tag: number, value: number): TtlvNode => ({ tag, type: ItemType.Enumeration, value });
const attr1x = (name: string, value: TtlvNode, index?: number): TtlvNode =>
  st(Tag.Attribute, [txt(Tag.AttributeName, name), ...(index === undefined ? [] : [int(Tag.AttributeIndex, index)]), { ...value, tag: Tag.AttributeValue } as TtlvNode]);

const USAGE = CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt;

/** A 1.x Create request payload as a tree. */
const create1x = st(Tag.RequestPayload, [
  enm(Tag.ObjectType, ObjectType.SymmetricKey),
  st(Tag.TemplateAttribute, [
    attr1x('Cryptographic Algorithm', enm(0, CryptographicAlgorithm.AES)),
    attr1x('Cryptographic Length', int(0, 256)),
    attr1x('Cryptographic Usage Mask', int(0, USAGE)),
    attr1x('Name', st(0, [txt(Tag.NameValue, 'key-1'), enm(Tag.NameType, NameType.UninterpretedTextString)])),
    attr1x('x-ID', txt(0, 'TC-1')),
  ]),
]);

/** The same request in 2.x form. */
const create2x = st(Tag.RequestPayload, [
  enm(Tag.ObjectType, ObjectType.SymmetricKey),
  st(Tag.Attributes, [
    enm(Tag.CryptographicAlgorithm, CryptographicAlgorithm.AES),
    int(Tag.CryptographicLength, 256),
    int(Tag.CryptographicUsageMask, USAGE),
    st(Tag.Name, [txt(Tag.NameValue, 'key-1'), enm(Tag.NameType, NameType.UninterpretedTextString)]),
    st(Tag.Attribute, [txt(Tag.VendorIdentification, 'x'), txt(Tag.AttributeName, 'ID'), txt(Tag.AttributeValue, 'TC-1')]),
  ]),
]);

const canonical: CreateRequestType = {
  objectType: ObjectType.SymmetricKey,
  attributes: {
    attribute: [
      attribute('Cryptographic Algorithm', CryptographicAlgorithm.AES),
      attribute('Cryptographic Length', 256),
      attribute('Cryptographic Usage Mask', USAGE),
      attribute('Name', { nameValue: 'key-1', nameType: NameType.UninterpretedTextString }),
      { name: 'x-ID', value: 'TC-1' },
    ],
  },
};

test('1.x Template-Attribute and 2.x Attributes decode to the same canonical attributes', () => {
  assert.deepEqual(CreateRequest.decode(create1x, V14), canonical);
  assert.deepEqual(CreateRequest.decode(create2x, V21), canonical);
});

test('canonical attributes encode to the 1.x form for 1.x and the 2.x form for 2.x (both ways)', () => {
  assert.deepEqual(CreateRequest.encode(canonical, V14), create1x);
  assert.deepEqual(CreateRequest.encode(canonical, V21), create2x);
  // 1.x -> 2.x and 2.x -> 1.x through the model.
  assert.deepEqual(CreateRequest.encode(CreateRequest.decode(create1x, V14), V21), create2x);
  assert.deepEqual(CreateRequest.encode(CreateRequest.decode(create2x, V21), V14), create1x);
});

test('Attribute Index: kept in 1.x, dropped in 2.x; template names kept in 1.x only', () => {
  const link = attr1x('Link', st(0, [enm(Tag.LinkType, LinkType.PublicKeyLink), txt(Tag.LinkedObjectIdentifier, 'pub-1')]), 1);
  const ta = st(Tag.TemplateAttribute, [st(Tag.Name, [txt(Tag.NameValue, 'tmpl'), enm(Tag.NameType, NameType.UninterpretedTextString)]), link]);
  const attrs = attributesFromTtlv(ta, V14);
  assert.deepEqual(attrs, {
    name: [{ nameValue: 'tmpl', nameType: NameType.UninterpretedTextString }],
    attribute: [{ name: 'Link', index: 1, value: { linkType: LinkType.PublicKeyLink, linkedObjectIdentifier: 'pub-1' } }],
  });
  assert.deepEqual(attributesToTtlv(attrs, V14), ta);
  assert.deepEqual(
    attributesToTtlv(attrs, V21),
    st(Tag.Attributes, [st(Tag.Link, [enm(Tag.LinkType, LinkType.PublicKeyLink), txt(Tag.LinkedObjectIdentifier, 'pub-1')])]),
  );
});

test('1.x Attribute Values are typed by the Attribute Name; a wrong type is Invalid Field', () => {
  const a = AttributeStructure.decode(attr1x('Activation Date', { tag: 0, type: ItemType.DateTime, value: 1_700_000_000n }), V14);
  assert.deepEqual(a, { name: 'Activation Date', value: 1_700_000_000n });
  try {
    AttributeStructure.decode(attr1x('Cryptographic Length', txt(0, '256')), V14);
    assert.fail('expected an error');
  } catch (err) {
    assert.ok(isKmipError(err));
    assert.equal(err.reason, ResultReason.InvalidField);
    assert.match(err.message, /AttributeValue/);
  }
  // Custom attributes keep any item type: Text/Integer/Long/Boolean/Bytes as values, others as trees.
  const dt: TtlvNode = { tag: Tag.AttributeValue, type: ItemType.DateTime, value: 5n };
  assert.deepEqual(AttributeStructure.decode(attr1x('x-when', dt), V14), { name: 'x-when', value: dt });
  assert.deepEqual(AttributeStructure.encode({ name: 'x-when', value: dt }, V14), attr1x('x-when', dt));
  assert.deepEqual(AttributeStructure.decode(attr1x('x-n', int(0, 3)), V14), { name: 'x-n', value: 3 });
});

test('custom attributes: 1.x "x-ID" is 2.x vendor x / "ID"; a vendor with "-" keeps vendorIdentification', () => {
  const vendor = st(Tag.Attribute, [txt(Tag.VendorIdentification, 'acme-corp'), txt(Tag.AttributeName, 'Color'), txt(Tag.AttributeValue, 'blue')]);
  const a = AttributeStructure.decode(vendor, V21);
  assert.deepEqual(a, { name: 'acme-corp-Color', vendorIdentification: 'acme-corp', value: 'blue' });
  assert.deepEqual(AttributeStructure.encode(a, V21), vendor);
  // The same attribute sent to a 1.x peer is a custom attribute named by the full name.
  assert.deepEqual(AttributeStructure.encode(a, V14), attr1x('acme-corp-Color', txt(0, 'blue')));
  assert.deepEqual(AttributeStructure.encode({ name: 'y-Tier', value: 2 }, V21), st(Tag.Attribute, [txt(Tag.VendorIdentification, 'y'), txt(Tag.AttributeName, 'Tier'), int(Tag.AttributeValue, 2)]));
});

test('Attribute Reference <-> attribute name; 1.x Attribute Name <-> 2.x Attribute Reference', () => {
  assert.equal(attributeReferenceToName(enm(Tag.AttributeReference, Tag.CryptographicAlgorithm)), 'Cryptographic Algorithm');
  assert.equal(attributeReferenceToName(st(Tag.AttributeReference, [txt(Tag.VendorIdentification, 'x'), txt(Tag.AttributeName, 'ID')])), 'x-ID');
  assert.deepEqual(attributeNameToReference('State'), enm(Tag.AttributeReference, Tag.State));
  assert.deepEqual(attributeNameToReference('x-ID'), st(Tag.AttributeReference, [txt(Tag.VendorIdentification, 'x'), txt(Tag.AttributeName, 'ID')]));
  assert.deepEqual(AttributeReference.decode(enm(Tag.AttributeReference, Tag.Name), V21), 'Name');

  const req1x = st(Tag.RequestPayload, [txt(Tag.UniqueIdentifier, 'k'), txt(Tag.AttributeName, 'State'), txt(Tag.AttributeName, 'x-ID')]);
  const req2x = st(Tag.RequestPayload, [
    txt(Tag.UniqueIdentifier, 'k'),
    enm(Tag.AttributeReference, Tag.State),
    st(Tag.AttributeReference, [txt(Tag.VendorIdentification, 'x'), txt(Tag.AttributeName, 'ID')]),
  ]);
  const decoded = GetAttributesRequest.decode(req1x, V14);
  assert.deepEqual(decoded, { uniqueIdentifier: 'k', attributeReference: ['State', 'x-ID'] });
  assert.deepEqual(GetAttributesRequest.encode(decoded, V21), req2x);
  assert.deepEqual(GetAttributesRequest.decode(req2x, V21), decoded);
  // Get Attribute List response and Delete Attribute request likewise.
  const list = { uniqueIdentifier: 'k', attributeReference: ['Cryptographic Length'] };
  assert.deepEqual(GetAttributeListResponse.decode(GetAttributeListResponse.encode(list, V21), V21), list);
  const del14 = DeleteAttributeRequest.encode({ uniqueIdentifier: 'k', attributeReference: 'Name', attributeIndex: 1 }, V14);
  assert.deepEqual(del14, st(Tag.RequestPayload, [txt(Tag.UniqueIdentifier, 'k'), txt(Tag.AttributeName, 'Name'), int(Tag.AttributeIndex, 1)]));
  const del21 = DeleteAttributeRequest.encode({ uniqueIdentifier: 'k', attributeReference: 'Name', attributeIndex: 1 }, V21);
  assert.deepEqual(del21, st(Tag.RequestPayload, [txt(Tag.UniqueIdentifier, 'k'), enm(Tag.AttributeReference, Tag.Name)]));
});

test('1.x Attribute* in a payload and 2.x Attributes are one `attributes` property (Get Attributes response)', () => {
  const resp1x = st(Tag.ResponsePayload, [txt(Tag.UniqueIdentifier, 'k'), attr1x('State', enm(0, 1)), attr1x('x-ID', txt(0, 'a'))]);
  const resp2x = st(Tag.ResponsePayload, [
    txt(Tag.UniqueIdentifier, 'k'),
    st(Tag.Attributes, [enm(Tag.State, 1), st(Tag.Attribute, [txt(Tag.VendorIdentification, 'x'), txt(Tag.AttributeName, 'ID'), txt(Tag.AttributeValue, 'a')])]),
  ]);
  const expected = { uniqueIdentifier: 'k', attributes: { attribute: [{ name: 'State', value: 1 }, { name: 'x-ID', value: 'a' }] } };
  assert.deepEqual(GetAttributesResponse.decode(resp1x, V14), expected);
  assert.deepEqual(GetAttributesResponse.decode(resp2x, V21), expected);
  assert.deepEqual(GetAttributesResponse.encode(expected, V14), resp1x);
  assert.deepEqual(GetAttributesResponse.encode(expected, V21), resp2x);
});

test('3.0: Name is a Text String, links are their own tags with Reference items', () => {
  const attrs3 = st(Tag.Attributes, [txt(Tag.Name, 'user-1'), { tag: Tag.CredentialLink, type: ItemType.Reference, value: 'cred-1' }]);
  const decoded: Attributes = attributesFromTtlv(attrs3, V30);
  assert.deepEqual(decoded, { attribute: [{ name: 'Name', value: 'user-1' }, { name: 'Credential Link', value: 'cred-1' }] });
  assert.deepEqual(attributesToTtlv(decoded, V30), attrs3);
});

test('typed helpers: attribute(), findAttribute(), attributeValue()', () => {
  const attrs = canonical.attributes;
  const len: number | undefined = attributeValue(attrs, 'Cryptographic Length');
  assert.equal(len, 256);
  assert.equal(findAttribute(attrs, 'x-ID')?.value, 'TC-1');
  assert.equal(findAttribute(attrs, 'Name', 1), undefined);
  assert.deepEqual(attributeValue(attrs.attribute, 'Name'), { nameValue: 'key-1', nameType: NameType.UninterpretedTextString });
});

test('every standard attribute name maps to its 2.x tag and back', () => {
  const problems: string[] = [];
  for (const a of ATTRIBUTE_DEFS) {
    if (a.tag === null || a.tag === Tag.Attribute) continue;
    if (attributeNameForTag(a.tag) !== a.name) problems.push(`${a.name}: tag names ${attributeNameForTag(a.tag)}`);
    if (attributeTagForName(a.name) !== a.tag) problems.push(`${a.name}: name maps to ${attributeTagForName(a.name)}`);
    if (a.type !== 'Varies' && attributeValueSchema(a.name) === undefined) problems.push(`${a.name}: no value schema`);
  }
  assert.deepEqual(problems, []);
});
