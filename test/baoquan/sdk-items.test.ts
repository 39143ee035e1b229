/**
 * Issue 15: what the vendor's SDKs call and read works — each item through the typed client and as
 * raw multipart in the Java SDK's exact part layout (text parts `text/plain; charset=ISO-8859-1`,
 * payload `text/plain; charset=UTF-8`, each `Content-Transfer-Encoding: 8bit`; helpers.ts
 * javaMultipart), payloads as Jackson writes a HashMap (javaMap):
 *
 * 1. /attestation answers unique_id whatever fields asks for;
 * 2. /attestations and /attestations/hash refuse a payload without unique_id (a factoid's may be null);
 * 3. contract/detail, contract/list, contract/signature/delete (php-sdk 2017) and contract/download
 *    (java-sdk 2.0.17), answered as those SDKs read them;
 * 4. /contract/sign in the java 2.0.x shape attests the signing and answers attestationId;
 * 5. /api/v3 answers the vendor's JSON error saying it is not simulated;
 * 6. a replayed request_id is refused while its tonce is fresh, on the tonce check's clock.
 */
import { createPublicKey } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readZip } from '../../simulators/core/zip.ts';
import { baoquanErrorMessage, baoquanErrors, type BaoquanErrorName } from '../../contracts/baoquan/errors.ts';
import { MAX_REMEMBERED, RequestIdMemory } from '../../simulators/baoquan/replay.ts';
import {
  DEFAULT_ACCESS_KEY,
  DEFAULT_PRIVATE_KEY,
  DOC_TEMPLATE,
  envelope,
  envelopeParts,
  expectError,
  IDENTITIES,
  inProcessBq,
  javaMap,
  javaMultipart,
  postBody,
  SEED_ANO,
  solidPng,
  textPdf,
  uid,
  USER,
  type Answer,
  type BqHandle,
} from './helpers.ts';

const CREATOR = '15861111111';
const SIGNER_1 = '15811111111';

let h: BqHandle;

beforeEach(() => {
  h = inProcessBq();
});

afterEach(async () => {
  await h.close();
});

const tonceNow = () => Math.floor(h.sim.clock.now() / 1000);

/** A control API call; answers the parsed body. */
async function ctl<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await h.fetch(
    new Request(`${h.controlOrigin}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    }),
  );
  expect(res.status, path).toBeLessThan(300);
  return (await res.json()) as T;
}

const attestationCount = async () =>
  (await ctl<{ attestations: unknown[] }>('GET', '/__sim/baoquan/attestations')).attestations.length;

/** POSTs `payload` (raw JSON, as sent and signed) in the Java SDK's multipart layout. */
async function java(
  name: string,
  payload: string,
  o: { requestId?: string; tonce?: number; version?: string } = {},
): Promise<Answer & { requestId: string }> {
  const path = `/api/${o.version ?? 'v2'}/${name}`;
  const env = envelope({
    privateKey: DEFAULT_PRIVATE_KEY,
    accessKey: DEFAULT_ACCESS_KEY,
    path,
    payload,
    tonce: o.tonce ?? tonceNow(),
    ...(o.requestId ? { requestId: o.requestId } : {}),
  });
  const body = javaMultipart(envelopeParts(env));
  const text = Buffer.from(body.bytes).toString('utf8');
  // The layout the brief names, as Apache HttpClient writes it.
  expect(text).toContain(
    'name="request_id"\r\nContent-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: 8bit',
  );
  expect(text).toContain(
    'name="payload"\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit',
  );
  return { ...(await postBody(h, path, body)), requestId: env.request_id };
}

function expectJavaError(a: Answer, name: BaoquanErrorName, params: Record<string, string> = {}): void {
  expect(
    { status: a.status, message: (a.json as { message?: string } | undefined)?.message },
    a.text,
  ).toEqual({
    status: baoquanErrors[name].httpStatus,
    message: baoquanErrorMessage(name, params),
  });
}

const j = (v: unknown) => JSON.stringify(v);

/** The Java SDK's /attestations payload (HashMap order, factoid unique_id null when unset). */
function javaAttestation(uniqueId: string | null): string {
  return javaMap({
    unique_id: j(uniqueId),
    template_id: j(DOC_TEMPLATE),
    identities: j(IDENTITIES),
    factoids: `[{"unique_id":null,"type":"user","data":${j(USER)}}]`,
    completed: 'true',
    attachments: '{}',
  });
}

describe('1. /attestation answers unique_id', () => {
  it('typed client: whatever fields asks for', async () => {
    const c = h.defaultClient();
    const unique_id = uid();
    const { no } = await c.call('attestations', {
      unique_id,
      template_id: DOC_TEMPLATE,
      identities: IDENTITIES,
      factoids: [{ type: 'user', data: USER }],
    });
    for (const fields of [null, [], ['identities'], ['nothing']]) {
      const got = await c.call('attestation', { ano: no, fields });
      expect(got.unique_id, JSON.stringify(fields)).toBe(unique_id);
    }
    // The doc's /attestation example (seeded) carries the example's unique_id.
    expect((await c.call('attestation', { ano: SEED_ANO, fields: [] })).unique_id).toBe(
      'acafa00d-5579-4fe5-93c1-de89ec82006e',
    );
  });

  it('java multipart: data.unique_id on /api/v1 and /api/v2', async () => {
    const unique_id = uid();
    const made = await java('attestations', javaAttestation(unique_id));
    expect(made.status, made.text).toBe(200);
    const no = (made.json as { data: { no: string } }).data.no;
    for (const version of ['v1', 'v2'])
      for (const fields of ['null', '[]', '["factoids"]']) {
        const a = await java('attestation', javaMap({ fields, ano: j(no) }), { version });
        expect(a.status, a.text).toBe(200);
        expect((a.json as { data: { unique_id: string } }).data.unique_id).toBe(unique_id);
      }
  });
});

describe('2. unique_id is required on /attestations and /attestations/hash', () => {
  const hashPayload = {
    template_id: DOC_TEMPLATE,
    identities: IDENTITIES,
    factoids: [{ type: 'file', data: { owner_name: '李三', owner_id: '330124199501017791' } }],
    sha256: '654c71176b207401445fdd471f5e023f65af50d7361bf828e5b1c19c89b977b0',
  };

  it('typed client: empty is refused with the SDKs’ own text; nothing is made', async () => {
    const c = h.defaultClient();
    const base = {
      template_id: DOC_TEMPLATE,
      identities: IDENTITIES,
      factoids: [{ type: 'user', data: USER }],
    };
    const missing = { field: 'payload.unique_id' };
    await expectError(c.call('attestations', { ...base, unique_id: '' }), 'PARAM_MISSING', missing);
    await expectError(c.call('attestations', { ...base, unique_id: '   ' }), 'PARAM_MISSING', missing);
    await expectError(
      c.call('attestations/hash', { ...hashPayload, unique_id: '' }),
      'PARAM_MISSING',
      missing,
    );
    expect(baoquanErrorMessage('PARAM_MISSING', missing)).toBe('payload.unique_id can not be empty');
    const before = await attestationCount();
    // Factoids keep unique_id null (the Java SDK) and the call passes.
    const ok = await c.call('attestations', {
      ...base,
      unique_id: uid(),
      factoids: [{ unique_id: null, type: 'user', data: USER }],
    });
    expect(ok.no).toMatch(/^[0-9A-F]{32}$/);
    expect(await attestationCount()).toBe(before + 1);
  });

  it('java multipart: absent, null and "" answer 400 payload.unique_id can not be empty', async () => {
    const missing = { field: 'payload.unique_id' };
    expectJavaError(await java('attestations', javaAttestation(null)), 'PARAM_MISSING', missing);
    expectJavaError(await java('attestations', javaAttestation('')), 'PARAM_MISSING', missing);
    const noKey = javaMap({
      template_id: j(DOC_TEMPLATE),
      identities: j(IDENTITIES),
      factoids: j([{ type: 'user', data: USER }]),
    });
    expectJavaError(await java('attestations', noKey), 'PARAM_MISSING', missing);
    for (const name of ['attestations/hash', 'attestation/hash'])
      expectJavaError(
        await java(name, j({ ...hashPayload, unique_id: null, completed: true, attachments: {} })),
        'PARAM_MISSING',
        missing,
      );
    const ok = await java('attestations', javaAttestation(uid()));
    expect(ok.status, ok.text).toBe(200);
  });
});

// ── contracts ────────────────────────────────────────────────────────────────────────────────

async function contractFlow(): Promise<{ contractId: string; signatureId: string }> {
  const c = h.defaultClient();
  const pdf = await textPdf([['借款合同', '签署页']]);
  const { signatureId } = await c.call(
    'contract/signature',
    {},
    { attachments: { 0: [{ bytes: solidPng(120, 60, [0, 0, 255, 255]), filename: 's.png' }] } },
  );
  const { contractId } = await c.call(
    'contract/uploadPdf',
    {},
    { attachments: { 0: [{ bytes: pdf, filename: 'contract.pdf' }] } },
  );
  await c.call('contract/setDetail', {
    contract_id: contractId,
    title: '借款合同 2026',
    end_at: h.sim.clock.now() + 3_600_000,
    remark: '备注',
    userPhones: [SIGNER_1],
  });
  return { contractId, signatureId };
}

async function code(contractId: string, phone: string): Promise<string> {
  await h.defaultClient().call('contract/verifyCode', { contract_id: contractId, phone });
  return h.sim.outbox.latestCode({ vendor: 'baoquan', to: phone })!;
}

describe('3. the SDK-only contract endpoints', () => {
  it('typed client: /contract/detail, /contract/list (filters), /contract/signature/delete, /contract/download', async () => {
    const c = h.defaultClient();
    const { contractId, signatureId } = await contractFlow();
    const { detail } = await c.call('contract/detail', { contract_id: contractId });
    expect(detail).toMatchObject({
      contractId,
      title: '借款合同 2026',
      remark: '备注',
      status: 'SIGNING',
      userPhones: [SIGNER_1],
      currentSigner: CREATOR,
      signers: [
        { phone: CREATOR, role: 'creator', status: 'WAITING', signedAt: null },
        { phone: SIGNER_1, role: 'signer', status: 'WAITING', signedAt: null },
      ],
    });
    await expectError(c.call('contract/detail', { contract_id: 'nope' }), 'CONTRACT_NOT_FOUND');

    const ids = async (p: Parameters<typeof c.call<'contract/list'>>[1]) =>
      (await c.call('contract/list', p)).list.map((k) => k.contractId);
    expect(await ids({})).toContain(contractId);
    expect(await ids(null)).toContain(contractId);
    expect(await ids({ status: 'SIGNING', keyWord: '借款', start: null, end: null })).toEqual([contractId]);
    expect(await ids({ status: 'DONE' })).toEqual([]);
    expect(await ids({ keyWord: '租赁' })).toEqual([]);
    expect(await ids({ start: h.sim.clock.now() + 1 })).toEqual([]);
    expect(await ids({ end: h.sim.clock.now() })).toEqual([contractId]);

    // Before any signature the download is the upload itself.
    const before = await c.downloadContract(contractId);
    expect(before.fileName).toBe(`${contractId}.pdf`);
    expect(before.contentType).toBe('application/pdf');
    expect(Buffer.from(before.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    await c.call('contract/sign', {
      contract_id: contractId,
      phone: CREATOR,
      verify_code: await code(contractId, CREATOR),
      ecs_status: 'DONE',
      page: '1',
      posX: '200',
      posY: '200',
    });
    const after = await c.downloadContract(contractId);
    expect(after.bytes.length).toBeGreaterThan(before.bytes.length);
    expect(Buffer.from(after.bytes).toString('latin1')).toContain('/ETSI.CAdES.detached');
    await expectError(c.downloadContract('nope'), 'CONTRACT_NOT_FOUND');

    // Deleting the default image: the oldest remaining becomes the default; none left → none.
    const { signatureId: second } = await c.call(
      'contract/signature',
      {},
      { attachments: { 0: [{ bytes: solidPng(20, 20), filename: 't.png' }] } },
    );
    expect(await c.call('contract/signature/delete', { signature_id: signatureId })).toEqual({
      result: 'success',
    });
    expect(Object.keys(await c.call('contract/signature/list', {}))).toEqual([second]);
    await expectError(
      c.call('contract/signature/delete', { signature_id: signatureId }),
      'SIGNATURE_NOT_FOUND',
    );
    await c.call('contract/signature/delete', { signature_id: second });
    const k = await code(contractId, SIGNER_1);
    await expectError(
      c.call('contract/sign', {
        contract_id: contractId,
        phone: SIGNER_1,
        verify_code: k,
        ecs_status: 'DONE',
        page: '1',
        posX: '300',
        posY: '300',
      }),
      'DEFAULT_SIGNATURE_MISSING',
    );
  });

  it('java multipart and PHP payloads: /contract/detail {detail}, /contract/list {list}, /contract/signature/delete {result}, /contract/download the PDF with the quoted file name', async () => {
    const { contractId, signatureId } = await contractFlow();
    const detail = await java('contract/detail', javaMap({ contract_id: j(contractId) }));
    expect(detail.status, detail.text).toBe(200);
    expect(Object.keys(detail.json as object)).toEqual(['detail']);
    expect((detail.json as { detail: { contractId: string } }).detail.contractId).toBe(contractId);

    // Java's queryList: every key, Dates as epoch ms, nulls when unset.
    const list = await java(
      'contract/list',
      javaMap({
        start: String(h.sim.clock.now() - 60_000),
        end: 'null',
        status: j('SIGNING'),
        keyWord: 'null',
      }),
    );
    expect(list.status, list.text).toBe(200);
    expect((list.json as { list: Array<{ contractId: string }> }).list.map((k) => k.contractId)).toEqual([
      contractId,
    ]);
    // PHP's contractList() with nothing set posts json_encode(null).
    const php = await java('contract/list', 'null');
    expect(php.status, php.text).toBe(200);

    const dl = await java('contract/download', javaMap({ contract_id: j(contractId) }));
    expect(dl.status).toBe(200);
    expect(dl.contentType).toBe('application/pdf');
    // java-sdk file(): Pattern ".*filename=\"(.*)\".*" with matches().
    expect(/^.*filename="(.*)".*$/.exec(dl.headers.get('content-disposition') ?? '')?.[1]).toBe(
      `${contractId}.pdf`,
    );
    expectJavaError(
      await java('contract/download', javaMap({ contract_id: j('nope') })),
      'CONTRACT_NOT_FOUND',
    );

    const del = await java('contract/signature/delete', javaMap({ signature_id: j(signatureId) }));
    expect(del.status, del.text).toBe(200);
    expect(del.json).toEqual({ result: 'success' });
    expectJavaError(
      await java('contract/signature/delete', javaMap({ signature_id: j('') })),
      'PARAM_MISSING',
      { field: 'payload.signature_id' },
    );
  });
});

describe('4. /contract/sign in the java 2.0.x shape', () => {
  /** SignResultResponse: template_id, identities, factoids, completed, signature_id, type. */
  const javaSign = (contractId: string, phone: string, verifyCode: string, extra: Record<string, string>) =>
    javaMap({
      contract_id: j(contractId),
      phone: j(phone),
      verify_code: j(verifyCode),
      ecs_status: j('DONE'),
      page: j('1'),
      posX: j('200'),
      posY: j('200'),
      template_id: j(DOC_TEMPLATE),
      identities: j({ MO: '15611111111', ID: IDENTITIES.ID }),
      factoids: `[{"unique_id":null,"type":"user","data":${j(USER)}}]`,
      completed: 'false',
      signature_id: j(''),
      type: j('enterprise'),
      ...extra,
    });

  it('java multipart: the signing is attested (signed PDF as factoid 0’s attachment), attestationId comes back', async () => {
    const { contractId } = await contractFlow();
    const a = await java('contract/sign', javaSign(contractId, CREATOR, await code(contractId, CREATOR), {}));
    expect(a.status, a.text).toBe(200);
    const { result, attestationId } = a.json as { result: string; attestationId: string };
    expect(result).toBe('success');
    expect(attestationId).toMatch(/^[0-9A-F]{32}$/);
    const got = await h.defaultClient().call('attestation', { ano: attestationId });
    expect(got).toMatchObject({
      no: attestationId,
      unique_id: null,
      template_id: DOC_TEMPLATE,
      completed: false,
      identities: { MO: '15611111111', ID: IDENTITIES.ID },
      factoids: [{ unique_id: null, type: 'user', data: USER }],
    });
    expect(got.attachments?.['0']).toHaveLength(1);
    // The attached file is the contract as this signature left it.
    const zip = await h.defaultClient().download(attestationId);
    const pdf = await h.defaultClient().downloadContract(contractId);
    const entries = readZip(zip.bytes);
    expect(entries.map((e) => e.name)).toEqual([`${attestationId}.pdf`, 'contract.pdf']);
    expect(Buffer.from(entries[1]!.data).equals(Buffer.from(pdf.bytes))).toBe(true);
  });

  it('typed client: signature_id picks the image; a bad template or identity fails the whole call, changing nothing', async () => {
    const c = h.defaultClient();
    const { contractId } = await contractFlow();
    const verify_code = await code(contractId, CREATOR);
    const base = {
      contract_id: contractId,
      phone: CREATOR,
      verify_code,
      ecs_status: 'DONE' as const,
      page: '1',
      posX: '200',
      posY: '200',
      identities: IDENTITIES,
      factoids: [{ type: 'user', data: USER }],
    };
    await expectError(c.call('contract/sign', { ...base, template_id: 'nope' }), 'TEMPLATE_NOT_FOUND');
    await expectError(
      c.call('contract/sign', { ...base, template_id: DOC_TEMPLATE, identities: { MO: '123' } }),
      'PARAM_INVALID',
      { field: 'payload.identities.MO' },
    );
    await expectError(
      c.call('contract/sign', { ...base, template_id: DOC_TEMPLATE, factoids: [] }),
      'PARAM_MISSING',
      { field: 'payload.factoids' },
    );
    await expectError(
      c.call('contract/sign', { ...base, template_id: DOC_TEMPLATE, signature_id: 'nope' }),
      'SIGNATURE_NOT_FOUND',
    );
    expect((await c.call('contract/detail', { contract_id: contractId })).detail.signers[0]!.status).toBe(
      'WAITING',
    );
    const { signatureId: other } = await c.call(
      'contract/signature',
      {},
      { attachments: { 0: [{ bytes: solidPng(30, 30), filename: 'o.png' }] } },
    );
    const signed = await c.call('contract/sign', { ...base, template_id: DOC_TEMPLATE, signature_id: other });
    expect(signed.attestationId).toMatch(/^[0-9A-F]{32}$/);
    const view = await ctl<{ signers: Array<{ stamp?: { signatureId: string } }> }>(
      'GET',
      `/__sim/baoquan/contracts/${contractId}`,
    );
    expect(view.signers[0]!.stamp?.signatureId).toBe(other);
  });
});

describe('5. /api/v3 answers the vendor’s JSON error', () => {
  it('java multipart, the typed client and any method: 404 {request_id, message, timestamp} saying v3 is not simulated', async () => {
    const msg = baoquanErrorMessage('API_VERSION_NOT_SIMULATED', { version: 'v3' });
    expect(msg).toContain('/api/v3');
    for (const name of ['attestations/text', 'attestations', 'contract/list', ''])
      expectJavaError(await java(name, '{}', { version: 'v3' }), 'API_VERSION_NOT_SIMULATED', {
        version: 'v3',
      });
    const get = await h.fetch(new Request(`${h.origin}/api/v3/attestation`));
    expect(get.status).toBe(404);
    expect(get.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await get.json()) as { message: string }).message).toBe(msg);
    // The typed client's call sent to /api/v3 (what an SDK left on its v3 default posts).
    const c = h.defaultClient();
    const prepared = c.prepare('attestation', { ano: SEED_ANO, fields: null });
    const v3 = new Request(prepared.request.url.replace('/api/v2/', '/api/v3/'), prepared.request);
    await expectError(c.send('attestation', { ...prepared, request: v3 }), 'API_VERSION_NOT_SIMULATED', {
      version: 'v3',
    });
    // Other unknown paths keep 请求路径不存在.
    expectJavaError(await java('contract/verify_code', '{}'), 'API_NOT_FOUND');
  });
});

describe('6. replays: request_id is unique per access key within the tonce window', () => {
  it('java multipart: the identical request (request_id, tonce, signature) is refused the second time', async () => {
    const requestId = uid();
    const tonce = tonceNow();
    const payload = javaMap({ fields: '[]', ano: j(SEED_ANO) });
    const first = await java('attestation', payload, { requestId, tonce });
    expect(first.status, first.text).toBe(200);
    const replay = await java('attestation', payload, { requestId, tonce });
    expectJavaError(replay, 'REQUEST_ID_REPEATED');
    expect((replay.json as { request_id: string }).request_id).toBe(requestId);
    // Even with another payload, path or version: the id is spent for this access key.
    expectJavaError(
      await java('attestation', payload, { requestId, tonce, version: 'v1' }),
      'REQUEST_ID_REPEATED',
    );
    // A request refused before its signature verifies spends nothing.
    const other = uid();
    const tooOld = await java('attestation', payload, { requestId: other, tonce: tonce - 301 });
    expectJavaError(tooOld, 'TONCE_OUT_OF_RANGE');
    expect((await java('attestation', payload, { requestId: other })).status).toBe(200);
    // A reset of the simulator forgets every id (a test suite may replay a fixed sequence).
    await ctl('POST', '/__sim/reset?vendor=baoquan');
    expect((await java('attestation', payload, { requestId, tonce })).status).toBe(200);
  });

  it('typed client: a mutating call replayed creates nothing; another access key may use the same id', async () => {
    const c = h.defaultClient();
    const before = await attestationCount();
    const payload = {
      unique_id: uid(),
      template_id: DOC_TEMPLATE,
      identities: IDENTITIES,
      factoids: [{ type: 'user', data: USER }],
    };
    expect(
      (await c.call('attestations', payload, { overrides: { requestId: 'fixed-request-id' } })).no,
    ).toMatch(/^[0-9A-F]{32}$/);
    // Another unique_id: without the refusal this would make a second attestation.
    await expectError(
      c.call(
        'attestations',
        { ...payload, unique_id: uid() },
        { overrides: { requestId: 'fixed-request-id' } },
      ),
      'REQUEST_ID_REPEATED',
    );
    expect(await attestationCount()).toBe(before + 1);
    const t = await ctl<{ credentials: { accessKey: string } }>('POST', '/__sim/baoquan/tenants', {
      publicKey: publicKeyOfDefault(),
    });
    const other = h.client(t.credentials.accessKey, DEFAULT_PRIVATE_KEY);
    const mine = other.prepare('attestation', { ano: 'X' }, { overrides: { requestId: 'fixed-request-id' } });
    expect((await (await h.fetch(mine.request)).json()) as { message: string }).toMatchObject({
      message: '保全不存在',
    });
  });

  it('on the virtual clock (clientClock virtual): the id is usable again once the first tonce left the window', async () => {
    await ctl('PATCH', `/__sim/baoquan/tenants/${DEFAULT_ACCESS_KEY}`, { clientClock: 'virtual' });
    const c = h.defaultClient();
    const get = { ano: SEED_ANO, fields: [] };
    await c.call('attestation', get, { overrides: { requestId: 'r-1' } });
    await h.sim.clock.advance(300_000);
    await expectError(c.call('attestation', get, { overrides: { requestId: 'r-1' } }), 'REQUEST_ID_REPEATED');
    await h.sim.clock.advance(2_000);
    expect((await c.call('attestation', get, { overrides: { requestId: 'r-1' } })).no).toBe(SEED_ANO);
    // On the wall clock the virtual jump changes nothing for a wall-clock tenant.
    await ctl('PATCH', `/__sim/baoquan/tenants/${DEFAULT_ACCESS_KEY}`, { clientClock: 'wall' });
    const wall = h.client(DEFAULT_ACCESS_KEY, DEFAULT_PRIVATE_KEY, { clock: Date.now });
    await wall.call('attestation', get, { overrides: { requestId: 'r-2' } });
    await h.sim.clock.advance(3_600_000);
    await expectError(
      wall.call('attestation', get, { overrides: { requestId: 'r-2' } }),
      'REQUEST_ID_REPEATED',
    );
  });

  it('memory is bounded: expired ids leave as new ones arrive, and at most max per access key', () => {
    expect(MAX_REMEMBERED).toBe(100_000);
    let now = 1_000;
    const fresh = (t: number) => Math.abs(t - now) <= 300;
    const m = new RequestIdMemory(5);
    const k = {};
    const other = {};
    for (let i = 0; i < 5; i++) expect(m.remember(k, `a${i}`, now, fresh)).toBe(true);
    expect(m.remember(k, 'a0', now, fresh)).toBe(false);
    expect(m.remember(other, 'a0', now, fresh)).toBe(true);
    // Full: the oldest leaves first (a replay of it is then only stopped by the tonce check).
    expect(m.remember(k, 'a5', now, fresh)).toBe(true);
    expect(m.count(k)).toBe(5);
    expect(m.remember(k, 'a0', now, fresh)).toBe(true);
    expect(m.remember(k, 'a5', now, fresh)).toBe(false);
    // Time passes: every expired id is dropped by the next request.
    now += 301;
    expect(m.remember(k, 'b0', now, fresh)).toBe(true);
    expect(m.count(k)).toBe(1);
  });
});

function publicKeyOfDefault(): string {
  return createPublicKey(DEFAULT_PRIVATE_KEY).export({ type: 'spki', format: 'pem' }).toString();
}
