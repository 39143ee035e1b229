/**
 * Seal placement for /sign/start (planning) and for each signature (stamping).
 *
 * Planning runs at /sign/start against each document's original bytes, so every error a
 * position can have (keyword absent, page out of range, 骑缝 on one page…) fails the start
 * call and nothing is created. Keyword hits are resolved to coordinates then and stored, so a
 * later signer's seal text can never be mistaken for the keyword.
 * decision: esign.positions-planned-at-start
 *
 * Rules (doc §4.9.1 docPosList; guesses marked):
 * - A signer without docPosList signs every document, at the default spot (the doc: the signer
 *   drags the seal on the page; the simulator has no dragging). Default spot (guess): the last
 *   page, seal centre 80 pt from the right and 110 pt from the bottom, moved 120 pt left for
 *   each earlier signer of the flow (4 per row, rows 130 pt apart), so signers never overlap.
 *   decision: esign.default-spot
 * - A signer with docPosList signs only the documents listed (doc: "签署人无需参与所有文档签署时
 *   包含该参数"). A docPos without posBeanList for signType 1/2 means the default spot (guess).
 *   decision: esign.docpos-without-beans
 * - signType 1 keyword: `key` required; the seal centre is the centre of every occurrence
 *   of the keyword plus (posX, posY). posPage is ignored for keywords (guess).
 *   decision: esign.keyword-every-occurrence
 * - signType 2 coordinates: posPage "1-3,5" (default page 1, guess), (posX, posY) is the
 *   seal centre in PDF points from the bottom-left (guess); a page outside the document or a
 *   point outside the page is an error.
 *   decision: esign.coordinates-seal-centre
 * - signType 3 骑缝: across all pages at the right edge, at height posY if given (guess: page
 *   middle otherwise); a one-page document cannot take a 骑缝 seal (guess).
 *   decision: esign.qifeng-right-edge
 * - signType absent (guess): 1 if a posBean has a key, else 2 if a posBean has posPage,
 *   else the default spot.
 *   decision: esign.sign-type-inferred
 * - scale: the seal's width in pt (doc: 印章展现宽度), 1..1000.
 * - qrcodeSign 1: a QR code of the flow-view URL beside the seal, except for 骑缝 and
 *   multi-page positions (doc: 另当签署类型为骑缝签和多页签时，该标识无效).
 *   decision: esign.scale-and-qrcode
 */
import {
  findKeyword,
  InvalidPdfError,
  isTooMany,
  pdfLayout,
  stampPdf,
  tooManyKeywordHits,
  type KeywordHit,
  type SealSpec,
  type Stamp,
  type TooManyHits,
} from '../core/pdf/index.ts';
import { signWithSeals } from '../core/pdf/sign/index.ts';
import type { SigningIdentity, TimeStampAuthority } from '../core/pki/index.ts';
import { esignCatalogue } from '../../contracts/esign/errors.ts';
import type { FlowDoc, PlannedStamp, SignerDocPlan } from './state.ts';

export interface PosBeanIn {
  posPage?: string;
  posX?: number;
  posY?: number;
  key?: string;
  scale?: number;
}

export interface DocPosIn {
  docId: string;
  signType?: number;
  qrcodeSign?: number;
  posBeanList?: PosBeanIn[];
}

export interface PlanDoc {
  docId: string;
  bytes: Uint8Array;
  sizes: Array<{ width: number; height: number }>;
  keywordCache: Map<string, Promise<Awaited<ReturnType<typeof findKeyword>>>>;
  /** The keywords of the request's positions on this document, found with its page sizes. */
  found: Map<string, KeywordHit[] | TooManyHits>;
}

/**
 * The document's page sizes and the hits of every keyword the request's positions (`positions`:
 * each signer's docPosList) place on it, from one load and one text extraction.
 */
export async function loadPlanDoc(
  docId: string,
  bytes: Uint8Array,
  positions: Array<DocPosIn[] | undefined> = [],
): Promise<PlanDoc> {
  const keywords = new Set<string>();
  for (const pos of positions.flat())
    if (pos?.docId === docId && inferSignType(pos) === 1)
      for (const b of pos.posBeanList ?? []) if (b.key?.trim()) keywords.add(b.key.trim());
  const { sizes, hits } = await readable(docId, pdfLayout(bytes, [...keywords]));
  const found = new Map([...keywords].map((k, i) => [k, hits[i]!]));
  return { docId, bytes, sizes, keywordCache: new Map(), found };
}

async function knownHits(hits: KeywordHit[] | TooManyHits): Promise<KeywordHit[]> {
  if (isTooMany(hits)) throw tooManyKeywordHits(hits.tooManyHits);
  return hits;
}

/**
 * A stored document over the PDF toolkit's bounds (core/pdf/bounds.ts: too many pages or keyword
 * hits, a decompression bomb…) or whose job ran out of time is refused as a corrupt file.
 * decision: esign.pdf-bounds
 */
async function readable<T>(docId: string, job: Promise<T>): Promise<T> {
  try {
    return await job;
  } catch (err) {
    if (err instanceof InvalidPdfError)
      esignCatalogue.fail('DOC_FILE_CORRUPT', `docId ${docId}: ${err.message}`);
    throw err;
  }
}

/** "1-3,5" → [1,2,3,5]; throws on garbage, reversed ranges or pages outside 1..count. */
export function parsePages(spec: string, count: number): number[] {
  const pages: number[] = [];
  for (const part of spec.split(',').map((s) => s.trim())) {
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
    if (!m) esignCatalogue.fail('POS_PAGE_INVALID', `posPage "${spec}"`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from) esignCatalogue.fail('POS_PAGE_INVALID', `posPage "${spec}"`);
    if (from < 1 || to > count)
      esignCatalogue.fail('PAGE_OUT_OF_RANGE', `posPage "${spec}"，文档共 ${count} 页`);
    for (let p = from; p <= to; p++) if (!pages.includes(p)) pages.push(p);
  }
  return pages;
}

export function defaultSpot(
  sizes: Array<{ width: number; height: number }>,
  signerIndex: number,
): { page: number; x: number; y: number } {
  const page = sizes.length;
  const { width } = sizes[page - 1]!;
  const col = signerIndex % 4;
  const row = Math.floor(signerIndex / 4);
  return { page, x: Math.max(60, width - 80 - col * 120), y: 110 + row * 130 };
}

function checkScale(scale: number | undefined): number | undefined {
  if (scale === undefined) return undefined;
  if (!Number.isFinite(scale) || scale < 1 || scale > 1000)
    esignCatalogue.fail('PARAM_INVALID', `scale ${scale}`);
  return scale;
}

function inferSignType(pos: DocPosIn): number | undefined {
  if (pos.signType !== undefined) return pos.signType;
  const beans = pos.posBeanList ?? [];
  if (beans.some((b) => b.key)) return 1;
  if (beans.some((b) => b.posPage)) return 2;
  return undefined;
}

/**
 * The plan for one signer across the flow's documents. Throws the catalogue's VendorError on any
 * bad position.
 */
export async function planSigner(
  docs: PlanDoc[],
  docPosList: DocPosIn[] | undefined,
  signerIndex: number,
): Promise<SignerDocPlan[]> {
  const byId = new Map(docs.map((d) => [d.docId, d]));
  const defaultPlan = (d: PlanDoc): PlannedStamp => {
    const spot = defaultSpot(d.sizes, signerIndex);
    return { placement: { kind: 'xy', ...spot }, describe: `默认位置：第 ${spot.page} 页右下方` };
  };
  if (!docPosList || docPosList.length === 0) {
    return docs.map((d) => ({ docId: d.docId, stamps: [defaultPlan(d)], defaulted: true }));
  }
  const plans = new Map<string, SignerDocPlan>();
  for (const pos of docPosList) {
    const d = byId.get(pos.docId);
    if (!d) esignCatalogue.fail('SIGN_DOC_NOT_IN_FLOW', `docId ${pos.docId}`);
    const plan = plans.get(d.docId) ?? { docId: d.docId, stamps: [], defaulted: false };
    plans.set(d.docId, plan);
    const signType = inferSignType(pos);
    if (signType !== undefined && ![1, 2, 3].includes(signType))
      esignCatalogue.fail('PARAM_INVALID', `signType ${signType}`);
    if (pos.qrcodeSign !== undefined && ![0, 1].includes(pos.qrcodeSign))
      esignCatalogue.fail('PARAM_INVALID', `qrcodeSign ${pos.qrcodeSign}`);
    const qr = pos.qrcodeSign === 1;
    const beans = pos.posBeanList ?? [];
    const pageCount = d.sizes.length;
    if (signType === 3) {
      if (pageCount < 2)
        esignCatalogue.fail('PARAM_INVALID', `骑缝签署需要文档至少 2 页（docId ${d.docId}）`);
      const all = Array.from({ length: pageCount }, (_, i) => i + 1);
      const list = beans.length ? beans : [{} as PosBeanIn];
      for (const b of list) {
        if (b.posY !== undefined && (b.posY < 0 || b.posY > Math.min(...d.sizes.map((s) => s.height)))) {
          esignCatalogue.fail('PARAM_INVALID', `posY ${b.posY}`);
        }
        plan.stamps.push({
          placement: { kind: 'edge', pages: all, ...(b.posY !== undefined ? { y: b.posY } : {}) },
          width: checkScale(b.scale),
          describe: `骑缝章：第 1-${pageCount} 页右侧边缘`,
        });
      }
      continue;
    }
    if (signType === undefined || beans.length === 0) {
      if (signType === 1) esignCatalogue.fail('KEYWORD_REQUIRED', `docId ${d.docId}`);
      plan.stamps.push({ ...defaultPlan(d), qrcode: qr || undefined });
      continue;
    }
    for (const b of beans) {
      const width = checkScale(b.scale);
      if (signType === 1) {
        const key = b.key?.trim();
        if (!key) esignCatalogue.fail('KEYWORD_REQUIRED', `docId ${d.docId}`);
        let hitsP = d.keywordCache.get(key);
        if (!hitsP) {
          const known = d.found.get(key);
          hitsP = readable(d.docId, known ? knownHits(known) : findKeyword(d.bytes, key));
          d.keywordCache.set(key, hitsP);
        }
        const hits = await hitsP;
        if (!hits.length)
          esignCatalogue.fail('KEYWORD_NOT_FOUND', `关键字「${key}」在文档 ${d.docId} 中不存在`);
        for (const h of hits) {
          plan.stamps.push({
            placement: {
              kind: 'xy',
              page: h.page,
              x: h.x + h.width / 2 + (b.posX ?? 0),
              y: h.y + h.height / 2 + (b.posY ?? 0),
            },
            width,
            qrcode: qr || undefined,
            describe: `关键字「${key}」：第 ${h.page} 页`,
          });
        }
        continue;
      }
      // signType 2: coordinates
      const pages = parsePages(b.posPage?.trim() || '1', pageCount);
      const x = b.posX ?? 0;
      const y = b.posY ?? 0;
      for (const p of pages) {
        const s = d.sizes[p - 1]!;
        if (x < 0 || y < 0 || x > s.width || y > s.height)
          esignCatalogue.fail(
            'PARAM_INVALID',
            `(${x}, ${y}) 超出第 ${p} 页 ${Math.round(s.width)}×${Math.round(s.height)}`,
          );
      }
      const desc = `坐标 (${x}, ${y})：第 ${pages.join(',')} 页`;
      plan.stamps.push(
        pages.length === 1
          ? {
              placement: { kind: 'xy', page: pages[0]!, x, y },
              width,
              qrcode: qr || undefined,
              describe: desc,
            }
          : { placement: { kind: 'pages', pages, x, y }, width, describe: desc },
      );
    }
  }
  return [...plans.values()];
}

export interface SealIdentity {
  kind: 'personal' | 'company';
  name: string;
}

export function sealSpec(who: SealIdentity): SealSpec {
  return who.kind === 'company' ? { kind: 'company', name: who.name } : { kind: 'personal', name: who.name };
}

function planStamps(plan: SignerDocPlan, who: SealIdentity, qrText: string): Stamp[] {
  const seal = sealSpec(who);
  return plan.stamps.map((s) => ({
    seal,
    placement: s.placement,
    ...(s.width !== undefined ? { width: s.width } : {}),
    ...(s.qrcode ? { qrcode: qrText } : {}),
  }));
}

/** Stamps one document's plan on its current bytes (the drawn seals only); returns the new bytes. */
export async function stampDoc(
  current: Uint8Array,
  plan: SignerDocPlan,
  who: SealIdentity,
  qrText: string,
): Promise<Uint8Array> {
  return (await stampPdf(current, planStamps(plan, who, qrText))).pdf;
}

/**
 * The signature dictionary esign's signatures carry (guesses: the doc shows no signed file).
 * decision: esign.pades-profile
 */
export const PADES_PROFILE = {
  subFilter: 'ETSI.CAdES.detached',
  reason: '电子合同签署',
  location: 'e签宝电子合同开放服务 (sealsim)',
} as const;

export interface DocSigner {
  identity: SigningIdentity;
  /** The signer's name for /Name: the seal's name. */
  name: string;
  /** The field's name; further seals of the same signer get `-2`, `-3`… */
  fieldName: string;
  /** The virtual clock's now: /M and the time stamp's genTime. */
  signingTime: Date;
  /** The vendor TSA: each signature embeds a signature time stamp. */
  tsa: TimeStampAuthority;
}

/**
 * Signs one document's plan on its current bytes: each placed seal is one PAdES signature whose
 * appearance is exactly what stampDoc draws there, appended as incremental updates, so earlier
 * signers' signatures stay valid. Returns the new bytes.
 */
export async function signDoc(
  current: Uint8Array,
  plan: SignerDocPlan,
  who: SealIdentity,
  qrText: string,
  signer: DocSigner,
): Promise<Uint8Array> {
  const signed = await signWithSeals(current, {
    appearance: planStamps(plan, who, qrText),
    fieldName: signer.fieldName,
    name: signer.name,
    reason: PADES_PROFILE.reason,
    location: PADES_PROFILE.location,
    signingTime: signer.signingTime,
    subFilter: PADES_PROFILE.subFilter,
    signer: signer.identity,
    timestamp: signer.tsa,
  });
  return signed.pdf;
}

export function docsOfPlans(plans: SignerDocPlan[], docs: FlowDoc[]): FlowDoc[] {
  const ids = new Set(plans.map((p) => p.docId));
  return docs.filter((d) => ids.has(d.docId));
}
