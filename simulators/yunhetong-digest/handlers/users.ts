/**
 * §5.4 users: create person / company (certifyNum unique in the app, persons and companies
 * together), the two PATCH updates (a value equal to the current one: 20001 修改的 X 与当前值一致),
 * certifyNum → signerId lookup and the paged user listing. Registration issues the user's CA
 * certificate, a new userName a new one (certificates.ts).
 * decision: yunhetong-digest.certify-num-unique, yunhetong-digest.signer-certificates
 */
import type { z } from '@hono/zod-openapi';
import type {
  CertifyNumsRequest,
  CreateCompanyRequest,
  CreatePersonRequest,
  UpdatePersonRequest,
  UserInfoRequest,
} from '../../../contracts/yunhetong-digest/schemas.ts';
import { YHT_DEFAULTS } from '../../../contracts/yunhetong-digest/schemas.ts';
import { yunhetongDigestCatalogue as catalogue } from '../../../contracts/yunhetong-digest/errors.ts';
import { issueCertificate } from '../certificates.ts';
import type { YunhetongDigestRuntime } from '../runtime.ts';
import { firstFree, own, setOwn, type YhtTenant, type YhtUser, type YhtUserType } from '../state.ts';

type PersonBody = z.output<typeof CreatePersonRequest>;
type CompanyBody = z.output<typeof CreateCompanyRequest>;
type UpdateBody = z.output<typeof UpdatePersonRequest>;

/**
 * What every user creation checks first: app online (20207), certificate service (20210), certifyNum free.
 */
function checkCreate(t: YhtTenant, certifyNum: string): void {
  if (t.settings.appState === 'offline') catalogue.fail('APP_NOT_ONLINE');
  if (!t.settings.services.cert) catalogue.fail('CERT_SERVICE_NOT_OPENED');
  if (own(t.certifyNums, certifyNum) !== undefined) {
    if (t.settings.duplicateCertifyNumCode === 20209) catalogue.fail('CERTIFY_NUM_REGISTERED');
    catalogue.fail('CERTIFY_NUM_EXISTS', certifyNum);
  }
}

/** Issues the user's certificate, checks again (another call may have taken the certifyNum), adds. */
async function addUser(
  rt: YunhetongDigestRuntime,
  t: YhtTenant,
  fields: Omit<YhtUser, 'signerId' | 'createdAt' | 'updatedAt' | 'cert'>,
): Promise<{ signerId: number }> {
  const cert = (await issueCertificate(rt, fields)).stored;
  checkCreate(t, fields.certifyNum);
  const u = { ...fields, cert };
  const now = rt.now();
  const signerId = firstFree(t.users, t.nextSignerId);
  t.nextSignerId = signerId + 1;
  const user: YhtUser = { ...u, signerId, createdAt: now, updatedAt: now };
  setOwn(t.users, String(signerId), user);
  setOwn(t.certifyNums, u.certifyNum, signerId);
  rt.changed();
  return { signerId };
}

const phoneOf = (b: { phoneRegion?: string; phoneNo?: string }) =>
  b.phoneNo !== undefined
    ? { phoneRegion: b.phoneRegion ?? YHT_DEFAULTS.phoneRegion, phoneNo: b.phoneNo }
    : {};

export function createPerson(
  rt: YunhetongDigestRuntime,
  t: YhtTenant,
  b: PersonBody,
): Promise<{ signerId: number }> {
  checkCreate(t, b.certifyNum);
  return addUser(rt, t, {
    type: 'person',
    userName: b.userName,
    identityRegion: b.identityRegion,
    certifyType: b.certifyType ?? YHT_DEFAULTS.certifyType,
    certifyNum: b.certifyNum,
    ...phoneOf(b),
  });
}

export function createCompany(
  rt: YunhetongDigestRuntime,
  t: YhtTenant,
  b: CompanyBody,
): Promise<{ signerId: number }> {
  checkCreate(t, b.certifyNum);
  return addUser(rt, t, {
    type: 'company',
    userName: b.userName,
    certifyType: b.certifyType,
    certifyNum: b.certifyNum,
    ...phoneOf(b),
  });
}

/**
 * §5.4.3 / §5.4.4. Unknown signerId: 20206; a user of the other type: 20001 用户无权限 (guess).
 * A value equal to the current one: 20001 修改的 userName / phoneNo 与当前值一致 (userName checked first).
 * decision: yunhetong-digest.user-wrong-type, yunhetong-digest.update-same-phone
 */
export async function updateUser(
  rt: YunhetongDigestRuntime,
  t: YhtTenant,
  type: YhtUserType,
  b: UpdateBody,
): Promise<void> {
  const u = rt.user(t, b.signerId);
  if (!u) catalogue.fail('USER_NOT_FOUND');
  if (u.type !== type) catalogue.fail('NO_PERMISSION');
  if (b.userName !== undefined && b.userName === u.userName) catalogue.fail('UPDATE_SAME_VALUE', 'userName');
  const region = b.phoneRegion ?? YHT_DEFAULTS.phoneRegion;
  if (
    b.phoneNo !== undefined &&
    b.phoneNo === u.phoneNo &&
    region === (u.phoneRegion ?? YHT_DEFAULTS.phoneRegion)
  )
    catalogue.fail('UPDATE_SAME_VALUE', 'phoneNo');
  if (b.userName !== undefined) {
    // doc §1 信息修改: "自动更新证书信息"
    u.cert = (await issueCertificate(rt, { ...u, userName: b.userName })).stored;
    u.userName = b.userName;
  }
  if (b.phoneNo !== undefined) {
    u.phoneNo = b.phoneNo;
    u.phoneRegion = region;
  }
  u.updatedAt = rt.now();
  rt.changed();
}

/** §5.4.5: `[{certifyNum: signerId}]` for the certifyNums that exist, in request order; none: 20206. */
export function certifyNums(
  t: YhtTenant,
  b: z.output<typeof CertifyNumsRequest>,
): Array<Record<string, number>> {
  const out: Array<Record<string, number>> = [];
  const seen = new Set<string>();
  for (const n of b.certifyNumList) {
    const id = own(t.certifyNums, n);
    if (id === undefined || seen.has(n)) continue;
    seen.add(n);
    out.push({ [n]: id });
  }
  if (out.length === 0) catalogue.fail('USER_NOT_FOUND');
  return out;
}

/**
 * §5.4.6: the users named (all of the app's without signerIdList, guess), by signerId, paged.
 * None matched: 20206. A page past the end answers an empty userList (guess).
 * decision: yunhetong-digest.user-listing
 */
export function userInfo(t: YhtTenant, b: z.output<typeof UserInfoRequest>) {
  // Users are kept by signerId: the ids are sorted and paged, and only the page's users are read
  // (with --state every user read is compared at the request's commit).
  const ids = b.signerIdList
    ? [...new Set(b.signerIdList.map(String))].filter((id) => own(t.users, id) !== undefined)
    : Object.keys(t.users);
  ids.sort((a, c) => Number(a) - Number(c));
  if (ids.length === 0) catalogue.fail('USER_NOT_FOUND');
  const pageNum = b.pageNum ?? YHT_DEFAULTS.pageNum;
  const size = b.pageSize ?? YHT_DEFAULTS.pageSize;
  const slice = ids.slice((pageNum - 1) * size, pageNum * size).map((id) => own(t.users, id)!);
  return {
    page: pageNum,
    totalPages: Math.ceil(ids.length / size),
    pageSize: slice.length,
    total: ids.length,
    userList: slice.map((u) => ({
      signerId: u.signerId,
      userName: u.userName,
      certifyNum: u.certifyNum,
      phoneNo: u.phoneNo ?? null,
      userType: u.type === 'person' ? ('个人' as const) : ('企业' as const),
    })),
  };
}
