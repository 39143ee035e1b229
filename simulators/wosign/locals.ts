/** What the stages, the renderer and the handlers share for one wosign API request. */

/** The request's body as read (wire.ts): a JSON object, or why it is none. */
export type WosignBody = { ok: true; value: Record<string, unknown> } | { ok: false };

export interface WosignLocals {
  /** The body decoded once (route stage). */
  body?: WosignBody;
  /** The presented client certificate (DER), from the transport's header. */
  certificate?: Uint8Array;
}

export const freshLocals = (): WosignLocals => ({});
