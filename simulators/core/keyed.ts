/**
 * An object seen as its properties under any key, for the per-request paths that read or write
 * a key its type does not declare (a symbol sealsim or a library attaches, a proxy trap's
 * property): a plain load or store there, where `Reflect.get`/`Reflect.set` are builtin calls
 * about three times slower (docs/performance.md, "Request journal and logs").
 */
export type Keyed = Record<PropertyKey, unknown>;

export function keyed(o: object): Keyed {
  return o as Keyed;
}
