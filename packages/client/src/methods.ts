/**
 * {@link OperationMethods}: one typed method per operation (each delegating to its
 * `operations/<operation>.ts` function), shared by {@link KmipClient} and {@link KmipPool}.
 */
import type {
  DiscoverVersionsRequest, DiscoverVersionsResponse, QueryRequest, QueryResponse, CreateRequest, CreateResponse, CreateKeyPairRequest, CreateKeyPairResponse, RegisterRequest, RegisterResponse, GetRequest, GetResponse, GetAttributesRequest, GetAttributesResponse, GetAttributeListRequest, GetAttributeListResponse, AddAttributeRequest, AddAttributeResponse, ModifyAttributeRequest, ModifyAttributeResponse, DeleteAttributeRequest, DeleteAttributeResponse, SetAttributeRequest, SetAttributeResponse, LocateRequest, LocateResponse, ActivateRequest, ActivateResponse, RevokeRequest, RevokeResponse, DestroyRequest, DestroyResponse, ArchiveRequest, ArchiveResponse, RecoverRequest, RecoverResponse, CheckRequest, CheckResponse, ObtainLeaseRequest, ObtainLeaseResponse, EncryptRequest, EncryptResponse, DecryptRequest, DecryptResponse, SignRequest, SignResponse, SignatureVerifyRequest, SignatureVerifyResponse, MACRequest, MACResponse, MACVerifyRequest, MACVerifyResponse, HashRequest, HashResponse, RNGRetrieveRequest, RNGRetrieveResponse, DeriveKeyRequest, DeriveKeyResponse,
} from '@keyhold/protocol';
import type { RequestPayloadOf, ResponsePayloadOf, TypedOperation } from '@keyhold/protocol';
import type { CallOptions, OperationCaller } from './call.js';
import * as ops from './operations/index.js';

/** The typed operation methods over an abstract {@link OperationCaller.call}. */
export abstract class OperationMethods implements OperationCaller {
  /** Sends `payload` as a one-item request and resolves with the typed response payload. */
  abstract call<O extends TypedOperation>(operation: O, payload: RequestPayloadOf<O>, options?: CallOptions): Promise<ResponsePayloadOf<O>>;

  /** DiscoverVersions (see `operations/` for the spec section); rejects with `KmipOperationError` on failure. */
  discoverVersions(request: DiscoverVersionsRequest, options?: CallOptions): Promise<DiscoverVersionsResponse> {
    return ops.discoverVersions(this, request, options);
  }

  /** Query (see `operations/` for the spec section); rejects with `KmipOperationError` on failure. */
  query(request: QueryRequest, options?: CallOptions): Promise<QueryResponse> {
    return ops.query(this, request, options);
  }

  /** Create (see `operations/` for the spec section); rejects with `KmipOperationError` on failure. */
  create(request: CreateRequest, options?: CallOptions): Promise<CreateResponse> {
    return ops.create(this, request, options);
  }

  /** CreateKeyPair (see `operations/` for the spec section); rejects with `KmipOperationError` on failure. */
  createKeyPair(request: CreateKeyPairRequest, options?: CallOptions): Promise<CreateKeyPairResponse> {
    return ops.createKeyPair(this, request, options);
  }

  /** Register (see `operations/` for the spec section); rejects with `KmipOperationError` on failure. */
  register(request: RegisterRequest, options?: CallOptions): Promise<RegisterResponse> {
    return ops.register(this, request, options);
  }

  /** Get (see `operations/` for the spec section); rejects with `KmipOperationError` on failure. */
  get(request: GetRequest, options?: CallOptions): Promise<GetResponse> {
    return ops.get(this, request, options);
  }

  /** GetAttributes (see `operations/` for the spec section); rejects with `KmipOperationError` on failure. */
  getAttributes(request: GetAttributesRequest, options?: CallOptions): Promise<GetAttributesResponse> {
    return ops.getAttributes(this, request, options);
  }

  /** GetAttributeList (see `operations/` for the spec section); rejects with `KmipOperationError` on failure. */
  getAttributeList(request: GetAttributeListRequest, options?: CallOptions): Promise<GetAttributeListResponse> {
    return ops.getAttributeList(this, request, options);
  }

  /** AddAttribute (see `operations/` for the spec section); rejects with `KmipOperationError` on failure. */
  addAttribute(request: AddAttributeRequest, options?: CallOptions): Promise<AddAttributeResponse> {
    return ops.addAttribute(this, request, options);
  }

  /** ModifyAttribute (see `operations/` for the spec section); rejects with `KmipOperationError` on failure. */
  modifyAttribute(request: ModifyAttributeRequest, options?: CallOptions): Promise<ModifyAttributeResponse> {
    return ops.modifyAttribute(this, request, options);
  }

  /** DeleteAttribute (see `operations/` for the spec section); rejects with `KmipOperationError` on failure. */
  deleteAttribute(request: DeleteAttributeRequest, options?: CallOptions): Promise<DeleteAttributeResponse> {
    return ops.deleteAttribute(this, request, options);
  }

  /** SetAttribute (see `operations/` for the spec section); rejects with `KmipOperationError` on failure. */
  setAttribute(request: SetAttributeRequest, options?: CallOptions): Promise<SetAttributeResponse> {
    return ops.setAttribute(this, request, options);
  }

  /** Locate (see `operations/` for the spec section); rejects with `KmipOperationError` on failure. */
  locate(request: LocateRequest, options?: CallOptions): Promise<LocateResponse> {
    return ops.locate(this, request, options);
  }

  /** Activate (see `operations/` for the spec section); rejects with `KmipOperationError` on failure. */
  activate(request: ActivateRequest, options?: CallOptions): Promise<ActivateResponse> {
    return ops.activate(this, request, options);
  }

  /** Revoke (see `operations/` for the spec section); rejects with `KmipOperationError` on failure. */
  revoke(request: RevokeRequest, options?: CallOptions): Promise<RevokeResponse> {
    return ops.revoke(this, request, options);
  }

  /** Destroy (see `operations/` for the spec section); rejects with `KmipOperationError` on failure. */
  destroy(request: DestroyRequest, options?: CallOptions): Promise<DestroyResponse> {
    return ops.destroy(this, request, options);
  }

  /** Archive (see `operations/` for the spec section); rejects with `KmipOperationError` on failure. */
  archive(request: ArchiveRequest, options?: CallOptions): Promise<ArchiveResponse> {
    return ops.archive(this, request, options);
  }

  /** Recover (see `operations/` for the spec section); rejects with `KmipOperationError` on failure. */
  recover(request: RecoverRequest, options?: CallOptions): Promise<RecoverResponse> {
    return ops.recover(this, request, options);
  }

  /** Check (see `operations/` for the spec section); rejects with `KmipOperationError` on failure. */
  check(request: CheckRequest, options?: CallOptions): Promise<CheckResponse> {
    return ops.check(this, request, options);
  }

  /** ObtainLease (see `operations/` for the spec section); rejects with `KmipOperationError` on failure. */
  obtainLease(request: ObtainLeaseRequest, options?: CallOptions): Promise<ObtainLeaseResponse> {
    return ops.obtainLease(this, request, options);
  }

  /** Encrypt (see `operations/` for the spec section); rejects with `KmipOperationError` on failure. */
  encrypt(request: EncryptRequest, options?: CallOptions): Promise<EncryptResponse> {
    return ops.encrypt(this, request, options);
  }

  /** Decrypt (see `operations/` for the spec section); rejects with `KmipOperationError` on failure. */
  decrypt(request: DecryptRequest, options?: CallOptions): Promise<DecryptResponse> {
    return ops.decrypt(this, request, options);
  }

  /** Sign (see `operations/` for the spec section); rejects with `KmipOperationError` on failure. */
  sign(request: SignRequest, options?: CallOptions): Promise<SignResponse> {
    return ops.sign(this, request, options);
  }

  /** SignatureVerify (see `operations/` for the spec section); rejects with `KmipOperationError` on failure. */
  signatureVerify(request: SignatureVerifyRequest, options?: CallOptions): Promise<SignatureVerifyResponse> {
    return ops.signatureVerify(this, request, options);
  }

  /** MAC (see `operations/` for the spec section); rejects with `KmipOperationError` on failure. */
  mac(request: MACRequest, options?: CallOptions): Promise<MACResponse> {
    return ops.mac(this, request, options);
  }

  /** MACVerify (see `operations/` for the spec section); rejects with `KmipOperationError` on failure. */
  macVerify(request: MACVerifyRequest, options?: CallOptions): Promise<MACVerifyResponse> {
    return ops.macVerify(this, request, options);
  }

  /** Hash (see `operations/` for the spec section); rejects with `KmipOperationError` on failure. */
  hash(request: HashRequest, options?: CallOptions): Promise<HashResponse> {
    return ops.hash(this, request, options);
  }

  /** RNGRetrieve (see `operations/` for the spec section); rejects with `KmipOperationError` on failure. */
  rngRetrieve(request: RNGRetrieveRequest, options?: CallOptions): Promise<RNGRetrieveResponse> {
    return ops.rngRetrieve(this, request, options);
  }

  /** DeriveKey (see `operations/` for the spec section); rejects with `KmipOperationError` on failure. */
  deriveKey(request: DeriveKeyRequest, options?: CallOptions): Promise<DeriveKeyResponse> {
    return ops.deriveKey(this, request, options);
  }
}
