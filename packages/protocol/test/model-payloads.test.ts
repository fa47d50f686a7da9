/**
 * Round trip of every payload schema, request and response, in each version the operation
 * exists in (1.0, 1.2, 1.4, 2.0, 2.1, 3.0): a value with every field of that version set is
 * encoded, written to TTLV bytes, decoded and compared. The values are built from the schemas
 * themselves (introspection), so a field added to a schema is covered without editing this test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CredentialType,
  KeyFormatType,
  LinkType,
  NameType,
  OPERATION_DEFS,
  ObjectType,
  Tag,
  ItemType,
  decodeTtlv,
  definedIn,
  encodeTtlv,
  fieldAltFor,
  formatVersion,
  payloadCodecs,
  variantFor,
  withinBounds,
  type Attribute,
  type Attributes,
  type CodecContext,
  type Field,
  type Fields,
  type ProtocolVersion,
  type Schema,
  type StructSchema,
  type TtlvNode,
} from '../src/index.js';

const VERSIONS: ProtocolVersion[] = [
  { major: 1, minor: 0 },
  { major: 1, minor: 2 },
  { major: 1, minor: 4 },
  { major: 2, minor: 0 },
  { major: 2, minor: 1 },
  { major: 3, minor: 0 },
];

function sampleAttributes(v: ProtocolVersion, withTemplateNames: boolean): Attributes {
  const attribute: Attribute[] = [
    { name: 'Cryptographic Algorithm', value: 3 },
    { name: 'Cryptographic Length', value: 256 },
    { name: 'Name', value: v.major >= 3 ? 'key-1' : { nameValue: 'key-1', nameType: NameType.UninterpretedTextString } },
    { name: 'x-ID', value: 'TC' },
  ];
  if (v.major === 1) attribute.push({ name: 'Link', index: 1, value: { linkType: LinkType.PublicKeyLink, linkedObjectIdentifier: 'pub-1' } });
  else if (v.major === 2) attribute.push({ name: 'Link', value: { linkType: LinkType.PublicKeyLink, linkedObjectIdentifier: { placeholder: 1 } } });
  else attribute.push({ name: 'Next Link', value: 'next-1' });
  const out: Attributes = { attribute };
  if (withTemplateNames) out.name = [{ nameValue: 'template-1', nameType: NameType.UninterpretedTextString }];
  return out;
}

function sampleKeyBlock(): unknown {
  return {
    keyFormatType: KeyFormatType.TransparentSymmetricKey,
    keyValue: { keyMaterial: { key: Buffer.from([1, 2, 3, 4]) } },
    cryptographicAlgorithm: 3,
    cryptographicLength: 32,
  };
}

/** A value for `schema` with every field defined in `v` set. */
function sample(schema: Schema<unknown>, v: ProtocolVersion): unknown {
  const s = variantFor(schema, v);
  switch (s.kind) {
    case 'integer':
      return 42;
    case 'mask':
      return 12;
    case 'longInteger':
      return 7n;
    case 'bigInteger':
      return 65537n;
    case 'enumeration': {
      const values = [...((s as unknown as { enumValues: ReadonlySet<number> }).enumValues)];
      return values[0];
    }
    case 'boolean':
      return true;
    case 'text':
      return 'text';
    case 'bytes':
      return Buffer.from([0xca, 0xfe]);
    case 'dateTime':
      return 1_700_000_000n;
    case 'dateTimeExtended':
      return 1_700_000_000_000_000n;
    case 'interval':
      return 3600;
    case 'objectRef':
      return v.major === 2 ? { placeholder: 1 } : 'uid-1';
    case 'responseUid':
      return 'uid-1';
    case 'raw':
      return { tag: s.tag, type: ItemType.Structure, value: [{ tag: 0x540001, type: ItemType.TextString, value: 'na' }] } satisfies TtlvNode;
    case 'generic':
      return 5;
    case 'booleanOrEnumeration':
      return true;
    case 'templateAttribute':
      return sampleAttributes(v, true);
    case 'attributes':
      return sampleAttributes(v, false);
    case 'attribute':
      return { name: 'x-Purpose', value: 'test' };
    case 'attributeWrapper':
      return { name: 'Cryptographic Length', value: 128 };
    case 'attributeReference':
      return 'Cryptographic Algorithm';
    case 'keyBlock':
      return sampleKeyBlock();
    case 'managedObject':
      return { objectType: ObjectType.SymmetricKey, keyBlock: sampleKeyBlock() };
    case 'credential':
      return { credentialType: CredentialType.UsernameAndPassword, credentialValue: { username: 'u', password: 'p' } };
    case 'struct':
      return sampleStruct(s as StructSchema<Fields>, v);
    default:
      throw new Error(`no sample for schema kind ${s.kind} (tag ${s.tag.toString(16)})`);
  }
}

function sampleStruct(s: StructSchema<Fields>, v: ProtocolVersion): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(s.fields) as [string, Field<unknown>][]) {
    if (!withinBounds(field.bounds, v)) continue;
    const alt = fieldAltFor(field, v);
    if (alt === undefined) continue;
    if (field.alts.some((a) => a.schema.kind === 'attributes')) {
      out[key] = sampleAttributes(v, false); // 1.x Attribute* / 2.x Attributes
    } else if (alt.multi) {
      out[key] = [sample(alt.schema, v), sample(alt.schema, v)];
    } else {
      out[key] = sample(alt.schema, v);
    }
  }
  return out;
}

test('every payload schema round-trips a full value in each version of its operation', () => {
  let cases = 0;
  const failures: string[] = [];
  for (const op of OPERATION_DEFS) {
    const codecs = payloadCodecs(op.value);
    for (const side of ['request', 'response'] as const) {
      const schema = codecs?.[side];
      if (schema === undefined) continue;
      for (const v of VERSIONS) {
        if (!definedIn(op, v)) continue;
        const ctx: CodecContext = { version: v };
        const label = `${op.name} ${side} @${formatVersion(v)}`;
        try {
          const value = sample(schema, v);
          const bytes = encodeTtlv(schema.encode(value, ctx));
          const back = schema.decode(decodeTtlv(bytes), ctx);
          assert.deepEqual(back, value);
          assert.deepEqual(encodeTtlv(schema.encode(back, ctx)), bytes);
          cases++;
        } catch (err) {
          failures.push(`${label}: ${(err as Error).message.split('\n').slice(0, 6).join(' ')}`);
        }
      }
    }
  }
  for (const f of failures) console.log(f);
  assert.deepEqual(failures, []);
  assert.ok(cases > 200, `${cases} cases`);
});

test('the object of Register/Get is discriminated by objectType and keyed by its tag', () => {
  const get = payloadCodecs(0x0a)?.response as Schema<Record<string, unknown>>;
  const ctx: CodecContext = { version: { major: 1, minor: 4 } };
  const value = {
    objectType: ObjectType.Certificate,
    uniqueIdentifier: 'c1',
    object: { objectType: ObjectType.Certificate, certificateType: 1, certificateValue: Buffer.from([0x30]) },
  };
  const node = get.encode(value, ctx);
  assert.ok(node.type === ItemType.Structure);
  assert.equal(node.value[2]?.tag, Tag.Certificate);
  assert.deepEqual(get.decode(node, ctx), value);
});
