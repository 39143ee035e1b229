/** Time as the vendors show it: every vendor here answers `yyyy-MM-dd HH:mm:ss` in Asia/Shanghai. */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** `yyyy-MM-dd HH:mm:ss` in Asia/Shanghai (UTC+8, no DST). */
export function formatBeijingTime(ms: number): string {
  const d = new Date(ms + 8 * HOUR);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`
  );
}
