/**
 * Certify and Re-certify through the executor: certificates issued by the server's CA for managed
 * Public Keys and PKCS#10 requests, the certificate object's attributes and Links, Re-certify's
 * Names, Links and dates, and the Result Reasons of the refusals in 1.x and 2.x.
 */
import assert from 'node:assert/strict';
import { X509Certificate, createPublicKey, webcrypto } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import {
  CertificateRequestType,
  CertificateType,
  CryptographicAlgorithm,
  CryptographicUsageMask as M,
  KeyFormatType,
  LinkType,
  ObjectType,
  Operation,
  ResultReason as R,
  State,
  type Attribute,
  type Link,
  type Name,
  type ProtocolVersion,
} from '@keyhold/protocol';
import { Executor } from '../src/executor.js';
import { KEYHOLD_FACTS } from '../src/keyhold.js';
import { loadConfig } from '../src/config/index.js';
import { certificateAuthority, loadLocalCertificateAuthority, type CertificateAuthority } from '../src/pki/authority.js';
import { bootstrapPki, pkiPaths } from '../src/pki/bootstrap.js';
import { createCa } from '../src/pki/certificates.js';
import { x509 } from '../src/pki/x509.js';
import { MemoryStore } from '../src/store/memory.js';
import { authenticatesClients } from '../src/transport/identity.js';
import { registerKey, symmetric } from './crypto-kmip.js';
import { assertReason, InProcessKmip, item, V1_2, V2_1 } from './helpers/kmip.js';

type KeyPair = webcrypto.CryptoKeyPair;
const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIG = { name: 'ECDSA', hash: 'SHA-256' } as const;

let ca: CertificateAuthority;
let caCert: X509Certificate;

before(async () => {
  const created = await createCa();
  ca = certificateAuthority(created.issuer);
  caCert = new X509Certificate(created.certPem);
});

/** A server with a CA (or none), and a client 'alice'. */
function server(authority: CertificateAuthority | null = ca): InProcessKmip {
  const store = new MemoryStore();
  const clock = { ms: undefined as number | undefined };
  const executor = new Executor({ store, server: KEYHOLD_FACTS, clock: () => clock.ms ?? Date.now(), ...(authority !== null ? { certificateAuthority: authority } : {}) });
  return new InProcessKmip({}, { store, executor, clock });
}

async function keyPair(): Promise<KeyPair> {
  return (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as KeyPair;
}

async function spkiOf(keys: KeyPair): Promise<Buffer> {
  return Buffer.from(await webcrypto.subtle.exportKey('spki', keys.publicKey));
}

/** A PKCS#10 request (DER) for `keys`. */
async function csr(keys: KeyPair, name = 'C=US, O=ACME, OU=KMIP, CN=Client', extensions: x509.Extension[] = []): Promise<Buffer> {
  const req = await x509.Pkcs10CertificateRequestGenerator.create({ name, keys, signingAlgorithm: SIG, extensions });
  return Buffer.from(req.rawData);
}

const name = (v: string): Attribute => ({ name: 'Name', value: { nameValue: v, nameType: 1 } as Name });

/** Registers the public half of `keys` (X.509 SubjectPublicKeyInfo) and returns its Unique Identifier. */
async function registerPublic(kmip: InProcessKmip, keys: KeyPair, version: ProtocolVersion = V2_1, attributes: Attribute[] = []): Promise<string> {
  return registerKey(kmip, ObjectType.PublicKey, KeyFormatType.X_509, await spkiOf(keys), CryptographicAlgorithm.ECDSA, 256, M.Verify, { version, activate: false, attributes });
}

/** The certificate object's value, parsed by node. */
async function certificateOf(kmip: InProcessKmip, uid: string, version: ProtocolVersion = V2_1): Promise<X509Certificate> {
  const got = await kmip.ok(version, Operation.Get, { uniqueIdentifier: uid });
  assert.equal(got.objectType, ObjectType.Certificate);
  const obj = got.object;
  assert.ok(obj.objectType === ObjectType.Certificate);
  assert.equal(obj.certificateType, CertificateType.X_509);
  return new X509Certificate(obj.certificateValue);
}

function links(attrs: Attribute[]): Link[] {
  return attrs.filter((a) => a.name === 'Link').map((a) => a.value as Link);
}

function assertIssuedBy(cert: X509Certificate, keys: Buffer): void {
  assert.ok(cert.checkIssued(caCert), 'issued by the CA');
  assert.ok(cert.verify(caCert.publicKey), 'signed by the CA key');
  assert.ok(createPublicKey({ key: keys, format: 'der', type: 'spki' }).equals(cert.publicKey), 'the certified key');
  assert.equal(cert.ca, false);
}

describe('Certify', () => {
  it('issues a CA-signed certificate for a managed Public Key, linked both ways (2.1)', async () => {
    const kmip = server();
    const keys = await keyPair();
    const pub = await registerPublic(kmip, keys, V2_1, [name('alice-key')]);
    const res = await kmip.ok(V2_1, Operation.Certify, { uniqueIdentifier: pub, attributes: { attribute: [name('alice-cert'), { name: 'Cryptographic Usage Mask', value: M.Sign | M.Verify }] } });
    const uid = res.uniqueIdentifier as string;
    const cert = await certificateOf(kmip, uid);
    assertIssuedBy(cert, await spkiOf(keys));
    assert.equal(cert.subject, 'CN=alice-key', 'default subject: the key\'s Name');
    assert.deepEqual(cert.keyUsage, undefined, 'node reports no extended key usage');
    const parsed = new x509.X509Certificate(cert.raw);
    assert.equal(parsed.getExtension(x509.KeyUsagesExtension)?.usages, x509.KeyUsageFlags.digitalSignature, 'Key Usage from Sign|Verify');
    const days = (parsed.notAfter.getTime() - Date.now()) / 86_400_000;
    assert.ok(days > 364 && days <= 365, `valid for a year, got ${days} days`);

    const attrs = await kmip.storedAttributes(uid);
    const value = (n: string): unknown => attrs.find((a) => a.name === n)?.value;
    assert.equal(value('Object Type'), ObjectType.Certificate);
    assert.equal(value('Certificate Type'), CertificateType.X_509);
    assert.equal(value('Certificate Length'), cert.raw.length);
    assert.equal(value('Cryptographic Algorithm'), CryptographicAlgorithm.EC, 'the algorithm of the certified key (id-ecPublicKey)');
    assert.equal(value('Cryptographic Length'), 256);
    assert.equal(value('Certificate Subject CN'), 'alice-key');
    assert.equal((value('Name') as Name).nameValue, 'alice-cert');
    assert.equal(value('Cryptographic Usage Mask'), M.Sign | M.Verify);
    assert.equal(value('State'), State.PreActive);
    assert.ok(value('Digest') !== undefined);
    assert.deepEqual(links(attrs), [{ linkType: LinkType.PublicKeyLink, linkedObjectIdentifier: pub }]);
    assert.deepEqual(links(await kmip.storedAttributes(pub)), [{ linkType: LinkType.CertificateLink, linkedObjectIdentifier: uid }]);
  });

  it('certifies a PKCS#10 request for the named key (1.2, as TC-134): subject and Subject Alternative Name from the request', async () => {
    const kmip = server();
    const keys = await keyPair();
    const pub = await registerPublic(kmip, keys, V1_2);
    const san = new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'client.example' }]);
    const res = await kmip.ok(V1_2, Operation.Certify, {
      uniqueIdentifier: pub,
      certificateRequestType: CertificateRequestType.PKCS_10,
      certificateRequestValue: await csr(keys, undefined, [san]),
      attributes: { attribute: [{ name: 'Certificate Subject', value: { certificateSubjectDistinguishedName: 'CN=ignored' } }] },
    });
    const cert = await certificateOf(kmip, res.uniqueIdentifier as string, V1_2);
    assertIssuedBy(cert, await spkiOf(keys));
    assert.equal(cert.subject, 'C=US\nO=ACME\nOU=KMIP\nCN=Client', 'the request wins over the template');
    assert.equal(cert.subjectAltName, 'DNS:client.example');
    const attrs = await kmip.storedAttributes(res.uniqueIdentifier as string);
    assert.deepEqual(attrs.find((a) => a.name === 'Certificate Subject')?.value, { certificateSubjectDistinguishedName: 'CN=Client,OU=KMIP,O=ACME,C=US', certificateSubjectAlternativeName: ['dns:client.example'] });
  });

  it('certifies a PEM request alone, and sets the ID Placeholder for a Get in the same batch (2.1)', async () => {
    const kmip = server();
    const keys = await keyPair();
    const pem = x509.PemConverter.encode(await csr(keys, 'CN=pem-only'), 'CERTIFICATE REQUEST');
    const res = await kmip.send(V2_1, [
      item(Operation.Certify, { certificateRequestType: CertificateRequestType.PEM, certificateRequestValue: Buffer.from(pem) }),
      item(Operation.Get, {}),
    ]);
    const get = res.batchItem[1]?.responsePayload as { object: { certificateValue: Uint8Array } };
    const cert = new X509Certificate(get.object.certificateValue);
    assertIssuedBy(cert, await spkiOf(keys));
    assert.equal(cert.subject, 'CN=pem-only');
    const uid = (res.batchItem[0]?.responsePayload as { uniqueIdentifier: string }).uniqueIdentifier;
    assert.deepEqual(links(await kmip.storedAttributes(uid)), [], 'no managed key to link');
  });

  it('certifies a registered Certificate Request object, and Re-certify takes one by Certificate Request Unique Identifier (2.1)', async () => {
    const kmip = server();
    const keys = await keyPair();
    const register = async (subject: string): Promise<string> =>
      (
        await kmip.ok(V2_1, Operation.Register, {
          objectType: ObjectType.CertificateRequest,
          attributes: { attribute: [] },
          object: { objectType: ObjectType.CertificateRequest, certificateRequestType: CertificateRequestType.PKCS_10, certificateRequestValue: await csr(keys, subject) },
        })
      ).uniqueIdentifier as string;
    const first = (await kmip.ok(V2_1, Operation.Certify, { uniqueIdentifier: await register('CN=from-object') })).uniqueIdentifier as string;
    assert.equal((await certificateOf(kmip, first)).subject, 'CN=from-object');
    const second = (await kmip.ok(V2_1, Operation.ReCertify, { uniqueIdentifier: first, certificateRequestUniqueIdentifier: await register('CN=renewed') })).uniqueIdentifier as string;
    const renewed = await certificateOf(kmip, second);
    assert.equal(renewed.subject, 'CN=renewed');
    assertIssuedBy(renewed, await spkiOf(keys));
  });

  it('builds the subject from the template\'s Certificate Subject fields (2.1)', async () => {
    const kmip = server();
    const pub = await registerPublic(kmip, await keyPair());
    const res = await kmip.ok(V2_1, Operation.Certify, {
      uniqueIdentifier: pub,
      attributes: { attribute: [{ name: 'Certificate Subject CN', value: 'svc' }, { name: 'Certificate Subject O', value: 'Org' }, { name: 'Certificate Subject C', value: 'FR' }] },
    });
    assert.equal((await certificateOf(kmip, res.uniqueIdentifier as string)).subject, 'C=FR\nO=Org\nCN=svc');
  });

  it('refuses what cannot be certified, with the Result Reason of each version', async () => {
    const kmip = server();
    const keys = await keyPair();
    const pub = await registerPublic(kmip, keys);
    const good = await csr(keys);
    const P10 = CertificateRequestType.PKCS_10;
    assertReason(await kmip.fail(V2_1, Operation.Certify, { certificateRequestType: P10, certificateRequestValue: Buffer.from('not a request') }), R.InvalidCSR);
    assertReason(await kmip.fail(V1_2, Operation.Certify, { certificateRequestType: P10, certificateRequestValue: Buffer.from('not a request') }), R.InvalidField);
    const tampered = Buffer.from(good);
    tampered[tampered.length - 5] = (tampered[tampered.length - 5] ?? 0) ^ 0x01;
    assertReason(await kmip.fail(V2_1, Operation.Certify, { certificateRequestType: P10, certificateRequestValue: tampered }), R.InvalidCSR, 'bad signature: ');
    assertReason(await kmip.fail(V2_1, Operation.Certify, { certificateRequestType: CertificateRequestType.CRMF, certificateRequestValue: good }), R.FeatureNotSupported);
    assertReason(await kmip.fail(V2_1, Operation.Certify, { certificateRequestValue: good }), R.InvalidField, 'no type: ');
    assertReason(await kmip.fail(V2_1, Operation.Certify, { uniqueIdentifier: pub, certificateRequestType: P10, certificateRequestValue: await csr(await keyPair()) }), R.InvalidField, 'another key: ');
    const aes = await symmetric(kmip, Buffer.alloc(32, 7), CryptographicAlgorithm.AES, M.Encrypt);
    assertReason(await kmip.fail(V2_1, Operation.Certify, { uniqueIdentifier: aes }), R.InvalidObjectType);
    assertReason(await kmip.fail(V1_2, Operation.Certify, { uniqueIdentifier: aes }), R.PermissionDenied);
    assertReason(await kmip.as('bob').fail(V2_1, Operation.Certify, { uniqueIdentifier: pub }), R.PermissionDenied, 'another client\'s key: ');
    assertReason(await kmip.fail(V2_1, Operation.Certify, { uniqueIdentifier: 'nope' }), R.ObjectNotFound);
    assertReason(await kmip.fail(V1_2, Operation.Certify, { uniqueIdentifier: 'nope' }), R.ItemNotFound);
    assertReason(await kmip.fail(V2_1, Operation.Certify, { uniqueIdentifier: pub, attributes: { attribute: [{ name: 'Certificate Type', value: CertificateType.PGP }] } }), R.FeatureNotSupported);
    await kmip.ok(V2_1, Operation.Destroy, { uniqueIdentifier: pub });
    assertReason(await kmip.fail(V2_1, Operation.Certify, { uniqueIdentifier: pub }), R.WrongKeyLifecycleState);
    assertReason(await server(null).fail(V2_1, Operation.Certify, { certificateRequestType: P10, certificateRequestValue: good }), R.OperationNotSupported);
  });
});

describe('Re-certify', () => {
  it('renews for the same key: Names move, Replacement/Replaced Links, the Public Key\'s Certificate Link follows (1.2, as TC-134)', async () => {
    const kmip = server();
    const keys = await keyPair();
    const pub = await registerPublic(kmip, keys, V1_2);
    const first = (await kmip.ok(V1_2, Operation.Certify, { uniqueIdentifier: pub, attributes: { attribute: [name('cert-1'), { name: 'x-app', value: 'kept' }] } })).uniqueIdentifier as string;
    const second = (
      await kmip.ok(V1_2, Operation.ReCertify, {
        uniqueIdentifier: first,
        certificateRequestType: CertificateRequestType.PKCS_10,
        certificateRequestValue: await csr(keys),
        attributes: { attribute: [name('cert-2')] },
      })
    ).uniqueIdentifier as string;
    const cert = await certificateOf(kmip, second, V1_2);
    assertIssuedBy(cert, await spkiOf(keys));
    assert.equal(cert.subject, 'C=US\nO=ACME\nOU=KMIP\nCN=Client');
    const newAttrs = await kmip.storedAttributes(second);
    assert.deepEqual(newAttrs.filter((a) => a.name === 'Name').map((a) => (a.value as Name).nameValue), ['cert-2', 'cert-1']);
    assert.equal(newAttrs.find((a) => a.name === 'x-app')?.value, 'kept', 'other client attributes are copied');
    assert.deepEqual(links(newAttrs), [
      { linkType: LinkType.PublicKeyLink, linkedObjectIdentifier: pub },
      { linkType: LinkType.ReplacedObjectLink, linkedObjectIdentifier: first },
    ]);
    const oldAttrs = await kmip.storedAttributes(first);
    assert.deepEqual(oldAttrs.filter((a) => a.name === 'Name'), [], 'the existing certificate loses its Names');
    assert.deepEqual(links(oldAttrs), [
      { linkType: LinkType.PublicKeyLink, linkedObjectIdentifier: pub },
      { linkType: LinkType.ReplacementObjectLink, linkedObjectIdentifier: second },
    ]);
    assert.deepEqual(links(await kmip.storedAttributes(pub)), [{ linkType: LinkType.CertificateLink, linkedObjectIdentifier: second }]);
  });

  it('keeps the subject and dates of the existing certificate, or moves them by Offset', async () => {
    const kmip = server();
    const keys = await keyPair();
    const pub = await registerPublic(kmip, keys);
    kmip.setTime(1_800_000_000n);
    const first = (
      await kmip.ok(V2_1, Operation.Certify, {
        uniqueIdentifier: pub,
        attributes: { attribute: [{ name: 'Activation Date', value: 1_800_000_100n }, { name: 'Deactivation Date', value: 1_800_100_000n }] },
      })
    ).uniqueIdentifier as string;
    kmip.advance(1000);
    const copied = (await kmip.ok(V2_1, Operation.ReCertify, { uniqueIdentifier: first })).uniqueIdentifier as string;
    const c = await kmip.storedAttributes(copied);
    assert.equal(c.find((a) => a.name === 'Activation Date')?.value, 1_800_000_100n);
    assert.equal(c.find((a) => a.name === 'Deactivation Date')?.value, 1_800_100_000n);
    assert.equal(c.find((a) => a.name === 'State')?.value, State.Active);
    const renewed = await certificateOf(kmip, copied);
    assert.equal(renewed.subject, 'CN=' + pub, 'the existing subject (the key\'s identifier: it has no Name)');
    assertIssuedBy(renewed, await spkiOf(keys));

    const offset = (await kmip.ok(V2_1, Operation.ReCertify, { uniqueIdentifier: copied, offset: 500 })).uniqueIdentifier as string;
    const o = await kmip.storedAttributes(offset);
    const now = kmip.nowSeconds;
    assert.equal(o.find((a) => a.name === 'Activation Date')?.value, now + 500n);
    assert.equal(o.find((a) => a.name === 'Deactivation Date')?.value, 1_800_100_000n + (now + 500n - 1_800_000_100n));
    assert.equal(o.find((a) => a.name === 'State')?.value, State.PreActive);
  });

  it('refuses other objects, another key, and an Offset with dates', async () => {
    const kmip = server();
    const keys = await keyPair();
    const pub = await registerPublic(kmip, keys);
    const cert = (await kmip.ok(V2_1, Operation.Certify, { uniqueIdentifier: pub })).uniqueIdentifier as string;
    assertReason(await kmip.fail(V2_1, Operation.ReCertify, { uniqueIdentifier: pub }), R.InvalidObjectType);
    assertReason(await kmip.fail(V1_2, Operation.ReCertify, { uniqueIdentifier: pub }), R.PermissionDenied);
    const other = await csr(await keyPair());
    assertReason(await kmip.fail(V2_1, Operation.ReCertify, { uniqueIdentifier: cert, certificateRequestType: CertificateRequestType.PKCS_10, certificateRequestValue: other }), R.InvalidField);
    assertReason(await kmip.fail(V2_1, Operation.ReCertify, { uniqueIdentifier: cert, offset: 10, attributes: { attribute: [{ name: 'Activation Date', value: 1n }] } }), R.InvalidMessage);
    assertReason(await kmip.as('bob').fail(V2_1, Operation.ReCertify, { uniqueIdentifier: cert }), R.PermissionDenied);
  });
});

describe('the certification authority', () => {
  it('is the data directory\'s certification CA — created on first use, kept, not the TLS CA — with the validity of pki.certifyDays', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyhold-certify-ca-'));
    try {
      const pki = await bootstrapPki({ dataDir: dir });
      const config = loadConfig({ env: {}, argv: ['--data-dir', dir, '--certify-days', '30'] });
      assert.equal(config.pki.certifyDays, 30);
      const authority = await loadLocalCertificateAuthority(dir, { validityDays: config.pki.certifyDays ?? 0 });
      const paths = pkiPaths(dir);
      assert.equal(statSync(paths.certifyCaKey).mode & 0o777, 0o600, 'the CA key is owner-only');
      const certifyCa = new X509Certificate(readFileSync(paths.certifyCaCert));
      const keys = await keyPair();
      const der = await authority.issue({ publicKey: await spkiOf(keys), subject: new Uint8Array(new x509.Name('CN=thirty').toArrayBuffer()), now: new Date() });
      const cert = new X509Certificate(der);
      assert.ok(cert.checkIssued(certifyCa) && cert.verify(certifyCa.publicKey), 'signed by the certification CA');
      const tlsCa = new X509Certificate(readFileSync(pki.caCert));
      assert.ok(!cert.checkIssued(tlsCa) && !cert.verify(tlsCa.publicKey), 'not by the CA the TLS peers trust');
      const days = (new Date(cert.validTo).getTime() - Date.now()) / 86_400_000;
      assert.ok(days > 29 && days <= 30, `valid for 30 days, got ${days}`);
      const again = await loadLocalCertificateAuthority(dir);
      const next = new X509Certificate(await again.issue({ publicKey: await spkiOf(keys), subject: new Uint8Array(new x509.Name('CN=again').toArrayBuffer()), now: new Date() }));
      assert.ok(next.verify(certifyCa.publicKey), 'the CA is kept across restarts');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never issues a TLS credential or a CA-only Key Usage: no serverAuth/clientAuth/any EKU (such certificates do not authenticate a client), keyCertSign/cRLSign alone refused', async () => {
    // Should a deployment ever make this CA a TLS trust anchor, a Certify'd CN=keyhold-admin must still not log in as the admin.
    const dir = mkdtempSync(join(tmpdir(), 'keyhold-certify-tls-'));
    try {
      const pki = await bootstrapPki({ dataDir: dir });
      assert.ok(authenticatesClients(new X509Certificate(readFileSync(pki.client.cert)).raw), 'the first-start client certificate authenticates');
      const authority = await loadLocalCertificateAuthority(dir);
      const kmip = server(authority);
      const keys = await keyPair();
      const ekus = (usages: string[]): x509.Extension => new x509.ExtendedKeyUsageExtension(usages);
      const any = '2.5.29.37.0';
      const U = x509.ExtendedKeyUsage;
      const issue = async (extensions: x509.Extension[]): Promise<x509.X509Certificate> => {
        const res = await kmip.ok(V2_1, Operation.Certify, { certificateRequestType: CertificateRequestType.PKCS_10, certificateRequestValue: await csr(keys, 'CN=keyhold-admin', extensions) });
        return new x509.X509Certificate((await certificateOf(kmip, res.uniqueIdentifier as string)).raw);
      };
      const mixed = await issue([ekus([U.clientAuth, U.serverAuth, any, U.emailProtection])]);
      assert.deepEqual([...(mixed.getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? [])].map(String), [U.emailProtection]);
      assert.equal(authenticatesClients(new Uint8Array(mixed.rawData)), false);
      const tlsOnly = await issue([ekus([U.clientAuth])]);
      assert.equal(tlsOnly.getExtension(x509.ExtendedKeyUsageExtension), null, 'an Extended Key Usage left empty is dropped');
      assert.equal(authenticatesClients(new Uint8Array(tlsOnly.rawData)), false);
      const none = await issue([]);
      assert.equal(authenticatesClients(new Uint8Array(none.rawData)), false, 'no Extended Key Usage: no client authentication');
      const twice = await issue([ekus([U.codeSigning]), ekus([U.timeStamping])]);
      assert.equal(twice.extensions.filter((e) => e.type === '2.5.29.37').length, 1, 'a requested extension appears once');
      const caOnly = await csr(keys, 'CN=ca-usage', [new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)]);
      assertReason(await kmip.fail(V2_1, Operation.Certify, { certificateRequestType: CertificateRequestType.PKCS_10, certificateRequestValue: caOnly }), R.InvalidField);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
