/**
 * The shape of a `defaultHook` for `new OpenAPIHono({ defaultHook })`, for consumers who mount a
 * contract's routes on their own app: each vendor's hook answers a zod failure in its envelope.
 */
import type { z } from '@hono/zod-openapi';
import type { Context } from 'hono';

export type HookFailure = { success: false; error: z.ZodError; data?: unknown; target: string };
export type HookResult = { success: true; data: unknown; target: string } | HookFailure;

/** A defaultHook that passes successes and answers failures with `onFailure`. */
export function validationHook(
  onFailure: (failure: HookFailure, c: Context) => Response | Promise<Response>,
) {
  return (result: HookResult, c: Context) => (result.success ? undefined : onFailure(result, c));
}
