/**
 * The operation table: Operation value -> handler (explicit registration, design/STYLE.md rule 6).
 * An operation that is not here is answered Operation Not Supported.
 */
import { activate } from './activate.js';
import { addAttribute } from './add-attribute.js';
import { adjustAttribute } from './adjust-attribute.js';
import { archive } from './archive.js';
import { cancel } from './cancel.js';
import { certify } from './certify.js';
import { check } from './check.js';
import type { OperationEntry } from './context.js';
import { create } from './create.js';
import { createKeyPair } from './create-key-pair.js';
import { createSplitKey } from './create-split-key.js';
import { deleteAttribute } from './delete-attribute.js';
import { deriveKey } from './derive-key.js';
import { destroy } from './destroy.js';
import { discoverVersions } from './discover-versions.js';
import { decrypt, encrypt } from './encrypt-decrypt.js';
import { exportOperation } from './export.js';
import { get } from './get.js';
import { getAttributeList } from './get-attribute-list.js';
import { getAttributes } from './get-attributes.js';
import { getUsageAllocation } from './get-usage-allocation.js';
import { hash } from './hash.js';
import { importOperation } from './import.js';
import { interop } from './interop.js';
import { joinSplitKey } from './join-split-key.js';
import { locate } from './locate.js';
import { log } from './log.js';
import { mac, macVerify } from './mac.js';
import { modifyAttribute } from './modify-attribute.js';
import { obtainLease } from './obtain-lease.js';
import { ping } from './ping.js';
import { poll } from './poll.js';
import { reCertify } from './re-certify.js';
import { query } from './query.js';
import { recover } from './recover.js';
import { reKey } from './re-key.js';
import { reKeyKeyPair } from './re-key-key-pair.js';
import { register } from './register.js';
import { revoke } from './revoke.js';
import { rngRetrieve } from './rng-retrieve.js';
import { rngSeed } from './rng-seed.js';
import { setAttribute } from './set-attribute.js';
import { setEndpointRole } from './set-endpoint-role.js';
import { signatureVerify, signOperation } from './sign-verify.js';

const ENTRIES: readonly OperationEntry[] = [
  activate,
  addAttribute,
  adjustAttribute,
  archive,
  cancel,
  certify,
  check,
  create,
  createKeyPair,
  createSplitKey,
  decrypt,
  deleteAttribute,
  deriveKey,
  destroy,
  discoverVersions,
  encrypt,
  exportOperation,
  get,
  getAttributeList,
  getAttributes,
  getUsageAllocation,
  hash,
  importOperation,
  interop,
  joinSplitKey,
  locate,
  log,
  mac,
  macVerify,
  modifyAttribute,
  obtainLease,
  ping,
  poll,
  query,
  reCertify,
  recover,
  reKey,
  reKeyKeyPair,
  register,
  revoke,
  rngRetrieve,
  rngSeed,
  setAttribute,
  setEndpointRole,
  signOperation,
  signatureVerify,
];

/** Handlers by Operation value. */
export const OPERATIONS: ReadonlyMap<number, OperationEntry> = new Map(ENTRIES.map((e) => [e.operation, e]));

export type { OperationContext, OperationEntry, ServerFacts } from './context.js';
