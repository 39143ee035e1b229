/**
 * Templates (the vendor's web console) and factoid validation against them. The model, the seeds
 * and the validator are the contract's (contracts/baoquan/templates.ts); this file binds them to
 * a tenant:
 * - system templates (the file-hash template) are shared by every tenant and read-only;
 * - a tenant's own templates are made through the control API; the default tenant starts with
 *   the doc's and the SDK tests' templates;
 * - validation answers the catalogue error of the first problem and changes nothing.
 */
import {
  BAOQUAN_SDK_TEST_TEMPLATES,
  BAOQUAN_SEED_TEMPLATES,
  isFileHashTemplate,
  validateFactoidData,
  type BaoquanTemplate,
} from '../../contracts/baoquan/templates.ts';
import { baoquanCatalogue } from '../../contracts/baoquan/errors.ts';
import { own, type BaoquanTenant, type Factoid, type Template } from './state.ts';

const SYSTEM: Record<string, Template> = Object.fromEntries(
  BAOQUAN_SEED_TEMPLATES.filter((t) => t.system).map((t) => [t.id, { ...structuredClone(t), createdAt: 0 }]),
);

/** The system templates every tenant sees (read-only). */
export function systemTemplates(): Readonly<Record<string, Template>> {
  return SYSTEM;
}

export function isSystemTemplateId(id: string): boolean {
  return Object.prototype.hasOwnProperty.call(SYSTEM, id);
}

/** The default tenant's own templates: the doc's two and the ones the SDK tests name. */
export function defaultTenantTemplates(now: number): Record<string, Template> {
  const list: BaoquanTemplate[] = [
    ...BAOQUAN_SEED_TEMPLATES.filter((t) => !t.system),
    ...BAOQUAN_SDK_TEST_TEMPLATES,
  ];
  return Object.fromEntries(list.map((t) => [t.id, { ...structuredClone(t), createdAt: now }]));
}

/** The tenant's own template, or a system template; undefined when neither has the id. */
export function findTemplate(t: BaoquanTenant, templateId: unknown): Template | undefined {
  if (typeof templateId !== 'string') return undefined;
  return own(t.templates, templateId) ?? own(SYSTEM, templateId);
}

/** Whether the template is the system file-hash template or derives from it. */
export function isFileHash(t: BaoquanTenant, tpl: Template): boolean {
  return isFileHashTemplate(tpl, (id) => findTemplate(t, id));
}

/**
 * Checks the attestation's factoids (`existing`, then this upload's `incoming`) against the
 * template: unknown types and field formats always, required ones when `completed`.
 */
export function validateFactoids(
  tpl: Template,
  existing: readonly Factoid[],
  incoming: readonly Factoid[],
  completed: boolean,
): void {
  const issue = validateFactoidData(tpl, [...existing, ...incoming], completed);
  if (issue) baoquanCatalogue.fail(issue.error, issue.params);
}
