/**
 * The signing page's JSON endpoints (contract/view, sign, allSign; sign/getSign, createSign,
 * delSign). TODO(P): placeholder, replaced by the real handlers; every one answers 520 until then.
 */
import { yunhetongSdkCatalogue as catalogue } from '../../../contracts/yunhetong-sdk/errors.ts';
import type { YunhetongSdkRuntime } from '../runtime.ts';
import { withUser, type SdkHandlersOf } from './common.ts';

export type PageOperation = 'view' | 'sign' | 'allSign' | 'getSign' | 'createSign' | 'delSign';

// TODO(P): the real handlers.
const notYet = withUser(() => catalogue.fail('UNKNOWN', 'not implemented yet'));

export function pageHandlers(_rt: YunhetongSdkRuntime): SdkHandlersOf<PageOperation> {
  return {
    view: notYet,
    sign: notYet,
    allSign: notYet,
    getSign: notYet,
    createSign: notYet,
    delSign: notYet,
  };
}

/** The page's host routes (viewsopen/…, /sdk/api/yht.js). TODO(P): none yet. */
export function pageHostRoutes(_app: import('hono').Hono, _rt: YunhetongSdkRuntime): void {}
