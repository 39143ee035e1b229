/** wosign passes the shared vendor conformance suite (test/conformance/suite.ts). */
import { runVendorConformance } from '../conformance/suite.ts';
import { conformance } from './helpers.ts';

runVendorConformance(conformance);
