/**
 * The per-batch variables of KMIP message processing: the ID Placeholder [KMIP 1.2 §3.? / 2.1
 * §6.1 "ID Placeholder"] and, for 2.x, the identifiers each operation returned earlier in the
 * batch, which later items may name by a Unique Identifier Enumeration (Create, Create Key Pair
 * Private Key, …) or by an Integer position [2.1 §4.58/§11.58]. Discarded when the batch ends.
 */
import { KmipError, ResultReason, UniqueIdentifier, type ObjectRef } from '@keyhold/protocol';
import { kmipError } from '../errors/kmip.js';

/** Results an operation leaves for later items of the batch. */
export interface BatchResult {
  /** The Unique Identifier Enumeration values this result answers to (e.g. Create). */
  readonly kinds: readonly number[];
  readonly uid: string;
}

/** Per-batch state. */
export class BatchState {
  /** The ID Placeholder: the identifier last returned by an operation that sets it. */
  idPlaceholder: string | undefined;
  private readonly returned: string[] = [];
  private readonly byKind = new Map<number, string>();

  /** Records identifiers returned by a batch item (in response order). */
  record(results: readonly BatchResult[], setsPlaceholder: string | undefined): void {
    for (const r of results) {
      this.returned.push(r.uid);
      for (const k of r.kinds) this.byKind.set(k, r.uid);
    }
    if (setsPlaceholder !== undefined) this.idPlaceholder = setsPlaceholder;
  }

  /**
   * The identifier an item names: the text itself, the ID Placeholder when omitted, the most
   * recent result of an operation (Unique Identifier Enumeration) or the n-th identifier returned
   * so far (Integer; negative counts from the end).
   * An omitted identifier while the ID Placeholder is empty names no object: the request is
   * valid (the field is optional), the object is not there — Object Not Found (1.x Item Not
   * Found, as the OASIS case TC-152 shows for a Get after a Locate that found nothing; 2.1
   * §6.1.27: an emptied ID Placeholder causes the operations that rely on it "to fail").
   * @throws KmipError Object Not Found (1.x Item Not Found) / Item Not Found when nothing is bound.
   */
  resolve(ref: ObjectRef | undefined): string {
    if (ref === undefined) {
      if (this.idPlaceholder === undefined) throw kmipError(ResultReason.ObjectNotFound, 'no Unique Identifier and no ID Placeholder in this batch', ResultReason.ItemNotFound);
      return this.idPlaceholder;
    }
    if (typeof ref === 'string') return ref;
    if ('placeholder' in ref) {
      const uid = ref.placeholder === UniqueIdentifier.IDPlaceholder ? this.idPlaceholder : this.byKind.get(ref.placeholder);
      if (uid === undefined) throw new KmipError(ResultReason.ItemNotFound, 'the Unique Identifier enumeration names no earlier result in this batch');
      return uid;
    }
    if ('index' in ref) {
      const i = ref.index < 0 ? this.returned.length + ref.index : ref.index;
      const uid = this.returned[i];
      if (uid === undefined) throw new KmipError(ResultReason.ItemNotFound, `no identifier at position ${ref.index} in this batch`);
      return uid;
    }
    throw new KmipError(ResultReason.FeatureNotSupported, 'Name References are a KMIP 3.0 feature not served here');
  }
}
