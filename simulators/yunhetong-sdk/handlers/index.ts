/**
 * One handler per operation (contracts/yunhetong-sdk/operations.ts): the user and token APIs here,
 * the contract APIs in contracts.ts, the signing page's endpoints in page.ts.
 */
import type { YunhetongSdkRuntime } from '../runtime.ts';
import { withApp, withToken, type SdkHandlers } from './common.ts';
import { contractHandlers } from './contracts.ts';
import { pageHandlers } from './page.ts';
import { checkToken, getToken } from './tokens.ts';
import { addUser, modifyCellNum, modifyUserName } from './users.ts';

export function yunhetongSdkHandlers(rt: YunhetongSdkRuntime): SdkHandlers {
  return {
    addUser: withApp((c, b) => addUser(rt, c.tenant, b)),
    getToken: withApp((c, b) => getToken(rt, c.tenant, b)),
    checkToken: withToken((c, b) => checkToken(rt, c, b)),
    modifyCellNum: withToken((c, b) => modifyCellNum(rt, c, b)),
    modifyUserName: withToken((c, b) => modifyUserName(rt, c, b)),
    ...contractHandlers(rt),
    ...pageHandlers(rt),
  };
}
