/**
 * Work that must not grow with the state (issue 17 goal 5), counted, not timed: under `--state` a
 * read appends nothing to the journal, and a request touches (reports to the store, which compares
 * each touched entry at its commit) only what it looks up, not every entry of a collection or every
 * tenant. That a write's journal line is the size of what it changed, not of the tenant, is
 * test/core/durability-store.test.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import { contentMd5, uploadFile } from '../../clients/esign/index.ts';
import { createYunhetongDigestClient } from '../../clients/yunhetong-digest/index.ts';
import { YUNHETONG_DIGEST_DEFAULT_APP } from '../../contracts/yunhetong-digest/control.ts';
import { createSimulator } from '../../index.ts';
import { StateFiles, writeStateFile } from '../../simulators/core/persist.ts';
import { TenantMap, type TenantTracker } from '../../simulators/core/tenancy.ts';
import { inProcessSim, newDoc, newPerson, newProject, startTwoSignerFlow, T0 } from '../esign/helpers.ts';
import { stateFixtures } from '../helpers/state-sims.ts';

const fx = stateFixtures('scale');
const durableSim = fx.durableSim;

/** Every touch the tenant maps report to the store from now on, as `tenant/field/key`. */
function countTouches(): string[] {
  const touches: string[] = [];
  const real = TenantMap.prototype.track;
  vi.spyOn(TenantMap.prototype, 'track').mockImplementation(function (
    this: TenantMap<{ id: string }>,
    tracker: TenantTracker,
  ) {
    real.call(this, {
      touch: (id, field, key) => {
        touches.push([id, field, key].filter((x) => x !== undefined).join('/'));
        tracker.touch(id, field, key);
      },
      touchTenant: (id) => {
        touches.push(`${id}/*`);
        tracker.touchTenant(id);
      },
      touchAll: () => {
        touches.push('*');
        tracker.touchAll();
      },
    });
  });
  return touches;
}

const settled = () => new Promise((r) => setTimeout(r, 150));

describe('--state at scale: work per request', () => {
  it('a read appends nothing: account and flow reads mark no entry changed', async () => {
    const h = durableSim();
    const project = await newProject(h.control);
    const client = h.client(project);
    const [a, b] = [await newPerson(client), await newPerson(client)];
    const { docId } = await newDoc(client, h.fetch);
    const { flowId } = await startTwoSignerFlow(client, a, b, docId);
    await settled(); // commits made after the answers (notices, clock jobs) are on disk
    const append = vi.spyOn(StateFiles.prototype, 'append');
    for (let i = 0; i < 10; i++) {
      expect(await client.call('/account/idexchange', { thirdId: a.thirdId })).toEqual({
        accountId: a.accountId,
      });
      expect((await client.call('/sign/docdetail', { flowId })).flowId).toBe(flowId);
    }
    await settled();
    expect(append).not.toHaveBeenCalled();
  });

  it('a lookup touches what it finds: a read among 200 accounts, an upload among 200 files', async () => {
    const touches = countTouches();
    const h = durableSim();
    const project = await newProject(h.control);
    const client = h.client(project);
    const people = [];
    for (let i = 0; i < 200; i++) people.push(await newPerson(client));
    const pdf = new TextEncoder().encode('%PDF-1.4\n%%EOF\n');
    const upload = () =>
      client.call('/file/uploadurl', {
        fileName: 'a.pdf',
        fileSize: pdf.length,
        contentType: 'application/pdf',
        contentMd5: contentMd5(pdf),
      });
    for (let i = 0; i < 199; i++) await upload();
    const { fileKey, uploadUrl } = await upload();

    touches.length = 0;
    await client.call('/account/idexchange', { thirdId: people[137]!.thirdId });
    const read = touches.filter((t) => t.startsWith(`${project.projectId}/`));
    expect(read.length).toBeGreaterThan(0);
    expect(new Set(read).size).toBeLessThanOrEqual(3);
    expect(touches).not.toContain('*');

    touches.length = 0;
    await uploadFile(uploadUrl, pdf, { contentType: 'application/pdf', fetch: h.fetch! });
    const files = new Set(touches.filter((t) => t.startsWith(`${project.projectId}/files/`)));
    expect([...files]).toEqual([`${project.projectId}/files/${fileKey}`]);
    expect(touches.filter((t) => t.endsWith('/*') || t === '*')).toEqual([]);
  });
});

describe('--state at scale: a list pages', () => {
  it("a page of yunhetong-digest's users reads the page's users, not all of them", async () => {
    const touches = countTouches();
    const sim = fx.keep(
      createSimulator({
        vendors: ['yunhetong-digest'],
        now: T0,
        stateFile: fx.stateFile(),
      }),
    );
    const c = createYunhetongDigestClient({
      baseUrl: sim.origin('yunhetong-digest'),
      ...YUNHETONG_DIGEST_DEFAULT_APP,
      fetch: (r) => sim.fetch(r),
    });
    await c.login();
    for (let i = 0; i < 25; i++)
      await c.call('/user/person', {
        userName: `用户${i}`,
        identityRegion: '0',
        certifyType: 'a',
        certifyNum: `31${String(i).padStart(16, '0')}`,
      });
    touches.length = 0;
    const page = await c.call('/user/userInfo/signerIds', { pageNum: 2, pageSize: 10 });
    expect(page).toMatchObject({ page: 2, totalPages: 3, pageSize: 10, total: 25 });
    expect(page.userList.map((u) => u.signerId)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    const users = new Set(touches.filter((t) => t.includes('/users/')).map((t) => t.split('/users/')[1]));
    expect([...users].sort((a, b) => Number(a) - Number(b))).toEqual(
      page.userList.map((u) => String(u.signerId)),
    );
  });
});

describe('--state at scale: a new tenant', () => {
  it('is journaled without indexing every stored entry', async () => {
    const file = fx.stateFile();
    // 3,000 accounts in the default tenant, written as a snapshot and opened once (entries on disk)
    const plain = inProcessSim({ now: T0 });
    const snap = plain.sim.snapshot();
    await plain.close();
    const esign = snap.vendors.esign as { tenants: Array<{ accounts: Record<string, unknown> }> };
    for (let i = 0; i < 3000; i++)
      esign.tenants[0]!.accounts[`a${i}`] = { kind: 'person', accountId: `a${i}`, name: '张三', idNo: '1' };
    writeStateFile(file, snap);
    inProcessSim({ now: T0, stateFile: file }).sim.close();

    const h = fx.durableSim(file);
    const stringify = vi.spyOn(JSON, 'stringify');
    await newProject(h.control);
    // indexing the stored entries by tenant makes a key (a JSON.stringify) for each of them
    expect(stringify.mock.calls.length).toBeLessThan(1000);
  });
});

describe('TenantMap.findEntry', () => {
  it('finds an entry across tenants and reports only the tenant it found', () => {
    const touched = new Set<string>();
    const tracker: TenantTracker = {
      touch: (id) => void touched.add(id),
      touchTenant: (id) => void touched.add(id),
      touchAll: () => void touched.add('*'),
    };
    const map = new TenantMap(() =>
      Array.from({ length: 100 }, (_, i) => ({
        id: `t${i}`,
        tokens: { [`tok${i}`]: { n: i } } as Record<string, { n: number }>,
      })),
    );
    map.track(tracker);
    const found = map.findEntry((t) => t.tokens, 'tok73');
    expect(found?.tenant.id).toBe('t73');
    expect(found?.entry).toEqual({ n: 73 });
    expect([...touched]).toEqual(['t73']);
    touched.clear();
    expect(map.findEntry((t) => t.tokens, 'missing')).toBeUndefined();
    expect(map.findEntry((t) => t.tokens, '__proto__')).toBeUndefined();
    expect(touched.size).toBe(0);
  });
});
