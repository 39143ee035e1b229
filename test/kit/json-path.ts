/** Reading and editing recorded JSON bodies by path, for the tests that break one field at a time. */
export type JsonPath = readonly (string | number)[];

type Container = Record<string | number, unknown>;

/** The value at `path`, or undefined when the path leaves the body. */
export function at(body: unknown, path: JsonPath): unknown {
  let node = body;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Container)[key];
  }
  return node;
}

function parentAt(body: unknown, path: JsonPath): Container {
  const parent = at(body, path.slice(0, -1));
  if (parent === null || typeof parent !== 'object') throw new Error(`no object at ${path.join('.')}`);
  return parent as Container;
}

/** Sets the value at `path` (its parent must exist). */
export function setAt(body: unknown, path: JsonPath, value: unknown): void {
  parentAt(body, path)[path[path.length - 1]] = value;
}

/** Deletes the member at `path` (its parent must exist). */
export function deleteAt(body: unknown, path: JsonPath): void {
  delete parentAt(body, path)[path[path.length - 1]];
}
