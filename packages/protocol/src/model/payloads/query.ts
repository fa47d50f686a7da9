/**
 * Query payloads.
 * Protection Storage Masks is listed as required in 2.1 but absent from the 2.1 test cases: optional here.
 */
import { AttestationType, ClientRegistrationMethod, ObjectType, Operation, QueryFunction } from '../../generated/enums.js';
import { Tag } from '../../generated/tags.js';
import { AttributesStructure } from '../attributes.js';
import { CapabilityInformation, ExtensionInformation, ObjectGroups, ProfileInformation, ProtectionStorageMasks, RNGParameters, ServerInformation, ValidationInformation } from '../common.js';
import { enumeration, optional, repeated, required, struct, text, type Infer } from '../schema.js';

/** Object Defaults (2.1): default attributes for an Object Type. */
export const ObjectDefaults = struct(Tag.ObjectDefaults, {
  objectType: required(enumeration(Tag.ObjectType, ObjectType)),
  attributes: required(AttributesStructure),
  objectGroups: optional(ObjectGroups),
});
export type ObjectDefaults = Infer<typeof ObjectDefaults>;

/** Defaults Information (2.1): returned by Query, set by Set Defaults. */
export const DefaultsInformation = struct(Tag.DefaultsInformation, {
  objectDefaults: repeated(ObjectDefaults),
});
export type DefaultsInformation = Infer<typeof DefaultsInformation>;

/** Query request payload [KMIP 1.2 §4.25, KMIP 2.1 §6.2.4]. */
export const QueryRequest = struct(Tag.RequestPayload, {
  queryFunction: repeated(enumeration(Tag.QueryFunction, QueryFunction), { min: 1 }),
  objectGroups: optional(ObjectGroups),
});
export type QueryRequest = Infer<typeof QueryRequest>;

/** Query response payload [KMIP 1.2 §4.25, KMIP 2.1 §6.2.4]. */
export const QueryResponse = struct(Tag.ResponsePayload, {
  operation: repeated(enumeration(Tag.Operation, Operation)),
  objectType: repeated(enumeration(Tag.ObjectType, ObjectType)),
  vendorIdentification: optional(text(Tag.VendorIdentification)),
  serverInformation: optional(ServerInformation),
  applicationNamespace: repeated(text(Tag.ApplicationNamespace)),
  extensionInformation: repeated(ExtensionInformation),
  attestationType: repeated(enumeration(Tag.AttestationType, AttestationType)),
  rngParameters: repeated(RNGParameters),
  profileInformation: repeated(ProfileInformation),
  validationInformation: repeated(ValidationInformation),
  capabilityInformation: repeated(CapabilityInformation),
  clientRegistrationMethod: repeated(enumeration(Tag.ClientRegistrationMethod, ClientRegistrationMethod)),
  defaultsInformation: optional(DefaultsInformation),
  protectionStorageMasks: optional(ProtectionStorageMasks),
});
export type QueryResponse = Infer<typeof QueryResponse>;
