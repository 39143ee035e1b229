/**
 * The app a console (the control API's core routes, or a vendor's `/__sim/<vendor>` routes) is
 * built on: an OpenAPIHono whose request validation answers 400 `{error}` listing each issue, the
 * shape every control route answers a bad request with. `body` adds vendor fields (baoquan's code).
 */
import { OpenAPIHono, type z } from '@hono/zod-openapi';

/** The issues of a zod failure as one readable line: `path: message; …`. */
export function issueText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
}

export function createConsoleApp(body: (error: string) => object = (error) => ({ error })): OpenAPIHono {
  return new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) return c.json(body(issueText(result.error)), 400);
    },
  });
}
