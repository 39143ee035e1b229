/** What the stages, the renderer and the handlers share for one yunhetong-sdk API request. */
import type { ServletParams } from './wire.ts';

export interface SdkLocals {
  /** The request's servlet parameters, read once (wire.ts). */
  params?: Promise<ServletParams>;
}

export const freshLocals = (): SdkLocals => ({});
