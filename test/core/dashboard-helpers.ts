/**
 * Entities the dashboard tests drive, made through each vendor's API on any origin: a baoquan
 * contract waiting for its creator and one signer (the default tenant, its seeded KYC'd users and
 * the committed test key), a yunhetong-sdk contract with two partners, a yunhetong-digest signing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBaoquanClient, type BaoquanClient } from '../../clients/baoquan/index.ts';
import { createYunhetongDigestClient } from '../../clients/yunhetong-digest/index.ts';
import { YUNHETONG_DIGEST_DEFAULT_APP } from '../../contracts/yunhetong-digest/control.ts';
import { YUNHETONG_SDK_DEFAULT_APP } from '../../contracts/yunhetong-sdk/control.ts';
import { SDK_PATHS } from '../../contracts/yunhetong-sdk/paths.ts';
import { createTextPdf } from '../../simulators/core/pdf/index.ts';
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

type Fetch = (r: Request) => Promise<Response>;

/**
 * A yunhetong-sdk file contract made by a new person with a second person as partner (addUser,
 * getToken, fileContract, addPartner): answers the contract id and both appUserIds.
 */
export async function sdkContract(
  origin: string,
  fetch: Fetch,
): Promise<{ contractId: string; creator: string; partner: string }> {
  const app = YUNHETONG_SDK_DEFAULT_APP;
  const post = async (path: string, body: URLSearchParams | FormData, token?: string) => {
    const q = token ? `?${new URLSearchParams({ token }).toString()}` : '';
    const res = await fetch(new Request(`${origin}/sdk${path}${q}`, { method: 'POST', body }));
    const json = (await res.json()) as { subCode: number; value?: Record<string, unknown> };
    if (json.subCode !== 200) throw new Error(`${path}: ${JSON.stringify(json)}`);
    return json.value ?? {};
  };
  const stamp = `${Date.now() % 1_000_000}`.padStart(6, '0');
  const user = async (n: string) => {
    const appUserId = `dash-${stamp}-${n}`;
    await post(
      SDK_PATHS.addUser,
      new URLSearchParams({
        appId: app.appId,
        password: app.password,
        appUserId,
        cellNum: `139${stamp}${n}0`,
        userType: '1',
        userName: n === '1' ? '张三' : '李四',
        certifyType: '2',
        certifyNumber: `E${stamp}${n}`,
        createSignature: '1',
      }),
    );
    const { token } = await post(
      SDK_PATHS.getToken,
      new URLSearchParams({ appId: app.appId, password: app.password, appUserId }),
    );
    return { appUserId, token: String(token) };
  };
  const creator = await user('1');
  const partner = await user('2');
  const form = new FormData();
  form.append('title', '仪表盘合同');
  const pdf = await createTextPdf([{ lines: ['甲方签字', '乙方签字'] }]);
  form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'contract.pdf');
  const { contractId } = await post(SDK_PATHS.fileContract, form, creator.token);
  const partners = JSON.stringify([
    { appUserId: creator.appUserId, keyWord: '甲方签字' },
    { appUserId: partner.appUserId, keyWord: '乙方签字' },
  ]);
  await post(
    SDK_PATHS.addPartner,
    new URLSearchParams({ contractId: String(contractId), partners }),
    creator.token,
  );
  return { contractId: String(contractId), creator: creator.appUserId, partner: partner.appUserId };
}

/** A yunhetong-digest signing (/sign/filePath) of a PDF written into the sandbox; answers its summaryId. */
export async function digestSummary(
  origin: string,
  fetch: Fetch,
  sandboxDir: string,
): Promise<{ summaryId: number; signedPath: string }> {
  const c = createYunhetongDigestClient({ baseUrl: origin, ...YUNHETONG_DIGEST_DEFAULT_APP, fetch });
  await c.login();
  const signerId = String(
    (
      await c.call('/user/person', {
        userName: '张三',
        identityRegion: '0',
        certifyType: 'a',
        certifyNum: '123456789123456789',
        phoneRegion: '0',
        phoneNo: '13000000000',
      })
    ).signerId,
  );
  const moulageId = String((await c.call('/moulage/person', { signerId })).moulageId);
  mkdirSync(join(sandboxDir, 'contract'), { recursive: true });
  writeFileSync(join(sandboxDir, 'contract/in.pdf'), await createTextPdf([{ lines: ['借款合同'] }]));
  const { summaryId } = await c.call('/sign/filePath', {
    signerId,
    moulageId,
    contractPath: '/contract/in.pdf',
    contractSavePath: '/contract/out.pdf',
    signPositionType: '1',
    positionContent: '1,100,100',
  });
  return { summaryId: Number(summaryId), signedPath: join(sandboxDir, 'contract/out.pdf') };
}
