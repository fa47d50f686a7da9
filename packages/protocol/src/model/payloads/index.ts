/**
 * The explicit payload table: Operation -> request and response payload schemas (design/STYLE.md
 * §2.4, rule 6: registration is a table, not side-effect imports). An operation missing here, or
 * a payload that does not decode as its schema, stays available as the generic tree (see
 * `RawPayload` in ../messages.ts).
 */
import { Operation } from '../../generated/enums.js';
import type { Infer, Schema } from '../schema.js';
export * from './activate.js';
export * from './add-attribute.js';
export * from './adjust-attribute.js';
export * from './archive.js';
export * from './cancel.js';
export * from './certify.js';
export * from './check.js';
export * from './create.js';
export * from './create-credential.js';
export * from './create-group.js';
export * from './create-key-pair.js';
export * from './create-split-key.js';
export * from './create-user.js';
export * from './deactivate.js';
export * from './delegated-login.js';
export * from './delete-attribute.js';
export * from './derive-key.js';
export * from './destroy.js';
export * from './discover-versions.js';
export * from './encrypt-decrypt.js';
export * from './export.js';
export * from './get.js';
export * from './get-attribute-list.js';
export * from './get-attributes.js';
export * from './get-constraints.js';
export * from './get-usage-allocation.js';
export * from './hash.js';
export * from './import.js';
export * from './interop.js';
export * from './join-split-key.js';
export * from './locate.js';
export * from './log.js';
export * from './login.js';
export * from './logout.js';
export * from './mac.js';
export * from './modify-attribute.js';
export * from './notify.js';
export * from './obliterate.js';
export * from './obtain-lease.js';
export * from './ping.js';
export * from './pkcs11.js';
export * from './poll.js';
export * from './process.js';
export * from './put.js';
export * from './query.js';
export * from './query-asynchronous-requests.js';
export * from './re-certify.js';
export * from './re-key.js';
export * from './re-key-key-pair.js';
export * from './re-provision.js';
export * from './recover.js';
export * from './register.js';
export * from './revoke.js';
export * from './rng-retrieve.js';
export * from './rng-seed.js';
export * from './set-attribute.js';
export * from './set-constraints.js';
export * from './set-defaults.js';
export * from './set-endpoint-role.js';
export * from './sign-verify.js';
export * from './validate.js';
import { ActivateRequest, ActivateResponse } from './activate.js';
import { AddAttributeRequest, AddAttributeResponse } from './add-attribute.js';
import { AdjustAttributeRequest, AdjustAttributeResponse } from './adjust-attribute.js';
import { ArchiveRequest, ArchiveResponse } from './archive.js';
import { CancelRequest, CancelResponse } from './cancel.js';
import { CertifyRequest, CertifyResponse } from './certify.js';
import { CheckRequest, CheckResponse } from './check.js';
import { CreateRequest, CreateResponse } from './create.js';
import { CreateCredentialRequest, CreateCredentialResponse } from './create-credential.js';
import { CreateGroupRequest, CreateGroupResponse } from './create-group.js';
import { CreateKeyPairRequest, CreateKeyPairResponse } from './create-key-pair.js';
import { CreateSplitKeyRequest, CreateSplitKeyResponse } from './create-split-key.js';
import { CreateUserRequest, CreateUserResponse } from './create-user.js';
import { DeactivateRequest, DeactivateResponse } from './deactivate.js';
import { DelegatedLoginRequest, DelegatedLoginResponse } from './delegated-login.js';
import { DeleteAttributeRequest, DeleteAttributeResponse } from './delete-attribute.js';
import { DeriveKeyRequest, DeriveKeyResponse } from './derive-key.js';
import { DestroyRequest, DestroyResponse } from './destroy.js';
import { DiscoverVersionsRequest, DiscoverVersionsResponse } from './discover-versions.js';
import { DecryptRequest, DecryptResponse, EncryptRequest, EncryptResponse } from './encrypt-decrypt.js';
import { ExportRequest, ExportResponse } from './export.js';
import { GetRequest, GetResponse } from './get.js';
import { GetAttributeListRequest, GetAttributeListResponse } from './get-attribute-list.js';
import { GetAttributesRequest, GetAttributesResponse } from './get-attributes.js';
import { GetConstraintsRequest, GetConstraintsResponse } from './get-constraints.js';
import { GetUsageAllocationRequest, GetUsageAllocationResponse } from './get-usage-allocation.js';
import { HashRequest, HashResponse } from './hash.js';
import { ImportRequest, ImportResponse } from './import.js';
import { InteropRequest, InteropResponse } from './interop.js';
import { JoinSplitKeyRequest, JoinSplitKeyResponse } from './join-split-key.js';
import { LocateRequest, LocateResponse } from './locate.js';
import { LogRequest, LogResponse } from './log.js';
import { LoginRequest, LoginResponse } from './login.js';
import { LogoutRequest, LogoutResponse } from './logout.js';
import { MACRequest, MACResponse, MACVerifyRequest, MACVerifyResponse } from './mac.js';
import { ModifyAttributeRequest, ModifyAttributeResponse } from './modify-attribute.js';
import { NotifyRequest, NotifyResponse } from './notify.js';
import { ObliterateRequest, ObliterateResponse } from './obliterate.js';
import { ObtainLeaseRequest, ObtainLeaseResponse } from './obtain-lease.js';
import { PingRequest, PingResponse } from './ping.js';
import { PKCS_11Request, PKCS_11Response } from './pkcs11.js';
import { PollRequest } from './poll.js';
import { ProcessRequest, ProcessResponse } from './process.js';
import { PutRequest, PutResponse } from './put.js';
import { QueryRequest, QueryResponse } from './query.js';
import { QueryAsynchronousRequestsRequest, QueryAsynchronousRequestsResponse } from './query-asynchronous-requests.js';
import { ReCertifyRequest, ReCertifyResponse } from './re-certify.js';
import { ReKeyRequest, ReKeyResponse } from './re-key.js';
import { ReKeyKeyPairRequest, ReKeyKeyPairResponse } from './re-key-key-pair.js';
import { ReProvisionRequest, ReProvisionResponse } from './re-provision.js';
import { RecoverRequest, RecoverResponse } from './recover.js';
import { RegisterRequest, RegisterResponse } from './register.js';
import { RevokeRequest, RevokeResponse } from './revoke.js';
import { RNGRetrieveRequest, RNGRetrieveResponse } from './rng-retrieve.js';
import { RNGSeedRequest, RNGSeedResponse } from './rng-seed.js';
import { SetAttributeRequest, SetAttributeResponse } from './set-attribute.js';
import { SetConstraintsRequest, SetConstraintsResponse } from './set-constraints.js';
import { SetDefaultsRequest, SetDefaultsResponse } from './set-defaults.js';
import { SetEndpointRoleRequest, SetEndpointRoleResponse } from './set-endpoint-role.js';
import { SignRequest, SignResponse, SignatureVerifyRequest, SignatureVerifyResponse } from './sign-verify.js';
import { ValidateRequest, ValidateResponse } from './validate.js';

/** Request and response payload schemas of every operation the model types. */
export const PAYLOADS = {
  [Operation.Create]: { request: CreateRequest, response: CreateResponse },
  [Operation.CreateKeyPair]: { request: CreateKeyPairRequest, response: CreateKeyPairResponse },
  [Operation.Register]: { request: RegisterRequest, response: RegisterResponse },
  [Operation.ReKey]: { request: ReKeyRequest, response: ReKeyResponse },
  [Operation.ReKeyKeyPair]: { request: ReKeyKeyPairRequest, response: ReKeyKeyPairResponse },
  [Operation.DeriveKey]: { request: DeriveKeyRequest, response: DeriveKeyResponse },
  [Operation.Certify]: { request: CertifyRequest, response: CertifyResponse },
  [Operation.ReCertify]: { request: ReCertifyRequest, response: ReCertifyResponse },
  [Operation.Locate]: { request: LocateRequest, response: LocateResponse },
  [Operation.Check]: { request: CheckRequest, response: CheckResponse },
  [Operation.Get]: { request: GetRequest, response: GetResponse },
  [Operation.GetAttributes]: { request: GetAttributesRequest, response: GetAttributesResponse },
  [Operation.GetAttributeList]: { request: GetAttributeListRequest, response: GetAttributeListResponse },
  [Operation.AddAttribute]: { request: AddAttributeRequest, response: AddAttributeResponse },
  [Operation.ModifyAttribute]: { request: ModifyAttributeRequest, response: ModifyAttributeResponse },
  [Operation.DeleteAttribute]: { request: DeleteAttributeRequest, response: DeleteAttributeResponse },
  [Operation.ObtainLease]: { request: ObtainLeaseRequest, response: ObtainLeaseResponse },
  [Operation.GetUsageAllocation]: { request: GetUsageAllocationRequest, response: GetUsageAllocationResponse },
  [Operation.Activate]: { request: ActivateRequest, response: ActivateResponse },
  [Operation.Destroy]: { request: DestroyRequest, response: DestroyResponse },
  [Operation.Archive]: { request: ArchiveRequest, response: ArchiveResponse },
  [Operation.Recover]: { request: RecoverRequest, response: RecoverResponse },
  [Operation.Revoke]: { request: RevokeRequest, response: RevokeResponse },
  [Operation.Validate]: { request: ValidateRequest, response: ValidateResponse },
  [Operation.Query]: { request: QueryRequest, response: QueryResponse },
  [Operation.Cancel]: { request: CancelRequest, response: CancelResponse },
  [Operation.Poll]: { request: PollRequest },
  [Operation.Notify]: { request: NotifyRequest, response: NotifyResponse },
  [Operation.Put]: { request: PutRequest, response: PutResponse },
  [Operation.DiscoverVersions]: { request: DiscoverVersionsRequest, response: DiscoverVersionsResponse },
  [Operation.Encrypt]: { request: EncryptRequest, response: EncryptResponse },
  [Operation.Decrypt]: { request: DecryptRequest, response: DecryptResponse },
  [Operation.Sign]: { request: SignRequest, response: SignResponse },
  [Operation.SignatureVerify]: { request: SignatureVerifyRequest, response: SignatureVerifyResponse },
  [Operation.MAC]: { request: MACRequest, response: MACResponse },
  [Operation.MACVerify]: { request: MACVerifyRequest, response: MACVerifyResponse },
  [Operation.RNGRetrieve]: { request: RNGRetrieveRequest, response: RNGRetrieveResponse },
  [Operation.RNGSeed]: { request: RNGSeedRequest, response: RNGSeedResponse },
  [Operation.Hash]: { request: HashRequest, response: HashResponse },
  [Operation.CreateSplitKey]: { request: CreateSplitKeyRequest, response: CreateSplitKeyResponse },
  [Operation.JoinSplitKey]: { request: JoinSplitKeyRequest, response: JoinSplitKeyResponse },
  [Operation.Import]: { request: ImportRequest, response: ImportResponse },
  [Operation.Export]: { request: ExportRequest, response: ExportResponse },
  [Operation.Log]: { request: LogRequest, response: LogResponse },
  [Operation.Login]: { request: LoginRequest, response: LoginResponse },
  [Operation.Logout]: { request: LogoutRequest, response: LogoutResponse },
  [Operation.DelegatedLogin]: { request: DelegatedLoginRequest, response: DelegatedLoginResponse },
  [Operation.AdjustAttribute]: { request: AdjustAttributeRequest, response: AdjustAttributeResponse },
  [Operation.SetAttribute]: { request: SetAttributeRequest, response: SetAttributeResponse },
  [Operation.SetEndpointRole]: { request: SetEndpointRoleRequest, response: SetEndpointRoleResponse },
  [Operation.PKCS_11]: { request: PKCS_11Request, response: PKCS_11Response },
  [Operation.Interop]: { request: InteropRequest, response: InteropResponse },
  [Operation.ReProvision]: { request: ReProvisionRequest, response: ReProvisionResponse },
  [Operation.SetDefaults]: { request: SetDefaultsRequest, response: SetDefaultsResponse },
  [Operation.SetConstraints]: { request: SetConstraintsRequest, response: SetConstraintsResponse },
  [Operation.GetConstraints]: { request: GetConstraintsRequest, response: GetConstraintsResponse },
  [Operation.QueryAsynchronousRequests]: { request: QueryAsynchronousRequestsRequest, response: QueryAsynchronousRequestsResponse },
  [Operation.Process]: { request: ProcessRequest, response: ProcessResponse },
  [Operation.Ping]: { request: PingRequest, response: PingResponse },
  [Operation.CreateGroup]: { request: CreateGroupRequest, response: CreateGroupResponse },
  [Operation.Obliterate]: { request: ObliterateRequest, response: ObliterateResponse },
  [Operation.CreateUser]: { request: CreateUserRequest, response: CreateUserResponse },
  [Operation.CreateCredential]: { request: CreateCredentialRequest, response: CreateCredentialResponse },
  [Operation.Deactivate]: { request: DeactivateRequest, response: DeactivateResponse },
} as const;

/** The payload table's type. */
export type PayloadTable = typeof PAYLOADS;

/** Operations with typed payloads. */
export type TypedOperation = keyof PayloadTable;

/** The typed request payload of operation `O`. */
export type RequestPayloadOf<O extends TypedOperation> = Infer<PayloadTable[O]['request']>;

/** The typed response payload of operation `O` (`never` for Poll, which has none of its own). */
export type ResponsePayloadOf<O extends TypedOperation> = PayloadTable[O] extends { readonly response: infer S } ? Infer<S> : never;

/** Any typed request payload. */
export type AnyRequestPayload = { [O in TypedOperation]: RequestPayloadOf<O> }[TypedOperation];

/** Any typed response payload. */
export type AnyResponsePayload = { [O in TypedOperation]: ResponsePayloadOf<O> }[TypedOperation];

/** Schemas of one operation's payloads. */
export interface PayloadCodecs {
  readonly request: Schema<unknown>;
  readonly response?: Schema<unknown>;
}

const TABLE: ReadonlyMap<number, PayloadCodecs> = new Map(
  Object.entries(PAYLOADS).map(([op, codecs]) => [Number(op), codecs as PayloadCodecs]),
);

/** The payload schemas of an Operation value, or undefined when the model has none. */
export function payloadCodecs(operation: number): PayloadCodecs | undefined {
  return TABLE.get(operation);
}

/** True when the model types the payloads of `operation`. */
export function isTypedOperation(operation: number): operation is TypedOperation {
  return TABLE.has(operation);
}
