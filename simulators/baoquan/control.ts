/**
 * baoquan's control app, mounted by core at /__sim/baoquan (contracts/baoquan/control.ts): the
 * console's templates with their factoid schemas, users registered on the website, and debug
 * views of tenants, attestations, CAs and contracts. `accessKey` (query or body) picks the
 * tenant; absent = the default tenant.
 */
import { createConsoleApp } from '../core/console.ts';
import type { OpenAPIHono, z } from '@hono/zod-openapi';
import {
  baoquanControlRoutes as r,
  type BaoquanFactoidSchemaInput,
} from '../../contracts/baoquan/control.ts';
import { isValidIdCardNo } from '../core/checkdigits.ts';
import { base62, numericCode } from '../core/ids.ts';
import { tenantKey } from './auth.ts';
import { CODE_TTL_MS, currentSigner, signContract, SIGNATURE_WIDTH_PT } from './handlers/contract.ts';
import { VendorError } from '../../contracts/shared/errors.ts';
import { pageSizes } from '../core/pdf/index.ts';
import { userByPhone } from './handlers/cas.ts';
import { fileUrl, PAGE_LINK_TTL_MS } from './files.ts';
import {
  DEFAULT_ACCESS_KEY,
  DEFAULT_PRIVATE_KEY_PATH,
  defaultPublicKeyPem,
  type BaoquanRuntime,
} from './runtime.ts';
import { sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { own, setOwn, type Attestation, type BaoquanTenant, type Contract, type Template } from './state.ts';
import { findTemplate, isFileHash, isSystemTemplateId, systemTemplates } from './templates.ts';
import { ANCHOR_JOB } from './certificate.ts';

type ControlCode =
  | 'unknown-tenant'
  | 'unknown-template'
  | 'unknown-attestation'
  | 'unknown-contract'
  | 'system-template'
  | 'template-in-use'
  | 'template-exists'
  | 'invalid';

const err = (code: ControlCode, error: string) => ({ error, code });

function templateView(t: BaoquanTenant, tpl: Template) {
  return {
    templateId: tpl.id,
    name: tpl.name,
    system: !!tpl.system,
    ...(tpl.parentId ? { parentId: tpl.parentId } : {}),
    fileHash: isFileHash(t, tpl),
    factoids: tpl.factoids.map((f) => ({
      type: f.type,
      ...(f.label ? { label: f.label } : {}),
      required: f.required,
      fields: f.fields.map((x) => ({
        name: x.name,
        type: x.type,
        required: x.required,
        ...(x.label ? { label: x.label } : {}),
      })),
    })),
    createdAt: tpl.createdAt,
  };
}

/** Schemas as the console saves them; undefined + message when types or field names repeat. */
function readFactoidSchemas(list: Array<z.output<typeof BaoquanFactoidSchemaInput>>): {
  factoids?: Template['factoids'];
  error?: string;
} {
  const types = new Set<string>();
  for (const f of list) {
    if (types.has(f.type)) return { error: `factoid type ${f.type} appears twice` };
    types.add(f.type);
    const names = new Set<string>();
    for (const x of f.fields) {
      if (names.has(x.name)) return { error: `field ${f.type}.${x.name} appears twice` };
      names.add(x.name);
    }
  }
  return {
    factoids: list.map((f) => ({
      type: f.type,
      ...(f.label ? { label: f.label } : {}),
      required: f.required,
      fields: f.fields.map((x) => ({
        name: x.name,
        type: x.type,
        required: x.required,
        ...(x.label ? { label: x.label } : {}),
      })),
    })),
  };
}

/** Whether making `parentId` the parent of `id` would close a loop. */
function wouldLoop(t: BaoquanTenant, id: string, parentId: string): boolean {
  let cur: string | undefined = parentId;
  for (let depth = 0; cur && depth < 32; depth++) {
    if (cur === id) return true;
    cur = findTemplate(t, cur)?.parentId;
  }
  return false;
}

function attestationView(rt: BaoquanRuntime, t: BaoquanTenant, a: Attestation) {
  const due =
    a.completed && !a.blockchainHash
      ? rt.ctx.clock
          .pending()
          .find(
            (j) =>
              j.kind === ANCHOR_JOB &&
              (j.payload as { tenant?: string; no?: string })?.no === a.no &&
              (j.payload as { tenant?: string }).tenant === t.id,
          )?.at
      : undefined;
  return {
    no: a.no,
    unique_id: a.unique_id ?? '',
    template_id: a.template_id,
    kind: a.kind,
    identities: a.identities,
    factoids: a.factoids.map((f) => ({
      ...(f.unique_id ? { unique_id: f.unique_id } : {}),
      type: f.type,
      data: f.data,
    })),
    completed: a.completed,
    ...(a.sha256 ? { sha256: a.sha256 } : {}),
    attachments: Object.values(a.attachments)
      .flat()
      .map((id) => own(t.attachments, id))
      .filter((x) => x !== undefined)
      .map((x) => ({
        id: x.id,
        factoidIndex: x.factoidIndex,
        fileName: x.fileName,
        size: x.size,
        checksum: x.checksum,
        ...(x.signed ? { signedBy: x.signed } : {}),
        url: fileUrl(rt, 'attachments', x.id, PAGE_LINK_TTL_MS),
      })),
    createdAt: a.createdAt,
    ...(a.completedAt !== undefined ? { completedAt: a.completedAt } : {}),
    blockchainHash: a.blockchainHash,
    ...(a.anchoredAt !== undefined ? { anchoredAt: a.anchoredAt } : {}),
    ...(due !== undefined ? { anchorDueAt: due } : {}),
    certificateUrl: fileUrl(rt, 'certificates', a.no, PAGE_LINK_TTL_MS),
    accessPath: `/attestations/${encodeURIComponent(a.no)}`,
  };
}

function contractView(rt: BaoquanRuntime, k: Contract) {
  const current = currentSigner(k);
  return {
    contractId: k.contractId,
    fileName: k.fileName,
    pageCount: k.pageCount,
    status: k.status,
    ...(k.title !== undefined ? { title: k.title } : {}),
    ...(k.remark !== undefined ? { remark: k.remark } : {}),
    ...(k.endAt !== undefined ? { endAt: k.endAt } : {}),
    signers: k.signers.map((s) => ({
      phone: s.phone,
      role: s.role,
      status: s.status,
      current: k.status === 'SIGNING' && s === current,
      ...(s.signedAt !== undefined ? { signedAt: s.signedAt } : {}),
      ...(s.stamp ? { stamp: s.stamp } : {}),
      ...(s.verify ? { codeSentAt: s.verify.sentAt, codeExpiresAt: s.verify.expiresAt } : {}),
    })),
    createdAt: k.createdAt,
    ...(k.endedAt !== undefined ? { endedAt: k.endedAt } : {}),
    ...(k.endedBy !== undefined ? { endedBy: k.endedBy } : {}),
    currentUrl: fileUrl(rt, 'contracts', k.contractId, PAGE_LINK_TTL_MS),
  };
}

export function createBaoquanControl(rt: BaoquanRuntime): OpenAPIHono {
  const app = createConsoleApp((error) => err('invalid', error));
  const tenantOf = (accessKey: string | undefined) => rt.tenants.get(accessKey || DEFAULT_ACCESS_KEY);
  const noTenant = (accessKey: string | undefined) =>
    err('unknown-tenant', `unknown access key ${accessKey ?? DEFAULT_ACCESS_KEY}`);

  app.openapi(r.templateList, (c) => {
    const { accessKey } = c.req.valid('query');
    const t = tenantOf(accessKey);
    if (!t) return c.json(noTenant(accessKey), 404);
    const all = [...Object.values(systemTemplates()), ...Object.values(t.templates)];
    return c.json({ templates: all.map((tpl) => templateView(t, tpl)) }, 200);
  });

  app.openapi(r.templateGet, (c) => {
    const { accessKey } = c.req.valid('query');
    const t = tenantOf(accessKey);
    if (!t) return c.json(noTenant(accessKey), 404);
    const tpl = findTemplate(t, c.req.valid('param').templateId);
    if (!tpl) return c.json(err('unknown-template', 'unknown template'), 404);
    return c.json(templateView(t, tpl), 200);
  });

  app.openapi(r.templateCreate, (c) => {
    const body = c.req.valid('json');
    const t = tenantOf(body.accessKey);
    if (!t) return c.json(noTenant(body.accessKey), 404);
    const id = body.templateId ?? base62(22);
    if (own(t.templates, id) || isSystemTemplateId(id))
      return c.json(err('template-exists', `template ${id} exists`), 409);
    const parent = body.parentId !== undefined ? findTemplate(t, body.parentId) : undefined;
    if (body.parentId !== undefined && !parent)
      return c.json(err('invalid', `unknown parent template ${body.parentId}`), 400);
    const read = body.factoids
      ? readFactoidSchemas(body.factoids)
      : { factoids: structuredClone(parent?.factoids ?? []) };
    if (!read.factoids) return c.json(err('invalid', read.error!), 400);
    const tpl: Template = {
      id,
      name: body.name,
      ...(parent ? { parentId: parent.id } : {}),
      factoids: read.factoids,
      createdAt: rt.now(),
    };
    setOwn(t.templates, id, tpl);
    rt.changed();
    return c.json(templateView(t, tpl), 201);
  });

  app.openapi(r.templateUpdate, (c) => {
    const body = c.req.valid('json');
    const id = c.req.valid('param').templateId;
    const t = tenantOf(body.accessKey);
    if (!t) return c.json(noTenant(body.accessKey), 404);
    if (isSystemTemplateId(id) && !own(t.templates, id))
      return c.json(err('system-template', 'system templates cannot be changed'), 409);
    const tpl = own(t.templates, id);
    if (!tpl) return c.json(err('unknown-template', 'unknown template'), 404);
    if (body.parentId !== undefined && !findTemplate(t, body.parentId))
      return c.json(err('invalid', `unknown parent template ${body.parentId}`), 400);
    if (body.parentId !== undefined && wouldLoop(t, id, body.parentId))
      return c.json(err('invalid', 'a template cannot derive from itself'), 400);
    const read = body.factoids ? readFactoidSchemas(body.factoids) : { factoids: tpl.factoids };
    if (!read.factoids) return c.json(err('invalid', read.error!), 400);
    if (body.name !== undefined) tpl.name = body.name;
    if (body.parentId !== undefined) tpl.parentId = body.parentId;
    tpl.factoids = read.factoids;
    rt.changed();
    return c.json(templateView(t, tpl), 200);
  });

  app.openapi(r.templateDelete, (c) => {
    const { accessKey } = c.req.valid('query');
    const id = c.req.valid('param').templateId;
    const t = tenantOf(accessKey);
    if (!t) return c.json(noTenant(accessKey), 404);
    if (isSystemTemplateId(id) && !own(t.templates, id))
      return c.json(err('system-template', 'system templates cannot be deleted'), 409);
    if (!own(t.templates, id)) return c.json(err('unknown-template', 'unknown template'), 404);
    const usedBy = Object.values(t.attestations).find((a) => a.template_id === id);
    if (usedBy) return c.json(err('template-in-use', `attestation ${usedBy.no} uses it`), 409);
    const child = Object.values(t.templates).find((x) => x.parentId === id);
    if (child) return c.json(err('template-in-use', `template ${child.id} derives from it`), 409);
    delete t.templates[id];
    rt.changed();
    return c.json({ ok: true as const }, 200);
  });

  app.openapi(r.tenantView, (c) => {
    const t = rt.tenants.get(c.req.valid('param').accessKey);
    if (!t) return c.json(noTenant(c.req.valid('param').accessKey), 404);
    return c.json(
      {
        accessKey: t.id,
        publicKey: t.publicKey,
        publicKeyBits: tenantKey(t.publicKey)?.asymmetricKeyDetails?.modulusLength ?? 0,
        organizationName: t.organizationName,
        productName: t.productName,
        creatorPhone: t.creatorPhone,
        anchorDelayMs: t.anchorDelayMs,
        accessLinkTtlMs: t.accessLinkTtlMs,
        callbackUrl: t.callbackUrl,
        ...(t.defaultSignatureId ? { defaultSignatureId: t.defaultSignatureId } : {}),
        counts: {
          templates: Object.keys(t.templates).length,
          attestations: Object.keys(t.attestations).length,
          attachments: Object.keys(t.attachments).length,
          cas: Object.keys(t.cas).length,
          users: Object.keys(t.users).length,
          signatures: Object.keys(t.signatures).length,
          contracts: Object.keys(t.contracts).length,
        },
      },
      200,
    );
  });

  app.openapi(r.userList, (c) => {
    const { accessKey } = c.req.valid('query');
    const t = tenantOf(accessKey);
    if (!t) return c.json(noTenant(accessKey), 404);
    const users = Object.values(t.users).map(({ userId, name, phone, idCard, kyc, createdAt }) => ({
      userId,
      name,
      phone,
      idCard,
      kyc,
      createdAt,
    }));
    return c.json({ users }, 200);
  });

  app.openapi(r.userCreate, (c) => {
    const body = c.req.valid('json');
    const t = tenantOf(body.accessKey);
    if (!t) return c.json(noTenant(body.accessKey), 404);
    if (body.kyc && (!body.name.trim() || !isValidIdCardNo(body.idCard.toUpperCase()))) {
      return c.json(err('invalid', 'a real-name verified user needs a name and a valid idCard'), 400);
    }
    const now = rt.now();
    let user = userByPhone(t, body.phone);
    if (user)
      Object.assign(user, {
        name: body.name,
        idCard: body.idCard.toUpperCase(),
        kyc: body.kyc,
        updatedAt: now,
      });
    else {
      let userId = base62(22);
      while (own(t.users, userId)) userId = base62(22);
      user = {
        userId,
        name: body.name,
        phone: body.phone,
        idCard: body.idCard.toUpperCase(),
        kyc: body.kyc,
        createdAt: now,
        updatedAt: now,
      };
      setOwn(t.users, userId, user);
    }
    rt.changed();
    const { userId, name, phone, idCard, kyc, createdAt } = user;
    return c.json({ userId, name, phone, idCard, kyc, createdAt }, 201);
  });

  app.openapi(r.attestationList, (c) => {
    const { accessKey } = c.req.valid('query');
    const t = tenantOf(accessKey);
    if (!t) return c.json(noTenant(accessKey), 404);
    const attestations = Object.values(t.attestations)
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((a) => ({
        no: a.no,
        template_id: a.template_id,
        kind: a.kind,
        completed: a.completed,
        blockchainHash: a.blockchainHash,
        createdAt: a.createdAt,
      }));
    return c.json({ attestations }, 200);
  });

  app.openapi(r.attestationView, (c) => {
    const { accessKey } = c.req.valid('query');
    const t = tenantOf(accessKey);
    if (!t) return c.json(noTenant(accessKey), 404);
    const a = own(t.attestations, c.req.valid('param').ano);
    if (!a) return c.json(err('unknown-attestation', 'unknown attestation'), 404);
    return c.json(attestationView(rt, t, a), 200);
  });

  app.openapi(r.caList, (c) => {
    const { accessKey } = c.req.valid('query');
    const t = tenantOf(accessKey);
    if (!t) return c.json(noTenant(accessKey), 404);
    const cas = Object.values(t.cas)
      .sort((a, b) => a.createdAt - b.createdAt)
      .map(({ sealBlobId: _blob, cert: _cert, ...ca }) => ca); // the certificate carries its key
    return c.json({ cas }, 200);
  });

  app.openapi(r.contractList, (c) => {
    const { accessKey } = c.req.valid('query');
    const t = tenantOf(accessKey);
    if (!t) return c.json(noTenant(accessKey), 404);
    const contracts = Object.values(t.contracts)
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((k) => contractView(rt, k));
    return c.json({ contracts }, 200);
  });

  app.openapi(r.contractView, (c) => {
    const { accessKey } = c.req.valid('query');
    const t = tenantOf(accessKey);
    if (!t) return c.json(noTenant(accessKey), 404);
    const k = own(t.contracts, c.req.valid('param').contractId);
    if (!k) return c.json(err('unknown-contract', 'unknown contract'), 404);
    return c.json(contractView(rt, k), 200);
  });

  // The dashboard's sign/refuse (contracts/baoquan/control.ts contractSignerAct): /contract/sign
  // with a code issued here instead of by SMS; its vendor errors answer 409 with their message.
  app.openapi(r.contractSignerAct, async (c) => {
    const body = c.req.valid('json');
    const { contractId, phone } = c.req.valid('param');
    const t = tenantOf(body.accessKey);
    if (!t) return c.json(noTenant(body.accessKey), 404);
    const k = own(t.contracts, contractId);
    if (!k) return c.json(err('unknown-contract', 'unknown contract'), 404);
    const signer = currentSigner(k);
    if (k.status !== 'SIGNING' || !signer || signer.phone !== phone)
      return c.json(err('invalid', `not ${phone}'s turn (contract ${k.status})`), 409);
    const pdf = rt.ctx.blobs.get(k.currentBlobId);
    const page = body.page ?? k.pageCount;
    const size = pdf ? (await pageSizes(pdf.bytes))[page - 1] : undefined;
    if (!size) return c.json(err('invalid', `no page ${page}`), 409);
    const code = numericCode(6);
    const now = rt.now();
    signer.verify = { code, sentAt: now, expiresAt: now + CODE_TTL_MS };
    try {
      await signContract(rt, t, {
        contract_id: contractId,
        phone,
        verify_code: code,
        ecs_status: body.action === 'sign' ? 'DONE' : 'REJECT',
        page: String(page),
        posX: String(body.posX ?? Math.max(0, size.width - SIGNATURE_WIDTH_PT)),
        posY: String(body.posY ?? Math.min(size.height, SIGNATURE_WIDTH_PT)),
      });
    } catch (e) {
      if (e instanceof VendorError) return c.json(err('invalid', e.message), 409);
      throw e;
    }
    return c.json(contractView(rt, k), 200);
  });

  // Only the committed test key can sign a link here: sealsim keeps no tenant's private key.
  app.openapi(r.attestationAccessLink, (c) => {
    const { accessKey } = c.req.valid('json');
    const t = tenantOf(accessKey);
    if (!t) return c.json(noTenant(accessKey), 404);
    const ano = c.req.valid('param').ano;
    if (!own(t.attestations, ano)) return c.json(err('unknown-attestation', 'unknown attestation'), 404);
    if (t.publicKey.trim() !== defaultPublicKeyPem().trim())
      return c.json(
        err(
          'invalid',
          `access key ${t.id} has its own key pair: build the link with the SDK's attestationAccessUrl`,
        ),
        409,
      );
    const tonce = rt.now();
    const signature = sign(
      'sha256',
      Buffer.from(`{"attestationId":${JSON.stringify(ano)},"tonce":${tonce}}`),
      readFileSync(DEFAULT_PRIVATE_KEY_PATH, 'utf8'),
    ).toString('base64');
    const q = new URLSearchParams({ accessKey: t.id, signature, tonce: String(tonce) });
    return c.json({ open: `${rt.origin()}/attestations/${encodeURIComponent(ano)}?${q.toString()}` }, 200);
  });

  return app;
}
