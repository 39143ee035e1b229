/**
 * The recorded vendor flows shipped with the kit (kit/fixtures/<vendor>-flow.json, written by
 * scripts/record-flows.ts): one complete flow per vendor through its typed client against the
 * default tenant on sealsim's default origins, replayable with `replayHandlers` and no simulator.
 */
import { readFileSync } from 'node:fs';
import { loadRecording, type Recording } from './recording.ts';

export const FLOW_VENDORS = ['esign', 'baoquan', 'yunhetong-digest', 'yunhetong-sdk'] as const;
export type FlowVendor = (typeof FLOW_VENDORS)[number];

/**
 * Request fields that differ on every call of a vendor's client (ids, times and the signature over
 * them): pass them as `replayHandlers(rec, { body: { ignore: VOLATILE_FIELDS.baoquan } })`.
 */
export const VOLATILE_FIELDS: Readonly<Record<FlowVendor, readonly string[]>> = {
  esign: [],
  baoquan: ['request_id', 'tonce', 'signature'],
  'yunhetong-digest': [],
  'yunhetong-sdk': [],
};

/** The committed recording of `vendor`'s flow. */
export function flowFixture(vendor: FlowVendor): Recording {
  return loadRecording(readFileSync(new URL(`./fixtures/${vendor}-flow.json`, import.meta.url), 'utf8'));
}
