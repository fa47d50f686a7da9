/**
 * Log payloads.
 */
import { Tag } from '../../generated/tags.js';
import { required, struct, text, type Infer } from '../schema.js';

/** Log request payload [KMIP 2.1 §6.1.29]. */
export const LogRequest = struct(Tag.RequestPayload, {
  logMessage: required(text(Tag.LogMessage)),
});
export type LogRequest = Infer<typeof LogRequest>;

/** Log response payload [KMIP 2.1 §6.1.29]. */
export const LogResponse = struct(Tag.ResponsePayload, {});
export type LogResponse = Infer<typeof LogResponse>;
