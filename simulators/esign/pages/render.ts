/** HTML of the H5 signing page and the flow-view page (server-rendered, Chinese, mobile-first). */
import { escapeHtml as e, page } from '../../core/html.ts';
import { pageTextHtml } from '../../core/page-text.ts';
import { inlineStyle, isHttpUrl } from '../../core/security.ts';
import { mask } from '../codes.ts';
import { FLOW_STATUS_TEXT, SIGN_STATUS_TEXT } from '../flow.ts';
import { own, type EsignTenant, type Flow, type Signer } from '../state.ts';
import { formatBeijingTime } from '../../core/time.ts';

/** The sign page's own rules (the CSP allows only registered inline styles, no style attributes). */
const SIGN_PAGE_STYLE = inlineStyle(
  '#code{width:10em}#reason{width:100%;font-size:16px}' +
    '.pg{border:1px solid #ddd;border-radius:4px;padding:10px;margin:8px 0;background:#fff}',
);
// Phones: give the drawn pages the whole width.
const PHONE_STYLE = inlineStyle(
  '@media (max-width:640px){main{padding:10px}section.doc{padding:12px 6px}' +
    'section.doc>h3,section.doc>p{margin-left:6px;margin-right:6px}}',
);

export interface DocView {
  docId: string;
  name: string;
  /** Signed OSS download URL, for the "打开 PDF 文件" link. */
  pdfUrl: string;
  /** Same-origin, signer-scoped URL of the current PDF, for the in-page viewer. */
  viewUrl: string;
  /** Extracted text lines per page: the no-script / render-failure fallback. */
  pages: string[][];
  mine: string[];
}

export const NOTICES: Record<string, string> = {
  sent: '验证码已发送',
};

export const ERRORS: Record<string, string> = {
  'code-missing': '请输入验证码',
  'code-none': '请先获取验证码',
  'code-wrong': '验证码错误，请重新输入',
  'code-expired': '验证码已过期，请重新获取',
  'code-locked': '验证码错误次数过多，请重新获取',
  throttled: '验证码发送过于频繁，请 60 秒后再试',
  'no-contact': '该签署人未预留手机号或邮箱，无法发送验证码',
  'not-running': '签署流程不在签署中，无法操作',
  'not-your-turn': '尚未轮到您签署',
  'already-done': '您已完成操作，无需重复提交',
  failed: '签署失败，签署任务已终止',
};

function subjectOf(t: EsignTenant, s: Signer): string {
  if (s.kind === 'platform') return `${t.name}（对接平台）`;
  const person = own(t.accounts, s.accountId)?.name ?? s.accountId;
  const org = s.authorizationOrgId ? own(t.accounts, s.authorizationOrgId)?.name : undefined;
  return org ? `${person}（代表 ${org} 签署）` : person;
}

function statusLine(flow: Flow, s: Signer): { text: string; cls: string } {
  if (s.signStatus === 2) return { text: '您已完成签署', cls: 'ok' };
  if (s.signStatus === 4) return { text: '您已拒签该合同', cls: 'err' };
  if (s.signStatus === 3) return { text: '签署失败', cls: 'err' };
  if (flow.flowStatus === 0) return { text: '签署流程尚未开始，请等待发起方启动签署', cls: 'muted' };
  if (flow.flowStatus !== 1)
    return { text: `签署流程已结束（${FLOW_STATUS_TEXT[flow.flowStatus]}），无法签署`, cls: 'err' };
  if (s.signStatus === 0) return { text: '尚未轮到您签署，请等待前序签署人完成签署', cls: 'muted' };
  return { text: '请阅读合同内容，获取验证码后完成签署', cls: '' };
}

export function renderSignPage(opts: {
  t: EsignTenant;
  flow: Flow;
  signer: Signer;
  docs: DocView[];
  actionBase: string;
  /** The pdf.js page viewer module (draws the pages into canvases); none = text only. */
  viewerUrl?: string;
  notice?: string;
  error?: string;
  done?: boolean;
}): string {
  const { t, flow, signer, docs } = opts;
  const status = statusLine(flow, signer);
  const hidden =
    `<input type="hidden" name="flowId" value="${e(flow.flowId)}">` +
    `<input type="hidden" name="accountId" value="${e(signer.accountId)}">` +
    `<input type="hidden" name="token" value="${e(signer.token)}">`;
  const active = flow.flowStatus === 1 && signer.signStatus === 1;
  const sentTo = signer.verify
    ? `${signer.verify.channel === 'sms' ? '手机' : '邮箱'} ${mask(signer.verify.to)}`
    : '';
  const noticeText = (notice: string) =>
    notice === 'sent' && sentTo ? `验证码已发送至${sentTo}` : (NOTICES[notice] ?? notice);
  const messages = [
    opts.notice ? `<p class="ok" id="notice">${e(noticeText(opts.notice))}</p>` : '',
    opts.error ? `<p class="err" id="error">${e(ERRORS[opts.error] ?? opts.error)}</p>` : '',
  ].join('');
  // Only an http(s) redirectUrl is ever shown or followed (/sign/start refuses others; a flow
  // restored from older state may still hold one). decision: esign.result-redirect, esign.redirect-url-http
  const redirect =
    opts.done &&
    flow.redirectUrl &&
    isHttpUrl(flow.redirectUrl) &&
    (signer.signStatus === 2 || signer.signStatus === 4)
      ? `<p id="redirect">3 秒后返回：<a href="${e(flow.redirectUrl)}">${e(flow.redirectUrl)}</a></p>` +
        `<meta http-equiv="refresh" content="3;url=${e(flow.redirectUrl)}">`
      : '';
  const resultClass = signer.signStatus === 2 ? 'ok' : 'err';
  const resultText = signer.signStatus === 2 ? '签署成功' : signer.signStatus === 4 ? '已拒签' : '操作完成';
  const result = opts.done
    ? `<section id="result"><h3 class="${resultClass}">${resultText}</h3>${redirect}</section>`
    : '';
  const actions = active
    ? `<section id="actions"><h3>签署</h3>
<form method="post" action="${e(opts.actionBase)}/code" id="form-code">${hidden}` +
      `<button class="primary" type="submit" id="btn-code">获取验证码</button></form>
<form method="post" action="${e(opts.actionBase)}/submit" id="form-sign">${hidden}
<p><input name="code" id="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" ` +
      `placeholder="6 位验证码"></p>
<button class="primary" type="submit" id="btn-sign">签署</button></form>
<form method="post" action="${e(opts.actionBase)}/refuse" id="form-refuse">${hidden}
<p><textarea name="reason" id="reason" rows="2" maxlength="200" placeholder="拒签原因（选填）"></textarea></p>
<button class="danger" type="submit" id="btn-refuse">拒签</button></form></section>`
    : '';
  const docHtml = docs
    .map(
      (d) =>
        `<section class="doc" data-doc-id="${e(d.docId)}"><h3>《${e(d.name)}》</h3>
<p class="muted">共 ${d.pages.length} 页 · ` +
        `<a href="${e(d.pdfUrl)}" target="_blank" rel="noopener">打开 PDF 文件</a></p>
${d.mine.length ? `<p>您的签署位置：${d.mine.map((m) => e(m)).join('；')}</p>` : ''}
<div class="pdf-view"${opts.viewerUrl ? ` data-pdf-src="${e(d.viewUrl)}"` : ''}>` +
        `${pageTextHtml(d.pages)}</div></section>`,
    )
    .join('');
  const viewer =
    opts.viewerUrl && docs.length
      ? `${PHONE_STYLE}<script type="module" src="${e(opts.viewerUrl)}"></script>`
      : '';
  // The certificate the signer's signatures carry (issue 10), once it has signed.
  const cert = signer.certificate;
  const certificate = cert
    ? `<section id="certificate"><h3>签署证书</h3><table>` +
      `<tr><th>证书主题</th><td id="cert-subject">${e(cert.subject)}</td></tr>` +
      `<tr><th>颁发者</th><td id="cert-issuer">${e(cert.issuer)}</td></tr>` +
      `<tr><th>序列号</th><td id="cert-serial">${e(cert.serialNumber)}</td></tr>` +
      `<tr><th>有效期</th><td id="cert-validity">${e(formatBeijingTime(cert.notBefore))} 至 ` +
      `${e(formatBeijingTime(cert.notAfter))}</td></tr></table></section>`
    : '';
  const deadline =
    flow.signValidity !== undefined
      ? `<tr><th>签署截止</th><td>${e(formatBeijingTime(flow.signValidity))}</td></tr>`
      : '';
  const body =
    `<section id="flow"><h3>${e(flow.businessScene)}</h3>
<table><tr><th>签署人</th><td id="signer">${e(subjectOf(t, signer))}</td></tr>
<tr><th>签署状态</th><td id="sign-status">${e(SIGN_STATUS_TEXT[signer.signStatus])}</td></tr>
<tr><th>流程状态</th><td id="flow-status">${e(FLOW_STATUS_TEXT[flow.flowStatus])}</td></tr>
${deadline}</table>
<p class="${status.cls}" id="status">${e(status.text)}</p>${messages}</section>` +
    `${result}${certificate}${actions}${docHtml}${viewer}`;
  return page('e签宝 · 合同签署', body, { head: SIGN_PAGE_STYLE });
}

export function renderFlowView(t: EsignTenant, flow: Flow): string {
  const maskName = (n: string) => (n.length <= 1 ? n : `${n[0]}${'*'.repeat(Math.min(n.length - 1, 3))}`);
  const rows = flow.signers
    .map((s) => {
      const name =
        s.kind === 'platform'
          ? t.name
          : maskName(
              s.authorizationOrgId
                ? (own(t.accounts, s.authorizationOrgId)?.name ?? '')
                : (own(t.accounts, s.accountId)?.name ?? ''),
            );
      const time = s.signTime === undefined ? '' : e(formatBeijingTime(s.signTime));
      return `<tr><td>${e(name)}</td><td>${e(SIGN_STATUS_TEXT[s.signStatus])}</td><td>${time}</td></tr>`;
    })
    .join('');
  const flowStatus = e(FLOW_STATUS_TEXT[flow.flowStatus]);
  const ended = flow.endTime ? ` · 结束时间 ${e(formatBeijingTime(flow.endTime))}` : '';
  return page(
    'e签宝 · 签署任务查看',
    `<section><h3>${e(flow.businessScene)}</h3><p>流程状态：<b id="flow-status">${flowStatus}</b></p>
<p>合同：${flow.docs.map((d) => `《${e(d.name)}》`).join('、')}</p>
<p class="muted">发起时间 ${e(formatBeijingTime(flow.createTime))}${ended}</p>
<table><tr><th>签署方</th><th>状态</th><th>签署时间</th></tr>${rows}</table></section>`,
  );
}

export function renderInvalid(message = '签署链接无效或已失效'): string {
  return page('e签宝 · 合同签署', `<section><p class="err" id="error">${e(message)}</p></section>`);
}
