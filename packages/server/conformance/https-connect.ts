/**
 * A connector that carries the harness's TTLV conversation over KMIP HTTPS: every request message
 * written to the stream becomes one `POST /kmip` (TTLV, XML or JSON body, as the MSGENC-HTTPS,
 * MSGENC-XML and MSGENC-JSON test cases need), and the response body is handed back as TTLV. One
 * kept-alive connection per file, so the file's requests share the server's session.
 */
import { readFileSync } from 'node:fs';
import { Agent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { Duplex } from 'node:stream';
import { decodeMessageBody, decodeTtlv, encodeMessageBody, encodeTtlv, MESSAGE_MEDIA_TYPES, TtlvFramer, type MessageEncoding } from '@keyhold/protocol';
import type { TlsTarget } from './connect.js';
import type { Connector } from './runner.js';

/** Where the HTTPS listener is, and the body encoding to use. */
export interface HttpsTarget extends TlsTarget {
  readonly encoding: MessageEncoding;
  /** Request path; default `/kmip`. */
  readonly path?: string;
}

/** A connector of one kept-alive HTTPS connection per call. */
export function httpsConnector(target: HttpsTarget): Connector {
  const type = MESSAGE_MEDIA_TYPES[target.encoding];
  const servername = target.servername ?? (isIP(target.host) === 0 ? target.host : undefined);
  return () => {
    const agent = new Agent({
      keepAlive: true,
      maxSockets: 1,
      minVersion: 'TLSv1.2',
      ...(target.ca ? { ca: readFileSync(target.ca) } : {}),
      ...(target.cert ? { cert: readFileSync(target.cert) } : {}),
      ...(target.key ? { key: readFileSync(target.key) } : {}),
    });
    const post = (ttlv: Buffer): Promise<Buffer> =>
      new Promise((resolve, reject) => {
        const body = target.encoding === 'ttlv' ? ttlv : encodeMessageBody(decodeTtlv(ttlv), target.encoding);
        const req = httpsRequest(
          {
            agent,
            host: target.host,
            port: target.port,
            path: target.path ?? '/kmip',
            method: 'POST',
            ...(servername === undefined ? {} : { servername }),
            timeout: target.timeoutMs ?? 10_000,
            headers: { 'Content-Type': type, 'Content-Length': String(body.length) },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('error', reject);
            res.on('end', () => {
              const reply = Buffer.concat(chunks);
              if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode ?? '?'}: ${reply.toString('utf8', 0, 200).trim()}`));
              try {
                resolve(target.encoding === 'ttlv' ? reply : encodeTtlv(decodeMessageBody(reply, target.encoding)));
              } catch (err) {
                reject(err instanceof Error ? err : new Error(String(err)));
              }
            });
          },
        );
        req.on('timeout', () => req.destroy(new Error('HTTPS request timed out')));
        req.on('error', reject);
        req.end(body);
      });
    const framer = new TtlvFramer();
    let chain = Promise.resolve();
    const stream: Duplex = new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, callback) {
        let messages: Buffer[];
        try {
          messages = framer.push(chunk);
        } catch (err) {
          callback(err instanceof Error ? err : new Error(String(err)));
          return;
        }
        chain = chain.then(async () => {
          for (const m of messages) stream.push(await post(Buffer.from(m)));
        });
        chain.catch((err: unknown) => stream.destroy(err instanceof Error ? err : new Error(String(err))));
        callback();
      },
      final(callback) {
        void chain
          .catch(() => undefined)
          .then(() => {
            stream.push(null);
            callback();
          });
      },
      destroy(err, callback) {
        agent.destroy();
        callback(err);
      },
    });
    return stream;
  };
}
