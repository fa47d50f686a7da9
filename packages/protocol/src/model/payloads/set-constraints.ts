/**
 * Set Constraints payloads.
 * Constraints is optional in the request: an empty request clears the constraints (the 2.1 test
 * case TC-MD-24-21 expects Success for it).
 */
import { Tag } from '../../generated/tags.js';
import { AttributesStructure } from '../attributes.js';
import { ObjectGroups, ObjectTypes } from '../common.js';
import { optional, repeated, struct, type Infer } from '../schema.js';

/** Constraint (2.1). */
export const Constraint = struct(Tag.Constraint, {
  objectTypes: optional(ObjectTypes),
  objectGroups: optional(ObjectGroups),
  attributes: optional(AttributesStructure),
});
export type Constraint = Infer<typeof Constraint>;

/** Constraints (2.1): set by Set Constraints, returned by Get Constraints. */
export const Constraints = struct(Tag.Constraints, {
  constraint: repeated(Constraint),
});
export type Constraints = Infer<typeof Constraints>;

/** Set Constraints request payload [KMIP 2.1 §6.1.52]. */
export const SetConstraintsRequest = struct(Tag.RequestPayload, {
  constraints: optional(Constraints),
});
export type SetConstraintsRequest = Infer<typeof SetConstraintsRequest>;

/** Set Constraints response payload [KMIP 2.1 §6.1.52]. */
export const SetConstraintsResponse = struct(Tag.ResponsePayload, {});
export type SetConstraintsResponse = Infer<typeof SetConstraintsResponse>;
