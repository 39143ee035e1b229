// The 云合同 signing page's script (runs in the browser; served by simulators/yunhetong-sdk/pages).
// The page's HTML is rendered by the server (pages/render.ts); this script adds what needs one:
// - the user's signatures from sign/getSign, one to choose (a radio per image) and delete
//   (sign/delSign);
// - a canvas to draw a signature on, saved as a Base64 PNG with sign/createSign;
// - 签署 (contract/sign) and 一起签署 (contract/allSign) with the chosen signature; afterwards the
//   page goes to the backURL attached to the token (data-back-url: the server passes http(s) only),
//   or shows itself again in its done state.
// Each call is a form POST with `token`, answered in the vendor's envelope; a failure's message is
// shown in #error (as text). No inline script or style: the page's CSP allows neither.

const root = document.getElementById('yht-page');

function show(id, text) {
  const el = document.getElementById(id);
  if (!el) return;
  el.textContent = text;
  el.hidden = !text;
}

function fail(err) {
  show('notice', '');
  show('error', err && err.message ? err.message : String(err));
}

/** A page endpoint: POST <api><path> with the token; resolves with `value`, rejects with `message`. */
async function call(path, fields = {}) {
  const body = new URLSearchParams({ token: root.dataset.token, ...fields });
  const res = await fetch(`${root.dataset.api}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
    body,
  });
  if (!res.ok) throw new Error(`请求失败（HTTP ${res.status}）`);
  const answer = await res.json();
  if (answer.code !== 200 || answer.subCode !== 200) {
    const err = new Error(answer.message || '请求失败');
    err.subCode = answer.subCode;
    throw err;
  }
  return answer.value;
}

// ── signatures ──────────────────────────────────────────────────────────────────────────────

/** The signatures sign/getSign lists: `{signId, type, kind, imageUrl, gmtCreate}`. */
function signaturesOf(value) {
  return value && Array.isArray(value.signs) ? value.signs : [];
}

async function loadSignatures(select) {
  const list = document.getElementById('sign-list');
  const signs = signaturesOf(await call('/sign/getSign'));
  const chosen = select ?? list.querySelector('input[name="signId"]:checked')?.value;
  list.replaceChildren();
  for (const sign of signs) {
    const id = String(sign.signId);
    const label = document.createElement('label');
    label.className = 'sign-choice';
    label.dataset.signId = id;
    label.dataset.type = sign.type;
    const radio = document.createElement('input');
    radio.type = 'radio';
    radio.name = 'signId';
    radio.value = id;
    const img = new Image();
    img.alt = '签名';
    img.src = sign.imageUrl;
    const del = document.createElement('button');
    del.type = 'button';
    del.className = 'btn-del-sign';
    del.textContent = '删除';
    del.addEventListener('click', (ev) => {
      ev.preventDefault();
      deleteSignature(id);
    });
    label.append(radio, img);
    // The automatic signature (made from the user name) cannot be deleted.
    if (sign.type === 'drawn') label.append(del);
    list.append(label);
  }
  const radios = [...list.querySelectorAll('input[name="signId"]')];
  const pick = radios.find((r) => r.value === chosen) ?? radios[0];
  if (pick) pick.checked = true;
  show('sign-empty', radios.length ? '' : '您还没有签名，请在下方手写签名并保存。');
  document.getElementById('btn-sign').disabled = !pick;
  const all = document.getElementById('btn-all-sign');
  if (all) all.disabled = !pick;
}

async function deleteSignature(id) {
  try {
    await call('/sign/delSign', { signId: id });
    show('notice', '签名已删除');
    show('error', '');
    await loadSignatures();
  } catch (err) {
    fail(err);
  }
}

// ── the drawing pad ─────────────────────────────────────────────────────────────────────────

function setUpPad(canvas) {
  let drawn = false;
  let last;
  const ctx = canvas.getContext('2d');
  const size = () => {
    const ratio = Math.min(window.devicePixelRatio || 1, 3);
    canvas.width = Math.max(1, Math.round(canvas.clientWidth * ratio));
    canvas.height = Math.max(1, Math.round(canvas.clientHeight * ratio));
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.lineWidth = 3;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = '#000';
    drawn = false;
  };
  size();
  const at = (ev) => {
    const box = canvas.getBoundingClientRect();
    return { x: ev.clientX - box.left, y: ev.clientY - box.top };
  };
  canvas.addEventListener('pointerdown', (ev) => {
    ev.preventDefault();
    canvas.setPointerCapture(ev.pointerId);
    last = at(ev);
    ctx.beginPath();
    ctx.arc(last.x, last.y, ctx.lineWidth / 2, 0, Math.PI * 2);
    ctx.fillStyle = '#000';
    ctx.fill();
    drawn = true;
  });
  canvas.addEventListener('pointermove', (ev) => {
    if (!last) return;
    const p = at(ev);
    ctx.beginPath();
    ctx.moveTo(last.x, last.y);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
    last = p;
  });
  const end = () => {
    last = undefined;
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  return {
    clear: size,
    drawn: () => drawn,
    /** The drawing as Base64 PNG (no data: prefix). */
    png: () => canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, ''),
  };
}

// ── signing ─────────────────────────────────────────────────────────────────────────────────

function chosenSignId() {
  return document.querySelector('#sign-list input[name="signId"]:checked')?.value;
}

function afterSigning() {
  const back = root.dataset.backUrl;
  if (back) {
    location.assign(back);
    return;
  }
  const url = new URL(location.href);
  url.searchParams.set('done', '1');
  location.replace(url.href);
}

async function sign(path, button) {
  const signId = chosenSignId();
  if (!signId) {
    fail(new Error('请先选择签名'));
    return;
  }
  button.disabled = true;
  show('error', '');
  show('notice', '正在签署…');
  try {
    await call(path, { contractId: root.dataset.contractId, signId });
    show('notice', '签署成功');
    afterSigning();
  } catch (err) {
    fail(err);
    button.disabled = false;
  }
}

function main() {
  if (!root) return;
  root.dataset.script = 'loading';
  const canvas = document.getElementById('sign-pad');
  if (!canvas) {
    root.dataset.script = 'ready';
    return;
  }
  const pad = setUpPad(canvas);
  document.getElementById('btn-clear').addEventListener('click', () => pad.clear());
  document.getElementById('btn-save-sign').addEventListener('click', async () => {
    if (!pad.drawn()) {
      fail(new Error('请先在签名区手写签名'));
      return;
    }
    try {
      const value = await call('/sign/createSign', { sign: pad.png() });
      const id = value?.signId;
      pad.clear();
      show('error', '');
      show('notice', '签名已保存');
      await loadSignatures(id === undefined ? undefined : String(id));
    } catch (err) {
      fail(err);
    }
  });
  const signButton = document.getElementById('btn-sign');
  signButton.addEventListener('click', () => sign('/contract/sign', signButton));
  const allButton = document.getElementById('btn-all-sign');
  if (allButton) allButton.addEventListener('click', () => sign('/contract/allSign', allButton));
  loadSignatures().then(
    () => (root.dataset.script = 'ready'),
    (err) => {
      fail(err);
      root.dataset.script = 'failed';
    },
  );
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', main, { once: true });
else main();
