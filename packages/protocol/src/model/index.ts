/**
 * The typed message model: schema combinators, common structures, attributes (1.x and 2.x in
 * one canonical form), managed objects, messages and one payload pair per operation.
 */
export * from '../errors.js';
export * from './schema.js';
export * from './common.js';
export * from './attributes.js';
export * from './objects.js';
export * from './messages.js';
export * from './payloads/index.js';
