/* global window, document, fetch, sessionStorage, navigator, URLSearchParams */
// The dashboard's script (core/dashboard.ts): polls the live fragment, sends the buttons' control
// requests as JSON with the control token, copies codes, and shows the request journal.
// The token arrives once in the dashboard URL (`/?token=…`, printed at start) and is kept in
// sessionStorage for this tab; the control API's guard wants it on every request.
const POLL_MS = 1500;

const urlToken = new URLSearchParams(window.location.search).get('token');
if (urlToken) sessionStorage.setItem('sealsim-token', urlToken);
const token = () => sessionStorage.getItem('sealsim-token');

function headers(json) {
  const h = {};
  if (json) h['content-type'] = 'application/json';
  const t = token();
  if (t) h['x-sealsim-token'] = t;
  return h;
}

const status = document.getElementById('status');
function say(text, ok) {
  status.textContent = text;
  status.className = `small ${ok ? 'ok' : 'err'}`;
}

const live = document.getElementById('live');
let lastLive = live.innerHTML;

/** Whether the user has text selected inside `el` (a code being copied): then leave it as it is. */
function selecting(el) {
  const sel = window.getSelection();
  return Boolean(sel && !sel.isCollapsed && el.contains(sel.anchorNode));
}

async function refresh() {
  try {
    const res = await fetch(live.dataset.live, { headers: headers(false), cache: 'no-store' });
    if (res.status === 401) {
      say('The control API needs its token: open the dashboard URL printed at start (…/?token=…).', false);
      return;
    }
    const html = await res.text();
    if (res.ok && html !== lastLive && !selecting(live)) {
      live.innerHTML = html;
      lastLive = html;
    }
  } catch {
    // The simulator stopped or restarts: try again at the next tick.
  }
  await refreshJournal();
}

const journal = document.getElementById('journal');
const journalRows = document.getElementById('journal-rows');
let lastJournal = '';

function cell(text, tag = 'td') {
  const el = document.createElement(tag);
  el.textContent = text;
  return el;
}

const beijing = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** The journal (GET /__sim/requests), vendor requests only: the dashboard's own polling is not news. */
async function refreshJournal() {
  let body;
  try {
    const res = await fetch('/__sim/requests?limit=200', { headers: headers(false), cache: 'no-store' });
    if (!res.ok) return;
    body = await res.json();
  } catch {
    return;
  }
  const entries = (body.requests || [])
    .filter((r) => r.vendor !== 'control')
    .slice(-40)
    .reverse();
  const key = JSON.stringify(entries.map((r) => r.id));
  journal.hidden = false;
  if (key === lastJournal || selecting(journal)) return;
  lastJournal = key;
  const table = document.createElement('table');
  const head = document.createElement('tr');
  for (const h of [
    'time (Asia/Shanghai)',
    'vendor',
    'tenant',
    'request',
    'status',
    'code',
    'ms',
    'diagnostic',
  ])
    head.append(cell(h, 'th'));
  table.append(head);
  for (const r of entries) {
    const tr = document.createElement('tr');
    const diag = cell(r.diagnostic ? r.diagnostic.summary : '');
    if (r.diagnostic) {
      const pre = document.createElement('pre');
      pre.className = 'small';
      // Wrapped, or a long string-to-sign widens the page (set through the CSSOM: the stylesheet's
      // hash is in every vendor page's CSP, core/security.ts, so it stays as it is).
      pre.style.whiteSpace = 'pre-wrap';
      pre.style.overflowWrap = 'anywhere';
      pre.textContent = Object.entries(r.diagnostic.details || {})
        .map(([k, v]) => `${k}: ${v}`)
        .join('\n');
      diag.append(pre);
    }
    tr.append(
      cell(beijing.format(new Date(r.at))),
      cell(r.vendor),
      cell(r.tenant || ''),
      cell(`${r.method} ${r.path}`),
      cell(String(r.status)),
      cell(r.code === undefined ? '' : String(r.code)),
      cell(String(Math.round(r.durationMs))),
      diag,
    );
    table.append(tr);
  }
  if (!entries.length) journalRows.replaceChildren(cell('No vendor requests yet.', 'p'));
  else journalRows.replaceChildren(table);
}

/** Opens in a new tab what an answer names: an `open` URL (JSON), or the file it is (a PDF). */
async function opened(res) {
  const type = res.headers.get('content-type') || '';
  if (!res.ok || !type || res.status === 204) return undefined;
  if (!type.includes('json')) {
    window.open(window.URL.createObjectURL(await res.blob()), '_blank');
    return `opened the ${type.split(';')[0]} in a new tab`;
  }
  const text = await res.text();
  try {
    const body = JSON.parse(text);
    if (typeof body.open === 'string' && /^https?:\/\//.test(body.open)) window.open(body.open, '_blank');
  } catch {
    // not JSON after all: shown as text below
  }
  return text;
}

async function send(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: headers(body !== undefined),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = (await opened(res.clone())) ?? (await res.text());
  say(`${method} ${path} → ${res.status} ${text.slice(0, 300)}`, res.ok);
  await refresh();
}

document.addEventListener('click', async (ev) => {
  const el = ev.target instanceof window.Element ? ev.target.closest('button') : null;
  if (!el) return;
  if (el.dataset.copy !== undefined) {
    try {
      await navigator.clipboard.writeText(el.dataset.copy);
      say(`copied ${el.dataset.copy}`, true);
    } catch {
      say('the browser did not allow copying: select the code instead', false);
    }
    return;
  }
  if (!el.dataset.path) return;
  el.disabled = true;
  try {
    const body = el.dataset.body === undefined ? undefined : JSON.parse(el.dataset.body);
    await send(el.dataset.method || 'POST', el.dataset.path, body);
  } finally {
    el.disabled = false;
  }
});

document.getElementById('fault-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const form = new window.FormData(ev.target);
  const rule = { vendor: form.get('vendor') };
  const route = String(form.get('route') || '').trim();
  if (route) rule.route = route;
  for (const k of ['status', 'times']) {
    const v = String(form.get(k) || '').trim();
    if (v) rule[k] = Number(v);
  }
  const vendorError = String(form.get('vendorError') || '').trim();
  if (vendorError) rule.vendorError = /^-?\d+$/.test(vendorError) ? Number(vendorError) : vendorError;
  await send('POST', '/__sim/faults', rule);
});

// datetime-local gives `YYYY-MM-DDTHH:mm[:ss]` with no zone: the page's times are Beijing time.
document.getElementById('clock-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const at = String(new window.FormData(ev.target).get('at') || '');
  if (!at) return;
  await send('POST', '/__sim/clock/set', { now: `${at.length === 16 ? `${at}:00` : at}+08:00` });
});

window.setInterval(refresh, POLL_MS);
refresh();
