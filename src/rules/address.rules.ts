/** Address normalization for duplicate detection and search. Pure. */

const SUFFIXES: Record<string, string> = {
  street: 'st', avenue: 'ave', road: 'rd', boulevard: 'blvd', drive: 'dr', lane: 'ln', court: 'ct',
  highway: 'hwy', place: 'pl', parkway: 'pkwy', circle: 'cir', north: 'n', south: 's', east: 'e', west: 'w',
};

/** "1200  North Main Street." and "1200 N Main St" compare equal. */
export function normalizeStreet(street: string): string {
  return street
    .toLowerCase()
    .replace(/[.,#]/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => SUFFIXES[w] ?? w)
    .join(' ');
}

export function normalizeCity(city: string): string {
  return city.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The leading house number of a street address, if any ("1200 N Main St" → "1200"). */
export function streetNumber(street: string): string | null {
  return /^\s*(\d+[a-z]?)\b/i.exec(street)?.[1] ?? null;
}

/** What a search box holds: a CERS ID (8–9 digits), an address number, or words of a name. */
export type FacilitySearch = { kind: 'cersId'; cersId: number } | { kind: 'number'; number: string } | { kind: 'name'; text: string };

export function classifyFacilitySearch(q: string): FacilitySearch | null {
  const s = q.trim();
  if (s.length === 0) return null;
  if (/^\d{8,9}$/.test(s)) return { kind: 'cersId', cersId: Number(s) };
  if (/^\d{1,7}[a-z]?$/i.test(s)) return { kind: 'number', number: s };
  return { kind: 'name', text: s };
}
