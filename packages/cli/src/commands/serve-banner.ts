/**
 * The few lines `keyhold serve` prints for a person (on standard error, beside the JSON logs):
 * where it listens and, with the local PKI, which files a client connects with.
 */
import { connectCommands, HTTPS_PATH, type ServeHandle } from '@keyhold/server';

/** The banner text for a started server. */
export function serveBanner(handle: ServeHandle): string {
  const { config, server, pki } = handle;
  const lines = [`Keyhold is serving KMIP over mutual TLS on ${server.host}:${server.port} (data: ${config.dataDir}).`];
  if (handle.https !== undefined) {
    const h = handle.https.host === '0.0.0.0' || handle.https.host === '::' ? 'localhost' : handle.https.host;
    lines.push(`KMIP over HTTPS (TTLV, XML, JSON; same client certificates): https://${h.includes(':') ? `[${h}]` : h}:${handle.https.port}${HTTPS_PATH}`);
  }
  if (pki !== undefined) {
    lines.push(
      pki.created.length > 0 ? `First start: created a local CA and certificates in ${pki.dir}` : `Using the local CA and certificates in ${pki.dir}`,
      `  CA certificate      ${pki.caCert}`,
      `  client certificate  ${pki.client.cert}   (principal "${pki.client.principal}")`,
      `  client key          ${pki.client.key}`,
      `Check the connection: ${
        connectCommands({
          host: server.host === '0.0.0.0' || server.host === '::' ? 'localhost' : server.host,
          port: server.port,
          ca: pki.caCert,
          cert: pki.client.cert,
          key: pki.client.key,
        }).openssl
      }`,
    );
  }
  lines.push('Stop with Ctrl-C (in-flight requests are finished first).');
  return lines.join('\n') + '\n';
}
