/**
 * The conformance comparator, rule by rule (test/vectors/oasis/README.md §3 and §4): each
 * permitted variation is shown to pass, and the nearest non-permitted variation to fail with a
 * readable reason. Conversations are written as small XML test cases; the "actual" responses are
 * what a server might send.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ItemType, Tag, fromXml, type TtlvNode } from '@keyhold/protocol';
import { compareResponse } from '../conformance/compare.js';
import { formatDifference, type Difference } from '../conformance/format.js';
import { recordStep, requestItemFor } from '../conformance/provenance.js';
import { buildRequest } from '../conformance/request.js';
import { RULES } from '../conformance/rules.js';
import { FileState, ServerState } from '../conformance/state.js';
import { parseTestCase } from '../conformance/testcase.js';
import { child, childrenWith } from '../conformance/tree.js';

const NOW = 1_700_000_000n;
const STAMP = '2023-11-14T22:13:20+00:00';

// ---- XML builders -------------------------------------------------------------------------------

const pv = (v: string): string => {
  const [major, minor] = v.split('.');
  return `<ProtocolVersion><ProtocolVersionMajor type="Integer" value="${major}"/><ProtocolVersionMinor type="Integer" value="${minor}"/></ProtocolVersion>`;
};
const req = (v: string, ...items: string[]): string =>
  `<RequestMessage><RequestHeader>${pv(v)}<BatchCount type="Integer" value="${items.length}"/></RequestHeader>${items.join('')}</RequestMessage>`;
const resp = (v: string, stamp: string, ...items: string[]): string =>
  `<ResponseMessage><ResponseHeader>${pv(v)}<TimeStamp type="DateTime" value="${stamp}"/><BatchCount type="Integer" value="${items.length}"/></ResponseHeader>${items.join('')}</ResponseMessage>`;
const rq = (op: string, payload: string): string => `<BatchItem><Operation type="Enumeration" value="${op}"/><RequestPayload>${payload}</RequestPayload></BatchItem>`;
const rs = (op: string, payload: string, status = 'Success', extra = ''): string =>
  `<BatchItem><Operation type="Enumeration" value="${op}"/><ResultStatus type="Enumeration" value="${status}"/>${extra}<ResponsePayload>${payload}</ResponsePayload></BatchItem>`;
const tx = (tag: string, v: string): string => `<${tag} type="TextString" value="${v}"/>`;
const en = (tag: string, v: string): string => `<${tag} type="Enumeration" value="${v}"/>`;
const int = (tag: string, v: string | number): string => `<${tag} type="Integer" value="${v}"/>`;
const by = (tag: string, v: string): string => `<${tag} type="ByteString" value="${v}"/>`;
const dt = (tag: string, v: string): string => `<${tag} type="DateTime" value="${v}"/>`;
const bool = (tag: string, v: boolean): string => `<${tag} type="Boolean" value="${v}"/>`;
const uid = (v: string): string => tx('UniqueIdentifier', v);
const attr1 = (name: string, value: string, index?: number): string =>
  `<Attribute>${tx('AttributeName', name)}${index !== undefined ? int('AttributeIndex', index) : ''}${value}</Attribute>`;

/** One exchange: the request and expected response as the test case writes them, and what the server sent. */
interface Exchange {
  readonly request: string;
  readonly expected: string;
  readonly actual: string;
}

interface Conversation {
  readonly diffs: (Difference | undefined)[];
  readonly requests: TtlvNode[];
  readonly file: FileState;
  readonly server: ServerState;
}

/** Replays a conversation through request building, provenance and comparison, as the runner does. */
function converse(exchanges: readonly Exchange[], options: { fileId?: string; server?: ServerState; collapse?: boolean } = {}): Conversation {
  const tc = parseTestCase(`<KMIP>${exchanges.map((e) => e.request + e.expected).join('')}</KMIP>`, { collapseWhitespace: options.collapse ?? false });
  const file = new FileState();
  const server = options.server ?? new ServerState();
  const requests: TtlvNode[] = [];
  const diffs = tc.steps.map((step, i) => {
    const request = buildRequest(step, file, NOW);
    requests.push(request);
    const actual = fromXml((exchanges[i] as Exchange).actual);
    recordStep(request, actual, server, file);
    return compareResponse({
      step: step.index,
      protocolVersion: step.protocolVersion,
      fileId: options.fileId ?? 'UNIT-M-1-21',
      expected: step.response,
      actual,
      request,
      file,
      server,
    });
  });
  return { diffs, requests, file, server };
}

/** The difference of a one-exchange conversation. */
function diffOf(exchange: Exchange, options?: Parameters<typeof converse>[1]): Difference | undefined {
  return converse([exchange], options).diffs[0];
}

function assertPass(d: Difference | undefined): void {
  assert.equal(d, undefined, d ? formatDifference(d) : '');
}

function assertFail(d: Difference | undefined, expect: { path?: string; message?: RegExp; expected?: string; actual?: string | RegExp }): Difference {
  assert.ok(d, 'expected a difference');
  if (expect.path !== undefined) assert.equal(d.path, expect.path, formatDifference(d));
  if (expect.message) assert.match(d.message, expect.message, formatDifference(d));
  if (expect.expected !== undefined) assert.equal(d.expected, expect.expected, formatDifference(d));
  if (expect.actual !== undefined) {
    if (typeof expect.actual === 'string') assert.equal(d.actual, expect.actual, formatDifference(d));
    else assert.match(d.actual ?? '', expect.actual, formatDifference(d));
  }
  return d;
}

/** A Create (2.1) that binds $UNIQUE_IDENTIFIER_0 to `id`. */
const create21 = (id: string): Exchange => ({
  request: req('2.1', rq('Create', `${en('ObjectType', 'SymmetricKey')}<Attributes>${en('CryptographicAlgorithm', 'AES')}${int('CryptographicLength', 128)}</Attributes>`)),
  expected: resp('2.1', '$NOW', rs('Create', `${en('ObjectType', 'SymmetricKey')}${uid('$UNIQUE_IDENTIFIER_0')}`)),
  actual: resp('2.1', STAMP, rs('Create', `${en('ObjectType', 'SymmetricKey')}${uid(id)}`)),
});

/** A Register (2.1) of a known AES key that binds $UNIQUE_IDENTIFIER_0 to `id`. */
const register21 = (id: string, extraAttributes = ''): Exchange => ({
  request: req(
    '2.1',
    rq(
      'Register',
      `${en('ObjectType', 'SymmetricKey')}<Attributes>${int('CryptographicUsageMask', 'Encrypt Decrypt')}${extraAttributes}</Attributes>` +
        `<SymmetricKey><KeyBlock>${en('KeyFormatType', 'Raw')}<KeyValue>${by('KeyMaterial', '000102030405060708090a0b0c0d0e0f')}</KeyValue>` +
        `${en('CryptographicAlgorithm', 'AES')}${int('CryptographicLength', 128)}</KeyBlock></SymmetricKey>`,
    ),
  ),
  expected: resp('2.1', '$NOW', rs('Register', uid('$UNIQUE_IDENTIFIER_0'))),
  actual: resp('2.1', STAMP, rs('Register', uid(id))),
});

// ---- tests --------------------------------------------------------------------------------------

describe('conformance comparator: exact by default', () => {
  test('identical responses pass; enumerations compare by value, masks as bit sets', () => {
    assertPass(
      diffOf({
        request: req('2.1', rq('Query', en('QueryFunction', 'QueryObjects'))),
        expected: resp('2.1', '$NOW', rs('GetAttributes', `${uid('x')}<Attributes>${int('CryptographicUsageMask', 'Decrypt Encrypt')}${en('ObjectType', 'SymmetricKey')}</Attributes>`)),
        actual: resp('2.1', STAMP, rs('GetAttributes', `${uid('x')}<Attributes>${int('CryptographicUsageMask', 'Encrypt   Decrypt')}${en('ObjectType', '0x00000002')}</Attributes>`)),
      }),
    );
  });

  test('a wrong enumeration fails with the path, expected and actual names', () => {
    const c = create21('k1');
    const d = diffOf({ ...c, actual: resp('2.1', STAMP, rs('Create', `${en('ObjectType', 'PrivateKey')}${uid('k1')}`)) });
    const f = assertFail(d, { path: 'ResponseMessage/BatchItem[0]/ResponsePayload/ObjectType', message: /value differs/, expected: 'SymmetricKey', actual: 'PrivateKey' });
    assert.equal(f.step, 0);
    assert.match(formatDifference(f), /^step 0, ResponseMessage\/BatchItem\[0\]\/ResponsePayload\/ObjectType: value differs \(expected SymmetricKey, got PrivateKey\)$/);
  });

  test('a missing field fails as missing; an extra field fails as unexpected; order outside bags matters', () => {
    const c = create21('k1');
    assertFail(diffOf({ ...c, actual: resp('2.1', STAMP, rs('Create', en('ObjectType', 'SymmetricKey'))) }), {
      path: 'ResponseMessage/BatchItem[0]/ResponsePayload/UniqueIdentifier',
      message: /^missing UniqueIdentifier/,
    });
    assertFail(diffOf({ ...c, actual: resp('2.1', STAMP, rs('Create', `${en('ObjectType', 'SymmetricKey')}${uid('k1')}${int('CryptographicLength', 1)}`)) }), {
      path: 'ResponseMessage/BatchItem[0]/ResponsePayload/CryptographicLength',
      message: /unexpected CryptographicLength/,
    });
    assertFail(diffOf({ ...c, actual: resp('2.1', STAMP, rs('Create', `${uid('k1')}${en('ObjectType', 'SymmetricKey')}`)) }), {
      message: /unexpected UniqueIdentifier before ObjectType/,
    });
  });

  test('an item type change fails', () => {
    const c = create21('k1');
    assertFail(diffOf({ ...c, actual: resp('2.1', STAMP, rs('Create', `${en('ObjectType', 'SymmetricKey')}<UniqueIdentifier type="Identifier" value="k1"/>`)) }), {
      message: /item type differs/,
    });
  });

  test('a failed batch item reports the server Result Status, Reason and Message', () => {
    const c = create21('k1');
    const d = assertFail(
      diffOf({
        ...c,
        actual: resp('2.1', STAMP, rs('Create', '', 'OperationFailed', `${en('ResultReason', 'OperationNotSupported')}${tx('ResultMessage', 'no Create here')}`)),
      }),
      { path: 'ResponseMessage/BatchItem[0]/ResultStatus', expected: 'Success', actual: 'OperationFailed' },
    );
    assert.equal(d.server, 'OperationFailed / OperationNotSupported "no Create here"');
    assert.match(formatDifference(d), /server answered OperationFailed \/ OperationNotSupported "no Create here"$/);
  });

  test('a wrong Batch Count or a missing batch item fails', () => {
    const c = create21('k1');
    assertFail(
      diffOf({
        ...c,
        actual: `<ResponseMessage><ResponseHeader>${pv('2.1')}${dt('TimeStamp', STAMP)}${int('BatchCount', 0)}</ResponseHeader></ResponseMessage>`,
      }),
      { path: 'ResponseMessage/ResponseHeader/BatchCount', expected: '1', actual: '0' },
    );
    assertFail(
      diffOf({ ...c, actual: `<ResponseMessage><ResponseHeader>${pv('2.1')}${dt('TimeStamp', STAMP)}${int('BatchCount', 1)}</ResponseHeader></ResponseMessage>` }),
      { path: 'ResponseMessage/BatchItem[0]', message: /^missing BatchItem/ },
    );
  });
});

describe(`placeholders (${RULES.placeholderBinding.id}, ${RULES.nowAnyTime.id})`, () => {
  test('binds from the first response, substitutes in later requests, and demands the same value later', () => {
    const get = (actualId: string): Exchange => ({
      request: req('2.1', rq('Destroy', uid('$UNIQUE_IDENTIFIER_0'))),
      expected: resp('2.1', '$NOW', rs('Destroy', uid('$UNIQUE_IDENTIFIER_0'))),
      actual: resp('2.1', STAMP, rs('Destroy', uid(actualId))),
    });
    const ok = converse([create21('uuid-7'), get('uuid-7')]);
    assert.deepEqual(ok.diffs, [undefined, undefined]);
    const sent = child(child(child(ok.requests[1], Tag.BatchItem), Tag.RequestPayload), Tag.UniqueIdentifier);
    assert.equal(sent?.value, 'uuid-7', 'the request carries the bound identifier');

    const bad = converse([create21('uuid-7'), get('uuid-8')]);
    assertFail(bad.diffs[1], {
      path: 'ResponseMessage/BatchItem[0]/ResponsePayload/UniqueIdentifier',
      message: /differs from \$UNIQUE_IDENTIFIER_0, bound at step 0/,
      expected: '"uuid-7"',
      actual: '"uuid-8"',
    });
  });

  test('$NOW±s in a request is the current time ± s; in a response any time', () => {
    const c = converse([
      {
        request: req('2.1', rq('Create', `${en('ObjectType', 'SymmetricKey')}<Attributes>${dt('ActivationDate', '$NOW-3600')}</Attributes>`)),
        expected: resp('2.1', '$NOW', rs('Create', `${en('ObjectType', 'SymmetricKey')}${uid('$UNIQUE_IDENTIFIER_0')}`)),
        actual: resp('2.1', '1999-01-01T00:00:00+00:00', rs('Create', `${en('ObjectType', 'SymmetricKey')}${uid('a')}`)),
      },
      {
        request: req('2.1', rq('GetAttributes', uid('$UNIQUE_IDENTIFIER_0'))),
        expected: resp('2.1', '$NOW', rs('GetAttributes', `${uid('$UNIQUE_IDENTIFIER_0')}<Attributes>${dt('InitialDate', '$NOW')}</Attributes>`)),
        actual: resp('2.1', STAMP, rs('GetAttributes', `${uid('a')}<Attributes>${dt('InitialDate', '2001-01-01T00:00:00+00:00')}</Attributes>`)),
      },
    ]);
    assert.deepEqual(c.diffs, [undefined, undefined]);
    const attrs = child(child(child(c.requests[0], Tag.BatchItem), Tag.RequestPayload), Tag.Attributes);
    assert.deepEqual(child(attrs, Tag.ActivationDate), { tag: Tag.ActivationDate, type: ItemType.DateTime, value: NOW - 3600n });
    // …but it must still be a Date-Time.
    assertFail(
      diffOf({
        request: req('2.1', rq('GetAttributes', uid('x'))),
        expected: resp('2.1', '$NOW', rs('GetAttributes', `${uid('x')}<Attributes>${dt('InitialDate', '$NOW')}</Attributes>`)),
        actual: resp('2.1', STAMP, rs('GetAttributes', `${uid('x')}<Attributes>${int('InitialDate', 5)}</Attributes>`)),
      }),
      { message: /item type differs/ },
    );
  });

  test(`a placeholder first seen in a request takes the latest response value of its tag (${RULES.requestFirstByTag.id})`, () => {
    const reg = register21('m1');
    const c = converse([
      reg,
      {
        request: req('2.1', rq('MAC', `${uid('$UNIQUE_IDENTIFIER_0')}${by('Data', '0102')}`)),
        expected: resp('2.1', '$NOW', rs('MAC', `${uid('$UNIQUE_IDENTIFIER_0')}${by('MACData', 'c911e7')}`)),
        actual: resp('2.1', STAMP, rs('MAC', `${uid('m1')}${by('MACData', 'c911e7')}`)),
      },
      {
        request: req('2.1', rq('MACVerify', `${uid('$UNIQUE_IDENTIFIER_0')}${by('Data', '0102')}${by('MACData', '$MAC_DATA')}`)),
        expected: resp('2.1', '$NOW', rs('MACVerify', `${uid('$UNIQUE_IDENTIFIER_0')}${en('ValidityIndicator', 'Valid')}`)),
        actual: resp('2.1', STAMP, rs('MACVerify', `${uid('m1')}${en('ValidityIndicator', 'Valid')}`)),
      },
    ]);
    assert.deepEqual(c.diffs, [undefined, undefined, undefined]);
    const mac = child(child(child(c.requests[2], Tag.BatchItem), Tag.RequestPayload), Tag.MACData);
    assert.equal(Buffer.from(mac?.value as Uint8Array).toString('hex'), 'c911e7');
  });

  test('a request placeholder that nothing bound is an error', () => {
    assert.throws(
      () =>
        converse([
          {
            request: req('2.1', rq('Get', uid('$UNIQUE_IDENTIFIER_3'))),
            expected: resp('2.1', '$NOW', rs('Get', uid('$UNIQUE_IDENTIFIER_3'))),
            actual: resp('2.1', STAMP, rs('Get', uid('z'))),
          },
        ]),
      /\$UNIQUE_IDENTIFIER_3 in UniqueIdentifier has no value/,
    );
  });

  test('a placeholder that a failed response should have bound is never taken from another response', () => {
    const other = register21('x1');
    const failedCreate: Exchange = {
      request: req('2.1', rq('Create', `${en('ObjectType', 'SymmetricKey')}<Attributes/>`)),
      expected: resp('2.1', '$NOW', rs('Create', `${en('ObjectType', 'SymmetricKey')}${uid('$UNIQUE_IDENTIFIER_1')}`)),
      actual: resp('2.1', STAMP, rs('Create', '', 'OperationFailed', en('ResultReason', 'GeneralFailure'))),
    };
    const destroy: Exchange = {
      request: req('2.1', rq('Destroy', uid('$UNIQUE_IDENTIFIER_1'))),
      expected: resp('2.1', '$NOW', rs('Destroy', uid('$UNIQUE_IDENTIFIER_1'))),
      actual: resp('2.1', STAMP, rs('Destroy', uid('x1'))),
    };
    assert.throws(() => converse([other, failedCreate, destroy]), /\$UNIQUE_IDENTIFIER_1 in UniqueIdentifier has no value: the earlier response that should have carried it did not/);
  });

  test(`$UNIQUE_IDENTIFIER_RANDOM_n is invented once and reused (${RULES.clientInvented.id})`, () => {
    const imp = (): Exchange => ({
      request: req('2.1', rq('Import', `${uid('$UNIQUE_IDENTIFIER_RANDOM_0')}${en('ObjectType', 'SecretData')}`)),
      expected: resp('2.1', '$NOW', rs('Import', uid('$UNIQUE_IDENTIFIER_RANDOM_0'))),
      actual: '',
    });
    const tc = parseTestCase(`<KMIP>${imp().request}${imp().expected}${imp().request}${imp().expected}</KMIP>`);
    const file = new FileState();
    const r0 = buildRequest(tc.steps[0]!, file, NOW);
    const r1 = buildRequest(tc.steps[1]!, file, NOW);
    const id0 = child(child(child(r0, Tag.BatchItem), Tag.RequestPayload), Tag.UniqueIdentifier)?.value;
    const id1 = child(child(child(r1, Tag.BatchItem), Tag.RequestPayload), Tag.UniqueIdentifier)?.value;
    assert.match(String(id0), /^[0-9a-f-]{36}$/);
    assert.equal(id1, id0);
  });

  test(`a literal identifier the client never sent is a variable item (${RULES.identifierLiteral.id})`, () => {
    const c = converse([
      {
        request: req('1.2', rq('Register', `${en('ObjectType', 'Template')}<Template/>`)),
        expected: resp('1.2', '2013-06-17T08:24:02+00:00', rs('Register', uid('8590e6e9-61c1-4b81-98d3-053a3c6a521b'))),
        actual: resp('1.2', STAMP, rs('Register', uid('server-id-1'))),
      },
      {
        request: req('1.2', rq('Get', uid('8590e6e9-61c1-4b81-98d3-053a3c6a521b'))),
        expected: resp('1.2', '2013-06-17T08:24:02+00:00', rs('Get', `${en('ObjectType', 'Template')}${uid('8590e6e9-61c1-4b81-98d3-053a3c6a521b')}`)),
        actual: resp('1.2', STAMP, rs('Get', `${en('ObjectType', 'Template')}${uid('server-id-2')}`)),
      },
    ]);
    assert.equal(c.diffs[0], undefined);
    assert.equal(child(child(child(c.requests[1], Tag.BatchItem), Tag.RequestPayload), Tag.UniqueIdentifier)?.value, 'server-id-1');
    assertFail(c.diffs[1], { message: /differs from the identifier the server returned/, expected: '"server-id-1"', actual: '"server-id-2"' });
    // An identifier the client sent itself is compared exactly.
    assertFail(
      diffOf({
        request: req('2.1', rq('Get', uid('AAABBBCCC'))),
        expected: resp('2.1', '$NOW', rs('Get', uid('AAABBBCCC'))),
        actual: resp('2.1', STAMP, rs('Get', uid('other'))),
      }),
      { message: /value differs/ },
    );
  });
});

describe('header and batch item variations', () => {
  test(`${RULES.timeStamp.id}, ${RULES.correlationValues.id}, ${RULES.resultMessage.id}, ${RULES.messageExtension.id}`, () => {
    assertPass(
      diffOf({
        request: req('2.1', rq('Destroy', uid('x'))),
        expected:
          `<ResponseMessage><ResponseHeader>${pv('2.1')}${dt('TimeStamp', '2012-04-27T08:12:24+00:00')}${tx('ServerCorrelationValue', 'A5E83842-2A456820-0')}${int('BatchCount', 1)}</ResponseHeader>` +
          `${rs('Destroy', uid('x'), 'Success', tx('ResultMessage', 'as printed'))}</ResponseMessage>`,
        actual:
          `<ResponseMessage><ResponseHeader>${pv('2.1')}${dt('TimeStamp', STAMP)}${tx('ClientCorrelationValue', 'c')}${int('BatchCount', 1)}</ResponseHeader>` +
          `<BatchItem>${en('Operation', 'Destroy')}${en('ResultStatus', 'Success')}${tx('ResultMessage', 'other text')}<ResponsePayload>${uid('x')}</ResponsePayload>` +
          `<MessageExtension>${tx('VendorIdentification', 'acme')}${bool('CriticalityIndicator', false)}<VendorExtension/></MessageExtension></BatchItem></ResponseMessage>`,
      }),
    );
    // Anything else extra in the header is not permitted.
    assertFail(
      diffOf({
        request: req('2.1', rq('Destroy', uid('x'))),
        expected: resp('2.1', '$NOW', rs('Destroy', uid('x'))),
        actual: `<ResponseMessage><ResponseHeader>${pv('2.1')}${dt('TimeStamp', STAMP)}${en('AttestationType', 'TPMQuote')}${int('BatchCount', 1)}</ResponseHeader>${rs('Destroy', uid('x'))}</ResponseMessage>`,
      }),
      { path: 'ResponseMessage/ResponseHeader/AttestationType', message: /unexpected AttestationType/ },
    );
  });
});

describe(`attributes (${RULES.attributesBag.id}, ${RULES.attributeListSet.id}, ${RULES.attributeIndexZero.id}, ${RULES.vendorPrefix.id})`, () => {
  const getAttrs21 = (attrs: string, actualAttrs: string): Exchange => ({
    request: req('2.1', rq('GetAttributes', uid('x'))),
    expected: resp('2.1', '$NOW', rs('GetAttributes', `${uid('x')}<Attributes>${attrs}</Attributes>`)),
    actual: resp('2.1', STAMP, rs('GetAttributes', `${uid('x')}<Attributes>${actualAttrs}</Attributes>`)),
  });
  const getAttrs21Group = (attrs: string, actualAttrs: string): Exchange => getAttrs21(en('State', 'PreActive') + attrs, en('State', 'PreActive') + actualAttrs);
  const state = en('State', 'PreActive');
  const len = int('CryptographicLength', 256);
  const alg = en('CryptographicAlgorithm', 'AES');

  test('2.x Attributes: any order, extra attributes allowed', () => {
    assertPass(diffOf(getAttrs21(state + len + alg, alg + en('ObjectType', 'SymmetricKey') + len + state + tx('ObjectGroup', 'g'))));
  });

  test('2.x Attributes: a missing attribute or a wrong value fails', () => {
    assertFail(diffOf(getAttrs21(state + len + alg, len + alg)), {
      path: 'ResponseMessage/BatchItem[0]/ResponsePayload/Attributes/State',
      message: /^missing State/,
      actual: /absent; present: CryptographicLength, CryptographicAlgorithm/,
    });
    assertFail(diffOf(getAttrs21(state + len + alg, state + int('CryptographicLength', 128) + alg)), {
      path: 'ResponseMessage/BatchItem[0]/ResponsePayload/Attributes/CryptographicLength',
      expected: '256',
      actual: '128',
    });
  });

  test('multi-instance attributes match distinct entries', () => {
    const name = (v: string): string => `<Name>${tx('NameValue', v)}${en('NameType', 'UninterpretedTextString')}</Name>`;
    assertPass(diffOf(getAttrs21(name('a') + name('b'), name('b') + name('c') + name('a'))));
    assertFail(diffOf(getAttrs21(name('a') + name('a'), name('a') + name('b'))), { message: /cannot all be matched/ });
    assertFail(diffOf(getAttrs21(name('a') + name('b'), name('a') + name('c'))), { message: /no Name of the response matches/ });
  });

  test('1.x runs of Attribute: any order, extras allowed, missing or wrong attributes fail', () => {
    const getAttrs1 = (v: string, attrs: string, actualAttrs: string): Exchange => ({
      request: req(v, rq('GetAttributes', uid('x'))),
      expected: resp(v, '$NOW', rs('GetAttributes', uid('x') + attrs)),
      actual: resp(v, STAMP, rs('GetAttributes', uid('x') + actualAttrs)),
    });
    const a = attr1('Cryptographic Length', int('AttributeValue', 128));
    const b = attr1('Object Type', en('AttributeValue', 'SymmetricKey'));
    const c = attr1('x-ID', tx('AttributeValue', 'hello'));
    assertPass(diffOf(getAttrs1('1.2', a + b, c + b + a)));
    assertFail(diffOf(getAttrs1('1.2', a + b, b + c)), {
      path: 'ResponseMessage/BatchItem[0]/ResponsePayload/Attribute[Cryptographic Length]',
      message: /^missing attribute Cryptographic Length/,
    });
    assertFail(diffOf(getAttrs1('1.2', a + b, attr1('Cryptographic Length', int('AttributeValue', 256)) + b)), {
      path: 'ResponseMessage/BatchItem[0]/ResponsePayload/Attribute[Cryptographic Length]/AttributeValue',
      expected: '128',
      actual: '256',
    });
    // Attribute Value names come from the Attribute Name (an enumeration of the named attribute).
    assertFail(diffOf(getAttrs1('1.2', b, attr1('Object Type', en('AttributeValue', 'PrivateKey')))), { expected: 'SymmetricKey', actual: 'PrivateKey' });
  });

  test('Attribute Index 0 may be present or absent from 1.1 on, not in 1.0, and a non-zero index always counts', () => {
    const exch = (v: string, expected: string, actual: string): Exchange => ({
      request: req(v, rq('GetAttributes', uid('x'))),
      expected: resp(v, '$NOW', rs('GetAttributes', uid('x') + expected)),
      actual: resp(v, STAMP, rs('GetAttributes', uid('x') + actual)),
    });
    const withIndex = (i: number): string => attr1('x-ID', tx('AttributeValue', 'v'), i);
    const without = attr1('x-ID', tx('AttributeValue', 'v'));
    assertPass(diffOf(exch('1.1', withIndex(0), without)));
    assertPass(diffOf(exch('1.2', without, withIndex(0))));
    assertFail(diffOf(exch('1.0', withIndex(0), without)), { message: /missing/ });
    assertFail(diffOf(exch('1.2', withIndex(1), without)), { message: /missing/ });
  });

  test('Get Attribute List: a set, expected ⊆ actual', () => {
    const exch = (expected: string[], actual: string[]): Exchange => ({
      request: req('2.1', rq('GetAttributeList', uid('x'))),
      expected: resp('2.1', '$NOW', rs('GetAttributeList', uid('x') + expected.map((n) => en('AttributeReference', n)).join(''))),
      actual: resp('2.1', STAMP, rs('GetAttributeList', uid('x') + actual.map((n) => en('AttributeReference', n)).join(''))),
    });
    assertPass(diffOf(exch(['State', 'ObjectType'], ['ObjectType', 'Digest', 'State'])));
    assertFail(diffOf(exch(['State', 'ObjectType'], ['ObjectType'])), { message: /missing AttributeReference/ });
  });

  test(`${RULES.objectGroupOptional.id}: an Object Group no request included may be absent; one a request set may not`, () => {
    const list1 = (names: string[]): string => names.map((n) => tx('AttributeName', n)).join('');
    const getList = (expected: string[], actual: string[]): Exchange => ({
      request: req('1.1', rq('GetAttributeList', uid('x'))),
      expected: resp('1.1', '$NOW', rs('GetAttributeList', uid('x') + list1(expected))),
      actual: resp('1.1', STAMP, rs('GetAttributeList', uid('x') + list1(actual))),
    });
    // SKFF-O-6-11: the server that printed the case put the key in a group of its own.
    assertPass(diffOf(getList(['State', 'Object Group'], ['State'])));
    const og = (v: string): string => attr1('Object Group', tx('AttributeValue', v));
    const getAttrs = (expected: string, actual: string): Exchange => ({
      request: req('1.1', rq('GetAttributes', uid('x'))),
      expected: resp('1.1', '$NOW', rs('GetAttributes', uid('x') + expected)),
      actual: resp('1.1', STAMP, rs('GetAttributes', uid('x') + actual)),
    });
    const state = attr1('State', en('AttributeValue', 'Active'));
    assertPass(diffOf(getAttrs(state + og('default'), state)));
    assertPass(diffOf(getAttrs(state + og('default'), state + og('mine'))));
    assertPass(diffOf(getAttrs21Group(tx('ObjectGroup', 'default'), '')));
    // Once a request included an Object Group, it is compared as any attribute.
    const setGroup: Exchange = {
      request: req('1.1', rq('AddAttribute', uid('x') + og('Group1'))),
      expected: resp('1.1', '$NOW', rs('AddAttribute', uid('x') + og('Group1'))),
      actual: resp('1.1', STAMP, rs('AddAttribute', uid('x') + og('Group1'))),
    };
    const [, missingValue] = converse([setGroup, getAttrs(state + og('Group1'), state)]).diffs;
    assertFail(missingValue, { message: /^missing attribute Object Group/ });
    const [, missingName] = converse([setGroup, getList(['State', 'Object Group'], ['State'])]).diffs;
    assertFail(missingName, { message: /missing AttributeName/ });
    // Other attributes are not loosened.
    assertFail(diffOf(getList(['State', 'Fresh'], ['State'])), { message: /missing AttributeName/ });
  });

  test('a test identifier may carry a vendor prefix, nothing else', () => {
    const name = (v: string): string => `<Name>${tx('NameValue', v)}${en('NameType', 'UninterpretedTextString')}</Name>`;
    assertPass(diffOf(getAttrs21(name('SKLC-M-1-21'), name('acme:SKLC-M-1-21'))));
    assertPass(diffOf(getAttrs21(name('TC-312-12-template1'), name('vendorTC-312-12-template1'))));
    assertFail(diffOf(getAttrs21(name('SKLC-M-1-21'), name('SKLC-M-1-21-x'))), { message: /no Name of the response matches|value differs/ });
    assertFail(diffOf(getAttrs21(name('plain'), name('acme:plain'))), { message: /value differs|no Name/ });
  });

  test(`${RULES.derivedFileWhitespace.id}: only when asked (derived files)`, () => {
    const exch: Exchange = {
      request: req('1.0', rq('GetAttributeList', uid('x'))),
      expected: resp('1.0', '$NOW', rs('GetAttributeList', uid('x') + tx('AttributeName', 'Unique   Identifier'))),
      actual: resp('1.0', STAMP, rs('GetAttributeList', uid('x') + tx('AttributeName', 'Unique Identifier'))),
    };
    assertPass(diffOf(exch, { collapse: true }));
    assertFail(diffOf(exch), { message: /missing AttributeName|no AttributeName/ });
  });
});

describe(`server-chosen values (${RULES.serverDateTime.id}, ${RULES.digestServerGenerated.id}, ${RULES.keyFormatTypeServerChosen.id}, ${RULES.keyMaterialServerGenerated.id})`, () => {
  test('listed Date-Time attributes are variable unless a request fixed them', () => {
    const getAttrs = (expected: string, actual: string): Exchange => ({
      request: req('1.2', rq('GetAttributes', uid('x'))),
      expected: resp('1.2', '$NOW', rs('GetAttributes', uid('x') + expected)),
      actual: resp('1.2', STAMP, rs('GetAttributes', uid('x') + actual)),
    });
    assertPass(diffOf(getAttrs(attr1('Initial Date', dt('AttributeValue', '2012-04-27T08:12:24+00:00')), attr1('Initial Date', dt('AttributeValue', STAMP)))));
    // Not a listed attribute: exact.
    assertFail(diffOf(getAttrs(attr1('x-date', dt('AttributeValue', '2012-04-27T08:12:24+00:00')), attr1('x-date', dt('AttributeValue', STAMP)))), {
      expected: '2012-04-27T08:12:24+00:00',
    });
    // Fixed by a request: exact.
    const fixed = '2012-01-01T00:00:00+00:00';
    const c = converse([
      {
        request: req('1.2', rq('AddAttribute', uid('x') + attr1('Activation Date', dt('AttributeValue', fixed)))),
        expected: resp('1.2', '$NOW', rs('AddAttribute', uid('x') + attr1('Activation Date', dt('AttributeValue', fixed)))),
        actual: resp('1.2', STAMP, rs('AddAttribute', uid('x') + attr1('Activation Date', dt('AttributeValue', STAMP)))),
      },
    ]);
    assertFail(c.diffs[0], { path: 'ResponseMessage/BatchItem[0]/ResponsePayload/Attribute[Activation Date]/AttributeValue', expected: fixed });
  });

  const getKey = (fmt: string, material: string, digest = ''): string =>
    rs('Get', `${en('ObjectType', 'SymmetricKey')}${uid('$UNIQUE_IDENTIFIER_0')}<SymmetricKey><KeyBlock>${en('KeyFormatType', fmt)}<KeyValue>${by('KeyMaterial', material)}</KeyValue>${en('CryptographicAlgorithm', 'AES')}${int('CryptographicLength', 128)}</KeyBlock></SymmetricKey>${digest}`);
  const getKeyActual = (id: string, fmt: string, material: string): string =>
    rs('Get', `${en('ObjectType', 'SymmetricKey')}${uid(id)}<SymmetricKey><KeyBlock>${en('KeyFormatType', fmt)}<KeyValue>${by('KeyMaterial', material)}</KeyValue>${en('CryptographicAlgorithm', 'AES')}${int('CryptographicLength', 128)}</KeyBlock></SymmetricKey>`);

  test('key material and key format type of a server-generated key may differ', () => {
    const c = converse([
      create21('g1'),
      {
        request: req('2.1', rq('Get', uid('$UNIQUE_IDENTIFIER_0'))),
        expected: resp('2.1', '$NOW', getKey('Raw', '2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a')),
        actual: resp('2.1', STAMP, getKeyActual('g1', 'TransparentSymmetricKey', '0f0e0d0c0b0a09080706050403020100')),
      },
    ]);
    assert.deepEqual(c.diffs, [undefined, undefined]);
  });

  test('…but not when the client registered the key, nor the format when the request asked for one', () => {
    const reg = converse([
      register21('r1'),
      {
        request: req('2.1', rq('Get', uid('$UNIQUE_IDENTIFIER_0'))),
        expected: resp('2.1', '$NOW', getKey('Raw', '000102030405060708090a0b0c0d0e0f')),
        actual: resp('2.1', STAMP, getKeyActual('r1', 'Raw', '0f0e0d0c0b0a09080706050403020100')),
      },
    ]);
    assertFail(reg.diffs[1], {
      path: 'ResponseMessage/BatchItem[0]/ResponsePayload/SymmetricKey/KeyBlock/KeyValue/KeyMaterial',
      expected: '000102030405060708090a0b0c0d0e0f',
    });
    const asked = converse([
      create21('g1'),
      {
        request: req('2.1', rq('Get', uid('$UNIQUE_IDENTIFIER_0') + en('KeyFormatType', 'Raw'))),
        expected: resp('2.1', '$NOW', getKey('Raw', '2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a')),
        actual: resp('2.1', STAMP, getKeyActual('g1', 'TransparentSymmetricKey', '0f0e')),
      },
    ]);
    assertFail(asked.diffs[1], { path: 'ResponseMessage/BatchItem[0]/ResponsePayload/SymmetricKey/KeyBlock/KeyFormatType', expected: 'Raw' });
  });

  test('the Digest of a server-generated object may differ, of a registered one not', () => {
    const digest = (alg: string, value: string): string => `<Digest>${en('HashingAlgorithm', alg)}${by('DigestValue', value)}${en('KeyFormatType', 'Raw')}</Digest>`;
    const get = (id: string): Exchange => ({
      request: req('2.1', rq('GetAttributes', uid('$UNIQUE_IDENTIFIER_0'))),
      expected: resp('2.1', '$NOW', rs('GetAttributes', `${uid('$UNIQUE_IDENTIFIER_0')}<Attributes>${digest('SHA_256', 'aa')}</Attributes>`)),
      actual: resp('2.1', STAMP, rs('GetAttributes', `${uid(id)}<Attributes>${digest('SHA_512', 'bb')}</Attributes>`)),
    });
    assert.deepEqual(converse([create21('g'), get('g')]).diffs, [undefined, undefined]);
    assertFail(converse([register21('r'), get('r')]).diffs[1], { path: 'ResponseMessage/BatchItem[0]/ResponsePayload/Attributes/Digest/HashingAlgorithm' });
    // Present it must be.
    const missing = converse([
      create21('g'),
      { ...get('g'), actual: resp('2.1', STAMP, rs('GetAttributes', `${uid('g')}<Attributes>${en('State', 'PreActive')}</Attributes>`)) },
    ]);
    assertFail(missing.diffs[1], { message: /^missing Digest/ });
  });

  test(`${RULES.wrappedKeyVariable.id}: a key wrapped by a server-generated key may differ`, () => {
    const wrapped = (id: string, wrapKey: string, bytes: string): string =>
      rs(
        'Get',
        `${en('ObjectType', 'SymmetricKey')}${uid(id)}<SymmetricKey><KeyBlock>${en('KeyFormatType', 'Raw')}${by('KeyValue', bytes)}` +
          `${en('CryptographicAlgorithm', 'AES')}${int('CryptographicLength', 128)}<KeyWrappingData>${en('WrappingMethod', 'Encrypt')}` +
          `<EncryptionKeyInformation>${uid(wrapKey)}</EncryptionKeyInformation></KeyWrappingData></KeyBlock></SymmetricKey>`,
      );
    const server = new ServerState();
    assert.equal(converse([create21('wk')], { server }).diffs[0], undefined);
    const get = (bytes: string): Exchange => ({
      request: req('2.1', rq('Get', uid('$UNIQUE_IDENTIFIER_0'))),
      expected: resp('2.1', '$NOW', wrapped('$UNIQUE_IDENTIFIER_0', '$UNIQUE_IDENTIFIER_1', 'aabbccdd')),
      actual: resp('2.1', STAMP, wrapped('reg', 'wk', bytes)),
    });
    assert.deepEqual(converse([register21('reg'), get('11223344')], { server }).diffs, [undefined, undefined]);
    // Wrapped by a key the client registered, with no random element: exact.
    const server2 = new ServerState();
    converse([register21('wk')], { server: server2 });
    assertFail(converse([register21('reg'), get('11223344')], { server: server2 }).diffs[1], {
      path: 'ResponseMessage/BatchItem[0]/ResponsePayload/SymmetricKey/KeyBlock/KeyValue',
      expected: 'aabbccdd',
    });
  });
});

describe(`cryptographic output (${RULES.cryptoOutputVariable.id}, ${RULES.variableOutputEcho.id})`, () => {
  const encrypt = (id: string, out: string, extra = ''): Exchange => ({
    request: req('2.1', rq('Encrypt', `${uid('$UNIQUE_IDENTIFIER_0')}${extra}${by('Data', '01020304050607080910111213141516')}`)),
    expected: resp('2.1', '$NOW', rs('Encrypt', `${uid('$UNIQUE_IDENTIFIER_0')}${by('Data', 'fd912d102dbb482f6f6e91bd57119095')}`)),
    actual: resp('2.1', STAMP, rs('Encrypt', `${uid(id)}${by('Data', out)}`)),
  });

  test('ciphertext of a server-generated key may differ; of a registered key with a deterministic mode not', () => {
    assert.deepEqual(converse([create21('g'), encrypt('g', '00000000000000000000000000000000')]).diffs, [undefined, undefined]);
    assertFail(converse([register21('r'), encrypt('r', '00000000000000000000000000000000')]).diffs[1], {
      path: 'ResponseMessage/BatchItem[0]/ResponsePayload/Data',
      expected: 'fd912d102dbb482f6f6e91bd57119095',
    });
  });

  test('randomised operations: random IV, server-chosen IV, RSA encryption, PSS, ECDSA', () => {
    const randomIv = `<CryptographicParameters>${en('BlockCipherMode', 'CBC')}${bool('RandomIV', true)}</CryptographicParameters>`;
    assert.deepEqual(converse([register21('r', randomIv), encrypt('r', '00')]).diffs, [undefined, undefined]);
    assert.deepEqual(converse([register21('r'), encrypt('r', '00', `<CryptographicParameters>${bool('RandomIV', true)}</CryptographicParameters>`)]).diffs, [undefined, undefined]);
    const serverIv: Exchange = {
      request: req('2.1', rq('Encrypt', `${uid('$UNIQUE_IDENTIFIER_0')}${by('Data', '01')}`)),
      expected: resp('2.1', '$NOW', rs('Encrypt', `${uid('$UNIQUE_IDENTIFIER_0')}${by('Data', 'aa')}${by('IVCounterNonce', 'bb')}`)),
      actual: resp('2.1', STAMP, rs('Encrypt', `${uid('r')}${by('Data', 'cc')}${by('IVCounterNonce', 'dd')}`)),
    };
    assert.deepEqual(converse([register21('r'), serverIv]).diffs, [undefined, undefined]);
    const withIv: Exchange = { ...serverIv, request: req('2.1', rq('Encrypt', `${uid('$UNIQUE_IDENTIFIER_0')}${by('Data', '01')}${by('IVCounterNonce', 'bb')}`)) };
    assertFail(converse([register21('r'), withIv]).diffs[1], { path: 'ResponseMessage/BatchItem[0]/ResponsePayload/Data' });
    const sign = (params: string): Exchange => ({
      request: req('2.1', rq('Sign', `${uid('$UNIQUE_IDENTIFIER_0')}${params}${by('Data', '01')}`)),
      expected: resp('2.1', '$NOW', rs('Sign', `${uid('$UNIQUE_IDENTIFIER_0')}${by('SignatureData', 'aa')}`)),
      actual: resp('2.1', STAMP, rs('Sign', `${uid('r')}${by('SignatureData', 'bb')}`)),
    });
    assert.deepEqual(converse([register21('r'), sign(`<CryptographicParameters>${en('PaddingMethod', 'PSS')}</CryptographicParameters>`)]).diffs, [undefined, undefined]);
    assert.deepEqual(
      converse([register21('r'), sign(`<CryptographicParameters>${en('DigitalSignatureAlgorithm', 'ECDSAWithSHA256')}</CryptographicParameters>`)]).diffs,
      [undefined, undefined],
    );
    assertFail(
      converse([register21('r'), sign(`<CryptographicParameters>${en('DigitalSignatureAlgorithm', 'SHA_256WithRSAEncryption')}${en('PaddingMethod', 'PKCS1V1_5')}</CryptographicParameters>`)]).diffs[1],
      { path: 'ResponseMessage/BatchItem[0]/ResponsePayload/SignatureData' },
    );
  });

  test('decryption is deterministic unless the key was generated by the server', () => {
    const decrypt: Exchange = {
      request: req('2.1', rq('Decrypt', `${uid('$UNIQUE_IDENTIFIER_0')}${by('Data', 'aa')}<CryptographicParameters>${bool('RandomIV', true)}</CryptographicParameters>`)),
      expected: resp('2.1', '$NOW', rs('Decrypt', `${uid('$UNIQUE_IDENTIFIER_0')}${by('Data', '0102')}`)),
      actual: resp('2.1', STAMP, rs('Decrypt', `${uid('r')}${by('Data', '0103')}`)),
    };
    assertFail(converse([register21('r'), decrypt]).diffs[1], { expected: '0102', actual: '0103' });
  });

  test('a later request that repeats a variable literal sends what the server returned', () => {
    const decrypt: Exchange = {
      request: req('2.1', rq('Decrypt', `${uid('$UNIQUE_IDENTIFIER_0')}${by('Data', 'fd912d102dbb482f6f6e91bd57119095')}`)),
      expected: resp('2.1', '$NOW', rs('Decrypt', `${uid('$UNIQUE_IDENTIFIER_0')}${by('Data', '01020304050607080910111213141516')}`)),
      actual: resp('2.1', STAMP, rs('Decrypt', `${uid('g')}${by('Data', '01020304050607080910111213141516')}`)),
    };
    const c = converse([create21('g'), encrypt('g', '99999999999999999999999999999999'), decrypt]);
    assert.deepEqual(c.diffs, [undefined, undefined, undefined]);
    const sent = child(child(child(c.requests[2], Tag.BatchItem), Tag.RequestPayload), Tag.Data);
    assert.equal(Buffer.from(sent?.value as Uint8Array).toString('hex'), '99999999999999999999999999999999');
    assert.ok((c.file.scope.ruleCounts().get(RULES.variableOutputEcho.id) ?? 0) >= 1);
  });

  test('RNG Retrieve output is variable', () => {
    assertPass(
      diffOf({
        request: req('2.1', rq('RNGRetrieve', int('DataLength', 4))),
        expected: resp('2.1', '$NOW', rs('RNGRetrieve', by('Data', '01020304'))),
        actual: resp('2.1', STAMP, rs('RNGRetrieve', by('Data', 'a1b2c3d4'))),
      }),
    );
  });
});

describe(`Query and Discover Versions (${RULES.querySet.id}, ${RULES.queryVariable.id}, ${RULES.discoverVersionsExtra.id})`, () => {
  const query = (expected: string, actual: string): Exchange => ({
    request: req('2.1', rq('Query', en('QueryFunction', 'QueryOperations') + en('QueryFunction', 'QueryServerInformation'))),
    expected: resp('2.1', '$NOW', rs('Query', expected)),
    actual: resp('2.1', STAMP, rs('Query', actual)),
  });
  const ops = (...names: string[]): string => names.map((n) => en('Operation', n)).join('');
  const info = (s: string): string => `<ServerInformation>${tx('Nonce', s)}</ServerInformation>`;

  test('extra operations and any order pass; Vendor Identification, Server Information contents and namespaces vary', () => {
    assertPass(
      diffOf(
        query(
          ops('Create', 'Get') + tx('VendorIdentification', 'OASIS') + info('a'),
          info('b') + ops('Get', 'Locate', 'Create') + tx('VendorIdentification', 'Keyhold') + tx('ApplicationNamespace', 'ns'),
        ),
      ),
    );
    assertPass(diffOf(query(ops('Create') + tx('VendorIdentification', 'OASIS'), ops('Create'))));
  });

  test('a missing operation or missing Server Information fails', () => {
    assertFail(diffOf(query(ops('Create', 'Get'), ops('Create', 'Locate'))), { message: /^missing Operation Get/, actual: /present: Create, Locate/ });
    assertFail(diffOf(query(ops('Create') + info('a'), ops('Create'))), { message: /^missing ServerInformation/ });
  });

  test('additional protocol versions only when the request listed none', () => {
    const versions = (...vs: string[]): string => vs.map(pv).join('');
    const exch = (reqPayload: string): Exchange => ({
      request: req('1.4', rq('DiscoverVersions', reqPayload)),
      expected: resp('1.4', '$NOW', rs('DiscoverVersions', versions('1.4', '1.2'))),
      actual: resp('1.4', STAMP, rs('DiscoverVersions', versions('2.1', '1.4', '1.3', '1.2'))),
    });
    assertPass(diffOf(exch('')));
    assertFail(diffOf(exch(versions('1.4', '1.2'))), { message: /unexpected ProtocolVersion|value differs|missing/ });
  });
});

describe(`optional response fields (${RULES.templateAttributeOptional.id})`, () => {
  test('a Template Attribute may be added or left out where the registry marks it optional (1.x Create)', () => {
    const ta = `<TemplateAttribute>${attr1('x-ID', tx('AttributeValue', 'v'))}</TemplateAttribute>`;
    const exch = (v: string, expected: string, actual: string): Exchange => ({
      request: req(v, rq('Create', `${en('ObjectType', 'SymmetricKey')}<TemplateAttribute/>`)),
      expected: resp(v, '$NOW', rs('Create', `${en('ObjectType', 'SymmetricKey')}${uid('$UNIQUE_IDENTIFIER_0')}${expected}`)),
      actual: resp(v, STAMP, rs('Create', `${en('ObjectType', 'SymmetricKey')}${uid('k')}${actual}`)),
    });
    assertPass(diffOf(exch('1.2', '', ta)));
    assertPass(diffOf(exch('1.4', ta, '')));
    // 2.x Create has no Template Attribute in its response.
    assertFail(diffOf(exch('2.1', '', ta)), { message: /unexpected TemplateAttribute/ });
  });
});

describe('bookkeeping', () => {
  test('rule uses are counted only for pairings that were kept', () => {
    const c = converse([
      {
        request: req('2.1', rq('GetAttributes', uid('x'))),
        expected: resp('2.1', '$NOW', rs('GetAttributes', `${uid('x')}<Attributes>${dt('InitialDate', '$NOW')}${dt('LastChangeDate', '$NOW')}</Attributes>`)),
        actual: resp('2.1', STAMP, rs('GetAttributes', `${uid('x')}<Attributes>${dt('LastChangeDate', STAMP)}${dt('InitialDate', STAMP)}</Attributes>`)),
      },
    ]);
    assert.equal(c.diffs[0], undefined);
    const counts = c.file.scope.ruleCounts();
    assert.equal(counts.get(RULES.nowAnyTime.id), 2);
    assert.equal(counts.get(RULES.attributesBag.id), 1);
    assert.equal(counts.get(RULES.timeStamp.id), 1);
  });

  test('every rule has a README citation and a distinct id', () => {
    const ids = Object.values(RULES).map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const r of Object.values(RULES)) {
      assert.match(r.readme, /§/);
      assert.ok(r.effect.length > 10);
    }
  });

  test('the provenance of objects: generated by Create, not by Register; Derive Key inherits', () => {
    const server = new ServerState();
    converse([create21('g')], { server });
    converse([register21('r')], { server });
    const derive = (base: string, out: string): Exchange => ({
      request: req('2.1', rq('DeriveKey', `${en('ObjectType', 'SymmetricKey')}${uid(base)}${en('DerivationMethod', 'HASH')}`)),
      expected: resp('2.1', '$NOW', rs('DeriveKey', uid('$UNIQUE_IDENTIFIER_0'))),
      actual: resp('2.1', STAMP, rs('DeriveKey', uid(out))),
    });
    converse([derive('g', 'dg'), derive('r', 'dr')], { server });
    assert.deepEqual([...server.generated].sort(), ['dg', 'g']);
  });

  test('response batch items pair with request batch items by Unique Batch Item ID, else by position', () => {
    const request = fromXml(
      req(
        '1.2',
        `<BatchItem>${en('Operation', 'Locate')}${by('UniqueBatchItemID', '01')}<RequestPayload/></BatchItem>`,
        `<BatchItem>${en('Operation', 'Get')}${by('UniqueBatchItemID', '02')}<RequestPayload/></BatchItem>`,
      ),
    );
    const withId = fromXml(`<BatchItem>${en('Operation', 'Get')}${by('UniqueBatchItemID', '02')}${en('ResultStatus', 'Success')}</BatchItem>`);
    const without = fromXml(`<BatchItem>${en('Operation', 'Get')}${en('ResultStatus', 'Success')}</BatchItem>`);
    assert.equal(requestItemFor(request, withId, 0), childrenWith(request, Tag.BatchItem)[1]);
    assert.equal(requestItemFor(request, without, 0), childrenWith(request, Tag.BatchItem)[0]);
  });
});
