/**
 * The operation table: Operation value -> handler (explicit registration, design/STYLE.md rule 6).
 * An operation that is not here is answered Operation Not Supported.
 */
import { activate } from './activate.js';
import { addAttribute } from './add-attribute.js';
import { adjustAttribute } from './adjust-attribute.js';
import type { OperationEntry } from './context.js';
import { create } from './create.js';
import { deleteAttribute } from './delete-attribute.js';
import { destroy } from './destroy.js';
import { discoverVersions } from './discover-versions.js';
import { get } from './get.js';
import { getAttributeList } from './get-attribute-list.js';
import { getAttributes } from './get-attributes.js';
import { locate } from './locate.js';
import { modifyAttribute } from './modify-attribute.js';
import { query } from './query.js';
import { register } from './register.js';
import { revoke } from './revoke.js';
import { setAttribute } from './set-attribute.js';

const ENTRIES: readonly OperationEntry[] = [
  activate,
  addAttribute,
  adjustAttribute,
  create,
  deleteAttribute,
  destroy,
  discoverVersions,
  get,
  getAttributeList,
  getAttributes,
  locate,
  modifyAttribute,
  query,
  register,
  revoke,
  setAttribute,
];

/** Handlers by Operation value. */
export const OPERATIONS: ReadonlyMap<number, OperationEntry> = new Map(ENTRIES.map((e) => [e.operation, e]));

export type { OperationContext, OperationEntry, ServerFacts } from './context.js';
