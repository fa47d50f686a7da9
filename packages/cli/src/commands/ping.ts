/**
 * `keyhold ping`: connects (TLS handshake and version negotiation), then times one Discover
 * Versions round trip [KMIP 2.1 §6.2.1].
 */
import type { Command } from 'commander';
import { formatVersion } from '@keyhold/protocol';
import { connectClient, printJson, withConnection, type ConnectionFlags } from './connection.js';
import { writeOutput } from '../io.js';

/** Registers `ping`. */
export function registerPing(program: Command): void {
  withConnection(program.command('ping').description('check the connection: one Discover Versions round trip, with its latency')).action(async (flags: ConnectionFlags) => {
    const t0 = performance.now();
    const client = await connectClient(flags);
    const connectMs = performance.now() - t0;
    try {
      const t1 = performance.now();
      const res = await client.discoverVersions({});
      const rttMs = performance.now() - t1;
      const offered = (res.protocolVersion ?? []).map((p) => formatVersion({ major: p.protocolVersionMajor, minor: p.protocolVersionMinor }));
      const out = { version: formatVersion(client.version), serverVersions: offered, connectMs: Number(connectMs.toFixed(2)), roundTripMs: Number(rttMs.toFixed(2)) };
      if (flags.json) await printJson(out);
      else await writeOutput(`pong: Discover Versions in ${out.roundTripMs} ms (connect ${out.connectMs} ms), speaking KMIP ${out.version}; server offers ${offered.join(', ')}\n`);
    } finally {
      await client.close();
    }
  });
}
