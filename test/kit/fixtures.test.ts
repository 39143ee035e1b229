/**
 * The recorded vendor flows shipped in kit/fixtures/ (scripts/record-flows.ts):
 * 1. each is a valid sealsim-recording/1 whose answers the contract accepts;
 * 2. each replays through its typed client with no simulator at all, a signed PDF or zip byte
 *    for byte;
 * 3. they are not stale: recording the flows again gives the committed ones. The simulators draw
 *    ids, tokens and signing keys from crypto randomness rather than the seed, so those (and the
 *    signed files, by type and magic bytes) are masked as `VOLATILE_PATTERNS` lists; every
 *    route, status, header name, Content-Type, field name and other value is compared.
 */
import { setupServer } from 'msw/node';
import { afterEach, describe, expect, it } from 'vitest';
import { createBaoquanClient } from '../../clients/baoquan/index.ts';
import { contentMd5, createEsignClient, uploadFile } from '../../clients/esign/index.ts';
import { createYunhetongDigestClient } from '../../clients/yunhetong-digest/index.ts';
import { createYunhetongSdkClient } from '../../clients/yunhetong-sdk/index.ts';
import { YUNHETONG_DIGEST_DEFAULT_APP } from '../../contracts/yunhetong-digest/index.ts';
import { YUNHETONG_SDK_DEFAULT_APP } from '../../contracts/yunhetong-sdk/index.ts';
import {
  flowFixture,
  FLOW_VENDORS,
  replayHandlers,
  responseBytes,
  validateRecording,
  VOLATILE_FIELDS,
  type FlowVendor,
  type Recording,
} from '../../kit/index.ts';
import { contractPdf } from '../../kit/flows.ts';
import { flowShape, recordFlow, VOLATILE_PATTERNS } from '../../scripts/record-flows.ts';
import { DEFAULT_PRIVATE_KEY } from '../baoquan/helpers.ts';

let server: ReturnType<typeof setupServer> | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

function replay(vendor: FlowVendor): Recording {
  const recording = flowFixture(vendor);
  server = setupServer(...replayHandlers(recording, { body: { ignore: VOLATILE_FIELDS[vendor] } }));
  server.listen({ onUnhandledRequest: 'error' });
  return recording;
}

const lastBytes = (r: Recording) => Buffer.from(responseBytes(r.exchanges.at(-1)!));

describe('the recorded flows', () => {
  it.each(FLOW_VENDORS)('%s: a valid recording the contract accepts, ending in a file', (vendor) => {
    const recording = flowFixture(vendor);
    expect(validateRecording(vendor, recording)).toMatchObject({ ok: true, problems: [] });
    const magic = vendor === 'baoquan' ? 'PK' : vendor === 'yunhetong-digest' ? '{"' : '%PDF-';
    expect(lastBytes(recording).toString('latin1').startsWith(magic)).toBe(true);
  });
});

describe('replaying the recorded flows through the typed clients, no simulator', () => {
  it('esign: account → upload → doc → sign/start → docdetail → the signed PDF', async () => {
    const rec = replay('esign');
    const client = createEsignClient({
      baseUrl: 'http://127.0.0.1:4002/opentreaty/rest/v3.0',
      projectId: '1111563657',
      secret: 'cf65f987315b12a21b983ca320196d7d',
      verifyResponses: true,
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
    expect((await uploadFile(uploadUrl, pdf, { contentType: 'application/pdf' })).httpStatus).toBe(200);
    const { docId } = await client.call('/doc/createbyfilekey', { fileKey });
    const { flowId } = await client.call('/sign/start', {
      businessScene: '借款合同',
      docList: [{ docId }],
      recipientList: { signerList: [{ accountId, signOrder: 1 }] },
    });
    expect((await client.call('/sign/docdetail', { flowId })).flowStatus).toBe(2);
    const [signed] = await client.call('/sign/download', { flowId });
    const bytes = Buffer.from(await (await fetch(signed!.docUrl)).arrayBuffer());
    expect(bytes.equals(lastBytes(rec))).toBe(true);
  });

  it('baoquan: attestation → its zip (request_id, tonce and signature ignored)', async () => {
    const rec = replay('baoquan');
    const client = createBaoquanClient({
      baseUrl: 'http://127.0.0.1:4001',
      accessKey: 'fsBswNzfECKZH9aWyh47fc',
      privateKey: DEFAULT_PRIVATE_KEY,
    }); // its own request ids and the real clock
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
    expect(Buffer.from(download.bytes).equals(lastBytes(rec))).toBe(true);
  });

  it('yunhetong-digest: login → person → seal → signing an uploaded contract', async () => {
    replay('yunhetong-digest');
    const client = createYunhetongDigestClient({
      baseUrl: 'http://127.0.0.1:4003',
      ...YUNHETONG_DIGEST_DEFAULT_APP,
    });
    await client.login();
    const { signerId } = await client.call('/user/person', {
      userName: '张三',
      identityRegion: '0',
      certifyType: 'a',
      certifyNum: '110108196710262291',
      phoneRegion: '0',
      phoneNo: '13516134875',
    });
    const { moulageId } = await client.call('/moulage/person', { signerId: String(signerId) });
    const signed = await client.signFileStream({
      signerId: String(signerId),
      moulageId: String(moulageId),
      signPositionType: '1',
      positionContent: '1,100,100',
      contractPath: { bytes: await contractPdf(), filename: '借款合同.pdf', contentType: 'application/pdf' },
      contractTitle: '借款合同',
      contractSavePath: '/signed.pdf',
    });
    expect(signed).toEqual({ summaryId: 1000 });
  });

  it('yunhetong-sdk: addUser → token → fileContract → addPartner → signContract → the signed PDF', async () => {
    const rec = replay('yunhetong-sdk');
    const client = createYunhetongSdkClient({
      baseUrl: 'http://127.0.0.1:4004/sdk',
      ...YUNHETONG_SDK_DEFAULT_APP,
    });
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
    await person.getToken();
    const { contractId } = await person.fileContract({
      title: '借款合同',
      file: { bytes: await contractPdf(), filename: '借款合同.pdf', contentType: 'application/pdf' },
    });
    await person.addPartner({
      contractId,
      partners: [{ appUserId: 'sealsim-person-1', keyWord: '乙方（签字）' }],
    });
    await client.asUser('sealsim-platform').signContract({ contractId, signer: ['sealsim-person-1'] });
    const pdf = Buffer.from(await person.download({ contractId }));
    expect(pdf.equals(lastBytes(rec))).toBe(true);
  });
});

describe('the fixtures are what scripts/record-flows.ts writes (npx tsx scripts/record-flows.ts)', () => {
  it.each(FLOW_VENDORS)(
    '%s',
    async (vendor) => {
      const fresh = await flowShape(await recordFlow(vendor));
      const committed = await flowShape(flowFixture(vendor));
      expect(
        fresh,
        `kit/fixtures/${vendor}-flow.json is stale: run npx tsx scripts/record-flows.ts ` +
          `(compared with ${VOLATILE_PATTERNS.map(([, to]) => to).join(', ')} masked and signed files by type)`,
      ).toEqual(committed);
    },
    60_000,
  );

  it('the comparison sees a renamed field, another value, status or route', async () => {
    const base = flowFixture('yunhetong-digest');
    const shape = await flowShape(base);
    const changed = (f: (r: Recording) => void) => {
      const r = structuredClone(base);
      f(r);
      return flowShape(r);
    };
    const edits: Array<(r: Recording) => void> = [
      (r) => (r.exchanges[1]!.body = r.exchanges[1]!.body.replace('signerId', 'signerID')),
      (r) => (r.exchanges[1]!.requestBody = r.exchanges[1]!.requestBody!.replace('张三', '李四')),
      (r) => (r.exchanges[0]!.status = 500),
      (r) => (r.exchanges[2]!.url = r.exchanges[2]!.url.replace('/moulage/person', '/moulage/company')),
      (r) => (r.exchanges[0]!.headers['content-type'] = 'text/plain'),
    ];
    for (const edit of edits) expect(await changed(edit)).not.toEqual(shape);
  });
});
