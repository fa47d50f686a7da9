/**
 * Query [KMIP 1.2 §4.25, 2.1 §6.1.37]: what this server supports. Every answer lists only what
 * truly works here: the operations of the operation table that the request's protocol version
 * defines, the object types the server stores, server information, and its capabilities (batch
 * Undo and Continue; no asynchronous or streaming operation, no attestation). Query functions
 * with nothing to report (application namespaces, extensions, attestation types, validations,
 * profiles, client registration methods, defaults, storage protection masks) return nothing,
 * which the specification allows.
 *
 * Result Reasons: none of its own.
 */
import {
  definedIn,
  ENUM_DEFS,
  ObjectType,
  Operation,
  operationDef,
  QueryFunction,
  type QueryResponse,
} from '@keyhold/protocol';
import { defineOperation } from './context.js';

/** Object types this server stores. */
const STORED_OBJECT_TYPES = [
  ObjectType.Certificate,
  ObjectType.SymmetricKey,
  ObjectType.PublicKey,
  ObjectType.PrivateKey,
  ObjectType.SplitKey,
  ObjectType.Template,
  ObjectType.SecretData,
  ObjectType.OpaqueObject,
  ObjectType.PGPKey,
  ObjectType.CertificateRequest,
];

const objectTypeDefs = new Map(ENUM_DEFS.find((e) => e.name === 'Object Type')?.values.map((v) => [v.value, v]) ?? []);

export const query = defineOperation(Operation.Query, async (req, ctx) => {
  const fns = new Set(req.queryFunction);
  const out: QueryResponse = {};
  if (fns.has(QueryFunction.QueryOperations)) {
    out.operation = ctx
      .supportedOperations()
      .filter((op) => {
        const def = operationDef(op);
        return def !== undefined && definedIn(def, ctx.version);
      }) as NonNullable<QueryResponse['operation']>;
  }
  if (fns.has(QueryFunction.QueryObjects)) {
    out.objectType = STORED_OBJECT_TYPES.filter((t) => {
      const def = objectTypeDefs.get(t);
      return def !== undefined && definedIn(def, ctx.version);
    });
  }
  if (fns.has(QueryFunction.QueryServerInformation)) {
    out.vendorIdentification = ctx.server.vendorIdentification;
    out.serverInformation = { serverName: 'Keyhold', productName: 'Keyhold KMIP server', serverVersion: ctx.server.productVersion };
  }
  if (fns.has(QueryFunction.QueryCapabilities)) {
    out.capabilityInformation = [
      { streamingCapability: false, asynchronousCapability: false, attestationCapability: false, batchUndoCapability: true, batchContinueCapability: true },
    ];
  }
  return out;
});
