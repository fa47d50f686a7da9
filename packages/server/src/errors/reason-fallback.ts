/**
 * Result Reasons by protocol version. A response never carries a Result Reason its version does
 * not define (KMIP 1.0 knows 18 reasons, 2.0 adds 45, 2.1 and the 3.0 draft a few more, and some
 * were retired). {@link reasonForVersion} replaces a reason the version lacks by the closest one
 * it has, following {@link REASON_FALLBACK} step by step; docs/errors.md prints the table.
 *
 * The 1.x targets follow the error tables of KMIP 1.2 §11 (e.g. a wrong lifecycle state is
 * Permission Denied there — Activate and Destroy, Tables 309 and 311 — and Wrong Key Lifecycle
 * State in 2.x). Handlers may also name the 1.x reason for one particular situation explicitly
 * (see `legacyReason` in ../errors/kmip.ts), because 1.x sometimes chose differently per
 * operation (a duplicate Name is Invalid Field for Create but Illegal Operation for Add Attribute).
 */
import { definedIn, ENUM_DEFS, ResultReason, type ProtocolVersion } from '@keyhold/protocol';

type Reason = ResultReason;
const R = ResultReason;

/** One step towards a reason defined in an older (or newer) version, with why. */
export const REASON_FALLBACK: ReadonlyMap<Reason, { readonly to: Reason; readonly why: string }> = new Map<Reason, { to: Reason; why: string }>([
  // 1.1-1.4 additions, for older 1.x versions
  [R.EncodingOptionError, { to: R.InvalidField, why: 'the Encoding Option is a field of the request' }],
  [R.KeyValueNotPresent, { to: R.IllegalOperation, why: 'KMIP 1.0/1.1 report an object with attributes only as Illegal Operation (1.2 Table 301)' }],
  [R.AttestationRequired, { to: R.PermissionDenied, why: 'without attestation the client is not allowed (1.2 Table 290)' }],
  [R.AttestationFailed, { to: R.PermissionDenied, why: 'without valid attestation the client is not allowed' }],
  [R.Sensitive, { to: R.PermissionDenied, why: 'reading a sensitive key is not allowed' }],
  [R.NotExtractable, { to: R.PermissionDenied, why: 'reading a non-extractable key is not allowed' }],
  [R.ObjectAlreadyExists, { to: R.InvalidField, why: 'a duplicate is an incorrect attribute value (1.2 Tables 291-293)' }],
  // 2.0 additions, for 1.x
  [R.InvalidTicket, { to: R.AuthenticationNotSuccessful, why: 'a ticket is a credential' }],
  [R.UsageLimitExceeded, { to: R.PermissionDenied, why: 'the allocation cannot be granted (1.2 Table 308)' }],
  [R.NumericRange, { to: R.InvalidField, why: 'a value out of range is an invalid field' }],
  [R.InvalidDataType, { to: R.InvalidField, why: 'a wrong item type is an invalid field (1.2 Table 290)' }],
  [R.ReadOnlyAttribute, { to: R.PermissionDenied, why: 'changing a read-only attribute is Permission Denied (1.2 Tables 304-306)' }],
  [R.MultiValuedAttribute, { to: R.InvalidField, why: 'the request names a multi-valued attribute where one value is needed' }],
  [R.UnsupportedAttribute, { to: R.InvalidField, why: 'attributes the server does not understand are Invalid Field (1.2 Table 299)' }],
  [R.AttributeInstanceNotFound, { to: R.ItemNotFound, why: 'no matching attribute instance is Item Not Found (1.2 Tables 305, 306)' }],
  [R.AttributeNotFound, { to: R.ItemNotFound, why: 'no attribute with the name is Item Not Found (1.2 Table 306)' }],
  [R.AttributeReadOnly, { to: R.PermissionDenied, why: 'a read-only attribute is Permission Denied (1.2 Tables 304-306)' }],
  [R.AttributeSingleValued, { to: R.IllegalOperation, why: 'the attribute already exists: Illegal Operation (1.2 Table 304)' }],
  [R.BadCryptographicParameters, { to: R.InvalidField, why: 'the parameters are fields of the request' }],
  [R.BadPassword, { to: R.AuthenticationNotSuccessful, why: 'a password is a credential' }],
  [R.CodecError, { to: R.InvalidMessage, why: 'an undecodable message is Invalid Message (1.2 Table 290)' }],
  [R.IllegalObjectType, { to: R.IllegalOperation, why: 'an operation on the wrong kind of object is Illegal Operation (1.2 Tables 309, 310)' }],
  [R.IncompatibleCryptographicUsageMask, { to: R.PermissionDenied, why: 'the key may not be used so: Permission Denied' }],
  [R.InternalServerError, { to: R.GeneralFailure, why: 'KMIP 1.x has no more precise reason' }],
  [R.InvalidAsynchronousCorrelationValue, { to: R.ItemNotFound, why: 'no such outstanding operation (1.2 Table 315)' }],
  [R.InvalidAttribute, { to: R.InvalidField, why: 'an attribute is a field of the request' }],
  [R.InvalidAttributeValue, { to: R.InvalidField, why: 'incorrect attribute values are Invalid Field (1.2 Table 291)' }],
  [R.InvalidCorrelationValue, { to: R.InvalidField, why: 'the correlation value is a field of the request' }],
  [R.InvalidCSR, { to: R.InvalidField, why: 'a bad certificate request is Invalid Field (1.2 Table 297)' }],
  [R.InvalidObjectType, { to: R.InvalidField, why: 'an unrecognised Object Type is Invalid Field (1.2 Table 291)' }],
  [R.KeyWrapTypeNotSupported, { to: R.FeatureNotSupported, why: 'KMIP 1.x has no reason for key wrap types' }],
  [R.MissingInitializationVector, { to: R.MissingData, why: 'the request lacks data the operation needs' }],
  [R.NonUniqueNameAttribute, { to: R.InvalidField, why: 'a Name used by another object is Invalid Field for Create/Register (1.2 Tables 291-293)' }],
  [R.ObjectDestroyed, { to: R.PermissionDenied, why: 'an already destroyed object is Permission Denied (1.2 Table 311)' }],
  [R.ObjectNotFound, { to: R.ItemNotFound, why: 'same meaning' }],
  [R.NotAuthorised, { to: R.PermissionDenied, why: 'same meaning' }],
  [R.ServerLimitExceeded, { to: R.IndexOutOfBounds, why: 'a server limit on instances is Index Out of Bounds (1.2 Table 304)' }],
  [R.UnknownEnumeration, { to: R.InvalidField, why: 'an undefined enumeration value is an invalid field' }],
  [R.UnknownMessageExtension, { to: R.FeatureNotSupported, why: 'a critical extension not understood is Feature Not Supported (1.2 Table 290)' }],
  [R.UnknownTag, { to: R.InvalidField, why: 'an unknown field in the same version is Invalid Field (1.2 Table 290)' }],
  [R.UnsupportedCryptographicParameters, { to: R.InvalidField, why: 'the parameters are fields of the request' }],
  [R.UnsupportedProtocolVersion, { to: R.InvalidMessage, why: 'a protocol version mismatch is Invalid Message (1.2 Table 290)' }],
  [R.WrappingObjectArchived, { to: R.ObjectArchived, why: 'same meaning for the wrapping key' }],
  [R.WrappingObjectDestroyed, { to: R.PermissionDenied, why: 'the wrapping key cannot be used (1.2 Table 301)' }],
  [R.WrappingObjectNotFound, { to: R.ItemNotFound, why: 'a missing wrapping key is Item Not Found (1.2 Table 301)' }],
  [R.WrongKeyLifecycleState, { to: R.PermissionDenied, why: 'a wrong state is Permission Denied (1.2 Tables 309, 311)' }],
  [R.ProtectionStorageUnavailable, { to: R.FeatureNotSupported, why: 'KMIP 1.x has no protection storage' }],
  [R.PKCS_11CodecError, { to: R.InvalidMessage, why: 'KMIP 1.x has no PKCS#11 operation' }],
  [R.PKCS_11InvalidFunction, { to: R.InvalidField, why: 'KMIP 1.x has no PKCS#11 operation' }],
  [R.PKCS_11InvalidInterface, { to: R.InvalidField, why: 'KMIP 1.x has no PKCS#11 operation' }],
  // 2.1 additions, for 2.0
  [R.PrivateProtectionStorageUnavailable, { to: R.ProtectionStorageUnavailable, why: 'the 2.0 reason without the private/public distinction' }],
  [R.PublicProtectionStorageUnavailable, { to: R.ProtectionStorageUnavailable, why: 'the 2.0 reason without the private/public distinction' }],
  [R.UnknownObjectGroup, { to: R.ItemNotFound, why: 'no such object group' }],
  [R.ConstraintViolation, { to: R.InvalidAttributeValue, why: 'a value outside the constraints is an invalid attribute value' }],
  [R.DuplicateProcessRequest, { to: R.InvalidMessage, why: 'the request repeats one already processed' }],
  // 3.0 draft addition, for 2.x
  [R.CircularLinkError, { to: R.InvalidAttributeValue, why: 'the Link value is not acceptable' }],
  // Retired in 2.0: the closest 2.x reasons
  [R.IllegalOperation, { to: R.IllegalObjectType, why: 'KMIP 2.x names the usual case (the wrong kind of object)' }],
  [R.IndexOutOfBounds, { to: R.ServerLimitExceeded, why: 'KMIP 2.x has no Attribute Index' }],
]);

const reasonDef = new Map(ENUM_DEFS.find((e) => e.name === 'Result Reason')?.values.map((v) => [v.value, v]) ?? []);

/** True when `reason` exists in `version`. */
export function reasonDefinedIn(reason: number, version: ProtocolVersion): boolean {
  const def = reasonDef.get(reason);
  return def !== undefined && definedIn(def, version);
}

/** `reason`, or the closest reason that `version` defines. */
export function reasonForVersion(reason: Reason, version: ProtocolVersion): Reason {
  let r = reason;
  for (let hops = 0; hops < 8 && !reasonDefinedIn(r, version); hops++) {
    const next = REASON_FALLBACK.get(r);
    if (next === undefined) break;
    r = next.to;
  }
  return reasonDefinedIn(r, version) ? r : R.GeneralFailure;
}
