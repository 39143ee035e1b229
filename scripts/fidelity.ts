/**
 * `npm run fidelity`: writes docs/fidelity.md, the conformance report (Microcks style). For
 * every contract in the registry it lists each documented endpoint, callback and error code,
 * its evidence level, and the tests that cover it.
 *
 * A test covers an item when the body of its `it(...)` block names it: an endpoint by its path
 * literal (e.g. '/sign/start'), an error by its catalogue name or numeric code, a callback by
 * its event name, a host route by its operation name (e.g. ossUpload) or its path. A comment
 * `// covers: <name>` counts too.
 *
 * It also writes each vendor's decision records (`contracts/<vendor>/decisions.ts`) into
 * docs/fidelity.md and into `docs/<vendor>.md` between `<!-- decisions:begin -->` and
 * `<!-- decisions:end -->`, and exits non-zero when a comment cites a record that does not exist
 * (`// decision: <id>`) or a record is cited nowhere.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DECISION_CITATION, DECISION_ID, type DecisionRecord } from '../contracts/shared/decisions.ts';
// The one place the list of contracts comes from (switch it here if the list moves).
import type { SealsimContract } from '../contracts/shared/contract.ts';
import { contracts } from '../simulators/all.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const OUT = join(ROOT, 'docs/fidelity.md');

interface TestBlock {
  file: string;
  title: string;
  body: string;
}

function listTests(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listTests(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out.sort();
}

export function testBlocks(root = ROOT): TestBlock[] {
  const blocks: TestBlock[] = [];
  const start = /^[ \t]*(?:it|test)(?:\.each\([^)]*\))?\(\s*(['"`])((?:\\.|(?!\1).)*)\1/gm;
  for (const file of listTests(join(root, 'test'))) {
    const text = readFileSync(file, 'utf8');
    const matches = [...text.matchAll(start)];
    matches.forEach((m, i) => {
      const end = i + 1 < matches.length ? matches[i + 1]!.index : text.length;
      blocks.push({
        file: relative(root, file),
        title: m[2]!.replace(/\\(.)/g, '$1'),
        body: text.slice(m.index, end),
      });
    });
  }
  return blocks;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function coveredBy(blocks: TestBlock[], needles: string[]): TestBlock[] {
  const res = needles.map((n) =>
    /^\w+$/.test(n) ? new RegExp(`\\b${escapeRe(n)}\\b`) : new RegExp(`['"\`]${escapeRe(n)}['"\`]`),
  );
  const covers = needles.map((n) => new RegExp(`//\\s*covers:.*\\b${escapeRe(n)}\\b`));
  return blocks.filter((b) => res.some((r) => r.test(b.body)) || covers.some((r) => r.test(b.body)));
}

const cell = (s: unknown) =>
  String(s ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');
function cite(found: TestBlock[]): string {
  if (found.length === 0) return '**not covered**';
  const first = found.slice(0, 2).map((b) => `\`${b.file}\` › ${cell(b.title)}`);
  return first.join('<br>') + (found.length > 2 ? `<br>(+${found.length - 2} more)` : '');
}

// ---- Decision records ----

/** Each vendor's decision records, by contract id: `contracts/<id>/decisions.ts`, export `decisions`. */
export type DecisionsByVendor = ReadonlyMap<string, readonly DecisionRecord[]>;

export async function loadDecisions(
  list: readonly SealsimContract[] = contracts,
  root = ROOT,
): Promise<DecisionsByVendor> {
  const out = new Map<string, readonly DecisionRecord[]>();
  for (const c of list) {
    const file = join(root, 'contracts', c.id, 'decisions.ts');
    if (!existsSync(file)) continue;
    const mod: { decisions?: readonly DecisionRecord[] } = await import(pathToFileURL(file).href);
    if (mod.decisions) out.set(c.id, mod.decisions);
  }
  return out;
}

export interface DecisionCitation {
  id: string;
  /** Repository-relative path and 1-based line. */
  file: string;
  line: number;
}

/** Where the code is searched for `decision: <id>` comments. */
const CITING_ROOTS = ['simulators', 'contracts', 'clients', 'kit', 'bin', 'index.ts'];

function listSources(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return /\.(ts|mjs)$/.test(path) ? [path] : [];
  return readdirSync(path)
    .filter((name) => name !== 'node_modules')
    .flatMap((name) => listSources(join(path, name)));
}

/** Every `decision: <id>[, <id>…]` in the code, the records' own files excepted. */
export function findCitations(root = ROOT): DecisionCitation[] {
  const out: DecisionCitation[] = [];
  for (const file of CITING_ROOTS.flatMap((r) => listSources(join(root, r))).sort()) {
    const rel = relative(root, file);
    if (/^contracts\/[^/]+\/decisions\.ts$/.test(rel) || rel === 'contracts/shared/decisions.ts') continue;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        for (const m of text.matchAll(DECISION_CITATION)) {
          for (const id of m[1]!.split(',')) out.push({ id: id.trim(), file: rel, line: i + 1 });
        }
      });
  }
  return out;
}

/** What is wrong with the records and their citations; empty when all is well. */
export function checkDecisions(
  byVendor: DecisionsByVendor,
  citations: readonly DecisionCitation[],
): string[] {
  const problems: string[] = [];
  const known = new Set<string>();
  for (const [vendor, records] of byVendor) {
    for (const r of records) {
      if (!DECISION_ID.test(r.id) || !r.id.startsWith(`${vendor}.`)) {
        problems.push(`decision ${r.id}: the id must be ${vendor}.<kebab-name>`);
      }
      if (known.has(r.id)) problems.push(`decision ${r.id}: recorded twice`);
      if (!r.section.trim() || !r.decision.trim())
        problems.push(`decision ${r.id}: section and decision are required`);
      known.add(r.id);
    }
  }
  for (const c of citations) {
    if (!known.has(c.id)) problems.push(`${c.file}:${c.line} cites decision ${c.id}, which no record has`);
  }
  const cited = new Set(citations.map((c) => c.id));
  for (const id of known) {
    if (!cited.has(id))
      problems.push(`decision ${id} is cited nowhere (add "// decision: ${id}" where it is implemented)`);
  }
  return problems;
}

/** The records as a markdown table; `citations` adds the files that implement each. */
export function renderDecisionTable(
  records: readonly DecisionRecord[],
  citations?: readonly DecisionCitation[],
): string[] {
  const where = (id: string) =>
    [...new Set((citations ?? []).filter((c) => c.id === id).map((c) => `\`${c.file}\``))].join('<br>');
  const lines = citations
    ? [
        '| record | § | API | evidence | sealsim’s choice | cited in |',
        '| --- | --- | --- | --- | --- | --- |',
      ]
    : ['| record | § | API | evidence | sealsim’s choice |', '| --- | --- | --- | --- | --- |'];
  for (const r of records) {
    const row = [
      `\`${r.id}\``,
      cell(r.section),
      r.api ? `\`${cell(r.api)}\`` : '',
      r.evidence ?? 'guess',
      cell(r.decision),
    ];
    if (citations) row.push(where(r.id));
    lines.push(`| ${row.join(' | ')} |`);
  }
  return lines;
}

export const DECISIONS_BEGIN = '<!-- decisions:begin -->';
export const DECISIONS_END = '<!-- decisions:end -->';

/** `text` with the part between the markers replaced by `body`; undefined when the markers are missing. */
export function replaceDecisionsBlock(text: string, body: string[]): string | undefined {
  const begin = text.indexOf(DECISIONS_BEGIN);
  const end = text.indexOf(DECISIONS_END);
  if (begin < 0 || end < begin) return undefined;
  const note =
    '<!-- Generated by `npm run fidelity` from contracts/<vendor>/decisions.ts: ' +
    'edit the records, not this table. -->';
  return `${text.slice(0, begin)}${DECISIONS_BEGIN}\n${note}\n\n${body.join('\n')}\n\n${text.slice(end)}`;
}

/** Each vendor's docs/<vendor>.md with its records written in (or a problem when the markers are missing). */
export function renderVendorDocs(
  byVendor: DecisionsByVendor,
  citations: readonly DecisionCitation[],
  root = ROOT,
): { docs: Map<string, string>; problems: string[] } {
  const docs = new Map<string, string>();
  const problems: string[] = [];
  for (const [vendor, records] of byVendor) {
    const file = join(root, 'docs', `${vendor}.md`);
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const next = replaceDecisionsBlock(text, renderDecisionTable(records, citations));
    if (next === undefined)
      problems.push(`docs/${vendor}.md has no ${DECISIONS_BEGIN} … ${DECISIONS_END} block`);
    else docs.set(file, next);
  }
  return { docs, problems };
}

const loadedDecisions = await loadDecisions();

export interface FidelityRow {
  kind: 'endpoint' | 'hostRoute' | 'callback' | 'error' | 'hostError';
  id: string;
  covered: boolean;
  /** False for contracts still in progress (their coverage is reported, not yet required). */
  required: boolean;
}

/** The vendor a test file belongs to by its path (a directory or file named by a contract id), if any. */
export function vendorOfTestFile(file: string, ids: ReadonlySet<string>): string | undefined {
  for (const segment of file.split(/[\\/]/)) {
    const name = segment.replace(/\.test\.ts$/, '');
    if (ids.has(name) && name !== 'control') return name;
  }
  return undefined;
}

export function renderFidelity(
  list: readonly SealsimContract[] = contracts,
  allBlocks = testBlocks(),
  decisions: DecisionsByVendor = loadedDecisions,
): { markdown: string; rows: FidelityRow[] } {
  const rows: FidelityRow[] = [];
  const md: string[] = [
    '# Fidelity report',
    '',
    'Generated by `npm run fidelity` from the contracts (the vendor registry, ' +
      '`simulators/registry.ts`) and the tests; `test/docs/fidelity.test.ts` fails when this file is ' +
      'stale or when a documented endpoint or error has no test.',
    '',
    'Evidence levels ([vendor-notes.md](vendor-notes.md)): **doc**, stated in the vendor document; ' +
      "**sdk**, seen in the vendor's SDKs or clients; **guess**, inferred, configurable, and kept as a " +
      'decision record cited in the code.',
    '',
  ];
  const ids = new Set(list.map((x) => x.id));
  for (const c of list.filter((x) => x.id !== 'control')) {
    // A test under a vendor's name (test/<id>/…, test/clients/<id>/…, test/contracts/<id>.test.ts)
    // covers only that vendor: catalogue names such as INTERNAL_ERROR recur across vendors.
    const blocks = allBlocks.filter((b) => {
      const owner = vendorOfTestFile(b.file, ids);
      return owner === undefined || owner === c.id;
    });
    md.push(
      `## ${c.id}${c.title ? ` — ${c.title}` : ''}`,
      '',
      ...(c.inProgress
        ? [
            `**In progress (${c.inProgress}):** the contract exists; the simulator and its tests do not yet.`,
            '',
          ]
        : []),
      `Base path \`${c.basePath}\`.`,
      '',
      '### Endpoints',
      '',
      '| method | path | evidence | covered by |',
      '| --- | --- | --- | --- |',
    );
    for (const [, r] of Object.entries(c.routes)) {
      const found = coveredBy(blocks, [r.path]);
      rows.push({
        kind: 'endpoint',
        id: `${c.id} ${r.path}`,
        covered: found.length > 0,
        required: !c.inProgress,
      });
      // A route outside the vendor document (yunhetong-sdk's signing-page endpoints) says so.
      const evidence = (r as { 'x-evidence'?: string })['x-evidence'] ?? 'doc';
      md.push(`| ${r.method.toUpperCase()} | \`${cell(r.path)}\` | ${evidence} | ${cite(found)} |`);
    }
    for (const [name, r] of Object.entries(c.hostRoutes ?? {})) {
      const found = coveredBy(blocks, [name, r.path]);
      rows.push({
        kind: 'hostRoute',
        id: `${c.id} ${name}`,
        covered: found.length > 0,
        required: !c.inProgress,
      });
      md.push(
        `| ${r.method.toUpperCase()} | \`${cell(r.path)}\` (${name}, outside the base path) | sdk | ` +
          `${cite(found)} |`,
      );
    }
    if (c.webhooks) {
      md.push('', '### Callbacks', '', '| event | evidence | covered by |', '| --- | --- | --- |');
      for (const name of Object.keys(c.webhooks)) {
        const found = coveredBy(blocks, [name]);
        rows.push({
          kind: 'callback',
          id: `${c.id} ${name}`,
          covered: found.length > 0,
          required: !c.inProgress,
        });
        md.push(`| \`${name}\` | doc | ${cite(found)} |`);
      }
    }
    if (c.errors) {
      // A vendor without error codes (baoquan) uses each entry's name as its errCode: list
      // the name, the exact message and the HTTP status instead.
      const named = Object.entries(c.errors).every(([name, e]) => (e.errCode ?? name) === name);
      if (named) {
        md.push(
          '',
          '### Errors',
          '',
          'The vendor has no error codes: a failure is its HTTP status and its exact message. ' +
            '`{placeholder}`s are filled per request.',
          '',
          '| name | message | HTTP | evidence | doc § | covered by |',
          '| --- | --- | --- | --- | --- | --- |',
        );
      } else {
        md.push(
          '',
          '### Error codes',
          '',
          '| errCode | name | message | HTTP | evidence | doc § | covered by |',
          '| --- | --- | --- | --- | --- | --- | --- |',
        );
      }
      for (const [name, e] of Object.entries(c.errors)) {
        const found = coveredBy(blocks, named ? [name] : [name, String(e.errCode)]);
        rows.push({
          kind: 'error',
          id: `${c.id} ${name}`,
          covered: found.length > 0,
          required: !c.inProgress,
        });
        md.push(
          named
            ? `| \`${name}\` | ${cell(e.msg)} | ${e.httpStatus} | ${e.evidence} | ${cell(e.section)} | ` +
                `${cite(found)} |`
            : `| ${e.errCode} | \`${name}\` | ${cell(e.msg)} | ${e.httpStatus} | ${e.evidence} | ` +
                `${cell(e.section)} | ${cite(found)} |`,
        );
      }
    }
    if (c.hostErrors) {
      md.push(
        '',
        '### Host-route errors',
        '',
        '| code | HTTP | message | evidence | covered by |',
        '| --- | --- | --- | --- | --- |',
      );
      for (const [code, e] of Object.entries(c.hostErrors)) {
        const found = coveredBy(blocks, [code]);
        rows.push({
          kind: 'hostError',
          id: `${c.id} ${code}`,
          covered: found.length > 0,
          required: !c.inProgress,
        });
        md.push(
          `| \`${code}\` | ${e.httpStatus} | ${cell(e.message)} | ${e.evidence ?? 'sdk'} | ${cite(found)} |`,
        );
      }
    }
    if (c.contradictions?.length) {
      md.push(
        '',
        '### Where the document contradicts itself',
        '',
        'sealsim accepts both forms and answers as the example does.',
        '',
      );
      md.push(
        '| § | API / field | the table (or prose) says | the example (or other section) says | sealsim |',
        '| --- | --- | --- | --- | --- |',
      );
      for (const x of c.contradictions as Array<Record<string, string | undefined>>) {
        const where = [x.api, x.field].filter(Boolean).join(' ');
        md.push(
          `| ${cell(x.section)} | ${cell(where)} | ${cell(x.table)} | ${cell(x.example)} | ` +
            `${cell(x.resolution)} |`,
        );
      }
    }
    const records = decisions.get(c.id);
    if (records?.length) {
      md.push(
        '',
        '### Guesses (decision records)',
        '',
        `Where the document is silent: \`contracts/${c.id}/decisions.ts\`, each cited in the code as ` +
          `\`// decision: <id>\`.`,
        '',
        ...renderDecisionTable(records),
      );
    }
    const total = rows.filter((r) => r.id.startsWith(`${c.id} `));
    md.push(
      '',
      `Coverage: ${total.filter((r) => r.covered).length} of ${total.length} items have a test.`,
      '',
    );
  }
  return { markdown: md.join('\n') + '\n', rows };
}

if (process.argv[1]?.endsWith('fidelity.ts')) {
  const { markdown, rows } = renderFidelity();
  writeFileSync(OUT, markdown);
  const missing = rows.filter((r) => !r.covered);
  console.log(`wrote docs/fidelity.md: ${rows.length - missing.length}/${rows.length} covered`);
  for (const m of missing) console.log(`  not covered: ${m.kind} ${m.id}`);
  const citations = findCitations();
  const { docs, problems } = renderVendorDocs(loadedDecisions, citations);
  for (const [file, text] of docs) {
    writeFileSync(file, text);
    console.log(
      `wrote ${relative(ROOT, file)}: ` +
        `${loadedDecisions.get(file.replace(/^.*\/|\.md$/g, ''))?.length ?? 0} decisions`,
    );
  }
  problems.push(...checkDecisions(loadedDecisions, citations));
  if (problems.length) {
    console.error(`\n${problems.length} decision record problem(s):`);
    for (const p of problems) console.error(`  ${p}`);
    process.exitCode = 1;
  }
}
