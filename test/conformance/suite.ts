/**
 * `runVendorConformance(adapter)`: what every vendor simulator does the same way, checked through
 * the control API and real requests to the vendor's app — reset, `--state` snapshot/restore,
 * tenant isolation, faults in the vendor's own envelope, the body limit, unknown paths and
 * methods, and the error envelope on every route of the contract. The vendor's part is its
 * adapter (adapter.ts); what is only that vendor's stays in its own tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RouteConfig } from '@hono/zod-openapi';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createSimulator } from '../../index.ts';
import { validateResponse } from '../../kit/validate.ts';
import type { CatalogueEntry } from '../../contracts/shared/errors.ts';
import { listen, type RunningServers } from '../../simulators/core/adapters/node-server.ts';
import type { Simulator, SimulatorOptions } from '../../simulators/core/simulator.ts';
import { freeBasePortFrom } from '../helpers/ports.ts';
import type { Answer, Credentials, Target, VendorConformance } from './adapter.ts';

export type * from './adapter.ts';

/** 2024-01-02 10:00:00 Asia/Shanghai. */
const T0 = Date.UTC(2024, 0, 2, 2, 0, 0);
const MIN = 60_000;
const KiB = 1024;

export async function readAnswer(res: Response): Promise<Answer> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON: the text itself */
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, body };
}

/** The catalogue entry an error answer carries: by its code, or (no codes) by its message. */
function entryOf(v: VendorConformance, answer: Answer): (CatalogueEntry & { name: string }) | undefined {
  const entries = Object.entries(v.contract.errors ?? {}).map(([name, e]) => ({ ...e, name }));
  const body = answer.body;
  if (typeof body !== 'object' || body === null) return undefined;
  const fields = Object.values(body);
  if (v.contract.envelope) {
    const code = (body as Record<string, unknown>)[v.contract.envelope.codeField];
    return entries.find((e) => e.errCode === code);
  }
  // A message may carry a detail after its fixed part ("ca证书不存在: <no>", "{field}" filled in).
  const matches = (msg: string) => {
    const fixed = msg.split('{')[0]!;
    return fields.some((f) => typeof f === 'string' && fixed !== '' && f.startsWith(fixed));
  };
  const found = entries.filter((e) => matches(e.msg));
  return found.find((e) => e.httpStatus === answer.status) ?? found[0];
}

/** Where in the contract a request lands, for the kit validator. */
const request = (req: Request) => ({ method: req.method, url: req.url });

/**
 * The answer is a failure from the vendor's catalogue, in its envelope, and the kit accepts it:
 * never HTML, never a 5xx the catalogue does not document (a stack, a crash).
 */
function expectCatalogueFailure(v: VendorConformance, req: Request, answer: Answer, what: string): void {
  expect(answer.contentType, `${what}: not HTML`).not.toMatch(/html/i);
  const entry = entryOf(v, answer);
  expect(
    entry,
    `${what}: a catalogue entry (got ${answer.status} ${answer.text.slice(0, 200)})`,
  ).toBeDefined();
  if (answer.status >= 500) expect(entry!.httpStatus, `${what}: a documented 5xx`).toBe(answer.status);
  if (v.contract.envelope)
    expect((answer.body as Record<string, unknown>)[v.contract.envelope.codeField], what).not.toBe(
      v.contract.envelope.successCode,
    );
  else expect(answer.status, what).toBeGreaterThanOrEqual(400);
  const checked = validateResponse(
    v.vendor,
    request(req),
    { status: answer.status, body: answer.body },
    { contract: v.contract },
  );
  expect(checked.problems, `${what}: the kit accepts it`).toEqual([]);
}

/**
 * A fault rule's body as the kit sees it: checked at the status the catalogue documents for its
 * entry (a status rule answers at the rule's status, which the contract need not document).
 */
function expectFaultBody(v: VendorConformance, req: Request, answer: Answer, what: string): void {
  expect(answer.contentType, what).not.toMatch(/html/i);
  const entry = entryOf(v, answer);
  expect(entry, `${what}: a catalogue entry (got ${answer.text.slice(0, 200)})`).toBeDefined();
  const checked = validateResponse(
    v.vendor,
    request(req),
    { status: entry!.httpStatus, body: answer.body },
    { contract: v.contract },
  );
  expect(checked.problems, `${what}: the kit accepts the body`).toEqual([]);
}

/** A concrete path for a route: `{param}` segments filled in. */
const concretePath = (route: RouteConfig) => route.path.replace(/\{[^}]+\}/g, 'conformance1');

/** A method the route does not take. */
const otherMethod = (route: RouteConfig) => (route.method.toUpperCase() === 'GET' ? 'DELETE' : 'GET');

export function runVendorConformance(v: VendorConformance): void {
  const { vendor, contract } = v;
  const routes = Object.values(contract.routes).filter((r) => !(v.publicRoutes ?? []).includes(r.path));

  describe(`${vendor}: the shared vendor conformance suite`, () => {
    const open: Array<{ sim: Simulator; running?: RunningServers }> = [];
    const dirs: string[] = [];

    function start(opts: SimulatorOptions = {}): Simulator {
      const all = { now: T0, ...opts };
      const sim = v.simulator ? v.simulator(all) : createSimulator({ vendors: [vendor], ...all });
      open.push({ sim });
      return sim;
    }

    async function stop(sim: Simulator): Promise<void> {
      const i = open.findIndex((o) => o.sim === sim);
      const [entry] = open.splice(i, 1);
      await entry?.running?.close();
      sim.close();
    }

    const inProcess = (sim: Simulator): Target => ({
      sim,
      fetch: (r) => sim.fetch(r),
      origin: sim.origin(vendor),
      baseUrl: sim.origin(vendor) + contract.basePath,
      controlOrigin: sim.origin('control'),
    });

    async function overHttp(opts: SimulatorOptions = {}): Promise<Target> {
      const sim = start({ basePort: await freeBasePortFrom(50000), ...opts });
      const running = await listen(sim);
      open.find((o) => o.sim === sim)!.running = running;
      return {
        sim,
        fetch: (r) => globalThis.fetch(r),
        origin: new URL(running.urls[vendor]!).origin,
        baseUrl: running.urls[vendor]!,
        controlOrigin: running.urls.control!,
      };
    }

    function tempDir(): string {
      const dir = mkdtempSync(join(tmpdir(), `sealsim-conformance-${vendor}-`));
      dirs.push(dir);
      return dir;
    }

    afterEach(async () => {
      for (const o of open.splice(0)) {
        await o.running?.close();
        o.sim.close();
      }
    });
    afterAll(() => {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    });

    /** A control API call; the control origin is reached the way the target reaches the vendor. */
    async function control(t: Target, method: string, path: string, body?: unknown): Promise<Answer> {
      return readAnswer(
        await t.fetch(
          new Request(`${t.controlOrigin}${path}`, {
            method,
            ...(body === undefined
              ? {}
              : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
          }),
        ),
      );
    }

    async function newTenant(t: Target): Promise<Credentials> {
      const { settings, secrets } = v.tenant?.() ?? { settings: {} };
      const created = await control(t, 'POST', `/__sim/${vendor}/tenants`, settings);
      expect(created.status, created.text).toBe(201);
      const { credentials } = created.body as { credentials: Credentials };
      return { ...credentials, ...secrets };
    }

    const defaults = (t: Target): Credentials => t.sim.vendor(vendor).defaultCredentials();

    const vendorState = (sim: Simulator) => {
      const s = sim.snapshot();
      return JSON.stringify({
        vendor: s.vendors[vendor],
        blobs: s.blobs.blobs.filter((b) => b.vendor === vendor),
      });
    };

    it('reset (POST /__sim/reset?vendor=): what tenants made is gone, the default credentials work again', async () => {
      const t = inProcess(start());
      const made = await newTenant(t);
      const madeId = await v.create(t, made);
      const defaultId = await v.create(t, defaults(t));
      expect((await v.read(t, made, madeId)).found).toBe(true);
      expect((await v.read(t, defaults(t), defaultId)).found).toBe(true);

      const reset = await control(t, 'POST', `/__sim/reset?vendor=${vendor}`);
      expect(reset.status, reset.text).toBe(200);

      // the made tenant is gone: its credentials are refused
      await expect(v.create(t, made)).rejects.toBeDefined();
      // the default tenant is back, empty, and its credentials work
      expect((await v.read(t, defaults(t), defaultId)).found).toBe(false);
      const again = await v.create(t, defaults(t));
      expect((await v.read(t, defaults(t), again)).found).toBe(true);
    });

    it('--state: what was made before a restart is there after it, and the clock stands where it stood', async () => {
      const dir = tempDir();
      const opts = { stateFile: join(dir, 'state.json'), ...v.stateOptions?.(dir) };
      const t1 = inProcess(start(opts));
      const made = await newTenant(t1);
      const madeId = await v.create(t1, made);
      const defaultId = await v.create(t1, defaults(t1));
      const advanced = await control(t1, 'POST', '/__sim/clock/advance', { ms: 7 * MIN });
      expect(advanced.body).toEqual({ now: T0 + 7 * MIN });
      const view = await v.read(t1, made, madeId);
      expect(view.found).toBe(true);
      await stop(t1.sim);

      // no `now`: the restored clock, not the wall clock
      const t2 = inProcess(start({ ...opts, now: undefined }));
      expect((await control(t2, 'GET', '/__sim/clock')).body).toEqual({ now: T0 + 7 * MIN });
      expect(await v.read(t2, made, madeId)).toEqual(view);
      expect((await v.read(t2, defaults(t2), defaultId)).found).toBe(true);
      // the tenant's credentials still work for new requests
      const after = await v.create(t2, made);
      expect((await v.read(t2, made, after)).found).toBe(true);
    });

    it('tenant isolation: tenant B can neither see nor touch what tenant A made', async () => {
      const t = inProcess(start());
      const a = await newTenant(t);
      const b = await newTenant(t);
      expect(a).not.toEqual(b);
      const id = await v.create(t, a);
      const before = await v.read(t, a, id);
      expect(before.found).toBe(true);
      expect(await v.read(t, b, id)).toEqual({ found: false });
      expect(await v.read(t, defaults(t), id)).toEqual({ found: false });
      if (v.touch) expect(await v.touch(t, b, id)).toBe(false);
      // B making its own changes nothing of A's
      const own = await v.create(t, b);
      expect((await v.read(t, b, own)).found).toBe(true);
      expect(await v.read(t, a, id)).toEqual(before);
    });

    describe('faults (POST /__sim/faults) answer in the vendor envelope', () => {
      const route = routes[0]!;

      it('a status rule: that HTTP status, with a catalogue body the kit accepts', async () => {
        const t = inProcess(start());
        const added = await control(t, 'POST', '/__sim/faults', { vendor, route: route.path, status: 500 });
        expect(added.status, added.text).toBe(201);
        const req = v.forged(t, route);
        const answer = await readAnswer(await t.fetch(req));
        expect(answer.status).toBe(500);
        expectFaultBody(v, req, answer, 'status rule');
      });

      it(`a vendorError rule (${v.faultError}): that catalogue entry, in the envelope, as the kit documents it`, async () => {
        const t = inProcess(start());
        await control(t, 'POST', '/__sim/faults', { vendor, route: route.path, vendorError: v.faultError });
        const req = v.forged(t, route);
        const answer = await readAnswer(await t.fetch(req));
        const named = Object.entries(contract.errors ?? {}).find(
          ([name, e]) => name === v.faultError || String(e.errCode) === v.faultError,
        );
        expect(named, `${v.faultError} is in the catalogue`).toBeDefined();
        const got = entryOf(v, answer);
        // a coded envelope names its entry by code (two entries may share one), else by message
        expect(got?.errCode ?? got?.name).toBe(named![1].errCode ?? named![0]);
        expect(answer.status).toBe(named![1].httpStatus);
        expectFaultBody(v, req, answer, 'vendorError rule');
        expect(
          validateResponse(vendor, request(req), { status: answer.status, body: answer.body }, { contract })
            .problems,
        ).toEqual([]);
      });

      it('a rule with times: 1 fires once; the next request is answered as without it', async () => {
        const t = inProcess(start());
        const plain = await readAnswer(await t.fetch(v.forged(t, route)));
        await control(t, 'POST', '/__sim/faults', { vendor, route: route.path, status: 500, times: 1 });
        const first = await readAnswer(await t.fetch(v.forged(t, route)));
        const second = await readAnswer(await t.fetch(v.forged(t, route)));
        expect(first.status).toBe(500);
        // the same catalogue answer as without the rule (bodies may carry a fresh request id)
        expect(second.status).toBe(plain.status);
        expect(entryOf(v, second)).toEqual(entryOf(v, plain));
        const listed = await control(t, 'GET', '/__sim/faults');
        expect((listed.body as { faults: Array<{ hits: number }> }).faults.map((f) => f.hits)).toEqual([1]);
      });
    });

    it('the body limit: past maxBodyBytes an API request is refused in the envelope, before anything is made', async () => {
      const t = inProcess(start({ maxBodyBytes: 64 * KiB }));
      const tenant = await newTenant(t);
      const req = await v.oversized(t, tenant, 80 * KiB);
      const before = vendorState(t.sim);
      const answer = await readAnswer(await t.fetch(req));
      expectCatalogueFailure(v, req, answer, 'an oversized body');
      expect(vendorState(t.sim)).toBe(before);
    });

    it('an unknown path and a wrong method under the API base path answer the vendor’s way', async () => {
      const t = inProcess(start());
      v.unknownPath(
        await readAnswer(
          await t.fetch(
            new Request(`${t.baseUrl}/conformance/no-such-api`, {
              method: 'POST',
              body: '{}',
              headers: { 'content-type': 'application/json' },
            }),
          ),
        ),
      );
      for (const route of routes.slice(0, 3)) {
        v.wrongMethod(
          await readAnswer(
            await t.fetch(new Request(t.baseUrl + concretePath(route), { method: otherMethod(route) })),
          ),
        );
      }
    });

    it('every route of the contract answers a request without or with forged credentials with a catalogue error', async () => {
      const t = inProcess(start());
      expect(routes.length).toBeGreaterThan(0);
      for (const route of routes) {
        const method = route.method.toUpperCase();
        const anonymous = new Request(t.baseUrl + concretePath(route), {
          method,
          ...(method === 'GET' ? {} : { body: '{}', headers: { 'content-type': 'application/json' } }),
        });
        const what = `${method} ${route.path}`;
        expectCatalogueFailure(v, anonymous, await readAnswer(await t.fetch(anonymous)), `${what} anonymous`);
        const forged = v.forged(t, route);
        expectCatalogueFailure(v, forged, await readAnswer(await t.fetch(forged)), `${what} forged`);
      }
    });

    it('over real HTTP (listen()): make, read, a fault and a forged request', async () => {
      const t = await overHttp();
      const tenant = await newTenant(t);
      const id = await v.create(t, tenant);
      expect((await v.read(t, tenant, id)).found).toBe(true);
      const route = routes[0]!;
      const forged = v.forged(t, route);
      expectCatalogueFailure(v, forged, await readAnswer(await t.fetch(forged)), 'forged over HTTP');
      await control(t, 'POST', '/__sim/faults', { vendor, route: route.path, vendorError: v.faultError });
      const req = v.forged(t, route);
      expectFaultBody(v, req, await readAnswer(await t.fetch(req)), 'fault over HTTP');
    });
  });
}
