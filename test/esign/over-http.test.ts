/**
 * The main e签宝 happy path over real HTTP, the way a consumer runs it: the typed client with
 * its default fetch against `sim.listen()` ports, every response's X-timevale-signature checked
 * (`verifyResponses`, §4.3.2), the upload PUT to the uploadUrl (§4.5.2), a two-signer ordered
 * flow (§4.9.1) whose signers act through the control API, the signed download (§4.9.4), and
 * the PDF rendered with pdftoppm to see both seals where the keywords are.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EsignApiError, EsignSignatureError, type EsignClient } from '../../clients/esign/index.ts';
import { esignErrors } from '../../contracts/esign/index.ts';
import { countRedPixels, renderPdfPage } from '../helpers/png.ts';
import {
  httpSim,
  keywordCentre,
  KEY_A,
  KEY_B,
  MIN,
  newPerson,
  newProject,
  projectView,
  signerAction,
  startTwoSignerFlow,
  T0,
  textPdf,
  uploadPdf,
  type Project,
} from './helpers.ts';

const A4H = 841.89;
let h: Awaited<ReturnType<typeof httpSim>>;
let project: Project;
let client: EsignClient;

beforeAll(async () => {
  h = await httpSim({ now: T0 });
  project = await newProject(h.control);
  client = h.client(project, { verifyResponses: true });
});

afterAll(async () => {
  await h?.close();
});

describe('esign over real HTTP', () => {
  it('listens on real ports: control and esign answer over TCP', async () => {
    expect(h.esignBase).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/opentreaty\/rest\/v3\.0$/);
    const health = await fetch(`${h.running.urls.control}/__sim/health`);
    expect(await health.json()).toEqual({ ok: true });
  });

  it('upload → doc → two-signer ordered flow → signers act → download: the PDF carries both seals', async () => {
    const a = await newPerson(client);
    const b = await newPerson(client);
    const pdf = await textPdf();
    const fileKey = await uploadPdf(client, pdf);
    const { docId } = await client.call('/doc/createbyfilekey', { fileKey });
    const { docUrl } = await client.call('/doc/downloadurl', { docId });
    const original = await fetch(docUrl);
    expect(original.status).toBe(200);
    expect(Buffer.from(await original.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);

    const flow = await startTwoSignerFlow(client, a, b, docId, { signValidity: T0 + 24 * 60 * MIN });
    for (const url of [flow.urlA, flow.urlB])
      expect(url.startsWith(new URL(h.esignBase).origin + '/h5/sign?')).toBe(true);
    let d = await client.call('/sign/docdetail', { flowId: flow.flowId });
    expect(d.flowStatus).toBe(1);
    expect(d.signInfo[0]!.signDetail!.map((s) => s.signStatus)).toEqual([1, 0]);
    expect((await projectView(h.control, project.projectId)).quota).toMatchObject({ frozen: 1, used: 0 });

    // order: B cannot sign before A
    expect(await signerAction(h.control, flow.flowId, b.accountId)).toMatchObject({
      status: 409,
      body: { code: 'not-your-turn' },
    });
    await h.control.advance(3 * MIN);
    expect(await signerAction(h.control, flow.flowId, a.accountId)).toEqual({
      status: 200,
      body: { flowId: flow.flowId, accountId: a.accountId, signStatus: 2, flowStatus: 1 },
    });
    await h.control.advance(4 * MIN);
    expect((await signerAction(h.control, flow.flowId, b.accountId)).body).toMatchObject({
      signStatus: 2,
      flowStatus: 2,
    });

    d = await client.call('/sign/docdetail', { flowId: flow.flowId });
    expect(d).toMatchObject({
      flowId: flow.flowId,
      flowStatus: 2,
      startTime: '2024-01-02 10:00:00',
      endTime: '2024-01-02 10:07:00',
    });
    expect(d.signInfo[0]!.signDetail).toEqual([
      {
        accountId: a.accountId,
        signStatus: 2,
        recieveTime: '2024-01-02 10:00:00',
        signTime: '2024-01-02 10:03:00',
      },
      {
        accountId: b.accountId,
        signStatus: 2,
        recieveTime: '2024-01-02 10:03:00',
        signTime: '2024-01-02 10:07:00',
      },
    ]);
    expect((await projectView(h.control, project.projectId)).quota).toMatchObject({ frozen: 0, used: 1 });

    const signed = await client.call('/sign/download', { flowId: flow.flowId });
    expect(signed.map((x) => x.docId)).toEqual([docId]);
    const res = await fetch(signed[0]!.docUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(Buffer.from(bytes).equals(Buffer.from(pdf))).toBe(false);

    const page = await renderPdfPage(bytes, 1);
    const box = (k: { x: number; y: number }) => ({ x: k.x - 40, y: A4H - k.y - 40, width: 80, height: 80 });
    const ka = await keywordCentre(pdf, KEY_A);
    const kb = await keywordCentre(pdf, KEY_B);
    expect(countRedPixels(page, box(ka)), 'A’s seal at 甲方（盖章）').toBeGreaterThan(300);
    expect(countRedPixels(page, box(kb)), 'B’s seal at 乙方（签字）').toBeGreaterThan(300);
    // and nowhere else on the page in quantity: the original has no red at all
    expect(countRedPixels(await renderPdfPage(pdf, 1))).toBe(0);
    // the download URL expires after 30 minutes of virtual time (OSS 403 AccessDenied)
    await h.control.advance(31 * MIN);
    const late = await fetch(signed[0]!.docUrl);
    expect(late.status).toBe(403);
    expect(await late.text()).toContain('<Code>AccessDenied</Code>');
  });

  it('checks every response signature: a wrong secret is refused by the server, and its signed refusal fails verification', async () => {
    const wrong = h.client(
      { projectId: project.projectId, secret: 'ffffffffffffffffffffffffffffffff' },
      { verifyResponses: true },
    );
    const err = await wrong.call('/account/idexchange', { thirdId: 'x' }).catch((e: unknown) => e);
    // the server answered SIGNATURE_MISMATCH, signed with the real secret, which this client cannot verify
    expect(err).toBeInstanceOf(EsignSignatureError);
    const unverified = h.client({ projectId: project.projectId, secret: 'ffffffffffffffffffffffffffffffff' });
    const plain = await unverified.call('/account/idexchange', { thirdId: 'x' }).catch((e: unknown) => e);
    expect(plain).toBeInstanceOf(EsignApiError);
    expect((plain as EsignApiError).errCode).toBe(esignErrors.SIGNATURE_MISMATCH.errCode);
    // with the right secret, errors verify and surface as EsignApiError
    const notFound = await client.call('/account/idexchange', { thirdId: 'nobody' }).catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(EsignApiError);
    expect((notFound as EsignApiError).errCode).toBe(esignErrors.THIRD_ID_NOT_FOUND.errCode);
  });
});
