/**
 * What a vendor gives the shared conformance suite (suite.ts): how to start a simulator with it,
 * how to make and look up one object in the vendor's own terms, and the few answers that are the
 * vendor's own choice (unknown paths, wrong methods, requests with forged credentials). Each
 * vendor implements it in `test/<vendor>/helpers.ts` as `export const conformance`.
 */
import type { RouteConfig } from '@hono/zod-openapi';
import type { SealsimContract } from '../../contracts/shared/contract.ts';
import type { Simulator, SimulatorOptions } from '../../simulators/core/simulator.ts';

/** A tenant's credentials as the control API hands them out (`credentials` of a created tenant). */
export type Credentials = Record<string, string>;

/** Where a vendor answers: in-process (`sim.fetch`) or over real HTTP (`listen()`). */
export interface Target {
  sim: Simulator;
  /** `sim.fetch` in-process, the global fetch over HTTP. */
  fetch(request: Request): Promise<Response>;
  /** The vendor's origin as this target reaches it. */
  origin: string;
  /** The origin plus the contract's base path. */
  baseUrl: string;
  /** The control API's origin as this target reaches it. */
  controlOrigin: string;
}

/** One answer, read whole. */
export interface Answer {
  status: number;
  contentType: string;
  text: string;
  /** The parsed JSON body, or the text when it is not JSON. */
  body: unknown;
}

/** Whether an object is there, and what it looked like (compared before and after). */
export type Lookup = { found: true; view: unknown } | { found: false };

export interface VendorConformance {
  /** The vendor id (contract id, control API path, fault rule vendor). */
  vendor: string;
  contract: SealsimContract;
  /** A simulator running this vendor only; default `createSimulator({ vendors: [vendor], ...opts })`. */
  simulator?(opts: SimulatorOptions): Simulator;
  /**
   * Settings for `POST /__sim/<vendor>/tenants`, and what the tenant's requests need besides the
   * credentials the control API answers (baoquan: the private key of the public key it registers).
   */
  tenant?(): { settings: Record<string, unknown>; secrets?: Credentials };
  /** Extra simulator options a vendor needs for a `--state` file in `dir` (e.g. its sandbox). */
  stateOptions?(dir: string): SimulatorOptions;
  /** Makes one object as this tenant; answers its id. Rejects when the credentials are refused. */
  create(t: Target, tenant: Credentials): Promise<string>;
  /** Looks the object up as this tenant; not found in the vendor's terms is `{ found: false }`. */
  read(t: Target, tenant: Credentials, id: string): Promise<Lookup>;
  /**
   * Tries to change or remove the object as this tenant (e.g. revoke, extend, delete); answers
   * true when the vendor accepted it. Optional: a vendor with no such API leaves it out.
   */
  touch?(t: Target, tenant: Credentials, id: string): Promise<boolean>;
  /** A request that makes an object, its body padded to at least `bytes` bytes. */
  oversized(t: Target, tenant: Credentials, bytes: number): Promise<Request>;
  /** A request for `route` that bears credentials the vendor refuses (wrong secret, unknown key). */
  forged(t: Target, route: RouteConfig): Request;
  /** Routes answered without credentials (an index page): the envelope check skips them. */
  publicRoutes?: readonly string[];
  /** A catalogue entry (name or code) a `vendorError` fault rule names. */
  faultError: string;
  /** What a request to a path that is no API under the base path answers (expect() inside). */
  unknownPath(answer: Answer): void;
  /** What a documented path asked with a method it does not take answers (expect() inside). */
  wrongMethod(answer: Answer): void;
}
