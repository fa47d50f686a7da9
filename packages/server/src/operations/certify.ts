/**
 * Certify [KMIP 1.2 §4.7, 2.1 §6.1.6]: the server's CA (../pki/authority.ts) issues an X.509
 * certificate for a public key, stored as a new Certificate object whose Unique Identifier is
 * returned and copied into the ID Placeholder.
 *
 * What is certified:
 * - a managed Public Key named by Unique Identifier (or, when omitted, the ID Placeholder); a
 *   Certificate Request sent with it must be for that same key;
 * - the key of a PKCS#10 Certificate Request alone (DER, or PEM: ../pki/csr.ts) — in 2.x when the
 *   Unique Identifier is omitted, in 1.x when the ID Placeholder is empty too; no managed Public
 *   Key is involved then, so there is nothing to link;
 * - in 2.x, a registered Certificate Request object named by Unique Identifier.
 *
 * The subject is, in this order of precedence: the request's subject (the Certificate Request
 * wins over the attributes, §4.7); else the template's Certificate Subject (1.x text DN), X.509
 * Certificate Subject (1.1-1.4, DER) or Certificate Subject CN/O/OU/… fields (1.4, 2.x); else
 * `CN=` the public key's first Name, or its Unique Identifier. Key Usage comes from the request's
 * extension, else from the certificate's Cryptographic Usage Mask ({@link keyUsageOf}); Subject
 * Alternative Name and Extended Key Usage from the request. Certificate Type may be stated: only
 * X.509 is issued.
 *
 * The Certificate gets the template's attributes (Name, Cryptographic Usage Mask, …), the
 * attributes derived from the certificate as for Register (../objects/certificate-attributes.ts),
 * its Digest, a Public Key Link to the key, and the lifecycle of any new object (Pre-Active unless
 * the template sets an Activation Date). The Public Key gets a Certificate Link to it (one per
 * certificate: "the corresponding certificate(s)", 1.2 §3.35). The Private Key is reached through
 * the Public Key's Private Key Link: KMIP defines no Link Type between a certificate and a private
 * key, so none is added.
 *
 * Result Reasons: Operation Not Supported (an Executor built without a CA; `keyhold serve` always has its
 * certification CA, ../pki/authority.ts); Invalid Field (a Key Usage of CA purposes only); Object Not Found (1.x Item Not
 * Found); Permission Denied (another client's key); Object Archived; Invalid Object Type (1.x
 * Permission Denied, 1.2 Table 297 "not able to be certified") for an object that is no Public Key
 * (or 2.x Certificate Request); Wrong Key Lifecycle State (1.x Permission Denied) for a destroyed
 * or compromised key; Invalid CSR (1.x Invalid Field) for a request that does not parse or verify;
 * Feature Not Supported for CRMF/PGP requests, a PGP Certificate Type or a key held wrapped;
 * Invalid Field (a request without its type or for another key; a subject that is no name);
 * Protection Storage Unavailable (2.x masks without Software); the attribute errors of a new object.
 */
import {
  CertificateType,
  CryptographicUsageMask as U,
  HashingAlgorithm,
  KeyFormatType,
  KmipError,
  LinkType,
  ObjectType,
  Operation,
  ResultReason,
  State,
  UniqueIdentifier,
  type Attribute,
  type CertificateSubject,
  type Name,
  type X_509CertificateSubject,
} from '@keyhold/protocol';
import { digest, importKey } from '../crypto/index.js';
import { kmipError } from '../errors/kmip.js';
import { certificateAttributes, NAME_FIELDS } from '../objects/certificate-attributes.js';
import { clientAttributes, newObjectRecord, storageAllowed } from '../objects/creation.js';
import type { ManagedRecord } from '../objects/managed.js';
import type { CertificateAuthority } from '../pki/authority.js';
import { readCertificateRequest, type CertificateRequestInfo } from '../pki/csr.js';
import { isNameDer, nameFromFields, nameFromText } from '../pki/subject.js';
import { x509 } from '../pki/x509.js';
import { defineOperation, type OperationContext } from './context.js';
import { keyMaterialOf } from './key-wrapping.js';

/** Template attributes that describe the certificate to issue; used for it, not stored as given. */
const SUBJECT_FIELDS: readonly (readonly [string, string])[] = NAME_FIELDS.map(([field, oid]) => [`Certificate Subject ${field}`, oid] as const);
/** DER order of the name fields built from Certificate Subject CN/O/…: the broadest first. */
const FIELD_ORDER = ['C', 'ST', 'L', 'DC', 'O', 'OU', 'Title', 'CN', 'UID', 'Serial Number', 'DN Qualifier', 'Email'];
export const CERTIFICATE_REQUEST_ATTRIBUTES: readonly string[] = ['Certificate Type', 'Certificate Subject', 'X.509 Certificate Subject', ...SUBJECT_FIELDS.map(([n]) => n)];

/** States in which a key (or certificate) is not certified again. */
const REFUSED_STATES = new Set<number>([State.Compromised, State.Destroyed, State.DestroyedCompromised]);

/** The CA, or Operation Not Supported. */
export function authorityOf(ctx: OperationContext): CertificateAuthority {
  if (ctx.certificateAuthority === undefined) throw new KmipError(ResultReason.OperationNotSupported, 'this server has no certification authority to issue certificates with');
  return ctx.certificateAuthority;
}

/** Refuses Protection Storage Masks that exclude Software storage. */
export function checkStorage(masks: Parameters<typeof storageAllowed>[0]): void {
  if (!storageAllowed(masks)) throw new KmipError(ResultReason.ProtectionStorageUnavailable, 'the certificate can only be kept in Software protection storage');
}

/** A request's Certificate Request, read and verified, or undefined when it has none. */
export async function requestOf(type: number | undefined, value: Uint8Array | undefined): Promise<CertificateRequestInfo | undefined> {
  if (value === undefined) {
    if (type !== undefined) throw new KmipError(ResultReason.InvalidField, 'a Certificate Request Type was given without a Certificate Request');
    return undefined;
  }
  return readCertificateRequest(type, value);
}

/** A registered Certificate Request object (2.x), read and verified. */
export async function requestObject(rec: ManagedRecord): Promise<CertificateRequestInfo> {
  const obj = rec.object;
  if (obj === null || obj.objectType !== ObjectType.CertificateRequest) throw new KmipError(ResultReason.InvalidObjectType, 'the object is not a Certificate Request');
  return readCertificateRequest(obj.certificateRequestType, obj.certificateRequestValue);
}

/** Canonical SubjectPublicKeyInfo DER of a public key given as SPKI (so that encodings compare). */
function canonicalSpki(spki: Uint8Array): Buffer {
  try {
    return importKey({ objectType: ObjectType.PublicKey, format: KeyFormatType.X_509, material: spki }).material;
  } catch {
    // A key type the key layer does not know: compare the bytes as they are.
    return Buffer.from(spki);
  }
}

/** True when two SubjectPublicKeyInfo encodings hold the same key. */
export function sameKey(a: Uint8Array, b: Uint8Array): boolean {
  return canonicalSpki(a).equals(canonicalSpki(b));
}

/**
 * A key or certificate that may be certified (again): not destroyed, not compromised.
 * @throws KmipError Wrong Key Lifecycle State (1.x Permission Denied).
 */
export function checkCertifiable(rec: ManagedRecord, what: string): void {
  if (REFUSED_STATES.has(rec.state) || rec.object === null) throw new KmipError(ResultReason.WrongKeyLifecycleState, `a destroyed or compromised ${what} is not certified`);
}

/** The SubjectPublicKeyInfo of a managed Public Key. */
function publicKeySpki(rec: ManagedRecord): Uint8Array {
  const { key } = keyMaterialOf(rec);
  if (key === undefined) throw new KmipError(ResultReason.InvalidObjectType, 'the object is not a public key');
  return key.export({ type: 'spki', format: 'der' });
}

/**
 * The subject the template asks for: Certificate Subject (text DN), X.509 Certificate Subject
 * (DER) or the Certificate Subject CN/O/… fields; undefined when it asks for none.
 * @throws KmipError Invalid Attribute Value (1.x Invalid Field) for a value that is no name.
 */
function templateSubject(attrs: readonly Attribute[]): Uint8Array | undefined {
  const text = attrs.find((a) => a.name === 'Certificate Subject')?.value as CertificateSubject | undefined;
  const der = attrs.find((a) => a.name === 'X.509 Certificate Subject')?.value as X_509CertificateSubject | undefined;
  const bad = (): KmipError => kmipError(ResultReason.InvalidAttributeValue, 'the certificate subject asked for is not a distinguished name', ResultReason.InvalidField);
  if (der?.subjectDistinguishedName !== undefined) {
    if (!isNameDer(der.subjectDistinguishedName)) throw bad();
    return der.subjectDistinguishedName;
  }
  if (text?.certificateSubjectDistinguishedName !== undefined) {
    const name = nameFromText(text.certificateSubjectDistinguishedName);
    if (name === undefined) throw bad();
    return name;
  }
  const fields: [string, string, string][] = [];
  for (const [attr, oid] of SUBJECT_FIELDS) {
    for (const a of attrs) if (a.name === attr && typeof a.value === 'string') fields.push([attr.slice('Certificate Subject '.length), oid, a.value]);
  }
  fields.sort((x, y) => FIELD_ORDER.indexOf(x[0]) - FIELD_ORDER.indexOf(y[0]));
  return nameFromFields(fields.map(([, oid, value]) => [oid, value] as const));
}

/**
 * The template's attributes for the certificate, split into the subject it asks for and the
 * attributes to store (the certificate-describing ones removed).
 * @throws KmipError Feature Not Supported for a Certificate Type other than X.509.
 */
export async function certificateTemplate(attributes: Parameters<typeof clientAttributes>[0], ctx: OperationContext): Promise<{ attrs: Attribute[]; subject: Uint8Array | undefined }> {
  const all = await clientAttributes(attributes, ctx, { allow: CERTIFICATE_REQUEST_ATTRIBUTES });
  const type = all.find((a) => a.name === 'Certificate Type')?.value;
  if (type !== undefined && type !== CertificateType.X_509) throw new KmipError(ResultReason.FeatureNotSupported, 'only X.509 certificates are issued');
  return { attrs: all.filter((a) => !CERTIFICATE_REQUEST_ATTRIBUTES.includes(a.name)), subject: templateSubject(all) };
}

/** Key Usage flags for a Cryptographic Usage Mask (none when the mask is absent). */
export function keyUsageOf(mask: number | undefined): number | undefined {
  if (mask === undefined) return undefined;
  const K = x509.KeyUsageFlags;
  let flags = 0;
  if ((mask & (U.Sign | U.Verify | U.Authenticate)) !== 0) flags |= K.digitalSignature;
  if ((mask & U.ContentCommitmentNonRepudiation) !== 0) flags |= K.nonRepudiation;
  if ((mask & (U.Encrypt | U.Decrypt)) !== 0) flags |= K.dataEncipherment;
  if ((mask & (U.WrapKey | U.UnwrapKey)) !== 0) flags |= K.keyEncipherment;
  if ((mask & (U.KeyAgreement | U.DeriveKey)) !== 0) flags |= K.keyAgreement;
  return flags === 0 ? undefined : flags;
}

/** The default subject: `CN=` the key's first Name, else its Unique Identifier. */
export function defaultSubject(key: ManagedRecord | undefined, fallback: string): Uint8Array {
  const name = (key?.value('Name') as Name | undefined)?.nameValue ?? key?.uid ?? fallback;
  return nameFromFields([['2.5.4.3', name]]) as Uint8Array;
}

/** Options of {@link newCertificateRecord}. */
export interface NewCertificate {
  readonly der: Uint8Array;
  readonly attributes: Attribute[];
}

/** The record of a new Certificate object: the given attributes plus those of the certificate and its Digest. */
export function newCertificateRecord(ctx: OperationContext, o: NewCertificate): ManagedRecord {
  const object = { objectType: ObjectType.Certificate, certificateType: CertificateType.X_509, certificateValue: o.der } as const;
  const record = newObjectRecord(ctx, { objectType: ObjectType.Certificate, object, attributes: o.attributes, generatedByServer: false });
  for (const d of certificateAttributes(CertificateType.X_509, o.der)) {
    if (d.value === undefined) continue;
    if ((d.index ?? 0) === 0) record.remove(d.name);
    record.add(d.name, d.value);
  }
  record.set('Digest', { hashingAlgorithm: HashingAlgorithm.SHA_256, digestValue: digest(o.der), keyFormatType: KeyFormatType.Raw });
  return record;
}

export const certify = defineOperation(Operation.Certify, async (req, ctx) => {
  const ca = authorityOf(ctx);
  checkStorage(req.protectionStorageMasks);
  let request = await requestOf(req.certificateRequestType, req.certificateRequestValue);
  // The key: named, or the ID Placeholder — unless a request alone is certified (2.x: no
  // identifier; 1.x: no identifier and an empty ID Placeholder).
  const named = req.uniqueIdentifier !== undefined || (request === undefined ? true : ctx.version.major < 2 && ctx.batch.idPlaceholder !== undefined);
  let publicKey: ManagedRecord | undefined;
  let spki: Uint8Array;
  if (named) {
    const target = await ctx.objects.load(ctx.batch.resolve(req.uniqueIdentifier));
    if (target.objectType === ObjectType.CertificateRequest) {
      if (request !== undefined) throw new KmipError(ResultReason.InvalidField, 'a Certificate Request object and a Certificate Request were both given');
      request = await requestObject(target);
      spki = request.publicKey;
    } else if (target.objectType === ObjectType.PublicKey) {
      checkCertifiable(target, 'key');
      publicKey = target;
      spki = publicKeySpki(target);
      if (request !== undefined && !sameKey(request.publicKey, spki)) {
        throw new KmipError(ResultReason.InvalidField, 'the Certificate Request is for another key than the Public Key named');
      }
    } else {
      throw kmipError(ResultReason.InvalidObjectType, 'only a Public Key (or a Certificate Request) can be certified', ResultReason.PermissionDenied);
    }
  } else {
    spki = (request as CertificateRequestInfo).publicKey;
  }
  const template = await certificateTemplate(req.attributes, ctx);
  const mask = template.attrs.find((a) => a.name === 'Cryptographic Usage Mask')?.value as number | undefined;
  const keyUsage = request?.keyUsage ?? keyUsageOf(mask);
  const der = await ca.issue({
    publicKey: spki,
    subject: request?.subject ?? template.subject ?? defaultSubject(publicKey, 'Keyhold certificate'),
    ...(keyUsage !== undefined ? { keyUsage } : {}),
    extensions: request?.extensions ?? [],
    now: new Date(Number(ctx.now) * 1000),
  });
  const record = newCertificateRecord(ctx, { der, attributes: template.attrs });
  if (publicKey !== undefined) {
    record.add('Link', { linkType: LinkType.PublicKeyLink, linkedObjectIdentifier: publicKey.uid });
    publicKey.add('Link', { linkType: LinkType.CertificateLink, linkedObjectIdentifier: record.uid });
    publicKey.set('Last Change Date', ctx.now);
    await ctx.objects.save(publicKey);
  }
  await ctx.objects.save(record);
  ctx.batch.record([{ kinds: [UniqueIdentifier.Certify], uid: record.uid }], record.uid);
  return { uniqueIdentifier: record.uid };
});
