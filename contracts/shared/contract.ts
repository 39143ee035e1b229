/**
 * The shape of a contract: what `npm run generate` turns into a spec and a client, what the kit
 * validates answers against, and what the fidelity report walks. The list of contracts is
 * derived from the vendor registry (simulators/registry.ts), so this file holds types only.
 */
import type { RouteConfig, z } from '@hono/zod-openapi';
import type { CatalogueEntry, EvidenceLevel } from './errors.ts';

/** One entry of a vendor error catalogue, as the contract lists it (contracts/shared/errors.ts). */
export type ContractErrorEntry = CatalogueEntry;

export interface ContractServer {
  /** Origin only (scheme, host, port): basePath is appended for `routes`. */
  url: string;
  description?: string;
}

/** The shape every contract in the registry has. Only id, basePath and routes are required. */
export interface SealsimContract {
  /** Also the file names: openapi/<id>.json and clients/<id>/schema.d.ts. */
  id: string;
  title?: string;
  description?: string;
  /** Prefix of every path in `routes`, e.g. '/opentreaty/rest/v3.0'; '' when paths are absolute. */
  basePath: string;
  /**
   * Set while a vendor's contract exists but its simulator does not yet (e.g. 'issue 4'):
   * the fidelity report lists it as in progress and does not yet require covering tests.
   */
  inProgress?: string;
  /**
   * The JSON envelope's result field and its success value (esign `errCode` 0, yunhetong-digest
   * `code` 200), so the kit can tell a success from a failure. Absent: no coded envelope.
   */
  envelope?: { codeField: string; successCode: number };
  /**
   * Rules on a JSON answer that the schemas cannot say (yunhetong-sdk: success needs `code` AND
   * `subCode` 200; a failure's `code` and message follow its catalogue entry): the issues found.
   * The kit's validateResponse runs it after the catalogue check.
   */
  answerRules?: (route: { method: string; path: string }, body: unknown) => string[];
  /**
   * True when the vendor is deployed under a context path of the customer's choosing
   * (yunhetong-digest's war): the kit then matches routes under any path prefix.
   */
  anyContextPath?: boolean;
  /** Other base paths serving the same routes (e.g. baoquan's older `/api/v1`). */
  basePathAliases?: readonly string[];
  /** The vendor's real origins and sealsim's; the spec's servers are these plus basePath. */
  servers?: readonly ContractServer[];
  /** The documented API, paths relative to basePath. */
  routes: Record<string, RouteConfig>;
  /** Routes on the same host outside basePath (upload/download URLs, pages). Give them `servers`. */
  hostRoutes?: Record<string, RouteConfig>;
  /** Outgoing callbacks, keyed by event name; emitted as OpenAPI 3.1 `webhooks`. */
  webhooks?: Record<string, RouteConfig>;
  /** Callback body schemas, keyed by event name. */
  callbacks?: Record<string, z.ZodType>;
  /** Error catalogue, keyed by name. */
  errors?: Record<string, ContractErrorEntry>;
  /** Errors of the hostRoutes in their own shape (e.g. object-store XML), keyed by code. */
  hostErrors?: Record<
    string,
    { httpStatus: number; message: string; note?: string; evidence?: EvidenceLevel }
  >;
  /** Where the vendor doc disagrees with itself. */
  contradictions?: readonly unknown[];
}
