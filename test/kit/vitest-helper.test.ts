/**
 * `useSealsim()` (sealsim/kit/vitest) in a real test file: an in-process simulator behind msw,
 * reset between tests. The clients below are created at module load, BEFORE msw starts in
 * beforeAll; they still reach the simulator because they resolve `fetch` at call time. Nothing
 * listens on the simulator's ports, so every answer here came through msw.
 */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createControlClient } from '../../clients/control/index.ts';
import { contentMd5, createEsignClient, EsignApiError, uploadFile } from '../../clients/esign/index.ts';
import { esignErrors, ESIGN_BASE_PATH } from '../../contracts/esign/index.ts';
import { useSealsim } from '../../kit/vitest.ts';
import { freeBasePort, T0, textPdf } from '../esign/helpers.ts';

const basePort = await freeBasePort();
const sim = useSealsim({ vendors: ['esign'], basePort, now: T0 });
const { projectId, projectSecret } = sim.vendor('esign').defaultCredentials() as {
  projectId: string;
  projectSecret: string;
};
// Created now, at import time: msw is not listening yet.
const client = createEsignClient({
  baseUrl: sim.origin('esign') + ESIGN_BASE_PATH,
  projectId,
  secret: projectSecret,
  verifyResponses: true,
});
const control = createControlClient({ baseUrl: sim.origin('control') });

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(true));
  });
}

describe('useSealsim()', () => {
  it('intercepts the typed clients (created before msw started) and the upload PUT', async () => {
    expect(sim.origin('esign')).toBe(`http://127.0.0.1:${basePort + 2}`);
    expect(await refused(basePort + 2)).toBe(true); // nobody listens: msw answers
    const { accountId } = await client.call('/account/create/person/private', {
      thirdId: 'kit-1',
      name: '张三',
      idNo: '110108196710262291',
      idType: 19,
    });
    expect((await client.call('/account/idexchange', { thirdId: 'kit-1' })).accountId).toBe(accountId);
    const pdf = await textPdf([['msw 上传']]);
    const { fileKey, uploadUrl } = await client.call('/file/uploadurl', {
      fileName: 'a.pdf',
      fileSize: pdf.length,
      contentType: 'application/pdf',
      contentMd5: contentMd5(pdf),
    });
    expect((await uploadFile(uploadUrl, pdf, { contentType: 'application/pdf' })).httpStatus).toBe(200);
    expect((await client.call('/doc/createbyfilekey', { fileKey })).docId).toMatch(/^\d{19}$/);
    expect(await control.now()).toBe(T0);
    expect(await control.advance(60_000)).toBe(T0 + 60_000);
  });

  it('resets the simulator between tests', async () => {
    const err = await client.call('/account/idexchange', { thirdId: 'kit-1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EsignApiError);
    expect((err as EsignApiError).errCode).toBe(esignErrors.THIRD_ID_NOT_FOUND.errCode);
    expect((await control.webhooks('esign')).length).toBe(0);
  });
});
