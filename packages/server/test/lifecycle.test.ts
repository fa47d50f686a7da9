/** The NIST lifecycle: only the specification's ten transitions, and date-driven ones on read. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { State } from '@keyhold/protocol';
import { effectiveState, initialState, mayProcess, mayProtect, transition, type LifecycleEvent, type LifecycleState } from '../src/lifecycle.js';

const ALL: LifecycleState[] = [State.PreActive, State.Active, State.Deactivated, State.Compromised, State.Destroyed, State.DestroyedCompromised];
const EVENTS: LifecycleEvent[] = ['activate', 'revoke', 'revoke-compromised', 'destroy'];

describe('lifecycle', () => {
  test('exactly the permitted transitions exist', () => {
    const allowed = new Set<string>();
    for (const from of ALL) for (const ev of EVENTS) {
      const to = transition(from, ev);
      if (to !== undefined) allowed.add(`${from}:${ev}:${to}`);
    }
    const expected = [
      [State.PreActive, 'destroy', State.Destroyed], // 2
      [State.PreActive, 'revoke-compromised', State.Compromised], // 3
      [State.PreActive, 'activate', State.Active], // 4
      [State.Active, 'revoke-compromised', State.Compromised], // 5
      [State.Active, 'revoke', State.Deactivated], // 6
      [State.Deactivated, 'destroy', State.Destroyed], // 7
      [State.Deactivated, 'revoke-compromised', State.Compromised], // 8
      [State.Compromised, 'destroy', State.DestroyedCompromised], // 9
      [State.Destroyed, 'revoke-compromised', State.DestroyedCompromised], // 10
    ].map(([a, e, b]) => `${String(a)}:${String(e)}:${String(b)}`);
    assert.deepEqual([...allowed].sort(), expected.sort());
  });

  test('an active key cannot be destroyed, a pre-active one cannot be revoked for a non-compromise reason', () => {
    assert.equal(transition(State.Active, 'destroy'), undefined);
    assert.equal(transition(State.PreActive, 'revoke'), undefined);
    assert.equal(transition(State.Destroyed, 'activate'), undefined);
  });

  test('dates take effect when their time comes, checked on read', () => {
    const now = 1_000_000n;
    assert.equal(effectiveState(State.PreActive, { activationDate: now + 10n }, now), State.PreActive);
    assert.equal(effectiveState(State.PreActive, { activationDate: now }, now), State.Active);
    assert.equal(effectiveState(State.Active, { deactivationDate: now - 1n }, now), State.Deactivated);
    assert.equal(effectiveState(State.PreActive, { activationDate: now - 5n, deactivationDate: now - 1n }, now), State.Deactivated);
    // A deactivation date alone does not move a Pre-Active object (no such transition).
    assert.equal(effectiveState(State.PreActive, { deactivationDate: now - 1n }, now), State.PreActive);
    // Dates never move Compromised or Destroyed objects.
    assert.equal(effectiveState(State.Compromised, { activationDate: 0n, deactivationDate: 0n }, now), State.Compromised);
    assert.equal(initialState({}, now), State.PreActive);
    assert.equal(initialState({ activationDate: now - 3600n }, now), State.Active);
  });

  test('use rules: protect only when Active; process also when Deactivated or Compromised', () => {
    assert.deepEqual(ALL.filter(mayProtect), [State.Active]);
    assert.deepEqual(ALL.filter(mayProcess), [State.Active, State.Deactivated, State.Compromised]);
  });
});
