import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createZip, dosDateTime, readZip } from '../../simulators/core/zip.ts';

const run = promisify(execFile);
const T = Date.UTC(2024, 0, 2, 2, 0, 4); // 2024-01-02 10:00:04 in Beijing

async function withFile<T>(bytes: Uint8Array, fn: (path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'zip-'));
  try {
    const path = join(dir, 'a.zip');
    await writeFile(path, bytes);
    return await fn(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('core zip writer', () => {
  const text = new TextEncoder().encode('保全证书 '.repeat(200));
  const random = new Uint8Array(randomBytes(4096));

  it('writes stored and deflated entries with UTF-8 names that unzip lists and extracts byte for byte', async () => {
    const zip = createZip(
      [
        { name: 'ABC123.pdf', data: text },
        { name: '合同（签署版）.pdf', data: random, method: 'store' },
        { name: 'empty.txt', data: new Uint8Array(0) },
      ],
      { date: T },
    );
    const entries = readZip(zip);
    expect(entries.map((e) => [e.name, e.method])).toEqual([
      ['ABC123.pdf', 8],
      ['合同（签署版）.pdf', 0],
      ['empty.txt', 0],
    ]);
    expect(Buffer.from(entries[0]!.data).equals(Buffer.from(text))).toBe(true);
    expect(entries[0]!.compressedSize).toBeLessThan(text.length);
    await withFile(zip, async (path) => {
      const { stdout: test } = await run('unzip', ['-t', path]);
      expect(test).toContain('No errors detected');
      const { stdout: list } = await run('unzip', ['-Z1', path]);
      expect(list.trim().split('\n')).toEqual(['ABC123.pdf', '合同（签署版）.pdf', 'empty.txt']);
      const { stdout: body } = await run('unzip', ['-p', path, '合同（签署版）.pdf'], { encoding: 'buffer' });
      expect(Buffer.compare(body as unknown as Buffer, Buffer.from(random))).toBe(0);
    });
  });

  it('auto keeps incompressible data stored, and the DOS time is Beijing time', () => {
    const [e] = readZip(createZip([{ name: 'r.bin', data: random }], { date: T }));
    expect(e!.method).toBe(0);
    const { time, date } = dosDateTime(T);
    expect(e!.dosTime).toBe(time);
    expect(e!.dosDate).toBe(date);
    expect(time >> 11).toBe(10); // 10:00 in UTC+8
    expect((date >> 5) & 15).toBe(1);
    expect(date & 31).toBe(2);
  });

  it('refuses duplicate, absolute, climbing or empty names', () => {
    const d = new Uint8Array(1);
    expect(() =>
      createZip([
        { name: 'a', data: d },
        { name: 'a', data: d },
      ]),
    ).toThrow(/duplicate/);
    expect(() => createZip([{ name: '/etc/passwd', data: d }])).toThrow(/bad entry name/);
    expect(() => createZip([{ name: 'a/../../b', data: d }])).toThrow(/climb/);
    expect(() => createZip([{ name: '', data: d }])).toThrow(/bad entry name/);
  });

  it('an empty archive is valid', async () => {
    const zip = createZip([]);
    expect(zip.length).toBe(22);
    expect(readZip(zip)).toEqual([]);
  });
});
