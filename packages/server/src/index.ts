/**
 * @keyhold/server — the KMIP server.
 */
// Transport, first-start PKI, configuration and `keyhold serve`.
export type { MessageHandler, PeerIdentity, Session } from './transport/session.js';
export { startTlsServer, KMIP_PORT, type RunningServer, type TlsServerOptions } from './transport/tls.js';
export { startHttpsServer, HTTPS_PATH, SUGGESTED_HTTPS_PORT, type HttpsServerOptions } from './transport/https.js';
export { DEFAULT_TRANSPORT_LIMITS, type TransportLimits } from './transport/limits.js';
export { principalOf, certificateFingerprint } from './transport/identity.js';
export {
  bootstrapPki,
  issueClientCertificate,
  connectCommands,
  pkiPaths,
  DEFAULT_ADMIN_PRINCIPAL,
  type BootstrapOptions,
  type BootstrapResult,
  type ClientCredentials,
  type ConnectCommands,
  type IssueClientOptions,
} from './pki/bootstrap.js';
export * from './config/index.js';
export { createLogger, silentLogger, LOG_LEVELS, type LogLevel, type Logger, type LoggerOptions } from './logger.js';
export { serve, type HandlerFactory, type ServeHandle, type ServeHandler, type ServeOptions } from './serve.js';
// KMIP message processing and the object store.
export { Executor, SERVED_VERSIONS, negotiateVersion, type ExecutorOptions, type ExecutorLogger } from './executor.js';
export { createKeyholdHandler, KEYHOLD_FACTS, KEYHOLD_VERSION } from './keyhold.js';
export { OPERATIONS, type OperationContext, type OperationEntry, type ServerFacts } from './operations/index.js';
export * from './store/index.js';
