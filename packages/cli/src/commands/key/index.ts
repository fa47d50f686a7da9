/**
 * `keyhold key …`: managed keys on a KMIP server (explicit table of verbs).
 */
import type { Command } from 'commander';
import { registerKeyActivate } from './activate.js';
import { registerKeyCreate } from './create.js';
import { registerKeyDestroy } from './destroy.js';
import { registerKeyGet } from './get.js';
import { registerKeyList } from './list.js';
import { registerKeyRevoke } from './revoke.js';
import { registerKeyRotate } from './rotate.js';

/** Registers `key` and its verbs. */
export function registerKey(program: Command): void {
  const key = program.command('key').description('create, fetch, list, activate, revoke, rotate and destroy keys on a KMIP server');
  registerKeyCreate(key);
  registerKeyGet(key);
  registerKeyList(key);
  registerKeyActivate(key);
  registerKeyRevoke(key);
  registerKeyRotate(key);
  registerKeyDestroy(key);
}
