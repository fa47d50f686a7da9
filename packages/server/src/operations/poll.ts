/**
 * Poll [KMIP 1.2 §4.28, 2.1 §6.1.38]: this server answers every operation synchronously and never
 * returns Operation Pending, so no Asynchronous Correlation Value ever names an outstanding
 * operation: every Poll is answered Invalid Asynchronous Correlation Value (1.x: Item Not Found,
 * 1.2 Table 315).
 *
 * Result Reasons: Invalid Asynchronous Correlation Value (1.x Item Not Found).
 */
import { KmipError, Operation, ResultReason } from '@keyhold/protocol';
import { defineOperation } from './context.js';

export const poll = defineOperation(Operation.Poll, async () => {
  throw new KmipError(ResultReason.InvalidAsynchronousCorrelationValue, 'no asynchronous operation is outstanding: this server answers every request synchronously');
});
