/**
 * KMIP Recommended Curve values [KMIP 2.1 §11.44] and what node:crypto (OpenSSL) calls them.
 *
 * Short-Weierstrass curves (NIST P/K/B, SEC 2, ANSI X9.62, Brainpool) are "EC" keys; the KMIP
 * Cryptographic Length of an EC key is the size in bits of the curve's underlying field (P-256 ->
 * 256, P-521 -> 521, K-163 -> 163), which is what the OASIS test cases report (TC-ECC-1: P-256
 * with Cryptographic Length 256; TC-ECC-3: SECP256K1 with 256).
 *
 * CURVE25519 and CURVE448 name the Montgomery/Edwards curves; which key type they mean (X25519
 * or Ed25519, X448 or Ed448) is decided by the Cryptographic Algorithm, see `keytypes.ts`.
 *
 * Availability is decided at run time: a curve is supported when OpenSSL lists it and can
 * generate a key on it (a FIPS provider, for instance, may refuse P-192).
 */
import { generateKeyPairSync, getCurves } from 'node:crypto';
import { RecommendedCurve } from '@keyhold/protocol';
import { KeyMaterialError } from './errors.js';

/** A short-Weierstrass curve: its OpenSSL name, OID, field size in bits and field type. */
export interface EcCurveInfo {
  readonly curve: RecommendedCurve;
  /** The name node:crypto accepts (`namedCurve`, `createECDH`). */
  readonly nodeName: string;
  /** The named-curve OID (SEC 1 / RFC 5480 ECParameters). */
  readonly oid: string;
  /** Field size in bits: the KMIP Cryptographic Length of keys on this curve. */
  readonly fieldBits: number;
  /** Prime field (X9.62 "prime") or characteristic-2 field (binary, "char2"). */
  readonly field: 'prime' | 'binary';
}

type Row = readonly [keyof typeof RecommendedCurve, string, string, number, 'prime' | 'binary'];

const X962 = '1.2.840.10045.3';
const SECG = '1.3.132.0';
const BP = '1.3.36.3.3.2.8.1.1';

const ROWS: readonly Row[] = [
  ['P_192', 'prime192v1', `${X962}.1.1`, 192, 'prime'],
  ['P_224', 'secp224r1', `${SECG}.33`, 224, 'prime'],
  ['P_256', 'prime256v1', `${X962}.1.7`, 256, 'prime'],
  ['P_384', 'secp384r1', `${SECG}.34`, 384, 'prime'],
  ['P_521', 'secp521r1', `${SECG}.35`, 521, 'prime'],
  ['K_163', 'sect163k1', `${SECG}.1`, 163, 'binary'],
  ['B_163', 'sect163r2', `${SECG}.15`, 163, 'binary'],
  ['K_233', 'sect233k1', `${SECG}.26`, 233, 'binary'],
  ['B_233', 'sect233r1', `${SECG}.27`, 233, 'binary'],
  ['K_283', 'sect283k1', `${SECG}.16`, 283, 'binary'],
  ['B_283', 'sect283r1', `${SECG}.17`, 283, 'binary'],
  ['K_409', 'sect409k1', `${SECG}.36`, 409, 'binary'],
  ['B_409', 'sect409r1', `${SECG}.37`, 409, 'binary'],
  ['K_571', 'sect571k1', `${SECG}.38`, 571, 'binary'],
  ['B_571', 'sect571r1', `${SECG}.39`, 571, 'binary'],
  ['SECP112R1', 'secp112r1', `${SECG}.6`, 112, 'prime'],
  ['SECP112R2', 'secp112r2', `${SECG}.7`, 112, 'prime'],
  ['SECP128R1', 'secp128r1', `${SECG}.28`, 128, 'prime'],
  ['SECP128R2', 'secp128r2', `${SECG}.29`, 128, 'prime'],
  ['SECP160K1', 'secp160k1', `${SECG}.9`, 160, 'prime'],
  ['SECP160R1', 'secp160r1', `${SECG}.8`, 160, 'prime'],
  ['SECP160R2', 'secp160r2', `${SECG}.30`, 160, 'prime'],
  ['SECP192K1', 'secp192k1', `${SECG}.31`, 192, 'prime'],
  ['SECP224K1', 'secp224k1', `${SECG}.32`, 224, 'prime'],
  ['SECP256K1', 'secp256k1', `${SECG}.10`, 256, 'prime'],
  ['SECT113R1', 'sect113r1', `${SECG}.4`, 113, 'binary'],
  ['SECT113R2', 'sect113r2', `${SECG}.5`, 113, 'binary'],
  ['SECT131R1', 'sect131r1', `${SECG}.22`, 131, 'binary'],
  ['SECT131R2', 'sect131r2', `${SECG}.23`, 131, 'binary'],
  ['SECT163R1', 'sect163r1', `${SECG}.2`, 163, 'binary'],
  ['SECT193R1', 'sect193r1', `${SECG}.24`, 193, 'binary'],
  ['SECT193R2', 'sect193r2', `${SECG}.25`, 193, 'binary'],
  ['SECT239K1', 'sect239k1', `${SECG}.3`, 239, 'binary'],
  ['ANSIX9P192V2', 'prime192v2', `${X962}.1.2`, 192, 'prime'],
  ['ANSIX9P192V3', 'prime192v3', `${X962}.1.3`, 192, 'prime'],
  ['ANSIX9P239V1', 'prime239v1', `${X962}.1.4`, 239, 'prime'],
  ['ANSIX9P239V2', 'prime239v2', `${X962}.1.5`, 239, 'prime'],
  ['ANSIX9P239V3', 'prime239v3', `${X962}.1.6`, 239, 'prime'],
  ['ANSIX9C2PNB163V1', 'c2pnb163v1', `${X962}.0.1`, 163, 'binary'],
  ['ANSIX9C2PNB163V2', 'c2pnb163v2', `${X962}.0.2`, 163, 'binary'],
  ['ANSIX9C2PNB163V3', 'c2pnb163v3', `${X962}.0.3`, 163, 'binary'],
  ['ANSIX9C2PNB176V1', 'c2pnb176v1', `${X962}.0.4`, 176, 'binary'],
  ['ANSIX9C2TNB191V1', 'c2tnb191v1', `${X962}.0.5`, 191, 'binary'],
  ['ANSIX9C2TNB191V2', 'c2tnb191v2', `${X962}.0.6`, 191, 'binary'],
  ['ANSIX9C2TNB191V3', 'c2tnb191v3', `${X962}.0.7`, 191, 'binary'],
  ['ANSIX9C2PNB208W1', 'c2pnb208w1', `${X962}.0.10`, 208, 'binary'],
  ['ANSIX9C2TNB239V1', 'c2tnb239v1', `${X962}.0.11`, 239, 'binary'],
  ['ANSIX9C2TNB239V2', 'c2tnb239v2', `${X962}.0.12`, 239, 'binary'],
  ['ANSIX9C2TNB239V3', 'c2tnb239v3', `${X962}.0.13`, 239, 'binary'],
  ['ANSIX9C2PNB272W1', 'c2pnb272w1', `${X962}.0.16`, 272, 'binary'],
  ['ANSIX9C2PNB304W1', 'c2pnb304w1', `${X962}.0.17`, 304, 'binary'],
  ['ANSIX9C2TNB359V1', 'c2tnb359v1', `${X962}.0.18`, 359, 'binary'],
  ['ANSIX9C2PNB368W1', 'c2pnb368w1', `${X962}.0.19`, 368, 'binary'],
  ['ANSIX9C2TNB431R1', 'c2tnb431r1', `${X962}.0.20`, 431, 'binary'],
  ['BRAINPOOLP160R1', 'brainpoolP160r1', `${BP}.1`, 160, 'prime'],
  ['BRAINPOOLP160T1', 'brainpoolP160t1', `${BP}.2`, 160, 'prime'],
  ['BRAINPOOLP192R1', 'brainpoolP192r1', `${BP}.3`, 192, 'prime'],
  ['BRAINPOOLP192T1', 'brainpoolP192t1', `${BP}.4`, 192, 'prime'],
  ['BRAINPOOLP224R1', 'brainpoolP224r1', `${BP}.5`, 224, 'prime'],
  ['BRAINPOOLP224T1', 'brainpoolP224t1', `${BP}.6`, 224, 'prime'],
  ['BRAINPOOLP256R1', 'brainpoolP256r1', `${BP}.7`, 256, 'prime'],
  ['BRAINPOOLP256T1', 'brainpoolP256t1', `${BP}.8`, 256, 'prime'],
  ['BRAINPOOLP320R1', 'brainpoolP320r1', `${BP}.9`, 320, 'prime'],
  ['BRAINPOOLP320T1', 'brainpoolP320t1', `${BP}.10`, 320, 'prime'],
  ['BRAINPOOLP384R1', 'brainpoolP384r1', `${BP}.11`, 384, 'prime'],
  ['BRAINPOOLP384T1', 'brainpoolP384t1', `${BP}.12`, 384, 'prime'],
  ['BRAINPOOLP512R1', 'brainpoolP512r1', `${BP}.13`, 512, 'prime'],
  ['BRAINPOOLP512T1', 'brainpoolP512t1', `${BP}.14`, 512, 'prime'],
];

/** Every short-Weierstrass curve KMIP names, keyed by Recommended Curve value. */
export const EC_CURVES: ReadonlyMap<RecommendedCurve, EcCurveInfo> = new Map(
  ROWS.map(([key, nodeName, oid, fieldBits, field]) => {
    const curve = RecommendedCurve[key];
    return [curve, { curve, nodeName, oid, fieldBits, field }] as const;
  }),
);

const BY_OID: ReadonlyMap<string, EcCurveInfo> = new Map([...EC_CURVES.values()].map((c) => [c.oid, c]));
const BY_NODE_NAME: ReadonlyMap<string, EcCurveInfo> = new Map([...EC_CURVES.values()].map((c) => [c.nodeName, c]));

/**
 * The NIST prime curve for a Cryptographic Length given without a curve (Create Key Pair with
 * only `Cryptographic Length`): 192 -> P-192, 224 -> P-224, 256 -> P-256, 384 -> P-384,
 * 521 -> P-521. Other lengths have no unambiguous curve.
 */
export const DEFAULT_CURVE_BY_LENGTH: ReadonlyMap<number, RecommendedCurve> = new Map([
  [192, RecommendedCurve.P_192],
  [224, RecommendedCurve.P_224],
  [256, RecommendedCurve.P_256],
  [384, RecommendedCurve.P_384],
  [521, RecommendedCurve.P_521],
]);

/** The name of a Recommended Curve value for messages ("P_256", or hex for unknown values). */
export function curveName(curve: number): string {
  const entry = Object.entries(RecommendedCurve).find(([, v]) => v === curve);
  return entry === undefined ? `0x${curve.toString(16)}` : entry[0];
}

/** The curve with this named-curve OID, if KMIP names it. */
export function ecCurveByOid(oid: string): EcCurveInfo | undefined {
  return BY_OID.get(oid);
}

/** The curve with this node:crypto name (as in `asymmetricKeyDetails.namedCurve`). */
export function ecCurveByNodeName(name: string): EcCurveInfo | undefined {
  return BY_NODE_NAME.get(name);
}

const available = new Map<string, boolean>();
let listed: ReadonlySet<string> | undefined;

/**
 * True when the runtime's OpenSSL supports `info`'s curve: listed by `getCurves()` and able to
 * generate a key on it (probed once per curve, then cached).
 */
export function isEcCurveAvailable(info: EcCurveInfo): boolean {
  let ok = available.get(info.nodeName);
  if (ok === undefined) {
    listed ??= new Set(getCurves());
    ok = listed.has(info.nodeName);
    if (ok) {
      try {
        generateKeyPairSync('ec', { namedCurve: info.nodeName });
      } catch {
        ok = false;
      }
    }
    available.set(info.nodeName, ok);
  }
  return ok;
}

/**
 * The curve information for a Recommended Curve value, or a `unsupported-curve`
 * {@link KeyMaterialError} when KMIP does not name it as a short-Weierstrass curve or the runtime
 * does not support it.
 */
export function requireEcCurve(curve: number): EcCurveInfo {
  const info = EC_CURVES.get(curve as RecommendedCurve);
  if (info === undefined) throw new KeyMaterialError('unsupported-curve', `Recommended Curve ${curveName(curve)} is not a supported EC curve`);
  if (!isEcCurveAvailable(info)) {
    throw new KeyMaterialError('unsupported-curve', `Recommended Curve ${curveName(curve)} (${info.nodeName}) is not supported by this runtime's OpenSSL`);
  }
  return info;
}

/** The Recommended Curve values of every short-Weierstrass curve this runtime supports. */
export function supportedEcCurves(): RecommendedCurve[] {
  return [...EC_CURVES.values()].filter(isEcCurveAvailable).map((c) => c.curve);
}

/** Field size in bytes (the length of an X or Y coordinate, and of a compressed point minus 1). */
export function fieldBytes(info: EcCurveInfo): number {
  return Math.ceil(info.fieldBits / 8);
}
