/**
 * Interop [KMIP 2.0+, 2.1 §6.1.26]: the markers the OASIS test cases put around a test — Begin,
 * End and Reset with the test's Interop Identifier. This server writes them to its log (level
 * info) and answers with an empty payload. Reset forgets nothing: objects of earlier tests stay
 * (each test case creates its own, and cleans up after itself).
 *
 * The specification says Interop "SHALL NOT be available in a production server". Here it has no
 * effect besides a log line and changes no state, so it is always available; a setting to turn it
 * off is left for the configuration.
 *
 * Result Reasons: Invalid Field (an empty Interop Identifier).
 */
import { InteropFunction, KmipError, Operation, ResultReason } from '@keyhold/protocol';
import { defineOperation } from './context.js';

const FUNCTION_NAMES: Readonly<Record<number, string>> = {
  [InteropFunction.Begin]: 'begin',
  [InteropFunction.End]: 'end',
  [InteropFunction.Reset]: 'reset',
};

export const interop = defineOperation(Operation.Interop, async (req, ctx) => {
  if (req.interopIdentifier.trim() === '') throw new KmipError(ResultReason.InvalidField, 'the Interop Identifier is empty');
  const fn = FUNCTION_NAMES[req.interopFunction] ?? 'unknown';
  ctx.logger?.info({ principal: ctx.principal, interopFunction: fn, interopIdentifier: req.interopIdentifier.slice(0, 256) }, `interop test ${fn}`);
  return {};
});
