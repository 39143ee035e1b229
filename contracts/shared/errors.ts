/**
 * The one error model every vendor shares. A vendor's catalogue (contracts/<vendor>/errors.ts) is
 * a record of `CatalogueEntry` keyed by name; `defineCatalogue()` gives it a typed `fail()` that
 * throws a `VendorError` naming the entry, and a `find()` by name or code. Each simulator renders
 * a `VendorError` in its own envelope (one renderer per vendor), and fault injection resolves a
 * rule's `vendorError` through the same catalogue.
 */

/** How sure a fact is: the vendor document says it, the vendor's SDKs show it, or sealsim guesses. */
export type EvidenceLevel = 'doc' | 'sdk' | 'guess';

/** One entry of a vendor error catalogue. */
export interface CatalogueEntry {
  /**
   * The vendor's own code as its envelope carries it (esign `errCode`, yunhetong `code`). Absent
   * where the vendor has no codes (baoquan answers only a message): the entry's name stands in.
   */
  errCode?: number | string;
  /** The message as answered (without any detail). */
  msg: string;
  /** HTTP status of the answer. */
  httpStatus: number;
  /** Where in the vendor document the condition comes from. */
  section: string;
  /** Evidence for the code and message. */
  evidence: EvidenceLevel;
  /** Where the condition comes from and when it is answered. */
  note?: string;
  /** Paths (relative to the base path) that can answer it; '*' = every API. */
  routes?: readonly string[];
}

/** What a failure adds to its catalogue message: a text, or values for `{placeholders}`. */
export type ErrorDetail = string | Readonly<Record<string, string | number>>;

/** A failure naming a catalogue entry; the vendor's renderer turns it into its envelope. */
export class VendorError<N extends string = string, D extends ErrorDetail = ErrorDetail> extends Error {
  constructor(
    readonly catalogue: object,
    readonly key: N,
    readonly detail?: D,
  ) {
    super(
      detail === undefined ? key : `${key}: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`,
    );
    this.name = 'VendorError';
  }
}

export interface Catalogue<N extends string, E extends CatalogueEntry, D extends ErrorDetail> {
  readonly entries: Readonly<Record<N, E>>;
  readonly names: readonly N[];
  /** Throws the entry's VendorError. */
  fail(key: N, detail?: D): never;
  /** The VendorError for an entry, to throw or render. */
  error(key: N, detail?: D): VendorError<N, D>;
  /** True for a VendorError thrown from this catalogue. */
  owns(err: unknown): err is VendorError<N, D>;
  /** An entry by name, or by its code (as a number or its decimal text). */
  find(nameOrCode: string | number): (E & { name: N }) | undefined;
}

/** A catalogue from its entries; `D` is the detail type its messages take. */
export function defineCatalogue<
  const C extends Record<string, CatalogueEntry>,
  D extends ErrorDetail = string,
>(entries: C): Catalogue<keyof C & string, C[keyof C & string], D> {
  type N = keyof C & string;
  const names = Object.keys(entries) as N[];
  const byCode = new Map<string, N>();
  for (const name of names) {
    const code = entries[name].errCode;
    // The first entry with a code wins: some vendors reuse a code for two meanings.
    if (code !== undefined && !byCode.has(String(code))) byCode.set(String(code), name);
  }
  const catalogue: Catalogue<N, C[N], D> = {
    entries,
    names,
    fail(key, detail) {
      throw new VendorError<N, D>(catalogue, key, detail);
    },
    error: (key, detail) => new VendorError<N, D>(catalogue, key, detail),
    owns: (err): err is VendorError<N, D> => err instanceof VendorError && err.catalogue === catalogue,
    find(nameOrCode) {
      const text = String(nameOrCode);
      const name = Object.prototype.hasOwnProperty.call(entries, text) ? (text as N) : byCode.get(text);
      return name === undefined ? undefined : { ...entries[name], name };
    },
  };
  return catalogue;
}
