/**
 * HTML of the 云合同 signing page (合同签署, the page the JS SDK opens): server-rendered, Chinese,
 * mobile-first (the desktop view is the same page, wider). Everything the caller gave is escaped;
 * the page carries no inline script or style attribute (core/security.ts): its script
 * (contract-view.client.mjs) reads what it needs from the data attributes of `#yht-page`.
 */
import { escapeHtml as e, page } from '../../core/html.ts';
import { pageTextHtml } from '../../core/page-text.ts';
import { inlineStyle } from '../../core/security.ts';

const PAGE_STYLE = inlineStyle(
  '#sign-pad{display:block;width:100%;height:180px;border:1px dashed #999;border-radius:6px;' +
    'background:#fff;touch-action:none;cursor:crosshair}' +
    '#sign-list{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}' +
    '.sign-choice{display:flex;align-items:center;gap:6px;border:1px solid #ddd;border-radius:6px;' +
    'padding:6px;background:#fff}.sign-choice img{height:56px;max-width:180px}' +
    '.sign-choice button{font-size:13px;padding:4px 8px}.me{font-weight:bold}' +
    '.pg{border:1px solid #ddd;border-radius:4px;padding:10px;margin:8px 0;background:#fff}' +
    '[hidden]{display:none!important}',
);
const DESKTOP_STYLE = inlineStyle('main{max-width:1100px}#sign-pad{height:220px}');

export interface PartnerView {
  appUserId: string;
  userName: string;
  signed: boolean;
  /** The token's user. */
  me: boolean;
  /** Where the seal goes: `关键字「…」` or `签署位置「…」`. */
  place: string;
}

export interface ContractPageView {
  mobile: boolean;
  /** The API base (`/sdk`) the page's script posts to. */
  apiBase: string;
  token: string;
  contractId: string;
  title: string;
  statusText: string;
  partners: PartnerView[];
  /** The token user's own part; undefined when they are not a partner (the platform viewing). */
  mine?: PartnerView;
  /** The user may sign now (their part pending, the contract open). */
  canSign: boolean;
  /** Other pending parts `contract/allSign` signs with theirs (names), empty when none. */
  allSignAlso: string[];
  /** Same-origin URL of the current PDF, for the viewer. */
  pdfUrl: string;
  /** Each page's text: the fallback the viewer replaces. */
  pages: string[][];
  /** The pdf.js page viewer module. */
  viewerUrl: string;
  /** The page's own script. */
  scriptUrl: string;
  /** Where the page goes after signing: an http(s) URL or none. */
  backUrl?: string;
  /** The page shown again after signing (no backURL). */
  done: boolean;
}

function partnerRows(partners: PartnerView[]): string {
  return partners
    .map(
      (p) =>
        `<tr class="partner${p.me ? ' me' : ''}" data-app-user-id="${e(p.appUserId)}">` +
        `<td>${e(p.userName)}${p.me ? '（您）' : ''}</td><td>${e(p.place)}</td>` +
        `<td class="partner-status">${p.signed ? '已签署' : '未签署'}</td></tr>`,
    )
    .join('');
}

function statusLine(v: ContractPageView): { text: string; cls: string } {
  if (!v.mine) return { text: '您不是该合同的签署方，仅可查看', cls: 'muted' };
  if (v.mine.signed) return { text: '您已完成签署', cls: 'ok' };
  if (!v.canSign) return { text: `合同${v.statusText}，无法签署`, cls: 'err' };
  return { text: '请阅读合同内容，选择或绘制签名后签署', cls: '' };
}

export function renderContractPage(v: ContractPageView): string {
  const status = statusLine(v);
  const data =
    ` data-api="${e(v.apiBase)}" data-token="${e(v.token)}" data-contract-id="${e(v.contractId)}"` +
    (v.backUrl ? ` data-back-url="${e(v.backUrl)}"` : '');
  const result =
    v.done && v.mine?.signed
      ? `<section id="result"><h3 class="ok">签署成功</h3><p>合同已签署，您可以关闭本页面。</p></section>`
      : '';
  const allSign = v.allSignAlso.length
    ? `<button class="primary" type="button" id="btn-all-sign">一起签署（含 ${v.allSignAlso
        .map((n) => e(n))
        .join('、')}）</button>`
    : '';
  const actions = v.canSign
    ? `<section id="actions"><h3>签署</h3>
<p class="muted">选择一个签名，或在下方手写后保存。</p>
<div id="sign-list" aria-live="polite"></div>
<p id="sign-empty" class="muted" hidden>您还没有签名，请在下方手写签名并保存。</p>
<canvas id="sign-pad" aria-label="手写签名区"></canvas>
<p><button type="button" id="btn-clear">清除</button>` +
      `<button type="button" id="btn-save-sign">保存签名</button></p>
<p><button class="primary" type="button" id="btn-sign" disabled>签署</button>${allSign}</p></section>`
    : '';
  const pages = pageTextHtml(v.pages);
  const body =
    `<div id="yht-page"${data}>` +
    `<section id="contract"><h3 id="title">${e(v.title)}</h3>
<table><tr><th>合同编号</th><td id="contract-id">${e(v.contractId)}</td></tr>
<tr><th>合同状态</th><td id="contract-status">${e(v.statusText)}</td></tr></table>
<p class="${status.cls}" id="status">${e(status.text)}</p>
<p class="err" id="error" role="alert" hidden></p><p class="ok" id="notice" hidden></p></section>` +
    `${result}${actions}` +
    `<section id="partners"><h3>签署方</h3><table><tr><th>签署方</th><th>签署位置</th><th>状态</th></tr>` +
    `${partnerRows(v.partners)}</table></section>` +
    `<section class="doc"><h3>合同内容</h3><p class="muted">共 ${v.pages.length} 页</p>` +
    `<div class="pdf-view" data-pdf-src="${e(v.pdfUrl)}">${pages}</div></section></div>` +
    `<script type="module" src="${e(v.viewerUrl)}"></script>` +
    `<script type="module" src="${e(v.scriptUrl)}"></script>`;
  return page('云合同 · 合同签署', body, { head: v.mobile ? PAGE_STYLE : PAGE_STYLE + DESKTOP_STYLE });
}

/** The page when it cannot show the contract: the vendor's subCode and message. */
export function renderPageError(subCode: number, message: string): string {
  return page(
    '云合同 · 合同签署',
    `<section><p class="err" id="error" data-sub-code="${subCode}">${e(message)}</p></section>`,
  );
}
