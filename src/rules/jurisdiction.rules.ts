/**
 * Which CUPA a facility reports to, from its county and city: a city CUPA when
 * the city has one, else the county's CUPA for the rest of the county. Pure.
 */
export type Jurisdiction = { regulatorId: number; city: string | null };

export function pickRegulator(jurisdictions: Jurisdiction[], city: string): number | null {
  const c = city.trim().toLowerCase();
  const cityMatch = jurisdictions.find((j) => j.city !== null && j.city.toLowerCase() === c);
  if (cityMatch) return cityMatch.regulatorId;
  return jurisdictions.find((j) => j.city === null)?.regulatorId ?? null;
}
