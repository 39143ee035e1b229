/**
 * The wosign operations (contracts/shared/operations.ts): each `actiontype` the API takes, its
 * body as validated and what its success answer adds to `{"status":1,"errorcode":0}`.
 */
import { defineOperations } from '../shared/operations.ts';
import * as s from './schemas.ts';

export const wosignOperations = defineOperations({
  CreateSignOrder: { input: s.CreateSignOrderInput, output: s.CreateSignOrderValue },
});

export type WosignOperations = typeof wosignOperations;
export type WosignOperation = keyof WosignOperations;

/** The actiontypes the API answers (anything else: -64). */
export const WOSIGN_ACTIONTYPES = Object.keys(wosignOperations) as WosignOperation[];
