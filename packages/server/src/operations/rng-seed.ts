/**
 * RNG Seed [KMIP 1.2 §4.36 (1.3+), 2.1 §6.1.50]: the client offers seed data; the response's Data
 * Length is "the amount of seed data used (in bytes)". The server's RNG (OpenSSL's DRBG behind
 * node:crypto) cannot be seeded from JavaScript, so the request is accepted and the amount used
 * is reported honestly as 0.
 *
 * Result Reasons: none of its own (a malformed payload is refused by the codec).
 */
import { Operation } from '@keyhold/protocol';
import { defineOperation } from './context.js';

export const rngSeed = defineOperation(Operation.RNGSeed, async () => ({ dataLength: 0 }));
