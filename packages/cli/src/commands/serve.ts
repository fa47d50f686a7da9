/**
 * `keyhold serve`: the KMIP server over mutual TLS (what `npm start` runs). Configuration comes
 * from a YAML file (--config or KEYHOLD_CONFIG), environment variables and these flags, later
 * sources winning (docs/configuration.md). With no TLS files configured, the first start creates
 * a local CA, a server certificate and a client certificate in the data directory and prints how
 * to use them.
 */
import type { Command } from 'commander';
import { ConfigError, createKeyholdHandler, loadConfig, serve } from '@keyhold/server';
import { CliError, ExitCode } from '../errors.js';
import { serveBanner } from './serve-banner.js';

/** Registers `serve`. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the KMIP server (TTLV over mutual TLS, port 5696)')
    .helpOption('-h, --help', 'show the flags (every setting: see docs/configuration.md)')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .addHelpText(
      'after',
      `
Flags (each also a YAML key and a KEYHOLD_* variable; see docs/configuration.md):
  --config FILE          YAML configuration file
  --port N               TCP port (default 5696)
  --https-port N         also serve KMIP over HTTPS (POST /kmip; TTLV, XML, JSON) on N (off by default; 5697 suggested)
  --host ADDR            listen address (default 0.0.0.0)
  --data-dir DIR         database, master key and first-start PKI (default ./keyhold-data)
  --tls-cert F --tls-key F --client-ca F
                         your own PKI (all three, or none for the first-start PKI)
  --log-level LEVEL      fatal|error|warn|info|debug|trace`,
    )
    .action(async (_opts: unknown, cmd: Command) => {
      let config;
      try {
        config = loadConfig({ argv: cmd.args });
      } catch (err) {
        if (err instanceof ConfigError) throw new CliError(err.message, ExitCode.Usage);
        throw err;
      }
      const handle = await serve(config, createKeyholdHandler);
      process.stderr.write(serveBanner(handle));
      await handle.stopped;
    });
}
