/**
 * The environment-agnostic simulator (msw's "core"): vendors, clock, outbox, webhooks, blobs
 * and faults wired together, answering standard Fetch `Request`s. The Node server, the msw
 * handlers and the CLI are thin adapters over this.
 */
import { BlobStore } from './blobs.ts';
import { VirtualClock, type ClockMode, type ClockSnapshot } from './clock.ts';
import { FaultRules } from './faults.ts';
import {
  documentsRoot,
  documentsRootGet,
  landingPage,
  otherOwner,
  pathOwnerOf,
  type PathOwner,
  withHintHeader,
} from './hints.ts';
import { diagnose, RequestJournal, type JournalEnv, type JournalTarget, type LogMode } from './journal.ts';
import { Outbox } from './outbox.ts';
import { StateStore } from './state-store.ts';
import type { TenantMap } from './tenancy.ts';
import type { VendorDefinition } from './define.ts';
import { withCheckedSettings } from './settings.ts';
import type { VendorContext, VendorId, VendorService } from './vendor.ts';
import { WebhookDispatcher, type FetchLike } from './webhooks.ts';

export interface SimulatorOptions {
  /** Which vendors to run (default: all registered). */
  vendors?: VendorId[];
  /** 'manual' (default in-process: time moves only when advanced) or 'realtime' (server default). */
  clock?: ClockMode;
  /** Virtual start time, epoch ms. */
  now?: number;
  seed?: number;
  /** Host and first port used to build each vendor's origin: control is basePort, vendors basePort+1… */
  host?: string;
  basePort?: number;
  /** Override any origin, e.g. { esign: 'https://smlgateway.tsign.cn' }. */
  origins?: Partial<Record<VendorId | 'control', string>>;
  /** Outgoing HTTP for callbacks; default: globalThis.fetch, resolved at call time. */
  fetch?: FetchLike;
  maxBodyBytes?: number;
  vendorOptions?: Partial<Record<VendorId, Record<string, unknown>>>;
  /** The control API's token (`--control-token`): every control request must carry it. */
  controlToken?: string;
  /** Host names, besides loopback ones, the control port answers to (`--public-host`). */
  publicHosts?: string[];
  /**
   * The URL links carry for an origin (`--public-url vendor=URL`), e.g. a reverse proxy's
   * `https://demo.example/esign`: upload, download and signing links, SMS links. Requests still
   * reach the bound port; `fetch()` also takes requests addressed to the public URL.
   */
  publicUrls?: Partial<Record<VendorId | 'control', string>>;
  /** The host name links carry instead of `host`, each origin keeping its port (`--public-host`). */
  publicHost?: string;
  /**
   * Keep all state in this file (and `<file>.d/`): loaded at start; what a request changed is on
   * disk before it is answered (state-store.ts).
   */
  stateFile?: string;
  /** Journal bytes after which `--state` writes a new snapshot (tests). */
  stateCompactBytes?: number;
  /** How long a `--state` commit waits for running requests to share its fsync (tests). */
  stateCommitDelayMs?: number;
  /** Requests the request journal keeps (`--journal-size`; default 1,000; 0 keeps none). */
  journalSize?: number;
  /** One line per request (`--log`): 'text', 'json', or 'off' (default in-process). */
  log?: LogMode;
  /** Where log lines go (default stdout). */
  logWrite?: (line: string) => void;
}

export interface SimSnapshot {
  version: 1;
  clock: ClockSnapshot;
  outbox: ReturnType<Outbox['snapshot']>;
  webhooks: ReturnType<WebhookDispatcher['snapshot']>;
  blobs: ReturnType<BlobStore['snapshot']>;
  vendors: Record<string, unknown>;
}

/** The control API's default port; each vendor's origin keeps its `defaultPort`'s offset from it. */
export const DEFAULT_CONTROL_PORT = 4000;

export class Simulator {
  readonly clock: VirtualClock;
  readonly outbox: Outbox;
  readonly webhooks: WebhookDispatcher;
  readonly blobs: BlobStore;
  readonly faults: FaultRules;
  readonly vendors = new Map<VendorId, VendorService>();
  /** Every vendor and control request (core/journal.ts, `GET /__sim/requests`). */
  readonly journal: RequestJournal;
  private readonly journalTargets = new Map<string, JournalTarget>();
  private readonly origins = new Map<VendorId | 'control', string>();
  /** What links carry, where it differs from the bound origin (`publicUrls`, `publicHost`). */
  private readonly publicOrigins = new Map<VendorId | 'control', string>();
  /** Whether `--state` held a saved state at start (a config file's tenants are then in it). */
  restoredFromState = false;
  /** The durable `--state` store, when a state file is given. */
  readonly state?: StateStore;
  private readonly opts: SimulatorOptions;
  private controlApp: (req: Request) => Promise<Response> = async () =>
    new Response('control API not mounted', { status: 404 });

  /** The control API; with `--state`, answered once everything changed before it is on disk. */
  get controlFetch(): (req: Request) => Promise<Response> {
    const target = { vendor: 'control' };
    return (req) =>
      this.journal.around(target, req, () =>
        this.state ? this.state.run(() => this.controlApp(req), true) : this.controlApp(req),
      );
  }

  set controlFetch(fn: (req: Request) => Promise<Response>) {
    this.controlApp = fn;
  }

  readonly definitions: readonly VendorDefinition[];
  /** Every vendor's API paths, for hints; the CLI sets those of vendors it did not load too. */
  protected pathOwners: readonly PathOwner[];

  constructor(definitions: readonly VendorDefinition[], opts: SimulatorOptions = {}) {
    this.definitions = definitions;
    this.pathOwners = definitions.map(pathOwnerOf);
    this.opts = opts;
    this.clock = new VirtualClock({ mode: opts.clock ?? 'manual', start: opts.now });
    this.journal = new RequestJournal({
      size: opts.journalSize,
      log: opts.log,
      write: opts.logWrite,
      now: () => this.clock.now(),
    });
    this.clock.onChange(() => this.state?.dirty('clock'));
    this.outbox = new Outbox(this.clock, () => this.state?.dirty('outbox'));
    const outgoing = () => opts.fetch ?? ((req: Request) => globalThis.fetch(req));
    // Outbox pattern: a callback leaves only once the state that caused it is on disk.
    const send: FetchLike = async (req) => {
      if (this.state) await this.state.flushed();
      return outgoing()(req);
    };
    this.webhooks = new WebhookDispatcher(
      this.clock,
      () => send,
      () => this.state?.dirty('webhooks'),
    );
    this.blobs = new BlobStore(this.clock, () => this.state?.dirty('blobs'));
    const tenantMaps = new Map<string, TenantMap<{ id: string }>>();
    this.faults = new FaultRules();
    const host = opts.host ?? '127.0.0.1';
    const basePort = opts.basePort ?? DEFAULT_CONTROL_PORT;
    const ports: Array<[VendorId | 'control', number, string]> = [
      ['control', DEFAULT_CONTROL_PORT, 'http'],
      ...definitions.map((d): [VendorId, number, string] => [
        d.id,
        d.defaultPort,
        d.scheme?.(opts.vendorOptions?.[d.id] ?? {}) ?? 'http',
      ]),
    ];
    for (const [id, port, scheme] of ports) {
      const bound = opts.origins?.[id] ?? `${scheme}://${host}:${basePort + (port - DEFAULT_CONTROL_PORT)}`;
      this.origins.set(id, bound);
      const given = opts.publicUrls?.[id];
      if (given !== undefined) this.publicOrigins.set(id, checkedPublicUrl(id, given));
      else if (opts.publicHost) {
        const u = new URL(bound);
        u.hostname = opts.publicHost.includes(':') ? `[${opts.publicHost}]` : opts.publicHost;
        this.publicOrigins.set(id, u.origin);
      }
    }
    const wanted = opts.vendors ?? definitions.map((d) => d.id);
    for (const id of wanted) {
      const definition = definitions.find((d) => d.id === id);
      if (!definition) throw new Error(`unknown vendor ${id}`);
      const context: VendorContext = {
        clock: this.clock,
        outbox: this.outbox,
        webhooks: this.webhooks,
        blobs: this.blobs,
        faults: this.faults,
        origin: () => this.publicOrigin(id),
        seed: opts.seed ?? 20180511,
        fetch: send,
        changed: () => this.state?.vendorChanged(id),
        track: (tenants) => void tenantMaps.set(id, tenants),
        maxBodyBytes: opts.maxBodyBytes ?? 20 * 1024 * 1024,
        options: opts.vendorOptions?.[id] ?? {},
      };
      this.vendors.set(id, withCheckedSettings(definition, definition.create(context)));
    }
    if (opts.stateFile) {
      const parts = { ...this.parts(), tenantMaps };
      const store = new StateStore(opts.stateFile, parts, {
        compactBytes: opts.stateCompactBytes,
        commitDelayMs: opts.stateCommitDelayMs,
      });
      const saved = store.load();
      if (saved) this.restore(saved);
      this.restoredFromState = saved !== undefined;
      store.open();
      this.state = store;
    }
  }

  /** The host names besides loopback the vendors are reached by (`--host`, `--public-host`, public URLs). */
  publicHosts(): string[] {
    return [
      ...(this.opts.publicHosts ?? []),
      ...this.publicUrlHosts(),
      ...(this.opts.host ? [this.opts.host] : []),
    ];
  }

  private publicUrlHosts(): string[] {
    return [...this.publicOrigins.values()].map((o) => new URL(o).hostname.replace(/^\[(.*)\]$/, '$1'));
  }

  /** Who may use the control API (core/control-guard.ts). */
  controlAccess(): { token?: string; hosts: string[] } {
    const hosts = [
      ...(this.opts.publicHosts ?? []),
      ...this.publicUrlHosts(),
      new URL(this.origin('control')).hostname,
    ];
    if (this.opts.host) hosts.push(this.opts.host);
    return { ...(this.opts.controlToken ? { token: this.opts.controlToken } : {}), hosts };
  }

  private parts() {
    return {
      clock: this.clock,
      outbox: this.outbox,
      webhooks: this.webhooks,
      blobs: this.blobs,
      vendors: this.vendors,
    };
  }

  /** The origin a port is bound to (and in-process requests are addressed to). */
  origin(id: VendorId | 'control'): string {
    return this.origins.get(id)!;
  }

  /** What links to this origin carry: its public URL (without a trailing slash), else `origin(id)`. */
  publicOrigin(id: VendorId | 'control'): string {
    return this.publicOrigins.get(id) ?? this.origin(id);
  }

  vendor(id: VendorId): VendorService {
    const v = this.vendors.get(id);
    if (!v) throw new Error(`vendor ${id} is not running`);
    return v;
  }

  /** Each bound origin (as URL.origin writes it) → who answers there. */
  private byOrigin?: Map<string, VendorService | 'control'>;

  /** Answers a request addressed to any vendor origin or the control origin. */
  async fetch(request: Request): Promise<Response> {
    if (this.publicOrigins.size > 0) request = this.toBound(request);
    if (!this.byOrigin) {
      this.byOrigin = new Map([[new URL(this.origin('control')).origin, 'control']]);
      for (const [id, v] of this.vendors) {
        const origin = new URL(this.origin(id)).origin;
        if (!this.byOrigin.has(origin)) this.byOrigin.set(origin, v); // the first one answers, as before
      }
    }
    // A Request's url is already serialised by the URL parser (no credentials: undici refuses
    // them), so its origin is everything before the path's first slash; no URL parsed per call.
    const url = request.url;
    const slash = url.indexOf('/', url.indexOf('//') + 2);
    const origin = slash < 0 ? url : url.slice(0, slash);
    const target = this.byOrigin.get(origin);
    if (target === 'control') return this.controlFetch(request);
    if (target) return this.vendorFetch(target, request);
    return new Response(`sealsim: no simulator at ${new URL(url).origin}`, { status: 502 });
  }

  /** A request addressed to a public URL, re-addressed to the bound origin (path prefix dropped). */
  private toBound(request: Request): Request {
    for (const [id, pub] of this.publicOrigins) {
      const url = request.url;
      if (url === pub || url.startsWith(`${pub}/`) || url.startsWith(`${pub}?`)) {
        const rest = url.slice(pub.length);
        return new Request(this.origin(id) + (rest.startsWith('/') ? rest : `/${rest}`), request);
      }
    }
    return request;
  }

  /** One vendor's app; the node server binds this to the vendor's port. */
  async vendorFetch(v: VendorService, request: Request): Promise<Response> {
    // The journal's scope travels as the app's Hono env (core/journal.ts).
    return this.journal.around(this.journalTarget(v.id), request, async (env) => {
      if (!this.state) return this.hinted(v, request, await v.app.fetch(request, env), env);
      this.state.vendorChanged(v.id);
      const res = await this.state.run(() => v.app.fetch(request, env));
      return this.hinted(v, request, res, env);
    });
  }

  /** The wrong-port hint and the `GET /` landing page (core/hints.ts); otherwise the answer as is. */
  private hinted(v: VendorService, request: Request, res: Response, env?: JournalEnv): Response {
    const d = this.definitions.find((x) => x.id === v.id);
    if (!d) return res;
    const path = pathOf(request.url);
    if (
      (request.method === 'GET' || request.method === 'HEAD') &&
      path === '/' &&
      /text\/html/i.test(request.headers.get('accept') ?? '') &&
      !documentsRootGet(d) &&
      (res.status === 404 || documentsRoot(d))
    )
      return landingPage({
        id: v.id,
        name: v.name,
        origin: this.publicOrigin(v.id),
        basePath: v.basePath,
        control: this.publicOrigin('control'),
        others: [...this.vendors.values()]
          .filter((o) => o.id !== v.id)
          .map((o) => ({ id: o.id, name: o.name, origin: this.publicOrigin(o.id) })),
      });
    const hint = this.wrongPortHint(v.id, path);
    if (!hint) return res;
    diagnose({ env }, () => ({ kind: 'wrong-port', summary: hint, details: { path } }));
    return withHintHeader(res, `sealsim: ${hint}`);
  }

  /** When `path` is another vendor's API: which vendor, and where it listens. */
  wrongPortHint(asked: VendorId | 'control', path: string): string | undefined {
    const owner = otherOwner(this.pathOwners, asked, path);
    if (!owner) return undefined;
    return this.vendors.has(owner.id)
      ? `${path} is ${owner.id}'s API, on ${this.publicOrigin(owner.id)}, not this port`
      : `${path} is ${owner.id}'s API; ${owner.id} is not running (see --vendors)`;
  }

  /** What the journal reads of a vendor's contract: its code field and documented routes. */
  private journalTarget(id: VendorId): JournalTarget {
    let target = this.journalTargets.get(id);
    if (!target) {
      const contract = this.definitions.find((d) => d.id === id)?.contract;
      const routes = Object.values(contract?.routes ?? {}).map((r) => ({ method: r.method, path: r.path }));
      target = {
        vendor: id,
        ...(contract?.envelope ? { codeField: contract.envelope.codeField } : {}),
        basePath: contract?.basePath ?? '',
        routes: () => routes,
      };
      this.journalTargets.set(id, target);
    }
    return target;
  }

  reset(vendor?: VendorId): void {
    const targets = vendor ? [this.vendor(vendor)] : [...this.vendors.values()];
    for (const v of targets) {
      v.reset();
      this.outbox.clear(v.id);
      this.webhooks.clear(v.id);
      this.blobs.clear(v.id);
      this.faults.clear(v.id);
      this.state?.vendorChanged(v.id);
    }
  }

  snapshot(): SimSnapshot {
    const vendors: Record<string, unknown> = {};
    for (const [id, v] of this.vendors) vendors[id] = v.snapshot();
    return {
      version: 1,
      clock: this.clock.snapshot(),
      outbox: this.outbox.snapshot(),
      webhooks: this.webhooks.snapshot(),
      blobs: this.blobs.snapshot(),
      vendors,
    };
  }

  restore(s: SimSnapshot): void {
    this.outbox.restore(s.outbox);
    this.webhooks.restore(s.webhooks);
    this.blobs.restore(s.blobs);
    for (const [id, v] of this.vendors) if (s.vendors[id] !== undefined) v.restore(s.vendors[id]);
    this.clock.restore(s.clock);
    this.webhooks.resume();
  }

  /** Writes `--state` (a final snapshot) and stops timers. */
  close(): void {
    this.state?.close();
    this.clock.stop();
    this.journal.flush();
  }
}

/** The path of a serialised URL (what `new URL(url).pathname` gives), without parsing it. */
function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start < 0) return '/';
  let end = url.length;
  for (const c of ['?', '#']) {
    const at = url.indexOf(c, start);
    if (at >= 0 && at < end) end = at;
  }
  return url.slice(start, end);
}

/** A public URL: http(s), no query or fragment; kept without a trailing slash. */
function checkedPublicUrl(id: string, given: string): string {
  let u: URL;
  try {
    u = new URL(given);
  } catch {
    throw new Error(`the public URL of ${id} is not a URL: ${given}`);
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.search || u.hash || u.username)
    throw new Error(`the public URL of ${id} must be http(s)://host[:port][/path], got ${given}`);
  return (u.origin + u.pathname).replace(/\/+$/, '');
}
