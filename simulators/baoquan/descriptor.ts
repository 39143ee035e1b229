/** baoquan's facts: what the registry and the CLI know without loading the vendor (core/define.ts). */
import { vendorFacts } from '../core/define.ts';

export const baoquan = vendorFacts({
  id: 'baoquan',
  name: '保全网 API v2',
  defaultPort: 4001,
});
