/**
 * Query [KMIP 1.2 §4.25, 2.1 §6.1.40]: what this server supports. Each Query Function of the
 * request is answered with what is true of this server, in the items the request's protocol
 * version defines (the model omits fields a version lacks; the enumeration values listed here are
 * filtered by version as well, so an older client never sees a value its version does not define).
 * A Query Function the request's version does not define (Query Profiles to a 1.2 client) has
 * nothing to answer in that version and is left unanswered.
 *
 * - Operations: the operation table, restricted to the operations of the request's version.
 * - Objects: the object types the store keeps (of the request's version).
 * - Server Information: Vendor Identification and the server's name, product and version.
 * - Application Namespaces, Extension List/Map, Attestation Types: none — the server generates no
 *   application-specific values, defines no extension tags and supports no attestation.
 * - RNGs [1.3+, 2.1 §7.36]: the one generator behind every server-made key, {@link SERVER_RNG}
 *   (node:crypto, i.e. OpenSSL 3's default DRBG: NIST SP 800-90A CTR_DRBG with AES-256), the same
 *   value as the Random Number Generator attribute of those keys.
 * - Validations [1.3+, 2.1 §7.41]: none. The server asserts no formal validation (no FIPS 140 or
 *   Common Criteria certificate of its own), which the specification allows ("zero or more").
 * - Profiles [1.3+, 2.1 §7.31]: {@link SERVER_PROFILES}.
 * - Capabilities [1.3+, 2.1 §7.5]: {@link SERVER_CAPABILITIES}.
 * - Client Registration Methods [1.3+, 2.1 §11.10]: Unspecified only. Clients are registered
 *   outside KMIP: the first start issues an administrator certificate into the data directory, or
 *   the operator configures the client CA of their own PKI. None of the four defined methods — a
 *   PKCS#12 returned under HEX(SHA256(Username || Password)), or a client certificate registered
 *   with the server as its credential — is offered.
 * - Defaults Information [2.0+, 2.1 §7.11]: present and empty. The server keeps no Object
 *   Defaults (Set Defaults is not supported). What it fills in when a client omits an attribute is
 *   either what the specification itself prescribes (Sensitive False, Extractable True, Fresh
 *   True, …) or depends on the algorithm the client chose — Create Key Pair without a length or
 *   curve makes RSA and DSA keys of 2048 bits and EC keys on P-256 — which an Object Defaults
 *   entry (attribute values per Object Type) cannot say without naming a default algorithm, and
 *   the server has none (Create and Create Key Pair without Cryptographic Algorithm fail).
 * - Storage Protection Masks [2.0+, 2.1 §7.33]: Software — objects are kept encrypted under the
 *   master key in a file or in memory, never in hardware ({@link STORED_PROTECTION}).
 *
 * The request's Object Groups narrow the Defaults Information to those groups; there are no
 * defaults for any group, so the answer does not change.
 *
 * Result Reasons: none of its own.
 */
import {
  ClientRegistrationMethod,
  definedIn,
  DestroyAction,
  ENUM_DEFS,
  ObjectType,
  Operation,
  operationDef,
  ProfileName,
  QueryFunction,
  RNGMode,
  ShreddingAlgorithm,
  UnwrapMode,
  type CapabilityInformation,
  type ProfileInformation,
  type ProtocolVersion,
  type QueryResponse,
  type RNGParameters,
} from '@keyhold/protocol';
import { SERVER_RNG, STORED_PROTECTION } from '../objects/creation.js';
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

/**
 * The server profiles this server conforms to: those whose every mandatory OASIS test case passes
 * (docs/CONFORMANCE.md: AKLC, OMOS, SASED, SKFF, SKLC and TL for KMIP 1.0, 1.1, 1.2, 1.4 and 2.1;
 * the KMIP 1.3 variants were checked by replaying the 1.4 mandatory files as 1.3, less the
 * attributes 1.4 added). In 1.x each profile is named once per protocol version it holds for
 * ("Tape Library Server KMIP v1.0" … "v1.4"), values the 1.3 and 1.4 registries define; in 2.x
 * the name carries no version and Profile Version says which profiles document it is: KMIP
 * Profiles 2.1, whose test cases these are.
 *
 * Not listed, because the server does not conform:
 * - Baseline Server: its test cases pass in 2.1 (BL-M-*-21), but the profile also fixes the
 *   transport, and that is not established: the 1.x Basic Authentication Suite needs TLS 1.0 (the
 *   server speaks TLS 1.2 and 1.3 only) and the TLS 1.2 suite TLS_RSA_WITH_AES_128_CBC_SHA256 and
 *   TLS_RSA_WITH_AES_256_CBC_SHA256, which the first-start PKI's EC server key cannot negotiate;
 * - Complete Server; the Basic, Advanced and RNG Cryptographic servers, Suite B, AES XTS, Quantum
 *   Safe and PKCS#11 (their mandatory test cases fail); every client profile.
 *
 * The HTTPS, JSON and XML server profiles ({@link MESSAGE_PROFILES}) are named only when the
 * HTTPS listener runs (`https.port`; ServerFacts.https): it takes POST /kmip with TTLV, XML and
 * JSON bodies and answers in the request's encoding (transport/https.ts).
 */
export const SERVER_PROFILES: readonly { readonly family: string; readonly names: readonly ProfileName[] }[] = [
  {
    family: 'TL',
    names: [
      ProfileName.TapeLibraryServerKMIPV1_0,
      ProfileName.TapeLibraryServerKMIPV1_1,
      ProfileName.TapeLibraryServerKMIPV1_2,
      ProfileName.TapeLibraryServerKMIPV1_3,
      ProfileName.TapeLibraryServerKMIPV1_4,
      ProfileName.TapeLibraryServer,
    ],
  },
  {
    family: 'SKLC',
    names: [
      ProfileName.SymmetricKeyLifecycleServerKMIPV1_0,
      ProfileName.SymmetricKeyLifecycleServerKMIPV1_1,
      ProfileName.SymmetricKeyLifecycleServerKMIPV1_2,
      ProfileName.SymmetricKeyLifecycleServerKMIPV1_3,
      ProfileName.SymmetricKeyLifecycleServerKMIPV1_4,
      ProfileName.SymmetricKeyLifecycleServer,
    ],
  },
  {
    family: 'AKLC',
    names: [
      ProfileName.AsymmetricKeyLifecycleServerKMIPV1_0,
      ProfileName.AsymmetricKeyLifecycleServerKMIPV1_1,
      ProfileName.AsymmetricKeyLifecycleServerKMIPV1_2,
      ProfileName.AsymmetricKeyLifecycleServerKMIPV1_3,
      ProfileName.AsymmetricKeyLifecycleServerKMIPV1_4,
      ProfileName.AsymmetricKeyLifecycleServer,
    ],
  },
  {
    family: 'SKFF',
    names: [
      ProfileName.SymmetricKeyFoundryServerKMIPV1_0,
      ProfileName.SymmetricKeyFoundryServerKMIPV1_1,
      ProfileName.SymmetricKeyFoundryServerKMIPV1_2,
      ProfileName.SymmetricKeyFoundryServerKMIPV1_3,
      ProfileName.SymmetricKeyFoundryServerKMIPV1_4,
      ProfileName.SymmetricKeyFoundryServer,
    ],
  },
  {
    family: 'OMOS',
    names: [
      ProfileName.OpaqueManagedObjectStoreServerKMIPV1_0,
      ProfileName.OpaqueManagedObjectStoreServerKMIPV1_1,
      ProfileName.OpaqueManagedObjectStoreServerKMIPV1_2,
      ProfileName.OpaqueManagedObjectStoreServerKMIPV1_3,
      ProfileName.OpaqueManagedObjectStoreServerKMIPV1_4,
      ProfileName.OpaqueManagedObjectStoreServer,
    ],
  },
  {
    family: 'SASED',
    names: [
      ProfileName.StorageArrayWithSelfEncryptingDriveServerKMIPV1_0,
      ProfileName.StorageArrayWithSelfEncryptingDriveServerKMIPV1_1,
      ProfileName.StorageArrayWithSelfEncryptingDriveServerKMIPV1_2,
      ProfileName.StorageArrayWithSelfEncryptingDriveServerKMIPV1_3,
      ProfileName.StorageArrayWithSelfEncryptingDriveServerKMIPV1_4,
      ProfileName.StorageArrayWithSelfEncryptingDriveServer,
    ],
  },
];

/** The message profiles of the HTTPS listener, named when it runs (see {@link SERVER_PROFILES}). */
export const MESSAGE_PROFILES: readonly ProfileName[] = [
  ProfileName.HTTPSServerKMIPV1_0,
  ProfileName.HTTPSServerKMIPV1_1,
  ProfileName.HTTPSServerKMIPV1_2,
  ProfileName.HTTPSServerKMIPV1_3,
  ProfileName.HTTPSServerKMIPV1_4,
  ProfileName.HTTPSServer,
  ProfileName.JSONServerKMIPV1_0,
  ProfileName.JSONServerKMIPV1_1,
  ProfileName.JSONServerKMIPV1_2,
  ProfileName.JSONServerKMIPV1_3,
  ProfileName.JSONServerKMIPV1_4,
  ProfileName.JSONServer,
  ProfileName.XMLServerKMIPV1_0,
  ProfileName.XMLServerKMIPV1_1,
  ProfileName.XMLServerKMIPV1_2,
  ProfileName.XMLServerKMIPV1_3,
  ProfileName.XMLServerKMIPV1_4,
  ProfileName.XMLServer,
];

/** The KMIP Profiles document the 2.x profile names refer to (Profile Version, 2.0+). */
const PROFILES_DOCUMENT_VERSION = { profileVersionMajor: 2, profileVersionMinor: 1 };

/**
 * What the server can do [2.1 §7.5], in the structure's field order:
 * - no streaming (no Correlation Value, no multi-part cryptographic operations), no asynchronous
 *   responses, no attestation;
 * - Batch Undo and Batch Continue: both Batch Error Continuation Options are honoured (executor);
 *   these two fields came with 1.4, so a 1.3 answer has neither;
 * - Unwrap Mode Not Processed: Register keeps a wrapped key value as it came, with its Key
 *   Wrapping Data, and never unwraps it;
 * - Destroy Action Key Material Deleted: Destroy removes the key material and keeps the metadata
 *   (State Destroyed, Destroy Date); nothing is overwritten;
 * - Shredding Algorithm Unsupported: no shredding — every stored value is sealed under the one
 *   master key, with no per-object key whose erasure would shred it cryptographically;
 * - RNG Mode Shared Instantiation: one generator (OpenSSL's DRBG of the server process) serves
 *   every client, none is instantiated per client;
 * - Quantum Safe Capability (2.0+) false: the server makes no quantum-safe claim for its objects
 *   and does not implement the Quantum Safe profile.
 */
export const SERVER_CAPABILITIES: CapabilityInformation = {
  streamingCapability: false,
  asynchronousCapability: false,
  attestationCapability: false,
  batchUndoCapability: true,
  batchContinueCapability: true,
  unwrapMode: UnwrapMode.NotProcessed,
  destroyAction: DestroyAction.KeyMaterialDeleted,
  shreddingAlgorithm: ShreddingAlgorithm.Unsupported,
  rngMode: RNGMode.SharedInstantiation,
  quantumSafeCapability: false,
};

/** How clients are registered: outside KMIP (see the file comment). */
const CLIENT_REGISTRATION_METHODS = [ClientRegistrationMethod.Unspecified];

/** Enumeration values by enumeration name, with their version ranges. */
const ENUM_VALUES = new Map(ENUM_DEFS.map((e) => [e.name, new Map(e.values.map((v) => [v.value, v]))]));

/** True when `value` of the enumeration `name` exists in protocol version `v`. */
function enumIn(name: string, value: number, v: ProtocolVersion): boolean {
  const def = ENUM_VALUES.get(name)?.get(value);
  return def !== undefined && definedIn(def, v);
}

/** The values of enumeration `name` that version `v` defines. */
function valuesIn<T extends number>(name: string, values: readonly T[], v: ProtocolVersion): T[] {
  return values.filter((x) => enumIn(name, x, v));
}

/** Capability Information for version `v`: enumerated fields whose value `v` lacks are left out. */
function capabilitiesIn(v: ProtocolVersion): CapabilityInformation {
  const c: CapabilityInformation = { ...SERVER_CAPABILITIES };
  if (c.unwrapMode !== undefined && !enumIn('Unwrap Mode', c.unwrapMode, v)) delete c.unwrapMode;
  if (c.destroyAction !== undefined && !enumIn('Destroy Action', c.destroyAction, v)) delete c.destroyAction;
  if (c.shreddingAlgorithm !== undefined && !enumIn('Shredding Algorithm', c.shreddingAlgorithm, v)) delete c.shreddingAlgorithm;
  if (c.rngMode !== undefined && !enumIn('RNG Mode', c.rngMode, v)) delete c.rngMode;
  return c;
}

/** The RNG Parameters for version `v` (every value of {@link SERVER_RNG} exists since 1.3). */
function rngsIn(v: ProtocolVersion): RNGParameters[] {
  const r = SERVER_RNG;
  const ok =
    enumIn('RNG Algorithm', r.rngAlgorithm, v) &&
    (r.drbgAlgorithm === undefined || enumIn('DRBG Algorithm', r.drbgAlgorithm, v)) &&
    (r.cryptographicAlgorithm === undefined || enumIn('Cryptographic Algorithm', r.cryptographicAlgorithm, v)) &&
    (r.hashingAlgorithm === undefined || enumIn('Hashing Algorithm', r.hashingAlgorithm, v));
  return ok ? [{ ...r }] : [];
}

/** The Profile Information entries for version `v`. */
function profilesIn(v: ProtocolVersion, https: boolean): ProfileInformation[] {
  const names = [...SERVER_PROFILES.flatMap((p) => valuesIn('Profile Name', p.names, v)), ...(https ? valuesIn('Profile Name', MESSAGE_PROFILES, v) : [])];
  return names.map((profileName) => (v.major >= 2 ? { profileName, profileVersion: { ...PROFILES_DOCUMENT_VERSION } } : { profileName }));
}

export const query = defineOperation(Operation.Query, async (req, ctx) => {
  const v = ctx.version;
  // A Query Function this version does not define has nothing to answer in it.
  const fns = new Set((req.queryFunction ?? []).filter((f) => enumIn('Query Function', f, v)));
  const out: QueryResponse = {};
  if (fns.has(QueryFunction.QueryOperations)) {
    out.operation = ctx
      .supportedOperations()
      .filter((op) => {
        const def = operationDef(op);
        return def !== undefined && definedIn(def, v);
      }) as NonNullable<QueryResponse['operation']>;
  }
  if (fns.has(QueryFunction.QueryObjects)) out.objectType = valuesIn('Object Type', STORED_OBJECT_TYPES, v);
  if (fns.has(QueryFunction.QueryServerInformation)) {
    out.vendorIdentification = ctx.server.vendorIdentification;
    out.serverInformation = { serverName: 'Keyhold', productName: 'Keyhold KMIP server', serverVersion: ctx.server.productVersion };
  }
  // Application Namespaces, Extension List/Map, Attestation Types and Validations: none to list.
  if (fns.has(QueryFunction.QueryRNGs)) out.rngParameters = rngsIn(v);
  if (fns.has(QueryFunction.QueryProfiles)) out.profileInformation = profilesIn(v, ctx.server.https === true);
  if (fns.has(QueryFunction.QueryCapabilities)) out.capabilityInformation = [capabilitiesIn(v)];
  if (fns.has(QueryFunction.QueryClientRegistrationMethods)) {
    out.clientRegistrationMethod = valuesIn('Client Registration Method', CLIENT_REGISTRATION_METHODS, v);
  }
  if (fns.has(QueryFunction.QueryDefaultsInformation)) out.defaultsInformation = { objectDefaults: [] };
  if (fns.has(QueryFunction.QueryStorageProtectionMasks)) out.protectionStorageMasks = { protectionStorageMask: [STORED_PROTECTION] };
  return out;
});
