/**
 * Hash [KMIP 1.2 §4.37 (1.4), 2.1 §6.1.24]: the digest of the request's Data with the Cryptographic
 * Parameters' Hashing Algorithm (any the runtime provides: SHA-1, SHA-2, SHA-3, MD5, …).
 *
 * Multi-part operations (Init Indicator, Correlation Value, Final Indicator; 2.1 §6.1): the hash
 * state stays in server memory (crypto/streams.ts: bound to the client, expiring, bounded); an
 * unknown, finished or expired Correlation Value is Invalid Correlation Value (1.x Invalid Field).
 *
 * Not supported (Feature Not Supported): hashing algorithms OpenSSL does not provide (MD2, Tiger, …).
 *
 * Result Reasons: Invalid Field (no Data, no Hashing Algorithm); Invalid Correlation Value;
 * Feature Not Supported.
 */
import { createHash, type Hash } from 'node:crypto';
import { KmipError, Operation, ResultReason } from '@keyhold/protocol';
import { isHashingAlgorithmSupported } from '../crypto/index.js';
import { StreamTable, streamStep } from '../crypto/streams.js';
import { hashName, requireData } from '../crypto/usage.js';
import { defineOperation } from './context.js';

/** Open multi-part Hash operations. */
const STREAMS = new StreamTable<Hash>();

export const hash = defineOperation(Operation.Hash, async (req, ctx) => {
  const step = streamStep(req);
  if (step.kind === 'continue' || step.kind === 'final') {
    const s = STREAMS.get(step.correlation, ctx.principal, Operation.Hash, ctx.now);
    s.state.update(req.data ?? Buffer.alloc(0));
    if (step.kind === 'continue') return { correlationValue: step.correlation };
    STREAMS.close(step.correlation);
    return { data: s.state.digest() };
  }
  const data = step.kind === 'init' ? (req.data ?? Buffer.alloc(0)) : requireData(req.data);
  const algorithm = req.cryptographicParameters.hashingAlgorithm;
  if (algorithm === undefined) throw new KmipError(ResultReason.InvalidField, 'the Cryptographic Parameters need a Hashing Algorithm');
  if (!isHashingAlgorithmSupported(algorithm)) throw new KmipError(ResultReason.FeatureNotSupported, 'this Hashing Algorithm is not supported');
  const h = createHash(hashName(algorithm)).update(data);
  if (step.kind === 'init') return { correlationValue: STREAMS.open(ctx.principal, Operation.Hash, '', h, ctx.now) };
  return { data: h.digest() };
});
