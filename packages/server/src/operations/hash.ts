/**
 * Hash [KMIP 1.2 §4.37 (1.4), 2.1 §6.1.24]: the digest of the request's Data with the Cryptographic
 * Parameters' Hashing Algorithm (any the runtime provides: SHA-1, SHA-2, SHA-3, MD5, …).
 *
 * Not supported (Feature Not Supported): streaming (Init Indicator / Correlation Value / Final
 * Indicator); hashing algorithms OpenSSL does not provide (MD2, Tiger, …).
 *
 * Result Reasons: Invalid Field (no Data, no Hashing Algorithm); Feature Not Supported.
 */
import { KmipError, Operation, ResultReason } from '@keyhold/protocol';
import { digest, isHashingAlgorithmSupported } from '../crypto/index.js';
import { refuseStreaming, requireData } from '../crypto/usage.js';
import { defineOperation } from './context.js';

export const hash = defineOperation(Operation.Hash, async (req) => {
  refuseStreaming(req);
  const data = requireData(req.data);
  const algorithm = req.cryptographicParameters.hashingAlgorithm;
  if (algorithm === undefined) throw new KmipError(ResultReason.InvalidField, 'the Cryptographic Parameters need a Hashing Algorithm');
  if (!isHashingAlgorithmSupported(algorithm)) throw new KmipError(ResultReason.FeatureNotSupported, 'this Hashing Algorithm is not supported');
  return { data: digest(data, algorithm) };
});
