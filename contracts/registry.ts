/**
 * Every contract sealsim generates a spec and a client for. `npm run generate` walks this list;
 * adding a vendor (or the control API) is one import and one entry here.
 */
import type { SealsimContract } from './shared/contract.ts';
import { baoquanContract } from './baoquan/index.ts';
import { controlContract } from './control/index.ts';
import { esignContract } from './esign/index.ts';
import { yunhetongDigestContract } from './yunhetong-digest/index.ts';

export const contracts: SealsimContract[] = [
  baoquanContract,
  esignContract,
  yunhetongDigestContract,
  controlContract,
];

export type { ContractErrorEntry, ContractServer, SealsimContract } from './shared/contract.ts';
