// baoquan's signed PDFs carry real PAdES signatures (issue 10): attachment seals with the /cas
// certificate, contract signatures with the signer's KYC certificate (the creator: the
// organisation's), the attestation certificate with the platform's. Each valid for pdfsig against
// the vendor's test root (GET /__sim/baoquan/ca.pem), with the signer's CN and the virtual clock's
// signing time; tampering one byte shows.
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeName, pemDecodeAll, pemEncode } from '../../simulators/core/pki/index.ts';
import { readZip } from '../../simulators/core/zip.ts';
import { formatBeijingTime } from '../../simulators/core/time.ts';
import { expectCertificatesTrusted, trustStore, type PdfsigEntry } from '../core/pdf/sign/verify.ts';
import {
  call,
  DEFAULT_ACCESS_KEY,
  ENTERPRISE_CA,
  IDENTITIES,
  PERSONAL_CA,
  setup,
  solidPng,
  textPdf,
  uid,
  USER,
  type Ctx,
} from './helpers.ts';
import type { BaoquanTenant } from '../../simulators/baoquan/state.ts';

const CREATOR = '15861111111';
const SIGNERS = [
  { phone: '15811111111', name: '用户一', idCard: '110105198503024565' },
  { phone: '15822222222', name: '用户二', idCard: '440304199207157895' },
];
const MIN = 60_000;

/** pdfsig's time ("Jan 02 2024 02:10:00") in the local zone of the test process. */
function pdfsigTime(ms: number): string {
  const [, mon, day, year, time] = new Date(ms).toString().split(' ');
  return `${mon} ${day} ${year} ${time}`;
}

let ctx: Ctx;
let chainPem: string;
let store: ReturnType<typeof trustStore>;

beforeAll(async () => {
  // The wall clock's now (whole seconds): pdfsig checks validity at the real time, not the virtual one.
  ctx = setup({ now: Math.floor(Date.now() / 1000) * 1000 });
  const res = await ctx.sim.fetch(new Request(`${ctx.sim.origin('control')}/__sim/baoquan/ca.pem`));
  expect(res.status).toBe(200);
  chainPem = await res.text();
  const [, root] = pemDecodeAll(chainPem);
  store = trustStore(pemEncode('CERTIFICATE', root!));
});

afterAll(() => store?.cleanup());

function tenant(accessKey = DEFAULT_ACCESS_KEY): BaoquanTenant {
  const snap = ctx.sim.vendor('baoquan').snapshot() as { tenants: BaoquanTenant[] };
  return snap.tenants.find((t) => t.id === accessKey)!;
}

/** Every signature valid and trusted, ETSI.CAdES.detached; the entries. */
function allValid(pdf: Uint8Array, count: number): PdfsigEntry[] {
  const { entries, out } = store.pdfsig(pdf);
  expect(entries.length, out).toBe(count);
  for (const e of entries) {
    expect(e.validation, out).toBe('Signature is Valid.');
    expect(e.type, out).toBe('ETSI.CAdES.detached');
  }
  expectCertificatesTrusted(entries, out);
  return entries;
}

/** One byte flipped inside every signature's first signed range: all invalid. */
function tamperedIsInvalid(pdf: Uint8Array, count: number): void {
  const tampered = pdf.slice();
  tampered[200] = tampered[200]! ^ 0x01;
  const { entries, out } = store.pdfsig(tampered);
  expect(entries.length, out).toBe(count);
  expect(
    entries.every((e) => !e.valid),
    out,
  ).toBe(true);
}

async function contractPdf(): Promise<Uint8Array> {
  return textPdf([
    ['借款合同', '第一条 借款金额：人民币壹万元整。', '', '', '甲方（签章）', '', '', '', '甲方法人（签章）'],
    ['第二条 还款方式：到期一次还本付息。', '', '', '乙方（签章）'],
  ]);
}

describe('baoquan signatures', () => {
  it('/cas issues the certificate: person (link_name + ID card), enterprise (name + USCC), under the served chain', async () => {
    const { no: person } = await call(ctx.client, '/cas', { ...PERSONAL_CA });
    const { no: org } = await call(
      ctx.client,
      '/cas',
      { ...ENTERPRISE_CA },
      { seal: { bytes: solidPng(60, 60), filename: 'seal.png' } },
    );
    const cas = tenant().cas;
    const [pe, inter, root] = pemDecodeAll(cas[person]!.cert!.chainPem);
    expect(describeName(pe!, 'subject')).toBe(
      `C=CN, CN=${PERSONAL_CA.link_name}, serialNumber=${PERSONAL_CA.link_id_card}`,
    );
    expect(describeName(pe!, 'issuer')).toBe(
      'C=CN, O=sealsim, CN=sealsim baoquan TEST Signing CA - not trusted',
    );
    const [oe] = pemDecodeAll(cas[org]!.cert!.chainPem);
    expect(describeName(oe!, 'subject')).toBe(
      `C=CN, O=${ENTERPRISE_CA.name}, CN=${ENTERPRISE_CA.name}, serialNumber=${ENTERPRISE_CA.ic_code}`,
    );
    const [sInter, sRoot] = pemDecodeAll(chainPem);
    expect(Buffer.from(inter!).equals(Buffer.from(sInter!))).toBe(true);
    expect(Buffer.from(root!).equals(Buffer.from(sRoot!))).toBe(true);
    // The control API's CA list never shows the kept key.
    const res = await ctx.sim.fetch(
      new Request(`${ctx.sim.origin('control')}/__sim/baoquan/cas?accessKey=${DEFAULT_ACCESS_KEY}`),
    );
    expect(await res.text()).not.toContain('PRIVATE KEY');
  });

  it('attachment seals are signatures with each CA’s certificate; the 保全文件 is signed by the platform', async () => {
    const { no: person } = await call(ctx.client, '/cas', { ...PERSONAL_CA, link_name: '王五' });
    const { no: org } = await call(
      ctx.client,
      '/cas',
      { ...ENTERPRISE_CA },
      { seal: { bytes: solidPng(60, 60), filename: 'seal.png' } },
    );
    await ctx.sim.clock.advance(7 * MIN);
    const at = ctx.sim.clock.now();
    const pdf = await contractPdf();
    const { no } = await call(
      ctx.client,
      '/attestations',
      {
        unique_id: uid(),
        template_id: '2hSWTZ4oqVEJKAmK2RiyT4',
        identities: IDENTITIES,
        factoids: [{ unique_id: uid(), type: 'user', data: USER }],
        completed: true,
      },
      {
        attachments: {
          0: [
            {
              bytes: pdf,
              filename: 'contract.pdf',
              sign: { [person]: ['甲方（签章）', '甲方法人（签章）'], [org]: ['乙方（签章）'] },
            },
          ],
        },
      },
    );
    await ctx.sim.clock.advance(3 * MIN);
    const certAt = ctx.sim.clock.now();
    const zip = readZip((await ctx.client.download(no)).bytes);
    const signed = zip.find((e) => e.name === 'contract.pdf')!.data;
    const entries = allValid(signed, 3);
    expect(entries.map((e) => [e.field, e.commonName])).toEqual([
      [`baoquan_${person}`, '王五'],
      [`baoquan_${person}-2`, '王五'],
      [`baoquan_${org}`, ENTERPRISE_CA.name],
    ]);
    for (const e of entries) expect(e.signingTime).toBe(pdfsigTime(at));
    tamperedIsInvalid(signed, 3);

    const certificate = zip.find((e) => e.name === `${no}.pdf`)!.data;
    const [c] = allValid(certificate, 1);
    expect(c!.commonName).toBe('保全网模拟服务');
    expect(c!.field).toBe('baoquan_certificate');
    expect(c!.signingTime).toBe(pdfsigTime(certAt));
    tamperedIsInvalid(certificate, 1);

    // The access page shows each signer's certificate: subject, issuer, serial number, validity.
    const html = await (await ctx.sim.fetch(new Request(ctx.client.accessUrl(no)))).text();
    const t = tenant();
    for (const kept of [t.cas[person]!.cert!, t.cas[org]!.cert!, t.platformCert!]) {
      const [ee] = pemDecodeAll(kept.chainPem);
      const x = new X509Certificate(ee!);
      const section = html.slice(html.indexOf('签名证书'));
      expect(section).toContain(describeName(ee!, 'subject'));
      expect(section).toContain(x.serialNumber.replace(/^(00)+/, ''));
      expect(section).toContain(formatBeijingTime(new Date(x.validTo).getTime()));
    }
    expect(html).toContain('CN=sealsim baoquan TEST Signing CA - not trusted');
  });

  it('a seeded CA (the doc’s 张三) gets a certificate at its first signing, then keeps it', async () => {
    const ZHANG = 'F98F99A554E944B6996882E8A68C60B2';
    expect(tenant().cas[ZHANG]!.cert).toBeUndefined();
    const kept: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { no } = await call(
        ctx.client,
        '/attestations',
        {
          unique_id: uid(),
          template_id: '2hSWTZ4oqVEJKAmK2RiyT4',
          identities: IDENTITIES,
          factoids: [{ unique_id: uid(), type: 'user', data: USER }],
        },
        {
          attachments: {
            0: [{ bytes: await contractPdf(), filename: 'c.pdf', sign: { [ZHANG]: ['乙方（签章）'] } }],
          },
        },
      );
      const zip = readZip((await ctx.client.download(no)).bytes);
      const [e] = allValid(zip.find((x) => x.name === 'c.pdf')!.data, 1);
      expect(e!.commonName).toBe('张三');
      kept.push(tenant().cas[ZHANG]!.cert!.chainPem);
    }
    expect(kept[1]).toBe(kept[0]);
  });

  it('a contract with the creator and two phones: every signature valid, each signer’s CN and time', async () => {
    const t = ctx.newTenant({ organizationName: '杭州甲方科技有限公司' });
    const c = t.client;
    await call(c, '/users/kyc', {
      name: SIGNERS[0]!.name,
      phone: SIGNERS[0]!.phone,
      idCard: SIGNERS[0]!.idCard,
    });
    await call(c, '/users/kyc', {
      name: SIGNERS[1]!.name,
      phone: SIGNERS[1]!.phone,
      idCard: SIGNERS[1]!.idCard,
    });
    await call(
      c,
      '/contract/signature',
      {},
      { attachments: { 0: [{ bytes: solidPng(120, 60), filename: 's.png' }] } },
    );
    const signedContract = async (): Promise<{ pdf: Uint8Array; times: number[] }> => {
      const { contractId } = await call(
        c,
        '/contract/uploadPdf',
        {},
        { attachments: { 0: [{ bytes: await contractPdf(), filename: 'contract.pdf' }] } },
      );
      await call(c, '/contract/setDetail', {
        contract_id: contractId,
        title: '借款合同',
        end_at: ctx.sim.clock.now() + 3_600_000,
        remark: '',
        userPhones: SIGNERS.map((s) => s.phone),
      });
      const times: number[] = [];
      for (const [i, phone] of [CREATOR, ...SIGNERS.map((s) => s.phone)].entries()) {
        await ctx.sim.clock.advance(2 * MIN);
        await call(c, '/contract/verifyCode', { contract_id: contractId, phone });
        const code = ctx.sim.outbox.latestCode({ vendor: 'baoquan', to: phone })!;
        times.push(ctx.sim.clock.now());
        await call(c, '/contract/sign', {
          contract_id: contractId,
          phone,
          verify_code: code,
          ecs_status: 'DONE',
          page: String(1 + (i % 2)),
          posX: String(150 + 100 * i),
          posY: '300',
        });
      }
      const res = await ctx.sim.fetch(
        new Request(
          `${ctx.sim.origin('control')}/__sim/baoquan/contracts/${contractId}?accessKey=${t.accessKey}`,
        ),
      );
      const view = (await res.json()) as { status: string; currentUrl: string };
      expect(view.status).toBe('DONE');
      const pdf = new Uint8Array(await (await ctx.sim.fetch(new Request(view.currentUrl))).arrayBuffer());
      return { pdf, times };
    };

    const { pdf, times } = await signedContract();
    const entries = allValid(pdf, 3);
    expect(entries.map((e) => e.commonName)).toEqual(['杭州甲方科技有限公司', '用户一', '用户二']);
    entries.forEach((e, i) => expect(e.signingTime).toBe(pdfsigTime(times[i]!)));
    tamperedIsInvalid(pdf, 3);

    // Issued to the KYC identity at the first signing, then kept.
    const users = Object.values(tenant(t.accessKey).users);
    const first = users.find((u) => u.phone === SIGNERS[0]!.phone)!.cert!.chainPem;
    const [ee] = pemDecodeAll(first);
    expect(describeName(ee!, 'subject')).toBe(`C=CN, CN=用户一, serialNumber=${SIGNERS[0]!.idCard}`);
    const orgCert = tenant(t.accessKey).organizationCert!.chainPem;
    allValid((await signedContract()).pdf, 3);
    const after = tenant(t.accessKey);
    expect(Object.values(after.users).find((u) => u.phone === SIGNERS[0]!.phone)!.cert!.chainPem).toBe(first);
    expect(after.organizationCert!.chainPem).toBe(orgCert);

    // A changed KYC identity gets a new certificate at the next signing.
    await call(c, '/users/kyc', { name: '用户一改', phone: SIGNERS[0]!.phone, idCard: SIGNERS[0]!.idCard });
    const renamed = allValid((await signedContract()).pdf, 3);
    expect(renamed.map((e) => e.commonName)).toEqual(['杭州甲方科技有限公司', '用户一改', '用户二']);
  }, 180_000);
});
