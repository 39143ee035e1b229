/**
 * The 保全文件 (attestation certificate): "客户上传到保全数据会经过一定的处理（比如模板渲染）生成一份
 * 保全文件，这份保全文件才是最终会hash到区块链上的数据" (doc /attestation/download).
 *
 * Rendered with core `renderCertificate`: the template's common fields, which baoquan fills
 * (attestation_no 保全号, attestation_at 保全时间, product_name 产品名称, organization_name 组织名称),
 * then the identities, every factoid's every field as `type.field`, the file hash (hash
 * attestations) and every attachment with its SHA-256. Layout, labels and the seal are sealsim's
 * (guess: the doc shows the rendering only as a screenshot; decision: baoquan.certificate-layout).
 *
 * Once an attestation is completed its certificate is rendered once and kept (a blob): the
 * blockchain hash is the SHA-256 of exactly those bytes, and /attestation/download serves the
 * same bytes. Before completion every download renders the current state afresh.
 */
import { renderCertificate } from '../core/pdf/index.ts';
import { VENDOR, attestationLockKey, type BaoquanRuntime } from './runtime.ts';
import { own, type Attestation, type BaoquanTenant } from './state.ts';
import { findTemplate } from './templates.ts';
import { formatBeijingTime } from '../core/time.ts';
import { sha256Hex } from './attachments.ts';
import { PADES_PROFILE, PLATFORM_NAME, platformSigner, signPdf } from './signing.ts';

export const IDENTITY_LABELS: Record<string, string> = {
  MO: '手机号',
  ID: '身份证号',
  USCID: '统一社会信用代码',
  ORGCODE: '组织机构代码',
  USERID: '保全网用户',
};

export function displayValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** Label of `type.field` with the template's labels when it has them: `user.phone_number（手机号）`. */
export function fieldLabel(t: BaoquanTenant, a: Attestation, type: string, field: string): string {
  const tpl = findTemplate(t, a.template_id);
  const schema = tpl?.factoids.find((s) => s.type === type);
  const label = schema?.fields.find((f) => f.name === field)?.label;
  return label ? `${type}.${field}（${label}）` : `${type}.${field}`;
}

export function certificateRows(
  rt: BaoquanRuntime,
  t: BaoquanTenant,
  a: Attestation,
): Array<[string, string]> {
  const tpl = findTemplate(t, a.template_id);
  const rows: Array<[string, string]> = [
    ['保全号 attestation_no', a.no],
    ['保全时间 attestation_at', formatBeijingTime(a.createdAt)],
    ['产品名称 product_name', t.productName],
    ['组织名称 organization_name', t.organizationName],
    ['模板', tpl ? `${tpl.name}（${a.template_id}）` : a.template_id],
  ];
  for (const [k, v] of Object.entries(a.identities))
    rows.push([`身份标识 ${k}${IDENTITY_LABELS[k] ? `（${IDENTITY_LABELS[k]}）` : ''}`, v]);
  if (a.sha256) rows.push(['文件 SHA-256', a.sha256]);
  for (const f of a.factoids) {
    const entries = Object.entries(f.data ?? {});
    if (entries.length === 0) rows.push([f.type, '（无数据）']);
    for (const [field, value] of entries) rows.push([fieldLabel(t, a, f.type, field), displayValue(value)]);
  }
  for (const [index, ids] of Object.entries(a.attachments)) {
    for (const id of ids) {
      const att = own(t.attachments, id);
      if (!att) continue;
      const signers = (att.signed ?? [])
        .map((s) => own(t.cas, s.caId))
        .map((ca) => (ca ? (ca.type === 'ENTERPRISE' ? ca.name : ca.link_name) : ''));
      const signedNote = signers.length ? `\n已电子签章：${signers.join('、')}` : '';
      rows.push([`附件（陈述 ${index}）`, `${att.fileName}\nSHA-256 ${att.checksum}${signedNote}`]);
    }
  }
  rows.push(['陈述状态', a.completed ? '已完成' : '未完成（陈述集尚未上传完成）']);
  return rows;
}

/**
 * The rendered certificate, signed by the platform's certificate: one invisible signature whose
 * /M is the rendering time (signing.ts). decision: baoquan.signer-certificates
 */
export async function renderAttestationCertificate(
  rt: BaoquanRuntime,
  t: BaoquanTenant,
  a: Attestation,
): Promise<Uint8Array> {
  const pdf = await renderCertificate({
    title: '保全证书',
    rows: certificateRows(rt, t, a),
    footer: '本保全文件由 sealsim 模拟生成，仅供测试，不具有法律效力。',
    seal: { kind: 'company', name: PLATFORM_NAME, centerText: '保全专用章' },
  });
  const signer = await platformSigner(rt, t);
  return signPdf(
    pdf,
    [],
    {
      signer,
      name: PLATFORM_NAME,
      fieldName: 'baoquan_certificate',
      reason: PADES_PROFILE.reasons.certificate,
    },
    rt.now(),
  );
}

/**
 * The certificate's bytes: the kept one of a completed attestation (rendered and stored on first
 * use, under the attestation's lock), or a fresh rendering of an incomplete one.
 */
export async function certificateBytes(
  rt: BaoquanRuntime,
  t: BaoquanTenant,
  a: Attestation,
): Promise<Uint8Array> {
  if (!a.completed) return renderAttestationCertificate(rt, t, a);
  return rt.lock(attestationLockKey(t, a.no), async () => {
    const kept = a.certificateBlobId ? rt.ctx.blobs.get(a.certificateBlobId) : undefined;
    if (kept) return kept.bytes;
    const bytes = await renderAttestationCertificate(rt, t, a);
    const blob = rt.ctx.blobs.put(bytes, {
      tenant: t.id,
      vendor: VENDOR,
      contentType: 'application/pdf',
      name: `${a.no}.pdf`,
    });
    a.certificateBlobId = blob.id;
    rt.changed();
    return bytes;
  });
}

export const ANCHOR_JOB = 'baoquan.anchor';

/**
 * Schedules blockchain anchoring of a just-completed attestation, anchorDelayMs of virtual time
 * from now (guess: the doc says only that blockchain_hash is empty until then).
 * decision: baoquan.anchor-delay
 */
export function scheduleAnchor(rt: BaoquanRuntime, t: BaoquanTenant, a: Attestation): void {
  rt.ctx.clock.scheduleIn(ANCHOR_JOB, Math.max(0, t.anchorDelayMs), { tenant: t.id, no: a.no });
}

/** The anchoring job: blockchain_hash = SHA-256 (hex) of the kept certificate. */
export async function anchor(rt: BaoquanRuntime, p: { tenant: string; no: string }): Promise<void> {
  const t = rt.tenants.get(p.tenant);
  const a = t ? own(t.attestations, p.no) : undefined;
  if (!t || !a || !a.completed || a.blockchainHash) return;
  const bytes = await certificateBytes(rt, t, a);
  a.blockchainHash = sha256Hex(bytes);
  a.anchoredAt = rt.now();
  rt.changed();
}
