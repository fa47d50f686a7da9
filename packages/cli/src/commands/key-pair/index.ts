/**
 * `keyhold key-pair …`: asymmetric key pairs on a KMIP server.
 */
import type { Command } from 'commander';
import { registerKeyPairCreate } from './create.js';
import { registerKeyPairRotate } from './rotate.js';

/** Registers `key-pair` and its verbs. */
export function registerKeyPair(program: Command): void {
  const keyPair = program.command('key-pair').description('create and rotate asymmetric key pairs on a KMIP server');
  registerKeyPairCreate(keyPair);
  registerKeyPairRotate(keyPair);
}
