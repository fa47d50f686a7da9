#!/usr/bin/env node
// spec/registry.json -> packages/client/src/operations/<operation>.ts, operations/index.ts and
// methods.ts: one typed function and one typed method per client-to-server operation of KMIP
// 1.0 to 2.1 (the operation list, names, spec sections and versions come from the registry; the
// one-line summaries below are ours).
//
// The generated files are committed and never edited by hand; `npm test` regenerates them in
// memory and fails when the committed copies differ (test/gen-client-fresh.test.mjs).
//
//   node scripts/gen-client.mjs           write the files
//   node scripts/gen-client.mjs --check   exit 1 when a committed file is stale
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMain, runGenerator } from './generated-files.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const clientSrc = join(root, 'packages', 'client', 'src');

/** Operations after this version (the 3.0 draft) get no method. */
export const LAST_VERSION = '2.1';

/**
 * Operations without a method, and why. Notify and Put are server-to-client operations
 * [KMIP 2.1 §6.2.2, §6.2.3]: a server sends them to a client that listens for them; this client
 * only initiates connections, so it never receives them and has no reason to send them.
 */
export const NOT_CLIENT_OPERATIONS = {
  Notify: 'server-to-client operation [KMIP 2.1 §6.2.2]: the server sends it, a client never does',
  Put: 'server-to-client operation [KMIP 2.1 §6.2.3]: the server sends it, a client never does',
};

/**
 * Operations whose `operations/<operation>.ts` is hand-written (the generator still lists them in
 * operations/index.ts and methods.ts). Poll's response item carries the polled operation and its
 * payload, not a Poll payload, so it cannot go through `call`.
 */
export const HAND_WRITTEN = {
  Poll: { returns: 'PollResult', returnsFrom: '../call.js', caller: 'MessageSender' },
};

/** What each operation does, in one sentence of our own (keyed by the registry's Operation name). */
const SUMMARY = {
  Create: 'Creates a symmetric key (or secret data) with the given attributes.',
  CreateKeyPair: 'Creates a private/public key pair.',
  Register: 'Registers an object the client supplies.',
  ReKey: 'Replaces a symmetric key with a new one (new Unique Identifier, linked to the old key), optionally shifting its dates by an Offset.',
  DeriveKey: 'Derives a new key from managed objects.',
  Certify: 'Asks the server to issue a certificate for a public key (or a certificate request).',
  ReCertify: 'Asks the server to renew a certificate (new Unique Identifier, linked to the old certificate).',
  Locate: 'Finds the identifiers of the objects whose attributes match.',
  Check: 'Checks that an object could be used as described (usage limits, mask, lease).',
  Get: 'Returns a managed object (optionally in another key format or wrapped).',
  GetAttributes: 'Returns attributes of an object (all, or the ones named).',
  GetAttributeList: 'Returns the names (references) of the attributes an object has.',
  AddAttribute: 'Adds an attribute value to an object.',
  ModifyAttribute: 'Changes an attribute value of an object.',
  DeleteAttribute: 'Deletes an attribute value of an object.',
  ObtainLease: "Obtains a lease on an object's use.",
  GetUsageAllocation: "Obtains an allocation from an object's Usage Limits before using it.",
  Activate: 'Moves an object from Pre-Active to Active.',
  Revoke: 'Revokes an object with a Revocation Reason.',
  Destroy: "Destroys an object's key material (the object must not be Active).",
  Archive: 'Moves an object to archival storage.',
  Recover: 'Brings an archived object back.',
  Validate: 'Asks the server to validate a certificate chain (the Validity Indicator tells the outcome).',
  Query: 'Asks the server what it supports (operations, object types, server information, …).',
  Cancel: 'Cancels an outstanding asynchronous operation named by its Asynchronous Correlation Value.',
  Poll: 'Asks for the result of an asynchronous operation named by its Asynchronous Correlation Value.',
  ReKeyKeyPair: 'Replaces a key pair with a new one (new identifiers, linked to the old keys).',
  DiscoverVersions: 'Lists the protocol versions the server supports, in its order of preference (an empty request asks for all).',
  Encrypt: 'Encrypts data with a managed key (single request, or one part of a multi-part stream with Init Indicator / Correlation Value / Final Indicator).',
  Decrypt: 'Decrypts data with a managed key (single request, or one part of a multi-part stream).',
  Sign: 'Signs data (or digested data) with a managed private key.',
  SignatureVerify: 'Verifies a signature with a managed public key; the Validity Indicator tells the outcome.',
  MAC: 'Computes a MAC over data with a managed key.',
  MACVerify: 'Verifies a MAC with a managed key; the Validity Indicator tells the outcome.',
  RNGRetrieve: "Returns random bytes from the server's RNG.",
  RNGSeed: "Gives the server's RNG seed data (the server says how many bytes it took).",
  Hash: 'Hashes data on the server.',
  CreateSplitKey: 'Splits a key into Split Key parts (n parts, any threshold of which rebuild it).',
  JoinSplitKey: 'Rebuilds a key (or secret data) from enough Split Key parts.',
  Import: 'Imports an object with all its attributes as exported from another server (1.4+).',
  Export: 'Exports an object with all its attributes, for Import into another server (1.4+).',
  Log: "Writes a message into the server's log (2.x).",
  Login: 'Obtains a Ticket that authenticates later requests (2.x).',
  Logout: 'Invalidates a Ticket obtained with Login (2.x).',
  DelegatedLogin: 'Obtains a Ticket that grants a subset of the caller’s rights to another party (2.x).',
  AdjustAttribute: 'Increments or decrements a numeric attribute, or shifts a date attribute (2.x).',
  SetAttribute: 'Sets a single-valued attribute (2.x; a 1.x server answers Operation Not Supported).',
  SetEndpointRole: 'Tells the server which role this endpoint plays, client or server (2.x).',
  PKCS_11: 'Runs a PKCS#11 function on the server, tunnelled through KMIP (2.x).',
  Interop: 'Drives a server through interoperability test steps (begin, end, reset) (2.x).',
  ReProvision: 'Asks the server to re-provision the client with a new certificate (2.x).',
  SetDefaults: 'Sets the default attribute values the server applies to new objects (2.1).',
  SetConstraints: 'Sets the constraints the server enforces on attribute values of new objects (2.1).',
  GetConstraints: 'Returns the constraints set with Set Constraints (2.1).',
  QueryAsynchronousRequests: 'Lists the outstanding asynchronous requests (their correlation values and operations) (2.1).',
  Process: 'Asks the server to go on processing an asynchronous request (2.1).',
  Ping: 'Checks that the server answers (2.1).',
};

const header = `// GENERATED by scripts/gen-client.mjs from spec/registry.json. Do not edit.\n// KMIP facts (c) OASIS Open; see spec/NOTICE-OASIS.md.\n`;

const cmpVersion = (a, b) => {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am - bm || an - bn;
};

/** Words of a registry name: "Re-key Key Pair" -> ["re", "key", "key", "pair"], "PKCS#11" -> ["pkcs11"]. */
const words = (name) => name.replace(/#/g, '').split(/[\s-]+/).map((w) => w.toLowerCase());
const RESERVED = new Set(['import', 'export']);

/** The client operations (1.0–2.1, client-to-server) with their generated names, in registry order. */
export function clientOperations(reg) {
  const opEnum = reg.enumerations.find((e) => e.name === 'Operation');
  const constOf = new Map(opEnum.values.map((v) => [parseInt(v.value, 16), v.xmlName]));
  const out = [];
  for (const o of reg.operations) {
    if (cmpVersion(o.since, LAST_VERSION) > 0) continue;
    const constName = constOf.get(parseInt(o.value, 16));
    if (constName === undefined) throw new Error(`operation ${o.name} is not in the Operation enumeration`);
    if (constName in NOT_CLIENT_OPERATIONS) continue;
    const w = words(o.name);
    const method = w[0] + w.slice(1).map((x) => x[0].toUpperCase() + x.slice(1)).join('');
    const sections = [o.specSection?.['2.1'] && `KMIP 2.1 §${o.specSection['2.1']}`, o.specSection?.['1.2'] && `1.2 §${o.specSection['1.2']}`].filter(Boolean).join(', ');
    const summary = SUMMARY[constName];
    if (summary === undefined) throw new Error(`scripts/gen-client.mjs has no summary for ${constName}`);
    out.push({
      name: o.name,
      constName,
      method,
      fn: RESERVED.has(method) ? `${method}Operation` : method,
      file: w.join('-'),
      since: o.since,
      sections,
      summary,
      hand: HAND_WRITTEN[constName],
    });
  }
  return out;
}

/** The generated files, by path relative to packages/client/src. */
export function generate(reg) {
  const ops = clientOperations(reg);
  const files = {};
  const rejects = 'Rejects with a `KmipOperationError` carrying the server\'s Result Status, Result Reason and Result Message on failure.';
  for (const op of ops) {
    if (op.hand) continue;
    const req = `${op.constName}Request`;
    const res = `${op.constName}Response`;
    files[`operations/${op.file}.ts`] =
      header +
      `/**\n * ${op.name} [${op.sections}] (since KMIP ${op.since}): ${op.summary}\n */\n` +
      `import { Operation, type ${req}, type ${res} } from '@keyhold/protocol';\n` +
      `import type { CallOptions, OperationCaller } from '../call.js';\n\n` +
      `/**\n * ${op.summary} ${rejects}\n */\n` +
      `export function ${op.fn}(client: OperationCaller, request: ${req}, options?: CallOptions): Promise<${res}> {\n` +
      `  return client.call(Operation.${op.constName}, request, options);\n}\n`;
  }

  let index =
    header +
    `/**\n * The explicit table of typed operations (design/STYLE.md §2.4, rule 6): one file per operation.\n` +
    ` * Each function takes an {@link OperationCaller} (a connected \`KmipClient\` or \`KmipPool\`) and a typed request.\n` +
    ` * Not here: ${Object.entries(NOT_CLIENT_OPERATIONS).map(([k, v]) => `${k} (${v})`).join('; ')}.\n */\n`;
  for (const op of ops) {
    index += op.fn === op.method ? `export { ${op.fn} } from './${op.file}.js';\n` : `export { ${op.fn} as ${op.method} } from './${op.file}.js';\n`;
  }
  files['operations/index.ts'] = index;

  const typeImports = [];
  const extra = new Map();
  for (const op of ops) {
    typeImports.push(`${op.constName}Request`);
    if (op.hand) {
      const list = extra.get(op.hand.returnsFrom) ?? [];
      list.push(op.hand.returns, op.hand.caller);
      extra.set(op.hand.returnsFrom, list);
    } else typeImports.push(`${op.constName}Response`);
  }
  let m =
    header +
    `/**\n * {@link OperationMethods}: one typed method per client-to-server operation of KMIP 1.0–${LAST_VERSION}\n` +
    ` * (each delegating to its \`operations/<operation>.ts\` function), shared by {@link KmipClient} and {@link KmipPool}.\n */\n` +
    `import type {\n${typeImports.map((t) => `  ${t},\n`).join('')}} from '@keyhold/protocol';\n` +
    `import type { RequestHeader, RequestBatchItem, ResponseMessage, RequestPayloadOf, ResponsePayloadOf, TypedOperation } from '@keyhold/protocol';\n`;
  const callImports = new Set(['CallOptions', 'MessageSender', 'OperationCaller']);
  for (const list of extra.values()) for (const t of list) callImports.add(t);
  m += `import type { ${[...callImports].join(', ')} } from './call.js';\n`;
  m += `import * as ops from './operations/index.js';\n\n`;
  m +=
    `/** The typed operation methods over an abstract {@link OperationCaller.call} (and {@link MessageSender.send}). */\n` +
    `export abstract class OperationMethods implements OperationCaller, MessageSender {\n` +
    `  /** Sends \`payload\` as a one-item request and resolves with the typed response payload. */\n` +
    `  abstract call<O extends TypedOperation>(operation: O, payload: RequestPayloadOf<O>, options?: CallOptions): Promise<ResponsePayloadOf<O>>;\n\n` +
    `  /** Sends request batch items as one message and resolves with the decoded response message. */\n` +
    `  abstract send(items: RequestBatchItem[], header?: Partial<Omit<RequestHeader, 'protocolVersion'>>, options?: CallOptions): Promise<ResponseMessage>;\n`;
  for (const op of ops) {
    const req = `${op.constName}Request`;
    const res = op.hand ? op.hand.returns : `${op.constName}Response`;
    m +=
      `\n  /**\n   * ${op.name} [${op.sections}] (since KMIP ${op.since}): ${op.summary}\n   * ${rejects}\n   */\n` +
      `  ${op.method}(request: ${req}, options?: CallOptions): Promise<${res}> {\n` +
      `    return ops.${op.method}(this, request, options);\n  }\n`;
  }
  m += `}\n`;
  files['methods.ts'] = m;
  return files;
}

if (isMain(import.meta.url)) runGenerator(generate, clientSrc);
