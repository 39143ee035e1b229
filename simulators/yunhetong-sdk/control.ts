/**
 * yunhetong-sdk's console (contracts/yunhetong-sdk/control-routes.ts), mounted by core at
 * `/__sim/yunhetong-sdk`: an app's view, its users, its templates, and a partner's human action.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { TEMPLATE_ID_PATTERN } from '../../contracts/yunhetong-sdk/control.ts';
import { yunhetongSdkControlRoutes as r } from '../../contracts/yunhetong-sdk/control-routes.ts';
import {
  yunhetongSdkCatalogue as catalogue,
  yunhetongSdkMessage,
} from '../../contracts/yunhetong-sdk/errors.ts';
import { decodeStrictBase64 } from '../core/base64.ts';
import { consoleRecordId, createConsoleApp, storeConsoleFile } from '../core/console.ts';
import { isPdf } from '../core/pdf/sniff.ts';
import { partnerAction } from './handlers/contracts.ts';
import { contractPdfUrl } from './handlers/page.ts';
import { DESKTOP_VIEW_PATH } from './pages/index.ts';
import { issueToken } from './auth.ts';
import { VENDOR, type YunhetongSdkRuntime } from './runtime.ts';
import { own, setOwn, type SdkTemplate, type SdkTenant, type SdkUser } from './state.ts';

export function appView(rt: YunhetongSdkRuntime, t: SdkTenant) {
  const now = rt.now();
  return {
    appId: t.id,
    password: t.password,
    settings: t.settings,
    counts: {
      users: Object.keys(t.users).length,
      templates: Object.keys(t.templates).length,
      contracts: Object.keys(t.contracts).length,
      liveTokens: Object.values(t.tokens).filter((x) => x.expiresAt > now).length,
    },
    createdAt: t.createdAt,
  };
}

/** The user as the console shows it (never a certificate's key). */
function userView(t: SdkTenant, u: SdkUser) {
  const signatureIds = Object.values(t.signatures)
    .filter((s) => s.appUserId === u.appUserId)
    .map((s) => s.signatureId)
    .sort((a, b) => a - b);
  return {
    appUserId: u.appUserId,
    cellNum: u.cellNum,
    userType: u.userType,
    userName: u.userName,
    certifyType: u.certifyType,
    certifyNumber: u.certifyNumber,
    signatureIds,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}

function templateView(tpl: SdkTemplate) {
  const { blobId: _blob, ...fields } = tpl;
  return fields;
}

/** A DOCX is a zip (PK\x03\x04). */
const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

export function createYunhetongSdkControl(rt: YunhetongSdkRuntime): OpenAPIHono {
  const app = createConsoleApp();
  const noApp = (appId: string) => ({ error: `unknown appId ${appId}` });

  app.openapi(r.appView, (c) => {
    const { appId } = c.req.valid('param');
    const t = rt.tenants.get(appId);
    if (!t) return c.json(noApp(appId), 404);
    return c.json(appView(rt, t), 200);
  });

  app.openapi(r.userList, (c) => {
    const { appId } = c.req.valid('param');
    const t = rt.tenants.get(appId);
    if (!t) return c.json(noApp(appId), 404);
    const users = Object.values(t.users)
      .sort((a, b) => a.createdAt - b.createdAt || a.appUserId.localeCompare(b.appUserId))
      .map((u) => userView(t, u));
    return c.json({ users }, 200);
  });

  // decision: yunhetong-sdk.user-delete-console
  app.openapi(r.userDelete, (c) => {
    const { appId, appUserId } = c.req.valid('param');
    const t = rt.tenants.get(appId);
    if (!t) return c.json(noApp(appId), 404);
    const u = own(t.users, appUserId);
    if (!u) return c.json({ error: `unknown appUserId ${appUserId}` }, 404);
    const view = userView(t, u);
    for (const s of Object.values(t.signatures)) {
      if (s.appUserId !== appUserId) continue;
      if (s.image.kind === 'image') rt.ctx.blobs.delete(s.image.blobId);
      delete t.signatures[String(s.signatureId)];
    }
    delete t.cellNums[u.cellNum];
    delete t.certifyNumbers[u.certifyNumber.toUpperCase()];
    if (own(t.companyNames, u.userName) === appUserId) delete t.companyNames[u.userName];
    if (t.platformUserId === appUserId) delete t.platformUserId;
    delete t.users[appUserId];
    rt.changed();
    return c.json(view, 200);
  });

  app.openapi(r.templateCreate, (c) => {
    const { appId } = c.req.valid('param');
    const t = rt.tenants.get(appId);
    if (!t) return c.json(noApp(appId), 404);
    const body = c.req.valid('json');
    const bytes = decodeStrictBase64(body.contentBase64);
    if (!bytes || bytes.length === 0) return c.json({ error: 'contentBase64 is not Base64' }, 400);
    if (body.kind === 'pdf' && !isPdf(bytes)) return c.json({ error: 'contentBase64 is not a PDF' }, 400);
    if (body.kind === 'docx' && !isZip(bytes)) return c.json({ error: 'contentBase64 is not a DOCX' }, 400);
    // decision: yunhetong-sdk.template-id-format
    const chosen = consoleRecordId(body.templateId, (id) => own(t.templates, id) !== undefined, {
      format: TEMPLATE_ID_PATTERN,
      rule: 'templateId: 1–32 letters, digits, _ or -',
      label: 'templateId',
      next: () => String(t.nextTemplateSeq++),
    });
    if (!('id' in chosen)) return c.json({ error: chosen.error }, chosen.status);
    const templateId = chosen.id;
    const tpl: SdkTemplate = {
      templateId,
      title: body.title ?? templateId,
      kind: body.kind,
      ...storeConsoleFile(rt.ctx.blobs, bytes, {
        tenant: t.id,
        vendor: VENDOR,
        contentType:
          body.kind === 'pdf'
            ? 'application/pdf'
            : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        name: `${templateId}.${body.kind}`,
      }),
      createdAt: rt.now(),
    };
    setOwn(t.templates, templateId, tpl);
    rt.changed();
    return c.json(templateView(tpl), 201);
  });

  app.openapi(r.templateList, (c) => {
    const { appId } = c.req.valid('param');
    const t = rt.tenants.get(appId);
    if (!t) return c.json(noApp(appId), 404);
    const templates = Object.values(t.templates)
      .sort((a, b) => a.createdAt - b.createdAt || a.templateId.localeCompare(b.templateId))
      .map(templateView);
    return c.json({ templates }, 200);
  });

  app.openapi(r.templateView, (c) => {
    const { appId, templateId } = c.req.valid('param');
    const t = rt.tenants.get(appId);
    if (!t) return c.json(noApp(appId), 404);
    const tpl = own(t.templates, templateId);
    if (!tpl) return c.json({ error: `unknown templateId ${templateId}` }, 404);
    return c.json(templateView(tpl), 200);
  });

  app.openapi(r.templateDelete, (c) => {
    const { appId, templateId } = c.req.valid('param');
    const t = rt.tenants.get(appId);
    if (!t) return c.json(noApp(appId), 404);
    const tpl = own(t.templates, templateId);
    if (!tpl) return c.json({ error: `unknown templateId ${templateId}` }, 404);
    rt.ctx.blobs.delete(tpl.blobId);
    delete t.templates[templateId];
    rt.changed();
    return c.json(templateView(tpl), 200);
  });

  app.openapi(r.partnerAction, async (c) => {
    const { contractId, appUserId } = c.req.valid('param');
    const { action } = c.req.valid('json');
    try {
      const found = await partnerAction(rt, contractId, appUserId, action);
      if (!found) return c.json({ error: `unknown contract ${contractId} or partner ${appUserId}` }, 404);
      return c.json(found, 200);
    } catch (err) {
      if (!catalogue.owns(err)) throw err;
      const entry = catalogue.entries[err.key];
      return c.json({ error: `${entry.errCode} ${yunhetongSdkMessage(err.key, err.detail)}` }, 409);
    }
  });

  // The dashboard's links: the page and the PDF need a user's token, which only the integrator's
  // backend holds, so the console issues one for the partner (as token/getToken would).
  app.openapi(r.partnerOpen, (c) => {
    const { contractId, appUserId } = c.req.valid('param');
    const t = rt.tenants
      .all()
      .find((x) => own(x.contracts, contractId)?.partners.some((p) => p.appUserId === appUserId));
    if (!t) return c.json({ error: `unknown contract ${contractId} or partner ${appUserId}` }, 404);
    const { token, expiresAt } = issueToken(rt, t, appUserId);
    const page = `${DESKTOP_VIEW_PATH}?${new URLSearchParams({ contractId, token }).toString()}`;
    const path = c.req.valid('json').view === 'pdf' ? contractPdfUrl(token, contractId) : page;
    return c.json({ open: rt.origin() + path, token, expiresAt }, 200);
  });

  return app;
}
