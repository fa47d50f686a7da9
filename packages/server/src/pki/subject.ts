/**
 * Subject names of certificates the server issues (Certify, Re-certify), built from what a client
 * can state: a distinguished name as text, name fields one by one, or a common name alone.
 */
import { x509 } from './x509.js';

/** DER of a Name. */
function der(name: x509.Name): Uint8Array {
  return new Uint8Array(name.toArrayBuffer());
}

/**
 * A distinguished name given as text in RFC 4514 order, the most specific RDN first
 * (`CN=Client,OU=KMIP,O=ACME,C=US`, as the Certificate Subject attribute shows it), as DER (where
 * the order is the reverse). Undefined when the text names nothing.
 */
export function nameFromText(text: string): Uint8Array | undefined {
  const rdns = new x509.Name(text).toJSON();
  if (rdns.length === 0) return undefined;
  return der(new x509.Name(rdns.slice().reverse()));
}

/**
 * A Name from attribute type OIDs and values, in the given (DER) order, one RDN each; undefined
 * when there are none.
 */
export function nameFromFields(fields: readonly (readonly [oid: string, value: string])[]): Uint8Array | undefined {
  if (fields.length === 0) return undefined;
  return der(new x509.Name(fields.map(([oid, value]) => ({ [oid]: [value] }))));
}

/** True when `value` is the DER of a Name with at least one RDN. */
export function isNameDer(value: Uint8Array): boolean {
  try {
    return new x509.Name(value).toJSON().length > 0;
  } catch {
    return false;
  }
}
