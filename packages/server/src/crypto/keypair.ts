/**
 * Key pair generation (Create Key Pair) with node:crypto.
 *
 * | algorithm (+ curve)                         | key type | lengths                                    |
 * |---------------------------------------------|----------|--------------------------------------------|
 * | RSA                                         | rsa      | 1024–4096, multiple of 8 (default 2048); public exponent odd, 3 ≤ e < 2^32 (default 65537) |
 * | DSA                                         | dsa      | P: 1024 (Q 160), 2048 (Q 224 default, or 256), 3072 (Q 256); default 2048 |
 * | EC, ECDSA, ECDH, ECMQV + a Weierstrass curve | ec       | the curve's field size; with only a length, 192/224/256/384/521 select P-192…P-521; neither: P-256 |
 * | Ed25519 (or ECDSA + CURVE25519)             | ed25519  | 256 (253, 255 accepted)                    |
 * | Ed448 (or ECDSA + CURVE448)                 | ed448    | 456 (448 accepted)                         |
 * | EC or ECDH + CURVE25519                     | x25519   | 256 (253, 255 accepted)                    |
 * | EC or ECDH + CURVE448                       | x448     | 448                                        |
 *
 * Curves the runtime's OpenSSL lacks are reported as `unsupported-curve` before generating.
 * {@link generateKeyPair} runs on libuv's thread pool (RSA 4096 takes about a second);
 * {@link generateKeyPairSync} blocks.
 */
import { generateKeyPair as nodeGenerateKeyPair, generateKeyPairSync as nodeGenerateKeyPairSync } from 'node:crypto';
import { promisify } from 'node:util';
import { CryptographicAlgorithm, KeyFormatType, ObjectType, RecommendedCurve } from '@keyhold/protocol';
import { DEFAULT_CURVE_BY_LENGTH, curveName, requireEcCurve } from './curves.js';
import { KeyMaterialError } from './errors.js';
import { OKP, algorithmName, isEcFamily, type AsymmetricKeyType, type OkpInfo } from './keytypes.js';
import type { ImportedKey } from './types.js';
import { ownedCopy, wipe } from './wipe.js';

/** Parameters of {@link generateKeyPair}. */
export interface KeyPairParameters {
  /** RSA, DSA, EC, ECDSA, ECDH, ECMQV, Ed25519 or Ed448. */
  readonly algorithm: CryptographicAlgorithm;
  /** Cryptographic Length: RSA modulus / DSA P bits, EC field size, OKP key size. */
  readonly lengthBits?: number | undefined;
  /** Recommended Curve for EC-family and OKP keys. */
  readonly curve?: RecommendedCurve | undefined;
  /** RSA public exponent (default 65537). */
  readonly publicExponent?: bigint | number | undefined;
  /** DSA Q length in bits (KMIP Cryptographic Domain Parameters' Qlength). */
  readonly qLengthBits?: number | undefined;
}

/** A generated key pair: both halves in canonical form plus what KMIP records for them. */
export interface GeneratedKeyPair {
  readonly keyType: AsymmetricKeyType;
  readonly algorithm: CryptographicAlgorithm;
  /** The Cryptographic Length of both keys. */
  readonly lengthBits: number;
  /** The Recommended Curve (EC and OKP keys). */
  readonly curve: RecommendedCurve | undefined;
  /** PKCS#8 DER, owned: wipe `privateKey.material` when done. */
  readonly privateKey: ImportedKey;
  /** SubjectPublicKeyInfo DER. */
  readonly publicKey: ImportedKey;
}

export const RSA_MIN_BITS = 1024;
export const RSA_MAX_BITS = 4096;
const RSA_DEFAULT_BITS = 2048;
const DSA_Q_BITS: ReadonlyMap<number, readonly number[]> = new Map([
  [1024, [160]],
  [2048, [224, 256]],
  [3072, [256]],
]);

type NodeSpec =
  | { readonly type: 'rsa'; readonly options: { modulusLength: number; publicExponent: number } }
  | { readonly type: 'dsa'; readonly options: { modulusLength: number; divisorLength: number } }
  | { readonly type: 'ec'; readonly options: { namedCurve: string } }
  | { readonly type: 'ed25519' | 'ed448' | 'x25519' | 'x448'; readonly options: Record<string, never> };

/** What {@link planKeyPair} decided to generate. */
export interface KeyPairPlan {
  readonly keyType: AsymmetricKeyType;
  readonly algorithm: CryptographicAlgorithm;
  readonly lengthBits: number;
  readonly curve: RecommendedCurve | undefined;
  readonly spec: NodeSpec;
}

function invalid(msg: string): KeyMaterialError {
  return new KeyMaterialError('invalid-length', msg);
}

function okpPlan(info: OkpInfo, algorithm: CryptographicAlgorithm, lengthBits: number | undefined): KeyPairPlan {
  if (lengthBits !== undefined && !info.acceptedLengths.includes(lengthBits)) {
    throw invalid(`Cryptographic Length ${String(lengthBits)} is not valid for ${info.keyType}`);
  }
  return { keyType: info.keyType, algorithm, lengthBits: info.lengthBits, curve: info.curve, spec: { type: info.keyType, options: {} } };
}

function rsaPlan(p: KeyPairParameters): KeyPairPlan {
  const bits = p.lengthBits ?? RSA_DEFAULT_BITS;
  if (!Number.isInteger(bits) || bits < RSA_MIN_BITS || bits > RSA_MAX_BITS || bits % 8 !== 0) {
    throw invalid(`RSA Cryptographic Length ${String(bits)} is not a multiple of 8 in ${String(RSA_MIN_BITS)}-${String(RSA_MAX_BITS)}`);
  }
  const e = BigInt(p.publicExponent ?? 65537);
  if (e < 3n || e > 0xffffffffn || (e & 1n) === 0n) {
    throw new KeyMaterialError('invalid-parameter', 'the RSA public exponent must be odd and in 3..2^32-1');
  }
  return { keyType: 'rsa', algorithm: p.algorithm, lengthBits: bits, curve: undefined, spec: { type: 'rsa', options: { modulusLength: bits, publicExponent: Number(e) } } };
}

function dsaPlan(p: KeyPairParameters): KeyPairPlan {
  const bits = p.lengthBits ?? 2048;
  const qs = DSA_Q_BITS.get(bits);
  if (qs === undefined) throw invalid(`DSA Cryptographic Length ${String(bits)} is not 1024, 2048 or 3072`);
  const q = p.qLengthBits ?? (qs[0] as number);
  if (!qs.includes(q)) throw new KeyMaterialError('invalid-parameter', `DSA Q length ${String(q)} does not go with P length ${String(bits)}`);
  return { keyType: 'dsa', algorithm: p.algorithm, lengthBits: bits, curve: undefined, spec: { type: 'dsa', options: { modulusLength: bits, divisorLength: q } } };
}

function ecPlan(p: KeyPairParameters): KeyPairPlan {
  let curve = p.curve;
  if (curve === RecommendedCurve.CURVE25519 || curve === RecommendedCurve.CURVE448) {
    const is25519 = curve === RecommendedCurve.CURVE25519;
    if (p.algorithm === CryptographicAlgorithm.ECMQV) throw new KeyMaterialError('unsupported-curve', `ECMQV is not defined on ${curveName(curve)}`);
    const info = p.algorithm === CryptographicAlgorithm.ECDSA ? OKP[is25519 ? 'ed25519' : 'ed448'] : OKP[is25519 ? 'x25519' : 'x448'];
    return okpPlan(info, p.algorithm, p.lengthBits);
  }
  if (curve === undefined) {
    if (p.lengthBits === undefined) curve = RecommendedCurve.P_256;
    else {
      curve = DEFAULT_CURVE_BY_LENGTH.get(p.lengthBits);
      if (curve === undefined) throw invalid(`no default curve for Cryptographic Length ${String(p.lengthBits)}; give a Recommended Curve`);
    }
  }
  const info = requireEcCurve(curve);
  if (p.lengthBits !== undefined && p.lengthBits !== info.fieldBits) {
    throw new KeyMaterialError('mismatch', `Cryptographic Length ${String(p.lengthBits)} does not match ${curveName(curve)} (${String(info.fieldBits)})`);
  }
  return { keyType: 'ec', algorithm: p.algorithm, lengthBits: info.fieldBits, curve, spec: { type: 'ec', options: { namedCurve: info.nodeName } } };
}

/** Validates the parameters and decides what to generate (no key material is produced). */
export function planKeyPair(p: KeyPairParameters): KeyPairPlan {
  const a = p.algorithm;
  if (a === CryptographicAlgorithm.RSA) return rsaPlan(p);
  if (a === CryptographicAlgorithm.DSA) return dsaPlan(p);
  if (a === CryptographicAlgorithm.Ed25519 || a === CryptographicAlgorithm.Ed448) {
    const info = OKP[a === CryptographicAlgorithm.Ed25519 ? 'ed25519' : 'ed448'];
    if (p.curve !== undefined && p.curve !== info.curve) throw new KeyMaterialError('unsupported-curve', `${algorithmName(a)} keys are on ${curveName(info.curve)}`);
    return okpPlan(info, a, p.lengthBits);
  }
  if (isEcFamily(a)) return ecPlan(p);
  throw new KeyMaterialError('unsupported-algorithm', `${algorithmName(a)} key pairs cannot be generated`);
}

const ENCODING = {
  publicKeyEncoding: { type: 'spki', format: 'der' },
  privateKeyEncoding: { type: 'pkcs8', format: 'der' },
} as const;

function finish(plan: KeyPairPlan, pair: { publicKey: Buffer; privateKey: Buffer }): GeneratedKeyPair {
  const priv = ownedCopy(pair.privateKey);
  wipe(pair.privateKey);
  const common = { keyType: plan.keyType, algorithm: plan.algorithm, lengthBits: plan.lengthBits, curve: plan.curve };
  return {
    ...common,
    privateKey: { ...common, objectType: ObjectType.PrivateKey, format: KeyFormatType.PKCS_8, material: priv },
    publicKey: { ...common, objectType: ObjectType.PublicKey, format: KeyFormatType.X_509, material: ownedCopy(pair.publicKey) },
  };
}

function failure(plan: KeyPairPlan, err: unknown): KeyMaterialError {
  return new KeyMaterialError('crypto-failure', `generating a ${plan.keyType} key pair failed`, err);
}

/** Generates a key pair without blocking the event loop (see the module table). */
export async function generateKeyPair(p: KeyPairParameters): Promise<GeneratedKeyPair> {
  const plan = planKeyPair(p);
  const gen = promisify(nodeGenerateKeyPair) as unknown as (type: string, options: object) => Promise<{ publicKey: Buffer; privateKey: Buffer }>;
  let pair: { publicKey: Buffer; privateKey: Buffer };
  try {
    pair = await gen(plan.spec.type, { ...plan.spec.options, ...ENCODING });
  } catch (err) {
    throw failure(plan, err);
  }
  return finish(plan, pair);
}

/** Generates a key pair synchronously (blocks: RSA 4096 takes about a second). */
export function generateKeyPairSync(p: KeyPairParameters): GeneratedKeyPair {
  const plan = planKeyPair(p);
  let pair: { publicKey: Buffer; privateKey: Buffer };
  try {
    const gen = nodeGenerateKeyPairSync as unknown as (type: string, options: object) => { publicKey: Buffer; privateKey: Buffer };
    pair = gen(plan.spec.type, { ...plan.spec.options, ...ENCODING });
  } catch (err) {
    throw failure(plan, err);
  }
  return finish(plan, pair);
}
