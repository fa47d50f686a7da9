/**
 * RNG Retrieve [KMIP 1.2 §4.35 (1.3+), 2.1 §6.1.49]: Data Length bytes from the server's RNG
 * (node:crypto randomBytes — OpenSSL's CTR_DRBG, as Query reports).
 *
 * At most {@link MAX_RNG_BYTES} bytes per request.
 *
 * Result Reasons: Invalid Field (a Data Length that is not positive or above the bound).
 */
import { randomBytes } from 'node:crypto';
import { KmipError, Operation, ResultReason } from '@keyhold/protocol';
import { defineOperation } from './context.js';

/** The largest Data Length served in one request. */
export const MAX_RNG_BYTES = 65536;

export const rngRetrieve = defineOperation(Operation.RNGRetrieve, async (req) => {
  const n = req.dataLength;
  if (!Number.isInteger(n) || n <= 0) throw new KmipError(ResultReason.InvalidField, 'the Data Length must be positive');
  if (n > MAX_RNG_BYTES) throw new KmipError(ResultReason.InvalidField, `the Data Length may not exceed ${MAX_RNG_BYTES} bytes`);
  return { data: randomBytes(n) };
});
