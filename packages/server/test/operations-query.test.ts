/**
 * Query [KMIP 1.2 §4.25, 2.1 §6.1.40] through the executor with real KMIP messages: every Query
 * Function answers what is true of this server — RNGs, Validations, Profiles, Capabilities, Client
 * Registration Methods, Defaults Information, Storage Protection Masks besides Operations, Objects
 * and Server Information — and each answer holds only what the request's protocol version defines
 * (tags and enumeration values, checked on the wire).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ClientRegistrationMethod,
  CryptographicAlgorithm,
  decodeTtlv,
  definedIn,
  DestroyAction,
  DRBGAlgorithm,
  encodeRequestMessage,
  encodeTtlv,
  enumForTag,
  ItemType,
  ObjectType,
  Operation,
  ProfileName,
  ProtectionStorageMask,
  QueryFunction,
  ResultStatus,
  RNGAlgorithm,
  RNGMode,
  ShreddingAlgorithm,
  Tag,
  tagDef,
  UnwrapMode,
  type ProtocolVersion,
  type TtlvNode,
} from '@keyhold/protocol';
import { SERVER_RNG } from '../src/objects/creation.js';
import { SERVER_PROFILES } from '../src/operations/query.js';
import { ALL_VERSIONS, InProcessKmip, item, requestMessage, V1_2, V1_3, V1_4, V2_0, V2_1, versionName } from './helpers/kmip.js';

const Q = QueryFunction;
const EVERY_FUNCTION = Object.values(QueryFunction);

const profileNameDefs = enumForTag(Tag.ProfileName);

function profileDefined(name: number, v: ProtocolVersion): boolean {
  const def = profileNameDefs?.byValue.get(name);
  return def !== undefined && definedIn(def, v);
}

/** Sends a Query and returns the raw response payload (TTLV tree). */
async function rawQuery(kmip: InProcessKmip, v: ProtocolVersion, fns: readonly number[]): Promise<TtlvNode> {
  const bytes = encodeTtlv(encodeRequestMessage(requestMessage(v, [item(Operation.Query, { queryFunction: fns as QueryFunction[] })])));
  const res = decodeTtlv(await kmip.executor.handleMessage(Buffer.from(bytes), kmip.session));
  assert.equal(res.type, ItemType.Structure);
  const batch = res.value.find((n) => n.tag === Tag.BatchItem);
  assert.ok(batch !== undefined && batch.type === ItemType.Structure);
  const status = batch.value.find((n) => n.tag === Tag.ResultStatus);
  assert.equal(status?.value, ResultStatus.Success);
  const payload = batch.value.find((n) => n.tag === Tag.ResponsePayload);
  assert.ok(payload !== undefined);
  return payload;
}

/** Every tag, and every enumeration value, of `node` that version `v` does not define. */
function outOfVersion(node: TtlvNode, v: ProtocolVersion, out: string[] = []): string[] {
  const def = tagDef(node.tag);
  if (def === undefined || !definedIn(def, v)) out.push(`tag ${def?.name ?? node.tag.toString(16)}`);
  if (node.type === ItemType.Enumeration) {
    const value = enumForTag(node.tag)?.byValue.get(node.value);
    if (value === undefined || !definedIn(value, v)) out.push(`${def?.name ?? '?'} value 0x${node.value.toString(16)}`);
  }
  if (node.type === ItemType.Structure) for (const c of node.value) outOfVersion(c, v, out);
  return out;
}

describe('Query', () => {
  test('every answer holds only tags and enumeration values of the request version', async () => {
    const kmip = new InProcessKmip();
    for (const v of ALL_VERSIONS) {
      // Only the Query Functions the version defines can be encoded in its request.
      const fns = EVERY_FUNCTION.filter((f) => {
        const d = enumForTag(Tag.QueryFunction)?.byValue.get(f);
        return d !== undefined && definedIn(d, v);
      });
      const payload = await rawQuery(kmip, v, fns);
      assert.deepEqual(outOfVersion(payload, v), [], `KMIP ${versionName(v)}`);
    }
  });

  test('Capabilities: no streaming, asynchronous or attestation; Undo and Continue; wrapped keys kept as they are; key material deleted, not shredded; one shared RNG', async () => {
    const kmip = new InProcessKmip();
    const V14_CAPABILITIES = {
      streamingCapability: false,
      asynchronousCapability: false,
      attestationCapability: false,
      batchUndoCapability: true,
      batchContinueCapability: true,
      unwrapMode: UnwrapMode.NotProcessed,
      destroyAction: DestroyAction.KeyMaterialDeleted,
      shreddingAlgorithm: ShreddingAlgorithm.Unsupported,
      rngMode: RNGMode.SharedInstantiation,
    };
    const res14 = await kmip.ok(V1_4, Operation.Query, { queryFunction: [Q.QueryCapabilities] });
    assert.deepEqual(res14.capabilityInformation, [V14_CAPABILITIES], 'Quantum Safe Capability is a 2.0 field');
    // Batch Undo and Batch Continue Capability came with 1.4.
    const res13 = await kmip.ok(V1_3, Operation.Query, { queryFunction: [Q.QueryCapabilities] });
    const { batchUndoCapability: _u, batchContinueCapability: _c, ...v13 } = V14_CAPABILITIES;
    assert.deepEqual(res13.capabilityInformation, [v13]);
    for (const v of [V2_0, V2_1]) {
      const [cap] = (await kmip.ok(v, Operation.Query, { queryFunction: [Q.QueryCapabilities] })).capabilityInformation ?? [];
      assert.equal(cap?.quantumSafeCapability, false);
      assert.equal(cap?.unwrapMode, UnwrapMode.NotProcessed);
    }
  });

  test('the field order of Capability Information on the wire is the specification order', async () => {
    const kmip = new InProcessKmip();
    const payload = await rawQuery(kmip, V2_1, [Q.QueryCapabilities]);
    assert.ok(payload.type === ItemType.Structure);
    const cap = payload.value.find((n) => n.tag === Tag.CapabilityInformation);
    assert.ok(cap !== undefined && cap.type === ItemType.Structure);
    assert.deepEqual(
      cap.value.map((n) => n.tag),
      [
        Tag.StreamingCapability,
        Tag.AsynchronousCapability,
        Tag.AttestationCapability,
        Tag.BatchUndoCapability,
        Tag.BatchContinueCapability,
        Tag.UnwrapMode,
        Tag.DestroyAction,
        Tag.ShreddingAlgorithm,
        Tag.RNGMode,
        Tag.QuantumSafeCapability,
      ],
    );
  });

  test('RNGs: the CTR_DRBG (AES-256) behind every server-made key, as its Random Number Generator attribute says', async () => {
    const kmip = new InProcessKmip();
    for (const v of [V1_3, V1_4, V2_0, V2_1]) {
      const res = await kmip.ok(v, Operation.Query, { queryFunction: [Q.QueryRNGs] });
      assert.deepEqual(res.rngParameters, [
        { rngAlgorithm: RNGAlgorithm.DRBG, cryptographicAlgorithm: CryptographicAlgorithm.AES, cryptographicLength: 256, drbgAlgorithm: DRBGAlgorithm.CTR },
      ]);
    }
    const uid = await kmip.createKey(V2_1);
    const [rng] = await kmip.stored(uid, 'Random Number Generator');
    assert.deepEqual(rng?.value, SERVER_RNG);
  });

  test('Profiles: per protocol version, only the server profiles whose mandatory test cases pass', async () => {
    const kmip = new InProcessKmip();
    const names = async (v: ProtocolVersion): Promise<number[]> =>
      ((await kmip.ok(v, Operation.Query, { queryFunction: [Q.QueryProfiles] })).profileInformation ?? []).map((p) => p.profileName);

    const v13 = await names(V1_3);
    assert.ok(v13.includes(ProfileName.TapeLibraryServerKMIPV1_3));
    assert.ok(v13.includes(ProfileName.SymmetricKeyLifecycleServerKMIPV1_0));
    assert.ok(!v13.includes(ProfileName.TapeLibraryServerKMIPV1_4), 'a 1.4 value is not sent to a 1.3 client');
    assert.ok(v13.every((n) => profileDefined(n, V1_3)));

    const v14 = await names(V1_4);
    for (const n of [ProfileName.TapeLibraryServerKMIPV1_2, ProfileName.TapeLibraryServerKMIPV1_3, ProfileName.TapeLibraryServerKMIPV1_4]) assert.ok(v14.includes(n));
    assert.equal(v14.length, SERVER_PROFILES.length * 5, 'each profile for KMIP 1.0, 1.1, 1.2, 1.3 and 1.4');
    assert.ok(v14.every((n) => profileDefined(n, V1_4)));
    for (const n of [ProfileName.BaselineServerBasicKMIPV1_4, ProfileName.BaselineServerTLSV1_2KMIPV1_4, ProfileName.CompleteServerBasicKMIPV1_4, ProfileName.HTTPSServerKMIPV1_4, ProfileName.XMLServerKMIPV1_4]) {
      assert.ok(!v14.includes(n), `${n} is not claimed`);
    }
    for (const n of v14) assert.ok(!/Client/.test(profileNameDefs?.byValue.get(n)?.name ?? ''), 'no client profile');

    const res21 = await kmip.ok(V2_1, Operation.Query, { queryFunction: [Q.QueryProfiles] });
    const p21 = res21.profileInformation ?? [];
    assert.deepEqual(
      p21.map((p) => p.profileName),
      [
        ProfileName.TapeLibraryServer,
        ProfileName.SymmetricKeyLifecycleServer,
        ProfileName.AsymmetricKeyLifecycleServer,
        ProfileName.SymmetricKeyFoundryServer,
        ProfileName.OpaqueManagedObjectStoreServer,
        ProfileName.StorageArrayWithSelfEncryptingDriveServer,
      ],
    );
    for (const p of p21) assert.deepEqual(p.profileVersion, { profileVersionMajor: 2, profileVersionMinor: 1 });
    assert.ok(!p21.some((p) => p.profileName === ProfileName.BaselineServer), 'Baseline Server is not claimed');
  });

  test('Validations: none — the server asserts no formal validation', async () => {
    const kmip = new InProcessKmip();
    for (const v of [V1_4, V2_1]) {
      const res = await kmip.ok(v, Operation.Query, { queryFunction: [Q.QueryValidations] });
      assert.deepEqual(res.validationInformation ?? [], []);
    }
  });

  test('Client Registration Methods: Unspecified (clients are registered outside KMIP)', async () => {
    const kmip = new InProcessKmip();
    for (const v of [V1_3, V2_1]) {
      const res = await kmip.ok(v, Operation.Query, { queryFunction: [Q.QueryClientRegistrationMethods] });
      assert.deepEqual(res.clientRegistrationMethod, [ClientRegistrationMethod.Unspecified]);
    }
  });

  test('Defaults Information (2.x): present and empty; Storage Protection Masks: Software', async () => {
    const kmip = new InProcessKmip();
    const res = await kmip.ok(V2_1, Operation.Query, { queryFunction: [Q.QueryDefaultsInformation, Q.QueryStorageProtectionMasks] });
    assert.ok(res.defaultsInformation !== undefined, 'Defaults Information is returned');
    assert.deepEqual(res.defaultsInformation.objectDefaults ?? [], []);
    assert.deepEqual(res.protectionStorageMasks, { protectionStorageMask: [ProtectionStorageMask.Software] });
    const payload = await rawQuery(kmip, V2_1, [Q.QueryDefaultsInformation]);
    assert.ok(payload.type === ItemType.Structure);
    const di = payload.value.find((n) => n.tag === Tag.DefaultsInformation);
    assert.ok(di !== undefined && di.type === ItemType.Structure && di.value.length === 0, 'an empty Defaults Information on the wire');
  });

  test('Attestation Types, Application Namespaces and Extensions: none', async () => {
    const kmip = new InProcessKmip();
    const res = await kmip.ok(V2_1, Operation.Query, {
      queryFunction: [Q.QueryAttestationTypes, Q.QueryApplicationNamespaces, Q.QueryExtensionList, Q.QueryExtensionMap],
    });
    assert.deepEqual(res, {});
  });

  test('a Query Function the version does not define is left unanswered', async () => {
    const kmip = new InProcessKmip();
    const payload = await rawQuery(kmip, V1_2, [Q.QueryOperations, Q.QueryCapabilities, Q.QueryProfiles, Q.QueryRNGs]);
    assert.ok(payload.type === ItemType.Structure);
    assert.ok(payload.value.length > 0 && payload.value.every((n) => n.tag === Tag.Operation), '1.2: the operations only');
  });

  test('several functions in one request: each answered; Objects lists the types of the version', async () => {
    const kmip = new InProcessKmip();
    const res = await kmip.ok(V1_4, Operation.Query, {
      queryFunction: [Q.QueryOperations, Q.QueryObjects, Q.QueryServerInformation, Q.QueryAttestationTypes, Q.QueryCapabilities, Q.QueryProfiles, Q.QueryRNGs],
    });
    assert.ok(res.operation?.includes(Operation.Query));
    assert.ok(res.objectType?.includes(ObjectType.Template) && !res.objectType.includes(ObjectType.CertificateRequest), '1.4 object types');
    assert.equal(res.vendorIdentification, 'Keyhold');
    assert.ok(res.serverInformation !== undefined);
    assert.equal(res.capabilityInformation?.length, 1);
    assert.ok((res.profileInformation?.length ?? 0) > 0);
    assert.equal(res.rngParameters?.length, 1);
    const res21 = await kmip.ok(V2_1, Operation.Query, { queryFunction: [Q.QueryObjects] });
    assert.ok(res21.objectType?.includes(ObjectType.CertificateRequest) && !res21.objectType.includes(ObjectType.Template), '2.1 object types');
  });
});
