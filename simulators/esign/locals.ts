/** What the stages, the renderer and the handlers share for one esign API request. */
import type { Context } from 'hono';
import { readAuthParams, type AuthParams } from './auth.ts';

export interface EsignLocals {
  /** The auth parameters (headers or URL), read once: the seal signs every answer with them. */
  auth: AuthParams;
  /** The project's secret once authenticate found the project: the seal signs with it. */
  secret?: string;
}

export const freshLocals = (c: Context, url: URL): EsignLocals => ({
  auth: readAuthParams(c.req.raw.headers, url),
});
