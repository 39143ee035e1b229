/**
 * `--state FILE`: the whole simulator as one JSON document. Bytes (uploaded and signed PDFs)
 * are written as `{"$bytes": "<base64>"}`. Writes go to a temporary file first and are renamed
 * into place, so a crash never leaves half a state file.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

export function encodeState(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const original = key === '' ? v : this[key];
    if (original instanceof Uint8Array) return { $bytes: Buffer.from(original).toString('base64') };
    return v;
  });
}

export function decodeState<T = unknown>(text: string): T {
  return JSON.parse(text, (_key, v) => {
    if (
      v &&
      typeof v === 'object' &&
      typeof (v as { $bytes?: unknown }).$bytes === 'string' &&
      Object.keys(v).length === 1
    ) {
      return new Uint8Array(Buffer.from((v as { $bytes: string }).$bytes, 'base64'));
    }
    return v;
  }) as T;
}

export function readStateFile<T>(path: string): T | undefined {
  if (!existsSync(path)) return undefined;
  return decodeState<T>(readFileSync(path, 'utf8'));
}

export function writeStateFile(path: string, value: unknown): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, encodeState(value));
  renameSync(tmp, path);
}

/** Debounced flusher: marks dirty on change, writes at most every `delayMs`, and on flush(). */
export class StateFlusher {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private dirty = false;

  constructor(
    private readonly path: string,
    private readonly collect: () => unknown,
    private readonly delayMs = 250,
  ) {}

  markDirty(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.delayMs);
    this.timer.unref?.();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty) return;
    this.dirty = false;
    writeStateFile(this.path, this.collect());
  }
}
