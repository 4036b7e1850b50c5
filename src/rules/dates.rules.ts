/**
 * Dates typed into forms and filters as YYYY-MM-DD (the HTML date input's
 * value, RFC 3339 full-date). Date.parse is lenient — it reads 2026-02-30 as
 * March 2 — while PostgreSQL refuses it, so a date is only accepted when it
 * is a real day of the Gregorian calendar. Pure.
 */
const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(s: string): boolean {
  const m = FULL_DATE.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // PostgreSQL has no year 0 (1 BC comes before AD 1).
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}
