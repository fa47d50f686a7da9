/**
 * @keyhold/protocol — the KMIP protocol: registry tables, TTLV codec, XML and JSON encodings and
 * the typed message model. Imports nothing else of Keyhold's.
 */
export * from './ttlv/index.js';
export * from './encodings/index.js';
export * from './generated/index.js';
export * from './registry/defs.js';
export * from './registry/lookup.js';
export * from './registry/versions.js';
export * from './model/index.js';
