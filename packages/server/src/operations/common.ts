/**
 * Small facts shared by several operation handlers.
 */
import { ObjectType } from '@keyhold/protocol';

/** Object types with a cryptographic lifecycle (State, Activate, Revoke) [1.2 §3.22]. */
export function hasLifecycle(objectType: number): boolean {
  return objectType !== ObjectType.Template && objectType !== ObjectType.OpaqueObject;
}
