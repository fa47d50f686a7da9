/**
 * First-start PKI: the certificates verify (client and server certificates chain to the CA, the
 * server certificate carries its names), private keys are owner-only files, a second start reuses
 * everything, and the server certificate is renewed when it must be.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, chmodSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrapPki, issueClientCertificate, pkiPaths, serverNames, type BootstrapResult } from '../src/pki/bootstrap.js';
import { principalOf } from '../src/transport/identity.js';
import { generateKeyPair } from '../src/pki/certificates.js';
import { x509 } from '../src/pki/x509.js';

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const mode = (p: string): number => statSync(p).mode & 0o777;
const cert = (p: string): X509Certificate => new X509Certificate(readFileSync(p));

let root: string;
const dirs: string[] = [];
function freshDir(): string {
  const d = join(root, `d${dirs.length}`);
  dirs.push(d);
  return d;
}

before(() => {
  root = mkdtempSync(join(tmpdir(), 'keyhold-pki-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

describe('PKI bootstrap', () => {
  let dataDir: string;
  let pki: BootstrapResult;

  before(async () => {
    dataDir = freshDir();
    pki = await bootstrapPki({ dataDir, serverNames: ['kms.example.test', '192.0.2.10'] });
  });

  test('creates the CA, the server certificate and the admin client credentials under <data-dir>/pki', () => {
    const p = pkiPaths(dataDir);
    assert.equal(pki.dir, p.dir);
    assert.deepEqual(
      [...pki.created].sort(),
      [p.caCert, p.caKey, p.serverCert, p.serverKey, pki.client.cert, pki.client.key, pki.client.bundle].sort(),
    );
    assert.equal(pki.client.principal, 'keyhold-admin');
    assert.equal(pki.client.cert, join(p.clientsDir, 'keyhold-admin.crt'));
  });

  test('private keys and the bundle are mode 0600, directories 0700', () => {
    for (const p of [pki.caKey, pki.serverKey, pki.client.key, pki.client.bundle]) assert.equal(mode(p), 0o600, p);
    assert.equal(mode(pki.dir), 0o700);
    assert.equal(mode(dataDir), 0o700);
  });

  test('the CA is a CA; it signed the server and the client certificates', () => {
    const ca = cert(pki.caCert);
    assert.equal(ca.ca, true);
    assert.ok(ca.verify(ca.publicKey), 'self-signed');
    for (const p of [pki.serverCert, pki.client.cert]) {
      const c = cert(p);
      assert.equal(c.ca, false);
      assert.ok(c.checkIssued(ca), `${p} issued by the CA`);
      assert.ok(c.verify(ca.publicKey), `${p} signature verifies with the CA key`);
    }
  });

  test('keys are EC P-256 and belong to their certificates', () => {
    for (const [c, k] of [
      [pki.caCert, pki.caKey],
      [pki.serverCert, pki.serverKey],
      [pki.client.cert, pki.client.key],
    ] as const) {
      const key = createPrivateKey(readFileSync(k));
      assert.equal(key.asymmetricKeyType, 'ec');
      assert.equal(key.asymmetricKeyDetails?.namedCurve, 'prime256v1');
      assert.ok(cert(c).checkPrivateKey(key), `${k} matches ${c}`);
    }
  });

  test('the server certificate has the SANs: localhost, 127.0.0.1, ::1, the host name and the extra names', () => {
    const s = cert(pki.serverCert);
    assert.equal(s.checkHost('localhost'), 'localhost');
    assert.equal(s.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(s.checkIP('::1'), '::1');
    assert.equal(s.checkHost('kms.example.test'), 'kms.example.test');
    assert.equal(s.checkIP('192.0.2.10'), '192.0.2.10');
    if (serverNames().includes(hostname().toLowerCase())) assert.ok(s.checkHost(hostname()) !== undefined);
    assert.equal(s.checkHost('other.example.test'), undefined);
    assert.deepEqual(s.keyUsage, [SERVER_AUTH]);
  });

  test('the client certificate names the principal and is for client authentication', () => {
    const c = cert(pki.client.cert);
    assert.match(c.subject, /CN=keyhold-admin/);
    assert.deepEqual(c.keyUsage, [CLIENT_AUTH]);
    assert.equal(principalOf(c.raw), 'keyhold-admin');
  });

  test('the bundle holds the client certificate, the CA certificate and the key', () => {
    const bundle = readFileSync(pki.client.bundle, 'utf8');
    const blocks = [...bundle.matchAll(/-----BEGIN ([A-Z ]+)-----/g)].map((m) => m[1]);
    assert.deepEqual(blocks, ['CERTIFICATE', 'CERTIFICATE', 'PRIVATE KEY']);
    assert.ok(bundle.startsWith(readFileSync(pki.client.cert, 'utf8')));
    assert.ok(bundle.includes(readFileSync(pki.caCert, 'utf8')));
    assert.ok(bundle.endsWith(readFileSync(pki.client.key, 'utf8')));
  });

  test('the example commands name the endpoint and the files', () => {
    assert.equal(
      pki.commands.keyhold,
      `keyhold --server localhost:5696 --ca ${pki.caCert} --cert ${pki.client.cert} --key ${pki.client.key}`,
    );
    assert.match(pki.commands.openssl, /^openssl s_client -connect localhost:5696 -CAfile \S+ca\.crt -cert \S+keyhold-admin\.crt -key \S+keyhold-admin\.key$/);
  });

  test('a second bootstrap reuses every file', async () => {
    const before = [pki.caCert, pki.caKey, pki.serverCert, pki.serverKey, pki.client.cert, pki.client.key, pki.client.bundle].map((p) => readFileSync(p, 'utf8'));
    const again = await bootstrapPki({ dataDir, serverNames: ['kms.example.test', '192.0.2.10'] });
    assert.deepEqual(again.created, []);
    const now = [again.caCert, again.caKey, again.serverCert, again.serverKey, again.client.cert, again.client.key, again.client.bundle].map((p) => readFileSync(p, 'utf8'));
    assert.deepEqual(now, before);
  });

  test('a key file whose mode was loosened is made 0600 again', async () => {
    chmodSync(pki.serverKey, 0o644);
    await bootstrapPki({ dataDir, serverNames: ['kms.example.test', '192.0.2.10'] });
    assert.equal(mode(pki.serverKey), 0o600);
  });
});

describe('PKI bootstrap: renewal and damage', () => {
  test('a new server name re-issues the server certificate from the same CA', async () => {
    const dataDir = freshDir();
    const first = await bootstrapPki({ dataDir });
    const ca = readFileSync(first.caCert, 'utf8');
    const server = readFileSync(first.serverCert, 'utf8');
    const second = await bootstrapPki({ dataDir, serverNames: ['new.example.test'] });
    assert.deepEqual([...second.created].sort(), [second.serverCert, second.serverKey].sort());
    assert.equal(readFileSync(second.caCert, 'utf8'), ca);
    assert.notEqual(readFileSync(second.serverCert, 'utf8'), server);
    assert.equal(cert(second.serverCert).checkHost('new.example.test'), 'new.example.test');
    assert.ok(cert(second.serverCert).checkIssued(cert(second.caCert)));
  });

  test('a server certificate about to expire is renewed', async () => {
    const dataDir = freshDir();
    const first = await bootstrapPki({ dataDir });
    const firstValidTo = new Date(cert(first.serverCert).validTo);
    const later = new Date(Date.now() + 720 * 24 * 3600 * 1000); // 10 days before the 730-day expiry
    const second = await bootstrapPki({ dataDir, now: later });
    assert.ok(second.created.includes(second.serverCert));
    assert.ok(!second.created.includes(second.caCert));
    assert.ok(new Date(cert(second.serverCert).validTo) > firstValidTo);
  });

  test('a missing server key or client files are created again; a missing CA key is an error', async () => {
    const dataDir = freshDir();
    const first = await bootstrapPki({ dataDir });
    unlinkSync(first.serverKey);
    unlinkSync(first.client.bundle);
    const second = await bootstrapPki({ dataDir });
    assert.deepEqual([...second.created].sort(), [second.serverCert, second.serverKey, second.client.bundle].sort());
    unlinkSync(first.caKey);
    await assert.rejects(bootstrapPki({ dataDir }), /local CA is incomplete: .*ca\.key is missing/);
  });

  test('another data directory gets another CA', async () => {
    const a = await bootstrapPki({ dataDir: freshDir() });
    const b = await bootstrapPki({ dataDir: freshDir() });
    assert.notEqual(cert(a.caCert).subject, cert(b.caCert).subject);
    assert.ok(!cert(b.client.cert).checkIssued(cert(a.caCert)));
  });

  test('a configurable admin principal', async () => {
    const r = await bootstrapPki({ dataDir: freshDir(), adminPrincipal: 'ops@example' });
    assert.equal(principalOf(cert(r.client.cert).raw), 'ops@example');
  });
});

describe('extra client certificates', () => {
  test('issued for another principal, chaining to the same CA; not replaced unless asked', async () => {
    const dataDir = freshDir();
    const pki = await bootstrapPki({ dataDir });
    const bob = await issueClientCertificate({ dataDir, principal: 'bob' });
    assert.equal(bob.principal, 'bob');
    const c = cert(bob.cert);
    assert.ok(c.checkIssued(cert(pki.caCert)) && c.verify(cert(pki.caCert).publicKey));
    assert.equal(principalOf(c.raw), 'bob');
    assert.equal(mode(bob.key), 0o600);
    assert.equal(mode(bob.bundle), 0o600);
    await assert.rejects(issueClientCertificate({ dataDir, principal: 'bob' }), /exists; pass overwrite/);
    const again = await issueClientCertificate({ dataDir, principal: 'bob', overwrite: true });
    assert.notEqual(cert(again.cert).serialNumber, c.serialNumber);
    const elsewhere = await issueClientCertificate({ dataDir, principal: 'carol', outDir: join(root, 'carol-out'), validityDays: 1 });
    assert.equal(elsewhere.cert, join(root, 'carol-out', 'carol.crt'));
    assert.ok(new Date(cert(elsewhere.cert).validTo).getTime() - Date.now() < 2 * 24 * 3600 * 1000);
  });

  test('principals must be usable as file names; a CA must exist', async () => {
    const dataDir = freshDir();
    await assert.rejects(issueClientCertificate({ dataDir, principal: 'x' }), /No local CA/);
    await bootstrapPki({ dataDir });
    for (const bad of ['', '../evil', 'a/b', '.hidden', 'x'.repeat(65)]) {
      await assert.rejects(issueClientCertificate({ dataDir, principal: bad }), /Invalid principal/, bad);
    }
  });
});

describe('principalOf', () => {
  test('the subject DN when the certificate has no CN', async () => {
    const keys = await generateKeyPair();
    const c = await x509.X509CertificateGenerator.createSelfSigned({
      name: [{ O: ['Example'] }, { OU: ['Keys'] }],
      keys,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    });
    assert.equal(principalOf(new Uint8Array(c.rawData)), 'O=Example, OU=Keys');
  });
});
