/**
 * Input and output for commands: a named file or standard input, and standard output.
 */
import { readFile } from 'node:fs/promises';

/** Reads a whole file, or standard input when `path` is undefined or "-". */
export async function readInput(path: string | undefined): Promise<Buffer> {
  if (path !== undefined && path !== '-') return readFile(path);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

/** Writes to standard output and resolves when the data is flushed. */
export function writeOutput(data: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(data, (err) => (err ? reject(err) : resolve()));
  });
}
