/** The TTLV codec: item types, reader, writer, framer, limits and errors. Knows no KMIP names. */
export * from './types.js';
export * from './errors.js';
export * from './limits.js';
export * from './reader.js';
export * from './writer.js';
export * from './framer.js';
export * from './hex.js';
