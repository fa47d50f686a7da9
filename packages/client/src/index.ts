/**
 * @keyhold/client — the typed KMIP client: {@link KmipClient} (one mutual-TLS connection with
 * pipelining, version negotiation, timeouts and cancellation), one typed function per operation
 * (`operations/`), batches ({@link batchItem}) and the errors ({@link KmipOperationError},
 * {@link KmipClientError}). Protocol types come from `@keyhold/protocol`.
 */
export { KmipClient, CLIENT_VERSIONS, type ClientOptions, type ClientSettings } from './client.js';
export { KmipConnection, type ConnectionOptions, type MessageConnection, type SendOptions } from './connection.js';
export { HttpsConnection, parseKmipUrl, type HttpsConnectionOptions } from './https.js';
export { batchItem, type BatchItem, type BatchOptions, type BatchResult, type BatchResults } from './batch.js';
export type { CallOptions, MessageSender, OperationCaller, PollResult } from './call.js';
export {
  KmipOperationError,
  KmipClientError,
  KMIP_CLIENT_ERROR_CODES,
  isKmipOperationError,
  operationName,
  resultReasonName,
  resultStatusName,
  type KmipClientErrorCode,
} from './errors.js';
export * as operations from './operations/index.js';
export { KmipPool, type PoolOptions, type PoolSettings } from './pool.js';
export { OperationMethods } from './methods.js';
