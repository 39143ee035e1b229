/**
 * The seeded random source and JSON-walking helpers the vendors' fuzz tests share: a run with
 * the same seed sends the same requests, so a failure can be replayed.
 */

/** mulberry32: a tiny seeded PRNG with the helpers the generators use. */
export function mulberry32(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[int(0, list.length - 1)]!;
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => int(0, 255));
  return { next, int, pick, bytes, chance: (p: number) => next() < p };
}

export type Rnd = ReturnType<typeof mulberry32>;

/** `leaf` wrapped `depth` times in arrays or objects. */
export function nested(depth: number, leaf: unknown, asArray: boolean): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
}

export type Path = Array<string | number>;

/** Every path to a value inside `v` (arrays by index, objects by key), parents first. */
export function paths(v: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  const entries: Array<[string | number, unknown]> = [];
  if (Array.isArray(v)) v.forEach((x, i) => entries.push([i, x]));
  else if (v && typeof v === 'object') entries.push(...Object.entries(v));
  for (const [k, x] of entries) {
    out.push([...prefix, k]);
    paths(x, [...prefix, k], out);
  }
  return out;
}

type Container = Record<string | number, unknown>;

/** Sets (or removes) the value at `path` in place; the path's parent must exist. */
export function setAt(root: unknown, path: Path, value: unknown, remove = false): void {
  let o = root;
  for (const k of path.slice(0, -1)) o = (o as Container)[k];
  const last = path[path.length - 1]!;
  if (remove) {
    if (Array.isArray(o)) o.splice(Number(last), 1);
    else delete (o as Container)[last];
  } else (o as Container)[last] = value;
}

export const getAt = (root: unknown, path: Path): unknown =>
  path.reduce<unknown>((o, k) => (o == null ? undefined : (o as Container)[k]), root);

/** What a vendor's random values are made of. */
export interface GarbageVocabulary {
  strings: readonly string[];
  numbers: readonly number[];
  /** Vendor-specific leaves (known ids, path attacks), read at each call: they may be filled late. */
  special?: () => readonly unknown[];
  /** The character of the long CJK strings. */
  wide: string;
}

/**
 * A random JSON value generator over a vendor's vocabulary: null, booleans, numbers, strings,
 * the vendor's special leaves, numeric strings, very long strings, small arrays and objects
 * (keys sometimes odd), and very deep nesting. NaN/Infinity serialise to null, as JSON.stringify
 * does.
 */
export function garbageGenerator(vocab: GarbageVocabulary): (rnd: Rnd) => unknown {
  const garbage = (rnd: Rnd, depth: number): unknown => {
    switch (rnd.int(0, depth > 2 ? 7 : 13)) {
      case 0:
        return null;
      case 1:
        return rnd.chance(0.5);
      case 2:
      case 3:
        return rnd.pick(vocab.numbers);
      case 4:
      case 5:
        return rnd.pick(vocab.strings);
      case 6: {
        const special = vocab.special?.() ?? [];
        return special.length ? rnd.pick(special) : rnd.pick(vocab.strings);
      }
      case 7:
        return String(rnd.int(-5, 10 ** 6));
      case 8:
        return rnd.chance(0.5)
          ? 'x'.repeat(rnd.int(1_000, 300_000))
          : vocab.wide.repeat(rnd.int(100, 60_000));
      case 9:
      case 10:
        return Array.from({ length: rnd.int(0, 4) }, () => garbage(rnd, depth + 1));
      case 11:
      case 12: {
        const o: Record<string, unknown> = {};
        for (let i = rnd.int(0, 4); i > 0; i--)
          o[rnd.chance(0.3) ? rnd.pick(vocab.strings) : `k${i}`] = garbage(rnd, depth + 1);
        return o;
      }
      default:
        return nested(rnd.int(20, 1500), rnd.pick([1, 'x', null, {}]), rnd.chance(0.5));
    }
  };
  return (rnd) => garbage(rnd, 0);
}

/** How `mutateTemplate` breaks a body: the vendor's random values, wrong-typed values and odd keys. */
export interface Mutators {
  garbage: (rnd: Rnd) => unknown;
  wrongType: (v: unknown, rnd: Rnd) => unknown;
  keys: readonly string[];
}

/**
 * A mutated copy of a valid body: 1–4 of drop / wrong type / garbage / extra key at random
 * places, or something else entirely (a random value, the body inside an array).
 */
export function mutateTemplate(template: unknown, rnd: Rnd, m: Mutators): { label: string; value: unknown } {
  const roll = rnd.int(0, 11);
  if (roll === 0) return { label: 'random value', value: m.garbage(rnd) };
  if (roll === 1) return { label: 'array for the object', value: [structuredClone(template)] };
  const body = structuredClone(template) as Record<string, unknown>;
  const labels: string[] = [];
  for (let i = 0, n = roll >= 9 ? rnd.int(2, 4) : 1; i < n; i++) {
    const all = paths(body);
    const op = rnd.int(0, 4);
    if (op === 4 || all.length === 0) {
      const key = rnd.chance(0.5) ? rnd.pick(m.keys) || 'extra' : `extra${i}`;
      body[key] = m.garbage(rnd);
      labels.push(`extra ${JSON.stringify(key).slice(0, 16)}`);
      continue;
    }
    const p = rnd.pick(all);
    if (op === 0) {
      setAt(body, p, undefined, true);
      labels.push(`drop ${p.join('.')}`);
    } else if (op === 1) {
      setAt(body, p, m.wrongType(getAt(body, p), rnd));
      labels.push(`wrong type ${p.join('.')}`);
    } else {
      setAt(body, p, m.garbage(rnd));
      labels.push(`garbage ${p.join('.')}`);
    }
  }
  return { label: labels.join(', '), value: body };
}
