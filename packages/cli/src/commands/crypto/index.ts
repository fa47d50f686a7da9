/**
 * Cryptographic commands: `encrypt`, `decrypt`, `sign`, `verify`.
 */
import type { Command } from 'commander';
import { registerEncryptDecrypt } from './encrypt.js';
import { registerSignVerify } from './sign.js';

/** Registers the cryptographic commands. */
export function registerCrypto(program: Command): void {
  registerEncryptDecrypt(program);
  registerSignVerify(program);
}
