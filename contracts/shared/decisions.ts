/**
 * Decision records: what sealsim does where the vendor's document is silent or unclear, one
 * record per choice, kept as data in `contracts/<vendor>/decisions.ts` (exported as `decisions`).
 *
 * The code that implements a record names it in a comment, `// decision: esign.sign-validity-future`
 * (several ids may follow, separated by commas). `npm run fidelity` writes the records into
 * `docs/<vendor>.md` (between `<!-- decisions:begin -->` and `<!-- decisions:end -->`) and
 * `docs/fidelity.md`, and fails on a cited id that has no record or a record nothing cites.
 */
import type { EvidenceLevel } from './errors.ts';

export interface DecisionRecord {
  /** `<vendor>.<kebab-name>`, e.g. `esign.sign-validity-future`. */
  id: string;
  /** Where in the vendor's document the question arises (`§4.9.1`), or the area of behaviour. */
  section: string;
  /** The API (path) the decision applies to, when it is one API's. */
  api?: string;
  /** sealsim's choice, in a sentence or two. */
  decision: string;
  /** Why sealsim believes it; absent means `guess` (the doc is silent and no SDK shows it). */
  evidence?: EvidenceLevel;
}

/** Ids are `<vendor>.<kebab-name>`; the vendor part may itself hold hyphens. */
export const DECISION_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A comment naming records: `decision: <id>[, <id>…]`. */
export const DECISION_CITATION =
  /\bdecision:\s*([a-z][a-z0-9-]*\.[a-z0-9-]*[a-z0-9](?:\s*,\s*[a-z][a-z0-9-]*\.[a-z0-9-]*[a-z0-9])*)/g;
