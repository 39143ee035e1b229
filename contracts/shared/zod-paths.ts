/**
 * Walking zod 4 schemas by an issue's path, shared by every vendor's validation hook: which
 * schemas check the value at a path, what metadata (e.g. a vendor error code) that field
 * carries, and the value the caller sent there.
 */
import type { z } from '@hono/zod-openapi';

type AnyZod = z.ZodType;

/** The parts of a zod 4 definition this walk reads (zod declares them per schema class). */
interface WalkedDef {
  type?: string;
  innerType?: AnyZod;
  in?: AnyZod;
  out?: AnyZod;
  getter?: () => AnyZod;
  options?: readonly AnyZod[];
  shape?: Record<string, AnyZod>;
  element?: AnyZod;
  valueType?: AnyZod;
  items?: readonly AnyZod[];
}

function def(schema: AnyZod | undefined): WalkedDef {
  return schema?._zod?.def ?? {};
}

/**
 * Every schema a value at this level may be checked by: wrappers unwrapped, unions and both pipe ends
 * expanded.
 */
export function schemaLayers(schema: AnyZod | undefined, out: AnyZod[] = [], depth = 0): AnyZod[] {
  if (!schema || depth > 20) return out;
  out.push(schema);
  const d = def(schema);
  switch (d.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return schemaLayers(d.innerType, out, depth + 1);
    case 'pipe':
      schemaLayers(d.in, out, depth + 1);
      return schemaLayers(d.out, out, depth + 1);
    case 'lazy':
      return schemaLayers(d.getter?.(), out, depth + 1);
    case 'union':
      for (const o of d.options ?? []) schemaLayers(o, out, depth + 1);
      return out;
    default:
      return out;
  }
}

function children(schema: AnyZod, key: PropertyKey): AnyZod[] {
  const found: AnyZod[] = [];
  for (const l of schemaLayers(schema)) {
    const d = def(l);
    if (d.type === 'object' && typeof key === 'string' && d.shape?.[key]) found.push(d.shape[key]);
    else if (d.type === 'array' && typeof key === 'number' && d.element) found.push(d.element);
    else if (d.type === 'record' && d.valueType) found.push(d.valueType);
    else if (d.type === 'tuple' && typeof key === 'number' && d.items?.[key]) found.push(d.items[key]);
  }
  return found;
}

/** The schemas of the field at `path` (each with its layers), or [] when the path leaves the schema. */
export function fieldLayersAt(schema: AnyZod, path: readonly PropertyKey[]): AnyZod[] {
  let current: AnyZod[] = [schema];
  for (const key of path) {
    current = current.flatMap((s) => children(s, key));
    if (current.length === 0) return [];
  }
  return current.flatMap((s) => schemaLayers(s));
}

/** The field's metadata merged over its layers; the outermost layer wins. */
export function fieldMetaAt(schema: AnyZod, path: readonly PropertyKey[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const l of fieldLayersAt(schema, path).reverse()) Object.assign(merged, l.meta?.() ?? {});
  return merged;
}

/** The value the caller sent at `path`, or undefined. */
export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/** `docList[0].docId` for ['docList', 0, 'docId']. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}
