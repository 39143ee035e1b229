/**
 * Entities the dashboard tests drive: a baoquan contract waiting for its creator and one signer
 * (the default tenant, its seeded KYC'd users and the committed test key).
 */
import { createBaoquanClient, type BaoquanClient } from '../../clients/baoquan/index.ts';
import { DEFAULT_ACCESS_KEY, DEFAULT_PRIVATE_KEY, solidPng, textPdf } from '../baoquan/helpers.ts';

export const BQ_CREATOR = '15861111111';
export const BQ_SIGNER = '15811111111';

export function baoquanClient(baseUrl: string, fetch?: (r: Request) => Promise<Response>): BaoquanClient {
  return createBaoquanClient({
    baseUrl,
    accessKey: DEFAULT_ACCESS_KEY,
    privateKey: DEFAULT_PRIVATE_KEY,
    ...(fetch ? { fetch } : {}),
  });
}

/** Uploads a signature image (the default) and a two-page contract, then sets its signers. */
export async function baoquanContract(c: BaoquanClient, now: number): Promise<string> {
  await c.call(
    'contract/signature',
    {},
    { attachments: { 0: [{ bytes: solidPng(120, 60, [0, 0, 255, 255]), filename: 'sig.png' }] } },
  );
  const pdf = await textPdf([['借款合同', '第一页'], ['签署页']]);
  const { contractId } = await c.call(
    'contract/uploadPdf',
    {},
    { attachments: { 0: [{ bytes: pdf, filename: 'contract.pdf' }] } },
  );
  await c.call('contract/setDetail', {
    contract_id: contractId,
    title: '借款合同',
    remark: 'dashboard',
    end_at: now + 3_600_000,
    userPhones: [BQ_SIGNER],
  });
  return contractId;
}
