/**
 * Keyhold's message handler as `keyhold serve` runs it: the SQLite store (key material encrypted
 * under the master key) behind the executor.
 */
import { loadOrCreateMasterKey, openSqliteStore } from './store/index.js';
import { Executor, SERVED_VERSIONS } from './executor.js';
import { startAutoRotation } from './auto-rotation.js';
import { loadLocalCertificateAuthority } from './pki/authority.js';
import type { ServerConfig } from './config/load.js';
import type { Logger } from './logger.js';
import type { ServeHandler } from './serve.js';
import type { ServerFacts } from './operations/context.js';

/** Keyhold's version string, as reported by Query. */
export const KEYHOLD_VERSION = '0.1.0';

/** The server facts of this build. */
export const KEYHOLD_FACTS: ServerFacts = {
  vendorIdentification: 'Keyhold',
  productVersion: KEYHOLD_VERSION,
  versions: SERVED_VERSIONS,
};

/** Opens the store and builds the executor (the {@link HandlerFactory} of `keyhold serve`). */
export async function createKeyholdHandler(config: ServerConfig, logger: Logger): Promise<ServeHandler> {
  const master = await loadOrCreateMasterKey({ file: config.masterKeyFile });
  if (master.created) logger.info({ file: master.file }, 'created a new master key (keep a backup: without it the stored keys cannot be read)');
  const store = await openSqliteStore({ path: config.store.path, masterKey: master.key });
  master.key.fill(0);
  // Certify / Re-certify sign with the data directory's certification CA (created when missing; not the TLS CA).
  const certificateAuthority = await loadLocalCertificateAuthority(config.dataDir, config.pki.certifyDays === undefined ? {} : { validityDays: config.pki.certifyDays });
  const server = config.https === undefined ? KEYHOLD_FACTS : { ...KEYHOLD_FACTS, https: true };
  const executor = new Executor({ store, server, logger, limits: { maxMessageSize: config.limits.maxMessageSize }, certificateAuthority });
  const rotation = startAutoRotation({ store, server, logger }); // Rotate Automatic keys [2.1 §4.48]
  return {
    handleMessage: (req, session) => executor.handleMessage(req, session),
    unframeableResponse: (reason) => executor.unframeableResponse(reason),
    close: async () => {
      await rotation.stop();
      await store.close();
    },
  };
}
