/** What the stages, the renderer and the handlers share for one yunhetong-sdk API request. */

/** A request's servlet parameters (wire.ts). */
export interface ServletParams {
  /** Text parameters, first value of each name. */
  values: Record<string, string>;
  /** Multipart file parts, first of each name. */
  files: Record<string, File>;
}

export interface SdkLocals {
  /** The request's servlet parameters, read once (wire.ts). */
  params?: Promise<ServletParams>;
}

export const freshLocals = (): SdkLocals => ({});
