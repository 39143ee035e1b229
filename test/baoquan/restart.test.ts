/**
 * `--state FILE` (docs/interface.md "Start": all state survives a restart).
 *
 * Two tenants made through the control API — A with a PKCS#1 public key, B with an SPKI one —
 * each with console templates, CAs (A's enterprise CA with a seal image), attestations (one
 * completed with a signed PDF and waiting for blockchain anchoring, one still open), a KYC user,
 * a signature image and a contract in signing. The simulator is closed and started again on the
 * same state file: the same keys still verify, the same templates, attestations, attachments,
 * certificates, CAs, seal images, users and contracts answer byte for byte, URLs signed before
 * the restart still work, and the pending anchoring job runs once the restored virtual clock
 * passes its due time; A then carries on (anchoring, signing, the kept seal image).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../clients/baoquan/index.ts';
import { findKeyword } from '../../simulators/core/pdf/index.ts';
import { readZip } from '../../simulators/core/zip.ts';
import { pdfBoxToPixels, renderPdfPage, type DecodedPng, type PixelBox } from '../helpers/png.ts';
import {
  type BqHandle,
  buildSideA,
  createTemplate,
  IDENTITIES,
  inProcessBq,
  MIN,
  newTenant,
  OK_USER,
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

describe('baoquan --state restart', () => {
  it('keeps tenants (with their public keys), templates, attestations, attachments, CAs, users, contracts and the pending anchoring', async () => {
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
