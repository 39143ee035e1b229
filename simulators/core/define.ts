/**
 * `vendorFacts()`, `describeVendor()` and `defineVendor()`. The registry (simulators/registry.ts)
 * lists each vendor's facts (simulators/<vendor>/descriptor.ts: id, name, port, CLI flags) with a
 * `load()` of its definition (simulators/<vendor>/index.ts: contract, settings, simulator). From that one
 * list come the vendor ids, the ports, the CLI flags, the control API's per-vendor tenant settings
 * (and so openapi/control.json), the contracts `npm run generate` and the kit walk, and the package
 * exports; a vendor's definition is imported only when it runs (or by simulators/all.ts, in-process).
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

/**
 * What the CLI and the registry know of a vendor without loading it: cheap to import (no zod, no
 * routes, no simulator), so `sealsim start --vendors esign` loads no other vendor's code.
 */
export interface VendorFacts<Id extends string = string> {
  id: Id;
  /** The vendor's name as the banner and the control API show it. */
  name: string;
  /** Port under the default control port 4000; the offset from 4000 is kept with `--port`. */
  defaultPort: number;
  cliOptions?: readonly VendorCliOption[];
  /**
   * The scheme of the vendor's origin for these vendor options; default http. A vendor on https
   * supplies its server certificate through `VendorService.tls()` (the node server serves TLS).
   */
  scheme?(options: Record<string, unknown>): 'http' | 'https';
}

/** A registry entry (simulators/registry.ts): the facts and a lazy `load()` of the rest. */
export interface VendorDescriptor<Id extends string = string> extends VendorFacts<Id> {
  /** Imports the vendor's entry point (simulators/<vendor>/index.ts) on first call. */
  load(): Promise<VendorDefinition<Id>>;
}

export interface VendorDefinition<
  Id extends string = string,
  S extends z.ZodType = z.ZodType,
> extends VendorFacts<Id> {
  /** The single source of truth: routes, error catalogue, servers. */
  contract: SealsimContract;
  /** Console and human-signer routes, relative to `/__sim/<id>` (for openapi/control.json). */
  controlRoutes: Record<string, RouteConfig>;
  /** Tenant settings for `POST /__sim/tenants/<id>` and `PATCH /__sim/tenants/<id>/{tenant}`. */
  settings: S;
  create(ctx: VendorContext): VendorService<z.output<S>>;
}

/** A vendor's facts (simulators/<vendor>/descriptor.ts), keeping the literal id. */
export function vendorFacts<const Id extends string>(facts: VendorFacts<Id>): VendorFacts<Id> {
  return facts;
}

/** A registry entry: the vendor's facts and the import of its definition. */
export function describeVendor<Id extends string>(
  facts: VendorFacts<Id>,
  load: () => Promise<VendorDefinition<Id>>,
): VendorDescriptor<Id> {
  return { ...facts, load };
}

/** Keeps the literal id, so the registry's list yields the `VendorId` union. */
export function defineVendor<const Id extends string, S extends z.ZodType>(
  definition: VendorDefinition<Id, S>,
): VendorDefinition<Id, S> {
  return definition;
}
