/**
 * `defineVendor()`: everything sealsim needs to know of a vendor, in one value. The registry
 * (simulators/registry.ts) lists these; from that one list come the vendor ids, the ports, the
 * CLI flags, the control API's per-vendor tenant settings (and so openapi/control.json), the
 * list of contracts that `npm run generate` and the kit walk, and the package exports.
 */
import type { RouteConfig, z } from '@hono/zod-openapi';
import type { SealsimContract } from '../../contracts/shared/contract.ts';
import type { VendorContext, VendorService } from './vendor.ts';

/** A vendor's own `sealsim start` flag, spelled `--<vendor id>-<flag>`. */
export interface VendorCliOption {
  /** The part after `--<vendor id>-`, e.g. `sandbox`. */
  flag: string;
  /** The vendor option it sets (createSimulator({ vendorOptions })). */
  option: string;
  /** The value's name in the usage line, e.g. `DIR` ('' for a switch). */
  value: string;
  /** A switch: takes no value, sets the option to `true`. */
  switch?: boolean;
  help: string;
  /** A path: resolved against the working directory. */
  path?: boolean;
  /** The default when `--state FILE` is given and the flag is not. */
  fromStateFile?(stateFile: string): string;
}

export interface VendorDefinition<Id extends string = string, S extends z.ZodType = z.ZodType> {
  id: Id;
  /** The vendor's name as the banner and the control API show it. */
  name: string;
  /** Port under the default control port 4000; the offset from 4000 is kept with `--port`. */
  defaultPort: number;
  /** The single source of truth: routes, error catalogue, servers. */
  contract: SealsimContract;
  /** Console and human-signer routes, relative to `/__sim/<id>` (for openapi/control.json). */
  controlRoutes: Record<string, RouteConfig>;
  /** Tenant settings for `POST /__sim/tenants/<id>` and `PATCH /__sim/tenants/<id>/{tenant}`. */
  settings: S;
  cliOptions?: readonly VendorCliOption[];
  /**
   * The scheme of the vendor's origin for these vendor options; default http. A vendor on https
   * supplies its server certificate through `VendorService.tls()` (the node server serves TLS).
   */
  scheme?(options: Record<string, unknown>): 'http' | 'https';
  create(ctx: VendorContext): VendorService<z.output<S>>;
}

/** Keeps the literal id, so the registry's list yields the `VendorId` union. */
export function defineVendor<const Id extends string, S extends z.ZodType>(
  definition: VendorDefinition<Id, S>,
): VendorDefinition<Id, S> {
  return definition;
}
