/**
 * The generated registry tables: complete, consistent, and named by the profiles' rule.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  ATTRIBUTE_DEFS,
  definedIn,
  ENUM_DEFS,
  enumForTag,
  inRange,
  KNOWN_VERSIONS,
  MASK_DEFS,
  maskForTag,
  ObjectType,
  Operation,
  OPERATION_DEFS,
  parseVersion,
  Tag,
  TAG_DEFS,
  tagByXmlName,
  tagDef,
  tagForAttributeName,
  CryptographicUsageMask,
} from '../src/index.js';

/** The KMIP Profiles' name normalisation (XML §5.4.1.1 / JSON §5.5.1.1), written independently. */
function normalise(name: string): string {
  let s = name.replace(/[()]/g, ' ');
  s = s.replace(/[^A-Za-z0-9_ ](?=[A-Za-z][a-z])/g, ' ');
  s = s.replace(/[^A-Za-z0-9_ ]/g, '_');
  const words = s.split(' ').filter((w) => w !== '');
  if (words.length > 0) {
    const m = /^([0-9]+)(.*)$/.exec(words[0] as string);
    if (m) words[0] = `${m[2]}${m[1]}`;
  }
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

const versionNames = KNOWN_VERSIONS.map((v) => `${v.major}.${v.minor}`);

describe('registry tables', () => {
  test('tags: unique values and names, all in the KMIP range, normalised names', () => {
    assert.ok(TAG_DEFS.length > 400);
    const values = new Set<number>();
    const names = new Set<string>();
    for (const t of TAG_DEFS) {
      assert.ok(!values.has(t.tag), `duplicate tag 0x${t.tag.toString(16)}`);
      assert.ok(!names.has(t.xmlName), `duplicate name ${t.xmlName}`);
      values.add(t.tag);
      names.add(t.xmlName);
      assert.ok(t.tag >= 0x420001 && t.tag <= 0x42ffff, `${t.name} outside 0x42xxxx`);
      assert.equal(t.xmlName, normalise(t.name), `${t.name}`);
      assert.ok(versionNames.includes(t.since), `${t.name} since ${t.since}`);
      if (t.until) assert.ok(versionNames.includes(t.until), `${t.name} until ${t.until}`);
    }
  });

  test('the normalisation examples of the profiles', () => {
    const cases: Record<string, string> = {
      'Unique Identifier': 'UniqueIdentifier',
      'PKCS#12 Friendly Name': 'PKCS_12FriendlyName',
      '3DES': 'DES3',
      'SHA-256': 'SHA_256',
      'X.509': 'X_509',
      'IV/Counter/Nonce': 'IVCounterNonce',
      'Re-key Key Pair': 'ReKeyKeyPair',
      'Polynomial Sharing GF (2^8)': 'PolynomialSharingGF2_8',
      'SHA-256 with RSA Encryption': 'SHA_256WithRSAEncryption',
    };
    for (const [spec, xml] of Object.entries(cases)) assert.equal(normalise(spec), xml);
  });

  test('enumerations: values unique, names normalised, carried by real Enumeration tags', () => {
    for (const e of ENUM_DEFS) {
      const seen = new Set<number>();
      for (const v of e.values) {
        assert.ok(!seen.has(v.value), `${e.name}: duplicate value ${v.value}`);
        seen.add(v.value);
        if (!e.name.startsWith('PKCS#11')) assert.equal(v.xmlName, normalise(v.name), `${e.name}: ${v.name}`);
      }
      for (const tagName of e.tags) {
        const def = TAG_DEFS.find((t) => t.name === tagName);
        assert.ok(def, `${e.name}: tag ${tagName} unknown`);
        // Data (a Byte String) also takes the 2.x Data enumeration in its place (spec 2.1 §7.9).
        const multi = def.typeByVersion !== undefined || def.alternatives?.includes('Enumeration') === true || tagName === 'Data';
        assert.ok(['Enumeration', 'Varies'].includes(def.type) || multi, `${tagName} is ${def.type}`);
        assert.ok(enumForTag(def.tag), `no enumeration for ${tagName}`);
      }
    }
  });

  test('masks are carried by Integer tags', () => {
    for (const m of MASK_DEFS) {
      for (const tagName of m.tags) {
        const def = TAG_DEFS.find((t) => t.name === tagName);
        assert.equal(def?.type, 'Integer', tagName);
        assert.equal(maskForTag(def.tag)?.name, m.name);
      }
    }
    assert.equal(CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt, 0x0c);
  });

  test('operations: every Operation value has a definition with payload fields', () => {
    assert.equal(OPERATION_DEFS.length, Object.keys(Operation).length);
    for (const op of OPERATION_DEFS) {
      assert.equal(Operation[op.xmlName as keyof typeof Operation], op.value, op.name);
      for (const fields of [...Object.values(op.request), ...Object.values(op.response)]) {
        for (const f of fields) assert.ok(tagDef(f.tag), `${op.name}: field tag 0x${f.tag.toString(16)} unknown`);
      }
    }
  });

  test('attributes resolve by 1.x name to their tags', () => {
    assert.equal(tagForAttributeName('Cryptographic Usage Mask'), Tag.CryptographicUsageMask);
    assert.equal(tagForAttributeName('Object Type'), Tag.ObjectType);
    assert.equal(tagForAttributeName('x-custom'), undefined);
    for (const a of ATTRIBUTE_DEFS) if (a.tag !== null) assert.ok(tagDef(a.tag), a.name);
  });

  test('lookups: names, 2.x Attribute Reference (the Tag enumeration), Unique Identifier enumeration', () => {
    assert.equal(tagByXmlName('UniqueIdentifier')?.tag, 0x420094);
    assert.equal(enumForTag(Tag.ObjectType)?.byName.get('SymmetricKey')?.value, ObjectType.SymmetricKey);
    assert.equal(enumForTag(Tag.AttributeReference)?.byName.get('CryptographicAlgorithm')?.value, Tag.CryptographicAlgorithm);
    assert.equal(enumForTag(Tag.UniqueIdentifier)?.byName.get('IDPlaceholder')?.value, 1);
  });

  test('version ranges', () => {
    const v14 = parseVersion('1.4');
    const v20 = parseVersion('2.0');
    assert.ok(definedIn({ since: '1.0', until: '1.4' }, v14));
    assert.ok(!definedIn({ since: '1.0', until: '1.4' }, v20));
    assert.ok(inRange('1.0-1.4', v14));
    assert.ok(!inRange('2.0-2.1', v14));
    assert.ok(inRange('3.0-draft', parseVersion('3.0')));
    // Template objects were removed in 2.0; Certificate Request objects arrived then.
    const objectTypes = ENUM_DEFS.find((e) => e.name === 'Object Type');
    const template = objectTypes?.values.find((v) => v.xmlName === 'Template');
    assert.ok(template && definedIn(template, v14) && !definedIn(template, v20));
  });
});
