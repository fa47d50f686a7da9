/**
 * The server's lease policy [KMIP 1.2 §3.20 "Lease Time", §4.17 "Obtain Lease"; 2.1 §4.30,
 * §6.1.35]: how long a client may keep using its cached copy of an object before it asks again.
 *
 * Policy (fixed, not configurable yet):
 * - every cryptographic object gets a Lease Time of {@link LEASE_TIME_SECONDS} (one hour) when it
 *   is created or registered, and Obtain Lease grants that same interval;
 * - a lease is refused for an object that may no longer be used at all: Compromised, Destroyed or
 *   Destroyed Compromised (the OASIS test case TC-95 refuses a lease for a compromised key), and
 *   for a key whose Usage Limits are used up;
 * - Check accepts a requested Lease Time up to {@link LEASE_TIME_SECONDS}.
 */
import { State, type UsageLimits } from '@keyhold/protocol';

/** The Lease Time granted by this server, in seconds. */
export const LEASE_TIME_SECONDS = 3600;

const NO_LEASE = new Set<number>([State.Compromised, State.Destroyed, State.DestroyedCompromised]);

/** Why no lease may be granted for an object in `state` with `usageLimits`, or undefined when one may. */
export function leaseRefusal(state: number, usageLimits: UsageLimits | undefined): 'state' | 'usage-limits' | undefined {
  if (NO_LEASE.has(state)) return 'state';
  if (usageLimits !== undefined && remainingUsage(usageLimits) <= 0n) return 'usage-limits';
  return undefined;
}

/** The units left of a Usage Limits value (the Count, or the Total when the Count was never set). */
export function remainingUsage(u: UsageLimits): bigint {
  return u.usageLimitsCount ?? u.usageLimitsTotal;
}
