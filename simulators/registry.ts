/**
 * Every vendor sealsim runs: the one list. Adding a vendor is its folder plus one line here (then
 * `npm run generate`, which also writes simulators/all.ts). The vendor ids, ports, CLI flags,
 * control API tenant routes, the contracts `npm run generate` and the kit walk, and the package
 * exports all come from this list. A vendor folder never imports another.
 *
 * Each line is a vendor's facts (simulators/<vendor>/descriptor.ts: id, name, port, CLI flags) and
 * the import of its definition (simulators/<vendor>/index.ts), run by `load()`. So
 * `sealsim start --vendors esign` imports esign's contract and simulator and no other vendor's;
 * in-process use (createSimulator(), the kit) takes every definition at once from simulators/all.ts.
 */
import type { SealsimContract } from '../contracts/shared/contract.ts';
import { describeVendor, type VendorDefinition } from './core/define.ts';
import { baoquan } from './baoquan/descriptor.ts';
import { esign } from './esign/descriptor.ts';
import { wosign } from './wosign/descriptor.ts';
import { yunhetongDigest } from './yunhetong-digest/descriptor.ts';
import { yunhetongSdk } from './yunhetong-sdk/descriptor.ts';

export const vendors = [
  describeVendor(baoquan, async () => (await import('./baoquan/index.ts')).baoquan),
  describeVendor(esign, async () => (await import('./esign/index.ts')).esign),
  describeVendor(yunhetongDigest, async () => (await import('./yunhetong-digest/index.ts')).yunhetongDigest),
  describeVendor(yunhetongSdk, async () => (await import('./yunhetong-sdk/index.ts')).yunhetongSdk),
  describeVendor(wosign, async () => (await import('./wosign/index.ts')).wosign),
] as const;

export type VendorId = (typeof vendors)[number]['id'];

/**
 * The definitions of these vendors (default all), in registry order, each imported on demand, one
 * after the other, so modules evaluate in the same order every start.
 */
export async function loadVendors(ids?: readonly string[]): Promise<VendorDefinition[]> {
  const out: VendorDefinition[] = [];
  for (const v of vendors) if (!ids || ids.includes(v.id)) out.push(await v.load());
  return out;
}

/** Every contract: each vendor's, then the control API's (which types each vendor's settings). */
export async function loadContracts(): Promise<SealsimContract[]> {
  const [definitions, { buildControlContract }] = await Promise.all([
    loadVendors(),
    import('../contracts/control/index.ts'),
  ]);
  return [...definitions.map((d) => d.contract), buildControlContract(definitions)];
}
