/**
 * The master key that encrypts the store at rest: 32 bytes, from the environment or a key file.
 *
 * Sources, in order:
 * 1. `KEYHOLD_MASTER_KEY` (environment): 64 hex digits, or 32 bytes in base64 / base64url
 *    (43 or 44 characters). Surrounding whitespace is ignored.
 * 2. The key file (`file`, default `<dataDir>/master.key`): the same text forms (what Keyhold
 *    writes: 64 hex digits and a newline) or exactly 32 raw bytes. It must be a regular file that
 *    neither group nor others can access (mode 0600 or stricter); otherwise Keyhold refuses to
 *    start. When it does not exist it is created — with a fresh random key, mode 0600, exclusively
 *    (never overwriting a file created concurrently), fsynced together with its directory.
 *
 * Error messages name the source, the path, the mode and lengths — never key bytes.
 */
import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { StoreError } from './errors.js';

/** Name of the environment variable holding the master key. */
export const MASTER_KEY_ENV = 'KEYHOLD_MASTER_KEY';
/** File name of the key file inside the data directory. */
export const MASTER_KEY_FILE = 'master.key';

/** Options of {@link loadOrCreateMasterKey}. */
export interface MasterKeyOptions {
  /** Key file path; default `<dataDir>/master.key`. */
  readonly file?: string;
  /** Data directory, used for the default key file path. */
  readonly dataDir?: string;
  /** Environment to read KEYHOLD_MASTER_KEY from; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Create the key file when missing (default true). */
  readonly create?: boolean;
}

/** A loaded master key. */
export interface LoadedMasterKey {
  /** The 32 key bytes. The caller may wipe them (`fill(0)`) once the store is open. */
  readonly key: Buffer;
  readonly source: 'env' | 'file';
  /** The key file, when the key came from one. */
  readonly file?: string;
  /** True when the key file was created by this call. */
  readonly created: boolean;
}

const HEX_RE = /^[0-9a-fA-F]{64}$/;
const B64_RE = /^[A-Za-z0-9+/_-]{43}=?$/;

/**
 * Parses a 256-bit key written as 64 hex digits or base64 / base64url.
 * @param what the source, for the error message ("KEYHOLD_MASTER_KEY", a file path)
 * @throws StoreError KEYHOLD_ERR_MASTER_KEY_INVALID (the message gives the length only)
 */
export function parseMasterKey(text: string, what: string): Buffer {
  const s = text.trim();
  let key: Buffer | undefined;
  if (HEX_RE.test(s)) key = Buffer.from(s, 'hex');
  else if (B64_RE.test(s)) key = Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key?.length !== 32) {
    throw new StoreError(
      'KEYHOLD_ERR_MASTER_KEY_INVALID',
      `${what} is not a 256-bit key: expected 64 hex digits or 32 bytes in base64 (got ${s.length} characters)`,
    );
  }
  return key;
}

function octal(mode: number): string {
  return `0${(mode & 0o777).toString(8).padStart(3, '0')}`;
}

async function readKeyFile(fh: FileHandle, file: string): Promise<Buffer> {
  const st = await fh.stat();
  if (!st.isFile()) {
    throw new StoreError('KEYHOLD_ERR_MASTER_KEY_PERMISSIONS', `The master key file ${file} is not a regular file`);
  }
  if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
    throw new StoreError(
      'KEYHOLD_ERR_MASTER_KEY_PERMISSIONS',
      `The master key file ${file} is accessible by group or others (mode ${octal(st.mode)}); refusing to use it. ` +
        `Restrict it with: chmod 600 ${file}`,
    );
  }
  if (st.size > 4096) {
    throw new StoreError('KEYHOLD_ERR_MASTER_KEY_INVALID', `The master key file ${file} is too large (${st.size} bytes) to hold a key`);
  }
  const bytes = await fh.readFile();
  try {
    // 32 bytes cannot be one of the text forms (64 hex digits, 43 or 44 base64 characters).
    if (bytes.length === 32) return Buffer.from(bytes);
    return parseMasterKey(bytes.toString('latin1'), `The master key file ${file}`);
  } finally {
    bytes.fill(0);
  }
}

async function createKeyFile(file: string): Promise<Buffer | undefined> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  let fh: FileHandle;
  try {
    fh = await open(file, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return undefined; // created concurrently: read it
    throw err;
  }
  const key = randomBytes(32);
  const text = Buffer.from(`${key.toString('hex')}\n`, 'latin1');
  try {
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    text.fill(0);
    await fh.close();
  }
  if (process.platform !== 'win32') {
    const dir = await open(dirname(file), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
  return key;
}

/**
 * Loads the master key from KEYHOLD_MASTER_KEY or the key file, creating the key file (mode
 * 0600) on first start.
 * @throws StoreError KEYHOLD_ERR_MASTER_KEY_INVALID, KEYHOLD_ERR_MASTER_KEY_PERMISSIONS,
 *   KEYHOLD_ERR_MASTER_KEY_MISSING; file system errors as they are
 */
export async function loadOrCreateMasterKey(options: MasterKeyOptions = {}): Promise<LoadedMasterKey> {
  const env = options.env ?? process.env;
  const fromEnv = env[MASTER_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    return { key: parseMasterKey(fromEnv, MASTER_KEY_ENV), source: 'env', created: false };
  }
  const file = options.file ?? (options.dataDir !== undefined ? join(options.dataDir, MASTER_KEY_FILE) : undefined);
  if (file === undefined) {
    throw new StoreError('KEYHOLD_ERR_MASTER_KEY_MISSING', `No master key: ${MASTER_KEY_ENV} is not set and no key file or data directory was given`);
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    let fh: FileHandle | undefined;
    try {
      fh = await open(file, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (fh !== undefined) {
      try {
        return { key: await readKeyFile(fh, file), source: 'file', file, created: false };
      } finally {
        await fh.close();
      }
    }
    if (options.create === false) {
      throw new StoreError('KEYHOLD_ERR_MASTER_KEY_MISSING', `No master key: ${MASTER_KEY_ENV} is not set and ${file} does not exist`);
    }
    const key = await createKeyFile(file);
    if (key !== undefined) return { key, source: 'file', file, created: true };
  }
  throw new StoreError('KEYHOLD_ERR_MASTER_KEY_MISSING', `The master key file ${file} could not be read or created`);
}
