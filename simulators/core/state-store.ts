/**
 * The durable `--state` store (docs/architecture.md "State and durability"). The simulator's state
 * is kept as small JSON entries: the clock, each clock job, outbox message, callback delivery and
 * blob record, and per vendor tenant its head and each collection entry. A commit journals the
 * entries that changed and fsyncs (persist.ts) before the request that changed them is answered;
 * commits that come while one is being written go to disk together (group commit). A commit costs
 * what the request touched: tenants report it through TenantMap's tracker, per request scope. A
 * request waits only for the commits of what it touched, read or written (`pending`), so a read of
 * durable entries answers at once and a read of an entry still being written waits for it.
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BlobRecord, BlobStore } from './blobs.ts';
import type { ClockSnapshot, ScheduledJob, VirtualClock } from './clock.ts';
import type { Outbox, OutboxMessage } from './outbox.ts';
import { decodeState, encodeState, journalLine, StateFiles, type JournalOp } from './persist.ts';
import { PromiseContext } from './promise-context.ts';
import { handOver, isCollection, type TenantMap, type TenantTracker } from './tenancy.ts';
import type { VendorService } from './vendor.ts';
import type { WebhookDelivery, WebhookDispatcher } from './webhooks.ts';

/** What the store persists: the simulator's parts (simulator.ts). */
export interface PersistedParts {
  clock: VirtualClock;
  outbox: Outbox;
  webhooks: WebhookDispatcher;
  blobs: BlobStore;
  vendors: ReadonlyMap<string, VendorService>;
  /** Vendors whose tenants are tracked; the others are journaled whole (`snapshot()`) when changed. */
  tenantMaps: ReadonlyMap<string, TenantMap<{ id: string }>>;
}

/** The simulator's snapshot shape (simulator.ts SimSnapshot), assembled from entries. */
export interface AssembledState {
  version: 1;
  clock: ClockSnapshot;
  outbox: { messages: OutboxMessage[]; seq: number };
  webhooks: { deliveries: WebhookDelivery[]; seq: number };
  blobs: { secret: string; blobs: BlobRecord[] };
  vendors: Record<string, unknown>;
}

export interface StateStoreOptions {
  /** Journal bytes after which a snapshot is written off the request path (default 16 MB). */
  compactBytes?: number;
  /** How long a commit waits for the requests still running to join its fsync (`COMMIT_DELAY_MS`). */
  commitDelayMs?: number;
}

/**
 * While other requests are running, the writer waits this long before it appends and fsyncs, so
 * those ending meanwhile share the fsync (PostgreSQL's `commit_delay`, with `commit_siblings` at
 * one). An fsync costs 60–80 µs of CPU whatever it carries; at 32 connections this brought the
 * signed-write figure from about 60 % to 65 % of the in-memory server's, for up to 1 ms more
 * latency per write (docs/performance.md, "`--state` throughput"). A lone request never waits.
 */
export const COMMIT_DELAY_MS = 1;

interface TenantTouch {
  whole: boolean;
  entries: Map<string, Set<string>>;
}

/** What requests touched: per vendor, all tenants or some tenants' heads and entries. */
class Touched {
  readonly vendors = new Map<string, { all: boolean; tenants: Map<string, TenantTouch> }>();

  private vendor(v: string) {
    let m = this.vendors.get(v);
    if (!m) this.vendors.set(v, (m = { all: false, tenants: new Map() }));
    return m;
  }

  /** The tenant touched last: a request touches one tenant's head again and again. */
  private last: { v: string; id: string; t: TenantTouch } | undefined;

  private tenant(v: string, id: string): TenantTouch {
    const last = this.last;
    if (last && last.id === id && last.v === v) return last.t;
    const m = this.vendor(v).tenants;
    let t = m.get(id);
    if (!t) m.set(id, (t = { whole: false, entries: new Map() }));
    this.last = { v, id, t };
    return t;
  }

  touch(v: string, id: string, field?: string, key?: string): void {
    const t = this.tenant(v, id);
    if (field === undefined || key === undefined || t.whole) return;
    let keys = t.entries.get(field);
    if (!keys) t.entries.set(field, (keys = new Set()));
    keys.add(key);
  }

  touchTenant(v: string, id: string): void {
    this.tenant(v, id).whole = true;
  }

  touchAll(v: string): void {
    this.vendor(v).all = true;
  }

  addTo(into: Touched): void {
    for (const [v, m] of this.vendors) {
      if (m.all) into.touchAll(v);
      for (const [id, t] of m.tenants) {
        if (t.whole) into.touchTenant(v, id);
        else {
          into.touch(v, id);
          for (const [f, keys] of t.entries) for (const k of keys) into.touch(v, id, f, k);
        }
      }
    }
  }

  get empty(): boolean {
    return this.vendors.size === 0;
  }
}

/** A closed scope's touches once collected (nothing is added to a closed scope). */
const NOTHING_TOUCHED = new Touched();

class Scope {
  closed = false;
  touched = new Touched();
  /** Core parts and vendors' whole records the request changed. */
  parts: Set<CorePart> | undefined;
  vendors: Set<string> | undefined;
  constructor(
    readonly owner: StateStore,
    readonly everything = false,
  ) {}
}

const scopes = new PromiseContext<Scope>();

type CorePart = 'clock' | 'outbox' | 'webhooks' | 'blobs';

interface Batch {
  seq: number;
  line: string;
  blobs: Array<{ hash: string; bytes: Uint8Array }>;
  /** New blob records: once their file is on disk, their bytes leave memory. */
  offload: Array<{ id: string; hash: string; bytes: Uint8Array }>;
}

/** Start-up journals what differs from the loaded entries up to this size, else writes a snapshot. */
const START_JOURNAL_BYTES = 1024 * 1024;

const key = (...path: string[]) => JSON.stringify(path);
/** Whether JSON.stringify writes `s` as is (no quote, backslash, control character or surrogate). */
function plain(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}
/** A tenant entry's key, `key('v', vendor, id, field, k)` without an array per call. */
const entryKey = (vendor: string, id: string, field: string, k: string): string =>
  plain(vendor) && plain(id) && plain(field) && plain(k)
    ? `["v","${vendor}","${id}","${field}","${k}"]`
    : key('v', vendor, id, field, k);
/** A tenant head's key, `key('v', vendor, id)`. */
const headKey = (vendor: string, id: string): string =>
  plain(vendor) && plain(id) ? `["v","${vendor}","${id}"]` : key('v', vendor, id);
/** An entry key's path; without escapes (ids, names: nearly always) split instead of parsed. */
const pathOf = (k: string): string[] =>
  k.includes('\\') ? (JSON.parse(k) as string[]) : k.slice(2, -2).split('","');
const idNumber = (id: string) => Number(/(\d+)$/.exec(id)?.[1] ?? 0);

/** Whether a `["v",…]` key is a tenant's head (three strings), not one of its entries. */
function isHeadKey(k: string): boolean {
  if (k.includes('\\')) return pathOf(k).length === 3;
  const second = k.indexOf('","', 5);
  return second !== -1 && k.indexOf('","', second + 3) === -1;
}

/** The head key of a tenant's entry key (`["v",vendor,id,field,key]`), or undefined for a head. */
function headOfEntry(k: string): string | undefined {
  if (k.includes('\\')) {
    const path = pathOf(k);
    return path.length > 3 ? key(...path.slice(0, 3)) : undefined;
  }
  const vendorEnd = k.indexOf('","', 5);
  const idEnd = vendorEnd === -1 ? -1 : k.indexOf('","', vendorEnd + 3);
  return idEnd === -1 ? undefined : `${k.slice(0, idEnd + 1)}]`;
}

/**
 * Fills a loaded tenant's collections (listed in its head) from their entries (`[key, json]`), and
 * answers the tenant: one JSON parse per tenant, far cheaper than one per entry (a 120 MB state
 * has 200,000 entries). Values holding bytes are decoded entry by entry (the reviver must not see
 * the collections themselves).
 */
function fillCollections(
  head: Record<string, unknown>,
  rows: Array<[string, string]>,
): Record<string, unknown> {
  const fields = new Map<string, string[]>();
  let bytes = false;
  for (const [k, json] of rows) {
    // `["v","vendor","id","field","entry"]`: without escapes, field and entry (as JSON) are cut out
    const plain = !k.includes('\\');
    const last = k.lastIndexOf('","');
    const path = plain ? undefined : pathOf(k);
    const field = path ? path[3]! : k.slice(k.lastIndexOf('","', last - 1) + 3, last);
    if (!isCollection(head[field])) continue;
    let members = fields.get(field);
    if (!members) fields.set(field, (members = []));
    members.push(path ? JSON.stringify(path[4]) : k.slice(last + 2, -1), ':', json, ',');
    bytes ||= json.includes('"$bytes"');
  }
  if (!bytes) {
    const parts = ['{'];
    for (const [f, members] of fields) {
      members[members.length - 1] = '}';
      parts.push(JSON.stringify(f), ':{', members.join(''), ',');
    }
    parts[parts.length - 1] = parts.length > 1 ? '}' : '{}';
    const parsed = JSON.parse(parts.join('')) as Record<string, Record<string, unknown>>;
    for (const f of fields.keys()) head[f] = parsed[f];
    return head;
  }
  for (const [f, members] of fields) {
    const col = head[f] as Record<string, unknown>;
    for (let i = 0; i < members.length; i += 4)
      Object.defineProperty(col, JSON.parse(members[i]!) as string, {
        value: decodeState<unknown>(members[i + 2]!),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return head;
}

export class StateStore {
  private readonly files: StateFiles;
  private entries = new Map<string, string>();
  /** Per tenant head key: its entry keys. */
  /** Made on first need (a tenant deleted or synced whole), not at start: 200,000 keys take a while. */
  private groups: Map<string, Set<string>> | undefined;
  private vendorTenants = new Map<string, Set<string>>();
  private jobKeys = new Set<string>();
  private msgKeys = new Set<string>();
  private whkKeys = new Set<string>();
  private finalWhk = new Set<string>();
  private blobKeys = new Map<string, string>();
  private blobRefs = new Map<string, number>();
  private outboxSeq = 0;
  private webhookSeq = 0;
  private gen = 0;
  private journalGen = 0;
  private journalBytes = 0;
  private readonly compactBytes: number;
  private readonly commitDelayMs: number;

  private background = new Touched();
  private readonly inFlight = new Set<Scope>();
  /** Scopes ended this turn, collected together after it (commitEnding). */
  private ending: Array<{ scope: Scope; resolve: () => void; reject: (e: unknown) => void }> = [];
  private endingScheduled = false;
  private dirtyParts = new Set<CorePart>();
  private dirtyVendors = new Set<string>();
  private collectedSeq = 0;
  private durableSeq = 0;
  private queue: Batch[] = [];
  private writing = false;
  private kicked = false;
  private waiters: Array<{ seq: number; resolve: () => void; reject: (e: unknown) => void }> = [];
  /**
   * Per entry key, and per label for a tenant (`T` + head key), a vendor (`V` + id) and a core part
   * (`P` + part): the seq of the last commit that changed it, while that commit is not yet durable.
   */
  private pending = new Map<string, number>();
  private pendingLog: Array<{ seq: number; keys: string[] }> = [];
  private scheduled = false;
  private compacting: Promise<void> | undefined;
  /**
   * While a snapshot is written: the value each entry changed since had when it began (undefined:
   * it did not exist), so the snapshot reads the live entries without copying them first.
   */
  private before: Map<string, string | undefined> | undefined;
  /** compactNow() callers waiting for the writer to start their compaction. */
  private compactWaiters: Array<() => void> = [];
  private legacy = false;
  /** load() assembled the state from the entries (the simulator restores exactly that). */
  private fromEntries = false;
  private closed = false;

  constructor(
    file: string,
    private readonly parts: PersistedParts,
    opts: StateStoreOptions = {},
  ) {
    this.files = new StateFiles(file);
    this.compactBytes = opts.compactBytes ?? 16 * 1024 * 1024;
    this.commitDelayMs = opts.commitDelayMs ?? COMMIT_DELAY_MS;
    for (const [vendor, map] of parts.tenantMaps) map.track(this.tracker(vendor));
    parts.blobs.backWith((hash) => this.files.readBlob(hash));
  }

  /** Reads what is on disk; the simulator restores it, then calls open(). */
  load(): AssembledState | undefined {
    const loaded = this.files.load();
    this.gen = loaded.gen;
    this.journalGen = loaded.journalGen;
    this.journalBytes = loaded.journalBytes;
    this.legacy = loaded.legacy !== undefined;
    if (loaded.legacy !== undefined) return loaded.legacy as AssembledState;
    this.entries = loaded.entries;
    const state = this.assemble();
    this.fromEntries = state !== undefined;
    return state;
  }

  /**
   * Brings the entries in line with the live state (all of it, once) and writes a snapshot
   * when anything differed, so a fresh or migrated state is whole on disk from the start.
   */
  open(): void {
    this.indexEntries();
    if (this.fromEntries) {
      // Tenants restored from these very entries equal them: compared only when the tenant ids
      // differ (a vendor new since). An entry is compared again at its first touch anyway.
      this.background = new Touched();
      for (const [v, map] of this.parts.tenantMaps) {
        const stored = this.vendorTenants.get(v) ?? new Set<string>();
        const live = map.ids();
        if (live.length !== stored.size || live.some((id) => !stored.has(id))) this.background.touchAll(v);
      }
    } else for (const v of this.parts.tenantMaps.keys()) this.background.touchAll(v);
    for (const v of this.parts.vendors.keys()) this.dirtyVendors.add(v);
    for (const p of ['clock', 'outbox', 'webhooks', 'blobs'] as const) this.dirtyParts.add(p);
    const batch = this.collect(false);
    this.files.writeBlobsSync(batch?.blobs ?? []);
    // A loaded state that differs a little (the clock moved) gets a journal line, not a snapshot.
    const small = !batch || batch.line.length <= START_JOURNAL_BYTES;
    if (this.files.hasSnapshot() && !this.legacy && small) {
      this.files.openJournal(this.journalGen);
      if (batch) this.journalBytes += this.files.appendSync(batch.line);
    } else {
      this.gen = Math.max(this.gen, this.journalGen) + 1;
      this.journalGen = this.gen;
      this.journalBytes = 0;
      this.files.writeSnapshotSync([...this.entries], this.gen);
      this.files.prune(this.gen, new Set(this.blobRefs.keys()));
      this.files.openJournal(this.journalGen);
    }
    if (batch) {
      this.durableSeq = batch.seq;
      this.offload(batch);
    }
  }

  /**
   * Runs one request in its own scope; answers once what it read or changed is on disk, or with
   * `everything`, once all that changed before its end is (the control API: rare, and it reads
   * state no tenant proxy reports, e.g. the vendors' CAs).
   */
  run<R>(fn: () => R | Promise<R>, everything = false): Promise<R> {
    const scope = new Scope(this, everything);
    this.inFlight.add(scope);
    // One promise answers the request, settled by commitEnding: fewer promises per request, each a
    // run of AsyncLocalStorage's hooks (docs/performance.md "`--state` throughput").
    return new Promise<R>((resolve, reject) => {
      let out: R | Promise<R>;
      try {
        out = scopes.run(scope, fn);
      } catch (err) {
        this.commitScope(scope, () => reject(err), reject);
        return;
      }
      void Promise.resolve(out).then(
        (result) => this.commitScope(scope, () => resolve(result), reject),
        (err: unknown) => this.commitScope(scope, () => reject(err), reject),
      );
    });
  }

  /** Everything changed so far, in-flight requests included, on disk (before a callback is sent). */
  flushed(): Promise<void> {
    return this.commit(true);
  }

  dirty(part: CorePart): void {
    this.dirtyParts.add(part);
    const s = this.scope();
    if (s) (s.parts ??= new Set()).add(part);
    this.soon();
  }

  /** The open scope of this store the caller runs in, if any. */
  private scope(): Scope | undefined {
    const s = scopes.get();
    return s && s.owner === this && !s.closed ? s : undefined;
  }

  /** A vendor not tracked by tenants changed (its whole snapshot is compared at the next commit). */
  vendorChanged(vendor: string): void {
    // A tracked vendor's tenants report themselves; its records (the test CAs) are compared here.
    if (this.parts.tenantMaps.has(vendor) && !this.parts.vendors.get(vendor)?.records) return;
    this.dirtyVendors.add(vendor);
    const s = this.scope();
    if (s) (s.vendors ??= new Set()).add(vendor);
    this.soon();
  }

  /** Final commit and a snapshot, synchronously (Ctrl-C, tests' close). */
  close(): void {
    if (this.closed) return;
    const batch = this.collect(true);
    this.closed = true;
    this.files.writeBlobsSync([...this.queue.flatMap((b) => b.blobs), ...(batch?.blobs ?? [])]);
    this.gen = Math.max(this.gen, this.journalGen) + 1;
    this.files.close();
    this.files.writeSnapshotSync([...this.entries], this.gen);
    this.files.prune(this.gen, new Set(this.blobRefs.keys()));
    this.durableSeq = this.collectedSeq;
    this.release();
    for (const resolve of this.compactWaiters.splice(0)) resolve();
  }

  /**
   * Ends a request's scope; its touches are collected with those of every request ending in the
   * same turn of the event loop, so the turn makes one commit: each tenant head encoded once and
   * one journal line, whatever the number of requests (test/core/state-commits.test.ts).
   */
  private commitScope(scope: Scope, resolve: () => void, reject: (e: unknown) => void): void {
    scope.closed = true;
    if (this.closed) {
      this.inFlight.delete(scope);
      resolve();
      return;
    }
    this.ending.push({ scope, resolve, reject });
    if (!this.endingScheduled) {
      this.endingScheduled = true;
      setImmediate(() => this.commitEnding());
    }
  }

  /** One commit for the scopes ended this turn; each then waits for what it touched. */
  private commitEnding(): void {
    this.endingScheduled = false;
    const ending = this.ending;
    this.ending = [];
    let batch: Batch | undefined;
    try {
      batch = this.closed
        ? undefined
        : this.collect(
            false,
            ending.map((e) => e.scope),
          );
    } catch (err) {
      for (const e of ending) {
        this.inFlight.delete(e.scope);
        e.reject(err);
      }
      return;
    }
    for (const e of ending) this.inFlight.delete(e.scope);
    if (batch) {
      this.queue.push(batch);
      // already after the turn: the writer starts now rather than a loop iteration later
      if (!this.writing) void this.pump();
    }
    for (const w of ending) {
      const seq = this.closed || w.scope.everything ? this.collectedSeq : this.dependsOn(w.scope);
      // What it touched is collected: not kept while the request waits for its fsync, when the
      // young-generation collections that come meanwhile would copy it (docs/performance.md).
      w.scope.touched = NOTHING_TOUCHED;
      w.scope.parts = undefined;
      w.scope.vendors = undefined;
      // the scope's own promise joins the waiters (no further promise per request)
      if (this.durableSeq >= seq) w.resolve();
      else this.waiters.push({ seq, resolve: w.resolve, reject: w.reject });
    }
  }

  /**
   * Collects what changed; a request's scope then waits for the commits of what it touched, any
   * other caller (a callback about to leave, a background commit) for everything collected.
   */
  private commit(all: boolean): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.queueCommit(all);
    return this.waitFor(this.collectedSeq);
  }

  private queueCommit(all: boolean): void {
    const batch = this.collect(all);
    if (batch) {
      this.queue.push(batch);
      this.kick();
    }
  }

  /**
   * The latest not-yet-durable commit that changed anything the scope read or wrote. It stops at
   * the latest commit, which a write has just made: the rest of what it touched cannot be later.
   */
  private dependsOn(scope: Scope): number {
    const pending = this.pending;
    if (pending.size === 0) return 0;
    const latest = this.collectedSeq;
    let seq = 0;
    for (const [v, m] of scope.touched.vendors) {
      if (m.all) {
        seq = Math.max(seq, pending.get(`V${v}`) ?? 0);
        if (seq === latest) return seq;
        continue;
      }
      for (const [id, t] of m.tenants) {
        const head = headKey(v, id);
        seq = Math.max(seq, pending.get(t.whole ? `T${head}` : head) ?? 0);
        if (seq === latest) return seq;
        if (t.whole) continue;
        for (const [f, keys] of t.entries)
          for (const k of keys) {
            seq = Math.max(seq, pending.get(entryKey(v, id, f, k)) ?? 0);
            if (seq === latest) return seq;
          }
      }
    }
    for (const p of scope.parts ?? []) seq = Math.max(seq, pending.get(`P${p}`) ?? 0);
    for (const v of scope.vendors ?? []) {
      seq = Math.max(seq, pending.get(key('vendor', v)) ?? 0, pending.get(key('vrec', v)) ?? 0);
    }
    return seq;
  }

  /**
   * Starts the writer after this turn of the event loop, so the commits of every request answered
   * in the turn share one append and fsync (each costs thread-pool round trips and CPU).
   */
  private kick(): void {
    if (this.kicked || this.writing) return;
    this.kicked = true;
    setImmediate(() => {
      this.kicked = false;
      void this.pump();
    });
  }

  private soon(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.closed) return;
      // nobody waits for a background commit: no promise and waiter per turn (a write failure is
      // reported by the writer)
      try {
        this.queueCommit(false);
      } catch (err) {
        console.error('sealsim: --state commit failed', err);
      }
    });
  }

  private tracker(vendor: string): TenantTracker {
    const target = (): Touched => {
      const s = this.scope();
      if (s) return s.touched;
      this.soon();
      return this.background;
    };
    return {
      touch: (id, field, k) => target().touch(vendor, id, field, k),
      touchTenant: (id) => target().touchTenant(vendor, id),
      touchAll: () => target().touchAll(vendor),
    };
  }

  private waitFor(seq: number): Promise<void> {
    if (this.durableSeq >= seq) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ seq, resolve, reject }));
  }

  private release(err?: unknown): void {
    while (this.pendingLog.length && this.pendingLog[0]!.seq <= this.durableSeq) {
      for (const k of this.pendingLog.shift()!.keys) {
        const s = this.pending.get(k);
        if (s !== undefined && s <= this.durableSeq) this.pending.delete(k);
      }
    }
    const keep: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (err !== undefined) w.reject(err);
      else if (w.seq <= this.durableSeq) w.resolve();
      else keep.push(w);
    }
    this.waiters = keep;
  }

  /** Writes queued batches: their blobs, then their lines, one fsync for all (group commit). */
  private async pump(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.queue.length && !this.closed) {
        if (this.commitDelayMs > 0 && this.inFlight.size > 0) await sleep(this.commitDelayMs);
        if (this.closed) break;
        const batches = this.queue.splice(0);
        await this.files.writeBlobs(batches.flatMap((b) => b.blobs));
        if (this.closed) break;
        this.journalBytes += await this.files.append(batches.map((b) => b.line).join(''));
        this.durableSeq = batches.at(-1)!.seq;
        this.release();
        for (const b of batches) this.offload(b);
        const due = this.journalBytes > this.compactBytes || this.compactWaiters.length > 0;
        if (due && !this.compacting && !this.closed) this.compact();
      }
    } catch (err) {
      if (this.closed) this.release();
      else {
        console.error('sealsim: --state write failed', err);
        this.release(err);
      }
    } finally {
      this.writing = false;
      if (this.compactWaiters.length && !this.compacting && !this.closed) this.compact();
    }
  }

  private offload(batch: Batch): void {
    for (const b of batch.offload) this.parts.blobs.offload(b.id, b.hash, b.bytes);
  }

  /**
   * Starts the next journal and writes a snapshot of the entries as they are now, a slice at a
   * time, off the request path; commits go on meanwhile (what they change is kept in `before`
   * until the snapshot has passed). Older journals go once the snapshot is in place.
   */
  private compact(): void {
    const gen = this.journalGen + 1;
    this.journalGen = gen;
    this.journalBytes = 0;
    this.files.openJournal(gen);
    const before = new Map<string, string | undefined>();
    this.before = before;
    this.compacting = this.files
      .writeSnapshot(this.entriesAsOf(before), gen, () => !this.closed)
      .then(async () => {
        this.before = undefined;
        if (this.closed) return;
        this.gen = gen;
        await this.files.pruneAsync(gen, new Set(this.blobRefs.keys()));
      })
      .catch((err: unknown) => console.error('sealsim: --state snapshot failed', err))
      .finally(() => {
        this.before = undefined;
        this.compacting = undefined;
      });
    for (const resolve of this.compactWaiters.splice(0)) resolve();
  }

  /**
   * The entries as they were when `before` began to be kept, read from the live map: an entry
   * changed since gives its earlier value, one added since is skipped, and one deleted since (so
   * passed over by the iterator) comes at the end. An entry may come twice with the same value;
   * loading keeps the last.
   */
  private *entriesAsOf(before: Map<string, string | undefined>): Generator<[string, string]> {
    const given = new Set<string>();
    for (const [k, v] of this.entries) {
      if (!before.has(k)) yield [k, v];
      else if (!given.has(k)) {
        given.add(k);
        const was = before.get(k);
        if (was !== undefined) yield [k, was];
      }
    }
    for (const [k, was] of before) if (was !== undefined && !given.has(k)) yield [k, was];
  }

  /** Test hook: resolves when a running snapshot is in place. */
  async idle(): Promise<void> {
    await this.compacting;
  }

  /** Starts a compaction now unless one runs (bench, tests); resolves when its snapshot is in place. */
  async compactNow(): Promise<void> {
    if (this.closed) return;
    // The journal is switched between appends: while one is written, the writer starts it after.
    if (!this.compacting && this.writing) await new Promise<void>((r) => this.compactWaiters.push(r));
    else if (!this.compacting) this.compact();
    await this.compacting;
  }

  // ── what changed ──

  private collect(all: boolean, scopes: Scope[] = []): Batch | undefined {
    let touched = this.background;
    this.background = new Touched();
    // a request's own touches are read as they are when nothing else is to be merged
    if (scopes.length === 1 && touched.empty && !all) touched = scopes[0]!.touched;
    else for (const s of scopes) s.touched.addTo(touched);
    if (all) for (const s of this.inFlight) s.touched.addTo(touched);
    const ops: JournalOp[] = [];
    const blobs: Batch['blobs'] = [];
    const offload: Batch['offload'] = [];
    const keep = (k: string) => {
      if (this.before && !this.before.has(k)) this.before.set(k, this.entries.get(k));
    };
    const set = (k: string, json: string) => {
      if (this.entries.get(k) === json) return;
      keep(k);
      this.entries.set(k, json);
      ops.push([k, json]);
    };
    const del = (k: string) => {
      if (!this.entries.has(k)) return;
      keep(k);
      this.entries.delete(k);
      ops.push([k]);
    };
    // Labels for what changed as a whole: a tenant, a vendor, a core part (see `pending`).
    const labels: string[] = [];
    const tenant = (vendor: string, map: TenantMap<{ id: string }>, id: string, t: TenantTouch) => {
      const n = ops.length;
      this.syncTenant(vendor, map, id, t, set, del);
      if (ops.length > n) labels.push(`T${headKey(vendor, id)}`, `V${vendor}`);
    };
    for (const [vendor, m] of touched.vendors) {
      const map = this.parts.tenantMaps.get(vendor);
      if (!map) continue;
      if (m.all) this.syncVendor(vendor, map, tenant);
      else for (const [id, t] of m.tenants) tenant(vendor, map, id, t);
    }
    for (const vendor of this.dirtyVendors) {
      const v = this.parts.vendors.get(vendor);
      if (v && !this.parts.tenantMaps.has(vendor)) set(key('vendor', vendor), encodeState(v.snapshot()));
      else if (v?.records) {
        const records = v.records();
        if (records) set(key('vrec', vendor), encodeState(records));
        else del(key('vrec', vendor));
      }
    }
    this.dirtyVendors.clear();
    const parts = this.dirtyParts;
    this.dirtyParts = new Set();
    const part = (p: CorePart, sync: () => void) => {
      if (!parts.has(p)) return;
      const n = ops.length;
      sync();
      if (ops.length > n) labels.push(`P${p}`);
    };
    part('clock', () => this.syncClock(set, del));
    part('outbox', () => this.syncOutbox(set, del));
    part('webhooks', () => this.syncWebhooks(set, del));
    part('blobs', () => this.syncBlobs(set, del, blobs, offload));
    if (!ops.length) return undefined;
    const seq = ++this.collectedSeq;
    const keys = ops.map((op) => op[0]);
    keys.push(...labels);
    for (const k of keys) this.pending.set(k, seq);
    this.pendingLog.push({ seq, keys });
    return { seq, line: journalLine(seq, ops), blobs, offload };
  }

  private syncVendor(
    vendor: string,
    map: TenantMap<{ id: string }>,
    tenant: (vendor: string, map: TenantMap<{ id: string }>, id: string, t: TenantTouch) => void,
  ): void {
    const ids = new Set(map.ids());
    for (const id of ids) tenant(vendor, map, id, { whole: true, entries: new Map() });
    for (const id of this.vendorTenants.get(vendor) ?? [])
      if (!ids.has(id)) tenant(vendor, map, id, { whole: true, entries: new Map() });
  }

  private syncTenant(
    vendor: string,
    map: TenantMap<{ id: string }>,
    id: string,
    touch: TenantTouch,
    set: (k: string, json: string) => void,
    del: (k: string) => void,
  ): void {
    const head = headKey(vendor, id);
    let tenants = this.vendorTenants.get(vendor);
    if (!tenants) this.vendorTenants.set(vendor, (tenants = new Set()));
    const t = map.untracked(id) as Record<string, unknown> | undefined;
    // A tenant not stored yet has no entries: no need to index every stored entry to find them.
    const stored = tenants.has(id) || this.groups !== undefined;
    if (!t) {
      if (stored) for (const k of this.group(head)) del(k);
      del(head);
      this.groups?.delete(head);
      tenants.delete(id);
      return;
    }
    tenants.add(id);
    const plain: Record<string, unknown> = {};
    const collections: string[] = [];
    for (const [f, v] of Object.entries(t)) {
      if (isCollection(v)) collections.push(f);
      else plain[f] = v;
    }
    set(head, encodeState({ ...plain, $c: collections }));
    const entry = (field: string, k: string) => {
      const ek = entryKey(vendor, id, field, k);
      const col = t[field];
      if (isCollection(col) && Object.prototype.hasOwnProperty.call(col, k)) {
        set(ek, encodeState(col[k]));
        if (this.groups) this.group(head).add(ek);
      } else {
        del(ek);
        this.groups?.get(head)?.delete(ek);
      }
    };
    if (touch.whole) {
      const group = stored ? this.group(head) : new Set<string>();
      const present = new Set<string>();
      for (const f of collections) {
        for (const k of Object.keys(t[f] as object)) {
          entry(f, k);
          present.add(entryKey(vendor, id, f, k));
        }
      }
      for (const ek of [...group]) {
        if (present.has(ek)) continue;
        del(ek);
        group.delete(ek);
      }
    } else for (const [f, keys] of touch.entries) for (const k of keys) entry(f, k);
  }

  private syncClock(set: (k: string, json: string) => void, del: (k: string) => void): void {
    const s = this.parts.clock.snapshot();
    set(key('clock'), JSON.stringify({ now: s.now, wall: s.wall, seq: s.seq }));
    const now = new Set<string>();
    for (const j of s.jobs) {
      const k = key('job', j.id);
      now.add(k);
      if (!this.jobKeys.has(k)) set(k, encodeState(j));
    }
    for (const k of this.jobKeys) if (!now.has(k)) del(k);
    this.jobKeys = now;
  }

  private syncOutbox(set: (k: string, json: string) => void, del: (k: string) => void): void {
    const now = new Set<string>();
    for (const m of this.parts.outbox.list()) {
      const k = key('msg', m.id);
      now.add(k);
      this.outboxSeq = Math.max(this.outboxSeq, idNumber(m.id));
      if (!this.msgKeys.has(k)) set(k, encodeState(m));
    }
    for (const k of this.msgKeys) if (!now.has(k)) del(k);
    this.msgKeys = now;
    set(key('outbox'), JSON.stringify({ seq: this.outboxSeq }));
  }

  private syncWebhooks(set: (k: string, json: string) => void, del: (k: string) => void): void {
    const now = new Set<string>();
    for (const d of this.parts.webhooks.list()) {
      const k = key('whk', d.id);
      now.add(k);
      this.webhookSeq = Math.max(this.webhookSeq, idNumber(d.id));
      // A delivered or failed delivery no longer changes: compared once more, then skipped.
      if (this.finalWhk.has(k)) continue;
      set(k, encodeState(d));
      if (d.state !== 'pending') this.finalWhk.add(k);
    }
    for (const k of this.whkKeys) {
      if (now.has(k)) continue;
      del(k);
      this.finalWhk.delete(k);
    }
    this.whkKeys = now;
    set(key('webhooks'), JSON.stringify({ seq: this.webhookSeq }));
  }

  private syncBlobs(
    set: (k: string, json: string) => void,
    del: (k: string) => void,
    out: Batch['blobs'],
    offload: Batch['offload'],
  ): void {
    const s = this.parts.blobs.snapshot();
    set(key('blobs'), JSON.stringify({ secret: s.secret }));
    const now = new Map<string, string>();
    for (const b of s.blobs) {
      const k = key('blob', b.id);
      let hash = this.blobKeys.get(k);
      if (hash === undefined) {
        hash = createHash('sha256').update(b.bytes).digest('hex');
        const { bytes, ...meta } = b;
        set(k, JSON.stringify({ ...meta, sha256: hash }));
        this.ref(hash, 1);
        if (!this.files.hasBlob(hash)) out.push({ hash, bytes });
        offload.push({ id: b.id, hash, bytes });
      }
      now.set(k, hash);
    }
    for (const [k, hash] of this.blobKeys) {
      if (now.has(k)) continue;
      del(k);
      this.ref(hash, -1);
    }
    this.blobKeys = now;
  }

  private ref(hash: string, by: number): void {
    const n = (this.blobRefs.get(hash) ?? 0) + by;
    if (n > 0) this.blobRefs.set(hash, n);
    else this.blobRefs.delete(hash);
  }

  /** A tenant's entry keys (the groups are made from the entries the first time one is needed). */
  private group(head: string): Set<string> {
    if (!this.groups) {
      this.groups = new Map();
      for (const k of this.entries.keys()) {
        if (!k.startsWith('["v",')) continue;
        const path = pathOf(k);
        if (path.length > 3) this.group(key('v', path[1]!, path[2]!)).add(k);
      }
    }
    let group = this.groups.get(head);
    if (!group) this.groups.set(head, (group = new Set()));
    return group;
  }

  /** After load: the indexes that say which entries exist. */
  private indexEntries(): void {
    for (const [k, json] of this.entries) {
      if (k.startsWith('["v",') && !isHeadKey(k)) continue; // a tenant's entry: grouped on need
      const path = pathOf(k);
      if (path[0] === 'job') this.jobKeys.add(k);
      else if (path[0] === 'msg') this.msgKeys.add(k);
      else if (path[0] === 'whk') {
        this.whkKeys.add(k);
        const d = JSON.parse(json) as { state?: string };
        if (d.state !== 'pending') this.finalWhk.add(k);
      } else if (path[0] === 'blob') {
        const hash = (JSON.parse(json) as { sha256: string }).sha256;
        this.blobKeys.set(k, hash);
        this.ref(hash, 1);
      } else if (path[0] === 'v' && path.length === 3) {
        let tenants = this.vendorTenants.get(path[1]!);
        if (!tenants) this.vendorTenants.set(path[1]!, (tenants = new Set()));
        tenants.add(path[2]!);
      } else if (path[0] === 'outbox') this.outboxSeq = (JSON.parse(json) as { seq: number }).seq;
      else if (path[0] === 'webhooks') this.webhookSeq = (JSON.parse(json) as { seq: number }).seq;
    }
  }

  /** The entries as the simulator's snapshot; undefined when there is nothing yet. */
  private assemble(): AssembledState | undefined {
    const clock = this.entries.get(key('clock'));
    if (clock === undefined) return undefined;
    const meta = JSON.parse(clock) as { now: number; wall?: number; seq: number };
    const state: AssembledState = {
      version: 1,
      clock: { ...meta, jobs: [] },
      outbox: { messages: [], seq: 0 },
      webhooks: { deliveries: [], seq: 0 },
      blobs: { secret: '', blobs: [] },
      vendors: {},
    };
    /** Per vendor: its tenants' heads by id, with their head keys. */
    const tenants = new Map<string, Map<string, { headKey: string; head: Record<string, unknown> }>>();
    const records = new Map<string, object>();
    /** Per tenant head key: its collections' entries, parsed together once all are found. */
    const members = new Map<string, Array<[string, string]>>();
    for (const [k, json] of this.entries) {
      const owner = k.startsWith('["v",') ? headOfEntry(k) : undefined;
      if (owner !== undefined) {
        let rows = members.get(owner);
        if (!rows) members.set(owner, (rows = []));
        rows.push([k, json]);
        continue;
      }
      const path = pathOf(k);
      const value = () => decodeState<unknown>(json);
      switch (path[0]) {
        case 'job':
          state.clock.jobs.push(value() as ScheduledJob);
          break;
        case 'msg':
          state.outbox.messages.push(value() as OutboxMessage);
          break;
        case 'whk':
          state.webhooks.deliveries.push(value() as WebhookDelivery);
          break;
        case 'outbox':
          state.outbox.seq = (value() as { seq: number }).seq;
          break;
        case 'webhooks':
          state.webhooks.seq = (value() as { seq: number }).seq;
          break;
        case 'blobs':
          state.blobs.secret = (value() as { secret: string }).secret;
          break;
        case 'blob': {
          const { sha256, ...meta } = value() as Omit<BlobRecord, 'bytes'> & { sha256: string };
          if (this.files.hasBlob(sha256)) state.blobs.blobs.push(this.parts.blobs.onDisk(meta, sha256));
          else console.error(`sealsim: --state blob ${sha256} is missing; ${meta.id} dropped`);
          break;
        }
        case 'vendor':
          state.vendors[path[1]!] = value();
          break;
        case 'vrec':
          records.set(path[1]!, value() as object);
          break;
        case 'v':
          if (path.length === 3) {
            const { $c, ...head } = value() as Record<string, unknown> & { $c: string[] };
            for (const f of $c) head[f] = {};
            let m = tenants.get(path[1]!);
            if (!m) tenants.set(path[1]!, (m = new Map()));
            m.set(path[2]!, { headKey: k, head });
          }
          break;
      }
    }
    for (const [vendor, m] of tenants) {
      const list = [...m.values()].map(({ headKey, head }) => {
        const rows = members.get(headKey);
        return rows ? fillCollections(head, rows) : head;
      });
      state.vendors[vendor] = { version: 1, tenants: handOver(list), ...records.get(vendor) };
    }
    state.clock.jobs.sort((a, b) => a.at - b.at || a.seq - b.seq);
    state.outbox.messages.sort((a, b) => idNumber(a.id) - idNumber(b.id));
    state.webhooks.deliveries.sort((a, b) => idNumber(a.id) - idNumber(b.id));
    return state;
  }
}
