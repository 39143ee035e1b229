/**
 * The request scope the running code belongs to, carried across `await` and `then` by V8's promise
 * hooks (`node:v8` promiseHooks), for the `--state` store (state-store.ts). AsyncLocalStorage did
 * this before, but on Node 20 it runs async_hooks' machinery for every promise once used (async
 * ids, resource lookups, two more properties on each promise) and wraps every native callback:
 * about 8 µs of a 100 µs request (docs/performance.md "`--state` throughput"). This keeps the
 * scope alone: a promise made in a scope carries it, and its reactions run in it.
 *
 * Only promises carry it: a timer, an event listener or a queueMicrotask callback runs outside
 * any scope, so what it touches is committed as background work (state-store.ts `soon`).
 */
import { promiseHooks } from 'node:v8';

/** A promise as a holder of the scope it was made in (one symbol-keyed property). */
type Carrier = Promise<unknown> & { [key: symbol]: unknown };
const carries = (_p: Promise<unknown>): _p is Carrier => true;

export class PromiseContext<S extends object> {
  private current: S | undefined;
  /** The scopes to go back to as promise reactions end (reactions do not nest; kept as a stack). */
  private readonly outer: Array<S | undefined> = [];
  private readonly key = Symbol('promise-context');
  private enabled = false;

  /** Runs `fn` in `scope`: it and every promise it makes (and their reactions) see the scope. */
  run<R>(scope: S, fn: () => R): R {
    if (!this.enabled) this.enable();
    const prev = this.current;
    this.current = scope;
    try {
      return fn();
    } finally {
      this.current = prev;
    }
  }

  /** The scope of the running code, if any. */
  get(): S | undefined {
    return this.current;
  }

  private enable(): void {
    this.enabled = true;
    const key = this.key;
    promiseHooks.createHook({
      init: (promise) => {
        const scope = this.current;
        if (scope !== undefined && carries(promise)) promise[key] = scope;
      },
      before: (promise) => {
        this.outer.push(this.current);
        this.current = carries(promise) ? (promise[key] as S | undefined) : undefined;
      },
      after: () => {
        this.current = this.outer.pop();
      },
    });
  }
}
