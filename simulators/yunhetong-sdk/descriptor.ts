/** yunhetong-sdk's facts: what the registry and the CLI know without loading the vendor (core/define.ts). */
import { vendorFacts } from '../core/define.ts';

export const yunhetongSdk = vendorFacts({
  id: 'yunhetong-sdk',
  name: '云合同 SDK API',
  defaultPort: 4004,
});
