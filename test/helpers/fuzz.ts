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
  if (Array.isArray(v)) v.forEach((x, i) => (out.push([...prefix, i]), paths(x, [...prefix, i], out)));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push([...prefix, k]), paths(x, [...prefix, k], out);
  return out;
}

/** Sets (or removes) the value at `path` in place. */
export function setAt(root: any, path: Path, value: unknown, remove = false): void {
  let o = root;
  for (const k of path.slice(0, -1)) o = o[k];
  const last = path[path.length - 1]!;
  if (remove) {
    if (Array.isArray(o)) o.splice(Number(last), 1);
    else delete o[last];
  } else o[last] = value;
}

export const getAt = (root: any, path: Path): unknown => path.reduce((o, k) => (o == null ? undefined : o[k]), root);
