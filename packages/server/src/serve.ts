/**
 * `keyhold serve`: the glue between configuration, first-start PKI, the message handler (the
 * executor) and the TLS transport, with graceful shutdown on SIGINT/SIGTERM.
 */
import { mkdir, readFile } from 'node:fs/promises';
import type { ServerConfig } from './config/load.js';
import { createLogger, type Logger } from './logger.js';
import { bootstrapPki, connectCommands, type BootstrapResult } from './pki/bootstrap.js';
import { ConnectionAdmission } from './transport/admission.js';
import { startHttpsServer } from './transport/https.js';
import { startTlsServer, type RunningServer } from './transport/tls.js';
import type { MessageHandler } from './transport/session.js';

/** A message handler the server can close on shutdown (to close its store, say). */
export interface ServeHandler extends MessageHandler {
  /** Called once after the transport has closed. */
  close?(): void | Promise<void>;
}

/** Builds the message handler (the executor with its store) from the configuration. */
export type HandlerFactory = (config: ServerConfig, logger: Logger) => ServeHandler | Promise<ServeHandler>;

/** Options of {@link serve}. */
export interface ServeOptions {
  /** Default: a pino logger on standard output at `config.logLevel`. */
  readonly logger?: Logger;
  /** Install SIGINT/SIGTERM handlers for graceful shutdown; default true. */
  readonly handleSignals?: boolean;
}

/** A running `keyhold serve`. */
export interface ServeHandle {
  readonly config: ServerConfig;
  readonly server: RunningServer;
  /** The KMIP HTTPS listener, when `https.port` is set. */
  readonly https?: RunningServer;
  /** The first-start PKI, when the configuration gave no TLS files. */
  readonly pki?: BootstrapResult;
  /** Graceful stop, as on SIGTERM; idempotent. */
  stop(): Promise<void>;
  /** Resolves once the server has stopped and the handler is closed. */
  readonly stopped: Promise<void>;
}

/**
 * Runs the server: creates the data directory, runs the first-start PKI when no TLS files are
 * configured (and logs where the certificates are and how to connect), builds the handler,
 * listens, and on SIGINT/SIGTERM shuts down gracefully (a second signal exits at once).
 */
export async function serve(config: ServerConfig, handlerFactory: HandlerFactory, options: ServeOptions = {}): Promise<ServeHandle> {
  const log = options.logger ?? createLogger({ level: config.logLevel });
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });

  let pki: BootstrapResult | undefined;
  let tls: { cert: Buffer; key: Buffer; clientCa: Buffer };
  if (config.tls !== undefined) {
    const files = config.tls;
    tls = {
      cert: await readPem(files.cert, 'tls.cert (server certificate)'),
      key: await readPem(files.key, 'tls.key (server private key)'),
      clientCa: await readPem(files.clientCa, 'tls.clientCa (client CA)'),
    };
  } else {
    pki = await bootstrapPki({
      dataDir: config.dataDir,
      serverNames: [...config.pki.serverNames, config.host],
      adminPrincipal: config.pki.adminPrincipal,
    });
    tls = { cert: await readFile(pki.serverCert), key: await readFile(pki.serverKey), clientCa: await readFile(pki.caCert) };
  }

  const handler = await handlerFactory(config, log);
  let server: RunningServer;
  let https: RunningServer | undefined;
  try {
    // One count of connections for both listeners: the limits are the server's, not each port's.
    const admission = new ConnectionAdmission(config.limits, log);
    server = await startTlsServer({ host: config.host, port: config.port, ...tls, limits: config.limits, logger: log, admission }, handler);
    try {
      if (config.https !== undefined) https = await startHttpsServer({ host: config.host, port: config.https.port, ...tls, limits: config.limits, logger: log, admission }, handler);
    } catch (err) {
      await server.close();
      throw err;
    }
  } catch (err) {
    await handler.close?.();
    throw err;
  }

  if (pki !== undefined) {
    const wildcard = config.host === '0.0.0.0' || config.host === '::';
    const commands = connectCommands({
      host: wildcard ? 'localhost' : config.host,
      port: server.port,
      ca: pki.caCert,
      cert: pki.client.cert,
      key: pki.client.key,
    });
    log.info(
      {
        created: pki.created.length > 0,
        caCert: pki.caCert,
        serverCert: pki.serverCert,
        principal: pki.client.principal,
        clientCert: pki.client.cert,
        clientKey: pki.client.key,
        clientBundle: pki.client.bundle,
      },
      pki.created.length > 0 ? `first-start PKI created in ${pki.dir}` : `using the local PKI in ${pki.dir}`,
    );
    // The `keyhold` client commands arrive with the client milestone; until then the log names the
    // files and a TLS check any machine can run.
    log.info({ command: commands.openssl }, `check TLS with: ${commands.openssl}`);
  }

  const handleSignals = options.handleSignals ?? true;
  let stopping: Promise<void> | undefined;
  let resolveStopped: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping !== undefined) {
      log.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    log.info({ signal }, 'shutting down');
    void stop();
  };
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      try {
        await Promise.all([server.close(), https?.close()]);
        await handler.close?.();
      } finally {
        if (handleSignals) {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        }
        resolveStopped();
      }
    })();
    return stopping;
  };
  if (handleSignals) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }

  return { config, server, ...(https === undefined ? {} : { https }), ...(pki === undefined ? {} : { pki }), stop, stopped };
}

async function readPem(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new Error(`Cannot read ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}
