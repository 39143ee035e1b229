/**
 * `--state FILE` (docs/interface.md "Start": all state survives a restart) and tenant isolation
 * (`POST /__sim/baoquan/tenants` creates a new ISOLATED tenant).
 *
 * Two tenants made through the control API — A with a PKCS#1 public key, B with an SPKI one —
 * each with console templates, CAs (A's enterprise CA with a seal image), attestations (one
 * completed with a signed PDF and waiting for blockchain anchoring, one still open), a KYC user,
 * a signature image and a contract in signing. The simulator is closed and started again on the
 * same state file: the same keys still verify, the same templates, attestations, attachments,
 * certificates, CAs, seal images, users and contracts answer byte for byte, URLs signed before
 * the restart still work, and the pending anchoring job runs once the restored virtual clock
 * passes its due time. Then B tries everything of A's: read, extend or download an attestation,
 * sign with a caId, touch a contract, use a signature image or a template, reuse a unique_id —
 * each is the catalogue's "not found" (or a fresh object of B's own), and A is unchanged.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BaoquanApiError, sha256Hex } from '../../clients/baoquan/index.ts';
import { findKeyword } from '../../simulators/core/pdf/index.ts';
import { readZip } from '../../simulators/core/zip.ts';
import { pdfBoxToPixels, renderPdfPage, type DecodedPng, type PixelBox } from '../helpers/png.ts';
import {
  createTemplate,
  ENTERPRISE_CA,
  IDENTITIES,
  inProcessBq,
  MIN,
  newTenant,
  PERSONAL_CA,
  readAnswer,
  sealPng,
  solidPng,
  tenantView,
  textPdf,
  uid,
  type BqHandle,
  type Tenant,
} from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'sealsim-bq-state-'));
const open: BqHandle[] = [];
afterAll(async () => {
  await Promise.all(open.map((x) => x.close()));
  rmSync(dir, { recursive: true, force: true });
});

function start(stateFile: string): BqHandle {
  const h = inProcessBq({ stateFile });
  open.push(h);
  return h;
}

async function stop(h: BqHandle): Promise<void> {
  await h.close();
  open.splice(open.indexOf(h), 1);
}

/** The catalogue message a call fails with (or 'succeeded'). */
const failure = (p: Promise<unknown>) =>
  p.then(
    () => 'succeeded',
    (e: unknown) => (e instanceof BaoquanApiError ? `${e.status} ${e.message}` : `threw ${String(e)}`),
  );

const bluePixels = (png: DecodedPng, box: PixelBox) => {
  let n = 0;
  for (let y = Math.max(0, Math.floor(box.y)); y < Math.min(png.height, Math.ceil(box.y + box.height)); y++) {
    for (let x = Math.max(0, Math.floor(box.x)); x < Math.min(png.width, Math.ceil(box.x + box.width)); x++) {
      const o = (y * png.width + x) * 4;
      if (png.rgba[o + 2]! > 150 && png.rgba[o]! < 90 && png.rgba[o + 1]! < 90) n++;
    }
  }
  return n;
};

const OK_USER = { name: '张三', phone_number: '13234568732' };

const USER_FIELDS = [
  { name: 'name', type: 'string' as const, required: true, label: '姓名' },
  { name: 'phone_number', type: 'string' as const, required: true, label: '手机号' },
];

interface SideA {
  t: Tenant;
  template: string;
  personalCa: string;
  enterpriseCa: string;
  done: string;
  doneUnique: string;
  open: string;
  userId: string;
  signatureId: string;
  contractId: string;
  pdf: Uint8Array;
}

async function buildA(h: BqHandle): Promise<SideA> {
  const t = await newTenant(
    h,
    { organizationName: '甲方科技有限公司', productName: '甲方保全', anchorDelayMs: 60 * MIN },
    'pkcs1',
  );
  const c = t.client;
  const template = await createTemplate(h, t.accessKey, '借款合同保全', [
    { type: 'user', label: '用户', required: true, fields: USER_FIELDS },
    { type: 'loan', label: '借款', fields: [{ name: 'amount', type: 'int', label: '金额' }] },
  ]);
  const { no: personalCa } = await c.call('cas', PERSONAL_CA);
  const { no: enterpriseCa } = await c.call('cas', ENTERPRISE_CA, {
    seal: { bytes: sealPng(160), filename: 'seal.png' },
  });
  const pdf = await textPdf([['借款合同', '', '甲方（签章）', '', '', '', '', '', '', '', '乙方（盖章）']]);
  const doneUnique = uid();
  const { no: done } = await c.call(
    'attestations',
    {
      unique_id: doneUnique,
      template_id: template,
      identities: IDENTITIES,
      factoids: [
        { unique_id: uid(), type: 'user', data: { name: '张三', phone_number: '13234568732' } },
        { type: 'loan', data: { amount: 10000 } },
      ],
    },
    {
      attachments: {
        0: [
          {
            bytes: pdf,
            filename: '借款合同.pdf',
            sign: { [personalCa]: ['甲方（签章）'], [enterpriseCa]: ['乙方（盖章）'] },
          },
        ],
      },
    },
  );
  const { no: openNo } = await c.call('attestations', {
    unique_id: uid(),
    template_id: template,
    identities: IDENTITIES,
    factoids: [{ type: 'loan', data: { amount: 5 } }],
    completed: false,
  });
  const { userId } = await c.call('users/kyc', {
    name: '王五',
    phone: '15822222227',
    idCard: '330184198501184115',
  });
  const { signatureId } = await c.call(
    'contract/signature',
    {},
    { attachments: { 0: [{ bytes: solidPng(60, 30, [0, 0, 255, 255]), filename: '甲方签名.png' }] } },
  );
  const { contractId } = await c.call(
    'contract/uploadPdf',
    {},
    { attachments: { 0: [{ bytes: await textPdf([['合同', '签署页']]), filename: 'contract.pdf' }] } },
  );
  await c.call('contract/setDetail', {
    contract_id: contractId,
    title: '借款合同',
    end_at: h.sim.clock.now() + 7 * 24 * 60 * MIN,
    remark: '',
    userPhones: ['15822222227'],
  });
  return {
    t,
    template,
    personalCa,
    enterpriseCa,
    done,
    doneUnique,
    open: openNo,
    userId,
    signatureId,
    contractId,
    pdf,
  };
}

describe('baoquan --state restart and tenant isolation', () => {
  it('keeps tenants (with their public keys), templates, attestations, attachments, CAs, users, contracts and the pending anchoring; B can touch none of A', async () => {
    const file = join(dir, 'state.json');

    // ── first run ──
    const h1 = start(file);
    const A = await buildA(h1);
    const B = await newTenant(h1, { organizationName: '乙方有限公司' }, 'spki');
    const bTemplate = await createTemplate(h1, B.accessKey, '乙方模板', [
      { type: 'user', fields: USER_FIELDS },
    ]);
    // B reuses A's unique_id: a new attestation of B's own, not A's no.
    const { no: bNo } = await B.client.call('attestations', {
      unique_id: A.doneUnique,
      template_id: bTemplate,
      identities: IDENTITIES,
      factoids: [{ type: 'user', data: { name: '乙', phone_number: '13234568732' } }],
    });
    expect(bNo).not.toBe(A.done);
    await h1.sim.clock.advance(10 * MIN);

    const a1 = A.t.client;
    const saved = {
      now: h1.sim.clock.now(),
      viewA: await tenantView(h1, A.t.accessKey),
      viewB: await tenantView(h1, B.accessKey),
      templates: (
        await h1.control.api.GET('/__sim/baoquan/templates', {
          params: { query: { accessKey: A.t.accessKey } },
        })
      ).data,
      done: await a1.call('attestation', { ano: A.done }),
      open: await a1.call('attestation', { ano: A.open }),
      zip: (await a1.download(A.done)).bytes,
      cas: (
        await h1.control.api.GET('/__sim/baoquan/cas', { params: { query: { accessKey: A.t.accessKey } } })
      ).data,
      users: (
        await h1.control.api.GET('/__sim/baoquan/users', { params: { query: { accessKey: A.t.accessKey } } })
      ).data,
      contract: (
        await h1.control.api.GET('/__sim/baoquan/contracts/{contractId}', {
          params: { path: { contractId: A.contractId }, query: { accessKey: A.t.accessKey } },
        })
      ).data,
      signatures: await a1.call('contract/signature/list', {}),
    };
    expect(saved.done.blockchain_hash).toBe('');
    expect(saved.viewA.counts).toMatchObject({
      templates: 1,
      attestations: 2,
      attachments: 1,
      cas: 2,
      users: 1,
      signatures: 1,
      contracts: 1,
    });
    await stop(h1);
    expect(existsSync(file)).toBe(true);

    // ── second run on the same file ──
    const h2 = start(file);
    expect(h2.sim.clock.now()).toBe(saved.now);
    const a2 = h2.client(A.t.accessKey, A.t.privateKey); // the registered PKCS#1 key still verifies
    const b2 = h2.client(B.accessKey, B.privateKey);
    expect(await tenantView(h2, A.t.accessKey)).toEqual(saved.viewA);
    expect(await tenantView(h2, B.accessKey)).toEqual(saved.viewB);
    expect((await tenantView(h2, A.t.accessKey)).publicKey).toBe(A.t.publicKey.trim());
    expect(
      (
        await h2.control.api.GET('/__sim/baoquan/templates', {
          params: { query: { accessKey: A.t.accessKey } },
        })
      ).data,
    ).toEqual(saved.templates);
    expect(await a2.call('attestation', { ano: A.done })).toEqual(saved.done);
    expect(await a2.call('attestation', { ano: A.open })).toEqual(saved.open);
    const zip = (await a2.download(A.done)).bytes;
    expect(Buffer.from(zip).equals(Buffer.from(saved.zip))).toBe(true);
    expect(
      (await h2.control.api.GET('/__sim/baoquan/cas', { params: { query: { accessKey: A.t.accessKey } } }))
        .data,
    ).toEqual(saved.cas);
    expect(
      (await h2.control.api.GET('/__sim/baoquan/users', { params: { query: { accessKey: A.t.accessKey } } }))
        .data,
    ).toEqual(saved.users);
    expect(
      (
        await h2.control.api.GET('/__sim/baoquan/contracts/{contractId}', {
          params: { path: { contractId: A.contractId }, query: { accessKey: A.t.accessKey } },
        })
      ).data,
    ).toEqual(saved.contract);
    // The same unique_id still answers the same no (idempotency survives), for A and for B.
    expect(
      (
        await a2.call('attestations', {
          unique_id: A.doneUnique,
          template_id: A.template,
          identities: IDENTITIES,
          factoids: [{ type: 'user', data: OK_USER }],
        })
      ).no,
    ).toBe(A.done);
    expect(
      (
        await b2.call('attestations', {
          unique_id: A.doneUnique,
          template_id: bTemplate,
          identities: IDENTITIES,
          factoids: [{ type: 'user', data: OK_USER }],
        })
      ).no,
    ).toBe(bNo);
    // A signature-list URL signed before the restart still serves the image.
    const [sigUrl] = Object.values(saved.signatures);
    const img = await h2.fetch(new Request(sigUrl!));
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');

    // The anchoring job scheduled before the restart runs on the restored clock, at its due time.
    const cert = readZip(zip).find((e) => e.name === `${A.done}.pdf`)!.data;
    await h2.sim.clock.advance(49 * MIN);
    expect((await a2.call('attestation', { ano: A.done, fields: [] })).blockchain_hash).toBe('');
    await h2.sim.clock.advance(2 * MIN);
    expect((await a2.call('attestation', { ano: A.done, fields: [] })).blockchain_hash).toBe(sha256Hex(cert));
    expect(h2.sim.clock.jobErrors).toEqual([]);

    // ── isolation: B against everything of A's ──
    const countsA = (await tenantView(h2, A.t.accessKey)).counts;
    const countsB = (await tenantView(h2, B.accessKey)).counts;
    const pdf = await textPdf([['乙方合同', '甲方（签章）']]);
    const wrong = {
      getDone: await failure(b2.call('attestation', { ano: A.done })),
      extendOpen: await failure(
        b2.call('factoids', { ano: A.open, factoids: [{ type: 'loan', data: { amount: 1 } }] }),
      ),
      download: await failure(b2.download(A.done)),
      caPersonal: await failure(
        b2.call(
          'attestations',
          {
            unique_id: uid(),
            template_id: bTemplate,
            identities: IDENTITIES,
            factoids: [{ type: 'user', data: OK_USER }],
          },
          {
            attachments: {
              0: [{ bytes: pdf, filename: 'c.pdf', sign: { [A.personalCa]: ['甲方（签章）'] } }],
            },
          },
        ),
      ),
      caEnterprise: await failure(
        b2.call(
          'attestations',
          {
            unique_id: uid(),
            template_id: bTemplate,
            identities: IDENTITIES,
            factoids: [{ type: 'user', data: OK_USER }],
          },
          {
            attachments: {
              0: [{ bytes: pdf, filename: 'c.pdf', sign: { [A.enterpriseCa]: ['甲方（签章）'] } }],
            },
          },
        ),
      ),
      template: await failure(
        b2.call('attestations', {
          unique_id: uid(),
          template_id: A.template,
          identities: IDENTITIES,
          factoids: [{ type: 'user', data: OK_USER }],
        }),
      ),
      userId: await failure(
        b2.call('attestations', {
          unique_id: uid(),
          template_id: bTemplate,
          identities: { USERID: A.userId },
          factoids: [{ type: 'user', data: OK_USER }],
        }),
      ),
      setDetail: await failure(
        b2.call('contract/setDetail', {
          contract_id: A.contractId,
          title: 'x',
          end_at: h2.sim.clock.now() + 3_600_000,
          remark: '',
          userPhones: ['15811111111'],
        }),
      ),
      verifyCode: await failure(
        b2.call('contract/verifyCode', { contract_id: A.contractId, phone: '15861111111' }),
      ),
      sign: await failure(
        b2.call('contract/sign', {
          contract_id: A.contractId,
          phone: '15861111111',
          verify_code: '1234',
          ecs_status: 'CANCEL',
          page: '1',
          posX: '1',
          posY: '1',
        }),
      ),
      defaultSignature: await failure(b2.call('contract/signature/default', { signature_id: A.signatureId })),
    };
    expect(wrong).toEqual({
      getDone: '400 保全不存在',
      extendOpen: '400 保全不存在',
      download: '400 保全不存在',
      caPersonal: `400 ca证书不存在: ${A.personalCa}`,
      caEnterprise: `400 ca证书不存在: ${A.enterpriseCa}`,
      template: '400 模板不存在',
      userId: '400 invalid parameter : payload.identities.USERID',
      setDetail: '400 合同不存在',
      verifyCode: '400 合同不存在',
      sign: '400 合同不存在',
      defaultSignature: '400 签章图片不存在',
    });
    expect(Object.keys(await b2.call('contract/signature/list', {}))).toEqual([]);
    // The control views answer per tenant too.
    expect(
      (
        await h2.control.api.GET('/__sim/baoquan/attestations/{ano}', {
          params: { path: { ano: A.done }, query: { accessKey: B.accessKey } },
        })
      ).response.status,
    ).toBe(404);
    expect(
      (
        await h2.control.api.GET('/__sim/baoquan/contracts/{contractId}', {
          params: { path: { contractId: A.contractId }, query: { accessKey: B.accessKey } },
        })
      ).response.status,
    ).toBe(404);
    // B's own, valid access link for A's ano: 404, A's data not shown.
    const page = await readAnswer(await h2.fetch(new Request(b2.accessUrl(A.done))));
    expect(page.status).toBe(404);
    expect(page.text).not.toContain('甲方科技有限公司');
    // Nothing of A's or B's changed.
    expect((await tenantView(h2, A.t.accessKey)).counts).toEqual(countsA);
    expect((await tenantView(h2, B.accessKey)).counts).toEqual(countsB);
    expect(await a2.call('attestation', { ano: A.open })).toEqual(saved.open);
    expect(
      (
        await h2.control.api.GET('/__sim/baoquan/contracts/{contractId}', {
          params: { path: { contractId: A.contractId }, query: { accessKey: A.t.accessKey } },
        })
      ).data!.status,
    ).toBe('SIGNING');

    // ── A carries on after the restart ──
    // The open attestation completes and is anchored after A's 60-minute delay.
    await a2.call('factoids', {
      ano: A.open,
      factoids: [{ type: 'user', data: { name: '李四', phone_number: '13234568732' } }],
    });
    await h2.sim.clock.advance(61 * MIN);
    expect((await a2.call('attestation', { ano: A.open, fields: [] })).blockchain_hash).toMatch(
      /^[0-9a-f]{64}$/,
    );
    // The contract is signed with the default signature image kept across the restart.
    await a2.call('contract/verifyCode', { contract_id: A.contractId, phone: '15861111111' });
    const code = h2.sim.outbox.latestCode({ vendor: 'baoquan', to: '15861111111' })!;
    expect(
      await a2.call('contract/sign', {
        contract_id: A.contractId,
        phone: '15861111111',
        verify_code: code,
        ecs_status: 'DONE',
        page: '1',
        posX: '200',
        posY: '400',
      }),
    ).toEqual({ result: 'success' });
    // The enterprise CA's seal image was kept: a new signature with it stamps the blue-centred seal.
    const again = await textPdf([['新合同', '', '', '乙方（盖章）']]);
    const { no: third } = await a2.call(
      'attestations',
      {
        unique_id: uid(),
        template_id: A.template,
        identities: IDENTITIES,
        factoids: [{ type: 'user', data: { name: '张三', phone_number: '13234568732' } }],
      },
      {
        attachments: {
          0: [{ bytes: again, filename: 'again.pdf', sign: { [A.enterpriseCa]: ['乙方（盖章）'] } }],
        },
      },
    );
    const signed = readZip((await a2.download(third)).bytes).find((e) => e.name === 'again.pdf')!.data;
    const [hit] = await findKeyword(again, '乙方（盖章）');
    const box = pdfBoxToPixels(
      { x: hit!.x + hit!.width / 2 - 20, y: hit!.y + hit!.height / 2 - 20, width: 40, height: 40 },
      841.89,
    );
    expect(bluePixels(await renderPdfPage(signed, 1), box)).toBeGreaterThan(300);
    expect(bluePixels(await renderPdfPage(again, 1), box)).toBe(0);
  });
});
