/**
 * Tenant isolation across a restart (`POST /__sim/baoquan/tenants` creates a new ISOLATED tenant;
 * the generic checks are the conformance suite's). A (test/baoquan/helpers.ts `buildSideA`) and B
 * are made, the simulator restarts on its state file, then B tries everything of A's: read, extend
 * or download an attestation, sign with a caId, touch a contract, use a signature image or a
 * template, reuse a unique_id — each is the catalogue's "not found" (or a fresh object of B's
 * own), and A is unchanged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BaoquanApiError } from '../../clients/baoquan/index.ts';
import {
  type BqHandle,
  buildSideA,
  createTemplate,
  IDENTITIES,
  inProcessBq,
  MIN,
  newTenant,
  OK_USER,
  readAnswer,
  tenantView,
  textPdf,
  uid,
  USER_FIELDS,
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

describe('baoquan tenant isolation across a restart', () => {
  it('B can touch none of A: every lookup of A\'s is the catalogue\'s "not found", and A is unchanged', async () => {
    const file = join(dir, 'state.json');

    // ── first run ──
    const h1 = start(file);
    const A = await buildSideA(h1);
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
    const saved = { open: await A.t.client.call('attestation', { ano: A.open }) };
    await stop(h1);

    // ── second run on the same file ──
    const h2 = start(file);
    const a2 = h2.client(A.t.accessKey, A.t.privateKey);
    const b2 = h2.client(B.accessKey, B.privateKey);

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
  });
});
