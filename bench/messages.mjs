// Representative KMIP 2.1 messages for the codec benchmarks, built as real TTLV trees
// (message, header, batch item, payload) from the generated registry tables.
// Deterministic: the same bytes on every run, so results are comparable between runs.
import {
  BlockCipherMode,
  CryptographicAlgorithm,
  CryptographicUsageMask,
  HashingAlgorithm,
  ItemType,
  KeyFormatType,
  NameType,
  ObjectType,
  Operation,
  PaddingMethod,
  ResultStatus,
  State,
  Tag,
} from '../packages/protocol/dist/src/index.js';

const T = ItemType;

/** Small deterministic PRNG (xorshift32) so every run encodes the same bytes. */
function prng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

function bytes(n, seed) {
  const next = prng(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = next() & 0xff;
  return out;
}

function uuid(next) {
  const h = Array.from({ length: 16 }, () => (next() & 0xff).toString(16).padStart(2, '0'));
  h[6] = '4' + h[6][1];
  h[8] = ((parseInt(h[8], 16) & 0x3f) | 0x80).toString(16);
  return `${h.slice(0, 4).join('')}-${h.slice(4, 6).join('')}-${h.slice(6, 8).join('')}-${h.slice(8, 10).join('')}-${h.slice(10).join('')}`;
}

const s = (tag, value) => ({ tag, type: T.Structure, value });
const int = (tag, value) => ({ tag, type: T.Integer, value });
const en = (tag, value) => ({ tag, type: T.Enumeration, value });
const txt = (tag, value) => ({ tag, type: T.TextString, value });
const byt = (tag, value) => ({ tag, type: T.ByteString, value });
const dt = (tag, seconds) => ({ tag, type: T.DateTime, value: BigInt(seconds) });
const bool = (tag, value) => ({ tag, type: T.Boolean, value });

const NOW = 1_732_800_000; // 2024-11-28T13:20:00Z

const version21 = s(Tag.ProtocolVersion, [int(Tag.ProtocolVersionMajor, 2), int(Tag.ProtocolVersionMinor, 1)]);

function responseMessage(operation, payload) {
  return s(Tag.ResponseMessage, [
    s(Tag.ResponseHeader, [version21, dt(Tag.TimeStamp, NOW), int(Tag.BatchCount, 1)]),
    s(Tag.BatchItem, [
      en(Tag.Operation, operation),
      en(Tag.ResultStatus, ResultStatus.Success),
      s(Tag.ResponsePayload, payload),
    ]),
  ]);
}

/** (a) Get response: a 256-bit AES key with its attributes (KMIP 2.1 Attributes structure in the Key Value). */
export function getResponse() {
  const next = prng(0x6b6d6970);
  const id = uuid(next);
  const key = bytes(32, 7);
  const digest = bytes(32, 11);
  const attributes = s(Tag.Attributes, [
    en(Tag.CryptographicAlgorithm, CryptographicAlgorithm.AES),
    int(Tag.CryptographicLength, 256),
    int(Tag.CryptographicUsageMask, CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt),
    s(Tag.Name, [txt(Tag.NameValue, 'payments/dek/2024-11/0001'), en(Tag.NameType, NameType.UninterpretedTextString)]),
    en(Tag.State, State.Active),
    dt(Tag.InitialDate, NOW - 86_400),
    dt(Tag.LastChangeDate, NOW - 3_600),
    dt(Tag.ActivationDate, NOW - 86_400),
    en(Tag.ObjectType, ObjectType.SymmetricKey),
    txt(Tag.UniqueIdentifier, id),
    s(Tag.Digest, [
      en(Tag.HashingAlgorithm, HashingAlgorithm.SHA_256),
      byt(Tag.DigestValue, digest),
      en(Tag.KeyFormatType, KeyFormatType.Raw),
    ]),
    dt(Tag.OriginalCreationDate, NOW - 86_400),
    bool(Tag.Sensitive, false),
    bool(Tag.AlwaysSensitive, false),
    bool(Tag.Extractable, true),
    bool(Tag.NeverExtractable, false),
    bool(Tag.Fresh, false),
  ]);
  return responseMessage(Operation.Get, [
    en(Tag.ObjectType, ObjectType.SymmetricKey),
    txt(Tag.UniqueIdentifier, id),
    s(Tag.SymmetricKey, [
      s(Tag.KeyBlock, [
        en(Tag.KeyFormatType, KeyFormatType.Raw),
        s(Tag.KeyValue, [byt(Tag.KeyMaterial, key), attributes]),
        en(Tag.CryptographicAlgorithm, CryptographicAlgorithm.AES),
        int(Tag.CryptographicLength, 256),
      ]),
    ]),
  ]);
}

/** (b) Locate response with `n` Unique Identifiers (UUID strings). */
export function locateResponse(n = 1000) {
  const next = prng(0x4c6f6361);
  const ids = [];
  for (let i = 0; i < n; i++) ids.push(txt(Tag.UniqueIdentifier, uuid(next)));
  return responseMessage(Operation.Locate, [int(Tag.LocatedItems, n), ...ids]);
}

/** (c) Encrypt request carrying `size` bytes of Data (default 1 MiB), AES-GCM parameters and a nonce. */
export function encryptRequest(size = 1024 * 1024) {
  const next = prng(0x456e6372);
  return s(Tag.RequestMessage, [
    s(Tag.RequestHeader, [version21, int(Tag.BatchCount, 1)]),
    s(Tag.BatchItem, [
      en(Tag.Operation, Operation.Encrypt),
      s(Tag.RequestPayload, [
        txt(Tag.UniqueIdentifier, uuid(next)),
        s(Tag.CryptographicParameters, [
          en(Tag.BlockCipherMode, BlockCipherMode.GCM),
          en(Tag.PaddingMethod, PaddingMethod.None),
          en(Tag.CryptographicAlgorithm, CryptographicAlgorithm.AES),
        ]),
        byt(Tag.Data, bytes(size, 13)),
        byt(Tag.IVCounterNonce, bytes(12, 17)),
      ]),
    ]),
  ]);
}

/** Number of items (of any type) in a tree. */
export function countItems(node) {
  if (node.type !== T.Structure) return 1;
  let n = 1;
  for (const c of node.value) n += countItems(c);
  return n;
}

/** The three benchmark messages, in report order. */
export function allMessages() {
  return [
    { name: 'Get response (AES-256 key + 17 attributes)', short: 'get', tree: getResponse() },
    { name: 'Locate response (1,000 UUIDs)', short: 'locate', tree: locateResponse(1000) },
    { name: 'Encrypt request (1 MiB data)', short: 'encrypt', tree: encryptRequest(1024 * 1024) },
  ];
}
