/**
 * The attestation access page (doc 保全访问链接; docs/vendor-notes.md "Access link"): the SDKs build
 * `{host}/attestations/{ano}?accessKey=..&signature=..&tonce=<ms>` without calling any API, and
 * whoever holds the link sees the attestation without logging in.
 *
 * Checks, in order (contracts/baoquan/routes.ts baoquanHostErrors):
 * 1. accessKey, signature and tonce (digits) present → else 400 LINK_PARAMS_MISSING;
 * 2. a known accessKey and a signature that verifies in the v2 or v3 form (auth.ts), spaces
 *    turned back into `+` → else 403 LINK_SIGNATURE_INVALID;
 * 3. the link's age: the tenant's accessLinkTtlMs (0 = links never expire, the default: the
 *    SDKs give links no lifetime; guess, configurable per tenant) → else 403 LINK_EXPIRED;
 *    decision: baoquan.access-link-ttl
 * 4. the ano belongs to that accessKey → else 404 LINK_ATTESTATION_NOT_FOUND.
 * Refusals are HTML pages with the status. The page's links to the certificate and to each
 * attachment are signed URLs (files.ts, 30 minutes), so the files are no more open than the page.
 */
import type { Context } from 'hono';
import { baoquanHostErrors, type BaoquanHostErrorCode } from '../../../contracts/baoquan/routes.ts';
import { escapeHtml, page } from '../../core/html.ts';
import { inlineStyle } from '../../core/security.ts';
import { parseBaoquanAccessLinkQuery } from '../../../contracts/baoquan/validation.ts';
import { accessLinkVerifies, tenantKey } from '../auth.ts';
import { displayValue, fieldLabel, IDENTITY_LABELS } from '../certificate.ts';
import { fileUrl, PAGE_LINK_TTL_MS } from '../files.ts';
import type { BaoquanRuntime } from '../runtime.ts';
import { own, type Attestation, type BaoquanTenant, type KeptCertificate } from '../state.ts';
import { PLATFORM_NAME } from '../signing.ts';
import { loadSigner } from '../../core/pki/index.ts';
import { findTemplate } from '../templates.ts';
import { formatBeijingTime } from '../../core/time.ts';

function refusal(c: Context, code: BaoquanHostErrorCode): Response {
  const e = baoquanHostErrors[code];
  const body =
    `<section><p class="err">${escapeHtml(e.message)}</p>` +
    `<p class="muted">${escapeHtml(code)}</p></section>`;
  return c.html(page('保全网 · 保全访问', body), e.httpStatus as 400);
}

export function handleAccessPage(c: Context, rt: BaoquanRuntime): Response {
  const url = new URL(c.req.url);
  const ano = decodeURIComponentSafe(url.pathname.slice('/attestations/'.length));
  const q = parseBaoquanAccessLinkQuery(url.searchParams);
  if (!ano || q === 'LINK_PARAMS_MISSING') return refusal(c, 'LINK_PARAMS_MISSING');
  const t = rt.tenants.get(q.accessKey);
  const key = t ? tenantKey(t.publicKey) : undefined;
  if (!t || !key || !accessLinkVerifies(key, { ano, ...q })) return refusal(c, 'LINK_SIGNATURE_INVALID');
  if (t.accessLinkTtlMs > 0 && rt.now() - q.tonce > t.accessLinkTtlMs) return refusal(c, 'LINK_EXPIRED');
  const a = own(t.attestations, ano);
  if (!a) return refusal(c, 'LINK_ATTESTATION_NOT_FOUND');
  return c.html(renderAttestationPage(rt, t, a));
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return '';
  }
}

/** The page's own rule (the CSP allows registered inline styles only, no style attributes). */
const PAGE_STYLE = inlineStyle('th.key{width:34%}');

function rows(pairs: Array<[string, string]>): string {
  const row = ([k, v]: [string, string]) => `<tr><th class="key">${escapeHtml(k)}</th><td>${v}</td></tr>`;
  return `<table>${pairs.map(row).join('')}</table>`;
}

function chainStatus(rt: BaoquanRuntime, t: BaoquanTenant, a: Attestation): string {
  if (a.blockchainHash) return `<code>${escapeHtml(a.blockchainHash)}</code>`;
  if (!a.completed) return '<span class="muted">陈述未完成，完成后上链</span>';
  const due = (a.completedAt ?? a.createdAt) + t.anchorDelayMs;
  return `<span class="muted">待上链（预计 ${escapeHtml(formatBeijingTime(Math.max(due, rt.now())))}）</span>`;
}

/**
 * 签名证书: the certificates of the attachments' signers (each CA's kept one) and the platform's,
 * which signs the 保全文件 (issue 10; signing.ts).
 */
function certificates(t: BaoquanTenant, a: Attestation): string {
  const kept: Array<[string, KeptCertificate]> = [];
  const seen = new Set<string>();
  for (const id of Object.values(a.attachments).flat()) {
    for (const s of own(t.attachments, id)?.signed ?? []) {
      const ca = own(t.cas, s.caId);
      if (!ca?.cert || seen.has(ca.caId)) continue;
      seen.add(ca.caId);
      kept.push([ca.type === 'ENTERPRISE' ? (ca.name ?? ca.link_name) : ca.link_name, ca.cert]);
    }
  }
  if (t.platformCert) kept.push([`${PLATFORM_NAME}（保全文件）`, t.platformCert]);
  if (!kept.length) return '';
  const tables = kept.map(([who, cert]) => {
    const c = loadSigner(cert);
    const [from, to] = [c.notBefore, c.notAfter].map((d) => formatBeijingTime(d.getTime()));
    const validity = `${from} 至 ${to}`;
    return (
      `<h4>${escapeHtml(who)}</h4>` +
      rows([
        ['主题', escapeHtml(c.subject)],
        ['颁发者', escapeHtml(c.issuer)],
        ['序列号', `<code>${escapeHtml(c.serialNumber)}</code>`],
        ['有效期', escapeHtml(validity)],
      ])
    );
  });
  return `<section><h3>签名证书</h3>${tables.join('')}</section>`;
}

export function renderAttestationPage(rt: BaoquanRuntime, t: BaoquanTenant, a: Attestation): string {
  const tpl = findTemplate(t, a.template_id);
  const certUrl = fileUrl(rt, 'certificates', a.no, PAGE_LINK_TTL_MS);
  const info = rows([
    ['保全号', `<code>${escapeHtml(a.no)}</code>`],
    ['保全时间', escapeHtml(formatBeijingTime(a.createdAt))],
    ['组织名称', escapeHtml(t.organizationName)],
    ['产品名称', escapeHtml(t.productName)],
    ['模板', `${escapeHtml(tpl?.name ?? '')} <span class="muted">${escapeHtml(a.template_id)}</span>`],
    ['陈述状态', a.completed ? '<span class="ok">已完成</span>' : '<span class="muted">未完成</span>'],
    ...(a.sha256
      ? ([['文件 SHA-256', `<code>${escapeHtml(a.sha256)}</code>`]] as Array<[string, string]>)
      : []),
    ['区块链 hash', chainStatus(rt, t, a)],
    ['保全文件', `<a href="${escapeHtml(certUrl)}">${escapeHtml(a.no)}.pdf</a>`],
  ]);
  const identities = rows(
    Object.entries(a.identities).map(([k, v]) => [`${IDENTITY_LABELS[k] ?? k}（${k}）`, escapeHtml(v)]),
  );
  const factoids = a.factoids
    .map((f, i) => {
      const fields = Object.entries(f.data ?? {}).map(([k, v]): [string, string] => [
        fieldLabel(t, a, f.type, k),
        escapeHtml(displayValue(v)),
      ]);
      const files = (a.attachments[String(i)] ?? [])
        .map((id) => own(t.attachments, id))
        .filter((x) => x !== undefined)
        .map((att) => {
          const signers = (att.signed ?? [])
            .map((s) => own(t.cas, s.caId))
            .map((ca) => (ca ? (ca.type === 'ENTERPRISE' ? ca.name : ca.link_name) : ''));
          const signed = signers.length
            ? ` <span class="ok">已电子签章：${escapeHtml(signers.join('、'))}</span>`
            : '';
          const href = fileUrl(rt, 'attachments', att.id, PAGE_LINK_TTL_MS);
          return (
            `<li><a href="${escapeHtml(href)}">${escapeHtml(att.fileName)}</a> ` +
            `<span class="muted">${att.size} 字节 · SHA-256 ${escapeHtml(att.checksum)}</span>${signed}</li>`
          );
        });
      const attachmentList = files.length ? `<p>附件</p><ul>${files.join('')}</ul>` : '';
      const uid = f.unique_id ? ` <span class="muted">${escapeHtml(f.unique_id)}</span>` : '';
      const title = `陈述 ${i + 1}：${escapeHtml(f.type)}${uid}`;
      return `<section><h3>${title}</h3>${rows(fields)}${attachmentList}</section>`;
    })
    .join('');
  const body =
    `<section><h3>保全信息</h3>${info}</section>` +
    `<section><h3>身份标识</h3>${identities}</section>${factoids}${certificates(t, a)}
<p class="muted">本页面由 sealsim 模拟保全网生成，仅供测试。</p>`;
  return page(`保全网 · 保全 ${a.no}`, body, { head: PAGE_STYLE });
}
