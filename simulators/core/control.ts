/**
 * The control API (`/__sim/…`, docs/interface.md) and the dashboard, over one Simulator.
 * Vendor console and human-signer actions are the vendors' own control apps, mounted at
 * `/__sim/<vendor>`.
 */
import { createConsoleApp } from './console.ts';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { controlRoutes as r } from '../../contracts/control/routes.ts';
import { guardWithPublicAssets, mountDashboard } from './dashboard.ts';
import { secureAnswers } from './security.ts';
import type { Simulator } from './simulator.ts';
import type { VendorId } from './vendor.ts';

export function createControlApp(sim: Simulator): OpenAPIHono {
  const app = createConsoleApp();
  // Host/Origin, token, JSON-only and body-limit checks first; page headers on every answer.
  app.use(
    '*',
    secureAnswers(),
    // The token is not asked of the dashboard's static files and the API docs (dashboard.ts).
    guardWithPublicAssets(() => sim.controlAccess()),
  );
  const vendorOf = (id: string) => sim.vendors.get(id as VendorId);
  // A `?vendor=` filter naming no running vendor is a mistake, not an empty list.
  for (const path of ['/__sim/outbox', '/__sim/webhooks'])
    app.use(path, async (c, next) => {
      const id = c.req.query('vendor');
      if (id !== undefined && !vendorOf(id))
        return c.json(
          { error: `unknown vendor ${id} (running: ${[...sim.vendors.keys()].join(', ')})` },
          400,
        );
      await next();
    });

  app.openapi(r.health, (c) => c.json({ ok: true as const }, 200));

  app.openapi(r.vendors, (c) =>
    c.json(
      {
        vendors: [...sim.vendors.values()].map((v) => ({
          id: v.id,
          name: v.name,
          origin: sim.publicOrigin(v.id),
          baseUrl: sim.publicOrigin(v.id) + v.basePath,
          credentials: v.defaultCredentials(),
        })),
      },
      200,
    ),
  );

  app.openapi(r.reset, async (c) => {
    const vendor = c.req.valid('query').vendor;
    if (vendor && !vendorOf(vendor)) return c.json({ error: `unknown vendor ${vendor}` }, 404);
    sim.reset(vendor as VendorId | undefined);
    if (c.req.valid('query').clock === 'rewind') await sim.clock.rewind({ wait: false });
    return c.json({ ok: true as const }, 200);
  });

  app.openapi(r.clockGet, (c) => c.json({ now: sim.clock.now() }, 200));

  // Over HTTP, advance does not wait for callback deliveries unless asked: a slow receiver
  // must not hold up the caller (docs/interface.md, "Control API").
  app.openapi(r.clockAdvance, async (c) => {
    const wait = c.req.valid('query').wait === 'true';
    const now = await sim.clock.advance(c.req.valid('json').ms, { wait });
    return c.json({ now }, 200);
  });

  app.openapi(r.clockSet, async (c) => {
    const given = c.req.valid('json').now;
    const at = typeof given === 'number' ? given : Date.parse(given);
    return c.json({ now: await sim.clock.setTo(at, { wait: false }) }, 200);
  });

  app.openapi(r.clockSettle, async (c) => c.json({ now: await sim.clock.settle() }, 200));

  app.openapi(r.outbox, (c) => {
    const q = c.req.valid('query');
    const messages = sim.outbox
      .list({ vendor: q.vendor, to: q.to })
      .map(({ vendor, channel, to, text, code, link, at }) => ({
        vendor,
        channel,
        to,
        text,
        ...(code !== undefined ? { code } : {}),
        ...(link !== undefined ? { link } : {}),
        at,
      }));
    return c.json({ messages }, 200);
  });

  app.openapi(r.webhooks, (c) => {
    const deliveries = sim.webhooks.list({ vendor: c.req.valid('query').vendor }).map((d) => ({
      id: d.id,
      vendor: d.vendor,
      event: d.event,
      url: d.url,
      headers: d.headers,
      body: d.body,
      attempts: d.attempts.map(({ at, status, error, durationMs }) => ({ at, status, error, durationMs })),
      state: d.state,
      nextAttemptAt: d.nextAttemptAt,
    }));
    return c.json({ deliveries }, 200);
  });

  // Each vendor's tenant routes first (openapi/control.json types their bodies with the vendor's
  // settings schema, which the service checks: core/settings.ts);
  // the generic `{vendor}` routes after them answer only for a vendor that is not running.
  for (const v of sim.vendors.values()) {
    app.post(`/__sim/${v.id}/tenants`, async (c) => {
      const body = await c.req.json().catch(() => ({}));
      try {
        return c.json(v.createTenant(body ?? {}), 201);
      } catch (err) {
        return c.json({ error: (err as Error).message }, 400);
      }
    });
    app.patch(`/__sim/${v.id}/tenants/:id`, async (c) => {
      const id = c.req.param('id');
      const body = await c.req.json().catch(() => undefined);
      if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body))
        return c.json({ error: 'the body must be a JSON object of settings' }, 400);
      try {
        const t = v.patchTenant(id, body);
        if (!t) return c.json({ error: `unknown tenant ${id}` }, 404);
        return c.json(t, 200);
      } catch (err) {
        return c.json({ error: (err as Error).message }, 400);
      }
    });
  }
  app.openapi(r.tenantCreate, (c) => c.json({ error: `unknown vendor ${c.req.valid('param').vendor}` }, 404));
  app.openapi(r.tenantPatch, (c) => c.json({ error: `unknown vendor ${c.req.valid('param').vendor}` }, 404));

  // Before the vendors' own control apps (mounted below at the same prefix).
  app.openapi(r.caPem, (c) => {
    const v = vendorOf(c.req.valid('param').vendor);
    if (!v?.pki) return c.json({ error: `unknown vendor ${c.req.valid('param').vendor}` }, 404);
    return c.body(v.pki().caChainPem(), 200, { 'content-type': 'application/x-pem-file' });
  });

  app.openapi(r.faultsAdd, (c) => {
    const input = c.req.valid('json');
    if (!vendorOf(input.vendor)) return c.json({ error: `unknown vendor ${input.vendor}` }, 400);
    return c.json(sim.faults.add(input), 201);
  });
  app.openapi(r.faultsList, (c) => c.json({ faults: sim.faults.list() }, 200));
  app.openapi(r.faultsClear, (c) => {
    sim.faults.clear();
    return c.json({ ok: true as const }, 200);
  });

  // The request journal (core/journal.ts); its own reads are left out of it.
  app.openapi(r.requestsList, (c) => {
    const q = c.req.valid('query');
    if (q.vendor !== undefined && q.vendor !== 'control' && !vendorOf(q.vendor))
      return c.json(
        { error: `unknown vendor ${q.vendor} (running: ${[...sim.vendors.keys(), 'control'].join(', ')})` },
        400,
      );
    return c.json({ size: sim.journal.size, requests: sim.journal.list(q) }, 200);
  });
  app.openapi(r.requestsClear, (c) => {
    sim.journal.clear();
    return c.json({ ok: true as const }, 200);
  });

  for (const v of sim.vendors.values()) app.route(`/__sim/${v.id}`, v.control);

  mountDashboard(app, sim);
  app.notFound((c) => {
    const path = new URL(c.req.url).pathname;
    const hint = sim.wrongPortHint('control', path);
    return c.json({ error: `no control route ${c.req.method} ${path}${hint ? ` (${hint})` : ''}` }, 404);
  });
  app.onError((err, c) => c.json({ error: err.message }, 500));
  return app;
}
