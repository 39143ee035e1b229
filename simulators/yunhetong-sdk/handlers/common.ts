/** What every yunhetong-sdk handler file shares: the handler table's type and the caller wrappers. */
import { yunhetongSdkCatalogue as catalogue } from '../../../contracts/yunhetong-sdk/errors.ts';
import type {
  YunhetongSdkOperation,
  YunhetongSdkOperations,
} from '../../../contracts/yunhetong-sdk/operations.ts';
import type { ApiCall, OperationHandlers } from '../../core/pipeline/index.ts';
import type { AppCaller, Caller, TokenCaller, UserCaller } from '../auth.ts';
import type { SdkLocals } from '../locals.ts';

export type SdkHandlers = OperationHandlers<YunhetongSdkOperations, Caller | undefined, SdkLocals>;

/** The handlers of some operations. */
export type SdkHandlersOf<K extends YunhetongSdkOperation> = Pick<SdkHandlers, K>;

/** A handler of addUser / getToken: the authenticate stage named the app. */
export function withApp<I, O>(handle: (caller: AppCaller, input: I, call: ApiCall<SdkLocals>) => O) {
  return (input: I, ctx: { caller: Caller | undefined; call: ApiCall<SdkLocals> }): O => {
    if (ctx.caller?.kind !== 'app') return catalogue.fail('UNKNOWN', 'no app caller');
    return handle(ctx.caller, input, ctx.call);
  };
}

/** A handler of a token API, given the token even when its user was deleted (the modify APIs: 11001). */
export function withToken<I, O>(handle: (caller: TokenCaller, input: I, call: ApiCall<SdkLocals>) => O) {
  return (input: I, ctx: { caller: Caller | undefined; call: ApiCall<SdkLocals> }): O => {
    if (ctx.caller?.kind !== 'token') return catalogue.fail('TOKEN_EXPIRED');
    return handle(ctx.caller, input, ctx.call);
  };
}

/**
 * A handler of a token API whose user must exist: a token of a user the console deleted is as
 * good as none (10801). decision: yunhetong-sdk.user-delete-console
 */
export function withUser<I, O>(handle: (caller: UserCaller, input: I, call: ApiCall<SdkLocals>) => O) {
  return withToken<I, O>((caller, input, call) => {
    const user = caller.user;
    if (!user) return catalogue.fail('TOKEN_EXPIRED');
    return handle({ ...caller, user }, input, call);
  });
}
