/**
 * Cancel [KMIP 1.2 §4.27, 2.1 §6.1.5]: this server answers every operation synchronously, so there
 * is never a pending operation to cancel. The specification requires a Cancellation Result in the
 * response and defines Unavailable for exactly this case ("the specified correlation value did
 * not match any recently pending or completed asynchronous operations"), so Cancel succeeds with
 * Cancellation Result Unavailable and the correlation value echoed — rather than failing, which
 * 1.2 Table 315 prescribes only for Poll.
 *
 * Result Reasons: none of its own.
 */
import { CancellationResult, Operation } from '@keyhold/protocol';
import { defineOperation } from './context.js';

export const cancel = defineOperation(Operation.Cancel, async (req) => ({
  asynchronousCorrelationValue: req.asynchronousCorrelationValue,
  cancellationResult: CancellationResult.Unavailable,
}));
