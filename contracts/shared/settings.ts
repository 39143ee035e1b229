/** Tenant settings every vendor takes through the control API (`POST /__sim/<vendor>/tenants`). */
import { z } from '@hono/zod-openapi';

/** Where the vendor's callbacks go: '' for none, else an http(s) URL. null is read as absent. */
export const CallbackUrlSetting = z
  .string()
  .nullish()
  .describe("Where the vendor's callbacks go: an http(s) URL, or '' for none");

/** A non-negative whole number of virtual milliseconds. null is read as absent. */
export const MsSetting = z.number().int().min(0).nullish();
