/**
 * `keyhold ttlv` end to end: the built command run as a user runs it.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeTtlvSequence, encodeTtlv, readXmlTestCase, ItemType, formatDateTime, type ValueHook } from '@keyhold/protocol';

const here = dirname(fileURLToPath(import.meta.url));
const BIN = join(here, '..', '..', 'bin', 'keyhold.js');
const ROOT = join(here, '..', '..', '..', '..');
const VECTORS = join(ROOT, 'test', 'vectors', 'oasis');
const tmp = mkdtempSync(join(tmpdir(), 'keyhold-cli-'));

function keyhold(args: string[], input?: Buffer | string): { status: number | null; stdout: Buffer; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

// Deterministic placeholder values, to compare two readings of the same test-case file.
const fixed: ValueHook = (type, _tag, value) => {
  if (!value.startsWith('$')) return undefined;
  if (type === ItemType.DateTime) return formatDateTime(1_700_000_000n);
  if (type === ItemType.ByteString) return Buffer.from(value).toString('hex');
  return undefined;
};

const SAMPLES = [
  'v1.0/mandatory/SKLC-M-1-10.xml',
  'v1.4/mandatory/CS-AC-M-1-14.xml',
  'v1.4/testcases/TC-OFFSET-1-14.xml',
  'v2.1/mandatory/AKLC-M-1-21.xml',
  'v3.0/mandatory/PKCS11-M-1-30.xml',
];

describe('keyhold ttlv convert', () => {
  for (const sample of SAMPLES) {
    test(`${sample}: XML -> TTLV -> XML -> TTLV keeps every byte`, () => {
      const xml = join(VECTORS, sample);
      const a = keyhold(['ttlv', 'convert', '--from', 'xml', '--to', 'ttlv', xml]);
      assert.equal(a.status, 0, a.stderr);
      const ttlvFile = join(tmp, 'a.ttlv');
      writeFileSync(ttlvFile, a.stdout);
      const b = keyhold(['ttlv', 'convert', '--from', 'ttlv', '--to', 'xml', ttlvFile]);
      assert.equal(b.status, 0, b.stderr);
      const c = keyhold(['ttlv', 'convert', '--from', 'xml', '--to', 'ttlv'], b.stdout);
      assert.equal(c.status, 0, c.stderr);
      assert.ok(c.stdout.equals(a.stdout), 'TTLV changed on the way through XML');
      const messages = decodeTtlvSequence(a.stdout);
      assert.equal(messages.length, readXmlTestCase(readFileSync(xml, 'utf8'), { valueHook: fixed }).length);
    });

    test(`${sample}: XML -> JSON -> XML keeps values and placeholders`, () => {
      const xml = join(VECTORS, sample);
      const j = keyhold(['ttlv', 'convert', '--to', 'json', xml]);
      assert.equal(j.status, 0, j.stderr);
      const x = keyhold(['ttlv', 'convert', '--from', 'json', '--to', 'xml'], j.stdout);
      assert.equal(x.status, 0, x.stderr);
      const original = readXmlTestCase(readFileSync(xml, 'utf8'), { valueHook: fixed }).map((m) => encodeTtlv(m));
      const back = readXmlTestCase(x.stdout.toString('utf8'), { valueHook: fixed }).map((m) => encodeTtlv(m));
      assert.equal(back.length, original.length);
      back.forEach((m, i) => assert.ok(m.equals(original[i] as Buffer), `message ${i} differs`));
      // Placeholders survive as text, not as substituted values.
      const placeholders = (readFileSync(xml, 'utf8').match(/value="\$[A-Z_0-9+-]+"/g) ?? []).length;
      assert.equal((x.stdout.toString('utf8').match(/value="\$[A-Z_0-9+-]+"/g) ?? []).length, placeholders);
    });
  }

  test('hex input with spaces and the readable dump', () => {
    const hex = '42 00 20 | 01 | 00 00 00 20 | 42 00 04 | 05 | 00 00 00 04 | 00 00 00 FE 00 00 00 00 | 42 00 05 | 02 | 00 00 00 04 | 00 00 00 FF 00 00 00 00';
    const r = keyhold(['ttlv', 'decode', '--hex'], hex);
    assert.equal(r.status, 0, r.stderr);
    // The spec's example reuses real tags: 0x420020 Compromise Date, 0x420004 Application
    // Specific Information, 0x420005 Archive Date.
    assert.equal(
      r.stdout.toString('utf8'),
      'CompromiseDate\n  ApplicationSpecificInformation  Enumeration  0x000000FE\n  ArchiveDate  Integer  255\n',
    );
  });

  test('decode names tags, types and enumerations', () => {
    const xml = join(VECTORS, 'v2.1/mandatory/SKLC-M-1-21.xml');
    const t = keyhold(['ttlv', 'convert', '--from', 'xml', '--to', 'ttlv', xml]);
    const r = keyhold(['ttlv', 'decode'], t.stdout);
    assert.equal(r.status, 0, r.stderr);
    const out = r.stdout.toString('utf8');
    assert.match(out, /^RequestMessage$/m);
    assert.match(out, /^ {4}Operation {2}Enumeration {2}Create \(0x00000001\)$/m);
    assert.match(out, /CryptographicUsageMask {2}Integer {2}Encrypt Decrypt \(0x0000000C\)/);
    assert.match(out, /NameValue {2}TextString {2}"SKLC-M-1-21"/);
  });

  test('encode writes TTLV, or hex with --hex', () => {
    const json = '{"tag":"BatchCount","type":"Integer","value":3}';
    const r = keyhold(['ttlv', 'encode', '--hex'], json);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.toString('utf8').trim(), '42000d02000000040000000300000000');
  });
});

describe('keyhold ttlv errors', () => {
  test('truncated TTLV: one line naming the problem and the byte offset, exit 1', () => {
    const bytes = Buffer.from('42007801000000204200770100000018', 'hex');
    const r = keyhold(['ttlv', 'decode'], bytes);
    assert.equal(r.status, 1);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0] as string, /^keyhold: .*offset \d+.*KMIP_ERR_TTLV_TRUNCATED/);
  });

  test('bad XML value: exit 1 with the offending value', () => {
    const r = keyhold(['ttlv', 'encode'], '<ObjectType type="Enumeration" value="NoSuchType"/>');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /NoSuchType.*Object Type.*KMIP_ERR_TEXT_BAD_VALUE/);
  });

  test('unknown tag name and malformed JSON', () => {
    let r = keyhold(['ttlv', 'encode'], '<NotAKmipTag type="Integer" value="1"/>');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /NotAKmipTag.*KMIP_ERR_TEXT_UNKNOWN_TAG/);
    r = keyhold(['ttlv', 'convert', '--from', 'json', '--to', 'hex'], '{"tag":');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /KMIP_ERR_JSON_SYNTAX/);
  });

  test('usage errors exit 2', () => {
    assert.equal(keyhold(['ttlv', 'convert', '--to', 'yaml'], 'x').status, 2);
    assert.equal(keyhold(['ttlv', 'frobnicate']).status, 2);
    assert.equal(keyhold(['--no-such-flag']).status, 2);
  });

  test('a missing file is reported, exit 1', () => {
    const r = keyhold(['ttlv', 'decode', join(tmp, 'nope.ttlv')]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no such file/);
  });

  // `keyhold serve` runs the server now (until a signal): never start it here, where nothing
  // would stop it. packages/server/test covers serving end to end.
  test('serve: --help describes it (exit 0); an unknown flag is a usage error (exit 2)', () => {
    let r = keyhold(['serve', '--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout.toString('utf8'), /Usage: keyhold serve/);
    r = keyhold(['serve', '--no-such-flag']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown flag/);
  });
});
