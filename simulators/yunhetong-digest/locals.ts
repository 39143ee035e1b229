/** What the stages, the renderer and the handlers share for one yunhetong-digest API request. */

export interface YhtLocals {
  /** For response header `token`: a renewed token, or the one /auth/login issued. */
  token?: string;
  /** The route stage named an API: its 401/402/403 may map to HTTP statuses, a fault's do not. */
  routed: boolean;
}

export const freshLocals = (): YhtLocals => ({ routed: false });
