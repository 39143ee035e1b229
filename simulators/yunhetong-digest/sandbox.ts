/**
 * The sandbox: every local path the APIs name (contractPath, contractSavePath, filePath,
 * fileSavePath) resolves inside the service's sandbox directory (contracts validation.ts
 * resolveSandboxPath: backslashes, drive letters and `..` cannot climb out). On top of that, a
 * path whose real location (symlinks followed) leaves the sandbox is refused as if absent.
 */
import { existsSync, lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, sep } from 'node:path';
import { resolveSandboxPath } from '../../contracts/yunhetong-digest/validation.ts';
import { yunhetongDigestCatalogue as catalogue } from '../../contracts/yunhetong-digest/errors.ts';
import type { YunhetongDigestRuntime } from './runtime.ts';

function inside(root: string, p: string): boolean {
  return p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * The sandbox file a client path names, when it exists inside the sandbox; a directory there
 * answers 20101 合同文件读取失败 (contracts errors.ts).
 */
export function sandboxFile(rt: YunhetongDigestRuntime, requested: string): string | undefined {
  const p = resolveSandboxPath(rt.sandboxDir, requested);
  if (!existsSync(p)) return undefined;
  const root = realpathSync(rt.sandboxDir);
  const real = realpathSync(p);
  if (!inside(root, real)) return undefined;
  if (!statSync(real).isFile()) catalogue.fail('CONTRACT_FILE_READ_FAILED');
  return real;
}

/**
 * The bytes of the sandbox file a client path names (undefined when it does not exist there).
 * The size is checked from the file's metadata BEFORE reading: over `maxBytes` calls `tooLarge`,
 * so an oversized file is never buffered; a file that cannot be read answers 20101.
 */
export function readSandboxFile(
  rt: YunhetongDigestRuntime,
  requested: string,
  limit?: { maxBytes: number; tooLarge: () => never },
): Uint8Array | undefined {
  const real = sandboxFile(rt, requested);
  if (!real) return undefined;
  if (limit && statSync(real).size > limit.maxBytes) limit.tooLarge();
  try {
    return new Uint8Array(readFileSync(real));
  } catch {
    catalogue.fail('CONTRACT_FILE_READ_FAILED');
  }
}

/**
 * Where to write a client path: inside the sandbox, its directory existing (no directory is created, guess).
 */
// decision: yunhetong-digest.sandbox-no-mkdir
export function sandboxTarget(rt: YunhetongDigestRuntime, requested: string): string | undefined {
  // A name the file system refuses (a NUL byte, a component over 255 bytes) is no place to write.
  try {
    return checkedTarget(rt, requested);
  } catch {
    return undefined;
  }
}

function checkedTarget(rt: YunhetongDigestRuntime, requested: string): string | undefined {
  const p = resolveSandboxPath(rt.sandboxDir, requested);
  const root = realpathSync(rt.sandboxDir);
  if (p === rt.sandboxDir.replace(/[\\/]+$/, '')) return undefined;
  const dir = dirname(p);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return undefined;
  const realDir = realpathSync(dir);
  if (!inside(root, realDir)) return undefined;
  // A symlink that points nowhere (existsSync false) would be followed by the write, possibly out
  // of the sandbox: refuse it. A live one must resolve inside.
  const link = lstatSync(p, { throwIfNoEntry: false });
  if (link?.isSymbolicLink() && !existsSync(p)) return undefined;
  if (existsSync(p)) {
    const real = realpathSync(p);
    if (!inside(root, real) || statSync(real).isDirectory()) return undefined;
  }
  return p;
}
