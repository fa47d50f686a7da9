/**
 * Common structures shared by messages, payloads, objects and attribute values
 * [KMIP 1.2 §2.1, §3; KMIP 2.1 §2, §4, §7]. One schema each; the type is `Infer<typeof X>`.
 */
import {
  AlternativeNameType,
  AttestationType,
  BlockCipherMode,
  CredentialType,
  CryptographicAlgorithm,
  DeactivationReasonCode,
  DestroyAction,
  DigitalSignatureAlgorithm,
  DRBGAlgorithm,
  EncodingOption,
  FIPS186Variation,
  HashingAlgorithm,
  ItemTypeEnumeration,
  KeyFormatType,
  KeyRoleType,
  KeyValueLocationType,
  LinkType,
  MaskGenerator,
  NameType,
  ObjectType,
  Operation,
  PaddingMethod,
  ProcessingStage,
  ProfileName,
  RecommendedCurve,
  RevocationReasonCode,
  RNGAlgorithm,
  RNGMode,
  RotateNameType,
  ShreddingAlgorithm,
  TicketType,
  UnwrapMode,
  UsageLimitsUnit,
  ValidationAuthorityType,
  ValidationType,
  WrappingMethod,
} from '../generated/enums.js';
import { ProtectionStorageMask } from '../generated/masks.js';
import { Tag } from '../generated/tags.js';
import { ItemType, type TtlvNode } from '../ttlv/types.js';
import {
  boolean,
  byVersion,
  bytes,
  childPath,
  custom,
  dateTime,
  enumeration,
  integer,
  longInteger,
  mask,
  objectRef,
  optional,
  raw,
  repeated,
  required,
  struct,
  text,
  uid,
  type Infer,
  type ObjectRef,
  type Schema,
} from './schema.js';

/**
 * Protocol Version structure [1.2 §6.1]. (Named `…Structure` because `ProtocolVersion` is the
 * registry's `{major, minor}` type.)
 */
export const ProtocolVersionStructure = struct(Tag.ProtocolVersion, {
  protocolVersionMajor: required(integer(Tag.ProtocolVersionMajor)),
  protocolVersionMinor: required(integer(Tag.ProtocolVersionMinor)),
});
export type ProtocolVersionStructure = Infer<typeof ProtocolVersionStructure>;

/** Name [1.2 §3.2] (the 1.x/2.x structure; in 3.0 the Name attribute is a Text String). */
export const Name = struct(Tag.Name, {
  nameValue: required(text(Tag.NameValue)),
  nameType: required(enumeration(Tag.NameType, NameType)),
});
export type Name = Infer<typeof Name>;

/** Link [1.2 §3.35] (1.x-2.x; 3.0 has one tag per link type). */
export const Link = struct(Tag.Link, {
  linkType: required(enumeration(Tag.LinkType, LinkType)),
  linkedObjectIdentifier: required(uid(Tag.LinkedObjectIdentifier)),
});
export type Link = Infer<typeof Link>;

/** Cryptographic Parameters [1.2 §2.1.5, 2.1 §2.6]. */
export const CryptographicParameters = struct(Tag.CryptographicParameters, {
  blockCipherMode: optional(enumeration(Tag.BlockCipherMode, BlockCipherMode)),
  paddingMethod: optional(enumeration(Tag.PaddingMethod, PaddingMethod)),
  hashingAlgorithm: optional(enumeration(Tag.HashingAlgorithm, HashingAlgorithm)),
  keyRoleType: optional(enumeration(Tag.KeyRoleType, KeyRoleType)),
  digitalSignatureAlgorithm: optional(enumeration(Tag.DigitalSignatureAlgorithm, DigitalSignatureAlgorithm)),
  cryptographicAlgorithm: optional(enumeration(Tag.CryptographicAlgorithm, CryptographicAlgorithm)),
  randomIV: optional(boolean(Tag.RandomIV)),
  ivLength: optional(integer(Tag.IVLength)),
  tagLength: optional(integer(Tag.TagLength)),
  fixedFieldLength: optional(integer(Tag.FixedFieldLength)),
  invocationFieldLength: optional(integer(Tag.InvocationFieldLength)),
  counterLength: optional(integer(Tag.CounterLength)),
  initialCounterValue: optional(integer(Tag.InitialCounterValue)),
  saltLength: optional(integer(Tag.SaltLength)),
  maskGenerator: optional(enumeration(Tag.MaskGenerator, MaskGenerator)),
  maskGeneratorHashingAlgorithm: optional(enumeration(Tag.MaskGeneratorHashingAlgorithm, HashingAlgorithm)),
  pSource: optional(bytes(Tag.PSource)),
  trailerField: optional(integer(Tag.TrailerField)),
});
export type CryptographicParameters = Infer<typeof CryptographicParameters>;

/** Cryptographic Domain Parameters [1.2 §3.7]. */
export const CryptographicDomainParameters = struct(Tag.CryptographicDomainParameters, {
  qlength: optional(integer(Tag.Qlength)),
  recommendedCurve: optional(enumeration(Tag.RecommendedCurve, RecommendedCurve)),
});
export type CryptographicDomainParameters = Infer<typeof CryptographicDomainParameters>;

/** Encryption Key Information [1.2 §2.1.5]. */
export const EncryptionKeyInformation = struct(Tag.EncryptionKeyInformation, {
  uniqueIdentifier: required(uid(Tag.UniqueIdentifier)),
  cryptographicParameters: optional(CryptographicParameters),
});
export type EncryptionKeyInformation = Infer<typeof EncryptionKeyInformation>;

/** MAC/Signature Key Information [1.2 §2.1.5]. */
export const MACSignatureKeyInformation = struct(Tag.MACSignatureKeyInformation, {
  uniqueIdentifier: required(uid(Tag.UniqueIdentifier)),
  cryptographicParameters: optional(CryptographicParameters),
});
export type MACSignatureKeyInformation = Infer<typeof MACSignatureKeyInformation>;

/** Key Wrapping Data [1.2 §2.1.5]. */
export const KeyWrappingData = struct(Tag.KeyWrappingData, {
  wrappingMethod: required(enumeration(Tag.WrappingMethod, WrappingMethod)),
  encryptionKeyInformation: optional(EncryptionKeyInformation),
  macSignatureKeyInformation: optional(MACSignatureKeyInformation),
  macSignature: optional(bytes(Tag.MACSignature)),
  ivCounterNonce: optional(bytes(Tag.IVCounterNonce)),
  encodingOption: optional(enumeration(Tag.EncodingOption, EncodingOption)),
});
export type KeyWrappingData = Infer<typeof KeyWrappingData>;

/** Key Wrapping Specification [1.2 §2.1.6]. */
export const KeyWrappingSpecification = struct(Tag.KeyWrappingSpecification, {
  wrappingMethod: required(enumeration(Tag.WrappingMethod, WrappingMethod)),
  encryptionKeyInformation: optional(EncryptionKeyInformation),
  macSignatureKeyInformation: optional(MACSignatureKeyInformation),
  attributeName: repeated(text(Tag.AttributeName)),
  encodingOption: optional(enumeration(Tag.EncodingOption, EncodingOption)),
});
export type KeyWrappingSpecification = Infer<typeof KeyWrappingSpecification>;

/** Digest [1.2 §3.17]. */
export const Digest = struct(Tag.Digest, {
  hashingAlgorithm: required(enumeration(Tag.HashingAlgorithm, HashingAlgorithm)),
  digestValue: optional(bytes(Tag.DigestValue)),
  keyFormatType: optional(enumeration(Tag.KeyFormatType, KeyFormatType)),
});
export type Digest = Infer<typeof Digest>;

/** Usage Limits [1.2 §3.21]. Usage Limits Count is optional: the client sends only the total. */
export const UsageLimits = struct(Tag.UsageLimits, {
  usageLimitsTotal: required(longInteger(Tag.UsageLimitsTotal)),
  usageLimitsCount: optional(longInteger(Tag.UsageLimitsCount)),
  usageLimitsUnit: required(enumeration(Tag.UsageLimitsUnit, UsageLimitsUnit)),
});
export type UsageLimits = Infer<typeof UsageLimits>;

/** Revocation Reason [1.2 §3.31]. */
export const RevocationReason = struct(Tag.RevocationReason, {
  revocationReasonCode: required(enumeration(Tag.RevocationReasonCode, RevocationReasonCode)),
  revocationMessage: optional(text(Tag.RevocationMessage)),
});
export type RevocationReason = Infer<typeof RevocationReason>;

/** Application Specific Information [1.2 §3.36]. */
export const ApplicationSpecificInformation = struct(Tag.ApplicationSpecificInformation, {
  applicationNamespace: required(text(Tag.ApplicationNamespace)),
  applicationData: optional(text(Tag.ApplicationData)),
});
export type ApplicationSpecificInformation = Infer<typeof ApplicationSpecificInformation>;

/** Alternative Name [1.2 §3.40]. */
export const AlternativeName = struct(Tag.AlternativeName, {
  alternativeNameValue: required(text(Tag.AlternativeNameValue)),
  alternativeNameType: required(enumeration(Tag.AlternativeNameType, AlternativeNameType)),
});
export type AlternativeName = Infer<typeof AlternativeName>;

/** Key Value Location [1.2 §3.42]. */
export const KeyValueLocation = struct(Tag.KeyValueLocation, {
  keyValueLocationValue: required(text(Tag.KeyValueLocationValue)),
  keyValueLocationType: required(enumeration(Tag.KeyValueLocationType, KeyValueLocationType)),
});
export type KeyValueLocation = Infer<typeof KeyValueLocation>;

/** X.509 Certificate Identifier [1.2 §3.13]. */
export const X_509CertificateIdentifier = struct(Tag.X_509CertificateIdentifier, {
  issuerDistinguishedName: required(bytes(Tag.IssuerDistinguishedName)),
  certificateSerialNumber: required(bytes(Tag.CertificateSerialNumber)),
});
export type X_509CertificateIdentifier = Infer<typeof X_509CertificateIdentifier>;

/** X.509 Certificate Subject [1.2 §3.14]. */
export const X_509CertificateSubject = struct(Tag.X_509CertificateSubject, {
  subjectDistinguishedName: optional(bytes(Tag.SubjectDistinguishedName)),
  subjectAlternativeName: repeated(bytes(Tag.SubjectAlternativeName)),
});
export type X_509CertificateSubject = Infer<typeof X_509CertificateSubject>;

/** X.509 Certificate Issuer [1.2 §3.15]. */
export const X_509CertificateIssuer = struct(Tag.X_509CertificateIssuer, {
  issuerDistinguishedName: optional(bytes(Tag.IssuerDistinguishedName)),
  issuerAlternativeName: repeated(bytes(Tag.IssuerAlternativeName)),
});
export type X_509CertificateIssuer = Infer<typeof X_509CertificateIssuer>;

/** Certificate Identifier (1.0-1.4, deprecated) [1.2 §3.13 (old)]. */
export const CertificateIdentifier = struct(Tag.CertificateIdentifier, {
  issuer: required(text(Tag.Issuer)),
  serialNumber: optional(text(Tag.SerialNumber)),
});
export type CertificateIdentifier = Infer<typeof CertificateIdentifier>;

/** Certificate Subject (1.0-1.4, deprecated). */
export const CertificateSubject = struct(Tag.CertificateSubject, {
  certificateSubjectDistinguishedName: optional(text(Tag.CertificateSubjectDistinguishedName)),
  certificateSubjectAlternativeName: repeated(text(Tag.CertificateSubjectAlternativeName)),
});
export type CertificateSubject = Infer<typeof CertificateSubject>;

/** Certificate Issuer (1.0-1.4, deprecated). */
export const CertificateIssuer = struct(Tag.CertificateIssuer, {
  certificateIssuerDistinguishedName: optional(text(Tag.CertificateIssuerDistinguishedName)),
  certificateIssuerAlternativeName: repeated(text(Tag.CertificateIssuerAlternativeName)),
});
export type CertificateIssuer = Infer<typeof CertificateIssuer>;

/** RNG Parameters [1.3+, 2.1 §2.1.16]: also the value of the Random Number Generator attribute. */
export const RNGParameters = struct(Tag.RNGParameters, {
  rngAlgorithm: required(enumeration(Tag.RNGAlgorithm, RNGAlgorithm)),
  cryptographicAlgorithm: optional(enumeration(Tag.CryptographicAlgorithm, CryptographicAlgorithm)),
  cryptographicLength: optional(integer(Tag.CryptographicLength)),
  hashingAlgorithm: optional(enumeration(Tag.HashingAlgorithm, HashingAlgorithm)),
  drbgAlgorithm: optional(enumeration(Tag.DRBGAlgorithm, DRBGAlgorithm)),
  recommendedCurve: optional(enumeration(Tag.RecommendedCurve, RecommendedCurve)),
  fips186Variation: optional(enumeration(Tag.FIPS186Variation, FIPS186Variation)),
  predictionResistance: optional(boolean(Tag.PredictionResistance)),
});
export type RNGParameters = Infer<typeof RNGParameters>;

/** Derivation Parameters [1.2 §4.6] (Derivation Data repeats in 2.x). */
export const DerivationParameters = struct(Tag.DerivationParameters, {
  cryptographicParameters: optional(CryptographicParameters),
  initializationVector: optional(bytes(Tag.InitializationVector)),
  derivationData: repeated(bytes(Tag.DerivationData)),
  salt: optional(bytes(Tag.Salt)),
  iterationCount: optional(integer(Tag.IterationCount)),
});
export type DerivationParameters = Infer<typeof DerivationParameters>;

/** Rotate Name (2.1 structure; a Text String in 3.0). */
export const RotateName = struct(Tag.RotateName, {
  rotateNameValue: required(text(Tag.RotateNameValue)),
  rotateNameType: required(enumeration(Tag.RotateNameType, RotateNameType)),
});
export type RotateName = Infer<typeof RotateName>;

/** Deactivation Reason (3.0 draft). */
export const DeactivationReason = struct(Tag.DeactivationReason, {
  deactivationReasonCode: required(enumeration(Tag.DeactivationReasonCode, DeactivationReasonCode)),
  deactivationMessage: optional(text(Tag.DeactivationMessage)),
});
export type DeactivationReason = Infer<typeof DeactivationReason>;

/** Nonce [1.2 §2.1.14]. */
export const Nonce = struct(Tag.Nonce, {
  nonceID: required(bytes(Tag.NonceID)),
  nonceValue: required(bytes(Tag.NonceValue)),
});
export type Nonce = Infer<typeof Nonce>;

/** Ticket (2.0+) [2.1 §2.1.23]. */
export const Ticket = struct(Tag.Ticket, {
  ticketType: required(enumeration(Tag.TicketType, TicketType)),
  ticketValue: required(bytes(Tag.TicketValue)),
});
export type Ticket = Infer<typeof Ticket>;

// ---------------------------------------------------------------------------------------------
// Credential: the value's shape depends on the sibling Credential Type (escape hatch)
// ---------------------------------------------------------------------------------------------

/** Credential Value for Username and Password. */
export const UsernameAndPasswordCredential = struct(Tag.CredentialValue, {
  username: required(text(Tag.Username)),
  password: optional(text(Tag.Password)),
});
export type UsernameAndPasswordCredential = Infer<typeof UsernameAndPasswordCredential>;

/** Credential Value for Device. */
export const DeviceCredential = struct(Tag.CredentialValue, {
  deviceSerialNumber: optional(text(Tag.DeviceSerialNumber)),
  password: optional(text(Tag.Password)),
  deviceIdentifier: optional(text(Tag.DeviceIdentifier)),
  networkIdentifier: optional(text(Tag.NetworkIdentifier)),
  machineIdentifier: optional(text(Tag.MachineIdentifier)),
  mediaIdentifier: optional(text(Tag.MediaIdentifier)),
});
export type DeviceCredential = Infer<typeof DeviceCredential>;

/** Credential Value for Attestation (1.2+). */
export const AttestationCredential = struct(Tag.CredentialValue, {
  nonce: required(Nonce),
  attestationType: required(enumeration(Tag.AttestationType, AttestationType)),
  attestationMeasurement: optional(bytes(Tag.AttestationMeasurement)),
  attestationAssertion: optional(bytes(Tag.AttestationAssertion)),
});
export type AttestationCredential = Infer<typeof AttestationCredential>;

/** Credential Value for One Time Password (2.0+). */
export const OneTimePasswordCredential = struct(Tag.CredentialValue, {
  username: required(text(Tag.Username)),
  password: optional(text(Tag.Password)),
  oneTimePassword: required(text(Tag.OneTimePassword)),
});
export type OneTimePasswordCredential = Infer<typeof OneTimePasswordCredential>;

/** Credential Value for Hashed Password (2.0+). */
export const HashedPasswordCredential = struct(Tag.CredentialValue, {
  username: required(text(Tag.Username)),
  timeStamp: required(dateTime(Tag.TimeStamp)),
  hashingAlgorithm: optional(enumeration(Tag.HashingAlgorithm, HashingAlgorithm)),
  hashedPassword: required(bytes(Tag.HashedPassword)),
});
export type HashedPasswordCredential = Infer<typeof HashedPasswordCredential>;

/** Credential Value for Ticket (2.0+). */
export const TicketCredential = struct(Tag.CredentialValue, {
  ticket: required(Ticket),
});
export type TicketCredential = Infer<typeof TicketCredential>;

const CREDENTIAL_VALUE_SCHEMAS: ReadonlyMap<number, Schema<unknown>> = new Map<number, Schema<unknown>>([
  [CredentialType.UsernameAndPassword, UsernameAndPasswordCredential as Schema<unknown>],
  [CredentialType.Device, DeviceCredential as Schema<unknown>],
  [CredentialType.Attestation, AttestationCredential as Schema<unknown>],
  [CredentialType.OneTimePassword, OneTimePasswordCredential as Schema<unknown>],
  [CredentialType.HashedPassword, HashedPasswordCredential as Schema<unknown>],
  [CredentialType.Ticket, TicketCredential as Schema<unknown>],
]);

/**
 * Credential [1.2 §2.1.2, 2.1 §2.1.2]: the Credential Value's structure is chosen by the
 * Credential Type. Types without a schema here (3.0 Password, Certificate; extensions) keep the
 * value as a generic tree.
 */
export type Credential =
  | { credentialType: typeof CredentialType.UsernameAndPassword; credentialValue: UsernameAndPasswordCredential; extensions?: TtlvNode[] }
  | { credentialType: typeof CredentialType.Device; credentialValue: DeviceCredential; extensions?: TtlvNode[] }
  | { credentialType: typeof CredentialType.Attestation; credentialValue: AttestationCredential; extensions?: TtlvNode[] }
  | { credentialType: typeof CredentialType.OneTimePassword; credentialValue: OneTimePasswordCredential; extensions?: TtlvNode[] }
  | { credentialType: typeof CredentialType.HashedPassword; credentialValue: HashedPasswordCredential; extensions?: TtlvNode[] }
  | { credentialType: typeof CredentialType.Ticket; credentialValue: TicketCredential; extensions?: TtlvNode[] }
  | { credentialType: CredentialType; credentialValue: TtlvNode; extensions?: TtlvNode[] };

const credentialBase = struct(Tag.Credential, {
  credentialType: required(enumeration(Tag.CredentialType, CredentialType)),
  credentialValue: required(raw(Tag.CredentialValue)),
});

/** Schema of {@link Credential}. */
export const Credential: Schema<Credential> = custom<Credential>({
  kind: 'credential',
  tag: Tag.Credential,
  itemTypes: [ItemType.Structure],
  decode(node, ctx, path) {
    const base = credentialBase.decode(node, ctx, path);
    const s = CREDENTIAL_VALUE_SCHEMAS.get(base.credentialType);
    const value = s === undefined ? base.credentialValue : s.decode(base.credentialValue, ctx, childPath(path, Tag.CredentialValue));
    return { ...base, credentialValue: value } as Credential;
  },
  encode(value, ctx, tag) {
    const s = CREDENTIAL_VALUE_SCHEMAS.get(value.credentialType);
    const v = value.credentialValue;
    const node = s === undefined || isTtlvNode(v) ? (v as TtlvNode) : s.encode(v, ctx, Tag.CredentialValue);
    return credentialBase.encode({ ...value, credentialValue: node }, ctx, tag);
  },
});

/** True when `v` is a generic TTLV item rather than a typed value. */
export function isTtlvNode(v: unknown): v is TtlvNode {
  if (typeof v !== 'object' || v === null || v instanceof Uint8Array || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return typeof o['tag'] === 'number' && typeof o['type'] === 'number' && 'value' in o && Object.keys(o).length <= 4;
}

/** Authentication [1.2 §6.6]: one or more Credentials. */
export const Authentication = struct(Tag.Authentication, {
  credential: repeated(Credential, { min: 1 }),
});
export type Authentication = Infer<typeof Authentication>;

/** Message Extension [1.2 §6.16]; the vendor extension stays a generic tree. */
export const MessageExtension = struct(Tag.MessageExtension, {
  vendorIdentification: required(text(Tag.VendorIdentification)),
  criticalityIndicator: required(boolean(Tag.CriticalityIndicator)),
  vendorExtension: required(raw(Tag.VendorExtension)),
});
export type MessageExtension = Infer<typeof MessageExtension>;

// ---------------------------------------------------------------------------------------------
// Query and server information structures
// ---------------------------------------------------------------------------------------------

/** Extension Information [1.2 §2.1.9]; Extension Type is an Integer in 1.x, an Enumeration in 2.x. */
export const ExtensionInformation = struct(Tag.ExtensionInformation, {
  extensionName: required(text(Tag.ExtensionName)),
  extensionTag: optional(integer(Tag.ExtensionTag)),
  extensionType: optional(
    byVersion<number>(
      { until: '1.4', schema: integer(Tag.ExtensionType) },
      { since: '2.0', schema: enumeration(Tag.ExtensionType, ItemTypeEnumeration) },
    ),
  ),
  extensionEnumeration: optional(integer(Tag.ExtensionEnumeration)),
  extensionAttribute: optional(boolean(Tag.ExtensionAttribute)),
  extensionParentStructureTag: optional(integer(Tag.ExtensionParentStructureTag)),
  extensionDescription: optional(text(Tag.ExtensionDescription)),
});
export type ExtensionInformation = Infer<typeof ExtensionInformation>;

/** Server Information [1.2 §4.25]: vendor-specific content is kept in `extensions`. */
export const ServerInformation = struct(Tag.ServerInformation, {
  serverName: optional(text(Tag.ServerName)),
  serverSerialNumber: optional(text(Tag.ServerSerialNumber)),
  serverVersion: optional(text(Tag.ServerVersion)),
  serverLoad: optional(text(Tag.ServerLoad)),
  productName: optional(text(Tag.ProductName)),
  buildLevel: optional(text(Tag.BuildLevel)),
  buildDate: optional(text(Tag.BuildDate)),
  clusterInfo: optional(text(Tag.ClusterInfo)),
  alternateFailoverEndpoints: repeated(text(Tag.AlternateFailoverEndpoints)),
});
export type ServerInformation = Infer<typeof ServerInformation>;

/** Profile Version (2.0+). */
export const ProfileVersion = struct(Tag.ProfileVersion, {
  profileVersionMajor: required(integer(Tag.ProfileVersionMajor)),
  profileVersionMinor: optional(integer(Tag.ProfileVersionMinor)),
});
export type ProfileVersion = Infer<typeof ProfileVersion>;

/** Profile Information (1.3+). */
export const ProfileInformation = struct(Tag.ProfileInformation, {
  profileName: required(enumeration(Tag.ProfileName, ProfileName)),
  profileVersion: optional(ProfileVersion),
  serverURI: optional(text(Tag.ServerURI)),
  serverPort: optional(integer(Tag.ServerPort)),
});
export type ProfileInformation = Infer<typeof ProfileInformation>;

/** Validation Information (1.3+). */
export const ValidationInformation = struct(Tag.ValidationInformation, {
  validationAuthorityType: required(enumeration(Tag.ValidationAuthorityType, ValidationAuthorityType)),
  validationAuthorityCountry: optional(text(Tag.ValidationAuthorityCountry)),
  validationAuthorityURI: optional(text(Tag.ValidationAuthorityURI)),
  validationVersionMajor: required(integer(Tag.ValidationVersionMajor)),
  validationVersionMinor: optional(integer(Tag.ValidationVersionMinor)),
  validationType: required(enumeration(Tag.ValidationType, ValidationType)),
  validationLevel: required(integer(Tag.ValidationLevel)),
  validationCertificateIdentifier: optional(text(Tag.ValidationCertificateIdentifier)),
  validationCertificateURI: optional(text(Tag.ValidationCertificateURI)),
  validationVendorURI: optional(text(Tag.ValidationVendorURI)),
  validationProfile: repeated(text(Tag.ValidationProfile)),
});
export type ValidationInformation = Infer<typeof ValidationInformation>;

/** Capability Information (1.3+). */
export const CapabilityInformation = struct(Tag.CapabilityInformation, {
  streamingCapability: optional(boolean(Tag.StreamingCapability)),
  asynchronousCapability: optional(boolean(Tag.AsynchronousCapability)),
  attestationCapability: optional(boolean(Tag.AttestationCapability)),
  batchUndoCapability: optional(boolean(Tag.BatchUndoCapability)),
  batchContinueCapability: optional(boolean(Tag.BatchContinueCapability)),
  unwrapMode: optional(enumeration(Tag.UnwrapMode, UnwrapMode)),
  destroyAction: optional(enumeration(Tag.DestroyAction, DestroyAction)),
  shreddingAlgorithm: optional(enumeration(Tag.ShreddingAlgorithm, ShreddingAlgorithm)),
  rngMode: optional(enumeration(Tag.RNGMode, RNGMode)),
  quantumSafeCapability: optional(boolean(Tag.QuantumSafeCapability)),
});
export type CapabilityInformation = Infer<typeof CapabilityInformation>;

/** Object Groups (2.x). */
export const ObjectGroups = struct(Tag.ObjectGroups, {
  objectGroup: repeated(text(Tag.ObjectGroup)),
});
export type ObjectGroups = Infer<typeof ObjectGroups>;

/** Object Types (2.x). */
export const ObjectTypes = struct(Tag.ObjectTypes, {
  objectType: repeated(enumeration(Tag.ObjectType, ObjectType)),
});
export type ObjectTypes = Infer<typeof ObjectTypes>;

/** Operations (2.x). */
export const Operations = struct(Tag.Operations, {
  operation: repeated(enumeration(Tag.Operation, Operation)),
});
export type Operations = Infer<typeof Operations>;

/** Objects (2.x). */
export const Objects = struct(Tag.Objects, {
  uniqueIdentifier: repeated(uid(Tag.UniqueIdentifier)),
});
export type Objects = Infer<typeof Objects>;

/** Right (2.x). */
export const Right = struct(Tag.Right, {
  usageLimits: optional(UsageLimits),
  operations: optional(Operations),
  objects: optional(Objects),
  objectGroups: optional(ObjectGroups),
});
export type Right = Infer<typeof Right>;

/** Rights (2.x). */
export const Rights = struct(Tag.Rights, {
  right: repeated(Right),
});
export type Rights = Infer<typeof Rights>;

/** Asynchronous Correlation Values (2.1). */
export const AsynchronousCorrelationValues = struct(Tag.AsynchronousCorrelationValues, {
  asynchronousCorrelationValue: repeated(bytes(Tag.AsynchronousCorrelationValue)),
});
export type AsynchronousCorrelationValues = Infer<typeof AsynchronousCorrelationValues>;

/** Asynchronous Request (2.1). */
export const AsynchronousRequest = struct(Tag.AsynchronousRequest, {
  asynchronousCorrelationValue: required(bytes(Tag.AsynchronousCorrelationValue)),
  operation: required(enumeration(Tag.Operation, Operation)),
  submissionDate: required(dateTime(Tag.SubmissionDate)),
  processingStage: required(enumeration(Tag.ProcessingStage, ProcessingStage)),
});
export type AsynchronousRequest = Infer<typeof AsynchronousRequest>;

/** A 3.0 link value: Reference / Name Reference / Unique Identifier Enumeration / Integer. */
export function link30(tag: number): Schema<ObjectRef> {
  return objectRef(tag, ItemType.Reference);
}

/** Protection Storage Masks (2.0+) under `tag` (also Common/Private/Public Protection Storage Masks). */
export function protectionStorageMasks(tag: number) {
  return struct(tag, {
    protectionStorageMask: repeated(mask(Tag.ProtectionStorageMask, ProtectionStorageMask)),
  });
}
/** Protection Storage Masks (2.0+). */
export const ProtectionStorageMasks = protectionStorageMasks(Tag.ProtectionStorageMasks);
export type ProtectionStorageMasks = Infer<typeof ProtectionStorageMasks>;
/** Common Protection Storage Masks (2.0+). */
export const CommonProtectionStorageMasks = protectionStorageMasks(Tag.CommonProtectionStorageMasks);
/** Private Protection Storage Masks (2.0+). */
export const PrivateProtectionStorageMasks = protectionStorageMasks(Tag.PrivateProtectionStorageMasks);
/** Public Protection Storage Masks (2.0+). */
export const PublicProtectionStorageMasks = protectionStorageMasks(Tag.PublicProtectionStorageMasks);
