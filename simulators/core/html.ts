/** Escaping and the frame of the server-rendered pages (dashboard, signing pages, viewers). */
import { inlineStyle } from './security.ts';

export function escapeHtml(s: unknown): string {
  return String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const PAGE_STYLE = inlineStyle(
  `
body{font-family:"WenQuanYi Micro Hei","Noto Sans SC",system-ui,sans-serif;margin:0;` +
    `background:#f5f6f8;color:#222}
header{background:#1f3a5f;color:#fff;padding:12px 20px;font-size:18px}
main{max-width:960px;margin:0 auto;padding:16px}
section{background:#fff;border-radius:8px;padding:14px 18px;margin:12px 0;` +
    `box-shadow:0 1px 3px rgba(0,0,0,.08)}
table{border-collapse:collapse;width:100%;font-size:14px}td,th{border-bottom:1px solid #eee;` +
    `padding:6px;text-align:left;vertical-align:top}
code{background:#f0f0f0;padding:1px 4px;border-radius:3px}
button{font-size:16px;padding:10px 18px;border-radius:6px;border:0;margin:4px;cursor:pointer}
.primary{background:#1677ff;color:#fff}.danger{background:#ff4d4f;color:#fff}
input{font-size:16px;padding:8px;border:1px solid #ccc;border-radius:6px}
.muted{color:#888;font-size:13px}.err{color:#c00}.ok{color:#080}
img.pg{width:100%;border:1px solid #ddd;margin:6px 0;background:#fff}
`,
);

/**
 * A whole page. `head`: more `<style>` elements made by `inlineStyle()` (core/security.ts) at
 * module load, so the CSP allows them; pages carry no inline scripts or style attributes.
 */
export function page(
  title: string,
  body: string,
  opts: { refreshSeconds?: number; head?: string } = {},
): string {
  return (
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
${opts.refreshSeconds ? `<meta http-equiv="refresh" content="${opts.refreshSeconds}">` : ''}
<title>${escapeHtml(title)}</title>
${PAGE_STYLE}${opts.head ?? ''}</head><body><header>${escapeHtml(title)}</header>` +
    `<main>${body}</main></body></html>`
  );
}
