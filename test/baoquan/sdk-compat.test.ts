/**
 * The vendor's SDKs work unchanged against sealsim with only the host swapped (docs/vendor-notes.md
 * "保全网 baoquan"). Requests are built BY HAND, byte for byte as each SDK builds them (see
 * test/baoquan/helpers.ts): Java's RFC6532 multipart with `; charset=UTF-8` on the type and
 * compact Jackson JSON in HashMap key order; python's urlencoded body with `json.dumps` spacing
 * and `\uXXXX` escapes (and urllib3 multipart when there is a file); PHP's Guzzle multipart with
 * `\/` escapes and `[]`/`null` for empty payloads. All over real HTTP.
 *
 * Also: public keys registered as PKCS#1 and SPKI through the control API; signatures over the
 * path actually requested (v1 vs v2); the ±300 s tonce window on the virtual clock; 36-character
 * request_ids; HTTP 200 exactly on every success; the error body and statuses; the download's
 * Content-Disposition with the SDKs' regexes; flat contract/* answers; signature-list URLs that
 * sealsim itself serves.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex, type BaoquanClient } from '../../clients/baoquan/index.ts';
import { readZip } from '../../simulators/core/zip.ts';
import {
  DEFAULT_ACCESS_KEY,
  DEFAULT_PRIVATE_KEY,
  DOC_TEMPLATE,
  ENTERPRISE_CA,
  envelope,
  envelopeParts,
  httpBq,
  IDENTITIES,
  javaMap,
  javaMultipart,
  newTenant,
  PERSONAL_CA,
  phpMultipart,
  postBody,
  pythonMultipart,
  pythonUrlencoded,
  readAnswer,
  rsaSign,
  sealPng,
  solidPng,
  tenantView,
  textPdf,
  uid,
  USER,
  ZHANG_CA,
  type Answer,
  type BqHandle,
  type Part,
} from './helpers.ts';

let h: BqHandle;
let client: BaoquanClient;

beforeAll(async () => {
  h = await httpBq({ maxBodyBytes: 2 * 1024 * 1024 });
  client = h.defaultClient();
});

afterAll(async () => {
  await h?.close();
});

const tonceNow = () => Math.floor(h.sim.clock.now() / 1000);
const JAVA_REGEX = /^.*filename="(.*)".*$/; // Pattern.compile(".*filename=\"(.*)\".*").matcher(v).matches()
const PHP_REGEX = /.*filename="(.*)".*/; // preg_match('/.*filename="(.*)".*/', $value, $matches)

/** The five parts of a default-tenant call, signed over `path`. */
function signed(path: string, payload: string, extra: { requestId?: string; tonce?: number } = {}) {
  return envelope({
    privateKey: DEFAULT_PRIVATE_KEY,
    accessKey: DEFAULT_ACCESS_KEY,
    path,
    payload,
    tonce: extra.tonce ?? tonceNow(),
    ...(extra.requestId ? { requestId: extra.requestId } : {}),
  });
}

/** Asserts the vendor error body exactly: only request_id, message, timestamp (the clock's ms). */
function expectErrorBody(a: Answer, status: number, message: string, requestId: string) {
  expect({ status: a.status, contentType: a.contentType }).toEqual({
    status,
    contentType: 'application/json;charset=UTF-8',
  });
  expect(a.json).toEqual({ request_id: requestId, message, timestamp: h.sim.clock.now() });
  expect(Object.keys(a.json)).toEqual(['request_id', 'message', 'timestamp']);
}

/** A stored attestation as /attestation answers it, as far as these tests read it. */
interface AttestationData {
  identities: Record<string, string>;
  factoids: { unique_id?: string; type: string; data: Record<string, unknown> }[];
}

/** The `data` of a wrapped answer; `T` is the shape the caller reads. */
function expectWrapped<T = unknown>(a: Answer, requestId: string): T {
  expect(a.status, a.text).toBe(200);
  expect(Object.keys(a.json)).toEqual(['request_id', 'data']);
  expect(a.json.request_id).toBe(requestId);
  return a.json.data;
}

describe('baoquan SDK wire formats, built by hand, over real HTTP', () => {
  it('Java: RFC6532 multipart with ";charset=UTF-8", compact HashMap-ordered JSON, octet-stream files with UTF-8 names, on /api/v1', async () => {
    const pdf = await textPdf([['借款合同', '', '甲方（签章）']]);
    const checksum = sha256Hex(pdf);
    const factoid =
      `{"unique_id":${JSON.stringify(uid())},"type":"user",` +
      `"data":${JSON.stringify(USER)},"identities":null}`;
    const sign = `{"${ZHANG_CA}":["甲方（签章）"]}`;
    const payload = javaMap({
      unique_id: JSON.stringify(uid()),
      template_id: JSON.stringify(DOC_TEMPLATE),
      identities: javaMap({ ID: JSON.stringify(IDENTITIES.ID), MO: JSON.stringify(IDENTITIES.MO) }),
      factoids: `[${factoid}]`,
      completed: 'true',
      attachments: `{"0":[${javaMap({ checksum: JSON.stringify(checksum), sign })}]}`,
    });
    expect(payload).not.toMatch(/\\u|": /); // compact, Chinese as is
    const env = signed('/api/v1/attestations', payload);
    const body = javaMultipart([
      ...envelopeParts(env),
      { name: 'attachments[0][]', value: pdf, filename: '借款合同.pdf' },
    ]);
    expect(body.contentType).toMatch(/^multipart\/form-data; boundary=[-_0-9A-Za-z]{30,40}; charset=UTF-8$/);
    const created = await postBody(h, '/api/v1/attestations', body);
    const { no } = expectWrapped<{ no: string }>(created, env.request_id);
    expect(no).toMatch(/^[0-9A-F]{32}$/);
    const view = await h.control.api.GET('/__sim/baoquan/attestations/{ano}', {
      params: { path: { ano: no }, query: {} },
    });
    expect(view.data!.attachments).toEqual([
      expect.objectContaining({
        fileName: '借款合同.pdf',
        checksum,
        size: pdf.length,
        signedBy: [{ caId: ZHANG_CA, keywords: ['甲方（签章）'] }],
      }),
    ]);

    // getAttestation: {"ano":…,"fields":null} in HashMap
    // order; the Chinese of the payload part arrives intact.
    const getPayload = javaMap({ ano: JSON.stringify(no), fields: 'null' });
    const getEnv = signed('/api/v1/attestation', getPayload);
    const got = expectWrapped<AttestationData>(
      await postBody(h, '/api/v1/attestation', javaMultipart(envelopeParts(getEnv))),
      getEnv.request_id,
    );
    expect(got.factoids[0].data).toEqual(USER);
    expect(got.identities).toEqual(IDENTITIES);

    // downloadAttestation: the SDK reads the name with its regex and streams the body.
    const dlEnv = signed('/api/v1/attestation/download', `{"ano":${JSON.stringify(no)}}`);
    const dl = await postBody(h, '/api/v1/attestation/download', javaMultipart(envelopeParts(dlEnv)));
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-disposition')).toBe(`attachment; filename="${no}.zip"`);
    expect(JAVA_REGEX.exec(dl.headers.get('content-disposition')!)?.[1]).toBe(`${no}.zip`);
    expect(readZip(dl.bytes).map((e) => e.name)).toEqual([`${no}.pdf`, '借款合同.pdf']);

    // uploadSignature with an empty HashMap payload, then listSignature: flat answers.
    const png = solidPng(30, 20, [200, 0, 0, 255]);
    const upEnv = signed('/api/v1/contract/signature', '{}');
    const up = await postBody(
      h,
      '/api/v1/contract/signature',
      javaMultipart([
        ...envelopeParts(upEnv),
        { name: 'attachments[0][]', value: png, filename: '签名.png' },
      ]),
    );
    expect(up.status, up.text).toBe(200);
    expect(Object.keys(up.json)).toEqual(['signatureId']);
    const listEnv = signed('/api/v1/contract/signature/list', '{}');
    const list = await postBody(h, '/api/v1/contract/signature/list', javaMultipart(envelopeParts(listEnv)));
    expect(list.status).toBe(200);
    expect(list.json).not.toHaveProperty('request_id');
    expect(list.json).not.toHaveProperty('data');
    const url = list.json[up.json.signatureId] as string;
    expect(url.startsWith(`${h.origin}/`)).toBe(true);
    const image = await fetch(url);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer()).equals(Buffer.from(png))).toBe(true);
  });

  it('python: urlencoded (quote_plus) with json.dumps ", " / ": " spacing and \\uXXXX escapes, verified over the raw string; urllib3 multipart for /cas', async () => {
    // What python's create_attestation posts for this dict (it refuses one without unique_id):
    // attachments {} appended.
    const pyPayload =
      '{"unique_id": "py-0001", "template_id": "2hSWTZ4oqVEJKAmK2RiyT4", "identities": {"ID": ' +
      '"42012319800127691X", "MO": ' +
      '"15857112383"}, ' +
      '"factoids": [{"type": "user", "data": {"name": "\\u5f20\\u4e09", "phone_number": ' +
      '"13234568732", "registered_at": "1466674609", "username": "tom/\\u6c64\\u59c6"}}], ' +
      '"attachments": {}}';
    const object = {
      unique_id: 'py-0001',
      template_id: DOC_TEMPLATE,
      identities: IDENTITIES,
      factoids: [{ type: 'user', data: { ...USER, username: 'tom/汤姆' } }],
      attachments: {},
    };
    expect(JSON.parse(pyPayload)).toEqual(object);
    // The typed client imitating python writes the very same bytes.
    expect(h.defaultClient({ serialise: 'python' }).prepare('attestations', object).payload).toBe(pyPayload);

    let env = signed('/api/v1/attestations', pyPayload);
    while (!/[+/=]/.test(env.signature)) env = signed('/api/v1/attestations', pyPayload);
    const body = pythonUrlencoded(envelopeParts(env));
    const text = Buffer.from(body.bytes).toString('utf8');
    // spaces as +, quotes and colons escaped
    expect(text).toContain('payload=%7B%22unique_id%22%3A+%22py-0001%22%2C+%22template_id%22%3A+%222hSW');
    expect(text).toMatch(/signature=[^&]*%(2B|2F|3D)/);
    const { no } = expectWrapped<{ no: string }>(
      await postBody(h, '/api/v1/attestations', body),
      env.request_id,
    );

    const getEnv = signed('/api/v1/attestation', `{"ano": "${no}", "fields": null}`);
    const got = expectWrapped<AttestationData>(
      await postBody(h, '/api/v1/attestation', pythonUrlencoded(envelopeParts(getEnv))),
      getEnv.request_id,
    );
    expect(got.factoids[0].data).toEqual({ ...USER, username: 'tom/汤姆' });

    // The same object re-serialised compactly is NOT what was signed: 500 数字签名校验失败.
    const tampered = pythonUrlencoded(
      envelopeParts({ ...env, request_id: randomUUID(), payload: JSON.stringify(object) }),
    );
    const refused = await postBody(h, '/api/v1/attestations', tampered);
    expect(refused.status).toBe(500);
    expect(refused.json.message).toBe('数字签名校验失败');

    // apply_ca with a seal: files present, so requests builds urllib3 multipart.
    const caPayload =
      '{"type": "ENTERPRISE", "name": ' +
      '"\\u676d\\u5dde\\u793a\\u4f8b\\u79d1\\u6280\\u6709\\u9650\\u516c\\u53f8", "ic_code": ' +
      '"91330105311263043J", ' +
      '"org_code": "311263043", "tax_code": "91330105311263043J", "link_name": "\\u674e\\u56db", ' +
      '"link_id_card": "42012319800127691X", ' +
      '"link_phone": "13378784546", "link_email": "lisi@example.com"}';
    expect(JSON.parse(caPayload)).toMatchObject({ ...ENTERPRISE_CA });
    const caEnv = signed('/api/v1/cas', caPayload);
    const seal = sealPng(64);
    const caBody = pythonMultipart([
      ...envelopeParts(caEnv),
      { name: 'seal', value: seal, filename: 'seal.png', contentType: 'image/png' },
    ]);
    expect(caBody.contentType).toMatch(/^multipart\/form-data; boundary=[0-9a-f]{32}$/);
    const { no: caId } = expectWrapped<{ no: string }>(
      await postBody(h, '/api/v1/cas', caBody),
      caEnv.request_id,
    );
    expect(caId).toMatch(/^[0-9A-F]{32}$/);
    const cas = await h.control.api.GET('/__sim/baoquan/cas', { params: { query: {} } });
    expect(cas.data!.cas.find((c) => c.caId === caId)).toMatchObject({
      type: 'ENTERPRISE',
      name: ENTERPRISE_CA.name,
      link_name: '李四',
      sealFileName: 'seal.png',
    });
  });

  it('PHP: Guzzle multipart (Content-Length and "charset: utf-8" part headers), json_encode with \\/ and \\uXXXX, [] and null as empty payloads', async () => {
    const phpUser =
      '{"name":"\\u5f20\\u4e09","phone_number":"13234568732","registered_at":"1466674609","username":"a\\/b"}';
    expect(JSON.parse(phpUser)).toEqual({ ...USER, username: 'a/b' });
    const uniqueId = uid();
    const factoidId = uid();
    // createAttestation without attachments: buildChecksum answers null.
    const payload =
      `{"unique_id":"${uniqueId}","template_id":"${DOC_TEMPLATE}",` +
      `"identities":{"ID":"42012319800127691X","MO":"15857112383"}` +
      `,"factoids":[{"unique_id":"${factoidId}","type":"user","data":${phpUser}}],"attachments":null}`;
    expect(
      h.defaultClient({ serialise: 'php' }).prepare('attestations', {
        unique_id: uniqueId,
        template_id: DOC_TEMPLATE,
        identities: IDENTITIES,
        factoids: [{ unique_id: factoidId, type: 'user', data: { ...USER, username: 'a/b' } }],
        attachments: null,
      }).payload,
    ).toBe(payload);
    const env = signed('/api/v1/attestations', payload);
    const body = phpMultipart(envelopeParts(env));
    expect(Buffer.from(body.bytes).toString('utf8')).toContain('Content-Length: 36\r\n\r\n' + env.request_id);
    const { no } = expectWrapped<{ no: string }>(
      await postBody(h, '/api/v1/attestations', body),
      env.request_id,
    );
    const getEnv = signed('/api/v1/attestation', `{"ano":"${no}","fields":null}`);
    const got = expectWrapped<AttestationData>(
      await postBody(h, '/api/v1/attestation', phpMultipart(envelopeParts(getEnv))),
      getEnv.request_id,
    );
    expect(got.factoids[0]).toEqual({
      unique_id: factoidId,
      type: 'user',
      data: { ...USER, username: 'a/b' },
    });

    // uploadContractSignaturePng: payload json_encode(array()) = [], the file with a guessed type.
    const png = solidPng(12, 12, [0, 128, 0, 255]);
    const upEnv = signed('/api/v1/contract/signature', '[]');
    const up = await postBody(
      h,
      '/api/v1/contract/signature',
      phpMultipart([
        ...envelopeParts(upEnv),
        { name: 'attachments[0][]', value: png, filename: 'green.png' },
      ]),
    );
    expect(up.status, up.text).toBe(200);
    expect(Object.keys(up.json)).toEqual(['signatureId']);
    // listContractSignature with [] and (contractList-style) null.
    for (const empty of ['[]', 'null']) {
      const e = signed('/api/v1/contract/signature/list', empty);
      const list = await postBody(h, '/api/v1/contract/signature/list', phpMultipart(envelopeParts(e)));
      expect(list.status, `${empty}: ${list.text}`).toBe(200);
      expect(list.json[up.json.signatureId]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\/signatures\//);
      expect(list.json).not.toHaveProperty('request_id');
    }
    // downloadAttestation: preg_match on the header.
    const dlEnv = signed('/api/v1/attestation/download', `{"ano":"${no}"}`);
    const dl = await postBody(h, '/api/v1/attestation/download', phpMultipart(envelopeParts(dlEnv)));
    expect(dl.status).toBe(200);
    expect(PHP_REGEX.exec(dl.headers.get('content-disposition')!)?.[1]).toBe(`${no}.zip`);
  });
});

describe('baoquan keys, paths, tonce and request_id', () => {
  it('tenants registered with a PKCS#1 and an SPKI public key through the control API sign their own calls; a foreign key is 500 数字签名校验失败', async () => {
    for (const format of ['pkcs1', 'spki'] as const) {
      const t = await newTenant(h, { organizationName: `${format}组织` }, format);
      expect(t.publicKey).toContain(format === 'pkcs1' ? 'BEGIN RSA PUBLIC KEY' : 'BEGIN PUBLIC KEY');
      const view = await tenantView(h, t.accessKey);
      expect(view).toMatchObject({
        accessKey: t.accessKey,
        publicKey: t.publicKey.trim(),
        publicKeyBits: 2048,
        organizationName: `${format}组织`,
      });
      const { userId } = await t.client.call('users/kyc', {
        name: '用户一',
        phone: '15822222224',
        idCard: '42012319800127691X',
      });
      expect(userId).toMatch(/^[0-9A-Za-z]{22}$/);
      // Hand-built too: the registered key verifies what an SDK signs.
      const e = envelope({
        privateKey: t.privateKey,
        accessKey: t.accessKey,
        path: '/api/v2/cas',
        payload: JSON.stringify(PERSONAL_CA),
        tonce: tonceNow(),
      });
      expectWrapped(await postBody(h, '/api/v2/cas', javaMultipart(envelopeParts(e))), e.request_id);
      // Signed with the default tenant's key under this access key.
      const foreign = envelope({
        privateKey: DEFAULT_PRIVATE_KEY,
        accessKey: t.accessKey,
        path: '/api/v2/cas',
        payload: JSON.stringify(PERSONAL_CA),
        tonce: tonceNow(),
      });
      expectErrorBody(
        await postBody(h, '/api/v2/cas', javaMultipart(envelopeParts(foreign))),
        500,
        '数字签名校验失败',
        foreign.request_id,
      );
      expect((await tenantView(h, t.accessKey)).counts.cas).toBe(1);
    }
  });

  it('v1 calls are signed over /api/v1/<name>: the same parts posted to /api/v2 (and a v2 signature posted to /api/v1) are refused', async () => {
    const payload = `{"ano":"${'DB0C8DB14E3C44C7B9FBBE30EB179241'}","fields":[]}`;
    const v1 = h.defaultClient({ version: 'v1' }).prepare('attestation', JSON.parse(payload));
    expect(v1.path).toBe('/api/v1/attestation');
    expect(v1.stringToSign).toBe(
      `POST/api/v1/attestation${v1.requestId}${DEFAULT_ACCESS_KEY}${v1.tonce}${v1.payload}`,
    );
    const parts: Part[] = [
      { name: 'request_id', value: v1.requestId },
      { name: 'access_key', value: DEFAULT_ACCESS_KEY },
      { name: 'tonce', value: v1.tonce },
      { name: 'payload', value: v1.payload },
      { name: 'signature', value: v1.signature },
    ];
    expectWrapped(await postBody(h, '/api/v1/attestation', javaMultipart(parts)), v1.requestId);
    expectErrorBody(
      await postBody(h, '/api/v2/attestation', javaMultipart(parts)),
      500,
      '数字签名校验失败',
      v1.requestId,
    );
    const v2 = signed('/api/v2/attestation', payload);
    expectWrapped(await postBody(h, '/api/v2/attestation', javaMultipart(envelopeParts(v2))), v2.request_id);
    expectErrorBody(
      await postBody(h, '/api/v1/attestation', javaMultipart(envelopeParts(v2))),
      500,
      '数字签名校验失败',
      v2.request_id,
    );
  });

  it('tonce within ±299 s of the VIRTUAL clock is accepted and ±301 s refused (400), also 999 ms into a second; the wall clock does not matter', async () => {
    const get = (tonce: number) => {
      const e = signed('/api/v2/attestation', `{"ano":"${'DB0C8DB14E3C44C7B9FBBE30EB179241'}","fields":[]}`, {
        tonce,
      });
      return postBody(h, '/api/v2/attestation', javaMultipart(envelopeParts(e))).then((a) => ({ a, e }));
    };
    for (const subSecond of [0, 999]) {
      await h.sim.clock.advance(3_600_000 - (h.sim.clock.now() % 1000) + subSecond);
      expect(h.sim.clock.now() % 1000).toBe(subSecond);
      const base = tonceNow();
      for (const d of [-299, 0, 299]) {
        const { a } = await get(base + d);
        expect({ subSecond, d, status: a.status }).toEqual({ subSecond, d, status: 200 });
      }
      for (const d of [-301, 301]) {
        const { a, e } = await get(base + d);
        expectErrorBody(a, 400, 'tonce与服务器时间相差超过300秒，请求无效', e.request_id);
      }
    }
    // The virtual clock is hours ahead of T0 now; a tonce from
    // T0 (what a real-time clock at T0 would send) is stale.
    const { a } = await get(Math.floor(h.sim.clock.now() / 1000) - 7200);
    expect(a.status).toBe(400);
  });

  it('36-character UUID request_ids (what every SDK sends) are accepted and echoed; success is HTTP 200 exactly on every API, contract/* flat', async () => {
    const raw = async (
      name: Parameters<BaoquanClient['prepare']>[0],
      payload: unknown,
      opts: Parameters<BaoquanClient['prepare']>[2] = {},
    ) => {
      const p = client.prepare(name, payload, opts);
      expect(p.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      const a = await readAnswer(await h.fetch(p.request));
      expect({ name, status: a.status }, a.text).toEqual({ name, status: 200 });
      return { a, p };
    };
    const wrapped = async (...args: Parameters<typeof raw>) => {
      const { a, p } = await raw(...args);
      // Every API but /factoids answers a record with its `no`.
      return expectWrapped<{ no: string } & Record<string, unknown>>(a, p.requestId);
    };
    const flat = async (...args: Parameters<typeof raw>) => {
      const { a } = await raw(...args);
      expect(a.json).not.toHaveProperty('request_id');
      expect(a.json).not.toHaveProperty('data');
      return a.json;
    };
    // Upper-case UUIDs (some SDK generators) too.
    const upperUuid = randomUUID().toUpperCase();
    const upper = client.prepare(
      'attestation',
      { ano: 'DB0C8DB14E3C44C7B9FBBE30EB179241' },
      { overrides: { requestId: upperUuid } },
    );
    expectWrapped(await readAnswer(await h.fetch(upper.request)), upperUuid);

    const { no } = await wrapped('attestations', {
      unique_id: uid(),
      template_id: DOC_TEMPLATE,
      identities: IDENTITIES,
      factoids: [{ type: 'user', data: USER }],
      completed: false,
    });
    expect(await wrapped('factoids', { ano: no, factoids: [{ type: 'user', data: USER }] })).toEqual({
      success: true,
    });
    const sha = sha256Hex('file');
    const file = { type: 'file', data: { owner_name: '李三', owner_id: '330124199501017791' } };
    expect(
      (
        await wrapped('attestations/hash', {
          unique_id: uid(),
          template_id: DOC_TEMPLATE,
          identities: IDENTITIES,
          factoids: [file],
          sha256: sha,
        })
      ).no,
    ).toMatch(/^[0-9A-F]{32}$/);
    expect(
      (
        await wrapped('attestation/hash', {
          unique_id: uid(),
          template_id: DOC_TEMPLATE,
          identities: IDENTITIES,
          factoids: [file],
          sha256: sha,
        })
      ).no,
    ).toMatch(/^[0-9A-F]{32}$/);
    expect(await wrapped('attestation', { ano: no, fields: [] })).toMatchObject({
      no,
      identities: null,
      factoids: null,
      attachments: null,
      completed: true,
    });
    expect(
      Object.keys(
        await wrapped('users/kyc', { name: '王五', phone: '15822222225', idCard: '330184198501184115' }),
      ),
    ).toEqual(['userId']);
    expect(Object.keys(await wrapped('cas', PERSONAL_CA))).toEqual(['no']);
    const dl = await raw('attestation/download', { ano: no });
    expect(dl.a.headers.get('content-disposition')).toBe(`attachment; filename="${no}.zip"`);
    expect(dl.a.contentType).toBe('application/zip');

    const png = solidPng(50, 30, [0, 0, 255, 255]);
    const uploaded1 = await flat(
      'contract/signature',
      {},
      { attachments: { 0: [{ bytes: png, filename: 'blue.png' }] } },
    );
    expect(Object.keys(uploaded1)).toEqual(['signatureId']);
    const signatureId = uploaded1.signatureId as string;
    expect(await flat('contract/signature/default', { signature_id: signatureId })).toEqual({
      result: 'success',
    });
    const list = (await flat('contract/signature/list', {})) as Record<string, string>;
    for (const url of Object.values(list)) expect(url.startsWith(`${h.origin}/files/signatures/`)).toBe(true);
    const served = await fetch(list[signatureId]!);
    expect(Buffer.from(await served.arrayBuffer()).equals(Buffer.from(png))).toBe(true);
    const pdf = await textPdf([['合同正文']]);
    const uploaded = await flat(
      'contract/uploadPdf',
      {},
      { attachments: { 0: [{ bytes: pdf, filename: 'c.pdf' }] } },
    );
    expect(Object.keys(uploaded)).toEqual(['contractId']);
    const contract_id = uploaded.contractId as string;
    expect(
      await flat('contract/setDetail', {
        contract_id,
        title: '标题',
        end_at: h.sim.clock.now() + 86_400_000,
        remark: '',
        userPhones: ['15811111111'],
      }),
    ).toEqual({ result: 'success' });
    expect(await flat('contract/verifyCode', { contract_id, phone: '15861111111' })).toEqual({
      result: 'success',
    });
    const code = h.sim.outbox.latestCode({ vendor: 'baoquan', to: '15861111111' })!;
    expect(
      await flat('contract/sign', {
        contract_id,
        phone: '15861111111',
        verify_code: code,
        ecs_status: 'DONE',
        page: '1',
        posX: '200',
        posY: '200',
      }),
    ).toEqual({ result: 'success' });
  });
});

describe('baoquan failures: {request_id, message, timestamp} with the documented status', () => {
  it('400 (模板不存在), 404 (unknown path), 405 (GET), 413 (too large, over TCP), 500 (bad signature)', async () => {
    const p400 = client.prepare('attestations', {
      unique_id: uid(),
      template_id: 'NoSuchTemplate',
      identities: IDENTITIES,
      factoids: [{ type: 'user', data: USER }],
    });
    expectErrorBody(await readAnswer(await fetch(p400.request)), 400, '模板不存在', p400.requestId);

    const e404 = signed('/api/v2/attestations/nope', '{}');
    expectErrorBody(
      await postBody(h, '/api/v2/attestations/nope', javaMultipart(envelopeParts(e404))),
      404,
      '请求路径不存在',
      '',
    );
    expectErrorBody(
      await readAnswer(await fetch(`${h.origin}/api/v1/attestations`)),
      405,
      '请求方法错误',
      '',
    );

    const big = new Uint8Array(3 * 1024 * 1024);
    const p413 = client.prepare(
      'attestations',
      {
        unique_id: uid(),
        template_id: DOC_TEMPLATE,
        identities: IDENTITIES,
        factoids: [{ type: 'user', data: USER }],
      },
      { attachments: { 0: [{ bytes: big, filename: 'big.bin' }] } },
    );
    const a413 = await readAnswer(await fetch(p413.request));
    expectErrorBody(a413, 413, '请求数据过大', '');

    const p500 = client.prepare('attestation', { ano: 'DB0C8DB14E3C44C7B9FBBE30EB179241' });
    const flipped = (p500.signature[0] === 'A' ? 'B' : 'A') + p500.signature.slice(1);
    const bad = client.prepare(
      'attestation',
      {},
      {
        overrides: {
          requestId: p500.requestId,
          tonce: p500.tonce,
          payload: p500.payload,
          signature: flipped,
        },
      },
    );
    expectErrorBody(await readAnswer(await fetch(bad.request)), 500, '数字签名校验失败', p500.requestId);
    // Not even base64.
    const junk = client.prepare(
      'attestation',
      {},
      { overrides: { payload: p500.payload, signature: '***not base64***' } },
    );
    expectErrorBody(await readAnswer(await fetch(junk.request)), 500, '数字签名校验失败', junk.requestId);

    // The typed client surfaces message and timestamp as the SDKs do.
    const err = await client
      .call('attestation', { ano: 'NoSuchAttestation000000000000000' })
      .catch((e: unknown) => e as { status: number; message: string; timestamp: number; requestId: string });
    expect(err).toMatchObject({ status: 400, message: '保全不存在', timestamp: h.sim.clock.now() });
  });

  it('the download header is exactly attachment; filename="<ano>.zip" over TCP; the Java (full match) and PHP regexes read <ano>.zip; the typed client too', async () => {
    const { no } = await client.call('attestations', {
      unique_id: uid(),
      template_id: DOC_TEMPLATE,
      identities: IDENTITIES,
      factoids: [{ type: 'user', data: USER }],
    });
    const p = client.prepare('attestation/download', { ano: no });
    const res = await fetch(p.request);
    expect(res.status).toBe(200);
    const header = res.headers.get('content-disposition')!;
    expect(header).toBe(`attachment; filename="${no}.zip"`);
    expect(JAVA_REGEX.exec(header)![1]).toBe(`${no}.zip`);
    expect(PHP_REGEX.exec(header)![1]).toBe(`${no}.zip`);
    const zip = new Uint8Array(await res.arrayBuffer());
    expect(Buffer.from(zip.subarray(0, 4)).toString('latin1')).toBe('PK\u0003\u0004');
    expect(readZip(zip).map((e) => e.name)).toEqual([`${no}.pdf`]);
    const typed = await client.download(no);
    expect(typed.fileName).toBe(`${no}.zip`);
    // Signatures are never re-used across requests: a replay
    // with a fresh request_id but the old signature is refused.
    const replay = client.prepare(
      'attestation/download',
      { ano: no },
      { overrides: { signature: rsaSign(DEFAULT_PRIVATE_KEY, p.stringToSign) } },
    );
    expect((await fetch(replay.request)).status).toBe(500);
  });
});
