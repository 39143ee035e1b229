/** Shared by the yunhetong-sdk client tests. */
import type { AddUserParams } from '../../../clients/yunhetong-sdk/index.ts';
import type { Params } from '../../yunhetong-sdk/helpers.ts';

/** A person()/company() record of test/yunhetong-sdk/helpers.ts as the client's addUser parameters. */
export function userParams(u: Params): AddUserParams {
  return {
    appUserId: u.appUserId!,
    cellNum: u.cellNum!,
    userType: u.userType as AddUserParams['userType'],
    userName: u.userName!,
    certifyType: u.certifyType!,
    certifyNumber: u.certifyNumber!,
    ...(u.createSignature !== undefined
      ? { createSignature: u.createSignature as NonNullable<AddUserParams['createSignature']> }
      : {}),
  };
}
