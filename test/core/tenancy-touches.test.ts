/**
 * What a tracked tenant reports to the `--state` store (simulators/core/tenancy.ts): the head at
 * lookup and on its own fields, an entry on each entry's access, and nothing more per access to a
 * collection (each report costs the store a lookup of the request's scope). Counts, no timing.
 */
import { describe, expect, it } from 'vitest';
import { TenantMap, type TenantTracker } from '../../simulators/core/tenancy.ts';

interface Tenant {
  id: string;
  name: string;
  tags: string[];
  accounts: Record<string, { name: string }>;
}

function tracked() {
  const map = new TenantMap<Tenant>(() => [{ id: 't1', name: 'one', tags: [], accounts: {} }]);
  const touches: string[] = [];
  const tracker: TenantTracker = {
    touch: (id, field, key) => touches.push(field === undefined ? `head ${id}` : `${field}[${key}]`),
    touchTenant: (id) => touches.push(`tenant ${id}`),
    touchAll: () => touches.push('all'),
  };
  map.track(tracker);
  return { map, touches };
}

describe('TenantMap touches', () => {
  it('reading a collection reports its entries only; the head once at lookup', () => {
    const { map, touches } = tracked();
    const t = map.get('t1')!;
    t.accounts.a = { name: 'A' };
    expect(t.accounts.a.name).toBe('A');
    expect(Object.prototype.hasOwnProperty.call(t.accounts, 'b')).toBe(false);
    expect(touches).toEqual(['head t1', 'accounts[a]', 'accounts[a]', 'accounts[b]']);
    // one proxy per tenant and per collection, handed out again
    expect(map.get('t1')).toBe(t);
    expect(t.accounts).toBe(t.accounts);
  });

  it('a head field read or written reports the head; an array read too (it may be changed in place)', () => {
    const { map, touches } = tracked();
    const t = map.get('t1')!;
    touches.length = 0;
    expect(t.name).toBe('one');
    t.tags.push('x');
    t.name = 'uno';
    t.accounts = {};
    expect(touches).toEqual(['head t1', 'head t1', 'head t1', 'tenant t1']);
  });
});
