/**
 * The journal's words for a bearer token that did not authenticate (issue 14 item 2), shared by the
 * vendors that issue tokens (yunhetong-digest, yunhetong-sdk): its times in Beijing time, expired or
 * valid, or never issued here.
 */
import type { Diagnostic } from './journal.ts';
import { formatBeijingTime } from './time.ts';

const KIND = 'token';

/**
 * A token this simulator issued: `issued` says to whom ("issued to app A for user U"), `facts` what
 * the vendor adds to the details; `stillWrong` names a vendor's further reason once it has not
 * expired (the app gone, the user deleted…).
 */
export function issuedTokenNearMiss(opts: {
  details: Record<string, string>;
  facts: Record<string, string>;
  token: { issuedAt: number; expiresAt: number };
  issued: string;
  now: number;
  stillWrong?: () => string | undefined;
}): Diagnostic {
  const { details, token, issued, now } = opts;
  Object.assign(details, opts.facts, {
    issuedAt: formatBeijingTime(token.issuedAt),
    expiresAt: formatBeijingTime(token.expiresAt),
    virtualNow: formatBeijingTime(now),
  });
  if (token.expiresAt <= now)
    return {
      kind: KIND,
      summary: `token expired at ${details.expiresAt} (Beijing time; ${issued})`,
      details,
    };
  const wrong = opts.stillWrong?.();
  return { kind: KIND, summary: wrong ?? `token ${issued} is valid`, details };
}

/** A token no tenant holds. */
export function unknownTokenNearMiss(details: Record<string, string>): Diagnostic {
  return {
    kind: KIND,
    summary:
      'unknown token: never issued by this simulator (or swept after it expired, or before a reset or ' +
      'restart without --state)',
    details,
  };
}
