/** Pieces every contract's route table uses. */
import type { z } from '@hono/zod-openapi';

/** A JSON response (or body) of `schema`, with its description. */
export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

/** How a vendor API route is documented: its operation, tag, doc section and texts. */
export interface ApiDocumentation {
  operationId: string;
  tag: string;
  /** The vendor document's section, emitted as `x-doc-section`. */
  section: string;
  summary: string;
  description: string;
}

/** The documentation fields of a `createRoute` config for an API. */
export function documented(def: ApiDocumentation) {
  return {
    operationId: def.operationId,
    tags: [def.tag],
    summary: def.summary,
    description: def.description,
    'x-doc-section': def.section,
  };
}
