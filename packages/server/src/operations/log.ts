/**
 * Log [KMIP 2.0+, 2.1 §6.1.29]: writes the client's Log Message to the server log (level info,
 * with the client's identity; at most 4096 characters are kept) and answers with an empty payload.
 * The OASIS baseline test cases use it to mark their steps.
 *
 * Result Reasons: none of its own.
 */
import { Operation } from '@keyhold/protocol';
import { defineOperation } from './context.js';

/** Longest Log Message written, in characters (the rest is cut). */
const MAX_LOG_MESSAGE = 4096;

export const log = defineOperation(Operation.Log, async (req, ctx) => {
  const text = req.logMessage.length > MAX_LOG_MESSAGE ? `${req.logMessage.slice(0, MAX_LOG_MESSAGE)}…` : req.logMessage;
  ctx.logger?.info({ principal: ctx.principal, logMessage: text }, 'client log message');
  return {};
});
