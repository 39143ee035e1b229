/**
 * The parts of a generated OpenAPI document that the contract tests read, typed as they read
 * them (a member a test reads is declared present: a missing one fails that test anyway).
 */
import type { SealsimContract } from '../../contracts/shared/contract.ts';
import { buildOpenApiDocument } from '../../scripts/generate.ts';

export interface SpecSchema {
  $ref: string;
  type: string;
  format: string;
  required: string[];
  properties: Record<string, SpecSchema>;
  items: SpecSchema;
  additionalProperties: unknown;
  enum: unknown[];
  example: unknown;
  [key: string]: unknown;
}

export interface SpecMedia {
  schema: SpecSchema;
  encoding: Record<string, unknown>;
}

export interface SpecResponse {
  description: string;
  content: Record<string, SpecMedia>;
  headers: Record<string, { schema: SpecSchema }>;
}

export interface SpecParameter {
  name: string;
  in: string;
  required: boolean;
  schema: SpecSchema;
}

export interface SpecOperation {
  summary: string;
  description: string;
  parameters: SpecParameter[];
  requestBody: { content: Record<string, SpecMedia> };
  responses: Record<string, SpecResponse>;
  servers: { url: string }[];
  [key: string]: unknown;
}

export interface OpenApiSpec {
  paths: Record<string, Record<string, SpecOperation>>;
  components: { schemas: Record<string, SpecSchema> };
  'x-vendor-error-catalogue': unknown[];
  'x-doc-contradictions': unknown[];
  [key: string]: unknown;
}

/** The OpenAPI document `npm run generate` writes for `contract`. */
export function specOf(contract: SealsimContract): OpenApiSpec {
  const doc: object = buildOpenApiDocument(contract);
  return doc as OpenApiSpec;
}

/** The component a `$ref` names. */
export function refTarget(spec: OpenApiSpec, schema: SpecSchema): SpecSchema {
  return spec.components.schemas[schema.$ref.split('/').pop() ?? ''];
}
