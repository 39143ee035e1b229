/**
 * yunhetong-digest's control app (contracts/yunhetong-digest/control-routes.ts), mounted by core
 * at `/__sim/yunhetong-digest`: the deployment, an app's view, its platform state, its users.
 */
import { createConsoleApp } from '../core/console.ts';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { yunhetongDigestControlRoutes as r } from '../../contracts/yunhetong-digest/control-routes.ts';
import { YunhetongDigestTenantSettings } from '../../contracts/yunhetong-digest/control.ts';
import { emptyTenant, type YunhetongDigestRuntime } from './runtime.ts';
import { own, type YhtTenant } from './state.ts';
import { createHash } from 'node:crypto';
import { readSandboxFile } from './sandbox.ts';

export function appView(rt: YunhetongDigestRuntime, t: YhtTenant) {
  const now = rt.now();
  return {
    appId: t.id,
    appKey: t.appKey,
    settings: t.settings,
    nextSignerId: t.nextSignerId,
    counts: {
      users: Object.keys(t.users).length,
      moulages: Object.keys(t.moulages).length,
      summaries: Object.keys(t.summaries).length,
      liveTokens: Object.values(t.tokens).filter((x) => x.expiresAt > now).length,
    },
    createdAt: t.createdAt,
  };
}

export function createYunhetongDigestControl(rt: YunhetongDigestRuntime): OpenAPIHono {
  const app = createConsoleApp();
  const noApp = (appId: string) => ({ error: `unknown appId ${appId}` });

  app.openapi(r.service, (c) =>
    c.json(
      {
        contextPath: rt.contextPath || '/',
        sandboxDir: rt.sandboxDir,
        apps: rt.tenants.all().map((t) => t.id),
      },
      200,
    ),
  );

  app.openapi(r.appView, (c) => {
    const { appId } = c.req.valid('param');
    const t = rt.tenants.get(appId);
    if (!t) return c.json(noApp(appId), 404);
    return c.json(appView(rt, t), 200);
  });

  app.openapi(r.appStatePatch, (c) => {
    const { appId } = c.req.valid('param');
    const t = rt.tenants.get(appId);
    if (!t) return c.json(noApp(appId), 404);
    const body = c.req.valid('json');
    const next = YunhetongDigestTenantSettings.safeParse({
      ...t.settings,
      ...(body.appState !== undefined ? { appState: body.appState } : {}),
      ...(body.signQuota !== undefined ? { signQuota: body.signQuota } : {}),
      services: { ...t.settings.services, ...(body.services ?? {}) },
    });
    if (!next.success)
      return c.json(
        { error: next.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') },
        400,
      );
    t.settings = next.data;
    rt.changed();
    return c.json(appView(rt, t), 200);
  });

  app.openapi(r.userList, (c) => {
    const { appId } = c.req.valid('param');
    const t = rt.tenants.get(appId);
    if (!t) return c.json(noApp(appId), 404);
    // The certificate's private key stays inside (the users' answer is what it was before certificates).
    const users = Object.values(t.users)
      .sort((a, b) => a.signerId - b.signerId)
      .map(({ cert: _cert, ...u }) => u);
    return c.json({ users }, 200);
  });

  app.openapi(r.moulageList, (c) => {
    const { appId } = c.req.valid('param');
    const t = rt.tenants.get(appId);
    if (!t) return c.json(noApp(appId), 404);
    return c.json({ moulages: Object.values(t.moulages).sort((a, b) => a.moulageId - b.moulageId) }, 200);
  });

  app.openapi(r.moulagePatch, (c) => {
    const { appId, moulageId } = c.req.valid('param');
    const t = rt.tenants.get(appId);
    if (!t) return c.json(noApp(appId), 404);
    const m = own(t.moulages, moulageId);
    if (!m) return c.json({ error: `unknown moulageId ${moulageId}` }, 404);
    const { state } = c.req.valid('json');
    if (state === 'active') delete m.state;
    else m.state = state;
    rt.changed();
    return c.json(m, 200);
  });

  app.openapi(r.userPatch, (c) => {
    const { appId, signerId } = c.req.valid('param');
    const t = rt.tenants.get(appId);
    if (!t) return c.json(noApp(appId), 404);
    const u = own(t.users, signerId);
    if (!u) return c.json({ error: `unknown signerId ${signerId}` }, 404);
    if (c.req.valid('json').certificate === 'revoked') u.certRevokedAt = rt.now();
    else delete u.certRevokedAt;
    rt.changed();
    return c.json(u, 200);
  });

  app.openapi(r.appPurge, (c) => {
    const { appId } = c.req.valid('param');
    const t = rt.tenants.get(appId);
    if (!t) return c.json(noApp(appId), 404);
    for (const m of Object.values(t.moulages))
      if (m.spec.kind === 'image') rt.ctx.blobs.delete(m.spec.blobId);
    const platformTokens = Object.fromEntries(
      Object.entries(t.tokens).filter(([, tok]) => tok.signerId === undefined),
    );
    Object.assign(t, emptyTenant(t.id, t.appKey, t.createdAt, t.settings), { tokens: platformTokens });
    rt.changed();
    return c.json(appView(rt, t), 200);
  });

  app.openapi(r.summaryList, (c) => {
    const { appId } = c.req.valid('param');
    const t = rt.tenants.get(appId);
    if (!t) return c.json(noApp(appId), 404);
    return c.json({ summaries: Object.values(t.summaries).sort((a, b) => a.summaryId - b.summaryId) }, 200);
  });

  // The dashboard's link: the file the signing wrote, only while it is the one signed (the client
  // may move or overwrite it: the sandbox is the integrator's disk).
  app.openapi(r.summaryFile, (c) => {
    const { appId, summaryId } = c.req.valid('param');
    const t = rt.tenants.get(appId);
    if (!t) return c.json(noApp(appId), 404);
    const s = own(t.summaries, String(Number(summaryId)));
    if (!s) return c.json({ error: `unknown summaryId ${summaryId}` }, 404);
    let bytes: Uint8Array | undefined;
    try {
      bytes = readSandboxFile(rt, s.contractSavePath);
    } catch {
      bytes = undefined;
    }
    if (!bytes || createHash('sha256').update(bytes).digest('hex') !== s.signedSha256)
      return c.json({ error: `${s.contractSavePath} is gone or changed since it was signed` }, 409);
    return c.body(Buffer.from(bytes), 200, {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="summary-${s.summaryId}.pdf"`,
    });
  });

  return app;
}
