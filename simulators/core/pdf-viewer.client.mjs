// sealsim page viewer (runs in the browser; served as viewer.mjs by static-assets.ts, next to
// pdf.js). Renders the pages of every element carrying data-pdf-src:
//
//   <div class="pdf-view" data-pdf-src="same-origin URL of the PDF">
//     <div data-pdf-page="1">…the page as text (the fallback)…</div> …
//   </div>
//
// Each page is drawn into a <canvas> as wide as the element (devicePixelRatio aware, capped),
// under a transparent pdf.js text layer (select / find / copy still work), with 第 N 页 / 共 M 页
// above it. A page's fallback is replaced only once that page has rendered, so the text stays
// whenever scripts, modules, the worker or the PDF fail. The element's data-pdf-state goes
// loading → rendered (every page drawn) or failed (a note is shown, the text stays).
import { GlobalWorkerOptions, TextLayer, getDocument } from './pdf.min.mjs';

const here = new URL('./', import.meta.url);
GlobalWorkerOptions.workerSrc = new URL('pdf.worker.min.mjs', here).href;

const OPTIONS = {
  cMapUrl: new URL('cmaps/', here).href,
  cMapPacked: true,
  standardFontDataUrl: new URL('standard_fonts/', here).href,
  wasmUrl: new URL('wasm/', here).href,
  iccUrl: new URL('iccs/', here).href,
  isEvalSupported: false,
  enableXfa: false,
};

const MAX_DPR = 3;
const MAX_CANVAS_PIXELS = 12e6; // per page; above it the backing store is scaled down

const CSS =
  `
.pdf-view{min-width:0}
.pdfv-page{margin:10px 0 14px}
.pdfv-no{color:#888;font-size:13px;margin:0 0 4px}
.pdfv-sheet{position:relative;background:#fff;box-shadow:0 0 0 1px #ddd,0 1px 4px rgba(0,0,0,.12);` +
  `overflow:hidden;--scale-round-x:1px;--scale-round-y:1px}
.pdfv-canvas{display:block;width:100%;height:auto}
.pdfv-error{color:#c00;font-size:13px}
.pdfv-sheet .textLayer{position:absolute;text-align:initial;inset:0;overflow:clip;opacity:1;` +
  `line-height:1;-webkit-text-size-adjust:none;text-size-adjust:none;forced-color-adjust:none;` +
  `transform-origin:0 0;caret-color:CanvasText;z-index:0;
  --min-font-size:1;--text-scale-factor:calc(var(--total-scale-factor) * var(--min-font-size));` +
  `--min-font-size-inv:calc(1 / var(--min-font-size))}
.pdfv-sheet .textLayer :is(span,br){color:transparent;position:absolute;white-space:pre;` +
  `cursor:text;transform-origin:0% 0%}
.pdfv-sheet .textLayer > :not(.markedContent),.pdfv-sheet .textLayer .markedContent ` +
  `span:not(.markedContent){z-index:1;--font-height:0;` +
  `font-size:calc(var(--text-scale-factor) * var(--font-height));--scale-x:1;--rotate:0deg;` +
  `transform:rotate(var(--rotate)) scaleX(var(--scale-x)) scale(var(--min-font-size-inv))}
.pdfv-sheet .textLayer .markedContent{display:contents}
.pdfv-sheet .textLayer ::selection{background:rgba(0,0,255,.25)}
.pdfv-sheet .textLayer br::selection{background:transparent}
.pdfv-sheet .textLayer .endOfContent{display:block;position:absolute;inset:100% 0 0;z-index:0;` +
  `cursor:default;user-select:none}
.pdfv-sheet [data-main-rotation="90"]{transform:rotate(90deg) translateY(-100%)}
.pdfv-sheet [data-main-rotation="180"]{transform:rotate(180deg) translate(-100%,-100%)}
.pdfv-sheet [data-main-rotation="270"]{transform:rotate(270deg) translateX(-100%)}
`;

let styled = false;

// A constructed stylesheet: the page's CSP (core/security.ts) allows no inline <style> it has not
// hashed, and constructed sheets are not inline styles.
function addStyle() {
  if (styled) return;
  styled = true;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Draws one page; resolves with its <figure>, not yet in the document. */
async function renderPage(doc, n, cssWidth) {
  const page = await doc.getPage(n);
  const base = page.getViewport({ scale: 1 });
  const scale = cssWidth / base.width;
  let ratio = Math.min(window.devicePixelRatio || 1, MAX_DPR);
  const pixels = base.width * scale * ratio * base.height * scale * ratio;
  if (pixels > MAX_CANVAS_PIXELS) ratio *= Math.sqrt(MAX_CANVAS_PIXELS / pixels);

  const fig = el('figure', 'pdfv-page');
  fig.dataset.renderedPage = String(n);
  fig.appendChild(el('figcaption', 'pdfv-no', `第 ${n} 页 / 共 ${doc.numPages} 页`));
  const sheet = el('div', 'pdfv-sheet');
  sheet.style.aspectRatio = `${base.width} / ${base.height}`;
  sheet.style.setProperty('--total-scale-factor', String(scale));
  const canvas = el('canvas', 'pdfv-canvas');
  canvas.dataset.page = String(n);
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `第 ${n} 页`);
  const viewport = page.getViewport({ scale: scale * ratio });
  canvas.width = Math.max(1, Math.floor(viewport.width));
  canvas.height = Math.max(1, Math.floor(viewport.height));
  sheet.appendChild(canvas);
  fig.appendChild(sheet);

  await page.render({ canvas, viewport }).promise;
  try {
    const layer = el('div', 'textLayer');
    sheet.appendChild(layer);
    await new TextLayer({
      textContentSource: page.streamTextContent(),
      container: layer,
      viewport: page.getViewport({ scale }),
    }).render();
  } catch {
    // the picture is what matters; without a text layer the page is still shown
  }
  page.cleanup();
  // Stretched with the element afterwards (CSS width 100%): keep the text layer aligned.
  if (typeof ResizeObserver === 'function') {
    new ResizeObserver(() => {
      if (sheet.clientWidth)
        sheet.style.setProperty('--total-scale-factor', String(sheet.clientWidth / base.width));
    }).observe(sheet);
  }
  return fig;
}

async function renderView(view) {
  view.dataset.pdfState = 'loading';
  const task = getDocument({ url: view.dataset.pdfSrc, ...OPTIONS });
  const doc = await task.promise;
  try {
    view.dataset.pdfPages = String(doc.numPages);
    for (let n = 1; n <= doc.numPages; n++) {
      const cssWidth = view.clientWidth || 600;
      const fig = await renderPage(doc, n, cssWidth);
      // Swap in one step: the page is shown either as text or as the picture, never both.
      const fallback = view.querySelector(`:scope > [data-pdf-page="${n}"]`);
      if (fallback) fallback.replaceWith(fig);
      else view.appendChild(fig);
    }
    // Text pages the PDF does not have (it changed since the page was built): drop them.
    for (const rest of view.querySelectorAll(':scope > [data-pdf-page]')) rest.remove();
    view.dataset.pdfState = 'rendered';
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}

async function main() {
  const views = [...document.querySelectorAll('[data-pdf-src]')];
  if (!views.length) return;
  addStyle();
  for (const view of views) {
    try {
      await renderView(view);
    } catch (err) {
      view.dataset.pdfState = 'failed';
      const note = el('p', 'pdfv-error', '页面预览加载失败，以下为文字版内容。');
      note.setAttribute('role', 'status');
      view.prepend(note);
      console.warn('sealsim viewer:', err);
    }
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', main, { once: true });
else main();
