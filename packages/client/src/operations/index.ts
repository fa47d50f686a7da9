/**
 * The explicit table of typed operations (design/STYLE.md §2.4, rule 6): one file per operation.
 * Each function takes an {@link OperationCaller} (a connected `KmipClient`) and a typed request.
 */
export { discoverVersions } from './discover-versions.js';
export { query } from './query.js';
export { create } from './create.js';
export { createKeyPair } from './create-key-pair.js';
export { register } from './register.js';
export { get } from './get.js';
export { getAttributes } from './get-attributes.js';
export { getAttributeList } from './get-attribute-list.js';
export { addAttribute } from './add-attribute.js';
export { modifyAttribute } from './modify-attribute.js';
export { deleteAttribute } from './delete-attribute.js';
export { setAttribute } from './set-attribute.js';
export { locate } from './locate.js';
export { activate } from './activate.js';
export { revoke } from './revoke.js';
export { destroy } from './destroy.js';
export { archive } from './archive.js';
export { recover } from './recover.js';
export { check } from './check.js';
export { obtainLease } from './obtain-lease.js';
export { encrypt } from './encrypt.js';
export { decrypt } from './decrypt.js';
export { sign } from './sign.js';
export { signatureVerify } from './signature-verify.js';
export { mac } from './mac.js';
export { macVerify } from './mac-verify.js';
export { hash } from './hash.js';
export { rngRetrieve } from './rng-retrieve.js';
export { deriveKey } from './derive-key.js';
