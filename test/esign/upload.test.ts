/** Direct upload (§4.5): /file/uploadurl and the PUT, with OSS-style errors; signed downloads. */
import { afterEach, describe, expect, it } from 'vitest';
import { EsignApiError, EsignUploadError, uploadFile } from '../../clients/esign/index.ts';
import { esignErrors, parseOssErrorXml } from '../../contracts/esign/index.ts';
import { fetchBytes, md5b64, setup, textPdf, type Ctx } from './helpers.ts';

async function uploadUrl(
  ctx: Ctx,
  bytes: Uint8Array,
  contentType = 'application/pdf',
  fileName = '张三的借款合同.pdf',
) {
  return ctx.client.call('/file/uploadurl', {
    fileName,
    fileSize: bytes.length,
    contentType,
    contentMd5: md5b64(bytes),
  });
}

async function put(ctx: Ctx, url: string, bytes: Uint8Array, headers: Record<string, string>) {
  const res = await ctx.sim.fetch(new Request(url, { method: 'PUT', body: new Uint8Array(bytes), headers }));
  const text = await res.text();
  return { status: res.status, text, error: parseOssErrorXml(text) };
}

describe('esign upload', () => {
  let ctx: Ctx;
  afterEach(() => ctx.sim.close());

  it('issues a fileKey in the doc’s shape and a 1-hour PUT URL on the esign origin; PUT stores the bytes', async () => {
    // covers: ossUpload ossDownload
    ctx = setup();
    const pdf = await textPdf([['借款合同']]);
    const { fileKey, uploadUrl: url } = await uploadUrl(ctx, pdf);
    expect(fileKey).toMatch(/^\$[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\$\d{10}$/);
    const u = new URL(url);
    expect(u.origin).toBe(ctx.sim.origin('esign'));
    expect(u.pathname).toMatch(new RegExp(`^/oss/open/${ctx.projectId}_[0-9a-f-]{36}\\.pdf$`));
    expect(Number(u.searchParams.get('Expires')) * 1000).toBe(ctx.sim.clock.now() + 3600_000);
    // before the PUT the file is "not uploaded"
    await expect(ctx.client.call('/doc/createbyfilekey', { fileKey })).rejects.toMatchObject({
      errCode: esignErrors.FILE_NOT_UPLOADED.errCode,
    });
    const r = await uploadFile(url, pdf, { contentType: 'application/pdf', fetch: (q) => ctx.sim.fetch(q) });
    expect(r).toEqual({ httpStatus: 200, body: { errCode: 0, msg: '成功' } });
    const { docId } = await ctx.client.call('/doc/createbyfilekey', { fileKey });
    expect(docId).toMatch(/^2024010210000\d{6}$/);
    // the stored document is byte-for-byte the upload (original download, 30 min)
    const { docUrl } = await ctx.client.call('/doc/downloadurl', { docId });
    expect(Number(new URL(docUrl).searchParams.get('Expires')) * 1000).toBe(
      ctx.sim.clock.now() + 30 * 60_000,
    );
    const got = await fetchBytes(ctx, docUrl);
    expect(got.status).toBe(200);
    expect(Buffer.from(got.bytes).equals(Buffer.from(pdf))).toBe(true);
  });

  it('answers 403 SignatureDoesNotMatch when Content-MD5 or Content-Type differ from the declaration', async () => {
    // covers: ossUpload
    ctx = setup();
    const pdf = await textPdf([['x']]);
    const { uploadUrl: url, fileKey } = await uploadUrl(ctx, pdf);
    const other = md5b64(new Uint8Array([1, 2, 3]));
    const a = await put(ctx, url, pdf, { 'Content-Type': 'application/pdf', 'Content-MD5': other });
    expect(a.status).toBe(403);
    expect(a.error?.Code).toBe('SignatureDoesNotMatch');
    const b = await put(ctx, url, pdf, {
      'Content-Type': 'application/octet-stream',
      'Content-MD5': md5b64(pdf),
    });
    expect(b.status).toBe(403);
    expect(b.error?.Code).toBe('SignatureDoesNotMatch');
    const c = await put(ctx, url, pdf, { 'Content-Type': 'application/pdf' });
    expect(c.status).toBe(403);
    await expect(ctx.client.call('/doc/createbyfilekey', { fileKey })).rejects.toMatchObject({
      errCode: esignErrors.FILE_NOT_UPLOADED.errCode,
    });
  });

  it('answers 400 InvalidDigest when the bytes do not match the (declared) MD5', async () => {
    ctx = setup();
    const pdf = await textPdf([['x']]);
    const { uploadUrl: url } = await uploadUrl(ctx, pdf);
    const tampered = new Uint8Array(pdf);
    tampered[tampered.length - 20] ^= 0xff;
    const r = await put(ctx, url, tampered, {
      'Content-Type': 'application/pdf',
      'Content-MD5': md5b64(pdf),
    });
    expect(r.status).toBe(400);
    expect(r.error).toMatchObject({ Code: 'InvalidDigest' });
    expect(r.text).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<Error>/);
  });

  it('answers 403 AccessDenied "Request has expired." after 60 minutes of virtual time', async () => {
    ctx = setup();
    const pdf = await textPdf([['x']]);
    const { uploadUrl: url } = await uploadUrl(ctx, pdf);
    await ctx.sim.clock.advance(60 * 60_000 + 1000);
    const err = await uploadFile(url, pdf, {
      contentType: 'application/pdf',
      fetch: (q) => ctx.sim.fetch(q),
    }).catch((e) => e);
    expect(err).toBeInstanceOf(EsignUploadError);
    expect(err).toMatchObject({ httpStatus: 403, code: 'AccessDenied', ossMessage: 'Request has expired.' });
  });

  it('still accepts the PUT at 59 minutes', async () => {
    ctx = setup();
    const pdf = await textPdf([['x']]);
    const { uploadUrl: url } = await uploadUrl(ctx, pdf);
    await ctx.sim.clock.advance(59 * 60_000);
    const r = await uploadFile(url, pdf, { contentType: 'application/pdf', fetch: (q) => ctx.sim.fetch(q) });
    expect(r.httpStatus).toBe(200);
  });

  it('refuses a forged URL signature and a body larger than the declared fileSize', async () => {
    ctx = setup();
    const pdf = await textPdf([['x']]);
    const { uploadUrl: url } = await uploadUrl(ctx, pdf);
    const forged = new URL(url);
    forged.searchParams.set('Expires', String(Number(forged.searchParams.get('Expires')) + 3600));
    const f = await put(ctx, forged.toString(), pdf, {
      'Content-Type': 'application/pdf',
      'Content-MD5': md5b64(pdf),
    });
    expect(f.status).toBe(403);
    expect(f.error?.Code).toBe('SignatureDoesNotMatch');
    const noSig = new URL(url);
    noSig.search = '';
    expect(
      (
        await put(ctx, noSig.toString(), pdf, {
          'Content-Type': 'application/pdf',
          'Content-MD5': md5b64(pdf),
        })
      ).error?.Code,
    ).toBe('AccessDenied');

    const small = new Uint8Array([1, 2, 3, 4]);
    const { uploadUrl: url2 } = await ctx.client.call('/file/uploadurl', {
      fileName: 'a.pdf',
      fileSize: 4,
      contentType: 'application/pdf',
      contentMd5: md5b64(small),
    });
    const big = new Uint8Array(4000);
    const r = await put(ctx, url2, big, { 'Content-Type': 'application/pdf', 'Content-MD5': md5b64(small) });
    expect(r.status).toBe(400);
    expect(r.error?.Code).toBe('EntityTooLarge');
  });

  it('validates /file/uploadurl (contentMd5, fileSize) with catalogue codes', async () => {
    ctx = setup();
    const bad = (body: Record<string, unknown>) =>
      ctx.client.call('/file/uploadurl', body as never).catch((e: EsignApiError) => e.errCode);
    const ok = {
      fileName: 'a.pdf',
      fileSize: 10,
      contentType: 'application/pdf',
      contentMd5: 'eB5eJF1ptWaXm4bijSPyxw==',
    };
    expect(await bad({ ...ok, contentMd5: 'not-md5' })).toBe(esignErrors.CONTENT_MD5_INVALID.errCode);
    expect(await bad({ ...ok, fileSize: 0 })).toBe(esignErrors.FILE_SIZE_INVALID.errCode);
    expect(await bad({ ...ok, fileSize: 10 ** 12 })).toBe(esignErrors.FILE_SIZE_INVALID.errCode);
    expect(await bad({ ...ok, fileName: '' })).toBe(esignErrors.PARAM_MISSING.errCode);
  });

  it('keeps downloads alive 30 minutes, then 403 AccessDenied; unknown object 404 NoSuchKey', async () => {
    // covers: ossDownload
    ctx = setup();
    const pdf = await textPdf([['x']]);
    const { uploadUrl: url, fileKey } = await uploadUrl(ctx, pdf);
    await uploadFile(url, pdf, { contentType: 'application/pdf', fetch: (q) => ctx.sim.fetch(q) });
    const { docId } = await ctx.client.call('/doc/createbyfilekey', { fileKey });
    const { docUrl } = await ctx.client.call('/doc/downloadurl', { docId });
    await ctx.sim.clock.advance(29 * 60_000);
    expect((await fetchBytes(ctx, docUrl)).status).toBe(200);
    await ctx.sim.clock.advance(2 * 60_000);
    const expired = await fetchBytes(ctx, docUrl);
    expect(expired.status).toBe(403);
    expect(parseOssErrorXml(expired.text)).toMatchObject({
      Code: 'AccessDenied',
      Message: 'Request has expired.',
    });
    const missing = ctx.sim.blobs.signedUrl(
      ctx.sim.origin('esign'),
      '/oss/download/00000000-0000-4000-8000-000000000000.pdf',
      60_000,
    );
    const m = await fetchBytes(ctx, missing);
    expect(m.status).toBe(404);
    expect(parseOssErrorXml(m.text)?.Code).toBe('NoSuchKey');
  });

  it('isolates tenants: another project’s fileKey is unknown', async () => {
    ctx = setup();
    const pdf = await textPdf([['x']]);
    const { uploadUrl: url, fileKey } = await uploadUrl(ctx, pdf);
    await uploadFile(url, pdf, { contentType: 'application/pdf', fetch: (q) => ctx.sim.fetch(q) });
    const other = ctx.sim.vendor('esign').createTenant({});
    const { createEsignClient } = await import('../../clients/esign/index.ts');
    const c2 = createEsignClient({
      baseUrl: ctx.base,
      projectId: other.credentials.projectId!,
      secret: other.credentials.projectSecret!,
      fetch: (r) => ctx.sim.fetch(r),
    });
    await expect(c2.call('/doc/createbyfilekey', { fileKey })).rejects.toMatchObject({
      errCode: esignErrors.FILE_KEY_NOT_FOUND.errCode,
    });
  });
});
