/** The object store: interface, errors, backends, encryption at rest and the master key. */
export type {
  AttributeCondition,
  ObjectFilter,
  ObjectRecord,
  ObjectStore,
  StoreTransaction,
  StoredAttribute,
} from './types.js';
export {
  STORE_ERROR_CODES,
  StoreConflictError,
  StoreError,
  StoreIntegrityError,
  isStoreError,
  type StoreConflictKind,
  type StoreErrorCode,
} from './errors.js';
export { MemoryStore } from './memory.js';
export {
  AtRestCipher,
  DEFAULT_SENSITIVE_ATTRIBUTES,
  SEALED_VERSION,
  SensitiveAttributes,
  assertMasterKey,
  type SealContext,
  type SensitiveAttributePolicy,
} from './crypto-at-rest.js';
export {
  MASTER_KEY_ENV,
  MASTER_KEY_FILE,
  loadOrCreateMasterKey,
  parseMasterKey,
  type LoadedMasterKey,
  type MasterKeyOptions,
} from './master-key.js';
export * from './sqlite/index.js';
