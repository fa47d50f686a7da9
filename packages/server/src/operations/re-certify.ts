/**
 * Re-certify [KMIP 1.2 §4.8, 2.1 §6.1.45]: a new certificate, from the server's CA, for the key of
 * an existing Certificate object (named by Unique Identifier or the ID Placeholder); its Unique
 * Identifier is returned and copied into the ID Placeholder.
 *
 * - The key is the existing certificate's. A Certificate Request (PKCS#10 DER or PEM; in 2.x also
 *   a registered Certificate Request object named by Certificate Request Unique Identifier) may come
 *   with it, and must then be for that same key; its subject and extensions win. Otherwise the
 *   subject is the template's (as for Certify, ./certify.ts) or the existing certificate's, and the
 *   Subject Alternative Name and Extended Key Usage are those of the existing certificate; Key Usage
 *   comes from the request, else the Cryptographic Usage Mask, else the existing certificate.
 * - Attributes (Tables 159/160 of 1.2, 298/299 of 2.1): the new certificate takes the Names of the
 *   existing one (after any Name of the template), which loses them; other attributes a client
 *   may set are copied unless the template gives them; Initial Date, Last Change Date, Digest and
 *   the certificate's own attributes are new; Destroy Date, Revocation Reason, Compromise dates are
 *   not copied. Without Offset the Activation and Deactivation Dates are copied; with Offset the
 *   Activation Date is the Initial Date plus Offset and the Deactivation Date keeps its distance
 *   from the Activation Date. The State follows from these dates.
 * - Links: the existing certificate gets a Replacement Object Link to the new one, the new one a
 *   Replaced Object Link to it and the existing certificate's Public Key Link; the Public Key's
 *   Certificate Link to the existing certificate is changed to point to the new one.
 *
 * Result Reasons: Operation Not Supported (an Executor built without a CA); Object Not Found (1.x Item Not Found);
 * Permission Denied (another client's object); Object Archived; Invalid Object Type (1.x
 * Permission Denied) for an object that is no Certificate; Wrong Key Lifecycle State (1.x
 * Permission Denied) for a destroyed or compromised certificate; Invalid Message for an Offset
 * together with an Activation or Deactivation Date (1.2 Table 298); Invalid CSR (1.x Invalid
 * Field), Feature Not Supported, Invalid Field as for Certify; Protection Storage Unavailable.
 */
import { KmipError, LinkType, ObjectType, Operation, ResultReason, UniqueIdentifier, type Attribute, type Link } from '@keyhold/protocol';
import { kmipError } from '../errors/kmip.js';
import { isMultiInstance, SERVER_MANAGED } from '../attributes/policy.js';
import type { ManagedRecord } from '../objects/managed.js';
import { COPIED_EXTENSIONS, type CertificateRequestInfo } from '../pki/csr.js';
import { x509 } from '../pki/x509.js';
import { authorityOf, certificateTemplate, checkCertifiable, checkStorage, keyUsageOf, newCertificateRecord, requestObject, requestOf, sameKey } from './certify.js';
import { defineOperation, type OperationContext } from './context.js';

/** Attributes of the existing certificate that are not copied (or are handled on their own). */
const NOT_COPIED = new Set(['Name', 'Link', 'Activation Date', 'Deactivation Date', 'Cryptographic Algorithm', 'Cryptographic Length', 'Original Creation Date', 'Object Type', 'Fresh']);

/** The existing certificate's value as a parsed X.509 certificate. */
function existingCertificate(rec: ManagedRecord): x509.X509Certificate {
  const obj = rec.object;
  if (obj === null || obj.objectType !== ObjectType.Certificate) throw kmipError(ResultReason.InvalidObjectType, 'only a Certificate can be re-certified', ResultReason.PermissionDenied);
  try {
    return new x509.X509Certificate(obj.certificateValue);
  } catch {
    throw new KmipError(ResultReason.FeatureNotSupported, 'only X.509 certificates are re-certified');
  }
}

/** The request of a Re-certify: the one sent, or the registered Certificate Request object named. */
async function renewalRequest(req: { certificateRequestUniqueIdentifier?: unknown; certificateRequestType?: number | undefined; certificateRequestValue?: Uint8Array | undefined }, ctx: OperationContext): Promise<CertificateRequestInfo | undefined> {
  const sent = await requestOf(req.certificateRequestType, req.certificateRequestValue);
  if (req.certificateRequestUniqueIdentifier === undefined) return sent;
  if (sent !== undefined) throw new KmipError(ResultReason.InvalidField, 'a Certificate Request Unique Identifier and a Certificate Request were both given');
  const ref = req.certificateRequestUniqueIdentifier as Parameters<typeof ctx.batch.resolve>[0];
  return requestObject(await ctx.objects.load(ctx.batch.resolve(ref)));
}

/** The new certificate's attributes: the template's, then the copied ones (Names last), with fresh indices. */
function mergedAttributes(template: readonly Attribute[], existing: ManagedRecord): Attribute[] {
  const given = new Set(template.map((a) => a.name));
  const copied = existing.attributes.filter((a) => !NOT_COPIED.has(a.name) && !SERVER_MANAGED.has(a.name) && (isMultiInstance(a.name) || !given.has(a.name)));
  const all = [...template, ...copied, ...existing.all('Name')];
  const counts = new Map<string, number>();
  return all.flatMap((a) => {
    if (a.value === undefined) return [];
    const n = counts.get(a.name) ?? 0;
    counts.set(a.name, n + 1);
    return [n === 0 ? { name: a.name, value: a.value } : { name: a.name, value: a.value, index: n }];
  });
}

/** Activation and Deactivation Dates of the new certificate (Table 159 / 298). */
function renewalDates(existing: ManagedRecord, offset: number | undefined, now: bigint): Attribute[] {
  const at1 = existing.value('Activation Date');
  const dt1 = existing.value('Deactivation Date');
  if (offset === undefined) {
    return [...(at1 !== undefined ? [{ name: 'Activation Date', value: at1 }] : []), ...(dt1 !== undefined ? [{ name: 'Deactivation Date', value: dt1 }] : [])];
  }
  const at2 = now + BigInt(offset);
  const out: Attribute[] = [{ name: 'Activation Date', value: at2 }];
  if (dt1 !== undefined && at1 !== undefined) out.push({ name: 'Deactivation Date', value: dt1 + (at2 - at1) });
  return out;
}

/** Points the Public Key's Certificate Link at the existing certificate to the new one (or adds one). */
async function relinkPublicKey(ctx: OperationContext, publicKeyUid: string, from: string, to: string): Promise<void> {
  const key = await ctx.objects.load(publicKeyUid, { archived: 'allow' });
  const link = key.all('Link').find((a) => (a.value as Link).linkType === LinkType.CertificateLink && (a.value as Link).linkedObjectIdentifier === from);
  const value: Link = { linkType: LinkType.CertificateLink, linkedObjectIdentifier: to };
  if (link !== undefined) key.replace('Link', link.index ?? 0, value);
  else key.add('Link', value);
  key.set('Last Change Date', ctx.now);
  await ctx.objects.save(key);
}

export const reCertify = defineOperation(Operation.ReCertify, async (req, ctx) => {
  const ca = authorityOf(ctx);
  checkStorage(req.protectionStorageMasks);
  const existing = await ctx.objects.load(ctx.batch.resolve(req.uniqueIdentifier));
  const old = existingCertificate(existing);
  checkCertifiable(existing, 'certificate');
  const spki = new Uint8Array(old.publicKey.rawData);
  const request = await renewalRequest(req, ctx);
  if (request !== undefined && !sameKey(request.publicKey, spki)) {
    throw new KmipError(ResultReason.InvalidField, 'Re-certify renews a certificate for the same key: the Certificate Request is for another key');
  }
  const template = await certificateTemplate(req.attributes, ctx);
  if (req.offset !== undefined && template.attrs.some((a) => a.name === 'Activation Date' || a.name === 'Deactivation Date')) {
    throw new KmipError(ResultReason.InvalidMessage, 'an Offset may not be given together with an Activation Date or Deactivation Date');
  }
  const mask = template.attrs.find((a) => a.name === 'Cryptographic Usage Mask')?.value as number | undefined;
  const oldUsage = old.getExtension(x509.KeyUsagesExtension)?.usages;
  const keyUsage = request?.keyUsage ?? keyUsageOf(mask) ?? oldUsage;
  const der = await ca.issue({
    publicKey: spki,
    subject: request?.subject ?? template.subject ?? new Uint8Array(old.subjectName.toArrayBuffer()),
    ...(keyUsage !== undefined ? { keyUsage } : {}),
    extensions: request?.extensions ?? old.extensions.filter((e) => COPIED_EXTENSIONS.includes(e.type)),
    now: new Date(Number(ctx.now) * 1000),
  });
  const hasDates = template.attrs.some((a) => a.name === 'Activation Date' || a.name === 'Deactivation Date');
  const attributes = mergedAttributes([...template.attrs, ...(hasDates ? [] : renewalDates(existing, req.offset, ctx.now))], existing);
  const record = newCertificateRecord(ctx, { der, attributes });
  const publicKeyLink = existing.all('Link').map((a) => a.value as Link).find((l) => l.linkType === LinkType.PublicKeyLink);
  if (publicKeyLink !== undefined) record.add('Link', publicKeyLink);
  record.add('Link', { linkType: LinkType.ReplacedObjectLink, linkedObjectIdentifier: existing.uid });

  existing.remove('Name');
  existing.add('Link', { linkType: LinkType.ReplacementObjectLink, linkedObjectIdentifier: record.uid });
  existing.set('Last Change Date', ctx.now);
  await ctx.objects.save(existing);
  if (typeof publicKeyLink?.linkedObjectIdentifier === 'string') await relinkPublicKey(ctx, publicKeyLink.linkedObjectIdentifier, existing.uid, record.uid);
  await ctx.objects.save(record);
  ctx.batch.record([{ kinds: [UniqueIdentifier.ReCertify], uid: record.uid }], record.uid);
  return { uniqueIdentifier: record.uid };
});
