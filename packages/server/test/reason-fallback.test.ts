/** Every Result Reason maps to one defined in every protocol version. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENUM_DEFS, KNOWN_VERSIONS, ResultReason } from '@keyhold/protocol';
import { REASON_FALLBACK, reasonDefinedIn, reasonForVersion } from '../src/errors/reason-fallback.js';

const reasons = ENUM_DEFS.find((e) => e.name === 'Result Reason')?.values ?? [];

test('every reason has a defined counterpart in every version, without General Failure', () => {
  for (const v of KNOWN_VERSIONS) {
    for (const r of reasons) {
      const mapped = reasonForVersion(r.value as ResultReason, v);
      assert.ok(reasonDefinedIn(mapped, v), `${r.name} in ${v.major}.${v.minor}`);
      if (r.value !== ResultReason.GeneralFailure && r.value !== ResultReason.InternalServerError) {
        assert.notEqual(mapped, ResultReason.GeneralFailure, `${r.name} in ${v.major}.${v.minor} fell back to General Failure`);
      }
      if (reasonDefinedIn(r.value, v)) assert.equal(mapped, r.value, `${r.name} is defined in ${v.major}.${v.minor} and must be kept`);
    }
  }
});

test('the 1.x error tables: wrong state is Permission Denied, 2.x keeps its own reason', () => {
  assert.equal(reasonForVersion(ResultReason.WrongKeyLifecycleState, { major: 1, minor: 4 }), ResultReason.PermissionDenied);
  assert.equal(reasonForVersion(ResultReason.WrongKeyLifecycleState, { major: 2, minor: 0 }), ResultReason.WrongKeyLifecycleState);
  assert.equal(reasonForVersion(ResultReason.Sensitive, { major: 1, minor: 2 }), ResultReason.PermissionDenied);
  assert.equal(reasonForVersion(ResultReason.Sensitive, { major: 1, minor: 4 }), ResultReason.Sensitive);
  assert.equal(reasonForVersion(ResultReason.IllegalOperation, { major: 2, minor: 1 }), ResultReason.IllegalObjectType);
  assert.equal(reasonForVersion(ResultReason.PrivateProtectionStorageUnavailable, { major: 2, minor: 0 }), ResultReason.ProtectionStorageUnavailable);
});

test('the fallback table only maps between real reasons', () => {
  const values = new Set(reasons.map((r) => r.value));
  for (const [from, { to, why }] of REASON_FALLBACK) {
    assert.ok(values.has(from) && values.has(to));
    assert.ok(why.length > 5);
  }
});
