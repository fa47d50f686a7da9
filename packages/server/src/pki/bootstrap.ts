/**
 * First-start PKI. When the server is started without TLS configuration it creates, in
 * `<data-dir>/pki/`, a local certificate authority, a server certificate for this machine and a
 * client certificate for an administrator principal; later starts reuse them.
 *
 * ```
 * <data-dir>/pki/                 mode 0700
 *   ca.crt                        the local CA certificate (clients trust it: --ca)
 *   ca.key                        its private key (0600) — used only to issue certificates
 *   server.crt  server.key        the server's certificate (SAN: localhost, 127.0.0.1, ::1,
 *                                 the host name, configured names) and key (0600)
 *   clients/<principal>.crt       a client certificate (subject CN = principal)
 *   clients/<principal>.key       its key (0600)
 *   clients/<principal>.bundle.pem  certificate, CA certificate and key in one file (0600)
 * ```
 *
 * Reuse rules, checked on every start: the CA is reused as it is (a missing half is an error —
 * clients trust it, so it is never replaced silently); the server certificate is issued again
 * when it is missing, does not match its key, was not issued by the CA, expires within 30 days,
 * or does not cover a server name asked for; the administrator's client certificate is issued
 * when missing and otherwise left alone. Files are written to a temporary name and renamed, so a
 * crash never leaves half a file.
 */
import { chmod, mkdir, readFile, rename, stat, writeFile, unlink } from 'node:fs/promises';
import { X509Certificate as NodeX509Certificate, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { createCa, issueCertificate, keyMatchesCertificate, loadIssuer, type Issuer } from './certificates.js';

/** Principal of the client certificate created on first start. */
export const DEFAULT_ADMIN_PRINCIPAL = 'keyhold-admin';
/** Re-issue the server certificate when it expires within this many days. */
const RENEW_BEFORE_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Principals usable as file names: letters, digits, `.`, `_`, `@`, `-`; at most 64 characters. */
const PRINCIPAL_FILE_RE = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const DNS_NAME_RE = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** Paths of one client's credentials. */
export interface ClientCredentials {
  readonly principal: string;
  /** Client certificate (PEM). */
  readonly cert: string;
  /** Client private key (PEM, mode 0600). */
  readonly key: string;
  /** Certificate, CA certificate and key in one PEM file (mode 0600). */
  readonly bundle: string;
}

/** What {@link bootstrapPki} created or found. All paths are absolute. */
export interface BootstrapResult {
  /** `<data-dir>/pki`. */
  readonly dir: string;
  /** CA certificate: what clients use as their trust anchor, and the server's client CA. */
  readonly caCert: string;
  /** CA private key (mode 0600). */
  readonly caKey: string;
  readonly serverCert: string;
  /** Server private key (mode 0600). */
  readonly serverKey: string;
  /** The administrator's client credentials. */
  readonly client: ClientCredentials;
  /** Files written by this call (empty when everything was reused). */
  readonly created: readonly string[];
  /** One-line commands that connect with the administrator's credentials. */
  readonly commands: ConnectCommands;
}

/** Example command lines for connecting to the server. */
export interface ConnectCommands {
  /** `openssl s_client …` — a raw TLS session, to check the handshake. */
  readonly openssl: string;
  /** `keyhold --server … --ca … --cert … --key …` — the Keyhold CLI. */
  readonly keyhold: string;
}

/** Options of {@link bootstrapPki}. */
export interface BootstrapOptions {
  /** The data directory; the PKI lives in its `pki/` subdirectory. */
  readonly dataDir: string;
  /**
   * Extra names the server certificate must cover (IP addresses or DNS names), besides
   * localhost, 127.0.0.1, ::1 and the host name. A specific listen address belongs here.
   */
  readonly serverNames?: readonly string[];
  /** Principal (subject CN) of the administrator's client certificate; default `keyhold-admin`. */
  readonly adminPrincipal?: string;
  /** Host and port written into the example commands; default localhost:5696. */
  readonly connectHost?: string;
  readonly connectPort?: number;
  readonly now?: Date;
}

/** Paths of the PKI files under a data directory (whether or not they exist). */
export function pkiPaths(dataDir: string): {
  dir: string;
  caCert: string;
  caKey: string;
  certifyCaCert: string;
  certifyCaKey: string;
  serverCert: string;
  serverKey: string;
  clientsDir: string;
} {
  const dir = join(resolve(dataDir), 'pki');
  return {
    dir,
    caCert: join(dir, 'ca.crt'),
    caKey: join(dir, 'ca.key'),
    certifyCaCert: join(dir, 'certify-ca.crt'),
    certifyCaKey: join(dir, 'certify-ca.key'),
    serverCert: join(dir, 'server.crt'),
    serverKey: join(dir, 'server.key'),
    clientsDir: join(dir, 'clients'),
  };
}

/** Paths of one principal's client files under a clients directory. */
export function clientPaths(clientsDir: string, principal: string): ClientCredentials {
  checkPrincipal(principal);
  return {
    principal,
    cert: join(clientsDir, `${principal}.crt`),
    key: join(clientsDir, `${principal}.key`),
    bundle: join(clientsDir, `${principal}.bundle.pem`),
  };
}

function checkPrincipal(principal: string): void {
  if (!PRINCIPAL_FILE_RE.test(principal)) {
    throw new Error(
      `Invalid principal ${JSON.stringify(principal)}: use 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit`,
    );
  }
}

/** The names the server certificate covers by default, plus `extra`. */
export function serverNames(extra: readonly string[] = []): string[] {
  const names = ['localhost', '127.0.0.1', '::1'];
  const host = hostname();
  if (DNS_NAME_RE.test(host)) names.push(host);
  for (const n of extra) {
    // Wildcard listen addresses are not names a client connects to.
    if (n === '0.0.0.0' || n === '::' || n === '') continue;
    if (isIP(n) === 0 && !DNS_NAME_RE.test(n)) throw new Error(`Invalid server name ${JSON.stringify(n)}: not an IP address or DNS name`);
    names.push(n);
  }
  return [...new Set(names.map((n) => (isIP(n) === 0 ? n.toLowerCase() : n)))];
}

/** Creates or reuses the local PKI under `<dataDir>/pki`. See the module comment for the rules. */
export async function bootstrapPki(options: BootstrapOptions): Promise<BootstrapResult> {
  const now = options.now ?? new Date();
  const paths = pkiPaths(options.dataDir);
  const created: string[] = [];
  await mkdir(resolve(options.dataDir), { recursive: true, mode: 0o700 });
  await mkdir(paths.dir, { recursive: true, mode: 0o700 });
  await mkdir(paths.clientsDir, { recursive: true, mode: 0o700 });

  // The CA: both halves or neither.
  const [caCertPem, caKeyPem] = await Promise.all([readIfExists(paths.caCert), readIfExists(paths.caKey)]);
  let issuer: Issuer;
  if (caCertPem === undefined && caKeyPem === undefined) {
    const ca = await createCa({ now });
    await writeAtomic(paths.caKey, ca.keyPem, 0o600);
    await writeAtomic(paths.caCert, ca.certPem, 0o644);
    created.push(paths.caKey, paths.caCert);
    issuer = ca.issuer;
  } else if (caCertPem === undefined || caKeyPem === undefined) {
    const missing = caCertPem === undefined ? paths.caCert : paths.caKey;
    throw new Error(
      `The local CA is incomplete: ${missing} is missing. Restore it, or remove ${paths.dir} to create a new PKI (clients must then trust the new CA)`,
    );
  } else {
    await tightenMode(paths.caKey);
    try {
      issuer = await loadIssuer(caCertPem, caKeyPem);
    } catch (err) {
      throw new Error(`Cannot use the local CA in ${paths.dir}: ${(err as Error).message}`);
    }
  }

  // The server certificate: issued again whenever it is not right any more.
  const names = serverNames(options.serverNames);
  const [serverCertPem, serverKeyPem] = await Promise.all([readIfExists(paths.serverCert), readIfExists(paths.serverKey)]);
  if (serverCertPem === undefined || serverKeyPem === undefined || !serverCertIsUsable(serverCertPem, serverKeyPem, issuer, names, now)) {
    const pair = await issueCertificate(issuer, { commonName: names[0] ?? 'localhost', usage: 'server', altNames: names, now });
    await writeAtomic(paths.serverKey, pair.keyPem, 0o600);
    await writeAtomic(paths.serverCert, pair.certPem, 0o644);
    created.push(paths.serverKey, paths.serverCert);
  } else {
    await tightenMode(paths.serverKey);
  }

  // The administrator's client certificate: issued once.
  const principal = options.adminPrincipal ?? DEFAULT_ADMIN_PRINCIPAL;
  const client = clientPaths(paths.clientsDir, principal);
  const [clientCertPem, clientKeyPem] = await Promise.all([readIfExists(client.cert), readIfExists(client.key)]);
  if (clientCertPem === undefined || clientKeyPem === undefined) {
    created.push(...(await writeClient(issuer, client, now)));
  } else {
    await tightenMode(client.key);
    if ((await readIfExists(client.bundle)) === undefined) {
      await writeAtomic(client.bundle, clientCertPem + issuer.certPem + clientKeyPem, 0o600);
      created.push(client.bundle);
    } else {
      await tightenMode(client.bundle);
    }
  }

  const commands = connectCommands({
    host: options.connectHost ?? 'localhost',
    port: options.connectPort ?? 5696,
    ca: paths.caCert,
    cert: client.cert,
    key: client.key,
  });
  return { dir: paths.dir, caCert: paths.caCert, caKey: paths.caKey, serverCert: paths.serverCert, serverKey: paths.serverKey, client, created, commands };
}

/** Options of {@link issueClientCertificate}. */
export interface IssueClientOptions {
  /** Data directory whose local CA signs the certificate. */
  readonly dataDir: string;
  /** Subject CN of the certificate, the principal the server will see. */
  readonly principal: string;
  /** Where to write the files; default `<data-dir>/pki/clients`. */
  readonly outDir?: string;
  /** Replace existing files for this principal; otherwise existing files are an error. */
  readonly overwrite?: boolean;
  /** Validity in days; default 730. */
  readonly validityDays?: number;
  readonly now?: Date;
}

/**
 * Issues a client certificate for another principal from the local CA created by
 * {@link bootstrapPki} (which must have run). Writes `<principal>.crt`, `.key` (0600) and
 * `.bundle.pem` (0600).
 */
export async function issueClientCertificate(options: IssueClientOptions): Promise<ClientCredentials> {
  const paths = pkiPaths(options.dataDir);
  const [caCertPem, caKeyPem] = await Promise.all([readIfExists(paths.caCert), readIfExists(paths.caKey)]);
  if (caCertPem === undefined || caKeyPem === undefined) {
    throw new Error(`No local CA in ${paths.dir}: start the server once (or run the PKI bootstrap) first`);
  }
  const issuer = await loadIssuer(caCertPem, caKeyPem);
  const outDir = options.outDir === undefined ? paths.clientsDir : resolve(options.outDir);
  await mkdir(outDir, { recursive: true, mode: 0o700 });
  const client = clientPaths(outDir, options.principal);
  if (options.overwrite !== true) {
    for (const p of [client.cert, client.key, client.bundle]) {
      if ((await readIfExists(p)) !== undefined) throw new Error(`${p} exists; pass overwrite to replace it`);
    }
  }
  await writeClient(issuer, client, options.now ?? new Date(), options.validityDays);
  return client;
}

/** The example commands for given endpoint and credential paths. */
export function connectCommands(o: { host: string; port: number; ca: string; cert: string; key: string }): ConnectCommands {
  const q = shellQuote;
  const hostPort = isIP(o.host) === 6 ? `[${o.host}]:${o.port}` : `${o.host}:${o.port}`;
  return {
    openssl: `openssl s_client -connect ${q(hostPort)} -CAfile ${q(o.ca)} -cert ${q(o.cert)} -key ${q(o.key)}`,
    keyhold: `keyhold --server ${q(hostPort)} --ca ${q(o.ca)} --cert ${q(o.cert)} --key ${q(o.key)}`,
  };
}

/** Quotes a word for a POSIX shell when it needs it. */
function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./[\]-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

async function writeClient(issuer: Issuer, client: ClientCredentials, now: Date, validityDays?: number): Promise<string[]> {
  const pair = await issueCertificate(issuer, {
    commonName: client.principal,
    usage: 'client',
    now,
    ...(validityDays === undefined ? {} : { validityDays }),
  });
  await writeAtomic(client.key, pair.keyPem, 0o600);
  await writeAtomic(client.cert, pair.certPem, 0o644);
  await writeAtomic(client.bundle, pair.certPem + issuer.certPem + pair.keyPem, 0o600);
  return [client.key, client.cert, client.bundle];
}

function serverCertIsUsable(certPem: string, keyPem: string, issuer: Issuer, names: readonly string[], now: Date): boolean {
  try {
    const cert = new NodeX509Certificate(certPem);
    const ca = new NodeX509Certificate(issuer.certPem);
    if (!keyMatchesCertificate(certPem, keyPem)) return false;
    if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return false;
    if (new Date(cert.validTo).getTime() - now.getTime() < RENEW_BEFORE_DAYS * DAY_MS) return false;
    if (new Date(cert.validFrom).getTime() > now.getTime() + DAY_MS) return false;
    return names.every((n) => (isIP(n) === 0 ? cert.checkHost(n, { wildcards: false }) !== undefined : cert.checkIP(n) !== undefined));
  } catch {
    return false;
  }
}

/** A file's text, or undefined when it does not exist. */
export async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Makes a private key file owner-only if it is not. */
async function tightenMode(path: string): Promise<void> {
  const st = await stat(path);
  if ((st.mode & 0o077) !== 0) await chmod(path, 0o600);
}

/** Writes a file under a temporary name with its final mode, then renames it into place. */
export async function writeAtomic(path: string, data: string, mode: number): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, data, { mode, flag: 'wx' });
    await chmod(tmp, mode);
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}
