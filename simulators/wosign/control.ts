/**
 * wosign's console (contracts/wosign/control-routes.ts), mounted by core at `/__sim/wosign`: a
 * tenant's view, its client certificates, templates and company registry, and a signer's human
 * action on an order (handlers/orders.ts).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { WOSIGN_TEMPID_PATTERN } from '../../contracts/wosign/control.ts';
import { wosignControlRoutes as r } from '../../contracts/wosign/control-routes.ts';
import { wosignCatalogue as catalogue } from '../../contracts/wosign/errors.ts';
import { decodeStrictBase64 } from '../core/base64.ts';
import { consoleRecordId, createConsoleApp, storeConsoleFile } from '../core/console.ts';
import { isPdf } from '../core/pdf/sniff.ts';
import { pemDecodeAll, publicKeyFingerprint } from '../core/pki/index.ts';
import { SignerActionConflict, signerAction } from './handlers/orders.ts';
import { certificateRecord, VENDOR, type WosignRuntime } from './runtime.ts';
import { own, setOwn, type WosignClientCert, type WosignTemplate, type WosignTenant } from './state.ts';

/** A position text: "x1,y1,x2,y2" fractions, left-bottom then right-top (spaces allowed). */
const POSITION = /^\s*(\d*\.?\d+)\s*,\s*(\d*\.?\d+)\s*,\s*(\d*\.?\d+)\s*,\s*(\d*\.?\d+)\s*$/;

/** The four fractions of a position text, or undefined when it is not one. */
export function readPosition(text: string): [number, number, number, number] | undefined {
  const m = POSITION.exec(text);
  if (!m) return undefined;
  const [x1, y1, x2, y2] = m.slice(1).map(Number) as [number, number, number, number];
  if ([x1, y1, x2, y2].some((v) => v < 0 || v > 1) || x1 >= x2 || y1 >= y2) return undefined;
  return [x1, y1, x2, y2];
}

/**
 * What a text registers: a PEM certificate (by its DER's SHA-256), a PEM public key (by its SPKI's),
 * or a bare SHA-256 hex (colons allowed; matched against either). Throws a readable error.
 */
export function registration(text: string, now: number): WosignClientCert {
  const trimmed = text.trim();
  if (trimmed.includes('-----BEGIN CERTIFICATE-----')) {
    const [der] = pemDecodeAll(trimmed);
    if (!der) throw new Error('not a PEM certificate');
    try {
      return certificateRecord(der, now);
    } catch {
      throw new Error('not a readable X.509 certificate');
    }
  }
  if (trimmed.includes('-----BEGIN PUBLIC KEY-----')) {
    try {
      const fingerprint = publicKeyFingerprint(trimmed);
      return { fingerprint, kind: 'publicKey', subject: '', notAfter: null, addedAt: now };
    } catch {
      throw new Error('not a readable public key');
    }
  }
  const hex = trimmed.replace(/:/g, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex))
    throw new Error('a certificate must be a PEM certificate, a PEM public key or a SHA-256 hex fingerprint');
  return { fingerprint: hex, kind: 'fingerprint', subject: '', notAfter: null, addedAt: now };
}

export function register(t: WosignTenant, rec: WosignClientCert): void {
  setOwn(t.certificates, rec.fingerprint, rec);
}

export function tenantView(t: WosignTenant) {
  return {
    tokenid: t.id,
    settings: t.settings,
    certificates: Object.values(t.certificates).sort((a, b) => a.addedAt - b.addedAt),
    counts: {
      templates: Object.keys(t.templates).length,
      companies: Object.keys(t.companies).length,
      orders: Object.keys(t.orders).length,
    },
    createdAt: t.createdAt,
  };
}

function templateView(tpl: WosignTemplate) {
  const { blobId: _blob, ...fields } = tpl;
  return fields;
}

export function createWosignControl(rt: WosignRuntime): OpenAPIHono {
  const app = createConsoleApp();
  const noTenant = (tokenid: string) => ({ error: `unknown tokenid ${tokenid}` });

  app.openapi(r.tenantView, (c) => {
    const { tokenid } = c.req.valid('param');
    const t = rt.tenants.get(tokenid);
    if (!t) return c.json(noTenant(tokenid), 404);
    return c.json(tenantView(t), 200);
  });

  app.openapi(r.certificateAdd, (c) => {
    const { tokenid } = c.req.valid('param');
    const t = rt.tenants.get(tokenid);
    if (!t) return c.json(noTenant(tokenid), 404);
    const body = c.req.valid('json');
    const given = [body.certificatePem, body.publicKeyPem, body.fingerprint].filter((v) => v !== undefined);
    if (given.length !== 1)
      return c.json({ error: 'give one of certificatePem, publicKeyPem or fingerprint' }, 400);
    let rec: WosignClientCert;
    try {
      rec = registration(given[0]!, rt.now());
    } catch (err) {
      return c.json({ error: (err as Error).message }, 400);
    }
    if (body.certificatePem !== undefined && rec.kind !== 'certificate')
      return c.json({ error: 'certificatePem is not a PEM certificate' }, 400);
    if (body.publicKeyPem !== undefined && rec.kind !== 'publicKey')
      return c.json({ error: 'publicKeyPem is not a PEM public key' }, 400);
    register(t, rec);
    rt.changed();
    return c.json(rec, 201);
  });

  app.openapi(r.certificateDelete, (c) => {
    const { tokenid, fingerprint } = c.req.valid('param');
    const t = rt.tenants.get(tokenid);
    if (!t) return c.json(noTenant(tokenid), 404);
    const key = fingerprint.replace(/:/g, '').toLowerCase();
    const rec = own(t.certificates, key);
    if (!rec) return c.json({ error: `no certificate ${fingerprint}` }, 404);
    delete t.certificates[key];
    rt.changed();
    return c.json(rec, 200);
  });

  // decision: wosign.template-id-format
  app.openapi(r.templateCreate, (c) => {
    const { tokenid } = c.req.valid('param');
    const t = rt.tenants.get(tokenid);
    if (!t) return c.json(noTenant(tokenid), 404);
    const body = c.req.valid('json');
    const bytes = decodeStrictBase64(body.contentBase64);
    if (!bytes || !isPdf(bytes)) return c.json({ error: 'contentBase64 is not a Base64 PDF' }, 400);
    const signers: WosignTemplate['signers'] = [];
    for (const [i, s] of body.signers.entries()) {
      const signlist: Array<{ pagenumber: number; position: string }> = [];
      for (const p of s.signlist) {
        const page = Number(p.pagenumber);
        if (!Number.isInteger(page) || page < 1)
          return c.json({ error: `signers.${i}: pagenumber must be a page number` }, 400);
        if (typeof p.position !== 'string' || !readPosition(p.position))
          return c.json({ error: `signers.${i}: position must be "x1,y1,x2,y2" page fractions` }, 400);
        signlist.push({ pagenumber: page, position: p.position });
      }
      signers.push({ signlist });
    }
    const chosen = consoleRecordId(body.tempid, (id) => own(t.templates, id) !== undefined, {
      format: WOSIGN_TEMPID_PATTERN,
      rule: 'tempid: 1–64 letters, digits, _ or -',
      label: 'tempid',
      next: () => `T${t.nextTemplateSeq++}`,
    });
    if (!('id' in chosen)) return c.json({ error: chosen.error }, chosen.status);
    const tempid = chosen.id;
    const tpl: WosignTemplate = {
      tempid,
      subject: body.subject ?? tempid,
      ...storeConsoleFile(rt.ctx.blobs, bytes, {
        tenant: t.id,
        vendor: VENDOR,
        contentType: 'application/pdf',
        name: `${tempid}.pdf`,
      }),
      signers,
      createdAt: rt.now(),
    };
    setOwn(t.templates, tempid, tpl);
    rt.changed();
    return c.json(templateView(tpl), 201);
  });

  app.openapi(r.templateList, (c) => {
    const { tokenid } = c.req.valid('param');
    const t = rt.tenants.get(tokenid);
    if (!t) return c.json(noTenant(tokenid), 404);
    const templates = Object.values(t.templates)
      .sort((a, b) => a.createdAt - b.createdAt || a.tempid.localeCompare(b.tempid))
      .map(templateView);
    return c.json({ templates }, 200);
  });

  app.openapi(r.templateDelete, (c) => {
    const { tokenid, tempid } = c.req.valid('param');
    const t = rt.tenants.get(tokenid);
    if (!t) return c.json(noTenant(tokenid), 404);
    const tpl = own(t.templates, tempid);
    if (!tpl) return c.json({ error: `unknown tempid ${tempid}` }, 404);
    rt.ctx.blobs.delete(tpl.blobId);
    delete t.templates[tempid];
    rt.changed();
    return c.json(templateView(tpl), 200);
  });

  // decision: wosign.company-registry
  app.openapi(r.companyAdd, (c) => {
    const { tokenid } = c.req.valid('param');
    const t = rt.tenants.get(tokenid);
    if (!t) return c.json(noTenant(tokenid), 404);
    const { orgName, orgNo } = c.req.valid('json');
    const key = orgNo.trim().toUpperCase();
    setOwn(t.companies, key, { orgName: orgName.trim(), orgNo: key, addedAt: rt.now() });
    rt.changed();
    return c.json({ orgName: orgName.trim(), orgNo: key }, 201);
  });

  app.openapi(r.companyList, (c) => {
    const { tokenid } = c.req.valid('param');
    const t = rt.tenants.get(tokenid);
    if (!t) return c.json(noTenant(tokenid), 404);
    const companies = Object.values(t.companies)
      .sort((a, b) => a.addedAt - b.addedAt || a.orgNo.localeCompare(b.orgNo))
      .map(({ orgName, orgNo }) => ({ orgName, orgNo }));
    return c.json({ companies }, 200);
  });

  app.openapi(r.signerAction, async (c) => {
    const { signid, index } = c.req.valid('param');
    const { action } = c.req.valid('json');
    const i = Number(index);
    if (!Number.isInteger(i) || i < 0) return c.json({ error: `no signer ${index}` }, 404);
    try {
      const done = await signerAction(rt, signid, i, action);
      if (!done) return c.json({ error: `unknown order ${signid} or signer ${index}` }, 404);
      return c.json(done, 200);
    } catch (err) {
      if (err instanceof SignerActionConflict) return c.json({ error: err.message }, 409);
      if (!catalogue.owns(err)) throw err;
      return c.json({ error: `${catalogue.entries[err.key].errCode} ${err.message}` }, 409);
    }
  });

  return app;
}
