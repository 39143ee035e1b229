import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DecisionRecord } from '../../contracts/shared/decisions.ts';
import {
  checkDecisions,
  DECISIONS_BEGIN,
  DECISIONS_END,
  findCitations,
  loadDecisions,
  renderVendorDocs,
  replaceDecisionsBlock,
  type DecisionCitation,
} from '../../scripts/fidelity.ts';
import { vendors } from '../../simulators/registry.ts';

const decisions = await loadDecisions();
const citations = findCitations();

describe('decision records (contracts/<vendor>/decisions.ts)', () => {
  it('every vendor keeps some', () => {
    // every registered vendor (the registry's list), none else
    expect([...decisions.keys()].sort()).toEqual(vendors.map((v) => v.id).sort());
    for (const records of decisions.values()) expect(records.length).toBeGreaterThan(0);
  });

  it('are each cited in the code, and the code cites no record that does not exist', () => {
    expect(checkDecisions(decisions, citations)).toEqual([]);
  });

  it('are written into docs/<vendor>.md (run `npm run fidelity` after changing records or citations)', () => {
    const { docs, problems } = renderVendorDocs(decisions, citations);
    expect(problems).toEqual([]);
    expect(docs.size).toBe(decisions.size);
    for (const [file, text] of docs) expect(readFileSync(file, 'utf8'), file).toBe(text);
  });
});

describe('the decision check can fail', () => {
  const record = (id: string): DecisionRecord => ({ id, section: '§1', decision: 'something' });
  const at = (id: string, line = 1): DecisionCitation => ({ id, file: 'simulators/toy/app.ts', line });

  it('on a record nothing cites', () => {
    const byVendor = new Map([['toy', [record('toy.cited'), record('toy.forgotten')]]]);
    expect(checkDecisions(byVendor, [at('toy.cited')])).toEqual([
      'decision toy.forgotten is cited nowhere (add "// decision: toy.forgotten" where it is implemented)',
    ]);
  });

  it('on a citation of a record that does not exist', () => {
    const byVendor = new Map([['toy', [record('toy.real')]]]);
    expect(checkDecisions(byVendor, [at('toy.real'), at('toy.made-up', 12)])).toEqual([
      'simulators/toy/app.ts:12 cites decision toy.made-up, which no record has',
    ]);
  });

  it("on an id that is not the vendor's, or recorded twice", () => {
    const byVendor = new Map([['toy', [record('other.thing'), record('toy.twice'), record('toy.twice')]]]);
    expect(checkDecisions(byVendor, [at('other.thing'), at('toy.twice')])).toEqual([
      'decision other.thing: the id must be toy.<kebab-name>',
      'decision toy.twice: recorded twice',
    ]);
  });

  it('on a vendor page without the markers', () => {
    expect(replaceDecisionsBlock('# toy\n\nno markers here\n', ['| a |'])).toBeUndefined();
    const page = `# toy\n\n${DECISIONS_BEGIN}\nold\n${DECISIONS_END}\n\nafter\n`;
    const next = replaceDecisionsBlock(page, ['| a |'])!;
    expect(next).toContain('| a |');
    expect(next).not.toContain('old');
    expect(next.endsWith(`${DECISIONS_END}\n\nafter\n`)).toBe(true);
  });

  it('reads several ids from one comment', () => {
    const lines = findCitations().filter((c) => c.file === 'simulators/esign/callbacks.ts');
    expect(lines.map((c) => c.id)).toEqual([
      'esign.callback-policy',
      'esign.callback-events',
      'esign.callback-order',
    ]);
  });
});
