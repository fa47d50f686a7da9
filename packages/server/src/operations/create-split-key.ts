/**
 * Create Split Key [KMIP 1.2 §4.38, 2.1 §6.1.10]: splits a key into Split Key Parts Split Key
 * objects [1.2 §2.2.5, 2.1 §2.8], any Split Key Threshold of which Join Split Key makes whole
 * again, registers every part as a new object and returns their Unique Identifiers in Key Part
 * Identifier order; the ID Placeholder becomes the part with Key Part Identifier 1.
 * The response carries the Unique Identifiers only, in every version: KMIP 1.2 Table 221 also lists
 * Object Type, but every OASIS TC-SJ file of 1.2 and 1.4 answers without it (as 2.x does), and so
 * do PyKMIP's payloads; the same holds for Join Split Key.
 *
 * The key split is the Symmetric Key or Secret Data the request names by Unique Identifier, or
 * else a new symmetric key the server generates from the Cryptographic Algorithm and Length
 * attributes and does not keep (only the parts are registered). "If the attributes supplied in
 * the request do not match those of the key supplied, the attributes of the key take precedence":
 * the parts get the key's Cryptographic Algorithm, Length and Usage Mask, and stay Sensitive /
 * non-Extractable when the key is. Each part is a Raw Key Block with the algorithm and length of
 * the key (the OASIS TC-SJ files show parts so), the other request attributes apply to every
 * part, so a Name — which would be shared by all parts — is refused when there is more than one.
 * The Split Key Methods are those of ../crypto/split/. KMIP 1.2 and 2.1 define no Link between
 * parts or to the key (Split Key Base Link is a KMIP 3.0 draft addition), so none is set, and the
 * key is not changed.
 *
 * Result Reasons: Invalid Object Type (1.x Invalid Field: an Object Type other than Split Key;
 * a key that is no Symmetric Key or Secret Data), Invalid Field (Split Key Parts, Threshold,
 * Method or Prime Field Size; a missing algorithm or length for a generated key), Item Not Found
 * / Object Archived / Object Destroyed for the key, Feature Not Supported (a key held wrapped),
 * Non Unique Name Attribute, Protection Storage Unavailable, and the attribute errors of Create.
 */
import {
  KeyFormatType,
  KmipError,
  ObjectType,
  Operation,
  ResultReason,
  SplitKeyMethod,
  UniqueIdentifier,
  type Attribute,
  type CryptographicAlgorithm,
  type ManagedObject,
  type ProtocolVersion,
  type SplitKey,
} from '@keyhold/protocol';
import { generateSymmetricKey, isSymmetricAlgorithm, symmetricKeyBytes, wipe } from '../crypto/index.js';
import { primeFieldSizeFor, splitSecret, type SplitParameters } from '../crypto/split/index.js';
import { clientAttributes, newObjectRecord, refuseQuantumSafe, storageAllowed } from '../objects/creation.js';
import { kmipError } from '../errors/kmip.js';
import { defineOperation, type OperationContext } from './context.js';
import { keyMaterialOf } from './key-wrapping.js';

/** The key to split: its bytes (owned, wiped by the caller), algorithm and length. */
interface SplitInput {
  readonly secret: Buffer;
  readonly algorithm?: CryptographicAlgorithm | undefined;
  readonly lengthBits: number;
  /** Attributes of the key that win over the request's. */
  readonly inherited: Attribute[];
}

/** The key named by the request. */
async function existingKey(ctx: OperationContext, uid: string): Promise<SplitInput> {
  const rec = await ctx.objects.load(uid);
  if (rec.objectType !== ObjectType.SymmetricKey && rec.objectType !== ObjectType.SecretData) {
    throw new KmipError(ResultReason.InvalidObjectType, 'only Symmetric Keys and Secret Data are split');
  }
  const object = rec.object;
  if (object === null || !('keyBlock' in object)) throw kmipError(ResultReason.ObjectDestroyed, 'the key has been destroyed', ResultReason.ItemNotFound);
  const secret = keyMaterialOf(rec).secret;
  if (secret === undefined) throw new KmipError(ResultReason.InvalidObjectType, 'the object holds no secret bytes to split');
  const kb = object.keyBlock;
  const algorithm = (kb.cryptographicAlgorithm ?? rec.value('Cryptographic Algorithm')) as CryptographicAlgorithm | undefined;
  const inherited: Attribute[] = [];
  if (algorithm !== undefined) inherited.push({ name: 'Cryptographic Algorithm', value: algorithm });
  const lengthBits = rec.objectType === ObjectType.SymmetricKey ? (kb.cryptographicLength ?? rec.value('Cryptographic Length') ?? secret.length * 8) : secret.length * 8;
  const mask = rec.value('Cryptographic Usage Mask');
  if (mask !== undefined) inherited.push({ name: 'Cryptographic Usage Mask', value: mask });
  if (rec.value('Sensitive') === true) inherited.push({ name: 'Sensitive', value: true });
  if (rec.value('Extractable') === false) inherited.push({ name: 'Extractable', value: false });
  return { secret, algorithm, lengthBits, inherited };
}

/** A new symmetric key from the request's Cryptographic Algorithm and Length. */
function newKey(attrs: readonly Attribute[]): SplitInput {
  const alg = attrs.find((a) => a.name === 'Cryptographic Algorithm')?.value;
  const len = attrs.find((a) => a.name === 'Cryptographic Length')?.value;
  if (typeof alg !== 'number' || typeof len !== 'number') {
    throw new KmipError(ResultReason.InvalidField, 'without a Unique Identifier, Create Split Key needs the Cryptographic Algorithm and Length of the key to generate');
  }
  if (!isSymmetricAlgorithm(alg)) throw new KmipError(ResultReason.InvalidField, 'the Cryptographic Algorithm is not a symmetric algorithm');
  const key = generateSymmetricKey(alg as CryptographicAlgorithm, len);
  return { secret: key.bytes, algorithm: key.algorithm, lengthBits: key.lengthBits, inherited: [] };
}

/**
 * The byte length of the secret a Split Key's parts hold, from the Key Block's algorithm and
 * length (a symmetric algorithm's key size, else length / 8); undefined without a length.
 * @throws KmipError Invalid Field for a length the algorithm does not have.
 */
export function splitSecretBytes(algorithm: number | undefined, lengthBits: number | undefined): number | undefined {
  if (lengthBits === undefined) return undefined;
  if (algorithm !== undefined && isSymmetricAlgorithm(algorithm)) {
    try {
      return symmetricKeyBytes(algorithm, lengthBits);
    } catch {
      throw new KmipError(ResultReason.InvalidField, 'the Cryptographic Length is not one of the Cryptographic Algorithm');
    }
  }
  if (lengthBits <= 0 || lengthBits % 8 !== 0) throw new KmipError(ResultReason.InvalidField, 'the Cryptographic Length of the parts is not a whole number of bytes');
  return lengthBits / 8;
}

/**
 * Checks a Split Key object (Register): a Key Part Identifier and a Split Key Threshold within
 * 1..Split Key Parts, and a Split Key Method the request's version defines (Polynomial Sharing
 * GF(2^8) is KMIP 1.2+). The object is otherwise stored as given; Join Split Key checks the
 * method's own rules (../crypto/split/ checkSplitParameters) when the parts are used.
 * @throws KmipError Invalid Field.
 */
export function checkSplitKeyObject(o: SplitKey, version: ProtocolVersion): void {
  if (!splitKeyMethodInVersion(o.splitKeyMethod, version)) throw new KmipError(ResultReason.InvalidField, 'Polynomial Sharing GF(2^8) is not defined before KMIP 1.2');
  if (!Number.isInteger(o.keyPartIdentifier) || o.keyPartIdentifier < 1 || o.keyPartIdentifier > o.splitKeyParts) {
    throw new KmipError(ResultReason.InvalidField, 'the Key Part Identifier must be between 1 and Split Key Parts');
  }
  if (o.splitKeyThreshold < 1 || o.splitKeyThreshold > o.splitKeyParts) throw new KmipError(ResultReason.InvalidField, 'the Split Key Threshold must be between 1 and Split Key Parts');
}

/** True when protocol `version` defines Split Key Method `method` (GF(2^8) since 1.2, the others since 1.0). */
export function splitKeyMethodInVersion(method: number, version: ProtocolVersion): boolean {
  return method !== SplitKeyMethod.PolynomialSharingGF2_8 || version.major > 1 || version.minor >= 2;
}

export const createSplitKey = defineOperation(Operation.CreateSplitKey, async (req, ctx) => {
  if (req.objectType !== ObjectType.SplitKey) throw new KmipError(ResultReason.InvalidObjectType, 'Create Split Key creates Split Key objects');
  if (!storageAllowed(req.protectionStorageMasks)) throw new KmipError(ResultReason.ProtectionStorageUnavailable, 'split keys can only be kept in Software protection storage');
  const attrs = await clientAttributes(req.attributes, ctx, { allow: ['Cryptographic Algorithm', 'Cryptographic Length'] });
  refuseQuantumSafe(attrs);
  if (req.splitKeyParts > 1 && attrs.some((a) => a.name === 'Name')) {
    throw new KmipError(ResultReason.NonUniqueNameAttribute, 'every part would carry the same Name: name the parts after creating them');
  }
  const input = req.uniqueIdentifier === undefined ? newKey(attrs) : await existingKey(ctx, ctx.batch.resolve(req.uniqueIdentifier));
  try {
    const prime = req.splitKeyMethod === SplitKeyMethod.PolynomialSharingPrimeField;
    const primeFieldSize = prime ? primeFieldSizeFor(input.secret.length * 8, req.primeFieldSize) : req.primeFieldSize;
    const split: SplitParameters = { splitKeyMethod: req.splitKeyMethod, splitKeyParts: req.splitKeyParts, splitKeyThreshold: req.splitKeyThreshold, primeFieldSize };
    const shares = splitSecret(input.secret, split); // checks the parameters
    const derived: Attribute[] = [{ name: 'Cryptographic Length', value: input.lengthBits }, ...input.inherited];
    const uids: string[] = [];
    for (const share of shares) {
      const object: ManagedObject = {
        objectType: ObjectType.SplitKey,
        splitKeyParts: split.splitKeyParts,
        keyPartIdentifier: share.keyPartIdentifier,
        splitKeyThreshold: split.splitKeyThreshold,
        splitKeyMethod: split.splitKeyMethod as SplitKeyMethod,
        ...(primeFieldSize === undefined ? {} : { primeFieldSize }),
        keyBlock: {
          keyFormatType: KeyFormatType.Raw,
          keyValue: { keyMaterial: share.material },
          ...(input.algorithm === undefined ? {} : { cryptographicAlgorithm: input.algorithm }),
          cryptographicLength: input.lengthBits,
        },
      };
      const record = newObjectRecord(ctx, {
        objectType: ObjectType.SplitKey,
        object,
        attributes: attrs.map((a) => ({ ...a })),
        derived,
        generatedByServer: true,
        digestOf: { format: KeyFormatType.Raw, material: share.material },
      });
      await ctx.objects.save(record);
      wipe(share.material); // the stored record holds its own encoded copy
      uids.push(record.uid);
    }
    const first = uids[0] as string;
    ctx.batch.record([{ kinds: [UniqueIdentifier.CreateSplitKey], uid: first }], first);
    return { uniqueIdentifier: uids };
  } finally {
    wipe(input.secret);
  }
});

/**
 * Register of a Split Key: checks it ({@link checkSplitKeyObject}) and gives the Cryptographic
 * Algorithm and Length of its Key Block as attributes and its plaintext material as the Digest input.
 */
export function inspectSplitKey(o: SplitKey, version: ProtocolVersion): { derived: Attribute[]; digestOf?: { format: KeyFormatType; material: Uint8Array } } {
  checkSplitKeyObject(o, version);
  const kb = o.keyBlock;
  const derived: Attribute[] = [];
  if (kb.cryptographicAlgorithm !== undefined) derived.push({ name: 'Cryptographic Algorithm', value: kb.cryptographicAlgorithm });
  if (kb.cryptographicLength !== undefined) derived.push({ name: 'Cryptographic Length', value: kb.cryptographicLength });
  const kv = kb.keyValue;
  const plain = kb.keyWrappingData === undefined && kv !== undefined && !(kv instanceof Uint8Array) && kv.keyMaterial instanceof Uint8Array;
  return plain ? { derived, digestOf: { format: kb.keyFormatType, material: kv.keyMaterial as Uint8Array } } : { derived };
}
