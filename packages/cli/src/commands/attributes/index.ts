/**
 * `keyhold attributes …`: attributes of managed objects.
 */
import type { Command } from 'commander';
import { registerAttributesGet } from './get.js';
import { registerAttributesSet } from './set.js';

/** Registers `attributes` and its verbs. */
export function registerAttributes(program: Command): void {
  const attributes = program.command('attributes').description('show and set attributes of objects on a KMIP server');
  registerAttributesGet(attributes);
  registerAttributesSet(attributes);
}
