/**
 * yunhetong-digest's facts: what the registry and the CLI know without loading the vendor
 * (core/define.ts).
 */
import { vendorFacts } from '../core/define.ts';

export const yunhetongDigest = vendorFacts({
  id: 'yunhetong-digest',
  name: '云合同 摘要签署 API V2.4.1',
  defaultPort: 4003,
  cliOptions: [
    {
      flag: 'sandbox',
      option: 'sandboxDir',
      value: 'DIR',
      path: true,
      help:
        'the directory local paths resolve in (default: FILE.yunhetong-sandbox with --state, else a ' +
        'fresh temp dir)',
      fromStateFile: (stateFile) => `${stateFile}.yunhetong-sandbox`,
    },
    {
      flag: 'context-path',
      option: 'contextPath',
      value: 'PATH',
      help: "the war's context path (服务名), default /",
    },
  ],
});
