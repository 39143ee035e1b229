/**
 * Workers inherit the parent's Node flags minus those describing the parent's own entry: with
 * `node --input-type=module -e …` a PDF worker used to die at start and be replaced forever.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { workerExecArgv } from '../../simulators/core/worker-pool.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

describe('PDF workers and the parent’s Node flags', () => {
  it('drops --input-type, -e/--eval and -p/--print with their values, keeps the rest', () => {
    expect(
      workerExecArgv([
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        'code',
        '--input-type',
        'commonjs',
        '--eval=x',
        '-p',
        '1',
        '--max-old-space-size=512',
      ]),
    ).toEqual(['--import', 'tsx', '--max-old-space-size=512']);
  });

  it('a PDF job runs from `node --input-type=module -e`', () => {
    const code = [
      "import { pageCount } from './simulators/core/pdf/index.ts';",
      "import { PDFDocument } from 'pdf-lib';",
      'const d = await PDFDocument.create(); d.addPage(); d.addPage();',
      "console.log('pages', await pageCount(await d.save()));",
      'process.exit(0);',
    ].join('\n');
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stdout.trim(), r.stderr).toBe('pages 2');
    expect(r.status).toBe(0);
  }, 70_000);
});
