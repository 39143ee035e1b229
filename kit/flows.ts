/**
 * One complete flow per vendor, driven through the typed clients against an in-process
 * simulator: what `scripts/record-flows.ts` records into kit/fixtures/ and what
 * `checkCallbackReceiver` runs to make a vendor send its real callbacks. Every input is fixed
 * (names, ids, documents), so with a fixed clock and seed the same calls go out each run.
 */
import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { createBaoquanClient } from '../clients/baoquan/index.ts';
import { contentMd5, createEsignClient, uploadFile } from '../clients/esign/index.ts';
import { createYunhetongDigestClient } from '../clients/yunhetong-digest/index.ts';
import { createYunhetongSdkClient } from '../clients/yunhetong-sdk/index.ts';
import { ESIGN_BASE_PATH } from '../contracts/esign/index.ts';
import { YUNHETONG_DIGEST_DEFAULT_APP } from '../contracts/yunhetong-digest/control.ts';
import { YUNHETONG_SDK_DEFAULT_APP } from '../contracts/yunhetong-sdk/control.ts';
import type { SealSim } from '../index.ts';
import { CLIENT_CERT_HEADER, clientCertHeaderValue } from '../simulators/core/adapters/client-cert.ts';
import { createTextPdf } from '../simulators/core/pdf/index.ts';

export type Fetch = (req: Request) => Promise<Response>;

/** The virtual time every recorded flow starts at: 2024-01-02 10:00 Beijing time. */
export const FLOW_T0 = Date.UTC(2024, 0, 2, 2, 0, 0);

/** A small RGBA PNG of one colour (seal pictures). */
export function solidPng(width: number, height: number, rgba: [number, number, number, number]): Uint8Array {
  const row = Buffer.alloc(1 + width * 4);
  for (let x = 0; x < width; x++) row.set(rgba, 1 + x * 4);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

/**
 * The contract every flow signs: one page with both parties' keywords, the same bytes on every
 * run (the reader's STSong font, not an embedded subset; fixed dates) so recordings repeat.
 */
export async function contractPdf(): Promise<Uint8Array> {
  const pdf = await createTextPdf([{ lines: ['借款合同', '甲方（盖章）：', '乙方（签字）：'] }], {
    font: 'stsong-light',
  });
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  doc.setCreationDate(new Date(FLOW_T0));
  doc.setModificationDate(new Date(FLOW_T0));
  return doc.save();
}

/** A control API call on the in-process simulator; its JSON answer (throws on an HTTP error). */
export async function controlCall(
  sim: SealSim,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const res = await sim.fetch(
    new Request(`${sim.origin('control')}${path}`, {
      method,
      ...(body !== undefined
        ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
        : {}),
    }),
  );
  const json: unknown = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** A new tenant of `vendor` with these settings; its credentials. */
export async function newTenant(
  sim: SealSim,
  vendor: string,
  settings: Record<string, unknown>,
): Promise<Record<string, string>> {
  const r = (await controlCall(sim, 'POST', `/__sim/${vendor}/tenants`, settings)) as {
    credentials: Record<string, string>;
  };
  return r.credentials;
}

/** esign: account → upload → doc → sign/start → the signer signs → docdetail → download the signed PDF. */
export async function esignFlow(
  sim: SealSim,
  fetch: Fetch,
  creds: { projectId: string; projectSecret: string },
): Promise<{ flowId: string; signedPdf: Uint8Array }> {
  const client = createEsignClient({
    baseUrl: sim.origin('esign') + ESIGN_BASE_PATH,
    projectId: creds.projectId,
    secret: creds.projectSecret,
    fetch,
  });
  const { accountId } = await client.call('/account/create/person/private', {
    thirdId: 'sealsim-flow-1',
    name: '张三',
    idNo: '110108196710262291',
    idType: 19,
    mobile: '13516134875',
  });
  const pdf = await contractPdf();
  const { fileKey, uploadUrl } = await client.call('/file/uploadurl', {
    fileName: '借款合同.pdf',
    fileSize: pdf.length,
    contentType: 'application/pdf',
    contentMd5: contentMd5(pdf),
  });
  await uploadFile(uploadUrl, pdf, { contentType: 'application/pdf', fetch });
  const { docId } = await client.call('/doc/createbyfilekey', { fileKey });
  const { flowId } = await client.call('/sign/start', {
    businessScene: '借款合同',
    docList: [{ docId }],
    recipientList: { signerList: [{ accountId, signOrder: 1 }] },
  });
  // The person signing on the H5 page (the console action the page posts).
  await controlCall(sim, 'POST', `/__sim/esign/flows/${flowId}/signers/${accountId}`, { action: 'sign' });
  await client.call('/sign/docdetail', { flowId });
  const signed = await client.call('/sign/download', { flowId });
  const res = await fetch(new Request(signed[0]!.docUrl));
  return { flowId, signedPdf: new Uint8Array(await res.arrayBuffer()) };
}

/** baoquan: an attestation on the seeded template with the contract attached → its zip download. */
export async function baoquanFlow(sim: SealSim, fetch: Fetch): Promise<{ ano: string; zip: Uint8Array }> {
  let n = 0;
  const creds = sim.vendor('baoquan').defaultCredentials() as { accessKey: string; privateKeyPath: string };
  const client = createBaoquanClient({
    baseUrl: sim.origin('baoquan'),
    accessKey: creds.accessKey,
    privateKey: readFileSync(creds.privateKeyPath, 'utf8'),
    fetch,
    clock: () => sim.clock.now(),
    requestId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  });
  const pdf = await contractPdf();
  const { no } = await client.call(
    'attestations',
    {
      unique_id: 'sealsim-flow-attestation-1',
      template_id: '2hSWTZ4oqVEJKAmK2RiyT4',
      identities: { ID: '42012319800127691X', MO: '15857112383' },
      factoids: [
        {
          unique_id: 'sealsim-flow-factoid-1',
          type: 'user',
          data: { name: '张三', phone_number: '13234568732', registered_at: '1466674609', username: 'tom' },
        },
      ],
    },
    { attachments: { 0: [{ bytes: pdf, filename: '借款合同.pdf', contentType: 'application/pdf' }] } },
  );
  const download = await client.download(no);
  return { ano: no, zip: download.bytes };
}

/** yunhetong-digest: login → a person → the person's seal → signing the uploaded contract. */
export async function yunhetongDigestFlow(sim: SealSim, fetch: Fetch): Promise<{ signerId: string }> {
  const client = createYunhetongDigestClient({
    baseUrl: sim.origin('yunhetong-digest'),
    ...YUNHETONG_DIGEST_DEFAULT_APP,
    fetch,
  });
  await client.login();
  const signerId = String(
    (
      await client.call('/user/person', {
        userName: '张三',
        identityRegion: '0',
        certifyType: 'a',
        certifyNum: '110108196710262291',
        phoneRegion: '0',
        phoneNo: '13516134875',
      })
    ).signerId,
  );
  const moulageId = String((await client.call('/moulage/person', { signerId })).moulageId);
  await client.signFileStream({
    signerId,
    moulageId,
    signPositionType: '1',
    positionContent: '1,100,100',
    contractPath: { bytes: await contractPdf(), filename: '借款合同.pdf', contentType: 'application/pdf' },
    contractTitle: '借款合同',
    contractSavePath: '/signed.pdf',
  });
  return { signerId };
}

/**
 * yunhetong-sdk: addUser (a platform account and a person) → token → fileContract → addPartner →
 * signContract (automatic signing) → download the signed PDF.
 */
export async function yunhetongSdkFlow(
  sim: SealSim,
  fetch: Fetch,
  app: { appId: string; password: string } = YUNHETONG_SDK_DEFAULT_APP,
): Promise<{ contractId: string; signedPdf: Uint8Array }> {
  const client = createYunhetongSdkClient({ baseUrl: `${sim.origin('yunhetong-sdk')}/sdk`, ...app, fetch });
  await client.addUser({
    appUserId: 'sealsim-platform',
    cellNum: '15800000001',
    userType: '4',
    userName: '杭州示例科技有限公司',
    certifyType: '6',
    certifyNumber: '913301067236283951',
    createSignature: '0',
  });
  await client.addUser({
    appUserId: 'sealsim-person-1',
    cellNum: '13516134875',
    userType: '1',
    userName: '张三',
    certifyType: '1',
    certifyNumber: '110108196710262291',
    createSignature: '1',
  });
  const person = client.asUser('sealsim-person-1');
  const platform = client.asUser('sealsim-platform');
  await person.getToken();
  const { contractId } = await person.fileContract({
    title: '借款合同',
    file: { bytes: await contractPdf(), filename: '借款合同.pdf', contentType: 'application/pdf' },
  });
  await person.addPartner({
    contractId,
    partners: [{ appUserId: 'sealsim-person-1', keyWord: '乙方（签字）' }],
  });
  await platform.signContract({ contractId, signer: ['sealsim-person-1'] });
  const signedPdf = await person.download({ contractId });
  return { contractId: String(contractId), signedPdf };
}

/** wosign: CreateSignOrder with one personal signer → the signer signs (→ PushSignedDoc). */
export async function wosignFlow(
  sim: SealSim,
  fetch: Fetch,
  tenant: { tokenid: string; certificatePem: string },
): Promise<{ signid: string }> {
  const png = Buffer.from(solidPng(40, 40, [220, 0, 0, 255])).toString('base64');
  const body = {
    tokenid: tenant.tokenid,
    actiontype: 'CreateSignOrder',
    subject: '借款合同',
    filebase: Buffer.from(await contractPdf()).toString('base64'),
    fileformat: 'pdf',
    orderNumber: 'SEALSIM-FLOW-1',
    signerlist: [
      {
        signType: '2',
        userName: '张三',
        userNo: '11010519491231002X',
        pic: png,
        otherpic: png,
        signlist: [{ pagenumber: 1, position: '0.65, 0.47, 0.82, 0.59' }],
      },
    ],
  };
  const res = await fetch(
    new Request(`${sim.origin('wosign')}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        [CLIENT_CERT_HEADER]: clientCertHeaderValue(tenant.certificatePem),
      },
      body: encodeURIComponent(JSON.stringify(body)).replace(/%20/g, '+'),
    }),
  );
  const answer = (await res.json()) as { status?: number; signid?: string };
  if (answer.status !== 1 || !answer.signid) throw new Error(`CreateSignOrder: ${JSON.stringify(answer)}`);
  await controlCall(sim, 'POST', `/__sim/wosign/orders/${answer.signid}/signers/0`, { action: 'sign' });
  return { signid: answer.signid };
}
