/**
 * Every vendor sealsim runs: the one list. Adding a vendor is its folder plus one line here; the
 * vendor ids, ports, CLI flags, control API tenant routes, the contracts `npm run generate` and the
 * kit walk, and the package exports all come from this list. A vendor folder never imports another.
 */
import { buildControlContract } from '../contracts/control/index.ts';
import type { SealsimContract } from '../contracts/shared/contract.ts';
import { baoquan } from './baoquan/index.ts';
import { esign } from './esign/index.ts';
import { wosign } from './wosign/index.ts';
import { yunhetongDigest } from './yunhetong-digest/index.ts';
import { yunhetongSdk } from './yunhetong-sdk/index.ts';

export const vendors = [baoquan, esign, yunhetongDigest, yunhetongSdk, wosign] as const;

export type VendorId = (typeof vendors)[number]['id'];

/** Every contract: each vendor's, then the control API's (which types each vendor's settings). */
export const contracts: readonly SealsimContract[] = [
  ...vendors.map((v) => v.contract),
  buildControlContract(vendors),
];
