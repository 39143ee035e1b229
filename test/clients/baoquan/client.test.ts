import { createHash, createVerify, generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import {
  BaoquanApiError,
  accessLinkSignedData,
  createBaoquanClient,
  parseDownloadFileName,
  serialiseBaoquanPayload,
  sha256Hex,
  type BaoquanPayload,
  type BaoquanResult,
} from '../../../clients/baoquan/index.ts';
import { baoquanFailureResponse, checkBaoquanRequest } from '../../../contracts/baoquan/index.ts';

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PKCS1 = keys.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
const PKCS8 = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const PUB = keys.publicKey.export({ type: 'spki', format: 'pem' }) as string;
const AK = 'fsBswNzfECKZH9aWyh47fc';
const BASE = 'http://127.0.0.1:4001';
const NOW = 1_700_000_000_000;

/** Independent verification: what the doc's signature.rst says (SHA256WithRSA, Base64, UTF-8). */
const verifies = (data: string, sig: string) =>
  createVerify('RSA-SHA256').update(Buffer.from(data, 'utf8')).verify(PUB, Buffer.from(sig, 'base64'));

interface Seen {
  url: URL;
  contentType: string;
  fields: Record<string, string>;
  files: Array<{ part: string; name: string; type: string; bytes: Uint8Array }>;
}

/** A fake 保全网: records the form and answers per API name. */
function fakeBaoquan(
  answer: (
    name: string,
    payload: unknown,
  ) => { status?: number; body: unknown; headers?: Record<string, string> },
) {
  const seen: Seen[] = [];
  const fetch = async (req: Request) => {
    const url = new URL(req.url);
    const contentType = req.headers.get('content-type') ?? '';
    const form = await req.formData();
    const fields: Record<string, string> = {};
    const files: Seen['files'] = [];
    for (const [k, v] of form.entries()) {
      if (typeof v === 'string') fields[k] = v;
      else files.push({ part: k, name: v.name, type: v.type, bytes: new Uint8Array(await v.arrayBuffer()) });
    }
    seen.push({ url, contentType, fields, files });
    const name = url.pathname.replace(/^\/api\/v[12]\//, '');
    const a = answer(name, JSON.parse(fields.payload ?? 'null'));
    const body = a.body instanceof Uint8Array ? a.body : JSON.stringify(a.body);
    return new Response(body as BodyInit, {
      status: a.status ?? 200,
      headers: { 'content-type': 'application/json;charset=UTF-8', ...a.headers },
    });
  };
  return { seen, fetch };
}

const originalFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = originalFetch;
});

const payload = {
  unique_id: 'acafa00d-5579-4fe5-93c1-de89ec82006e',
  template_id: '2hSWTZ4oqVEJKAmK2RiyT4',
  identities: { MO: '15857112383', ID: '42012319800127691X' },
  factoids: [
    {
      unique_id: 'f1',
      type: 'user',
      data: { name: '张三', phone_number: '13234568732', username: 'tom/jerry' },
    },
  ],
  completed: true,
};

describe('baoquan client: signing', () => {
  it('signs "POST" + path + request_id + access_key + tonce + payload with a PKCS#1 or PKCS#8 key', async () => {
    for (const privateKey of [PKCS1, PKCS8]) {
      const server = fakeBaoquan(() => ({
        body: { request_id: 'r', data: { no: 'DB0C8DB14E3C44C7B9FBBE30EB179241' } },
      }));
      const client = createBaoquanClient({
        baseUrl: BASE,
        accessKey: AK,
        privateKey,
        fetch: server.fetch,
        clock: () => NOW,
      });
      const data = await client.call('attestations', payload);
      expect(data).toEqual({ no: 'DB0C8DB14E3C44C7B9FBBE30EB179241' });
      const { url, fields } = server.seen[0]!;
      expect(url.pathname).toBe('/api/v2/attestations');
      expect(fields.request_id).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(fields.access_key).toBe(AK);
      expect(fields.tonce).toBe(String(NOW / 1000));
      expect(fields.payload).toBe(JSON.stringify(payload));
      expect(
        verifies(
          `POST/api/v2/attestations${fields.request_id}${AK}${fields.tonce}${fields.payload}`,
          fields.signature!,
        ),
      ).toBe(true);
    }
  });

  it("signs the version it posts (/api/v1 like the SDKs' default) and takes overrides for tampering", async () => {
    const server = fakeBaoquan(() => ({ body: { request_id: 'r', data: { success: true } } }));
    const client = createBaoquanClient({
      baseUrl: `${BASE}/`,
      accessKey: AK,
      privateKey: PKCS8,
      fetch: server.fetch,
      version: 'v1',
      requestId: () => 'rid-1',
    });
    await client.call('factoids', { ano: 'A', factoids: [{ type: 'user', data: {} }] });
    const s = server.seen[0]!;
    expect(s.url.href).toBe('http://127.0.0.1:4001/api/v1/factoids');
    expect(
      verifies(`POST/api/v1/factoidsrid-1${AK}${s.fields.tonce}${s.fields.payload}`, s.fields.signature!),
    ).toBe(true);
    const prepared = client.prepare(
      'factoids',
      { ano: 'A' },
      { overrides: { tonce: 1, requestId: 'x', payload: '{"ano":"B"}', signature: 'AAAA' } },
    );
    expect(prepared).toMatchObject({
      requestId: 'x',
      tonce: '1',
      payload: '{"ano":"B"}',
      signature: 'AAAA',
      path: '/api/v1/factoids',
    });
    expect(prepared.stringToSign).toBe(`POST/api/v1/factoidsx${AK}1{"ano":"B"}`);
  });
});

describe('baoquan client: payload styles', () => {
  const value = {
    name: '张三',
    url: 'https://baoquan.com/a',
    n: 0.3,
    ok: true,
    none: null,
    list: [1, '李'],
    emoji: '😀',
    ctl: '\u0001\n',
  };

  it('java: compact, UTF-8 as is, / as is', () => {
    expect(serialiseBaoquanPayload(value, 'java')).toBe(
      '{"name":"张三","url":"https://baoquan.com/a","n":0.3,"ok":true,"none":null,"list":[1,"李"],"emoji":"😀","ctl":"\\u0001\\n"}',
    );
    expect(serialiseBaoquanPayload({}, 'java')).toBe('{}');
  });

  it('python json.dumps: ", " and ": ", \\uXXXX lowercase with surrogate pairs, / as is', () => {
    expect(serialiseBaoquanPayload(value, 'python')).toBe(
      '{"name": "\\u5f20\\u4e09", "url": "https://baoquan.com/a", "n": 0.3, "ok": true, "none": null, ' +
        '"list": [1, "\\u674e"], "emoji": "\\ud83d\\ude00", "ctl": "\\u0001\\n"}',
    );
  });

  it('php json_encode: compact, \\/ and \\uXXXX, an empty payload as []', () => {
    expect(serialiseBaoquanPayload(value, 'php')).toBe(
      '{"name":"\\u5f20\\u4e09","url":"https:\\/\\/baoquan.com\\/a","n":0.3,"ok":true,"none":null,"list":[1,"\\u674e"],"emoji":"\\ud83d\\ude00","ctl":"\\u0001\\n"}',
    );
    expect(serialiseBaoquanPayload({}, 'php')).toBe('[]');
    expect(serialiseBaoquanPayload({ a: {} }, 'php')).toBe('{"a":[]}');
  });

  it('every style round-trips through JSON.parse and is what gets signed and sent', async () => {
    for (const style of ['java', 'python', 'php'] as const) {
      expect(JSON.parse(serialiseBaoquanPayload(value, style))).toEqual(value);
      const server = fakeBaoquan(() => ({ body: { request_id: 'r', data: { no: 'X' } } }));
      const client = createBaoquanClient({
        baseUrl: BASE,
        accessKey: AK,
        privateKey: PKCS1,
        fetch: server.fetch,
        serialise: style,
      });
      await client.call('attestations', payload);
      const f = server.seen[0]!.fields;
      expect(f.payload, style).toBe(serialiseBaoquanPayload(payload, style));
      expect(
        verifies(`POST/api/v2/attestations${f.request_id}${AK}${f.tonce}${f.payload}`, f.signature!),
        style,
      ).toBe(true);
    }
  });
});

describe('baoquan client: the form', () => {
  it("sends the SDKs' part names: the five text parts, attachments[i][] with checksums filled in, seal", async () => {
    const server = fakeBaoquan(() => ({ body: { request_id: 'r', data: { no: 'X' } } }));
    const client = createBaoquanClient({
      baseUrl: BASE,
      accessKey: AK,
      privateKey: PKCS8,
      fetch: server.fetch,
    });
    const pdf = '%PDF-1.4 甲方（签章）';
    await client.call(
      'attestations',
      { ...payload, factoids: [...payload.factoids, { type: 'user', data: {} }] },
      {
        attachments: {
          0: [
            {
              bytes: pdf,
              filename: '合同.pdf',
              contentType: 'application/pdf',
              sign: { F98F99A554E944B6996882E8A68C60B2: ['甲方（签章）'] },
            },
          ],
          1: [
            { bytes: new Uint8Array([1, 2, 3]), filename: 'a.bin' },
            { bytes: 'x', filename: 'b.txt' },
          ],
        },
      },
    );
    const s = server.seen[0]!;
    expect(s.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(Object.keys(s.fields)).toEqual(['request_id', 'access_key', 'tonce', 'payload', 'signature']);
    expect(s.files.map((f) => [f.part, f.name, f.type])).toEqual([
      ['attachments[0][]', '合同.pdf', 'application/pdf'],
      ['attachments[1][]', 'a.bin', 'application/octet-stream'],
      ['attachments[1][]', 'b.txt', 'application/octet-stream'],
    ]);
    const sent = JSON.parse(s.fields.payload!);
    expect(sent.attachments).toEqual({
      '0': [
        {
          checksum: createHash('sha256').update(pdf).digest('hex'),
          sign: { F98F99A554E944B6996882E8A68C60B2: ['甲方（签章）'] },
        },
      ],
      '1': [sha256Hex(new Uint8Array([1, 2, 3])), sha256Hex('x')],
    });

    await client.call(
      'cas',
      {
        type: 'ENTERPRISE',
        name: '浙金网',
        ic_code: '91330105311263043J',
        link_name: '张三',
        link_id_card: '330184198501184115',
        link_phone: '13378784545',
        link_email: '123@qq.com',
      },
      { seal: { bytes: new Uint8Array([0x89, 0x50]), filename: 'seal.png' } },
    );
    expect(server.seen[1]!.url.pathname).toBe('/api/v2/cas');
    expect(server.seen[1]!.files.map((f) => [f.part, f.name])).toEqual([['seal', 'seal.png']]);
  });

  it('python style posts urlencoded without files (as requests does) and multipart with them', async () => {
    const server = fakeBaoquan(() => ({ body: { request_id: 'r', data: { no: 'X' } } }));
    const client = createBaoquanClient({
      baseUrl: BASE,
      accessKey: AK,
      privateKey: PKCS1,
      fetch: server.fetch,
      serialise: 'python',
    });
    await client.call('attestations', payload);
    expect(server.seen[0]!.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    const f = server.seen[0]!.fields;
    expect(verifies(`POST/api/v2/attestations${f.request_id}${AK}${f.tonce}${f.payload}`, f.signature!)).toBe(
      true,
    );
    await client.call('attestations', payload, { attachments: { 0: [{ bytes: 'x', filename: 'x.txt' }] } });
    expect(server.seen[1]!.contentType).toMatch(/^multipart\/form-data/);
  });

  it('resolves fetch at call time (a globalThis.fetch swapped in later intercepts)', async () => {
    const client = createBaoquanClient({ baseUrl: BASE, accessKey: AK, privateKey: PKCS1 });
    const server = fakeBaoquan(() => ({
      body: { request_id: 'r', data: { userId: 'avbjetsfgyuyrryjetyDFs' } },
    }));
    globalThis.fetch = ((req: Request) => server.fetch(req)) as typeof fetch;
    await expect(
      client.call('users/kyc', { name: '用户一', phone: '15822222224', idCard: '42012319800127691X' }),
    ).resolves.toEqual({ userId: 'avbjetsfgyuyrryjetyDFs' });
    expect(server.seen[0]!.url.pathname).toBe('/api/v2/users/kyc');
  });
});

describe('baoquan client: answers', () => {
  it('returns data for wrapped APIs and the flat body for /contract/*', async () => {
    const server = fakeBaoquan((name) => {
      if (name === 'contract/signature/list') return { body: { ejDVGiGeCQ5Ndn6dzsnWx9: 'https://x/1.png' } };
      if (name === 'contract/uploadPdf') return { body: { contractId: '4imixswKjEUU2rzintD3Vx' } };
      if (name.startsWith('contract/')) return { body: { result: 'success' } };
      return { body: { request_id: 'r', data: { no: 'F98F99A554E944B6996882E8A68C60B2' } } };
    });
    const client = createBaoquanClient({
      baseUrl: BASE,
      accessKey: AK,
      privateKey: PKCS1,
      fetch: server.fetch,
    });
    await expect(client.call('contract/signature/list', {})).resolves.toEqual({
      ejDVGiGeCQ5Ndn6dzsnWx9: 'https://x/1.png',
    });
    await expect(
      client.call(
        'contract/uploadPdf',
        {},
        { attachments: { 0: [{ bytes: '%PDF-1.4', filename: 'contract.pdf' }] } },
      ),
    ).resolves.toEqual({ contractId: '4imixswKjEUU2rzintD3Vx' });
    await expect(
      client.call('contract/signature/default', { signatureId: 'ejDVGiGeCQ5Ndn6dzsnWx9' }),
    ).resolves.toEqual({ result: 'success' });
    await expect(
      client.call('cas', {
        type: 'PERSONAL',
        link_name: '张三',
        link_id_card: '330184198501184115',
        link_phone: '13378784545',
        link_email: '123@qq.com',
      }),
    ).resolves.toEqual({ no: 'F98F99A554E944B6996882E8A68C60B2' });
    // uploadPdf sent its empty payload and its single file part.
    expect(server.seen[1]!.fields.payload).toBe('{}');
    expect(server.seen[1]!.files.map((f) => f.part)).toEqual(['attachments[0][]']);
  });

  it('throws BaoquanApiError {status, message, requestId, timestamp} on any status but 200', async () => {
    const server = fakeBaoquan((name) =>
      name === 'factoids'
        ? {
            status: 400,
            body: { request_id: 'rid-9', message: '保全已完成,不能继续追加陈述', timestamp: 1464672264000 },
          }
        : name === 'attestation'
          ? { status: 502, body: '<html>bad gateway</html>' }
          : { status: 201, body: { request_id: 'r', data: { no: 'X' } } },
    );
    const client = createBaoquanClient({
      baseUrl: BASE,
      accessKey: AK,
      privateKey: PKCS1,
      fetch: server.fetch,
      clock: () => NOW,
    });
    const err = await client
      .call('factoids', {
        ano: '4E6457A5A9B94FBFB64E0D08BDFA2BD4',
        factoids: [{ type: 'product', data: {} }],
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BaoquanApiError);
    expect(err).toMatchObject({
      status: 400,
      message: '保全已完成,不能继续追加陈述',
      requestId: 'rid-9',
      timestamp: 1464672264000,
    });
    const unknown = await client.call('attestation', { ano: 'X' }).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ status: 502, message: 'Unknown error', timestamp: NOW });
    expect((unknown as BaoquanApiError).requestId).toBe(server.seen[1]!.fields.request_id);
    // 2xx other than 200 is an error too (the SDKs' rule).
    await expect(client.call('attestations', payload)).rejects.toMatchObject({ status: 201 });
  });

  it("download: the bytes and the file name parsed with the Java SDK's regex", async () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 9]);
    let disposition = 'attachment; filename="DB0C8DB14E3C44C7B9FBBE30EB179241.zip"';
    const server = fakeBaoquan(() => ({
      body: zip,
      headers: { 'content-type': 'application/zip', 'content-disposition': disposition },
    }));
    const client = createBaoquanClient({
      baseUrl: BASE,
      accessKey: AK,
      privateKey: PKCS1,
      fetch: server.fetch,
    });
    const d = await client.download('DB0C8DB14E3C44C7B9FBBE30EB179241');
    expect(d).toEqual({
      fileName: 'DB0C8DB14E3C44C7B9FBBE30EB179241.zip',
      bytes: zip,
      contentType: 'application/zip',
    });
    expect(server.seen[0]!.url.pathname).toBe('/api/v2/attestation/download');
    expect(JSON.parse(server.seen[0]!.fields.payload!)).toEqual({ ano: 'DB0C8DB14E3C44C7B9FBBE30EB179241' });
    disposition = 'form-data; name=Content-Disposition; filename=5Yhus2mVSMnQRXobRJCYgt.zip';
    expect((await client.download('X')).fileName).toBeUndefined();
    expect(parseDownloadFileName('form-data; name="file"; filename="a b.zip"')).toBe('a b.zip');
    expect(parseDownloadFileName(null)).toBeUndefined();
    await expect(client.call('attestation/download' as never, { ano: 'X' } as never)).rejects.toThrow(
      TypeError,
    );
  });

  it('accessUrl: {host}/attestations/{ano}?accessKey&signature&tonce(ms), signature verifying in v2 and v3 form', () => {
    const client = createBaoquanClient({
      baseUrl: BASE,
      accessKey: AK,
      privateKey: PKCS1,
      clock: () => NOW + 123,
    });
    const ano = '35F79C28AC244202B0AA0A4E3E316AEC';
    for (const variant of ['v2', 'v3'] as const) {
      const link = client.accessUrl(ano, { variant });
      expect(link.startsWith(`${BASE}/attestations/${ano}?accessKey=${AK}&signature=`)).toBe(true);
      expect(link.endsWith(`&tonce=${NOW + 123}`)).toBe(true);
      const raw = /signature=([^&]*)/.exec(link)![1]!;
      expect(raw).toMatch(/^[A-Za-z0-9+/]+=*$/); // not URL-encoded, as the SDKs
      const signed =
        variant === 'v2'
          ? `{"tonce":${NOW + 123},"attestationId":"${ano}"}`
          : `{"access_key":"${AK}","no":"${ano}","tonce":${NOW + 123}}`;
      expect(accessLinkSignedData(variant, ano, AK, NOW + 123)).toBe(signed);
      expect(verifies(signed, raw)).toBe(true);
    }
    expect(client.accessUrl(ano)).toContain('tonce=');
  });
});

describe('baoquan client against the contract pipeline', () => {
  it('every style passes checkBaoquanRequest, and a wrong key gives 数字签名校验失败 (500)', async () => {
    const server = async (req: Request) => {
      const r = await checkBaoquanRequest(req, {
        now: NOW,
        publicKeyFor: (k) => (k === AK ? PUB : undefined),
      });
      if (!r) return new Response('not found', { status: 404 });
      if (!r.ok) return baoquanFailureResponse(r, NOW);
      return new Response(
        JSON.stringify({
          request_id: r.value.envelope.requestId,
          data: { no: 'DB0C8DB14E3C44C7B9FBBE30EB179241' },
        }),
      );
    };
    for (const style of ['java', 'python', 'php'] as const) {
      for (const version of ['v1', 'v2'] as const) {
        const client = createBaoquanClient({
          baseUrl: BASE,
          accessKey: AK,
          privateKey: PKCS8,
          fetch: server,
          clock: () => NOW,
          serialise: style,
          version,
        });
        await expect(client.call('attestations', payload), `${style} ${version}`).resolves.toEqual({
          no: 'DB0C8DB14E3C44C7B9FBBE30EB179241',
        });
      }
    }
    const other = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
      type: 'pkcs1',
      format: 'pem',
    }) as string;
    const forged = createBaoquanClient({
      baseUrl: BASE,
      accessKey: AK,
      privateKey: other,
      fetch: server,
      clock: () => NOW,
    });
    await expect(forged.call('attestations', payload)).rejects.toMatchObject({
      status: 500,
      message: '数字签名校验失败',
      timestamp: NOW,
    });
    const late = createBaoquanClient({
      baseUrl: BASE,
      accessKey: AK,
      privateKey: PKCS1,
      fetch: server,
      clock: () => NOW - 301_000,
    });
    await expect(late.call('attestations', payload)).rejects.toMatchObject({
      status: 400,
      message: 'tonce与服务器时间相差超过300秒，请求无效',
    });
  });

  it('types payloads and results from the generated schema', () => {
    expectTypeOf<BaoquanPayload<'contract/sign'>['ecs_status']>().toEqualTypeOf<
      'DONE' | 'CANCEL' | 'REJECT'
    >();
    expectTypeOf<BaoquanResult<'attestations'>>().toEqualTypeOf<{ no: string }>();
    expectTypeOf<BaoquanResult<'contract/sign'>>().toEqualTypeOf<{
      result: string;
      attestationId?: string;
    }>();
    expectTypeOf<BaoquanResult<'contract/signature/list'>>().toEqualTypeOf<{ [key: string]: string }>();
  });
});

describe('baoquan client multipart encoding', () => {
  it('sends a payload with line breaks byte for byte, so its signature still verifies', async () => {
    const { createBaoquanClient } = await import('../../../clients/baoquan/index.ts');
    const { generateKeyPairSync, createVerify } = await import('node:crypto');
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const client = createBaoquanClient({
      baseUrl: 'http://127.0.0.1:1',
      accessKey: 'k',
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    });
    const prepared = client.prepare('attestation', { ano: 'A\nB', fields: null });
    const form = await prepared.request.formData();
    const payload = form.get('payload') as string;
    expect(payload).toBe(prepared.payload);
    expect(payload).toContain('\\n'); // JSON-escaped newline stays as sent
    const raw = new TextDecoder().decode(
      await client
        .prepare('attestation', { ano: 'x' }, { overrides: { payload: '{"ano":\n"x"}' } } as never)
        .request.arrayBuffer(),
    );
    expect(raw).toContain('{"ano":\n"x"}');
    expect(raw).not.toContain('{"ano":\r\n"x"}');
    const v = createVerify('RSA-SHA256');
    v.update(prepared.stringToSign);
    expect(v.verify(publicKey, prepared.signature, 'base64')).toBe(true);
  });
});
