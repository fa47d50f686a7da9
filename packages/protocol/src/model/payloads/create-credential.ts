/**
 * Create Credential payloads.
 * The credential object (Password Credential, Certificate, …) is the managed object of the request.
 */
import { CredentialType } from '../../generated/enums.js';
import { Tag } from '../../generated/tags.js';
import { AttributesStructure } from '../attributes.js';
import { ManagedObject } from '../objects.js';
import { enumeration, optional, required, responseUid, struct, type Infer } from '../schema.js';

/** Create Credential request payload [KMIP 3.0 draft]. */
export const CreateCredentialRequest = struct(Tag.RequestPayload, {
  credentialType: required(enumeration(Tag.CredentialType, CredentialType)),
  attributes: required(AttributesStructure),
  object: optional(ManagedObject),
});
export type CreateCredentialRequest = Infer<typeof CreateCredentialRequest>;

/** Create Credential response payload [KMIP 3.0 draft]. */
export const CreateCredentialResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
});
export type CreateCredentialResponse = Infer<typeof CreateCredentialResponse>;
