/** esign's facts: what the registry and the CLI know without loading the vendor (core/define.ts). */
import { vendorFacts } from '../core/define.ts';

export const esign = vendorFacts({
  id: 'esign',
  name: 'e签宝 电子合同开放服务 v3',
  defaultPort: 4002,
});
