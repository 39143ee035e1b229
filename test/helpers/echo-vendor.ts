/**
 * A minimal vendor used to test core mechanics in isolation from the real vendors: it keeps
 * a counter per tenant, sends an SMS and a callback, and schedules an expiry job.
 */
import { Hono } from 'hono';
import { TenantMap } from '../../simulators/core/tenancy.ts';
import { z } from '@hono/zod-openapi';
import { defineVendor } from '../../simulators/core/define.ts';
import type { VendorContext, VendorService } from '../../simulators/core/vendor.ts';

interface EchoTenant {
  id: string;
  key: string;
  callbackUrl: string;
  hits: number;
  expired: string[];
}

const EchoSettings = z.object({ callbackUrl: z.string().optional() });

export function createEchoVendor(ctx: VendorContext): VendorService<z.output<typeof EchoSettings>> {
  let n = 0;
  const tenants = new TenantMap<EchoTenant>(() => [
    { id: 'default', key: 'k0', callbackUrl: '', hits: 0, expired: [] },
  ]);
  ctx.webhooks.registerPolicy('esign', {
    maxAttempts: 2,
    retryDelayMs: () => 1000,
    timeoutMs: 500,
    isSuccess: (s) => s === 200,
  });
  ctx.clock.on('echo.expire', (p: { tenant: string; what: string }) =>
    tenants.get(p.tenant)?.expired.push(p.what),
  );
  const app = new Hono();
  const faultResponse = (rule: { vendorError?: string | number; status?: number }) =>
    new Response(JSON.stringify({ fault: rule.vendorError ?? null }), { status: rule.status ?? 200 });
  // The fault rules' matching, as the vendors' pipeline uses it (simulators/core/faults.ts).
  app.use('*', async (c, next) => {
    const path = new URL(c.req.url).pathname;
    const rule = ctx.faults.match(
      'esign',
      path.startsWith('/echo') ? path.slice('/echo'.length) || '/' : path,
    );
    if (rule?.latencyMs) await new Promise((r) => setTimeout(r, rule.latencyMs));
    if (rule && (rule.status !== undefined || rule.vendorError !== undefined)) return faultResponse(rule);
    await next();
  });
  app.post('/echo/:tenant', async (c) => {
    const t = tenants.get(c.req.param('tenant'));
    if (!t) return c.json({ error: 'no tenant' }, 404);
    t.hits++;
    ctx.outbox.send({
      vendor: 'esign',
      tenant: t.id,
      channel: 'sms',
      to: '13800000000',
      text: `hit ${t.hits}`,
      code: String(1000 + t.hits),
    });
    if (t.callbackUrl)
      ctx.webhooks.enqueue({
        vendor: 'esign',
        tenant: t.id,
        url: t.callbackUrl,
        body: JSON.stringify({ hits: t.hits }),
        headers: {},
      });
    ctx.clock.scheduleIn('echo.expire', 60_000, { tenant: t.id, what: `hit${t.hits}` });
    return c.json({ hits: t.hits, origin: ctx.origin() });
  });
  app.get('/echo/:tenant', (c) => c.json(tenants.get(c.req.param('tenant')) ?? null));
  const control = new Hono();
  control.get('/tenants', (c) => c.json(tenants.all()));
  return {
    id: 'esign',
    name: 'echo',
    basePath: '/echo',
    app,
    control,
    defaultCredentials: () => ({ key: 'k0' }),
    createTenant: (s) => {
      const t = tenants.add({
        id: `t${++n}`,
        key: `k${n}`,
        callbackUrl: String(s.callbackUrl ?? ''),
        hits: 0,
        expired: [],
      });
      return { id: t.id, credentials: { key: t.key } };
    },
    patchTenant: (id, s) => {
      const t = tenants.get(id);
      if (!t) return undefined;
      if (typeof s.callbackUrl === 'string') t.callbackUrl = s.callbackUrl;
      return { id, credentials: { key: t.key } };
    },
    reset: () => tenants.reset(),
    snapshot: () => ({ tenants: tenants.snapshot(), n }),
    restore: (s) => {
      const st = s as { tenants: EchoTenant[]; n: number };
      tenants.restore(st.tenants);
      n = st.n;
    },
    faultResponse,
  };
}

/** The echo vendor as a registry entry, standing in for esign (its port, 4002). */
export const echoVendor = defineVendor({
  id: 'esign',
  name: 'echo',
  defaultPort: 4002,
  contract: { id: 'echo', basePath: '/echo', routes: {} },
  controlRoutes: {},
  settings: EchoSettings,
  create: createEchoVendor,
});
