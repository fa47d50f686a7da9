/** Shared helpers of the cryptographic-service suites that go through the executor. */
import {
  CryptographicUsageMask as M,
  KeyFormatType,
  ObjectType,
  Operation,
  type Attribute,
  type CryptographicAlgorithm,
  type ProtocolVersion,
} from '@keyhold/protocol';
import { type InProcessKmip, V2_1 } from './helpers/kmip.js';

/** Hex (whitespace ignored) to bytes. */
export const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** Encrypt | Decrypt. */
export const ED = M.Encrypt | M.Decrypt;

/** Options of {@link registerKey}. */
export interface RegisterOptions {
  readonly activate?: boolean;
  readonly version?: ProtocolVersion;
  readonly attributes?: Attribute[];
}

/** Registers a key (activated unless told otherwise) and returns its Unique Identifier. */
export async function registerKey(kmip: InProcessKmip, objectType: number, format: number, material: Uint8Array, algorithm: number, lengthBits: number, mask: number, options: RegisterOptions = {}): Promise<string> {
  const version = options.version ?? V2_1;
  const res = await kmip.ok(version, Operation.Register, {
    objectType: objectType as typeof ObjectType.SymmetricKey,
    attributes: { attribute: [{ name: 'Cryptographic Usage Mask', value: mask }, ...(options.attributes ?? [])] },
    object: {
      objectType: objectType as typeof ObjectType.SymmetricKey,
      keyBlock: { keyFormatType: format as typeof KeyFormatType.Raw, keyValue: { keyMaterial: material }, cryptographicAlgorithm: algorithm as CryptographicAlgorithm, cryptographicLength: lengthBits },
    },
  } as never);
  const uid = res.uniqueIdentifier as string;
  if (options.activate ?? true) await kmip.ok(version, Operation.Activate, { uniqueIdentifier: uid });
  return uid;
}

/** Registers a Raw symmetric key. */
export const symmetric = (kmip: InProcessKmip, key: Buffer, algorithm: number, mask: number, options: RegisterOptions = {}): Promise<string> =>
  registerKey(kmip, ObjectType.SymmetricKey, KeyFormatType.Raw, key, algorithm, key.length * 8, mask, options);

/** Registers a PKCS#8 private key. */
export const privateKey = (kmip: InProcessKmip, der: Uint8Array, algorithm: number, lengthBits: number, mask: number, options: RegisterOptions = {}): Promise<string> =>
  registerKey(kmip, ObjectType.PrivateKey, KeyFormatType.PKCS_8, der, algorithm, lengthBits, mask, options);
