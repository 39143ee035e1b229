/** wosign's facts: what the registry and the CLI know without loading the vendor (core/define.ts). */
import { vendorFacts } from '../core/define.ts';

/** `--wosign-plain-http` given (the vendor option `plainHttp`). */
export const plainHttp = (options: Record<string, unknown>) =>
  options.plainHttp === true || options.plainHttp === 'true';

export const wosign = vendorFacts({
  id: 'wosign',
  name: '沃通 WoSignDoc API',
  defaultPort: 4005,
  // decision: wosign.plain-http
  scheme: (options) => (plainHttp(options) ? 'http' : 'https'),
  cliOptions: [
    {
      flag: 'plain-http',
      option: 'plainHttp',
      value: '',
      switch: true,
      help: 'serve wosign over plain HTTP, trusting the x-sealsim-client-cert header (debugging)',
    },
  ],
});
