/**
 * @peculiar/x509, ready to use: its dependency injection container (tsyringe) needs the Reflect
 * metadata API at load time, so the polyfill is imported first; and its crypto provider is set to
 * node's WebCrypto. Import x509 from here, never from '@peculiar/x509' directly.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto);

export { x509 };
