/**
 * `keyhold cert …`: certificates issued by the KMIP server's certification authority (explicit
 * table of verbs).
 */
import type { Command } from 'commander';
import { registerCertCertify } from './certify.js';
import { registerCertGet } from './get.js';

/** Registers `cert` and its verbs. */
export function registerCert(program: Command): void {
  const cert = program.command('cert').description('have the server certify a public key or a certificate request, and fetch certificates');
  registerCertCertify(cert);
  registerCertGet(cert);
}
