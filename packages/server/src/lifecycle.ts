/**
 * The NIST SP 800-57 lifecycle of cryptographic objects [KMIP 1.2 §3.22, KMIP 2.1 §4.57 "State"].
 *
 * States: Pre-Active, Active, Deactivated, Compromised, Destroyed, Destroyed Compromised. Only the
 * ten transitions of the specification exist (the numbers below are the spec's):
 *
 *   1  (create/register)            -> Pre-Active, or Active when the Activation Date has passed
 *   2  Pre-Active  --Destroy-->      Destroyed
 *   3  Pre-Active  --Revoke(compromised)--> Compromised
 *   4  Pre-Active  --Activate | Activation Date reached--> Active
 *   5  Active      --Revoke(compromised)--> Compromised
 *   6  Active      --Revoke(other) | Deactivation Date reached--> Deactivated
 *   7  Deactivated --Destroy-->      Destroyed
 *   8  Deactivated --Revoke(compromised)--> Compromised
 *   9  Compromised --Destroy-->      Destroyed Compromised
 *   10 Destroyed   --Revoke(compromised)--> Destroyed Compromised
 *
 * Date-driven transitions (4 and 6 by date) are evaluated whenever an object is read for use
 * ({@link effectiveState}), not only by a timer, so a key whose Deactivation Date has passed can
 * never be used to protect data even if no background job has run.
 */
import { State } from '@keyhold/protocol';

/** A State enumeration value. */
export type LifecycleState = (typeof State)[keyof typeof State];

/** Events that move an object between states. */
export type LifecycleEvent = 'activate' | 'revoke-compromised' | 'revoke' | 'destroy';

const TRANSITIONS: Readonly<Record<LifecycleEvent, ReadonlyMap<LifecycleState, LifecycleState>>> = {
  activate: new Map([[State.PreActive, State.Active]]),
  'revoke-compromised': new Map<LifecycleState, LifecycleState>([
    [State.PreActive, State.Compromised],
    [State.Active, State.Compromised],
    [State.Deactivated, State.Compromised],
    [State.Destroyed, State.DestroyedCompromised],
  ]),
  revoke: new Map([[State.Active, State.Deactivated]]),
  destroy: new Map<LifecycleState, LifecycleState>([
    [State.PreActive, State.Destroyed],
    [State.Deactivated, State.Destroyed],
    [State.Compromised, State.DestroyedCompromised],
  ]),
};

/**
 * The state after `event`, or undefined when the specification permits no such transition from
 * `from` (the caller reports Wrong Key Lifecycle State).
 */
export function transition(from: LifecycleState, event: LifecycleEvent): LifecycleState | undefined {
  return TRANSITIONS[event].get(from);
}

/** Dates that drive transitions, in seconds since the epoch. */
export interface LifecycleDates {
  readonly activationDate?: bigint | undefined;
  readonly deactivationDate?: bigint | undefined;
}

/**
 * The state an object is in at `now`, given its stored state and dates: a Pre-Active object whose
 * Activation Date has come is Active (transition 4), an Active one whose Deactivation Date has
 * come is Deactivated (transition 6) — both can apply at once.
 */
export function effectiveState(stored: LifecycleState, dates: LifecycleDates, now: bigint): LifecycleState {
  let state = stored;
  if (state === State.PreActive && dates.activationDate !== undefined && dates.activationDate <= now) state = State.Active;
  if (state === State.Active && dates.deactivationDate !== undefined && dates.deactivationDate <= now) state = State.Deactivated;
  return state;
}

/** The initial state of a new object (transition 1). */
export function initialState(dates: LifecycleDates, now: bigint): LifecycleState {
  return effectiveState(State.PreActive, dates, now);
}

/** True for the states in which an object may apply protection (encrypt, sign, wrap, MAC, derive). */
export function mayProtect(state: LifecycleState): boolean {
  return state === State.Active;
}

/**
 * True for the states in which an object may process protected data (decrypt, verify, unwrap,
 * MAC verify): Active, and — as NIST SP 800-57 and the specification allow — Deactivated and
 * Compromised.
 */
export function mayProcess(state: LifecycleState): boolean {
  return state === State.Active || state === State.Deactivated || state === State.Compromised;
}

/** True once the key material is gone. */
export function isDestroyed(state: LifecycleState): boolean {
  return state === State.Destroyed || state === State.DestroyedCompromised;
}
