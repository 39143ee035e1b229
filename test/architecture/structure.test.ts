/**
 * The architecture rules of docs/architecture.md, checked on the code itself: no import cycles,
 * vendor folders that stay apart, contracts that never reach into the simulators, and no
 * type-system escape hatches in simulators/. Each rule also runs once on a planted violation,
 * so a rule that silently stopped seeing anything would fail too.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import madge from 'madge';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const OUTPUT_DIR = new URL('../.output/architecture/', import.meta.url).pathname;
const SOURCE_ROOTS = ['index.ts', 'bin', 'contracts', 'simulators', 'clients', 'kit', 'scripts'];

/** file → the files it imports (static, dynamic and type-only), relative to baseDir. */
type ImportGraph = Record<string, string[]>;

async function importGraph(
  paths: string[],
  baseDir: string,
): Promise<{ graph: ImportGraph; cycles: string[][] }> {
  const result = await madge(
    paths.map((p) => join(baseDir, p)),
    { baseDir, fileExtensions: ['ts'], tsConfig: join(ROOT, 'tsconfig.json') },
  );
  // An import madge cannot resolve is an edge no rule below would see.
  expect(result.warnings().skipped, 'unresolved imports').toEqual([]);
  return { graph: result.obj(), cycles: result.circular() };
}

let repoGraph: Promise<{ graph: ImportGraph; cycles: string[][] }> | undefined;
const repo = () => (repoGraph ??= importGraph(SOURCE_ROOTS, ROOT));

const subdirectories = (dir: string) =>
  readdirSync(join(ROOT, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);

/** Vendors: the folders of simulators/ and contracts/ that are not shared machinery. */
const VENDORS = [
  ...new Set([
    ...subdirectories('simulators').filter((name) => name !== 'core'),
    ...subdirectories('contracts').filter((name) => !['shared', 'control'].includes(name)),
  ]),
].sort();

/** The vendor whose folder (simulators/<v>/ or contracts/<v>/) holds the file, if any. */
function vendorOf(file: string, vendors: string[]): string | undefined {
  const [layer, folder, ...rest] = file.split('/');
  if ((layer === 'simulators' || layer === 'contracts') && rest.length > 0 && vendors.includes(folder))
    return folder;
  return undefined;
}

/** Imports that break one of the three layering rules, as `from → to (rule)`. */
function layeringViolations(graph: ImportGraph, vendors: string[]) {
  const crossVendor: string[] = [];
  const contractsToSimulators: string[] = [];
  const coreToVendor: string[] = [];
  for (const [file, imports] of Object.entries(graph)) {
    const vendor = vendorOf(file, vendors);
    for (const target of imports) {
      const targetVendor = vendorOf(target, vendors);
      if (vendor && targetVendor && targetVendor !== vendor) crossVendor.push(`${file} → ${target}`);
      if (file.startsWith('contracts/') && target.startsWith('simulators/'))
        contractsToSimulators.push(`${file} → ${target}`);
      if (file.startsWith('simulators/core/') && targetVendor) coreToVendor.push(`${file} → ${target}`);
    }
  }
  return { crossVendor, contractsToSimulators, coreToVendor };
}

/**
 * `any` types, `as never` and `as unknown as` (also in `<T>x` form) in one file's code, as `file:line: what`.
 */
function typeEscapes(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const report = (node: ts.Node, what: string) =>
    found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}: ${what}`);
  const assertedType = (node: ts.Node) =>
    ts.isAsExpression(node) || ts.isTypeAssertionExpression(node) ? node.type : undefined;
  const visit = (node: ts.Node) => {
    if (node.kind === ts.SyntaxKind.AnyKeyword) report(node, 'any');
    const type = assertedType(node);
    if (type?.kind === ts.SyntaxKind.NeverKeyword) report(node, 'as never');
    if (type && (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node))) {
      let inner = node.expression;
      while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
      if (assertedType(inner)?.kind === ts.SyntaxKind.UnknownKeyword) report(node, 'as unknown as');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const filesUnder = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(dir, name))
    .sort();

describe('architecture', () => {
  it(`has no import cycles in ${SOURCE_ROOTS.join(' ')}`, async () => {
    const { graph, cycles } = await repo();
    expect(Object.keys(graph)).toContain('kit/index.ts');
    expect(cycles).toEqual([]);
  });

  it('finds an import cycle when there is one', async () => {
    const dir = join(OUTPUT_DIR, 'cycle');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a.ts'), "import { b } from './b.ts';\nexport const a = () => b;\n");
    writeFileSync(join(dir, 'b.ts'), "import type { a } from './a.ts';\nexport const b: typeof a | 1 = 1;\n");
    writeFileSync(join(dir, 'c.ts'), "import { a } from './a.ts';\nexport const c = a;\n");
    const { cycles } = await importGraph(['.'], dir);
    expect(cycles).toEqual([['a.ts', 'b.ts']]);
  });

  it('derives the vendors from simulators/ and contracts/', () => {
    expect(VENDORS).toEqual(expect.arrayContaining(['baoquan', 'esign', 'yunhetong-digest']));
    expect(VENDORS).not.toContain('core');
    expect(VENDORS).not.toContain('shared');
    expect(VENDORS).not.toContain('control');
  });

  it("keeps each vendor folder out of every other vendor's folders", async () => {
    const { graph } = await repo();
    expect(Object.keys(graph).filter((file) => vendorOf(file, VENDORS)).length).toBeGreaterThan(0);
    expect(layeringViolations(graph, VENDORS).crossVendor).toEqual([]);
  });

  it('never imports simulators/ from contracts/', async () => {
    const { graph } = await repo();
    expect(layeringViolations(graph, VENDORS).contractsToSimulators).toEqual([]);
  });

  it('imports no vendor folder from simulators/core', async () => {
    const { graph } = await repo();
    expect(layeringViolations(graph, VENDORS).coreToVendor).toEqual([]);
  });

  it('finds layering violations when there are some', () => {
    const planted: ImportGraph = {
      'simulators/esign/app.ts': [
        'simulators/core/vendor.ts',
        'contracts/esign/index.ts',
        'contracts/baoquan/index.ts',
      ],
      'contracts/baoquan/index.ts': ['contracts/shared/errors.ts', 'simulators/baoquan/state.ts'],
      'simulators/core/control.ts': ['contracts/control/index.ts', 'simulators/esign/index.ts'],
      'simulators/registry.ts': ['simulators/esign/index.ts', 'simulators/baoquan/index.ts'],
    };
    expect(layeringViolations(planted, ['baoquan', 'esign'])).toEqual({
      crossVendor: ['simulators/esign/app.ts → contracts/baoquan/index.ts'],
      contractsToSimulators: ['contracts/baoquan/index.ts → simulators/baoquan/state.ts'],
      coreToVendor: ['simulators/core/control.ts → simulators/esign/index.ts'],
    });
  });

  it('has no `any`, `as never` or `as unknown as` in simulators/', () => {
    const files = filesUnder('simulators');
    expect(files.length).toBeGreaterThan(0);
    const found = files.flatMap((file) => typeEscapes(file, readFileSync(join(ROOT, file), 'utf8')));
    expect(found).toEqual([]);
  });

  it('finds `any`, `as never` and `as unknown as` in code, not in comments or strings', () => {
    const planted = [
      '// any, as never, x as unknown as T',
      "const s = 'as unknown as any';",
      'const a: any = 1;',
      'const b = a as never;',
      'const c = (a as unknown) as string;',
      'const d = <string>(<unknown>a);',
      'const e = a as unknown;',
      'const f = `${a as never}`;',
    ].join('\n');
    expect(typeEscapes('planted.ts', planted)).toEqual([
      'planted.ts:3: any',
      'planted.ts:4: as never',
      'planted.ts:5: as unknown as',
      'planted.ts:6: as unknown as',
      'planted.ts:8: as never',
    ]);
  });
});
