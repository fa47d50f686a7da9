/**
 * Encrypt and Decrypt payloads.
 */
import { Tag } from '../../generated/tags.js';
import { CryptographicParameters } from '../common.js';
import { boolean, bytes, optional, required, responseUid, struct, uid, type Infer } from '../schema.js';

/** Encrypt request payload [KMIP 1.2 §4.29, KMIP 2.1 §6.1.17]. */
export const EncryptRequest = struct(Tag.RequestPayload, {
  uniqueIdentifier: optional(uid(Tag.UniqueIdentifier)),
  cryptographicParameters: optional(CryptographicParameters),
  data: optional(bytes(Tag.Data)),
  ivCounterNonce: optional(bytes(Tag.IVCounterNonce)),
  correlationValue: optional(bytes(Tag.CorrelationValue)),
  initIndicator: optional(boolean(Tag.InitIndicator)),
  finalIndicator: optional(boolean(Tag.FinalIndicator)),
  authenticatedEncryptionAdditionalData: optional(bytes(Tag.AuthenticatedEncryptionAdditionalData)),
});
export type EncryptRequest = Infer<typeof EncryptRequest>;

/** Encrypt response payload [KMIP 1.2 §4.29, KMIP 2.1 §6.1.17]. */
export const EncryptResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
  data: optional(bytes(Tag.Data)),
  ivCounterNonce: optional(bytes(Tag.IVCounterNonce)),
  correlationValue: optional(bytes(Tag.CorrelationValue)),
  authenticatedEncryptionTag: optional(bytes(Tag.AuthenticatedEncryptionTag)),
});
export type EncryptResponse = Infer<typeof EncryptResponse>;

/** Decrypt request payload [KMIP 1.2 §4.30, KMIP 2.1 §6.1.11]. */
export const DecryptRequest = struct(Tag.RequestPayload, {
  uniqueIdentifier: optional(uid(Tag.UniqueIdentifier)),
  cryptographicParameters: optional(CryptographicParameters),
  data: optional(bytes(Tag.Data)),
  ivCounterNonce: optional(bytes(Tag.IVCounterNonce)),
  correlationValue: optional(bytes(Tag.CorrelationValue)),
  initIndicator: optional(boolean(Tag.InitIndicator)),
  finalIndicator: optional(boolean(Tag.FinalIndicator)),
  authenticatedEncryptionAdditionalData: optional(bytes(Tag.AuthenticatedEncryptionAdditionalData)),
  authenticatedEncryptionTag: optional(bytes(Tag.AuthenticatedEncryptionTag)),
});
export type DecryptRequest = Infer<typeof DecryptRequest>;

/** Decrypt response payload [KMIP 1.2 §4.30, KMIP 2.1 §6.1.11]. */
export const DecryptResponse = struct(Tag.ResponsePayload, {
  uniqueIdentifier: required(responseUid(Tag.UniqueIdentifier)),
  data: optional(bytes(Tag.Data)),
  correlationValue: optional(bytes(Tag.CorrelationValue)),
});
export type DecryptResponse = Infer<typeof DecryptResponse>;
