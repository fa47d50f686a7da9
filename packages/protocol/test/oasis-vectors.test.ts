/**
 * The OASIS KMIP test cases as the codec's proof (issue: "the OASIS test cases as the codec's
 * proof"). Every request and response of every file, 1.0 to 3.0, is read from XML and must
 * survive XML -> TTLV -> XML and TTLV -> JSON -> TTLV with zero loss (byte-identical TTLV).
 * The MSGENC `*.steps.json` files give known answers: the exact TTLV bytes of each message, and
 * its JSON, which must equal ours as a value.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  decodeTtlv,
  encodeTtlv,
  fromJson,
  fromXml,
  parseXml,
  readXmlTestCase,
  toJson,
  toXml,
  ItemType,
  Tag,
  type TtlvNode,
  type XmlElement,
} from '../src/index.js';
import { placeholderHook, readVector, REPO_ROOT, VECTORS_DIR, vectorFiles } from './helpers/vectors.js';

interface SkipEntry {
  readonly path: string;
  readonly reason: string;
}
interface MsgencDefect {
  readonly path: string;
  readonly message: string;
  readonly time?: number;
  readonly defect: 'malformedJson' | 'xmlTimeStamp';
  readonly reason: string;
}
const skipList = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'vectors', 'skip-list.json'), 'utf8')) as {
  readonly codec: readonly SkipEntry[];
  readonly msgencDefects: readonly MsgencDefect[];
};
function defectOf(path: string, step: Step): MsgencDefect['defect'] | undefined {
  return skipList.msgencDefects.find((d) => d.path === path && d.message === step.message && (d.time === undefined || d.time === step.time))?.defect;
}

/** A copy of a message whose header Time Stamp is replaced by `other`'s. */
function withTimeStampOf(msg: TtlvNode, other: TtlvNode): TtlvNode {
  const header = (m: TtlvNode): TtlvNode[] => {
    if (m.type !== ItemType.Structure || m.value[0]?.type !== ItemType.Structure) throw new Error('not a message');
    return m.value[0].value;
  };
  const stamp = header(other).find((n) => n.tag === Tag.TimeStamp);
  assert.ok(stamp, 'no Time Stamp');
  const h = header(msg).map((n) => (n.tag === Tag.TimeStamp ? stamp : n));
  if (msg.type !== ItemType.Structure || msg.value[0]?.type !== ItemType.Structure) throw new Error('not a message');
  return { ...msg, value: [{ ...msg.value[0], value: h }, ...msg.value.slice(1)] };
}
const skipped = new Map(skipList.codec.map((s) => [s.path, s.reason]));

const files = vectorFiles();

describe('OASIS test cases round-trip through every encoding', () => {
  test('the manifest lists files of every version', () => {
    const versions = new Set(files.map((f) => f.version));
    for (const v of ['1.0', '1.1', '1.2', '1.4', '2.1', '3.0']) assert.ok(versions.has(v), `no ${v} files`);
    assert.ok(files.length > 600);
  });

  for (const version of [...new Set(files.map((f) => f.version))].sort()) {
    test(`KMIP ${version}: XML -> TTLV -> XML and TTLV -> JSON -> TTLV are lossless`, () => {
      let messages = 0;
      for (const f of files.filter((x) => x.version === version)) {
        if (skipped.has(f.path)) continue;
        const parsed = readXmlTestCase(readVector(f.path), { valueHook: placeholderHook });
        assert.ok(parsed.length >= 2, `${f.path}: fewer than 2 messages`);
        parsed.forEach((msg, i) => {
          const where = `${f.path} message ${i}`;
          assert.ok(msg.tag === Tag.RequestMessage || msg.tag === Tag.ResponseMessage, `${where}: not a message`);
          const bytes = encodeTtlv(msg);
          const back = decodeTtlv(bytes);
          assert.deepEqual(back, msg, `${where}: TTLV decode differs`);
          const viaXml = encodeTtlv(fromXml(toXml(back)));
          assert.ok(viaXml.equals(bytes), `${where}: XML round trip changed the TTLV`);
          const viaJson = encodeTtlv(fromJson(toJson(back)));
          assert.ok(viaJson.equals(bytes), `${where}: JSON round trip changed the TTLV`);
          messages++;
        });
      }
      assert.ok(messages > 0);
    });
  }

  test('our XML names the same elements, types and texts as the OASIS files', () => {
    // Independent of our value parsing: the element tree of each published message and of our
    // XML for it must have the same element names and item types in the same order, and the
    // same Text String values.
    const shape = (el: XmlElement, out: string[]): string[] => {
      const type = el.attrs.get('type') ?? 'Structure';
      const text = type === 'TextString' ? `=${el.attrs.get('value') ?? ''}` : '';
      out.push(`${el.name}${el.name === 'TTLV' ? el.attrs.get('tag') ?? '' : ''}:${type}${text}`);
      for (const c of el.children) shape(c, out);
      return out;
    };
    let checked = 0;
    for (const f of files) {
      if (skipped.has(f.path)) continue;
      const text = readVector(f.path)
        .split('\n')
        .filter((l) => !l.trimStart().startsWith('#'))
        .join('\n')
        .replace(/(<\/KMIP>)(\s*<\/KMIP>)+\s*$/, '$1');
      const published = parseXml(text, { ignoreText: true }).children;
      const ours = readXmlTestCase(readVector(f.path), { valueHook: placeholderHook });
      assert.equal(ours.length, published.length, f.path);
      ours.forEach((msg, i) => {
        const a = shape(parseXml(toXml(msg)), []);
        const b = shape(published[i] as XmlElement, []);
        assert.deepEqual(a, b, `${f.path} message ${i}`);
        checked++;
      });
    }
    assert.ok(checked > 3000, `only ${checked} messages`);
  });

  test('every skip-list entry names a file of the manifest and says why', () => {
    for (const s of [...skipList.codec, ...skipList.msgencDefects.map((d) => ({ path: d.path.replace(/\.steps\.json$/, '.xml'), reason: d.reason }))]) {
      assert.ok(files.some((f) => f.path === s.path), `${s.path} is not in the manifest`);
      assert.ok(s.reason.length > 20, `${s.path}: give the reason`);
    }
  });
});

interface Step {
  readonly time: number;
  readonly message: string;
  readonly xml: string;
  readonly ttlv_hex: string;
  readonly json_text: string | null;
  readonly json_parses: boolean | null;
}

describe('MSGENC known answers (KMIP Additional Message Encodings)', () => {
  const stepFiles = files
    .filter((f) => f.family.startsWith('MSGENC') && ['1.0', '1.1', '1.2'].includes(f.version))
    .map((f) => f.path.replace(/\.xml$/, '.steps.json'));
  assert.ok(stepFiles.length >= 9);

  for (const path of stepFiles) {
    test(path, () => {
      const doc = JSON.parse(readFileSync(join(VECTORS_DIR, path), 'utf8')) as { messages: Step[] };
      assert.ok(doc.messages.length >= 2);
      for (const step of doc.messages) {
        const where = `${path} time ${step.time} ${step.message}`;
        const expected = Buffer.from(step.ttlv_hex, 'hex');
        const defect = defectOf(path, step);
        // TTLV bytes -> tree -> same bytes.
        const node: TtlvNode = decodeTtlv(expected);
        // XML -> TTLV bytes: exact (where the document misprints the XML Time Stamp, exact once
        // that one value is taken from the bytes, and provably different before).
        let fromXmlNode = fromXml(step.xml);
        if (defect === 'xmlTimeStamp') {
          assert.notEqual(encodeTtlv(fromXmlNode).toString('hex'), step.ttlv_hex, `${where}: listed defect no longer present`);
          fromXmlNode = withTimeStampOf(fromXmlNode, node);
        }
        assert.equal(encodeTtlv(fromXmlNode).toString('hex'), step.ttlv_hex, `${where}: XML does not encode to the published TTLV`);
        assert.ok(encodeTtlv(node).equals(expected), `${where}: TTLV re-encode differs`);
        if (step.json_text !== null) {
          if (defect === 'malformedJson') {
            assert.equal(step.json_parses, false);
            // A genuine defect of the published document (a missing closing brace): it must be
            // rejected as malformed JSON, not misread.
            assert.throws(() => fromJson(step.json_text as string), { code: 'KMIP_ERR_JSON_SYNTAX' }, where);
          } else {
            // Their JSON, read by us, is the same message as the bytes …
            assert.ok(encodeTtlv(fromJson(step.json_text)).equals(expected), `${where}: published JSON is not the published TTLV`);
            // … and our JSON equals theirs as a value.
            assert.deepEqual(fromJson(toJson(node)), fromJson(step.json_text), `${where}: our JSON differs in value`);
          }
        }
      }
    });
  }
});
