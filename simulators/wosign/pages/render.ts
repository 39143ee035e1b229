/**
 * HTML of a signer's page on WoSign's platform (server-rendered, Chinese, mobile-first): the
 * document, the order's signers and, when it is the signer's turn, 签署 and 拒签 as plain forms
 * (every action works without scripts). The document's pages are drawn by pdf.js when scripts run;
 * each page's text stays as the fallback. Everything the caller gave is escaped.
 */
import { escapeHtml as e, page } from '../../core/html.ts';
import { pageTextHtml } from '../../core/page-text.ts';
import { inlineStyle } from '../../core/security.ts';
import type { WosignOrder, WosignSigner, WosignSignerStatus } from '../state.ts';

const PAGE_STYLE = inlineStyle(
  '.pg{border:1px solid #ddd;border-radius:4px;padding:10px;margin:8px 0;background:#fff}' +
    '.me{font-weight:bold}' +
    '@media (max-width:640px){main{padding:10px}section.doc{padding:12px 6px}}',
);

const TITLE = '沃通电子签名 · 文件签署';

export const SIGNER_STATUS_TEXT: Record<WosignSignerStatus, string> = {
  waiting: '待签署',
  signing: '签署中',
  signed: '已签署',
  refused: '已拒签',
};

const ORDER_STATUS_TEXT: Record<WosignOrder['status'], string> = {
  signing: '签署中',
  signed: '已完成',
  refused: '已拒签',
};

/** What a POST tells the page it redirects to. */
export const PAGE_ERRORS: Record<string, string> = {
  'not-your-turn': '尚未轮到您签署，请等待前序签署人完成签署',
  'already-done': '您已完成操作，无需重复提交',
  'order-finished': '该文件的签署已结束，无法操作',
};

export interface SignPageView {
  order: WosignOrder;
  signer: WosignSigner;
  /** Where the forms post (`/sign`). */
  actionBase: string;
  /** Same-origin URL of the document as it is now (the seals of those who signed). */
  pdfUrl: string;
  /** Each page's text: the fallback the viewer replaces. */
  pages: string[][];
  /** The pdf.js page viewer module. */
  viewerUrl: string;
  error?: string;
  /** The page shown after the signer's action. */
  done: boolean;
}

const nameOf = (s: WosignSigner) => (s.signType === 1 ? s.orgName : s.userName) ?? '';
const kindOf = (s: WosignSigner) => (s.signType === 1 ? '单位' : '个人');

function statusLine(order: WosignOrder, s: WosignSigner): { text: string; cls: string } {
  if (s.status === 'signed') return { text: '您已完成签署', cls: 'ok' };
  if (s.status === 'refused') return { text: '您已拒签该文件', cls: 'err' };
  if (order.status !== 'signing')
    return { text: `该文件${ORDER_STATUS_TEXT[order.status]}，无法签署`, cls: 'err' };
  if (s.status === 'waiting') return { text: PAGE_ERRORS['not-your-turn']!, cls: 'muted' };
  return { text: '请阅读文件内容后签署', cls: '' };
}

function positionsText(s: WosignSigner): string {
  const pages = [...new Set(s.positions.map((p) => p.page))].sort((a, b) => a - b);
  return `第 ${pages.join('、')} 页，共 ${s.positions.length} 处`;
}

export function renderSignPage(v: SignPageView): string {
  const { order, signer } = v;
  const status = statusLine(order, signer);
  const hidden =
    `<input type="hidden" name="signid" value="${e(order.signid)}">` +
    `<input type="hidden" name="index" value="${signer.index}">` +
    `<input type="hidden" name="token" value="${e(signer.pageToken)}">`;
  const active = order.status === 'signing' && signer.status === 'signing';
  const actions = active
    ? `<section id="actions"><h3>签署</h3>
<p class="muted">签署后，您的签章将加盖在文件的签署位置（${e(positionsText(signer))}）。</p>
<form method="post" action="${e(v.actionBase)}/submit" id="form-sign">${hidden}` +
      `<button class="primary" type="submit" id="btn-sign">确认签署</button></form>
<form method="post" action="${e(v.actionBase)}/refuse" id="form-refuse">${hidden}` +
      `<button class="danger" type="submit" id="btn-refuse">拒签</button></form></section>`
    : '';
  const result = v.done
    ? signer.status === 'signed'
      ? `<section id="result"><h3 class="ok">签署成功</h3><p>您可以关闭本页面。</p></section>`
      : signer.status === 'refused'
        ? `<section id="result"><h3 class="err">已拒签</h3><p>您可以关闭本页面。</p></section>`
        : ''
    : '';
  const error = v.error
    ? `<p class="err" id="error" role="alert">${e(PAGE_ERRORS[v.error] ?? '操作失败')}</p>`
    : '';
  const rows = order.signers
    .map(
      (s) =>
        `<tr class="signer${s.index === signer.index ? ' me' : ''}" data-index="${s.index}">` +
        `<td>${s.index + 1}</td><td>${e(nameOf(s))}${s.index === signer.index ? '（您）' : ''}</td>` +
        `<td>${kindOf(s)}</td><td class="signer-status">${SIGNER_STATUS_TEXT[s.status]}</td></tr>`,
    )
    .join('');
  const pages = pageTextHtml(v.pages);
  const body =
    `<section id="order"><h3 id="subject">${e(order.subject || order.orderNumber)}</h3>
<table><tr><th>订单号</th><td id="order-number">${e(order.orderNumber)}</td></tr>
<tr><th>签署人</th><td id="signer">${e(nameOf(signer))}（${kindOf(signer)}签署）</td></tr>
<tr><th>签署状态</th><td id="signer-status">${SIGNER_STATUS_TEXT[signer.status]}</td></tr>
<tr><th>文件状态</th><td id="order-status">${ORDER_STATUS_TEXT[order.status]}</td></tr></table>
<p class="${status.cls}" id="status">${e(status.text)}</p>${error}</section>` +
    `${result}${actions}` +
    `<section id="signers"><h3>签署顺序</h3><table><tr><th>顺序</th><th>签署人</th><th>类型</th>` +
    `<th>状态</th></tr>${rows}</table></section>` +
    `<section class="doc"><h3>文件内容</h3><p class="muted">共 ${v.pages.length} 页</p>` +
    `<div class="pdf-view" data-pdf-src="${e(v.pdfUrl)}">${pages}</div></section>` +
    `<script type="module" src="${e(v.viewerUrl)}"></script>`;
  return page(TITLE, body, { head: PAGE_STYLE });
}

/** The page for a link that opens nothing. */
export function renderInvalid(message = '签署链接无效或已失效'): string {
  return page(TITLE, `<section><p class="err" id="error">${e(message)}</p></section>`);
}
