/** One handler per operation (contracts/wosign/operations.ts): CreateSignOrder in orders.ts. */
import { wosignCatalogue as catalogue } from '../../../contracts/wosign/errors.ts';
import type { WosignOperations } from '../../../contracts/wosign/operations.ts';
import type { OperationHandlers } from '../../core/pipeline/index.ts';
import type { WosignCaller } from '../auth.ts';
import type { WosignLocals } from '../locals.ts';
import type { WosignRuntime } from '../runtime.ts';
import { createSignOrder } from './orders.ts';

export type WosignHandlers = OperationHandlers<WosignOperations, WosignCaller | undefined, WosignLocals>;

/** The caller every operation has once authenticate passed (only non-API requests have none). */
function callerOf(caller: WosignCaller | undefined): WosignCaller {
  return caller ?? catalogue.fail('CERT_INVALID');
}

export function wosignHandlers(rt: WosignRuntime): WosignHandlers {
  return {
    CreateSignOrder: (input, { caller }) => createSignOrder(rt, callerOf(caller), input),
  };
}
