/**
 * Ping [KMIP 2.1 §6.1.36]: answers with an empty payload, to show the server is alive. Not logged.
 *
 * Result Reasons: none of its own (the executor answers Operation Not Supported before 2.1).
 */
import { Operation } from '@keyhold/protocol';
import { defineOperation } from './context.js';

export const ping = defineOperation(Operation.Ping, async () => ({}));
