// PDF encryption (simulators/core/pdf/encrypt.ts) and signing an encrypted PDF, checked with qpdf,
// pdftoppm, pdfsig (poppler) and pdf.js, each opening the file with the user password.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTextPdf,
  encryptPdf,
  InvalidPdfError,
  type PdfEncryption,
  type Stamp,
} from '../../../simulators/core/pdf/index.ts';
import { openWithPdfjs } from '../../../simulators/core/pdf/pdfjs.ts';
import { signWithSeals, type SealSigning } from '../../../simulators/core/pdf/sign/index.ts';
import { createVendorPki, type IssuedSigner, type VendorPki } from '../../../simulators/core/pki/index.ts';
import { countRedPixels, decodePng, type DecodedPng } from '../../helpers/png.ts';
import { qpdfCheck, trustStore } from './sign/verify.ts';

const NOW = new Date('2026-05-20T08:00:00Z');
const PASSWORD = '123456';

let pki: VendorPki;
let signer: IssuedSigner;
let store: ReturnType<typeof trustStore>;
let dir: string;

beforeAll(async () => {
  pki = createVendorPki({ vendor: 'wosign', seed: 'pdf-encrypt-test', now: () => NOW });
  signer = await pki.issueSigner({
    kind: 'org',
    name: '杭州天谷信息科技有限公司',
    uscc: '91330106MA27Y5XH5G',
  });
  store = trustStore(pki.rootPem());
  dir = mkdtempSync(join(tmpdir(), 'sealsim-encrypt-'));
});
afterAll(() => {
  store?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let files = 0;
/** Runs a poppler/qpdf command on `pdf` written to a file: exit status and output. */
function tool(cmd: string, args: (file: string) => string[], pdf: Uint8Array) {
  const file = join(dir, `f${files++}.pdf`);
  writeFileSync(file, pdf);
  const r = spawnSync(cmd, args(file), { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Page 1 rendered by pdftoppm (opened with `password` when given). */
function render(pdf: Uint8Array, password?: string): DecodedPng {
  const out = join(dir, `r${files}`);
  const upw = password === undefined ? [] : ['-upw', password];
  const r = tool(
    'pdftoppm',
    (f) => [...upw, '-r', '72', '-f', '1', '-l', '1', '-png', '-singlefile', f, out],
    pdf,
  );
  expect(r.status, r.out).toBe(0);
  return decodePng(readFileSync(`${out}.png`));
}

const showEncryption = (pdf: Uint8Array, password: string) =>
  tool('qpdf', (f) => ['--show-encryption', `--password=${password}`, f], pdf);

const contract = () =>
  createTextPdf([{ lines: ['沃通签署合同 Contract No. 2026-001', '甲方（盖章）：', '乙方（签字）：'] }]);

async function textOf(pdf: Uint8Array, password: string): Promise<string> {
  const doc = await openWithPdfjs(pdf, { password });
  try {
    const content = await (await doc.getPage(1)).getTextContent();
    return content.items.map((i) => ('str' in i ? i.str : '')).join('');
  } finally {
    await doc.destroy();
  }
}

describe('encryptPdf: Standard Security Handler V5 R6 (AES-256)', () => {
  it('qpdf reads AES-256 R6 opened by the user password, every permission, and finds no error', async () => {
    const encrypted = await encryptPdf(await contract(), { userPassword: PASSWORD });
    const shown = showEncryption(encrypted, PASSWORD);
    expect(shown.status, shown.out).toBe(0);
    expect(shown.out).toContain('R = 6');
    expect(shown.out).toContain('P = -4');
    expect(shown.out).toContain(`User password = ${PASSWORD}`);
    expect(shown.out).toContain('Supplied password is user password');
    for (const kind of ['stream', 'string', 'file'])
      expect(shown.out).toContain(`${kind} encryption method: AESv3`);
    expect(shown.out).not.toContain('not allowed');
    const check = qpdfCheck(encrypted, { password: PASSWORD });
    expect(check.ok, check.out).toBe(true);
    expect(check.out).toContain('PDF Version: 1.7 extension level 8');

    const wrong = showEncryption(encrypted, 'wrong');
    expect(wrong.out).toContain('Incorrect password supplied');
    const raw = Buffer.from(encrypted).toString('latin1');
    expect(raw).toMatch(/\/Encrypt \d+ 0 R/);
    expect(raw).toMatch(/\/ID \[ <[0-9A-F]{32}> <[0-9A-F]{32}> \]/);
    expect(raw).not.toContain('/ObjStm');
  });

  it('pdftoppm refuses the file without the password and renders it, as the original, with it', async () => {
    const plain = await contract();
    const encrypted = await encryptPdf(plain, { userPassword: PASSWORD });
    const refused = tool('pdftoppm', (f) => ['-r', '10', '-png', f, join(dir, 'nopw')], encrypted);
    expect(refused.status).not.toBe(0);
    expect(refused.out).toMatch(/password/i);
    const wrong = tool(
      'pdftoppm',
      (f) => ['-upw', 'nope', '-r', '10', '-png', f, join(dir, 'bad')],
      encrypted,
    );
    expect(wrong.status).not.toBe(0);

    const original = render(plain);
    const opened = render(encrypted, PASSWORD);
    expect([opened.width, opened.height]).toEqual([original.width, original.height]);
    expect(Buffer.from(opened.rgba).equals(Buffer.from(original.rgba))).toBe(true);
    // the text is drawn at all (not a blank page on both sides)
    expect(opened.rgba.some((v, i) => i % 4 !== 3 && v < 100)).toBe(true);
  });

  it('pdf.js opens it with the password (text and a Chinese /Info title decrypted) and not without', async () => {
    // an input with object streams and an xref stream, and strings in its /Info
    const doc = await PDFDocument.load(await contract(), { updateMetadata: false });
    doc.setTitle('沃通测试合同');
    doc.setAuthor('sealsim');
    const input = await doc.save({ useObjectStreams: true });
    expect(Buffer.from(input).toString('latin1')).toContain('/ObjStm');
    const encrypted = await encryptPdf(input, { userPassword: '中文密码pw' });

    expect(await textOf(encrypted, '中文密码pw')).toContain('沃通签署合同 Contract No. 2026-001');
    const opened = await openWithPdfjs(encrypted, { password: '中文密码pw' });
    try {
      const { info } = await opened.getMetadata();
      expect(info).toMatchObject({ Title: '沃通测试合同', Author: 'sealsim' });
      expect(opened.numPages).toBe(1);
    } finally {
      await opened.destroy();
    }
    await expect(openWithPdfjs(encrypted)).rejects.toThrow(InvalidPdfError);
    await expect(openWithPdfjs(encrypted, { password: '中文密码' })).rejects.toThrow(/encrypted/);
    // nothing readable is left in the file: text, title and author are all ciphertext
    const raw = Buffer.from(encrypted).toString('latin1');
    expect(raw).not.toContain('sealsim');
    expect(raw).not.toContain('FEFF6C83901A');
    expect(qpdfCheck(encrypted, { password: '中文密码pw' }).ok).toBe(true);
  });

  it('an owner password and restricted permissions: /P and /Perms as qpdf reads them', async () => {
    const opts: PdfEncryption = {
      userPassword: PASSWORD,
      ownerPassword: 'owner-secret',
      permissions: { print: false, copy: false, modify: false },
    };
    const encrypted = await encryptPdf(await contract(), opts);
    const asUser = showEncryption(encrypted, PASSWORD);
    expect(asUser.out).toContain('Supplied password is user password');
    expect(asUser.out).toContain('print low resolution: not allowed');
    expect(asUser.out).toContain('extract for any purpose: not allowed');
    expect(asUser.out).toContain('modify other: not allowed');
    expect(asUser.out).toContain('extract for accessibility: allowed');
    expect(asUser.out).toContain('modify annotations: allowed');
    const asOwner = showEncryption(encrypted, 'owner-secret');
    expect(asOwner.out).toContain('Supplied password is owner password');
    // /Perms is checked against /P when the file is opened: a mismatch would be a warning
    const check = qpdfCheck(encrypted, { password: 'owner-secret' });
    expect(check.ok, check.out).toBe(true);
    expect(await textOf(encrypted, 'owner-secret')).toContain('甲方');
  });

  it('without an owner password nobody has owner access (a random one); a seed makes the file reproducible', async () => {
    const plain = await contract();
    const a = await encryptPdf(plain, { userPassword: PASSWORD, seed: 'one' });
    const b = await encryptPdf(plain, { userPassword: PASSWORD, seed: 'one' });
    const c = await encryptPdf(plain, { userPassword: PASSWORD, seed: 'two' });
    const d = await encryptPdf(plain, { userPassword: PASSWORD });
    const e = await encryptPdf(plain, { userPassword: PASSWORD });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
    expect(Buffer.from(d).equals(Buffer.from(e))).toBe(false);
    expect(showEncryption(a, '').out).toContain('Incorrect password supplied');
    expect(showEncryption(a, PASSWORD).out).toContain('Supplied password is user password');
  });

  it('an empty user password opens without asking', async () => {
    const encrypted = await encryptPdf(await contract(), { userPassword: '', ownerPassword: 'o' });
    expect(tool('qpdf', (f) => ['--show-encryption', f], encrypted).out).toContain('R = 6');
    expect(render(encrypted).width).toBeGreaterThan(0);
  });

  it('refuses an encrypted or a signed input', async () => {
    const encrypted = await encryptPdf(await contract(), { userPassword: PASSWORD });
    await expect(encryptPdf(encrypted, { userPassword: PASSWORD })).rejects.toThrow(InvalidPdfError);
    const { pdf: signed } = await signWithSeals(await contract(), {
      signer,
      signingTime: NOW,
      subFilter: 'ETSI.CAdES.detached',
    });
    await expect(encryptPdf(signed, { userPassword: PASSWORD })).rejects.toThrow(/signatures/);
  });
});

/** The bytes of every stream but the xref stream in the file's first incremental update. */
function updateStreams(pdf: Uint8Array): Buffer[] {
  const bytes = Buffer.from(pdf);
  const out: Buffer[] = [];
  let at = bytes.indexOf('%%EOF');
  for (;;) {
    const start = bytes.indexOf('stream\n', at);
    if (start < 0) break;
    const end = bytes.indexOf('\nendstream', start);
    const dict = bytes.toString('latin1', bytes.lastIndexOf(' obj', start), start);
    if (!dict.includes('/Type /XRef')) out.push(bytes.subarray(start + 7, end));
    at = end + 10;
  }
  return out;
}

function inflatesOk(b: Buffer): boolean {
  try {
    inflateSync(b);
    return true;
  } catch {
    return false;
  }
}

const WOSIGN: Omit<SealSigning, 'signer' | 'signingTime'> = {
  subFilter: 'adbe.pkcs7.detached',
  certify: true,
  propBuild: { App: { Name: 'WoSign PDFSigner' } },
  reason: '此数字签名等同于签约方盖章，依据电子签名法具有同盖章同等法律效力。',
  location: '中国  浙江省  杭州市',
  contactInfo: '+86-755-86008688',
};

describe('signing with encryption: an incremental update on the encrypted file', () => {
  it('an invisible certifying signature that pdfsig -upw finds valid and trusted, broken by a flipped byte', async () => {
    const at = new Date('2026-05-20T08:15:30Z');
    const { pdf: signed } = await signWithSeals(await contract(), {
      ...WOSIGN,
      signer,
      signingTime: at,
      encryption: { userPassword: PASSWORD },
    });
    const { entries, out } = store.pdfsig(signed, { password: PASSWORD });
    expect(entries, out).toHaveLength(1);
    expect(entries[0], out).toMatchObject({
      field: 'Signature1',
      commonName: '杭州天谷信息科技有限公司',
      type: 'adbe.pkcs7.detached',
      valid: true,
      certificate: 'Certificate is Trusted.',
    });
    expect(out).toContain('Total document signed');
    expect(store.pdfsig(signed).out).toMatch(/password|encrypted/i);

    const shown = showEncryption(signed, PASSWORD);
    expect(shown.out).toContain('R = 6');
    expect(shown.out).toContain('Supplied password is user password');
    const check = qpdfCheck(signed, { password: PASSWORD });
    expect(check.ok, check.out).toBe(true);

    // the update's strings are ciphertext, /Contents the plain DER; the trailer keeps /Encrypt
    const raw = Buffer.from(signed).toString('latin1');
    const update = raw.slice(raw.indexOf('%%EOF') + 5);
    expect(update).toMatch(/\/Contents <3082[0-9A-F]+>/);
    expect(update).toMatch(/\/M <[0-9A-F]{96}>/);
    expect(update).not.toContain('D:2026052016');
    expect(update).toContain('/WoSign#20PDFSigner');
    expect(update).toMatch(/trailer\s*<<[^]*\/Encrypt \d+ 0 R[^]*\/Prev \d+/);
    expect(update).toMatch(/\/TransformMethod \/DocMDP/);
    expect(await textOf(signed, PASSWORD)).toContain('沃通签署合同');

    // one byte of the encrypted base (inside the signed range) changed: the digest no longer matches
    const tampered = new Uint8Array(signed);
    const at2 = raw.indexOf('stream\n', raw.indexOf(' obj')) + 40;
    tampered[at2] ^= 0x01;
    const broken = store.pdfsig(tampered, { password: PASSWORD });
    expect(broken.entries, broken.out).toHaveLength(1);
    expect(broken.entries[0].valid, broken.out).toBe(false);
  });

  it('visible seals: the widgets are encrypted and render as on the unencrypted signed file', async () => {
    const stamps: Stamp[] = [
      {
        seal: { kind: 'company', name: '杭州天谷信息科技有限公司', centerText: '合同专用章' },
        placement: { kind: 'xy', page: 1, x: 300, y: 500 },
      },
    ];
    const pdf = await contract();
    const options = { ...WOSIGN, certify: false, signer, signingTime: NOW, appearance: stamps };
    const plain = await signWithSeals(pdf, options);
    const encrypted = await signWithSeals(pdf, { ...options, encryption: { userPassword: PASSWORD } });
    expect(encrypted.placed).toEqual(plain.placed);

    const page = render(encrypted.pdf, PASSWORD);
    const reference = render(plain.pdf);
    expect(countRedPixels(page)).toBeGreaterThan(500);
    expect(Buffer.from(page.rgba).equals(Buffer.from(reference.rgba))).toBe(true);

    const { entries, out } = store.pdfsig(encrypted.pdf, { password: PASSWORD });
    expect(entries, out).toHaveLength(1);
    expect(entries[0].valid, out).toBe(true);
    const check = qpdfCheck(encrypted.pdf, { password: PASSWORD });
    expect(check.ok, check.out).toBe(true);
    // the update's streams (the seal's form XObject, its font) are Flate data when plain and
    // ciphertext when encrypted: none of them inflates
    const inflates = (pdf: Uint8Array) => updateStreams(pdf).map((b) => inflatesOk(b));
    expect(inflates(plain.pdf).length).toBeGreaterThan(2);
    expect(inflates(plain.pdf).every(Boolean)).toBe(true);
    expect(inflates(encrypted.pdf)).toHaveLength(inflates(plain.pdf).length);
    expect(inflates(encrypted.pdf).some(Boolean)).toBe(false);
  });

  it('an encrypted input is opened with the password and signed on top: both signatures stay valid', async () => {
    const stamp: Stamp = {
      seal: { kind: 'personal', name: '张三' },
      placement: { kind: 'xy', page: 1, x: 150, y: 600 },
    };
    const first = await signWithSeals(await contract(), {
      ...WOSIGN,
      signer,
      signingTime: NOW,
      encryption: { userPassword: PASSWORD, ownerPassword: 'owner' },
    });
    const later = new Date(NOW.getTime() + 60_000);
    const opts: SealSigning = {
      signer,
      signingTime: later,
      subFilter: 'ETSI.CAdES.detached',
      appearance: [stamp],
    };
    // the owner password opens it too; the wrong one does not
    await expect(signWithSeals(first.pdf, { ...opts, encryption: { userPassword: 'nope' } })).rejects.toThrow(
      /password does not open/,
    );
    const second = await signWithSeals(first.pdf, { ...opts, encryption: { userPassword: 'owner' } });
    // the first file is kept byte for byte: the new signature is an update on top
    expect(Buffer.from(second.pdf.subarray(0, first.pdf.length)).equals(Buffer.from(first.pdf))).toBe(true);
    const { entries, out } = store.pdfsig(second.pdf, { password: PASSWORD });
    expect(entries, out).toHaveLength(2);
    expect(
      entries.every((e) => e.valid),
      out,
    ).toBe(true);
    expect(entries.map((e) => e.type)).toEqual(['adbe.pkcs7.detached', 'ETSI.CAdES.detached']);
    expect(out).toContain('Total document signed');
    const check = qpdfCheck(second.pdf, { password: PASSWORD });
    expect(check.ok, check.out).toBe(true);
    expect(countRedPixels(render(second.pdf, PASSWORD))).toBeGreaterThan(200);
    // without the option an encrypted input is refused, as any encrypted PDF is
    await expect(signWithSeals(first.pdf, opts)).rejects.toThrow(InvalidPdfError);
  });

  it('a file qpdf encrypted (AES-256) is signed with its password; RC4 and object streams are refused', async () => {
    const plainFile = join(dir, 'qpdf-in.pdf');
    writeFileSync(plainFile, await contract());
    const encryptWith = (objectStreams: 'disable' | 'generate', args: string[]) => {
      const out = join(dir, `qpdf-${files++}.pdf`);
      const general = [`--object-streams=${objectStreams}`, '--allow-weak-crypto'];
      const options = [...general, '--encrypt', 'u', 'o', ...args, '--'];
      const r = spawnSync('qpdf', [...options, plainFile, out], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return new Uint8Array(readFileSync(out));
    };
    const aes = encryptWith('disable', ['256']);
    const signed = await signWithSeals(aes, {
      ...WOSIGN,
      signer,
      signingTime: NOW,
      encryption: { userPassword: 'u' },
    });
    const { entries, out } = store.pdfsig(signed.pdf, { password: 'u' });
    expect(entries, out).toHaveLength(1);
    expect(entries[0].valid, out).toBe(true);
    expect(qpdfCheck(signed.pdf, { password: 'u' }).ok).toBe(true);

    const rc4 = encryptWith('disable', ['128', '--use-aes=n']);
    await expect(
      signWithSeals(rc4, { ...WOSIGN, signer, signingTime: NOW, encryption: { userPassword: 'u' } }),
    ).rejects.toThrow(/only the Standard Security Handler V 5/);
    const objectStreams = encryptWith('generate', ['256']);
    await expect(
      signWithSeals(objectStreams, {
        ...WOSIGN,
        signer,
        signingTime: NOW,
        encryption: { userPassword: 'u' },
      }),
    ).rejects.toThrow(/object streams/);
  });

  it('the option absent: the signed bytes are what they were (no /Encrypt)', async () => {
    const { pdf } = await signWithSeals(await contract(), { ...WOSIGN, signer, signingTime: NOW });
    expect(Buffer.from(pdf).toString('latin1')).not.toContain('/Encrypt');
    expect(store.pdfsig(pdf).entries[0].valid).toBe(true);
  });
});
