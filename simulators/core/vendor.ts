/**
 * The shape every vendor service has (LocalStack's "every service looks the same"): an HTTP
 * app on its own port, a control app under `/__sim/<vendor>`, tenants, and snapshot/restore.
 */
import type { Env, Hono } from 'hono';
import type { BlankSchema } from 'hono/types';

/** Any Hono app, whatever its context variables and routes. */
export type AnyHono = Hono<Env, BlankSchema, '/'>;
import type { BlobStore } from './blobs.ts';
import type { VirtualClock } from './clock.ts';
import type { FaultRule, FaultRules } from './faults.ts';
import type { Outbox } from './outbox.ts';
import type { VendorPki } from './pki/index.ts';
import type { TenantMap } from './tenancy.ts';
import type { FetchLike, WebhookDispatcher } from './webhooks.ts';

/** A registered vendor's id; the registry (simulators/registry.ts) narrows it to the union of its ids. */
export type VendorId = string;

export interface VendorContext {
  clock: VirtualClock;
  outbox: Outbox;
  webhooks: WebhookDispatcher;
  blobs: BlobStore;
  faults: FaultRules;
  /** The vendor's public origin + base path as consumers reach it, e.g. http://127.0.0.1:4002 */
  origin: () => string;
  /** Seed for deterministic fake data. */
  seed: number;
  /** Outgoing HTTP (callbacks), resolved at call time so msw can intercept. */
  fetch: FetchLike;
  /** Marks state dirty so `--state` journals it (vendors whose tenants are not tracked). */
  changed: () => void;
  /** With `--state`: the vendor's tenants, so the store journals what each request touched. */
  track?: (tenants: TenantMap<{ id: string }>) => void;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** Vendor-specific options from createSimulator({ vendorOptions }). */
  options: Record<string, unknown>;
}

export interface TenantCredentials {
  id: string;
  credentials: Record<string, string>;
}

export interface VendorService<Settings = unknown> {
  id: VendorId;
  name: string;
  basePath: string;
  /** The vendor's HTTP surface: API routes, upload/download URLs, pages. */
  app: AnyHono;
  /** Console and human-signer actions, mounted at /__sim/<id>. */
  control: AnyHono;
  defaultCredentials(): Record<string, string>;
  /** Deployment facts the start banner prints under the vendor (e.g. a local sandbox directory). */
  describe?(): Record<string, string>;
  createTenant(settings: Settings): TenantCredentials;
  /** Returns undefined when the tenant does not exist. */
  patchTenant(id: string, settings: Settings): TenantCredentials | undefined;
  reset(): void;
  snapshot(): unknown;
  restore(state: unknown): void;
  /**
   * State kept beside tracked tenants (the test CAs), merged into snapshot()'s object by `--state`
   * (state-store.ts); undefined while there is none.
   */
  records?(): Record<string, unknown> | undefined;
  /** The vendor's test PKI (made on first use): `GET /__sim/<vendor>/ca.pem` serves its chain. */
  pki?(): VendorPki;
  /**
   * An https vendor's server key and certificate chain (PEM) for the host names it is reached by
   * (`--host`, the public hosts); undefined serves plain HTTP. The node server then requests a
   * client certificate without verifying it and hands it to the app as `x-sealsim-client-cert`
   * (adapters/client-cert.ts).
   */
  tls?(hosts: readonly string[]): { key: string; cert: string } | undefined;
  /** Each tenant and its entities, newest last, for the dashboard (core/dashboard.ts). */
  entities?(): TenantView[];
  /** Renders a fault rule's `vendorError` (or status) in the vendor's own envelope. */
  faultResponse?(rule: FaultRule): Response;
}

/** A link the dashboard shows beside an entity (a signing page, a signed PDF, an access page). */
export interface EntityLink {
  label: string;
  href: string;
}

/**
 * A dashboard button: POSTs `body` (JSON) to a control API path, e.g. a signer's sign or refuse
 * (GET sends no body). An answer with an `open` URL, or a file, opens in a new tab.
 */
export interface EntityAction {
  label: string;
  path: string;
  body: Record<string, unknown>;
  method?: 'GET' | 'POST';
  danger?: boolean;
}

/** One of a tenant's entities as the dashboard lists it (a flow and its signers as children). */
export interface EntityView {
  kind: string;
  id: string;
  title?: string;
  status?: string;
  /** Epoch ms on the virtual clock. */
  at?: number;
  links?: EntityLink[];
  actions?: EntityAction[];
  children?: EntityView[];
}

export interface TenantView {
  id: string;
  name?: string;
  entities: EntityView[];
}

export type VendorFactory = (ctx: VendorContext) => VendorService;
