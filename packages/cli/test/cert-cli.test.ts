/**
 * `keyhold cert certify` and `keyhold cert get` end to end against a spawned `keyhold serve`: the
 * certificates come from the server's certification CA (pki/certify-ca.crt), not the TLS CA.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useCliServer } from './helpers/run.js';

const cli = useCliServer('cert');
const { files, flags, keyholdBytes: keyhold, okBytes: ok } = cli;

/** DER: tag, length, content. */
function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, body]);
}

/** A PKCS#10 request (RFC 2986) for an EC P-256 key, subject CN=`cn`, signed ECDSA with SHA-256. */
function pkcs10(cn: string, privateKey: KeyObject): Buffer {
  const name = der(0x30, der(0x31, der(0x30, Buffer.from('0603550403', 'hex'), der(0x0c, Buffer.from(cn, 'utf8')))));
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const info = der(0x30, Buffer.from('020100', 'hex'), name, spki, Buffer.from('a000', 'hex'));
  const ecdsaWithSha256 = der(0x30, Buffer.from('06082a8648ce3d040302', 'hex'));
  return der(0x30, info, ecdsaWithSha256, der(0x03, Buffer.from([0]), sign('sha256', info, privateKey)));
}

describe('keyhold cert', () => {
  test('certify a PEM and a DER request; get the certificate as DER and PEM; it verifies against the certification CA', () => {
    const ca = new X509Certificate(readFileSync(join(cli.server.dataDir, 'pki', 'certify-ca.crt')));
    const tlsCa = new X509Certificate(readFileSync(cli.server.ca));
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const request = pkcs10('cli-client', privateKey);
    const derFile = join(files, 'req.der');
    const pemFile = join(files, 'req.pem');
    writeFileSync(derFile, request);
    writeFileSync(pemFile, `-----BEGIN CERTIFICATE REQUEST-----\n${request.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE REQUEST-----\n`);

    const fromPem = ok(['cert', 'certify', '--csr', pemFile, '--name', 'cli-cert', ...flags]).toString('utf8').trim();
    const cert = new X509Certificate(ok(['cert', 'get', fromPem, ...flags]));
    assert.equal(cert.subject, 'CN=cli-client');
    assert.ok(cert.checkIssued(ca) && cert.verify(ca.publicKey), 'issued by the certification CA');
    assert.ok(!cert.verify(tlsCa.publicKey), 'not by the TLS CA');
    assert.ok(cert.publicKey.equals(createPublicKey(privateKey)), 'for the requested key');

    const fromDer = (JSON.parse(ok(['cert', 'certify', '--csr', derFile, '--json', ...flags]).toString('utf8')) as { id: string }).id;
    const out = join(files, 'cert.pem');
    ok(['cert', 'get', fromDer, '--pem', '--out', out, ...flags]);
    const pem = readFileSync(out, 'utf8');
    assert.match(pem, /^-----BEGIN CERTIFICATE-----\n/);
    assert.ok(new X509Certificate(pem).verify(ca.publicKey));
    const json = JSON.parse(ok(['cert', 'get', fromDer, '--json', ...flags]).toString('utf8')) as { certificateType: string; subject: string; pem: string };
    assert.equal(json.certificateType, 'X.509');
    assert.equal(json.subject, 'CN=cli-client');
    assert.equal(json.pem, pem);
  });

  test('certify a public key held by the server; refusals exit with their code', () => {
    const pair = ok(['key-pair', 'create', '--alg', 'ec', '--length', '256', '--name', 'cli-signer', ...flags]).toString('utf8');
    const publicId = /public\s+(\S+)/.exec(pair)?.[1] ?? '';
    const id = ok(['cert', 'certify', '--public-key', publicId, ...flags]).toString('utf8').trim();
    const cert = new X509Certificate(ok(['cert', 'get', id, ...flags]));
    assert.equal(cert.subject, 'CN=cli-signer.pub', 'default subject: the key\'s Name');

    const usage = keyhold(['cert', 'certify', ...flags]);
    assert.equal(usage.status, 2, usage.stderr);
    const garbage = join(files, 'garbage.der');
    writeFileSync(garbage, 'not a certificate request');
    const refused = keyhold(['cert', 'certify', '--csr', garbage, ...flags]);
    assert.equal(refused.status, 4, refused.stderr);
    assert.match(refused.stderr, /Invalid CSR|Invalid Field/);
    const notCert = keyhold(['cert', 'get', publicId, ...flags]);
    assert.equal(notCert.status, 1, notCert.stderr);
    assert.match(notCert.stderr, /not a certificate/);
  });
});
