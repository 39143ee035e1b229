/** Every vendor the simulator can run. A vendor folder never imports another. */
import type { VendorFactory, VendorId } from './core/vendor.ts';
import { createBaoquan } from './baoquan/index.ts';
import { createEsign } from './esign/index.ts';
import { createYunhetongDigest } from './yunhetong-digest/index.ts';

export const vendorFactories: Partial<Record<VendorId, VendorFactory>> = {
  baoquan: createBaoquan,
  esign: createEsign,
  'yunhetong-digest': createYunhetongDigest,
};
