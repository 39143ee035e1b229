/** `yyyy-MM-dd HH:mm:ss` in Asia/Shanghai (UTC+8, no DST): how baoquan shows every time. */
export function formatTime(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
