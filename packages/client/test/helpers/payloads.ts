/** Request payloads the client tests send. */
import { attribute, CryptographicAlgorithm, CryptographicUsageMask, ObjectType, type Attribute, type Operation, type RequestPayloadOf } from '@keyhold/protocol';

/** A Create payload for an AES key of `lengthBits` for Encrypt and Decrypt, with these extra attributes. */
export function aesCreate(lengthBits: number, extra: Attribute[] = []): RequestPayloadOf<typeof Operation.Create> {
  return {
    objectType: ObjectType.SymmetricKey,
    attributes: {
      attribute: [
        attribute('Cryptographic Algorithm', CryptographicAlgorithm.AES),
        attribute('Cryptographic Length', lengthBits),
        attribute('Cryptographic Usage Mask', CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt),
        ...extra,
      ],
    },
  };
}
