/** TenantMap.newId: the id a control-API caller asked for, checked, or a fresh one. */
import { describe, expect, it } from 'vitest';
import { TenantMap } from '../../simulators/core/tenancy.ts';

describe('TenantMap.newId', () => {
  const tenants = new TenantMap<{ id: string }>(() => [{ id: '1000000000000000' }]);
  let n = 0;
  const make = () => (n++ === 0 ? '1000000000000000' : '2000000000000000');

  it('makes a fresh id, skipping one in use, when none is given', () => {
    expect(tenants.newId(undefined, make, /^\d{16}$/, 'appId must be 16 digits')).toBe('2000000000000000');
    expect(tenants.newId(null, () => '3000000000000000', /^\d{16}$/, 'x')).toBe('3000000000000000');
  });

  it("takes the caller's id when it has the format and is free; refuses otherwise", () => {
    expect(tenants.newId('4000000000000000', make, /^\d{16}$/, 'appId must be 16 digits')).toBe(
      '4000000000000000',
    );
    expect(() => tenants.newId('12', make, /^\d{16}$/, 'appId must be 16 digits')).toThrow(
      'appId must be 16 digits',
    );
    expect(() => tenants.newId('1000000000000000', make, /^\d{16}$/, 'x')).toThrow(
      'tenant 1000000000000000 exists',
    );
  });
});
